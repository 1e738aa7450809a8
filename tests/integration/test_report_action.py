"""The action camsec.ipcam.compliance_report through the role camsec.ipcam.report in a real
ansible-playbook, on cameras whose compliance_facts results are real ones (recorded from
the emulator, tests/unit/data) given through inventory: every format written with its mode,
each file's content what the filters make of the same input, unreachable cameras counted
apart, the summary published as a custom stat; check mode writes nothing; unchanged
findings leave every file untouched (same inode, same mtime); bad options are refused
before any file is written."""

import copy
import json
import os
import sys

import pytest
import yaml

from tests.integration.ansible_run import ROOT, run_playbook

COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.camsec.ipcam.plugins.filter import compliance_report as cr  # noqa: E402
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_html import (  # noqa: E402
    compliance_report_html)

RESULTS = os.path.join(ROOT, "tests", "unit", "data", "compliance_results_level3.json")
PREFIX = "ts-0014-2-compliance"
EXTENSIONS = (".json", ".csv", ".xml", ".html")
WRITE = "camsec.ipcam.report : TS-0014-2 | Write the compliance reports and publish the fleet summary"
SHOW = "camsec.ipcam.report : TS-0014-2 | Show the fleet summary and the failing controls per camera"


def real_results():
    with open(RESULTS) as f:
        data = json.load(f)
    return data["drifted"], data["unreachable"]


def compliant(facts):
    facts = copy.deepcopy(facts)
    for control in facts["controls"]:
        if control["status"] in ("fail", "error"):
            control["status"], control["reason"] = "pass", None
    facts["status"] = "compliant"
    return facts


def host_vars(flip=False):
    """cam-a drifted, cam-b compliant (with `flip`, one control of it fails), cam-c
    unreachable (it leaves the play), cam-d never evaluated."""
    drifted, unreachable = real_results()
    facts = drifted["ansible_facts"]["ipcam_compliance"]
    good = compliant(facts)
    good["camera"] = dict(good["camera"], serial="AX2", host="127.158.0.2")
    if flip:
        good["controls"][0].update(status="fail", reason="flipped by the test")
    return {
        "cam-a": {"fixture_facts": facts},
        "cam-b": {"fixture_facts": good},
        "cam-c": {"fixture_registered": unreachable, "fixture_dead": True},
        "cam-d": {"ipcam_vendor": "onvif", "ansible_host": "127.158.0.4"},
    }


def write_inventory(tmp_path, flip=False):
    hosts = dict((name, dict(v, ansible_connection="local")) for name, v in host_vars(flip).items())
    path = tmp_path / "inventory.yml"
    path.write_text(yaml.safe_dump({"all": {"children": {"cameras": {"hosts": hosts}}}}))
    return str(path)


def run(tmp_path, reports, flip=False, check=False, diff=False, **extra):
    return run_playbook("report_fixture.yml", write_inventory(tmp_path, flip),
                        dict({"ipcam_report_dir": str(reports)}, **extra), check=check, diff=diff,
                        env={"ANSIBLE_SHOW_CUSTOM_STATS": "true"})


def write_result(run_):
    found = [r for r in run_.records if r["task"] == WRITE]
    assert len(found) == 1, run_
    return found[0]


def stats(reports):
    return dict((name, (os.stat(reports / name).st_ino, os.stat(reports / name).st_mtime_ns))
                for name in sorted(os.listdir(reports)))


def test_every_format_written_as_the_filters_render_it(tmp_path):
    reports = tmp_path / "reports"
    first = run(tmp_path, reports)
    # cam-c left the play: the run's exit code says a host failed, the reports are written
    assert first.rc == 2, first
    assert sorted(os.listdir(reports)) == sorted(PREFIX + ext for ext in EXTENSIONS)
    assert oct(os.stat(reports).st_mode & 0o777) == "0o750"
    for ext in EXTENSIONS:
        assert oct(os.stat(reports / (PREFIX + ext)).st_mode & 0o777) == "0o640"
    result = write_result(first)["result"]
    assert result["changed"] is True
    assert sorted(result["written"]) == sorted(str(reports / (PREFIX + ext)) for ext in EXTENSIONS)

    report = json.loads((reports / (PREFIX + ".json")).read_text())
    summary = report["summary"]
    assert (summary["cameras"], summary["compliant"], summary["drifted"], summary["unreachable"]) == (4, 1, 2, 1)
    assert summary["unreachable_cameras"] == ["cam-c"]
    assert summary["drifted_cameras"] == ["cam-a", "cam-d"]
    assert [c["status"] for c in report["cameras"]] == ["drifted", "compliant", "unreachable", "unevaluated"]

    # The filters, on the same input, make the same report and the same files.
    hostvars = dict((name, dict(v)) for name, v in host_vars().items())
    for name, v in hostvars.items():
        if "fixture_facts" in v:
            v["ansible_facts"] = {"ipcam_compliance": v.pop("fixture_facts")}
        if "fixture_registered" in v:
            v["ipcam_compliance_result"] = v.pop("fixture_registered")
    by_filter = cr.compliance_report(["cam-a", "cam-b", "cam-c", "cam-d"], hostvars,
                                     active=["cam-a", "cam-b", "cam-d"], generated_at=report["generated_at"])
    assert by_filter == report
    assert (reports / (PREFIX + ".csv")).read_bytes() == cr.compliance_report_csv(report).encode("utf-8")
    assert (reports / (PREFIX + ".xml")).read_bytes() == cr.compliance_report_junit(report).encode("utf-8")
    groups = {"all": ["cam-a", "cam-b", "cam-c", "cam-d"], "ungrouped": [],
              "cameras": ["cam-a", "cam-b", "cam-c", "cam-d"]}
    assert (reports / (PREFIX + ".html")).read_bytes() == compliance_report_html(
        report, previous=None, groups=groups).encode("utf-8")

    # The summary as a custom stat (no set_stats task), and the console.
    assert not [r for r in first.records if r["action"] == "ansible.builtin.set_stats"]
    published = result["ansible_stats"]["data"]["ipcam_compliance_summary"]
    # ... and Ansible took it as one (the play recap's custom stats)
    assert "CUSTOM STATS:" in first.stdout and "ipcam_compliance_summary" in first.stdout.split("CUSTOM STATS:")[1]
    assert published["unreachable_cameras"] == ["cam-c"] and published["generated_at"] == report["generated_at"]
    assert published["report_files"] == [str(reports / (PREFIX + ext)) for ext in (".json", ".csv", ".xml", ".html")]
    shown = [r["result"]["msg"] for r in first.records if r["task"] == SHOW]
    assert len(shown) == 1
    assert shown[0].startswith("4 camera(s): 1 compliant, 2 drifted (cam-a, cam-d), 1 unreachable (cam-c)\n")
    assert "4 camera(s) at level 3: 1 compliant, 2 drifted, 1 unreachable" in shown[0]


def test_unchanged_findings_leave_files_untouched_and_check_mode_writes_nothing(tmp_path):
    reports = tmp_path / "reports"
    assert run(tmp_path, reports).rc == 2
    before = stats(reports)
    contents = dict((name, (reports / name).read_bytes()) for name in before)

    again = run(tmp_path, reports)
    result = write_result(again)["result"]
    assert result["changed"] is False and result["unchanged"] is True and result["written"] == [], result
    assert stats(reports) == before
    assert "No change since the report of" in [r for r in again.records if r["task"] == SHOW][0]["result"]["msg"]

    # Changed findings in check mode: every file would change, none does.
    checked = run(tmp_path, reports, flip=True, check=True, diff=True)
    result = write_result(checked)["result"]
    assert result["changed"] is True and len(result["written"]) == 4, result
    # --diff: the fleet summary before and after (cam-b drifted now), not the whole reports
    before_summary, after_summary = (json.loads(result["diff"][k]) for k in ("before", "after"))
    assert (before_summary["compliant"], after_summary["compliant"]) == (1, 0), result["diff"]
    assert stats(reports) == before
    assert dict((name, (reports / name).read_bytes()) for name in before) == contents

    # For real: every file replaced (a new inode: written beside and renamed over).
    flipped = run(tmp_path, reports, flip=True)
    assert write_result(flipped)["result"]["changed"] is True
    after = stats(reports)
    assert sorted(after) == sorted(before)
    assert all(after[name][0] != before[name][0] for name in before), (before, after)
    assert not [n for n in os.listdir(reports) if n.startswith(".")], "a temporary file was left"


def test_check_mode_on_a_new_directory_creates_nothing(tmp_path):
    reports = tmp_path / "new" / "reports"
    checked = run(tmp_path, reports, check=True)
    result = write_result(checked)["result"]
    assert result["changed"] is True and len(result["written"]) == 4
    assert "would create the directory" in result["msg"]
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize("options, message", [
    ({"report_prefix": "a/b"}, "prefix must be a file name prefix without '/'"),
    ({"report_prefix": ""}, "prefix must be a file name prefix without '/'"),
    ({"report_formats": ["json", "pdf"]}, "unknown: pdf"),
    ({"report_mode": "u=rw"}, "mode must be an octal mode"),
    ({"report_dir_mode": "999"}, "dir_mode must be an octal mode"),
    ({"report_console_cameras": 0}, "console_cameras must be at least 1"),
])
def test_bad_options_refused_before_any_file_is_written(tmp_path, options, message):
    reports = tmp_path / "reports"
    refused = run_playbook("report_action_direct.yml", "localhost,", dict(options, report_dir=str(reports)))
    found = [r for r in refused.records if r["task"] == "Write the reports"]
    assert len(found) == 1 and found[0]["status"] == "failed", refused
    assert message in found[0]["result"]["msg"], found[0]["result"]
    assert not reports.exists()


def test_the_role_refuses_bad_options_before_the_action_runs(tmp_path):
    reports = tmp_path / "reports"
    refused = run(tmp_path, reports, ipcam_report_formats=["json", "pdf"])
    assert not [r for r in refused.records if r["task"] == WRITE]
    assert "Got no match for: pdf" in refused.stdout, refused
    assert not reports.exists()


def test_a_report_dir_that_is_a_file_is_refused(tmp_path):
    reports = tmp_path / "reports"
    reports.write_text("not a directory")
    refused = run(tmp_path, reports)
    result = write_result(refused)
    assert result["status"] == "failed" and "exists and is not a directory" in result["result"]["msg"]
    assert reports.read_text() == "not a directory"
    assert sorted(os.listdir(tmp_path)) == ["inventory.yml", "reports"]
