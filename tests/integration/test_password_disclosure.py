"""playbooks/audit.yml at -vvv against cameras whose user lists carry passwords (fault
users_disclose_passwords) and one whose ONVIF service answers without a login (fault
onvif_no_auth): 5.4.2 and 5.4.1 fail in the JSON report, naming the call, and the
disclosed passwords appear nowhere: not in ansible-playbook's output, not in the
recorded results, not in the report files."""

import os

from tests.integration.ansible_run import run_playbook
from tests.integration.test_audit_report import AUDIT, PREFIX, SITE, read_reports, result
from tests.conftest import camera_of, cameras_of, expected, per_camera

CAMS = cameras_of()  # every registered vendor
WITNESS = {"username": "installer", "password": "Witness-Pw-4e81d0", "level": "Operator"}
# The user lists each camera's disclosure is caught by (EXPECTED["passwords_disclosed_by"]).
DISCLOSED_BY = per_camera(lambda vendor: ", ".join(expected(vendor, "passwords_disclosed_by")))


def test_disclosed_passwords_fail_5_4_2_and_never_show(fleet, tmp_path):
    for cam in CAMS:
        users = fleet.control.state(cam)["users"]
        fleet.control.drift(cam, {"users": users + [WITNESS]})
        fleet.control.faults(cam, users_disclose_passwords=True)
    fleet.control.faults(camera_of("onvif"), onvif_no_auth=True)
    for cam in CAMS:
        fleet.control.reset_counters(cam)

    run = run_playbook(AUDIT, fleet.inventory, dict(SITE, ipcam_level=1,
                                                    ipcam_report_dir=str(tmp_path)), verbosity=3)
    assert os.path.exists(os.path.join(str(tmp_path), PREFIX + ".json")), run
    report = read_reports(str(tmp_path))

    for cam in CAMS:
        control = result(report, cam, "5.4.2")
        assert control["status"] == "fail", control
        assert ("the camera's user list discloses passwords (%s)" % DISCLOSED_BY[cam]
                in control["reason"]), control["reason"]
        assert fleet.control.counters(cam)["failed_logins"] == 0
    onvif = result(report, camera_of("onvif"), "5.4.1")
    assert onvif["status"] == "fail"
    assert onvif["reason"].startswith("the camera answers without authentication: ONVIF "
                                      "GetDeviceInformation, ONVIF GetUsers, ONVIF GetNetworkProtocols")

    assert "discloses passwords" in run.stdout, "the -vvv output should show the results"
    # (-vvv prints each task's file and line; nothing in an audit opens a connection any more)
    assert "task path: " in run.stdout, "not run at -vvv"
    outputs = {"stdout": run.stdout, "stderr": run.stderr, "records": repr(run.records)}
    for name in sorted(os.listdir(str(tmp_path))):
        with open(os.path.join(str(tmp_path), name), encoding="utf-8") as f:
            outputs[name] = f.read()
    for secret in (WITNESS["password"], fleet.password()):
        assert [where for where, text in outputs.items() if secret in text] == []
