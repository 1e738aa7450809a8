"""5.4.1 "no admin API answers without a login" and 5.4.2 "no user list shows passwords",
in-process against the emulator on every vendor: the requests without credentials carry
none and never cost a failed login; a camera with authentication off (faults
onvif_no_auth, api_no_auth) fails 5.4.1 naming the call that answered; a camera whose user
list carries passwords (fault users_disclose_passwords) fails 5.4.2 and the password
shows nowhere in the result."""

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import unauthenticated
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.registry import driver_for
from tests.unit.compliance_run import CAMERAS, controls_of, run_compliance
from tests.conftest import Lookup, camera_of
from tests.conftest import expected as expected_of

FAST = {"timeout": 0.8, "services": ["tcp"]}
ONVIF_CALLS = ["ONVIF GetDeviceInformation", "ONVIF GetUsers", "ONVIF GetNetworkProtocols"]
# The vendor API calls after ONVIF's, and the user lists a disclosing camera is caught by
# (the vendor package's EXPECTED).
VENDOR_CALL = Lookup(lambda vendor: expected_of(vendor, "unauthenticated_calls"))
DISCLOSED_BY = Lookup(lambda vendor: expected_of(vendor, "passwords_disclosed_by"))
# A second account whose password exists only on the camera: if it shows anywhere in a
# result, it came from the camera's user list.
WITNESS = {"username": "installer", "password": "Witness-Pw-9c41e7", "level": "Operator"}


def evaluate(emulator, cam):
    return controls_of(run_compliance(emulator, cam, 1, probes=FAST))


def probe(make_transport, cam):
    transport = make_transport(cam)
    return unauthenticated.probe(driver_for(transport, CAMERAS[cam]))


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_requests_without_credentials_carry_none_and_are_refused(fresh_fleet, make_transport, cam):
    fresh_fleet.control.reset_counters(cam)
    calls = probe(make_transport, cam)
    assert [c["call"] for c in calls] == ONVIF_CALLS + VENDOR_CALL[CAMERAS[cam]]
    assert [(c["answer"], c["detail"]) for c in calls] == [("refused", "refused (HTTP 401)")] * len(calls)
    counters = fresh_fleet.control.counters(cam)
    assert counters["credentialed"] == 0, "a request without credentials carried some"
    assert counters["failed_logins"] == 0
    assert counters["requests"] == len(calls), "one request per call, never retried"


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_onvif_without_authentication_fails_5_4_1(fresh_fleet, make_transport, cam):
    fresh_fleet.control.faults(cam, onvif_no_auth=True)
    fresh_fleet.control.reset_counters(cam)
    calls = probe(make_transport, cam)
    assert fresh_fleet.control.counters(cam)["credentialed"] == 0
    answered = [c["call"] for c in calls if c["answer"] == "answered"]
    assert answered == ONVIF_CALLS

    control = evaluate(fresh_fleet, cam)["5.4.1"]
    assert control["status"] == "fail"
    assert control["reason"].startswith(
        "the camera answers without authentication: " + ", ".join(ONVIF_CALLS)), control["reason"]
    assert control["actual"]["answers_without_authentication"] == ONVIF_CALLS
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_vendor_api_without_authentication_fails_5_4_1(fresh_fleet, cam):
    fresh_fleet.control.preset(cam, "secure")  # nothing else of 5.4.1 fails
    fresh_fleet.control.faults(cam, api_no_auth=True)
    control = evaluate(fresh_fleet, cam)["5.4.1"]
    assert control["status"] == "fail"
    vendor_call = VENDOR_CALL[CAMERAS[cam]][0]
    assert control["reason"] == "the camera answers without authentication: %s" % vendor_call
    evidence = control["evidence"]["requests_without_credentials"]
    assert evidence[vendor_call].startswith("answered with data (HTTP 200)")
    assert all(evidence[c] == "refused (HTTP 401)" for c in ONVIF_CALLS)


def test_an_unreachable_camera_is_no_pass(fresh_fleet, make_transport):
    """A camera that drops the connections answers nothing: that is not a refusal."""
    cam = camera_of("onvif")
    fresh_fleet.control.faults(cam, drop_connection=-1)
    calls = probe(make_transport, cam)
    assert [c["answer"] for c in calls] == ["unclear"] * 3, calls
    assert all("no answer that tells" in c["detail"] for c in calls)


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_a_user_list_with_passwords_fails_5_4_2_and_shows_none(fresh_fleet, cam):
    users = fresh_fleet.control.state(cam)["users"]
    fresh_fleet.control.drift(cam, {"users": users + [WITNESS]})
    fresh_fleet.control.faults(cam, users_disclose_passwords=True)
    fresh_fleet.control.reset_counters(cam)
    result = run_compliance(fresh_fleet, cam, 1, probes=FAST)
    control = controls_of(result)["5.4.2"]
    assert control["status"] == "fail"
    expected = ", ".join(DISCLOSED_BY[CAMERAS[cam]])
    assert "the camera's user list discloses passwords (%s)" % expected in control["reason"]
    assert control["actual"]["passwords_disclosed_by"] == expected.split(", ")
    text = repr(result)
    assert WITNESS["password"] not in text
    assert fresh_fleet.password() not in text
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_a_user_list_without_passwords_passes_that_part(fresh_fleet, cam):
    control = evaluate(fresh_fleet, cam)["5.4.2"]
    assert control["actual"]["passwords_disclosed_by"] == []
    assert "discloses" not in (control["reason"] or "")
