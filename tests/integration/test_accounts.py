"""accounts against the emulator, per vendor: check/diff, apply, read back, idempotence;
a created user logs in with its password; anonymous viewing really off (401 without
credentials); passwords never shown at -vvv; bad input refused with zero writes; the
Hikvision lockout round trip; and the factory-password login that never locks a camera,
and that finds a factory account that still has its factory password."""

import json

import pytest
import requests
from requests.auth import HTTPDigestAuth

from tests.integration.ansible_run import run_playbook
from tests.integration.conftest import address
from tests.conftest import camera_of, cameras_of, expected, factory_username, per_camera, vendor_of, vendor_package

TASK = "Manage accounts"
CAMS = cameras_of()  # every registered vendor
ADMIN = {cam: factory_username(vendor_of(cam)) for cam in cameras_of()}
FACTORY_PASSWORD = {cam: vendor_package(vendor_of(cam)).FACTORY_PASSWORD for cam in CAMS}
SNAPSHOT = {cam: vendor_package(vendor_of(cam)).MEDIA["snapshot_path"] for cam in CAMS}
CAROL_PW = "Carol-Viewer-Pw-7f3a1c"
OPS, OPS_PW = "opsadmin", "Ops-Admin-Pw-5d2e9a"

DRIFT = [{"username": "bob", "password": "Bob-Operator-Pw-19", "level": "Operator"},
         {"username": "eve", "password": "Eve-Viewer-Pw-2b", "level": "Viewer"}]
ANONYMOUS_USER = {"username": "guest", "password": "", "level": "Anonymous"}
WANT = [{"name": "carol", "role": "viewer", "password": CAROL_PW},
        {"name": "bob", "role": "viewer"},
        {"name": "eve", "state": "absent"}]
USERS_BEFORE = {"bob": {"role": "operator"}, "eve": {"role": "viewer"}}
USERS_AFTER = {"bob": {"role": "viewer"}, "carol": {"role": "viewer", "password": "********"}}


def accounts_case(vendor):
    """What the camera drifts to, what the task asks and the diff, from how the vendor
    keeps anonymous access and whether it has a login-lockout setting (the package's
    EXPECTED["accounts"]): a switch (Axis BoaProtViewer, Hikvision anonymouslogin) or a
    user of level Anonymous, deleted (ONVIF); a lockout setting (Hikvision
    illegalLoginLock) is asked on as well."""
    how = expected(vendor, "accounts")
    if how["anonymous_access"] == "user":
        case = {"drift": DRIFT + [ANONYMOUS_USER],
                "want": {"accounts_users": WANT + [{"name": "guest", "state": "absent"}],
                         "anonymous_access": False},
                "diff": ({"users": dict(USERS_BEFORE, guest={"role": "anonymous"})},
                         {"users": USERS_AFTER})}
    else:
        case = {"drift": DRIFT, "want": {"accounts_users": WANT, "anonymous_access": False},
                "diff": ({"users": USERS_BEFORE, "anonymous_access": True},
                         {"users": USERS_AFTER, "anonymous_access": False})}
    if how.get("role_change_needs_password"):
        # Hanwha SUNAPI changes a role only with the user's password in the same request.
        users = case["want"]["accounts_users"]
        case["want"]["accounts_users"] = [dict(u, password=DRIFT[0]["password"])
                                          if u["name"] == "bob" else u for u in users]
    if how["lockout_setting"]:
        case["want"].update(lockout=True, lockout_attempts=5)
        case["diff"][0]["lockout"], case["diff"][1]["lockout"] = False, True
    return case


CASES = per_camera(accounts_case)


def run(fleet, cam, check=False, diff=False, verbosity=0, **extra):
    return run_playbook("accounts.yml", fleet.inventory, dict(extra, target=cam),
                        check=check, diff=diff, verbosity=verbosity)


def add_users(fleet, cam, extra, admin_password=None, drift=None):
    """Accounts made behind the collection's back; users[0] stays the fleet's admin (its
    password changed only when asked: the fleet fixture restores the factory state)."""
    users = fleet.control.state(cam)["users"]
    if admin_password is not None:
        users[0]["password"] = admin_password
    fleet.control.drift(cam, dict(drift or {}, users=users + [dict(u) for u in extra]))
    fleet.control.reset_counters(cam)


def levels(fleet, cam):
    return dict((u["username"], u["level"]) for u in fleet.control.state(cam)["users"])


def snapshot(fleet, cam, auth=None):
    return requests.get("https://%s%s" % (address(fleet, cam), SNAPSHOT[cam]), auth=auth,
                        verify=fleet.ca_path(), timeout=5)


def leaks(run_, secrets):
    places = (("stdout", run_.stdout), ("stderr", run_.stderr),
              ("records", json.dumps(run_.records)))
    return ["%s in %s" % (label, place) for place, text in places
            for label, secret in secrets.items() if secret in text]


@pytest.mark.parametrize("cam", CAMS)
def test_accounts_converge_and_the_new_user_logs_in(fleet, cam):
    case = CASES[cam]
    add_users(fleet, cam, case["drift"])
    assert snapshot(fleet, cam).status_code == 200, "anonymous viewing should start on"
    before_state = fleet.control.state(cam)
    secrets = {"new user's password": CAROL_PW, "fleet password": fleet.password()}

    check = run(fleet, cam, check=True, diff=True, verbosity=3, **case["want"])
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["diff"] == {"before": case["diff"][0], "after": case["diff"][1]}
    assert fleet.control.state(cam) == before_state, "check mode changed the camera"
    assert fleet.control.counters(cam)["writes"] == 0
    assert leaks(check, secrets) == []

    real = run(fleet, cam, diff=True, verbosity=3, **case["want"])
    assert real.rc == 0, real
    res = real.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["plan"] == check.result(TASK, cam)["result"]["plan"], \
        "check mode and the real run disagree"
    assert levels(fleet, cam) == {ADMIN[cam]: "Administrator", "bob": "Viewer", "carol": "Viewer"}
    assert res["users"] == [{"name": n, "role": r} for n, r in sorted(
        {ADMIN[cam]: "admin", "bob": "viewer", "carol": "viewer"}.items())]
    assert res["anonymous_access"] is False
    access = fleet.control.state(cam)["access"]
    if expected(vendor_of(cam), "accounts")["lockout_setting"]:
        assert (access["lockout_enabled"], access["lockout_attempts"]) == (True, 5)
        assert (res["lockout"], res["lockout_attempts"]) == (True, 5)
    else:
        assert access["anonymous_viewer"] is False
    assert leaks(real, secrets) == []
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in real.stdout  # shown masked, -vvv

    # The new user logs in with its password; a wrong one is refused.
    assert snapshot(fleet, cam, HTTPDigestAuth("carol", CAROL_PW)).status_code == 200
    assert snapshot(fleet, cam, HTTPDigestAuth("carol", CAROL_PW + "x")).status_code == 401
    # Anonymous viewing is off on the wire.
    assert snapshot(fleet, cam).status_code == 401

    again = run(fleet, cam, **case["want"])
    assert again.rc == 0, again
    assert again.result(TASK, cam)["result"]["changed"] is False


def test_overridden_deletes_the_users_not_listed(fleet):
    cam = camera_of("axis")
    add_users(fleet, cam, DRIFT)
    args = {"accounts_state": "overridden",
            "accounts_users": [{"name": "root", "role": "admin"}, {"name": "bob", "role": "operator"}]}
    res = run(fleet, cam, diff=True, **args)
    assert res.rc == 0, res
    assert res.result(TASK, cam)["result"]["diff"] == {"before": {"users": {"eve": {"role": "viewer"}}},
                                                       "after": {"users": {}}}
    assert levels(fleet, cam) == {"root": "Administrator", "bob": "Operator"}
    assert run(fleet, cam, **args).result(TASK, cam)["result"]["changed"] is False


BAD_INPUT = [
    (camera_of("axis"), {"accounts_users": [{"name": "x1", "role": "superuser", "password": "Xx-1234567"}]},
     "value of role must be one of: admin, operator, viewer"),
    (camera_of("hikvision"), {"accounts_users": [{"name": "newbie", "role": "viewer"}]},
     "user newbie does not exist on the camera: give its password to create it"),
    (camera_of("axis"), {"accounts_users": [{"name": "root", "state": "absent"}]},
     "user root is the account this task logs in with: it cannot be deleted"),
    (camera_of("onvif"), {"accounts_users": [{"name": "admin", "role": "operator"}]},
     "user admin is the account this task logs in with: it cannot be demoted to operator"),
    (camera_of("hikvision"), {"accounts_users": [{"name": "admin"}]}, "it cannot be demoted to viewer"),
    (camera_of("hikvision"), {"accounts_state": "overridden",
                  "accounts_users": [{"name": "bob", "role": "operator"}]},
     "user admin, the account this task logs in with, is not listed"),
    (camera_of("onvif"), {"accounts_users": [{"name": "bob", "role": "viewer"},
                                     {"name": "bob", "state": "absent"}]}, "bob is listed twice"),
    (camera_of("axis"), {"accounts_users": [{"name": "much-too-long-1", "password": "Xx-1234567"}]},
     "user name 'much-too-long-1' is not accepted by this camera: 1 to 14 letters"),
    (camera_of("hikvision"), {"lockout": True, "lockout_attempts": 11}, "lockout_attempts must be a whole "
                                                             "number from 1 to 10, got 11"),
    (camera_of("onvif"), {"anonymous_access": False}, "anonymous access is the user guest of level "
                                              "Anonymous; list it with state absent"),
]


@pytest.mark.parametrize("cam,extra,message", BAD_INPUT)
def test_bad_input_fails_clearly_and_writes_nothing(fleet, cam, extra, message):
    add_users(fleet, cam, DRIFT + ([ANONYMOUS_USER] if cam == camera_of("onvif") else []))
    before_state = fleet.control.state(cam)
    bad = run(fleet, cam, **extra)
    assert bad.rc != 0
    res = bad.result(TASK, cam)
    assert res["status"] == "failed"
    assert "camera %s: invalid input, nothing was changed" % address(fleet, cam) in res["result"]["msg"]
    assert message in res["result"]["msg"]
    counters = fleet.control.counters(cam)
    assert (counters["writes"], counters["failed_logins"]) == (0, 0)
    assert fleet.control.state(cam) == before_state


def test_axis_lockout_is_unsupported_fail_or_warn(fleet):
    cam = camera_of("axis")
    fleet.control.reset_counters(cam)
    bad = run(fleet, cam, lockout=True, anonymous_access=False)
    assert bad.rc != 0
    msg = bad.result(TASK, cam)["result"]["msg"]
    assert "not supported by this camera's API: lockout: VAPIX has no login-lockout setting" in msg
    assert fleet.control.counters(cam)["writes"] == 0
    assert fleet.control.state(cam)["access"]["anonymous_viewer"] is True

    warned = run(fleet, cam, lockout=True, anonymous_access=False, on_unsupported="warn")
    assert warned.rc == 0, warned
    res = warned.result(TASK, cam)["result"]
    assert res["changed"] is True and [c["key"] for c in res["plan"]] == ["anonymous_access"]
    assert any(w.startswith("lockout: VAPIX has no login-lockout") for w in res["warnings"])
    assert fleet.control.state(cam)["access"]["anonymous_viewer"] is False


def test_hikvision_lockout_round_trip(fleet):
    cam = camera_of("hikvision")
    before_state = fleet.control.state(cam)
    check = run(fleet, cam, check=True, diff=True, lockout=True, lockout_attempts=3)
    assert check.rc == 0, check
    assert check.result(TASK, cam)["result"]["diff"] == {
        "before": {"lockout": False, "lockout_attempts": 5},
        "after": {"lockout": True, "lockout_attempts": 3}}
    assert fleet.control.state(cam) == before_state

    on = run(fleet, cam, lockout=True, lockout_attempts=3)
    assert on.rc == 0, on
    access = fleet.control.state(cam)["access"]
    assert (access["lockout_enabled"], access["lockout_attempts"]) == (True, 3)
    assert run(fleet, cam, lockout=True, lockout_attempts=3).result(TASK, cam)["result"]["changed"] is False

    off = run(fleet, cam, diff=True, lockout=False)
    assert off.rc == 0, off
    assert off.result(TASK, cam)["result"]["diff"] == {"before": {"lockout": True},
                                                       "after": {"lockout": False}}
    assert fleet.control.state(cam)["access"]["lockout_enabled"] is False
    assert run(fleet, cam, lockout=False).result(TASK, cam)["result"]["changed"] is False


def test_a_camera_refusal_names_the_camera_the_call_and_the_cause(fleet):
    cam = camera_of("hikvision")
    add_users(fleet, cam, [{"username": OPS, "password": OPS_PW, "level": "Administrator"}])
    res = run(fleet, cam, cam_username=OPS, cam_password=OPS_PW,
              accounts_users=[{"name": "admin", "state": "absent"}])
    assert res.rc != 0
    msg = res.result(TASK, cam)["result"]["msg"]
    assert msg == ("camera %s: ISAPI DELETE /ISAPI/Security/users/1: Invalid Operation "
                   "(statusCode 4, deleteAdminNotAllowed)" % address(fleet, cam))
    assert "admin" in levels(fleet, cam)


def test_delegated_module_creates_a_user_and_makes_one_login(fleet, jumphost_inventory):
    """The real module on a jump host (AnsiballZ): the area, the drivers and the one-login
    Transport are all packed with it."""
    cam = camera_of("axis")
    add_users(fleet, cam, [{"username": OPS, "password": OPS_PW, "level": "Administrator"}])
    run_ = run_playbook("accounts_delegated.yml", fleet.inventory,
                        {"target": cam, "cam_username": OPS, "cam_password": OPS_PW,
                         "accounts_users": [{"name": "carol", "role": "operator",
                                             "password": CAROL_PW}]},
                        verbosity=3, extra_args=["-i", jumphost_inventory])
    assert run_.rc == 0, run_
    assert "AnsiballZ_accounts.py" in run_.stdout
    res = run_.result("Manage accounts on the jump host", cam)["result"]
    assert res["_ansible_delegated_vars"]["ansible_host"] == "jumphost"
    assert res["changed"] is True
    assert res["default_password"]["login_attempt"]["made"] is True
    assert res["default_password"]["login_attempt"]["accepted"] is False
    assert levels(fleet, cam)["carol"] == "Operator"
    assert fleet.control.counters(cam)["failed_logins"] == 1
    assert leaks(run_, {"new user's password": CAROL_PW, "ops password": OPS_PW}) == []


# -- 5.4.2: factory passwords ------------------------------------------------------------------

@pytest.mark.parametrize("cam", CAMS)
def test_the_factory_password_login_never_locks_the_camera(fleet, cam):
    """Five runs in a row against a camera that locks after 3 failed logins: each run makes
    exactly one failed login, between two good ones, so the camera never locks."""
    # Anonymous viewing off, so that a snapshot request below really logs in.
    add_users(fleet, cam, [{"username": OPS, "password": OPS_PW, "level": "Administrator"}],
              drift={"access.anonymous_viewer": False})
    assert snapshot(fleet, cam).status_code == 401
    fleet.control.faults(cam, lockout_after=3)
    for number in range(1, 6):
        gathered = run(fleet, cam, cam_username=OPS, cam_password=OPS_PW,
                       accounts_state="gathered", default_password_login=True)
        assert gathered.rc == 0, gathered
        res = gathered.result(TASK, cam)["result"]
        assert res["changed"] is False
        assert res["default_password"]["login_attempt"] == {
            "made": True, "user": ADMIN[cam], "accepted": False,
            "reason": "the camera refused %s with its factory password" % ADMIN[cam]}
        counters = fleet.control.counters(cam)
        assert (counters["failed_logins"], counters["locked"], counters["writes"]) == (number, False, 0)
    # The camera still answers its own admin ...
    assert snapshot(fleet, cam, HTTPDigestAuth(ADMIN[cam], fleet.password())).status_code == 200
    # ... and the fault was live: three failures in a row do lock it.
    for _ in range(3):
        snapshot(fleet, cam, HTTPDigestAuth(ADMIN[cam], "not-the-password"))
    assert fleet.control.counters(cam)["locked"] is True


@pytest.mark.parametrize("cam", CAMS)
def test_a_factory_account_with_its_factory_password_is_found(fleet, cam):
    # The factory account really has the factory password; the task logs in as another admin.
    # (The fleet fixture puts the fleet's own password back afterwards.)
    add_users(fleet, cam, [{"username": OPS, "password": OPS_PW, "level": "Administrator"}],
              admin_password=FACTORY_PASSWORD[cam])
    found = run(fleet, cam, cam_username=OPS, cam_password=OPS_PW, accounts_state="gathered",
                default_password_login=True)
    assert found.rc != 0
    res = found.result(TASK, cam)
    assert res["status"] == "failed"
    assert res["result"]["msg"] == (
        "camera %s: 5.4.2 default password check: the camera accepted the factory account %s "
        "with its factory password; change the password" % (address(fleet, cam), ADMIN[cam]))
    assert res["result"]["default_password"]["login_attempt"]["accepted"] is True
    counters = fleet.control.counters(cam)
    assert (counters["failed_logins"], counters["writes"]) == (0, 0)


def test_hikvision_zero_login_check_finds_the_factory_password_in_use(fleet):
    cam = camera_of("hikvision")
    add_users(fleet, cam, [], admin_password="12345")
    found = run(fleet, cam, cam_password="12345", accounts_state="gathered")
    assert found.rc != 0
    res = found.result(TASK, cam)["result"]
    checks = res["default_password"]
    assert checks["connection_password_is_factory_default"] is True
    assert checks["camera_says_default"] is True and checks["camera_says_risky"] is True
    assert checks["login_attempt"]["made"] is False
    assert "the task's own login uses a factory default password; the camera says" in res["msg"]
    assert fleet.control.counters(cam)["failed_logins"] == 0


@pytest.mark.parametrize("cam", CAMS)
def test_gathered_reads_without_writing_or_failing(fleet, cam):
    fleet.control.reset_counters(cam)
    gathered = run(fleet, cam, accounts_state="gathered")
    assert gathered.rc == 0, gathered
    res = gathered.result(TASK, cam)["result"]
    assert res["changed"] is False and res["plan"] == []
    assert res["users"] == [{"name": ADMIN[cam], "role": "admin"}]
    assert res["default_password"]["connection_password_is_factory_default"] is False
    assert res["default_password"]["login_attempt"]["made"] is False
    how = expected(vendor_of(cam), "accounts")
    if how["lockout_setting"]:  # read, and off from the factory
        assert res["lockout"] is False
    elif how.get("fixed_lockout"):  # not a setting, but always on (Hanwha: 5 failures)
        assert (res["lockout"], res["lockout_attempts"]) == (True, how["fixed_lockout"])
    else:
        assert "lockout" in res["unsupported"]
    if how["anonymous_access"] == "switch":  # the factory switch, as the camera has it
        assert res["anonymous_access"] is fleet.control.state(cam)["access"]["anonymous_viewer"]
    counters = fleet.control.counters(cam)
    assert (counters["writes"], counters["failed_logins"]) == (0, 0)
