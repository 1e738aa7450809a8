"""Refusals and faults as real cameras send them (issue #10, parts 1 and 2).

Each camera of the fleet is set to answer the way some real firmware does: every SOAP fault
at HTTP 400 or at 500, ISAPI refusing a login with a bare 401, a 401 with a userCheck body,
or a 403 ResponseStatus, ONVIF demanding a login even for GetSystemDateAndTime. Whatever
the form, a wrong password costs exactly ONE request that carried credentials (the
emulator counts them), the message says the credentials were refused, and a call the
firmware lacks is asked once.
"""

import os

import pytest

from tests.integration.ansible_run import ROOT, run_playbook
from tests.conftest import cameras_of, factory_username, vendor_of

CAMS = cameras_of()  # every registered vendor
USER = {cam: factory_username(vendor_of(cam)) for cam in cameras_of()}
FACTS = "Read camera facts"
AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")


def evaluation(run, cam):
    """The compliance_facts result of a camera in an audit run."""
    found = [r for r in run.results(host=cam) if r["action"].endswith("compliance_facts")]
    assert len(found) == 1, (cam, [(r["task"], r["action"]) for r in run.results(host=cam)], run)
    return found[0]

# (SOAP fault status, ISAPI refusal form, ONVIF wants a login before GetSystemDateAndTime)
FORMS = [
    (400, "401", False),
    (500, "401", True),
    (400, "401_usercheck", True),
    (500, "401_usercheck", False),
    (400, "403", False),
    (500, "403", True),
]


def set_forms(fleet, soap_status, isapi_refusal, pre_auth_login, **more):
    for cam in CAMS:
        fleet.control.faults(cam, soap_fault_status=soap_status, isapi_refusal=isapi_refusal,
                             onvif_pre_auth_login=pre_auth_login, lockout_after=2, **more)
        fleet.control.reset_counters(cam)


def assert_one_refused_login(fleet, cam, msg):
    assert "refused login" in msg and "refused the credentials of user '%s'" % USER[cam] in msg, msg
    assert "not retried" in msg, msg
    assert fleet.password() not in msg
    counters = fleet.control.counters(cam)
    assert counters["credentialed"] == 1, (cam, counters)
    assert counters["failed_logins"] == 1, (cam, counters)
    assert counters["locked"] is False, (cam, counters)


@pytest.mark.parametrize("soap_status, isapi_refusal, pre_auth_login", FORMS)
def test_a_wrong_password_costs_one_credentialed_request(fleet, soap_status, isapi_refusal,
                                                          pre_auth_login):
    set_forms(fleet, soap_status, isapi_refusal, pre_auth_login)
    run = run_playbook("facts.yml", fleet.inventory, {"bad_password": "Not-The-Password-1"})
    assert run.rc != 0
    for cam in CAMS:
        record = run.result(FACTS, cam)
        assert record["status"] == "failed", record
        assert_one_refused_login(fleet, cam, record["result"]["msg"])
        # never "malformed XML", never a bare HTTP status without its class
        assert "malformed" not in record["result"]["msg"]


@pytest.mark.parametrize("soap_status, isapi_refusal, pre_auth_login",
                         [FORMS[1], FORMS[4]])
def test_a_level_2_audit_with_a_wrong_password_refuses_once(fleet, tmp_path, soap_status,
                                                            isapi_refusal, pre_auth_login):
    set_forms(fleet, soap_status, isapi_refusal, pre_auth_login)
    run = run_playbook(AUDIT, fleet.inventory, {
        "ipcam_level": 2, "ipcam_report_dir": str(tmp_path),
        "ipcam_password": "Not-The-Password-1"})
    for cam in CAMS:
        record = evaluation(run, cam)
        assert record["status"] in ("failed", "unreachable"), record
        assert_one_refused_login(fleet, cam, record["result"]["msg"])


@pytest.mark.parametrize("soap_status", [400, 500])
def test_a_camera_that_wants_a_login_for_its_clock_still_works(fleet, tmp_path, soap_status):
    """GetSystemDateAndTime refused without credentials (against Core, as real firmware
    does): the clock offset comes from the HTTP Date header, and nothing is called a
    refused login, because no credentials were sent."""
    set_forms(fleet, soap_status, "401", True, clock_skew_s=-40)
    run = run_playbook("facts.yml", fleet.inventory, {"subset": ["identity", "time"]})
    assert run.rc == 0, run
    for cam in CAMS:
        facts = run.result(FACTS, cam)["result"]["ansible_facts"]["ipcam"]
        assert facts["identity"]["serial"] == fleet.control.state(cam)["identity"]["serial"]
        offset = facts["settings"]["time"]["offset_s"]
        assert offset is not None and -42 <= offset <= -38, (cam, facts["settings"]["time"])
        counters = fleet.control.counters(cam)
        assert counters["failed_logins"] == 0, (cam, counters)
        assert counters["by_path"].get("/onvif/device_service", 0) >= 1

    run = run_playbook(AUDIT, fleet.inventory, {"ipcam_level": 2,
                                                "ipcam_report_dir": str(tmp_path)})
    for cam in CAMS:
        record = evaluation(run, cam)
        assert record["status"] == "ok", record
        report = record["result"]["ansible_facts"]["ipcam_compliance"]
        errors = [(c["id"], c.get("reason")) for c in report["controls"] if c["status"] == "error"]
        assert errors == [], (cam, errors)
        time_control = [c for c in report["controls"] if c["id"] == "5.2.7"][0]
        assert "40" in str(time_control.get("actual")) or time_control["status"] == "fail", \
            time_control
        assert fleet.control.counters(cam)["failed_logins"] == 0
