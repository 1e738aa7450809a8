"""The ways a module gets run: in-process through the action plugin, as the real module on a
host the task is delegated to, with credentials from module_defaults, and as documentation
(ansible-doc)."""

import ast
import glob
import importlib.util
import json
import os
import subprocess
import sys

import yaml

from tests.integration.ansible_run import BIN, ROOT, env_for_ansible, run_playbook, without_offset
from tests.conftest import cameras_of, factory_username, vendor_of

CAMS = cameras_of()  # every registered vendor
USERNAMES = {cam: factory_username(vendor_of(cam)) for cam in cameras_of()}


def test_delegated_real_module_reports_what_the_action_plugin_reports(fleet, jumphost_inventory):
    run = run_playbook("facts_paths.yml", fleet.inventory, verbosity=3,
                       extra_args=["-i", jumphost_inventory])
    assert run.rc == 0, run
    # Only the delegated task builds and runs a module payload; the in-process one does not.
    assert "AnsiballZ_camera_facts.py" in run.stdout
    for cam in CAMS:
        local = run.result("Read camera facts in-process", cam)["result"]
        remote_record = run.result("Read camera facts on the jump host", cam)
        remote = remote_record["result"]
        assert remote["_ansible_delegated_vars"]["ansible_host"] == "jumphost"
        assert "_ansible_delegated_vars" not in local
        assert without_offset(remote["ansible_facts"]["ipcam"]) == \
            without_offset(local["ansible_facts"]["ipcam"]), cam
        facts = local["ansible_facts"]["ipcam"]
        assert facts["identity"]["serial"] == fleet.control.state(cam)["identity"]["serial"]
        assert set(facts["settings"]) >= {"discovery", "privacy_masks"}
        assert (remote["vendor"], remote["requests"]) == (local["vendor"], local["requests"])


def test_module_defaults_supply_credentials_the_inventory_lacks(fleet, tmp_path):
    with open(fleet.inventory) as f:
        inventory = yaml.safe_load(f)
    for group in inventory["all"]["children"]["cameras"]["children"].values():
        for host in group["hosts"].values():
            del host["ipcam_username"], host["ipcam_password"]
    bare = tmp_path / "no-credentials.yml"
    bare.write_text(yaml.safe_dump(inventory))
    assert fleet.password() not in bare.read_text()

    run = run_playbook("module_defaults.yml", str(bare),
                       {"usernames": USERNAMES, "camera_password": fleet.password()})
    for cam in CAMS:
        ok = run.result("Read identity with module_defaults", cam)
        assert ok["status"] == "ok", ok["result"]
        assert ok["result"]["ansible_facts"]["ipcam"]["identity"]["serial"] == \
            fleet.control.state(cam)["identity"]["serial"]

        bad = run.result("Read identity without credentials", cam)
        assert bad["status"] == "failed"
        assert "the camera asks for a login, and the task has no username" in bad["result"]["msg"]
        assert fleet.control.counters(cam)["failed_logins"] == 0  # nothing was guessed


def _argument_spec(module):
    """The argument spec the modules are built from, loaded from the source tree: a camera
    module's from args.py; the controller-side report action keeps its own."""
    path = os.path.join(ROOT, "plugins", "module_utils", "args.py")
    collections = os.path.join(ROOT, ".collections")  # what args.py imports: the installed copy
    if collections not in sys.path:
        sys.path.insert(0, collections)
        importlib.invalidate_caches()
    spec = importlib.util.spec_from_file_location("camsec_ipcam_args", path)
    args = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(args)
    if module in args.MODULE_OPTIONS:
        return args.argument_spec(module)
    assert module == "compliance_report", module
    with open(os.path.join(ROOT, "plugins", "action", "compliance_report.py")) as f:
        tree = ast.parse(f.read())
    found = [node.value for node in tree.body if isinstance(node, ast.Assign)
             and [getattr(t, "id", None) for t in node.targets] == ["ARGUMENT_SPEC"]]
    assert len(found) == 1, "plugins/action/compliance_report.py has no ARGUMENT_SPEC"
    return ast.literal_eval(found[0])


def test_ansible_doc_documents_every_module_as_its_argument_spec():
    modules = sorted(os.path.basename(p)[:-3]
                     for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))
    assert {"camera_facts", "discovery_services", "privacy_masks", "storage_protection"} <= set(modules)
    proc = subprocess.run([os.path.join(BIN, "ansible-doc"), "--json"]
                          + ["camsec.ipcam." + m for m in modules],
                          cwd=ROOT, env=env_for_ansible(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    for module in modules:
        doc = docs["camsec.ipcam." + module]["doc"]
        assert doc["short_description"] and doc["description"], module
        assert set(doc["options"]) == set(_argument_spec(module)), module
        if module == "compliance_report":
            continue  # runs on the controller, against no camera: no connection options
        assert "password" in doc["options"] and doc["options"]["password"]["type"] == "str"
