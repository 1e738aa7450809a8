"""The camera password and the SD-card passphrase never show: not on screen at -vvv with
--diff, not in a recorded result, not in the fact cache (what AWX keeps per host), on
neither execution path, in check mode or out, on success or failure.

The emulator's inventory holds the password as a host var: that file is the user's own,
so it is the one place the secret may be, and it is not searched.
"""

import json
import os

from tests.integration.ansible_run import run_playbook
from tests.conftest import camera_of, cameras_of

CAMS = cameras_of()  # every registered vendor
PASSPHRASE = "Sd-Card-Passphrase-9e2d41"


def _leaks(run, cache_dir, secrets):
    """Every place a secret was found: "stdout", "records", or a cache file's name."""
    places = {"stdout": run.stdout, "stderr": run.stderr,
              "records": json.dumps(run.records)}
    for folder, _, files in os.walk(cache_dir):
        for name in files:
            with open(os.path.join(folder, name), "rb") as f:
                places[os.path.join(folder, name)] = f.read().decode("utf-8", "replace")
    return sorted("%s in %s" % (label, place) for place, text in places.items()
                  for label, secret in secrets.items() if secret in text)


def test_secrets_never_show(fleet, jumphost_inventory, tmp_path):
    secrets = {"password": fleet.password(), "passphrase": PASSPHRASE}
    cache_dir = tmp_path / "facts"
    env = {"ANSIBLE_CACHE_PLUGIN": "jsonfile", "ANSIBLE_CACHE_PLUGIN_CONNECTION": str(cache_dir)}
    runs = {}
    for mode, check in (("check", True), ("real", False)):
        runs[mode] = run_playbook("all_modules.yml", fleet.inventory, {"sd_passphrase": PASSPHRASE},
                                  check=check, diff=True, verbosity=3, env=env,
                                  extra_args=["-i", jumphost_inventory])
        assert _leaks(runs[mode], cache_dir, secrets) == [], mode

    # The search was not vacuous: the secrets were in play, the outputs are full, the cache
    # was written.
    real = runs["real"]
    for cam in CAMS:
        for task in ("Read camera facts", "Set discovery services", "Set privacy masks"):
            assert real.result(task, cam)["status"] == "ok", (task, cam)  # the password worked
        cached = [name for name in os.listdir(cache_dir) if name.endswith(cam)]  # s1_<camera id>
        assert len(cached) == 1, os.listdir(cache_dir)
        with open(cache_dir / cached[0]) as f:
            facts = json.load(f)
        facts = json.loads(facts["__payload__"]) if "__payload__" in facts else facts  # 2.19
        assert facts["ipcam"]["identity"]["serial"], facts
    assert real.result("Set privacy masks", camera_of("axis"))["result"]["diff"]["after"]
    assert real.result("Protect removable storage", camera_of("axis"))["result"]["changed"] is True
    assert fleet.control.state(camera_of("axis"))["storage"]["slots"][0]["passphrase"] == PASSPHRASE
    assert real.result("Protect removable storage on the jump host", camera_of("axis"))["status"] == "ok"
    assert real.result("Protect removable storage", camera_of("hikvision"))["status"] == "failed"
    for run in runs.values():
        assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.stdout  # shown masked, -vvv
        assert "AnsiballZ_storage_protection.py" in run.stdout  # the delegated path ran
