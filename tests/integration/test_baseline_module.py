"""The baseline module (all enforceable controls of a level in one task per camera) on the
insecure fleet, per vendor: the check-mode plan names each change with its controls and
changes nothing; the real run applies it, after which the evaluation fails only what the
camera cannot be made to do; a second run changes nothing; the SD passphrase and the
camera password never show."""

from tests.integration.ansible_run import run_playbook
from tests.conftest import (VENDORS, camera_of, cameras_of, expected, firmware_at_or_under,
                            per_camera, reference_identity)

TASK = "Enforce the level"
EVALUATE = "Evaluate the level"
CAMERAS = cameras_of()  # every registered vendor
PASSPHRASE = "Baseline-Module-Passphrase-31"
SITE = {
    "5.2.1": {"expect": {"firmware_minimums": {reference_identity(vendor)["model"]:
                                               firmware_at_or_under(vendor) for vendor in VENDORS}}},
    "5.2.7": {"expect": {"ntp_servers": ["192.0.2.123"],
                         "syslog_servers": [{"host": "192.0.2.20", "port": 6514, "protocol": "tls"}]}},
}
# What the module enforces on the insecure fleet at level 2, per camera (the controls of
# its plan), and what still fails after it (5.5.2 is audit only: the streaming area is
# read-only, so plain RTSP stays on): the vendor package's EXPECTED["baseline_plan"] and
# EXPECTED["enforced_fails"][2], with why.
PLANNED = per_camera(lambda vendor: set(expected(vendor, "baseline_plan")))
STILL_FAILING = per_camera(lambda vendor: set(expected(vendor, "enforced_fails")[2]))

def test_baseline_module_plans_applies_and_is_idempotent(fleet):
    extra = {"site": SITE, "sd_passphrase": PASSPHRASE}
    before = {cam: fleet.control.state(cam) for cam in CAMERAS}
    check = run_playbook("baseline_module.yml", fleet.inventory, extra, check=True, diff=True)
    assert check.rc == 0, check
    for cam in CAMERAS:
        res = check.result(TASK, cam)["result"]
        assert res["changed"] is True, cam
        planned = {cid for change in res["plan"] for cid in change["controls"]}
        assert planned == PLANNED[cam], (cam, planned)
        assert fleet.control.state(cam) == before[cam], "check mode changed %s" % cam
        assert fleet.control.counters(cam)["writes"] == 0, cam
    axis_diff = check.result(TASK, camera_of("axis"))["result"]["diff"]
    # One protocols change serves three controls; the diff is keyed by them.
    assert axis_diff["before"]["5.2.1+5.2.5+5.3.2"]["http"] is True
    assert axis_diff["after"]["5.2.1+5.2.5+5.3.2"]["http"] is False

    real = run_playbook("baseline_module.yml", fleet.inventory, dict(extra, evaluate=True),
                        diff=True, verbosity=2)
    assert real.rc == 0, real
    for secret in (PASSPHRASE, fleet.password()):
        assert secret not in real.stdout and secret not in real.stderr
    for cam in CAMERAS:
        res = real.result(TASK, cam)["result"]
        assert res["changed"] is True
        assert {c: v["status"] for c, v in res["controls"].items()
                if v["status"] == "failed"} == {}, res["controls"]
        state = fleet.control.state(cam)
        assert state["network"]["http"]["enabled"] is False, cam
        assert state["time"]["ntp_enabled"] and "192.0.2.123" in state["time"]["ntp_servers"], cam
        controls = real.result(EVALUATE, cam)["result"]["ansible_facts"]["ipcam_compliance"]["controls"]
        failing = {c["id"] for c in controls if c["status"] in ("fail", "error")}
        assert failing == STILL_FAILING[cam], (cam, failing)
    assert fleet.control.state(camera_of("axis"))["access"]["anonymous_viewer"] is False
    assert fleet.control.state(camera_of("hikvision"))["access"]["lockout_enabled"] is True

    again = run_playbook("baseline_module.yml", fleet.inventory, extra)
    assert again.rc == 0, again
    for cam in CAMERAS:
        res = again.result(TASK, cam)["result"]
        assert res["changed"] is False and res["plan"] == [], (cam, res["plan"])
