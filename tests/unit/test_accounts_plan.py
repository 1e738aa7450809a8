"""The accounts area without a camera: the planner (merged, overridden, gathered, order,
the connection-user safety rules, bad input, unsupported settings, ONVIF anonymous users),
the diff with hidden passwords, apply and converge with a fake driver, the 5.4.x evaluators,
and the factory-credential table."""

import copy

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import default_credentials
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import accounts
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import account_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.accounts import NAME_RULE as AXIS_RULE
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, InputError, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.tasks import accounts as task

SECRET = "N3w-User-Pa55word!"


def hik_state(**kw):
    state = {"users": [{"name": "admin", "role": "admin"}, {"name": "bob", "role": "operator"}],
             "anonymous_access": True, "lockout": False, "lockout_attempts": 5,
             "default_password": {"camera_says_default": False, "camera_says_risky": False},
             "unsupported": {}, "_ids": {"admin": "1", "bob": "2"}}
    state.update(kw)
    return state


def axis_state(**kw):
    state = {"users": [{"name": "root", "role": "admin"}], "anonymous_access": True,
             "lockout": None, "lockout_attempts": None,
             "default_password": {"camera_says_default": None, "camera_says_risky": None},
             "unsupported": {"lockout": "no lockout API", "lockout_attempts": "no lockout API",
                             "default_password": "no self check"}}
    state.update(kw)
    return state


def onvif_state(**kw):
    state = {"users": [{"name": "admin", "role": "admin"}, {"name": "guest", "role": "anonymous"}],
             "anonymous_access": True, "_anonymous_is_a_user": True,
             "lockout": None, "lockout_attempts": None,
             "default_password": {"camera_says_default": None, "camera_says_risky": None},
             "unsupported": {"lockout": "no lockout", "lockout_attempts": "no lockout",
                             "default_password": "no self check"}}
    state.update(kw)
    return state


def want(users=None, me="admin", **kw):
    desired = {"users": users, "state": "merged", "_connection_user": me}
    desired.update(kw)
    return desired


def actions(changes):
    return [(c["action"], c["key"], c["after"]) for c in changes]


# -- merged -------------------------------------------------------------------------------

def test_merged_creates_fixes_roles_deletes_only_listed_absent_in_order():
    current = hik_state(users=[{"name": "admin", "role": "admin"},
                               {"name": "bob", "role": "operator"},
                               {"name": "eve", "role": "viewer"},
                               {"name": "old", "role": "viewer"}])
    changes = accounts.plan(current, want([
        {"name": "carol", "role": "viewer", "password": SECRET},
        {"name": "bob", "role": "viewer"},
        {"name": "old", "state": "absent"},
        {"name": "ghost", "state": "absent"},          # not there: nothing to do
    ]))
    assert actions(changes) == [
        ("delete", "users.old", None),
        ("update", "users.bob", {"name": "bob", "role": "viewer"}),
        ("create", "users.carol", {"name": "carol", "role": "viewer", "password": "********"}),
    ]
    assert changes[2]["_password"] == SECRET  # private: never in plan or diff
    assert "eve" not in str(changes)  # merged keeps the users it was not told about
    shown = [dict((k, v) for k, v in c.items() if not k.startswith("_")) for c in changes]
    assert SECRET not in str(shown)


def test_existing_user_with_a_password_is_not_changed_on_create_only():
    current = hik_state()
    assert accounts.plan(current, want([{"name": "bob", "role": "operator",
                                         "password": "whatever-it-is"}])) == []


def test_new_user_without_password_is_refused():
    with pytest.raises(InputError, match="user carol does not exist on the camera: give its "
                                         "password to create it"):
        accounts.plan(hik_state(), want([{"name": "carol", "role": "viewer"}]))


def test_a_role_change_the_api_takes_only_with_the_password_asks_for_it_up_front():
    # Hanwha SUNAPI (role_change_needs_password): without the user's password the plan
    # itself refuses, so check mode says so as well and nothing is written first; with it,
    # the password rides on the change privately and never in what is shown.
    needs = dict(_role_change_needs_password=True)
    with pytest.raises(InputError, match="user bob: this camera's API changes a role only "
                                         "together with the user's password"):
        accounts.plan(hik_state(), want([{"name": "bob", "role": "viewer"}], **needs))
    changes = accounts.plan(hik_state(), want([{"name": "bob", "role": "viewer",
                                                "password": SECRET}], **needs))
    assert actions(changes) == [("update", "users.bob", {"name": "bob", "role": "viewer"})]
    assert changes[0]["_password"] == SECRET
    # Elsewhere a role change never carries the password.
    plain = accounts.plan(hik_state(), want([{"name": "bob", "role": "viewer", "password": SECRET}]))
    assert "_password" not in plain[0]


def test_second_run_after_apply_plans_nothing():
    desired = want([{"name": "carol", "role": "operator", "password": SECRET},
                    {"name": "bob", "state": "absent"}], anonymous_access=False, lockout=True,
                   lockout_attempts=3)
    current = hik_state()
    changes = accounts.plan(current, desired)
    assert len(changes) == 5
    after = hik_state(users=[{"name": "admin", "role": "admin"},
                             {"name": "carol", "role": "operator"}],
                      anonymous_access=False, lockout=True, lockout_attempts=3)
    assert accounts.plan(after, desired) == []


# -- overridden and gathered ------------------------------------------------------------------

def test_overridden_deletes_every_user_not_listed():
    current = hik_state(users=[{"name": "admin", "role": "admin"},
                               {"name": "bob", "role": "operator"},
                               {"name": "zed", "role": "admin"}])
    changes = accounts.plan(current, want([{"name": "admin", "role": "admin"}],
                                          state="overridden"))
    assert actions(changes) == [("delete", "users.bob", None), ("delete", "users.zed", None)]


def test_gathered_plans_nothing_and_refuses_settings():
    assert accounts.plan(hik_state(), want(state="gathered")) == []
    with pytest.raises(InputError, match="gathered only reads: give no users"):
        accounts.plan(hik_state(), want([{"name": "x", "password": "p"}], state="gathered"))
    with pytest.raises(InputError, match="gathered only reads"):
        accounts.plan(hik_state(), want(state="gathered", lockout=True))


# -- the connection user and bad input ----------------------------------------------------------

@pytest.mark.parametrize("users,state,message", [
    ([{"name": "admin", "state": "absent"}], "merged",
     "user admin is the account this task logs in with: it cannot be deleted"),
    ([{"name": "admin", "role": "operator"}], "merged",
     "user admin is the account this task logs in with: it cannot be demoted to operator"),
    ([{"name": "admin"}], "merged", "cannot be demoted to viewer"),  # role defaults to viewer
    ([{"name": "bob", "role": "operator"}], "overridden",
     "user admin, the account this task logs in with, is not listed"),
    (None, "overridden", "state overridden needs users"),
    ([{"name": "bob"}, {"name": "bob", "state": "absent"}], "merged", "bob is listed twice"),
    ([{"name": "bob", "role": "superuser"}], "merged",
     "users item 1 (bob): role 'superuser' is not one of admin, operator, viewer"),
    ([{"name": "bob", "role": "anonymous"}], "merged", "role 'anonymous' is not one of"),
    ([{"name": "bob", "state": "gone"}], "merged", "state 'gone' is not one of present, absent"),
    ([{"name": ""}], "merged", "users item 1: name must be a non-empty string"),
    ([{"name": "two words", "password": "x"}], "merged", "has a space or a character"),
    ([{"name": "a&b", "password": "x"}], "merged", "has a space or a character"),
    ([{"name": "bob", "password": ""}], "merged", "password must be a non-empty string"),
    ([{"name": "bob", "colour": "red"}], "merged", "users item 1: unknown key colour"),
    ("bob", "merged", "users must be a list"),
    ([], "replaced", "state must be one of merged, overridden, gathered"),
])
def test_bad_input_is_refused_before_anything_is_read(users, state, message):
    with pytest.raises(InputError) as err:
        accounts.validate(want(users, state=state))
    assert message in str(err.value)


def test_the_username_is_needed_to_protect_the_connection_account():
    with pytest.raises(InputError, match="username is needed"):
        accounts.validate(want([{"name": "bob", "password": "x"}], me=None))


def test_the_connection_user_listed_as_admin_is_fine_and_others_may_be_demoted():
    users = accounts.validate(want([{"name": "admin", "role": "admin"},
                                    {"name": "zed", "role": "viewer"}], state="overridden"))
    assert [u["name"] for u in users] == ["admin", "zed"]


def test_vendor_name_rule():
    with pytest.raises(InputError, match="not accepted by this camera: 1 to 14 letters"):
        accounts.validate(want([{"name": "much-too-long-name", "password": "x"}], me="root"),
                          AXIS_RULE)
    with pytest.raises(InputError, match="not accepted by this camera"):
        accounts.validate(want([{"name": "at@sign", "password": "x"}], me="root"), AXIS_RULE)
    accounts.validate(want([{"name": "op_1.a-b", "password": "x"}], me="root"), AXIS_RULE)


@pytest.mark.parametrize("extra,message", [
    ({"lockout_attempts": 0}, "from 1 to 10, got 0"),
    ({"lockout_attempts": 11}, "from 1 to 10, got 11"),
    ({"lockout_attempts": True}, "from 1 to 10"),
    ({"lockout": False, "lockout_attempts": 3}, "lockout_attempts was given with lockout false"),
    ({"update_password": "always"}, "update_password must be on_create"),
    ({"anonymous_access": "no"}, "anonymous_access must be true or false"),
])
def test_bad_access_settings(extra, message):
    with pytest.raises(InputError) as err:
        accounts.validate(want(**extra))
    assert message in str(err.value)


# -- access settings ------------------------------------------------------------------------------

def test_access_settings_are_planned_last_and_only_when_different():
    changes = accounts.plan(hik_state(), want([{"name": "carol", "password": SECRET}],
                                              anonymous_access=False, lockout=True,
                                              lockout_attempts=5))
    assert [(c["key"], c["before"], c["after"]) for c in changes[1:]] == [
        ("anonymous_access", True, False), ("lockout", False, True)]


def test_unsupported_setting_fails_by_default_and_is_skipped_with_warn():
    with pytest.raises(Unsupported, match="^lockout: no lockout API$"):
        accounts.plan(axis_state(), want(me="root", lockout=True, anonymous_access=False))
    changes = accounts.plan(axis_state(), want(me="root", lockout=True, anonymous_access=False,
                                               _on_unsupported="warn"))
    assert [(c["key"], c["after"]) for c in changes] == [("anonymous_access", False)]


def test_onvif_anonymous_off_needs_the_anonymous_users_deleted():
    with pytest.raises(InputError, match="anonymous access is the user guest of level Anonymous; "
                                         "list it with state absent"):
        accounts.plan(onvif_state(), want(anonymous_access=False))
    changes = accounts.plan(onvif_state(), want([{"name": "guest", "state": "absent"}],
                                                anonymous_access=False))
    assert actions(changes) == [("delete", "users.guest", None)]  # no separate switch
    overridden = accounts.plan(onvif_state(), want([{"name": "admin", "role": "admin"}],
                                                   state="overridden", anonymous_access=False))
    assert actions(overridden) == [("delete", "users.guest", None)]
    done = onvif_state(users=[{"name": "admin", "role": "admin"}], anonymous_access=False)
    assert accounts.plan(done, want(anonymous_access=False)) == []


def test_onvif_anonymous_on_is_unsupported():
    done = onvif_state(users=[{"name": "admin", "role": "admin"}], anonymous_access=False)
    with pytest.raises(Unsupported, match="no anonymous-access switch"):
        accounts.plan(done, want(anonymous_access=True))
    assert accounts.plan(done, want(anonymous_access=True, _on_unsupported="warn")) == []
    assert accounts.plan(onvif_state(), want(anonymous_access=True)) == []  # already on


# -- diff ---------------------------------------------------------------------------------------

def test_diff_by_user_name_with_the_password_hidden():
    current = hik_state()
    changes = accounts.plan(current, want([{"name": "carol", "role": "operator", "password": SECRET},
                                           {"name": "bob", "role": "viewer"}],
                                          anonymous_access=False))
    before, after = accounts.diff(current, changes)
    assert before == {"users": {"bob": {"role": "operator"}}, "anonymous_access": True}
    assert after == {"users": {"bob": {"role": "viewer"},
                               "carol": {"role": "operator", "password": "********"}},
                     "anonymous_access": False}
    deleted = accounts.plan(current, want([{"name": "bob", "state": "absent"}]))
    assert accounts.diff(current, deleted) == ({"users": {"bob": {"role": "operator"}}},
                                               {"users": {}})
    assert accounts.diff(current, []) == ({}, {})


# -- apply and converge with a fake driver ------------------------------------------------------

class FakeDriver(object):
    vendor = "hikvision"
    camera = "fake-cam"
    account_name_rule = None
    role_change_needs_password = False

    def __init__(self, state, keeps=True):
        self.state = state
        self.keeps = keeps
        self.calls = []

    def read_accounts(self):
        self.calls.append(("read",))
        return copy.deepcopy(self.state)

    def forget_reads(self):
        pass

    def create_user(self, name, role, password):
        self.calls.append(("create", name, role, password))
        if self.keeps:
            self.state["users"].append({"name": name, "role": role})

    def update_user(self, name, role, current):
        self.calls.append(("update", name, role))
        if self.keeps:
            for user in self.state["users"]:
                if user["name"] == name:
                    user["role"] = role

    def delete_user(self, name, current):
        self.calls.append(("delete", name))
        self.state["users"] = [u for u in self.state["users"] if u["name"] != name]

    def write_access(self, values, current):
        self.calls.append(("access", values))
        self.state.update(values)


def test_converge_applies_in_order_and_reads_back():
    drv = FakeDriver(hik_state())
    desired = want([{"name": "carol", "password": SECRET}, {"name": "bob", "state": "absent"}],
                   lockout=True)
    result = converge(drv, accounts, desired, check_mode=False)
    assert drv.calls == [("read",), ("delete", "bob"), ("create", "carol", "viewer", SECRET),
                         ("access", {"lockout": True}), ("read",)]
    assert result["changed"] is True
    assert [u["name"] for u in result["current"]["users"]] == ["admin", "carol"]
    assert SECRET not in str(result)
    assert "_ids" not in result["current"]


def test_check_mode_reads_only():
    drv = FakeDriver(hik_state())
    result = converge(drv, accounts, want([{"name": "carol", "password": SECRET}]), check_mode=True)
    assert drv.calls == [("read",)]
    assert result["changed"] is True and result["plan"][0]["after"]["password"] == "********"


def test_a_role_the_camera_does_not_keep_fails_with_what_was_applied():
    drv = FakeDriver(hik_state(), keeps=False)
    with pytest.raises(CameraError) as err:
        converge(drv, accounts, want([{"name": "bob", "role": "viewer"}]), check_mode=False)
    assert "users.bob is {'name': 'bob', 'role': 'operator'}, expected" in str(err.value)
    assert err.value.details["applied"][0]["key"] == "users.bob"


def test_the_task_refuses_bad_input_before_the_driver_is_asked_anything():
    drv = FakeDriver(hik_state())
    params = {"users": [{"name": "admin", "role": "viewer", "password": None, "state": "present"}],
              "state": "merged", "username": "admin", "password": "x", "host": "fake-cam",
              "on_unsupported": "fail", "default_password_check": True,
              "default_password_login": False}
    with pytest.raises(InputError, match="cannot be demoted"):
        task.run(drv, params, False)
    assert drv.calls == []


# -- evaluators -------------------------------------------------------------------------------

def test_anonymous_and_lockout_5_4_1():
    assert account_checks.anonymous_and_lockout(hik_state(anonymous_access=False, lockout=True))[0] == "pass"
    status, actual, reason = account_checks.anonymous_and_lockout(hik_state())
    assert status == "fail" and "anonymous access is on" in reason and "lockout off" in reason
    assert actual == {"anonymous_access": True, "lockout": False, "lockout_attempts": 5}
    status, _actual, reason = account_checks.anonymous_and_lockout(axis_state(anonymous_access=False))
    assert status == "manual" and "login lockout: no lockout API" in reason
    status, _actual, reason = account_checks.anonymous_and_lockout(onvif_state())
    assert status == "fail" and "user guest of level Anonymous" in reason


def test_default_password_5_4_2():
    clean = {"connection_password_is_factory_default": False, "camera_says_default": False,
             "login_attempt": {"made": True, "user": "root", "accepted": False}}
    assert account_checks.default_password(clean)[0] == "pass"
    status, _actual, reason = account_checks.default_password(dict(clean, login_attempt={
        "made": True, "user": "root", "accepted": True}))
    assert status == "fail" and "accepted the factory account root" in reason
    status, _actual, reason = account_checks.default_password(dict(clean, connection_password_is_factory_default=True))
    assert status == "fail" and "task's own login uses a factory default password" in reason
    status, _actual, reason = account_checks.default_password(dict(clean, camera_says_default=True))
    assert status == "fail" and "camera says" in reason
    status, _actual, reason = account_checks.default_password(dict(clean, login_attempt={
        "made": False, "user": "root", "accepted": None, "reason": "not asked for"}))
    assert status == "manual" and "default_password_login: true" in reason


def test_users_match_5_4_3():
    current = hik_state(users=[{"name": "admin", "role": "admin"}, {"name": "bob", "role": "operator"},
                               {"name": "zed", "role": "admin"}])
    assert account_checks.users_match(current, [])[0] == "manual"
    status, actual, reason = account_checks.users_match(current, [
        {"name": "admin", "role": "admin"}, {"name": "bob", "role": "viewer"},
        {"name": "carol", "role": "viewer"}])
    assert status == "fail"
    assert reason == ("admin user zed is not declared; user bob is operator, declared viewer; "
                      "declared viewer user carol is missing")
    assert actual["users"][2] == {"name": "zed", "role": "admin"}
    assert account_checks.users_match(current, [
        {"name": "admin", "role": "admin"}, {"name": "bob", "role": "operator"},
        {"name": "zed", "role": "admin"}, {"name": "old", "state": "absent"}])[0] == "pass"


# -- factory credentials ----------------------------------------------------------------------

def test_factory_credentials_table():
    assert default_credentials.factory_account("axis") == ("root", "pass")
    assert default_credentials.factory_account("hikvision") == ("admin", "12345")
    assert default_credentials.factory_account("onvif") == ("admin", "admin")
    assert default_credentials.is_factory_password("onvif", "") is True
    assert default_credentials.is_factory_password("axis", "admin") is False
    assert default_credentials.is_factory_password("hikvision", "12345") is True
    assert default_credentials.is_factory_password("axis", None) is None
