"""The catalog (plugins/module_utils/catalog.py, records in module_utils/controls/) is the
single source of each clause: every record has exactly one evaluation (or says why it is
manual), names only known areas and probes, and the baseline role, its argument specs,
docs/controls.md and the README table agree with it, both ways: a control the catalog
has and they lack fails, and so does one they name that the catalog lacks.

Read from the source tree (the role and docs as committed), the Python from the
installed collection (`make collection`)."""

import os
import re

import pytest
import yaml

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog, exposure
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import registry
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import record as record_module

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLE = os.path.join(ROOT, "roles", "baseline")
CLAUSE = r"\d+(?:\.\d+)+"


def read(*path):
    with open(os.path.join(ROOT, *path)) as handle:
        return handle.read()


def toggle(cid):
    return "ipcam_rule_" + cid.replace(".", "_")


def level_tags(level):
    return ["level%d" % n for n in range(level, 4)]


def two_ways(found, wanted, what):
    """Both directions: every catalog id present, and no id the catalog lacks."""
    missing = sorted(set(wanted) - set(found))
    unknown = sorted(set(found) - set(catalog.CONTROL_IDS))
    assert not missing, "%s lacks %s" % (what, ", ".join(missing))
    assert not unknown, "%s names controls the catalog lacks: %s" % (what, ", ".join(unknown))


# -- the records ---------------------------------------------------------------------------

@pytest.mark.parametrize("control", catalog.CONTROLS, ids=catalog.CONTROL_IDS)
def test_every_control_has_exactly_one_evaluation(control):
    if control["evaluate"] is None:
        assert control["pending"] and not control["evaluated"], control["id"]
    else:
        assert callable(control["evaluate"]) and control["pending"] is None, control["id"]
    if control["kind"] == "attest" and control["evaluate"] is not record_module.attested:
        # An attest control judged by its own evaluation must still ask for the evidence.
        assert control["expect"].get("attestation") is True, control["id"]


def test_a_record_without_an_evaluation_or_with_two_is_refused():
    with pytest.raises(ValueError, match="exactly one"):
        record_module.control("9.9", 1, "assumed", "check", "nothing")
    with pytest.raises(ValueError, match="exactly one"):
        record_module.control("9.9", 1, "assumed", "check", "both",
                              evaluate=record_module.attested, pending="why")
    with pytest.raises(ValueError, match="desired state"):
        record_module.control("9.9", 1, "assumed", "check", "sets", evaluate=record_module.attested,
                              desired=lambda c, s: {})


@pytest.mark.parametrize("control", catalog.CONTROLS, ids=catalog.CONTROL_IDS)
def test_records_name_known_areas_and_probes(control):
    for area in control["areas"]:
        assert area in registry.NAMES, (control["id"], area)
    for key, service in control["probes"].items():
        assert service in exposure.PROTOCOL_NAME, (control["id"], key, service)
    if control["desired"] is not None:
        site = {"masks": [{"name": "m"}], "passphrase": "x", "allow_format": False,
                "enforcing": set(c["desired"] for c in catalog.CONTROLS if c["desired"])}
        for area in control["desired"](control, site):
            assert area in registry.NAMES and area not in registry.READ_ONLY, (control["id"], area)
            assert area in control["areas"], "%s sets %s but does not read it" % (control["id"], area)


def test_the_catalog_keeps_its_order_and_ids_are_unique():
    assert len(set(catalog.CONTROL_IDS)) == len(catalog.CONTROL_IDS)
    standard = [c["id"] for c in catalog.CONTROLS if c["source"] == "standard"]
    assert list(catalog.CONTROL_IDS[:len(standard)]) == standard, "Part 2's own requirements first"


@pytest.mark.parametrize("area", registry.AREAS, ids=registry.NAMES)
def test_every_area_keeps_the_contract(area):
    for name in registry.CONTRACT:
        assert hasattr(area, name), (area.__name__, name)
    for name in ("evaluate", "services_off", "https_only", "users_match", "anonymous_and_lockout"):
        assert not hasattr(area, name), "%s holds a pass/fail judgement (%s): it belongs to a control" \
            % (area.NAME, name)


# -- the baseline role ---------------------------------------------------------------------

def enforce_tasks():
    tasks = yaml.safe_load(read("roles", "baseline", "tasks", "enforce.yml"))
    out = {}
    for task in tasks:
        match = re.match(r"(%s) \| " % CLAUSE, task["name"])
        assert match, "an enforce task not named by its clause: %s" % task["name"]
        out.setdefault(match.group(1), []).append(task)
    return out


def test_every_enforceable_control_has_a_role_task_and_nothing_else_does():
    tasks = enforce_tasks()
    two_ways(tasks, [c["id"] for c in catalog.CONTROLS if catalog.enforceable(c)],
             "roles/baseline/tasks/enforce.yml")
    for cid in tasks:
        assert catalog.enforceable(catalog.record(cid)), \
            "%s has an enforce task but the catalog says it is not enforceable" % cid


@pytest.mark.parametrize("cid", [c["id"] for c in catalog.CONTROLS if catalog.enforceable(c)])
def test_role_task_tags_toggle_and_default_level_follow_the_catalog(cid):
    control = catalog.record(cid)
    for task in enforce_tasks().get(cid, []):
        # `never`: a clause task runs only when --tags selects it (else the whole-level task)
        assert task["tags"] == ["never"] + level_tags(control["level"]) + ["rule_%s" % cid], task["name"]
        when = task["when"] if isinstance(task["when"], list) else [task["when"]]
        assert "%s | bool" % toggle(cid) in when, task["name"]
        levels = [w for w in when if "ipcam_controls[" in w and ".level" in w]
        assert levels == ["ipcam_level | int >= ((ipcam_controls['%s'] | default({})).level | default(%d))"
                          % (cid, control["level"])], task["name"]


def test_role_defaults_have_one_toggle_per_control():
    text = read("roles", "baseline", "defaults", "main.yml")
    defaults = yaml.safe_load(text)
    toggles = dict((k, v) for k, v in defaults.items() if re.match(r"ipcam_rule_\d", k))
    two_ways([k[len("ipcam_rule_"):].replace("_", ".") for k in toggles], catalog.CONTROL_IDS,
             "roles/baseline/defaults/main.yml")
    for control in catalog.CONTROLS:
        assert toggles[toggle(control["id"])] is True, control["id"]
        assert "# %s (level %d, %s, %s): %s\n%s: true\n" % (
            control["id"], control["level"], control["source"], control["kind"], control["title"],
            toggle(control["id"])) in text, "the comment above %s disagrees with the catalog" \
            % toggle(control["id"])


def test_role_argument_specs_have_one_entry_per_control():
    options = yaml.safe_load(read("roles", "baseline", "meta", "argument_specs.yml"))[
        "argument_specs"]["main"]["options"]
    specs = dict((k, v) for k, v in options.items() if re.match(r"ipcam_rule_\d", k))
    two_ways([k[len("ipcam_rule_"):].replace("_", ".") for k in specs], catalog.CONTROL_IDS,
             "roles/baseline/meta/argument_specs.yml")
    for control in catalog.CONTROLS:
        spec = specs[toggle(control["id"])]
        assert spec == {"description": "%s (level %d, %s): %s" % (
            control["id"], control["level"], control["source"], control["title"]),
            "type": "bool", "default": True}, control["id"]


def test_site_expectations_name_catalog_controls_and_their_keys():
    from ansible_collections.camsec.ipcam.plugins.plugin_utils import site_vars
    values = site_vars.read({}, lambda v: v)[0]
    for cid, entry in site_vars.expectations(values).items():
        assert cid in catalog.CONTROL_IDS, "site_vars.expectations names %s" % cid
        for key in entry["expect"]:
            assert key in catalog.record(cid)["expect"], "%s has no expectation %s" % (cid, key)


# -- the docs ------------------------------------------------------------------------------

def table_rows(text, first_column):
    return [line.split("|")[1:-1] for line in text.splitlines()
            if re.match(r"\| %s \|" % first_column, line)]


def test_docs_controls_md_has_one_row_per_control():
    rows = dict((r[0].strip(), [c.strip() for c in r]) for r in
                table_rows(read("docs", "controls.md"), CLAUSE))
    two_ways(rows, catalog.CONTROL_IDS, "docs/controls.md")
    for control in catalog.CONTROLS:
        cid, level, source, kind, toggle_cell, title, evaluated = rows[control["id"]]
        assert (int(level), source, kind, toggle_cell, title) == (
            control["level"], control["source"], control["kind"], "`%s`" % toggle(cid),
            control["title"]), cid
        assert evaluated.startswith("yes" if control["evaluated"] else "no:"), cid


def test_readme_table_has_one_row_per_control():
    rows = {}
    for cells in table_rows(read("README.md"), r"%s(?: \(assumed\))?" % CLAUSE):
        cid, assumed = re.match(r"(%s)( \(assumed\))?$" % CLAUSE, cells[0].strip()).groups()
        rows[cid] = (int(cells[1]), bool(assumed))
    two_ways(rows, catalog.CONTROL_IDS, "README.md's control table")
    for control in catalog.CONTROLS:
        assert rows[control["id"]] == (control["level"], control["source"] == "assumed"), control["id"]


def test_the_role_evaluation_after_clause_tasks_carries_every_level_and_clause_tag():
    """With --tags, the clause tasks run and then the evaluation: it must carry every tag a
    user can select (a clause added to the catalog without its tag here would leave
    `--tags rule_<it>` with no evaluation)."""
    tasks = yaml.safe_load(read("roles", "baseline", "tasks", "level.yml"))
    evaluation = [t for t in tasks if "camsec.ipcam.compliance_facts" in t]
    assert len(evaluation) == 1
    assert evaluation[0]["tags"] == ["never", "level1", "level2", "level3"] + [
        "rule_%s" % c["id"] for c in catalog.CONTROLS]

