"""playbooks/audit.yml with cameras that cannot be reached: one that drops every
connection (emulator fault down_until), one where nothing listens (refused), one behind a
filter that drops every packet (a network namespace: connect timeout). The audit names
them unreachable - Ansible's UNREACHABLE, a row of their own in every report and in the
summary - never drifted; every control of theirs is an error "unreachable: ...", none
passes; each gives up within about one connect timeout; and the cameras that answer get
exactly the results they get in an audit without the dead ones."""

import time

import yaml
from junitparser import Error, JUnitXml

from tests.filtered_address import filtered_address
from tests.integration.ansible_run import run_playbook
from tests.integration.test_audit_report import AUDIT, PREFIX, SITE, level_controls, read_reports
from tests.conftest import camera_of

LEVEL = 1
CONNECT_TIMEOUT = 3  # ipcam_timeout of the dead cameras: the transport's connect timeout
EVALUATE = "camsec.ipcam.compliance_facts"
DRIFT_TASK = "TS-0014-2 | Fail the cameras that drifted"
ALIVE = (camera_of("axis"), camera_of("hikvision"))
DOWN = camera_of("onvif")  # the emulator's ONVIF camera, "rebooting": every connection dropped


def comparable(report, cams):
    """What must not change for a camera that answers: each control's verdict and why."""
    return {cam["name"]: [(c["id"], c["status"], c["reason"], c["expected"]) for c in cam["controls"]]
            for cam in report["cameras"] if cam["name"] in cams}


def audit(tmp_path, name, inventories, limit=None):
    directory = tmp_path / name
    args = []
    for inventory in inventories[1:]:
        args += ["-i", inventory]
    run = run_playbook(AUDIT, inventories[0], dict(SITE, ipcam_level=LEVEL, ipcam_report_dir=str(directory),
                                                    ipcam_fail_on_drift=True),
                       limit=limit, extra_args=args)
    assert (directory / (PREFIX + ".json")).exists(), run
    return run, read_reports(str(directory))


def test_unreachable_cameras_are_not_drift(fleet, tmp_path):
    run, alone = audit(tmp_path, "alone", [fleet.inventory], limit=":".join(ALIVE))
    assert sorted(c["name"] for c in alone["cameras"]) == sorted(ALIVE), run

    block = fleet.first_address.rsplit(".", 1)[0]
    refused = block + ".212"  # in the emulator's loopback block, never served
    fleet.control.faults(DOWN, down_until=time.time() + 600)
    try:
        with filtered_address() as filtered:
            dead = {"cam-refused": (refused, "axis", "root"),
                    "cam-filtered": (filtered, "hikvision", "admin")}
            extra = tmp_path / "dead.yml"
            extra.write_text(yaml.safe_dump({"all": {"children": {"cameras": {"hosts": {
                name: {"ansible_host": address, "ipcam_vendor": vendor, "ipcam_username": user,
                       "ipcam_password": "unused-Passw0rd", "ipcam_timeout": CONNECT_TIMEOUT}
                for name, (address, vendor, user) in dead.items()}}}}}))
            with open(fleet.inventory) as f:
                down_vars = {DOWN: {"ipcam_timeout": CONNECT_TIMEOUT}}
                inventory = yaml.safe_load(f)
            for group in inventory["all"]["children"]["cameras"]["children"].values():
                for host, hvars in group["hosts"].items():
                    hvars.update(down_vars.get(host, {}))
            main = tmp_path / "inventory.yml"
            main.write_text(yaml.safe_dump(inventory))
            # the same answering cameras as the audit alone, the dead ones beside them
            run, report = audit(tmp_path, "with-dead", [str(main), str(extra)],
                                limit=":".join(ALIVE + (DOWN,) + tuple(dead)))
    finally:
        fleet.control.faults(DOWN, down_until=0.0)
    unreachable = sorted([DOWN] + list(dead))

    # Ansible's own notion: the evaluation task is UNREACHABLE for them, not failed, and
    # the play recap counts them so (the run's exit code is not 0, as unreachable).
    assert run.rc != 0, run
    for name in unreachable:
        record = [r for r in run.results(host=name) if r["action"] == EVALUATE]
        assert [r["status"] for r in record] == ["unreachable"], (name, record)
        result = record[0]["result"]
        address = fleet.cameras[DOWN]["address"] if name == DOWN else dead[name][0]
        assert result["msg"].startswith("camera %s is unreachable, so it was not evaluated at level %d: "
                                        "camera %s: " % (address, LEVEL, address)), result["msg"]
        # About one connect timeout each (the old code waited once per settings area).
        assert record[0]["duration"] < 3 * CONNECT_TIMEOUT, (name, record[0]["duration"])
        recap = [line for line in run.stdout.splitlines() if line.startswith(name + " ")]
        assert len(recap) == 1 and "unreachable=1" in recap[0] and "failed=0" in recap[0], recap
    assert "refused" in report_camera(report, "cam-refused")["error"]

    # The reports: a row of their own, every control an error "unreachable: ...", none pass.
    controls = list(level_controls(LEVEL))
    for name in unreachable:
        cam = report_camera(report, name)
        assert cam["status"] == "unreachable" and cam["evaluated"] is False and cam["compliant"] is False
        assert cam["error"].startswith("unreachable: camera ")
        assert [c["id"] for c in cam["controls"]] == controls
        assert {c["status"] for c in cam["controls"]} == {"error"}
        assert all(c["reason"] == cam["error"] for c in cam["controls"])
    assert report_camera(report, "cam-filtered")["controls"][0]["evidence"]["network"]["silent"] is True
    summary = report["summary"]
    assert sorted(summary["unreachable_cameras"]) == unreachable and summary["unreachable"] == 3
    assert sorted(summary["drifted_cameras"]) == sorted(alone["summary"]["drifted_cameras"])
    assert not set(unreachable) & set(summary["drifted_cameras"])
    assert summary["failures_by_control"] == alone["summary"]["failures_by_control"]
    assert summary["errors_by_control"] == alone["summary"]["errors_by_control"]
    stats = [r for r in run.records if r["action"] == "camsec.ipcam.compliance_report"][0]
    assert stats["result"]["ansible_stats"]["data"]["ipcam_compliance_summary"]["unreachable"] == 3
    xml = JUnitXml.fromfile(str(tmp_path / "with-dead" / (PREFIX + ".xml")))
    for suite in xml:
        if suite.name in unreachable:
            kinds = [(type(case.result[0]), case.result[0].type) for case in suite]
            assert kinds == [(Error, "unreachable")] * len(controls), suite.name

    # The console: the drift check names only drifted cameras, and the summary line says
    # which are unreachable.
    drift = run.results(DRIFT_TASK)
    assert sorted(r["host"] for r in drift) == sorted(ALIVE)
    for record in drift:
        assert "drifted from level" in record["result"].get("msg", "drifted from level")
    assert "drifted from level" not in " ".join(
        r["result"].get("msg", "") for r in run.records if r["host"] in unreachable)
    shown = [r["result"]["msg"] for r in run.records
             if r["task"].endswith("TS-0014-2 | Show the fleet summary and the failing controls per camera")]
    assert len(shown) == 1 and "3 unreachable (%s)" % ", ".join(summary["unreachable_cameras"]) in shown[0], shown
    assert "2 drifted (%s)" % ", ".join(summary["drifted_cameras"]) in shown[0], shown

    # The cameras that answered: exactly what they get without the dead ones.
    assert comparable(report, ALIVE) == comparable(alone, ALIVE)


def report_camera(report, name):
    found = [c for c in report["cameras"] if c["name"] == name]
    assert len(found) == 1, [c["name"] for c in report["cameras"]]
    return found[0]
