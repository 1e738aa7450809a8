# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `accounts`: user accounts and their roles, anonymous access and the login lockout
(5.4.1, 5.4.3). Whether they are as a control wants is judged in controls/account_checks.py.

Read model (drivers return it; users sorted by name):
    {"users": [{"name": str, "role": "admin"|"operator"|"viewer"|"anonymous"}],
     "anonymous_access": bool|None, "lockout": bool|None, "lockout_attempts": int|None,
     "default_password": {"camera_says_default": bool|None, "camera_says_risky": bool|None},
     "passwords_disclosed_by": [call whose user list carried password values; the values
                                themselves are dropped by the driver's parse],
     "unsupported": {key: reason}}
Private keys (not shown): "_ids" (Hikvision user ids), "_anonymous_is_a_user" (ONVIF:
anonymous access is a user of level Anonymous, turned off by deleting those users).

States:
merged      create the users that are missing, fix the roles of those listed, delete only
            the users listed with state absent
overridden  the same, and delete every user that is not listed
gathered    read only
Passwords cannot be read back, so a password is sent only when its user is created
(update_password: on_create); that keeps a second run at changed=false.

Safety: the account the task logs in with can never be deleted nor demoted below admin,
and overridden must list it: all refused as bad input, before anything is sent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import compare
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError, Unsupported

NAME = "accounts"
STATES = ("merged", "overridden", "gathered")
USER_STATES = ("present", "absent")
ROLES = ("admin", "operator", "viewer")  # what a task may give; cameras may also show others
UPDATE_PASSWORD = ("on_create",)
USER_KEYS = ("name", "role", "password", "state")
LOCKOUT_ATTEMPTS = (1, 10)
HIDDEN = "********"
# Every vendor: printable, no spaces, no characters that break a URL query or XML.
NAME_RULE = re.compile(r"^[^\s:/\\&<>\"'%?#=,;]{1,32}$")
ACCESS_KEYS = ("anonymous_access", "lockout", "lockout_attempts")


def read(driver):
    current = driver.read_accounts()
    current["users"] = sorted(current.get("users") or [], key=lambda u: u["name"])
    current.setdefault("unsupported", {})
    return current


def public(current):
    out = dict((k, v) for k, v in current.items() if not k.startswith("_"))
    out["users"] = [{"name": u["name"], "role": u["role"]} for u in current.get("users") or []]
    return out


# -- input --------------------------------------------------------------------------------

def validate(desired, name_rule=None):
    """The desired users, normalised: [{"name","role","password","state"}] or None.
    InputError before anything is read or sent. name_rule: the driver's
    account_name_rule, (regex, description)."""
    state = desired.get("state") or "merged"
    if state not in STATES:
        raise InputError("state must be one of %s, got %r" % (", ".join(STATES), state))
    if (desired.get("update_password") or "on_create") not in UPDATE_PASSWORD:
        raise InputError("update_password must be on_create (passwords cannot be read back, "
                         "so they are sent only when a user is created), got %r"
                         % desired.get("update_password"))
    _validate_access(desired, state)
    wanted = desired.get("users")
    if state == "gathered":
        if wanted:
            raise InputError("state gathered only reads: give no users")
        return None
    if wanted is None:
        if state == "overridden":
            raise InputError("state overridden needs users: it deletes every user not listed")
        return None
    if not isinstance(wanted, (list, tuple)):
        raise InputError("users must be a list of {name, role, password, state}")
    users = [_user(raw, i + 1, name_rule) for i, raw in enumerate(wanted)]
    seen = set()
    for user in users:
        if user["name"] in seen:
            raise InputError("users: %s is listed twice (give each user once)" % user["name"])
        seen.add(user["name"])
    _protect_connection_user(users, desired.get("_connection_user"), state)
    return users


def _validate_access(desired, state):
    for key in ("anonymous_access", "lockout"):
        if desired.get(key) is not None and not isinstance(desired[key], bool):
            raise InputError("%s must be true or false, got %r" % (key, desired[key]))
    attempts = desired.get("lockout_attempts")
    if attempts is not None:
        low, high = LOCKOUT_ATTEMPTS
        if isinstance(attempts, bool) or not isinstance(attempts, int) or not low <= attempts <= high:
            raise InputError("lockout_attempts must be a whole number from %d to %d, got %r"
                             % (low, high, attempts))
        if desired.get("lockout") is False:
            raise InputError("lockout_attempts was given with lockout false: failed logins are "
                             "only counted with the lockout on")
    if state == "gathered" and any(desired.get(k) is not None for k in ACCESS_KEYS):
        raise InputError("state gathered only reads: give no anonymous_access, lockout or "
                         "lockout_attempts")


def _user(raw, number, name_rule):
    where = "users item %d" % number
    if not isinstance(raw, dict):
        raise InputError("%s must be a dict with name, role, password and state" % where)
    unknown = set(raw) - set(USER_KEYS)
    if unknown:
        raise InputError("%s: unknown key%s %s" % (where, "" if len(unknown) == 1 else "s",
                                                   ", ".join(sorted(unknown))))
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise InputError("%s: name must be a non-empty string" % where)
    if not NAME_RULE.match(name):
        raise InputError("%s: user name %r has a space or a character cameras refuse "
                         "(: / \\ & < > \" ' %% ? # = , ;) or is over 32 characters" % (where, name))
    if name_rule and not re.match(name_rule[0], name):
        raise InputError("%s: user name %r is not accepted by this camera: %s"
                         % (where, name, name_rule[1]))
    role = raw.get("role") or "viewer"
    if role not in ROLES:
        raise InputError("%s (%s): role %r is not one of %s" % (where, name, role, ", ".join(ROLES)))
    state = raw.get("state") or "present"
    if state not in USER_STATES:
        raise InputError("%s (%s): state %r is not one of %s"
                         % (where, name, state, ", ".join(USER_STATES)))
    password = raw.get("password")
    if password is not None and (not isinstance(password, str) or password == ""):
        raise InputError("%s (%s): password must be a non-empty string" % (where, name))
    return {"name": name, "role": role, "password": password, "state": state}


def _protect_connection_user(users, connection_user, state):
    if not connection_user:
        raise InputError("the task's username is needed to manage accounts: the account the "
                         "task logs in with is never deleted nor demoted")
    listed = [u for u in users if u["name"] == connection_user]
    if listed and listed[0]["state"] == "absent":
        raise InputError("user %s is the account this task logs in with: it cannot be deleted "
                         "(log in with another admin to delete it)" % connection_user)
    if listed and listed[0]["role"] != "admin":
        raise InputError("user %s is the account this task logs in with: it cannot be demoted "
                         "to %s (it stays admin; log in with another admin to change it)"
                         % (connection_user, listed[0]["role"]))
    if state == "overridden" and not listed:
        raise InputError("state overridden deletes every user not listed, and user %s, the "
                         "account this task logs in with, is not listed: list it with role "
                         "admin" % connection_user)


# -- plan -------------------------------------------------------------------------------

def plan(current, desired):
    """desired: {"users": [..]|None, "state", "update_password", "anonymous_access",
    "lockout", "lockout_attempts", "_connection_user", "_on_unsupported", "_name_rule"}.

    The changes come in the order they are applied: deletions (they make room on cameras
    with a user limit), role changes, creations, then the access settings."""
    wanted = validate(desired, desired.get("_name_rule"))
    state = desired.get("state") or "merged"
    if state == "gathered":
        return []
    have = dict((u["name"], u["role"]) for u in current.get("users") or [])
    deletes, updates, creates = [], [], []
    for user in wanted or []:
        name, role = user["name"], user["role"]
        if user["state"] == "absent":
            if name in have:
                deletes.append(_user_change("delete", name, have[name], None))
        elif name not in have:
            if user["password"] is None:
                raise InputError("user %s does not exist on the camera: give its password to "
                                 "create it" % name)
            change = _user_change("create", name, None, role, shown_password=True)
            change["_password"] = user["password"]
            creates.append(change)
        elif have[name] != role:
            change = _user_change("update", name, have[name], role)
            if desired.get("_role_change_needs_password"):
                # Hanwha SUNAPI's users update takes the password with every change: known
                # from the plan, so check mode says so too and nothing is written first.
                if user["password"] is None:
                    raise InputError("user %s: this camera's API changes a role only together "
                                     "with the user's password; give its password (sent with "
                                     "the change, never shown)" % name)
                change["_password"] = user["password"]
            updates.append(change)
    if state == "overridden":
        listed = set(u["name"] for u in wanted)
        deletes.extend(_user_change("delete", name, have[name], None)
                       for name in sorted(have) if name not in listed)
    changes = deletes + updates + creates
    changes.extend(_access_changes(current, desired, changes))
    return changes


def _user_change(action, name, before_role, after_role, shown_password=False):
    after = None
    if after_role is not None:
        after = {"name": name, "role": after_role}
        if shown_password:
            after["password"] = HIDDEN
    return {"area": NAME, "key": "users.%s" % name, "action": action,
            "before": {"name": name, "role": before_role} if before_role is not None else None,
            "after": after}


def _final_users(current, user_changes):
    users = dict((u["name"], u["role"]) for u in current.get("users") or [])
    for change in user_changes:
        name = change["key"].split(".", 1)[1]
        if change["after"] is None:
            users.pop(name, None)
        else:
            users[name] = change["after"]["role"]
    return users


def _access_changes(current, desired, user_changes):
    on_unsupported = desired.get("_on_unsupported", "fail")
    wanted = compare.asked(current, desired, ACCESS_KEYS)
    if "anonymous_access" in wanted and current.get("_anonymous_is_a_user"):
        _anonymous_users_check(current, wanted.pop("anonymous_access"), user_changes, on_unsupported)
    return compare.set_changes(NAME, current, wanted, ACCESS_KEYS)


def _anonymous_users_check(current, want, user_changes, on_unsupported):
    """ONVIF: anonymous access is a user of level Anonymous. Off: those users must be among
    the deletions. On: there is nothing to switch on."""
    anonymous = sorted(n for n, r in _final_users(current, user_changes).items() if r == "anonymous")
    if want is False and anonymous:
        raise InputError(
            "anonymous_access false: on this camera anonymous access is the user%s %s of level "
            "Anonymous; list %s with state absent (or use state overridden) to delete %s"
            % ("" if len(anonymous) == 1 else "s", ", ".join(anonymous),
               "it" if len(anonymous) == 1 else "them", "it" if len(anonymous) == 1 else "them"))
    if want is True and not anonymous and on_unsupported == "fail":
        raise Unsupported("anonymous_access: this camera has no anonymous-access switch; "
                          "anonymous access would be a user of level Anonymous, which this module "
                          "does not create")


def apply(driver, changes, current, secrets, applied):
    access = {}
    for change in changes:
        if change["key"] in ACCESS_KEYS:
            access[change["key"]] = change["after"]
            continue
        name = change["key"].split(".", 1)[1]
        if change["action"] == "delete":
            driver.delete_user(name, current)
        elif change["action"] == "update":
            if change.get("_password"):  # planned only for drivers that need it (plan)
                driver.update_user(name, change["after"]["role"], current,
                                   password=change["_password"])
            else:
                driver.update_user(name, change["after"]["role"], current)
        else:
            driver.create_user(name, change["after"]["role"], change["_password"])
        applied.append(change)
    if access:
        driver.write_access(access, current)
        applied.extend(c for c in changes if c["key"] in ACCESS_KEYS)


def diff(current, changes):
    """Users by name, so a created user shows only in `after` and a deleted one only in
    `before`; a password only as ******** and only when it is set."""
    before, after = {}, {}
    for change in changes:
        if change["key"] in ACCESS_KEYS:
            before[change["key"]] = change["before"]
            after[change["key"]] = change["after"]
            continue
        name = change["key"].split(".", 1)[1]
        if change["before"] is not None:
            before.setdefault("users", {})[name] = dict(
                (k, v) for k, v in change["before"].items() if k != "name")
        if change["after"] is not None:
            after.setdefault("users", {})[name] = dict(
                (k, v) for k, v in change["after"].items() if k != "name")
    if "users" in before or "users" in after:
        before.setdefault("users", {})
        after.setdefault("users", {})
    return before, after
