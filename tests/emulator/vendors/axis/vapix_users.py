"""Axis /axis-cgi/pwdgrp.cgi: user accounts, GET (or POST form) with `action`:

  get                        -> lines admin="root,alice", operator=..., viewer=..., ptz=...
  add&user=U&pwd=P&grp=users&sgrp=admin:operator:viewer:ptz   -> Created account U.
  update&user=U[&pwd=P][&sgrp=...]                            -> Modified account U.
  remove&user=U                                               -> Removed account U.

Errors are text starting "Error:" with HTTP 200, as VAPIX does. Only administrators may
call it (others get 403). The groups are nested: an admin is listed in admin, operator
and viewer, an operator in operator and viewer; the highest group in `sgrp` decides
the level (viewer is implied). `ptz` lists administrators plus anyone given ptz in sgrp.
Accounts of level Anonymous (ONVIF) have no Axis group and are not listed.
[3P: pwdgrp.cgi and its get/add/update/remove actions are on the VAPIX system-settings
page. INF: the reply and error wording, settled with the collection's accounts client.]
"""

import re

from ... import accounts
from . import vapix_http
from ...accounts import AccountError

# Axis allows 1..14 of these characters in a user name.
USERNAME_RULE = (re.compile(r"[A-Za-z0-9_.-]+\Z"), 14)
GROUPS = ("admin", "operator", "viewer", "ptz")
LEVEL_OF_GROUP = (("admin", "Administrator"), ("operator", "Operator"), ("viewer", "Viewer"))
GROUPS_OF_LEVEL = {"Administrator": ("admin", "operator", "viewer"),
                   "Operator": ("operator", "viewer"),
                   "Viewer": ("viewer",)}

ERRORS = {
    "exists": "Error: account %(user)s already exists.",
    "missing": "Error: account %(user)s does not exist.",
    "name_empty": "Error: invalid user name.",
    "name_too_long": "Error: invalid user name.",
    "bad_name": "Error: invalid user name.",
    "no_password": "Error: a password is required.",
    "password_too_long": "Error: invalid password.",
    "bad_password": "Error: invalid password.",
    "bad_level": "Error: invalid group list.",
    "too_many": "Error: too many accounts.",
    "last_admin": "Error: cannot remove the last administrator.",
}


def _in_ptz(user):
    return bool(user.get("ptz", user.get("level") == "Administrator"))


def _listing(user_list):
    members = {g: [] for g in GROUPS}
    for user in user_list:
        groups = GROUPS_OF_LEVEL.get(user.get("level"))
        if groups is None:
            continue  # Anonymous and other ONVIF-only levels: no Axis group
        for group in groups:
            members[group].append(user["username"])
        if _in_ptz(user):
            members["ptz"].append(user["username"])
    return "".join('%s="%s"\n' % (g, ",".join(members[g])) for g in GROUPS)


def _parse_sgrp(text):
    """(level, ptz) from admin:operator:viewer:ptz, or AccountError."""
    parts = [p for p in text.split(":") if p]
    if not parts or any(p not in GROUPS for p in parts):
        raise AccountError("bad_level", "invalid group list")
    for group, level in LEVEL_OF_GROUP:
        if group in parts:
            return level, "ptz" in parts
    return "Viewer", True  # ptz alone: a viewer who may steer


def handle(req):
    if not accounts.is_admin(req):
        return vapix_http.text("Error: insufficient privileges\r\n", status=403)
    args = dict(vapix_http.params(req))
    action = args.get("action", "")
    cam = req.camera
    name = args.get("user", "")
    if action == "get":
        return vapix_http.text(_listing(accounts.users(cam)))
    if action not in ("add", "update", "remove"):
        return vapix_http.text("Error: invalid action.\r\n")
    try:
        if action == "add":
            return _add(req, name, args)
        if action == "update":
            return _update(req, name, args)
        accounts.delete(cam, [name], req.user)
        return vapix_http.text("Removed account %s.\r\n" % name)
    except AccountError as exc:
        return vapix_http.text(_error(exc, action, name) + "\r\n")


def _error(exc, action, name):
    if exc.kind == "self":
        if action == "remove":
            return "Error: cannot remove the account you are logged in with"
        return "Error: cannot remove admin rights from the account you are logged in with"
    return ERRORS.get(exc.kind, "Error: %s." % exc) % {"user": name}


def _add(req, name, args):
    accounts.check_name(name, USERNAME_RULE)
    if args.get("grp") != "users":
        raise AccountError("bad_level", "grp must be users")
    accounts.check_password(args.get("pwd"), required=True)
    level, ptz = _parse_sgrp(args.get("sgrp", "viewer"))
    accounts.create(req.camera, [{"username": name, "password": args["pwd"],
                                  "level": level, "ptz": ptz}], req.user)
    return vapix_http.text("Created account %s.\r\n" % name)


def _update(req, name, args):
    fields = {}
    if "pwd" in args:
        accounts.check_password(args["pwd"], required=True)
        fields["password"] = args["pwd"]
    if "sgrp" in args:
        fields["level"], fields["ptz"] = _parse_sgrp(args["sgrp"])
    accounts.update(req.camera, [(name, fields)], req.user)
    return vapix_http.text("Modified account %s.\r\n" % name)
