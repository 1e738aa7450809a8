"""compliance_facts for the account clauses (compliance_accounts.py: 5.4.1 anonymous
access and login lockout, 5.4.2 factory-default and weak passwords, 5.4.3 the declared
users), in-process against the emulator. The default-password checks must never cost the
camera a failed login unless a login attempt is asked for, and then exactly one, which
never locks it."""

import pytest

from tests.unit.compliance_run import CAMERAS, controls_of, run_compliance
from tests.conftest import camera_of
FAST = {"timeout": 0.8, "services": ["tcp"]}  # the account clauses need no probe
SECOND_ADMIN = {"username": "opsadmin", "password": "Ops-Admin-Passw0rd-77", "level": "Administrator"}


def run_task(emulator, cam, level=1, controls=None, username=None, password=None):
    return run_compliance(emulator, cam, level, controls=controls, username=username,
                          password=password, probes=FAST)


def evaluate(emulator, cam, level=1, **kwargs):
    return controls_of(run_task(emulator, cam, level, **kwargs))


def with_password(emulator, cam, password):
    """The fleet's own account of `cam` with another password (behind the API's back)."""
    emulator.control.drift(cam, {"users.0.password": password})


# -- 5.4.1 -----------------------------------------------------------------------------

def test_insecure_cameras_let_anonymous_viewers_in(fresh_fleet):
    axis = evaluate(fresh_fleet, camera_of("axis"))["5.4.1"]
    assert axis["status"] == "fail"
    assert axis["reason"] == "anonymous access is on"
    hik = evaluate(fresh_fleet, camera_of("hikvision"))["5.4.1"]
    assert hik["status"] == "fail"
    assert hik["reason"] == ("anonymous access is on; failed logins do not lock the account "
                             "(lockout off)")
    onvif = evaluate(fresh_fleet, camera_of("onvif"))["5.4.1"]
    assert onvif["status"] == "manual" and onvif["actual"]["anonymous_access"] is False
    assert onvif["reason"].startswith("login lockout: ")


def test_secure_hikvision_passes_and_axis_cannot_report_its_lockout(fresh_fleet):
    for cam in (camera_of("axis"), camera_of("hikvision")):
        fresh_fleet.control.preset(cam, "secure")
    hik = evaluate(fresh_fleet, camera_of("hikvision"))["5.4.1"]
    assert hik["status"] == "pass", hik["reason"]
    assert hik["actual"] == {"anonymous_access": False, "lockout": True, "lockout_attempts": 5,
                             "answers_without_authentication": []}
    assert sorted(hik["evidence"]["requests_without_credentials"]) == [
        "ISAPI GET /ISAPI/System/deviceInfo", "ONVIF GetDeviceInformation",
        "ONVIF GetNetworkProtocols", "ONVIF GetUsers"]
    axis = evaluate(fresh_fleet, camera_of("axis"))["5.4.1"]
    assert axis["status"] == "manual" and "login lockout" in axis["reason"]


def test_an_onvif_user_of_level_anonymous_is_anonymous_access(fresh_fleet):
    users = fresh_fleet.control.state(camera_of("onvif"))["users"]
    fresh_fleet.control.drift(camera_of("onvif"), {"users": users + [
        {"username": "guest", "password": "", "level": "Anonymous"}]})
    control = evaluate(fresh_fleet, camera_of("onvif"))["5.4.1"]
    assert control["status"] == "fail"
    assert control["reason"] == "anonymous access is on (user guest of level Anonymous)"


# -- 5.4.2 -----------------------------------------------------------------------------

@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_own_login_as_the_factory_account_answers_without_another_login(fresh_fleet, cam):
    fresh_fleet.control.reset_counters(cam)
    control = evaluate(fresh_fleet, cam)["5.4.2"]
    assert control["status"] == "pass", control["reason"]
    assert control["actual"]["login_attempt"]["made"] is False
    assert control["actual"]["connection_password_is_factory_default"] is False
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


def test_hikvision_factory_password_fails_without_any_failed_login(fresh_fleet):
    cam = camera_of("hikvision")
    with_password(fresh_fleet, cam, "12345")
    fresh_fleet.control.reset_counters(cam)
    control = evaluate(fresh_fleet, cam, password="12345")["5.4.2"]
    assert control["status"] == "fail"
    assert "the task's own login uses a factory default password" in control["reason"]
    assert "the camera says the account in use still has its default password" in control["reason"]
    assert "12345" not in str(control)  # the password itself is never reported
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


def test_hikvision_weak_password_fails_on_the_cameras_own_rating(fresh_fleet):
    cam = camera_of("hikvision")
    with_password(fresh_fleet, cam, "20261128")
    control = evaluate(fresh_fleet, cam, password="20261128")["5.4.2"]
    assert control["status"] == "fail"
    assert control["reason"] == "the camera rates the password of the account in use as risky (weak)"
    assert control["actual"]["camera_says_risky"] is True
    assert control["actual"]["connection_password_is_factory_default"] is False


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_one_factory_login_per_run_never_locks_the_camera(fresh_fleet, cam):
    """The task logs in as a second admin, so the factory account's password is unknown
    and one login is tried; with a lockout after 3 failures in a row, 5 runs never lock."""
    users = fresh_fleet.control.state(cam)["users"]
    fresh_fleet.control.drift(cam, {"users": users + [SECOND_ADMIN]})
    fresh_fleet.control.faults(cam, lockout_after=3)
    fresh_fleet.control.reset_counters(cam)
    expect = {"5.4.2": {"expect": {"login_attempt": True}}}
    for run in range(1, 6):
        control = evaluate(fresh_fleet, cam, controls=expect, username=SECOND_ADMIN["username"],
                           password=SECOND_ADMIN["password"])["5.4.2"]
        assert control["status"] == "pass", control["reason"]
        attempt = control["actual"]["login_attempt"]
        assert (attempt["made"], attempt["accepted"]) == (True, False), attempt
        assert fresh_fleet.control.counters(cam)["failed_logins"] == run
    # Not locked: the camera still takes the fleet's own account.
    assert evaluate(fresh_fleet, cam)["5.4.2"]["status"] == "pass"


def hikvision_lockout(emulator, attempts):
    """The Hikvision camera with its own setting: lock after `attempts` failed logins in a row, and a
    second admin for the task (so the factory account's password is not known)."""
    cam = camera_of("hikvision")
    users = emulator.control.state(cam)["users"]
    emulator.control.drift(cam, {"users": users + [SECOND_ADMIN], "access.lockout_enabled": True,
                                 "access.lockout_attempts": attempts})
    emulator.control.reset_counters(cam)
    return cam


def test_no_factory_login_where_one_failure_locks(fresh_fleet):
    cam = hikvision_lockout(fresh_fleet, 1)
    expect = {"5.4.2": {"expect": {"login_attempt": True}}}
    control = evaluate(fresh_fleet, cam, controls=expect, username=SECOND_ADMIN["username"],
                       password=SECOND_ADMIN["password"])["5.4.2"]
    attempt = control["actual"]["login_attempt"]
    assert attempt["made"] is False
    assert attempt["reason"] == "not attempted: the camera locks after 1 failed login"
    assert control["status"] == "manual"
    assert "not attempted: the camera locks after 1 failed login" in control["reason"]
    assert control["evidence"]["lockout_threshold"] == "the camera locks after 1 failed login in a row"
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


def test_with_a_threshold_of_three_one_login_per_run_never_locks(fresh_fleet):
    cam = hikvision_lockout(fresh_fleet, 3)
    expect = {"5.4.2": {"expect": {"login_attempt": True}}}
    for run in range(1, 6):
        control = evaluate(fresh_fleet, cam, controls=expect, username=SECOND_ADMIN["username"],
                           password=SECOND_ADMIN["password"])["5.4.2"]
        attempt = control["actual"]["login_attempt"]
        assert (attempt["made"], attempt["accepted"]) == (True, False), attempt
        assert control["status"] == "pass", control["reason"]
        assert control["evidence"]["lockout_threshold"] == "the camera locks after 3 failed logins in a row"
        assert fresh_fleet.control.counters(cam)["failed_logins"] == run
    assert evaluate(fresh_fleet, cam)["5.4.2"]["status"] == "pass"  # not locked


def test_where_the_threshold_cannot_be_read_the_evidence_says_so(fresh_fleet):
    cam = camera_of("axis")
    users = fresh_fleet.control.state(cam)["users"]
    fresh_fleet.control.drift(cam, {"users": users + [SECOND_ADMIN]})
    fresh_fleet.control.reset_counters(cam)
    control = evaluate(fresh_fleet, cam, controls={"5.4.2": {"expect": {"login_attempt": True}}},
                       username=SECOND_ADMIN["username"], password=SECOND_ADMIN["password"])["5.4.2"]
    assert control["actual"]["login_attempt"]["made"] is True
    assert control["evidence"]["lockout_threshold"].startswith(
        "the camera's lockout threshold could not be read (VAPIX has no login-lockout setting")
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 1


def test_without_a_login_attempt_an_unknown_factory_password_is_manual(fresh_fleet):
    cam = camera_of("axis")
    users = fresh_fleet.control.state(cam)["users"]
    fresh_fleet.control.drift(cam, {"users": users + [SECOND_ADMIN]})
    fresh_fleet.control.reset_counters(cam)
    control = evaluate(fresh_fleet, cam, username=SECOND_ADMIN["username"],
                       password=SECOND_ADMIN["password"])["5.4.2"]
    assert control["status"] == "manual"
    assert "default_password_login: true" in control["reason"]
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


# -- 5.4.3 -----------------------------------------------------------------------------

def test_users_are_manual_until_declared_then_judged(fresh_fleet):
    cam = camera_of("hikvision")
    assert evaluate(fresh_fleet, cam, level=2)["5.4.3"]["status"] == "manual"
    declared = {"5.4.3": {"expect": {"users": [{"name": "admin", "role": "admin"}]}}}
    assert evaluate(fresh_fleet, cam, level=2, controls=declared)["5.4.3"]["status"] == "pass"
    users = fresh_fleet.control.state(cam)["users"]
    fresh_fleet.control.drift(cam, {"users": users + [
        {"username": "installer", "password": "Left-Behind-2024", "level": "Administrator"},
        {"username": "guard", "password": "Guard-Desk-2024", "level": "Viewer"}]})
    control = evaluate(fresh_fleet, cam, level=2, controls=declared)["5.4.3"]
    assert control["status"] == "fail"
    assert control["reason"] == ("admin user installer is not declared; "
                                 "viewer user guard is not declared")


def test_a_password_in_the_declared_users_is_refused_before_any_call(fresh_fleet):
    cam = camera_of("onvif")
    fresh_fleet.control.reset_counters(cam)
    declared = {"5.4.3": {"expect": {"users": [
        {"name": "admin", "role": "admin", "password": "Never-In-A-Report-1"}]}}}
    result = run_task(fresh_fleet, cam, level=2, controls=declared)
    assert result["failed"] is True
    assert "invalid input" in result["msg"] and "only name, role and state" in result["msg"]
    assert "Never-In-A-Report-1" not in result["msg"]
    assert fresh_fleet.control.counters(cam)["requests"] == 0
