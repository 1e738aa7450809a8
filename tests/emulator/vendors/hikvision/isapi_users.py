"""Hikvision ISAPI accounts and login security (5.4.1-5.4.3):

  GET  /ISAPI/Security/users            <UserList><User><id/><userName/><userLevel/></User>...
  POST /ISAPI/Security/users            <User><userName/><password/><userLevel/></User>
                                        -> ResponseStatus with the new <id>
  GET|PUT|DELETE /ISAPI/Security/users/<id>
  GET  /ISAPI/Security/userCheck        is the caller's password the factory one, or weak?
  GET|PUT /ISAPI/Security/illegalLoginLock   <IllegalLoginLock><enabled/><maxIllegalLoginTimes/>
  GET|PUT /ISAPI/Security/UserPermission/anonymouslogin   <AnonymousLogin><enabled/>

userLevel is Administrator, Operator or Viewer; passwords are never sent back. Ids are
stable: an account keeps its id when others come and go (the fleet's admin is 1). Only
administrators manage accounts and change settings; any account may read userCheck and
the two settings.
[3P: users, userCheck and illegalLoginLock paths and element names from Hikvision's
public web client; UserPermission/anonymouslogin path from the same. INF: the
AnonymousLogin body, the subStatusCodes of refusals, the 1..20 range of
maxIllegalLoginTimes, as settled with the collection's accounts client.]
"""

import re

from ... import accounts
from . import isapi_xml
from ...accounts import AccountError
from ...httpserver import Response
from .isapi_xml import BadXml, IsapiError, bool_of, int_of, text_of

# The password Hikvision ships with (what userCheck calls "default").
FACTORY_PASSWORD = "12345"
# [INF: 32 as on Hikvision's UI]
USERNAME_RULE = (re.compile(r"[A-Za-z0-9_.@-]+\Z"), 32)
USERS = "/ISAPI/Security/users"
LEVELS = ("Administrator", "Operator", "Viewer")
LOCK_PATH = "access.lockout_enabled"
ATTEMPTS_PATH = "access.lockout_attempts"
ANONYMOUS_PATH = "access.anonymous_viewer"


class Refused(IsapiError):
    """A refusal with its own statusCode/subStatusCode."""

    def __init__(self, http_status, code, text, sub, detail=""):
        super().__init__(detail)
        self.http_status, self.code, self.text, self.sub = http_status, code, text, sub


def no_permission():
    return Refused(403, 4, "Invalid Operation", "noPermission", "administrators only")


def _bad(sub, detail=""):
    return Refused(400, 6, "Invalid Content", sub, detail)


def _require_admin(req):
    if not accounts.is_admin(req):
        raise no_permission()


def _refusal(exc, deleting):
    """An AccountError as the ResponseStatus Hikvision would send."""
    if exc.kind in ("self", "last_admin"):
        sub = "deleteAdminNotAllowed" if deleting else "modifyAdminLevelNotAllowed"
        return Refused(403, 4, "Invalid Operation", sub, str(exc))
    if exc.kind == "exists":
        return _bad("userNameExist", str(exc))
    if exc.kind == "too_many":
        return _bad("userNumLimited", str(exc))
    if exc.kind == "missing":
        return _bad("invalidID", str(exc))
    return _bad("badParameters", str(exc))


# -- ids --------------------------------------------------------------------------------
def with_ids(user_list):
    """The accounts, each with an id: stored ids stay, the others get the lowest free
    ones in list order (so the first account, the fleet's admin, is 1). Written back
    with the next change, so ids never shift under a client."""
    used = {u["id"] for u in user_list if isinstance(u.get("id"), int)}
    next_id = 1
    for user in user_list:
        if not isinstance(user.get("id"), int):
            while next_id in used:
                next_id += 1
            user["id"] = next_id
            used.add(next_id)
    return user_list


def _listed(user_list):
    return [u for u in user_list if u.get("level") in LEVELS]


def _by_id(user_list, ident):
    for user in _listed(user_list):
        if str(user["id"]) == ident:
            return user
    raise _bad("invalidID", "no user %s" % ident)


def _user_items(user, disclose=False):
    """The fields of one <User>; `disclose` (fault users_disclose_passwords) adds the
    <password> that POST takes, in clear, as some firmware lists it."""
    items = [("id", user["id"]), ("userName", user["username"])]
    if disclose:
        items.append(("password", user.get("password", "")))
    return items + [("userLevel", user["level"])]


# -- users ------------------------------------------------------------------------------
def users_get(req):
    _require_admin(req)
    listed = _listed(with_ids(accounts.users(req.camera)))
    disclose = accounts.discloses_passwords(req.camera)
    return isapi_xml.document(req.camera, "UserList",
                              [("User", _user_items(u, disclose), {"version": "2.0"})
                               for u in listed])


def user_get(req, ident):
    _require_admin(req)
    user = _by_id(with_ids(accounts.users(req.camera)), ident)
    return isapi_xml.document(req.camera, "User",
                              _user_items(user, accounts.discloses_passwords(req.camera)))


def _name(doc, required):
    name = text_of(doc, "userName", required)
    if name is not None:
        accounts.check_name(name, USERNAME_RULE)
    return name


def _level(doc, required):
    level = text_of(doc, "userLevel", required)
    if level is not None and level not in LEVELS:
        raise _bad("badParameters", "userLevel must be one of %s" % ", ".join(LEVELS))
    return level


def users_post(req):
    _require_admin(req)
    doc = isapi_xml.parse(req.body, "User")
    before = with_ids(accounts.users(req.camera))
    try:
        name = _name(doc, required=True)
        password = text_of(doc, "password")
        accounts.check_password(password, required=True)
        level = _level(doc, required=True)
        new_id = max([u["id"] for u in before] + [0]) + 1
        accounts.create(req.camera, [{"username": name, "password": password,
                                      "level": level, "id": new_id}], req.user, before)
    except AccountError as exc:
        raise _refusal(exc, deleting=False) from None
    return _status_with_id(req, new_id)


def user_put(req, ident):
    _require_admin(req)
    doc = isapi_xml.parse(req.body, "User")
    before = with_ids(accounts.users(req.camera))
    user = _by_id(before, ident)
    body_id = text_of(doc, "id")
    if body_id not in (None, "", ident):
        raise _bad("badParameters", "<id> %s does not match the path" % body_id)
    fields = {}
    try:
        name = _name(doc, required=False)
        if name is not None and name != user["username"]:
            fields["username"] = name
        password = text_of(doc, "password")
        if password is not None:
            accounts.check_password(password, required=True)
            fields["password"] = password
        level = _level(doc, required=False)
        if level is not None and level != user["level"]:
            if user["id"] == 1:
                raise AccountError("self", "the first administrator keeps its level")
            fields["level"] = level
        accounts.update(req.camera, [(user["username"], fields)], req.user, before)
    except AccountError as exc:
        raise _refusal(exc, deleting=False) from None
    return isapi_xml.response_status(req)


def user_delete(req, ident):
    _require_admin(req)
    before = with_ids(accounts.users(req.camera))
    user = _by_id(before, ident)
    try:
        if user["id"] == 1:
            raise AccountError("last_admin", "the first administrator cannot be deleted")
        accounts.delete(req.camera, [user["username"]], req.user, before)
    except AccountError as exc:
        raise _refusal(exc, deleting=True) from None
    return isapi_xml.response_status(req)


def _status_with_id(req, new_id):
    body = isapi_xml.render(req.camera, "ResponseStatus", [
        ("requestURL", req.path), ("statusCode", 1), ("statusString", "OK"),
        ("subStatusCode", "ok"), ("id", new_id)])
    return Response(200, body, isapi_xml.CONTENT_TYPE)


# -- the caller's own password ------------------------------------------------------------
def user_check(req):
    password = req.user.get("password", "")
    default = password == FACTORY_PASSWORD
    risky = len(password) < 8 or password.isdigit()
    return isapi_xml.document(req.camera, "userCheck", [
        ("statusValue", 200), ("statusString", "OK"),
        ("isDefaultPassword", default), ("isRiskPassword", risky),
        ("isActivated", True)])


# -- settings ------------------------------------------------------------------------------
def lock_get(req):
    cam = req.camera
    return isapi_xml.document(cam, "IllegalLoginLock", [
        ("enabled", bool(cam.get(LOCK_PATH, False))),
        ("maxIllegalLoginTimes", int(cam.get(ATTEMPTS_PATH, 5) or 5))])


def _lock_writes(cam, doc):
    writes = {}
    enabled = bool_of(doc, "enabled")
    attempts = int_of(doc, "maxIllegalLoginTimes", 1, 20)
    if enabled is None and attempts is None:
        raise BadXml("nothing to set")
    if enabled is not None:
        writes[LOCK_PATH] = enabled
    if attempts is not None:
        writes[ATTEMPTS_PATH] = attempts
    return writes


def anonymous_get(req):
    return isapi_xml.document(req.camera, "AnonymousLogin", [
        ("enabled", bool(req.camera.get(ANONYMOUS_PATH, False)))])


def _anonymous_writes(cam, doc):
    return {ANONYMOUS_PATH: bool_of(doc, "enabled", required=True)}


def _admin_only(handler):
    def guarded(req, *args):
        _require_admin(req)
        return handler(req, *args)
    return guarded


RESOURCES = {
    USERS: {"GET": users_get, "POST": users_post},
    "/ISAPI/Security/userCheck": {"GET": user_check},
    "/ISAPI/Security/illegalLoginLock": {
        "GET": lock_get,
        "PUT": _admin_only(isapi_xml.settings_put("IllegalLoginLock", _lock_writes))},
    "/ISAPI/Security/UserPermission/anonymouslogin": {
        "GET": anonymous_get,
        "PUT": _admin_only(isapi_xml.settings_put("AnonymousLogin", _anonymous_writes))},
}

# Paths with an id in them: (pattern, {method: handler(req, id)}).
PATTERNS = [
    (re.compile(re.escape(USERS) + r"/(\d+)"),
     {"GET": user_get, "PUT": user_put, "DELETE": user_delete}),
]
