"""User accounts in the emulator's vendor-neutral state, shared by the APIs that manage
them (vapix_users, isapi_users, onvif_users) and by the snapshot endpoints.

state["users"] = [{"username", "password", "level"}], level one of state.USER_LEVELS
("Viewer" is ONVIF's "User"). Hikvision adds a stable "id", Axis a "ptz" flag, when they
write a user; other readers ignore both.

Every change is checked in full first and then written as ONE `cam.set("users", ...)`,
so a refused request changes nothing and a write counts once (and obeys the nonsticky
fault like any other setting).
"""

import copy

from .state import MAX_USERS, USER_LEVELS

MAX_PASSWORD_LENGTH = 64


class AccountError(Exception):
    """A refused change; `kind` is what each vendor API turns into its own error:
    exists, missing, duplicate, name_empty, name_too_long, bad_name, no_password,
    password_too_long, bad_password, bad_level, too_many, self, last_admin."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


def users(cam):
    """A copy of the accounts, safe to change before writing back."""
    return copy.deepcopy(cam.get("users", []) or [])


def find(user_list, username):
    for user in user_list:
        if user["username"] == username:
            return user
    return None


def anonymous_allowed(cam):
    """May a request without credentials view (snapshot, stream)? Yes when the camera's
    anonymous-viewer setting is on (Axis, Hikvision) or an account of level Anonymous
    exists (ONVIF's way of allowing anonymous access)."""
    if (cam.get("access") or {}).get("anonymous_viewer"):
        return True
    return any(u.get("level") == "Anonymous" for u in cam.get("users", []) or [])


def check_name(name, rule):
    """`rule`: (compiled pattern, maximum length), the vendor users API's own."""
    pattern, max_len = rule
    if not name:
        raise AccountError("name_empty", "the user name is empty")
    if len(name) > max_len:
        raise AccountError("name_too_long", "user names have at most %d characters" % max_len)
    if not pattern.match(name):
        raise AccountError("bad_name", "the user name has characters the camera refuses")


def check_password(password, required=True):
    """None is "not given": refused when required."""
    if password is None or password == "":
        if required:
            raise AccountError("no_password", "a password is required")
        return
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("password_too_long",
                           "passwords have at most %d characters" % MAX_PASSWORD_LENGTH)
    if any(ord(c) < 32 or ord(c) == 127 for c in password):
        raise AccountError("bad_password", "the password has control characters")


def check_level(level):
    if level not in USER_LEVELS:
        raise AccountError("bad_level", "no such user level %r" % (level,))


def check_result(after, requester):
    """What must hold after any change: at most MAX_USERS accounts, the requesting
    account still there and still an administrator, and one administrator at least."""
    if len(after) > MAX_USERS:
        raise AccountError("too_many", "the camera holds at most %d accounts" % MAX_USERS)
    if requester is not None:
        mine = find(after, requester["username"])
        if mine is None:
            raise AccountError("self", "cannot remove the account in use")
        if mine.get("level") != "Administrator":
            raise AccountError("self", "cannot demote the account in use")
    if not any(u.get("level") == "Administrator" for u in after):
        raise AccountError("last_admin", "the last administrator cannot go")


def no_duplicates(names):
    if len(set(names)) != len(names):
        raise AccountError("duplicate", "the request names a user twice")


def create(cam, new_users, requester, before=None):
    """Add accounts (already name-checked by the caller, whose rules differ by vendor).
    `before`, when given, is the caller's copy of the accounts (with ids it added)."""
    before = users(cam) if before is None else before
    no_duplicates([u["username"] for u in new_users])
    for user in new_users:
        if find(before, user["username"]) is not None:
            raise AccountError("exists", "account %s already exists" % user["username"])
        check_level(user["level"])
    after = before + [dict(u) for u in new_users]
    check_result(after, requester)
    cam.set("users", after)
    return after


def update(cam, changes, requester, before=None):
    """changes: [(username, {field: value})], fields username (rename), password, level,
    ptz. Unknown users are refused."""
    after = users(cam) if before is None else before
    no_duplicates([name for name, _fields in changes])
    for name, fields in changes:
        user = find(after, name)
        if user is None:
            raise AccountError("missing", "account %s does not exist" % name)
        new_name = fields.get("username", name)
        if new_name != name and find(after, new_name) is not None:
            raise AccountError("exists", "account %s already exists" % new_name)
        if "level" in fields:
            check_level(fields["level"])
        if requester is not None and name == requester["username"] and new_name != name:
            raise AccountError("self", "cannot rename the account in use")
        user.update(fields)
    check_result(after, requester)
    cam.set("users", after)
    return after


def delete(cam, usernames, requester, before=None):
    before = users(cam) if before is None else before
    no_duplicates(list(usernames))
    for name in usernames:
        if find(before, name) is None:
            raise AccountError("missing", "account %s does not exist" % name)
    after = [u for u in before if u["username"] not in set(usernames)]
    check_result(after, requester)
    cam.set("users", after)
    return after


def is_admin(req):
    return bool(req.user) and req.user.get("level") == "Administrator"


# -- firmware without authentication, firmware that shows passwords ---------------------
# Faults of issue #10: `onvif_no_auth` (the ONVIF device service answers without
# credentials), `api_no_auth` (VAPIX or ISAPI does), `users_disclose_passwords` (the user
# lists carry each password). Real devices ship like this; the collection must say so.

def open_access_user():
    """Whom a request without credentials acts as when the camera's authentication is off:
    an administrator with no name (such firmware asks nobody, so everybody is admin)."""
    return {"username": "", "password": "", "level": "Administrator"}


def serves_without_login(req, fault):
    """True, with req.user set, when `fault` is on and the request carries no credentials
    (credentials that are sent are still checked, as such firmware does)."""
    if not req.camera.faults.get(fault) or req.header("authorization"):
        return False
    req.user = open_access_user()
    return True


def discloses_passwords(cam):
    return bool(cam.faults.get("users_disclose_passwords"))
