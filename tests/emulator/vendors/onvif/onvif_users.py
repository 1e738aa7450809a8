"""ONVIF Device service accounts: tds:GetUsers, CreateUsers, SetUser, DeleteUsers.
Registered on the device service by onvif.py (`onvif_users.register(DEVICE)`).

Message shapes are devicemgmt.wsdl's (tests check them against the schema): tds:User is
a tt:User (Username, Password?, UserLevel), DeleteUsers lists tds:Username. The state
keeps ONVIF's "User" level as "Viewer"; "Anonymous" is accepted (its password may be
left out) and is how ONVIF turns anonymous access on. "Extended" is refused.
Every request is all or nothing, as the WSDL asks. Only administrators may call these
(GetUsers too: Core puts it in READ_SYSTEM_SECRET).

[INF] Fault subcodes as public ONVIF servers and the ONVIF test tool use them (Core.xml
is not in shared/onvif-specs): UsernameClash, UsernameTooLong, UsernameTooShort,
PasswordTooLong, PasswordTooWeak under env:Sender/ter:OperationProhibited;
UsernameMissing and FixedUser under env:Sender/ter:InvalidArgVal; TooManyUsers under
env:Receiver/ter:Action. FixedUser: the requesting account cannot be deleted or lose
Administrator, nor can the last Administrator.
"""

import re

from ... import accounts
from . import onvif_soap as soap
from ...accounts import MAX_PASSWORD_LENGTH, AccountError
from .onvif_soap import TDS, TT, SoapFault, el

LEVEL_TO_ONVIF = {"Viewer": "User"}
LEVEL_FROM_ONVIF = {"Administrator": "Administrator", "Operator": "Operator",
                    "User": "Viewer", "Anonymous": "Anonymous"}
# ISAPI and ONVIF are looser than Axis [INF: 32 as on Hikvision's UI].
USERNAME_RULE = (re.compile(r"[A-Za-z0-9_.@-]+\Z"), 32)
MAX_USERNAME_LENGTH = USERNAME_RULE[1]

PROHIBITED = ("env:Sender", "ter:OperationProhibited")
INVALID = ("env:Sender", "ter:InvalidArgVal")
FAULTS = {  # AccountError.kind -> (code, subcodes)
    "exists": PROHIBITED + ("ter:UsernameClash",),
    "name_empty": PROHIBITED + ("ter:UsernameTooShort",),
    "name_too_long": PROHIBITED + ("ter:UsernameTooLong",),
    "no_password": PROHIBITED + ("ter:PasswordTooWeak",),
    "bad_password": PROHIBITED + ("ter:PasswordTooWeak",),
    "password_too_long": PROHIBITED + ("ter:PasswordTooLong",),
    "missing": INVALID + ("ter:UsernameMissing",),
    "self": INVALID + ("ter:FixedUser",),
    "last_admin": INVALID + ("ter:FixedUser",),
    "too_many": ("env:Receiver", "ter:Action", "ter:TooManyUsers"),
}


def fault(exc):
    code, *subcodes = FAULTS.get(exc.kind, INVALID)
    return SoapFault(code, subcodes, str(exc))


def _require_admin(req):
    if not accounts.is_admin(req):
        raise soap.not_authorized("only an Administrator manages users")


def _onvif_level(level):
    return LEVEL_TO_ONVIF.get(level, level if level in LEVEL_FROM_ONVIF else "User")


def _read_user(node, password_required):
    """(username, password or None, state level) of a tds:User, checked."""
    name = soap.child_text(node, TT, "Username", "")
    accounts.check_name(name, USERNAME_RULE)
    onvif_level = soap.child_text(node, TT, "UserLevel")
    level = LEVEL_FROM_ONVIF.get(onvif_level)
    if level is None:
        raise AccountError("bad_level", "UserLevel %r is not supported" % (onvif_level,))
    password = soap.child_text(node, TT, "Password")
    accounts.check_password(password, required=password_required and level != "Anonymous")
    return name, password, level


def get_users(req, call):
    _require_admin(req)
    # Never the password: Core forbids returning it, and a leak here would be a finding.
    # The fault users_disclose_passwords is that finding: tt:User's optional tt:Password
    # (between Username and UserLevel, as the schema orders it) carries the real one.
    disclose = accounts.discloses_passwords(req.camera)
    return el("tds:GetUsersResponse", *[
        el("tds:User",
           el("tt:Username", user["username"]),
           el("tt:Password", user.get("password", "")) if disclose else None,
           el("tt:UserLevel", _onvif_level(user.get("level"))))
        for user in req.camera.get("users", [])])


def create_users(req, call):
    _require_admin(req)
    try:
        new = []
        for node in soap.children(call, TDS, "User"):
            name, password, level = _read_user(node, password_required=True)
            new.append({"username": name, "password": password or "", "level": level})
        if not new:
            raise AccountError("bad_level", "no User given")
        accounts.create(req.camera, new, req.user)
    except AccountError as exc:
        raise fault(exc) from None
    return el("tds:CreateUsersResponse")


def set_user(req, call):
    _require_admin(req)
    try:
        changes = []
        for node in soap.children(call, TDS, "User"):
            name, password, level = _read_user(node, password_required=False)
            fields = {"level": level}
            if password is not None:
                fields["password"] = password
            changes.append((name, fields))
        if not changes:
            raise AccountError("bad_level", "no User given")
        accounts.update(req.camera, changes, req.user)
    except AccountError as exc:
        raise fault(exc) from None
    return el("tds:SetUserResponse")


def delete_users(req, call):
    _require_admin(req)
    names = [(node.text or "").strip() for node in soap.children(call, TDS, "Username")]
    try:
        if not names:
            raise AccountError("missing", "no Username given")
        accounts.delete(req.camera, names, req.user)
    except AccountError as exc:
        raise fault(exc) from None
    return el("tds:DeleteUsersResponse")


def security_limits():
    """Attributes for tds:Security in the device service capabilities."""
    return {"MaxUsers": accounts.MAX_USERS, "MaxUserNameLength": MAX_USERNAME_LENGTH,
            "MaxPasswordLength": MAX_PASSWORD_LENGTH}


def register(device):
    """Add the account operations to the device service (a soap.Service)."""
    device.operation("GetUsers")(get_users)
    device.operation("CreateUsers")(create_users)
    device.operation("SetUser")(set_user)
    device.operation("DeleteUsers")(delete_users)
