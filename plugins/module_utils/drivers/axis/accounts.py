# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""User accounts and anonymous access on Axis cameras (area `accounts`), a part of
AxisDriver. VAPIX:

- /axis-cgi/pwdgrp.cgi?action=get: one line per group, admin="root,alice",
  operator="...", viewer="...", ptz="..."; an admin is in admin, operator and viewer, an
  operator in operator and viewer, a viewer in viewer. Only admins may call it.
- action=add&user=U&pwd=P&grp=users&sgrp=admin:operator:viewer:ptz -> "Created account U."
  action=update&user=U&sgrp=... -> "Modified account U."; action=remove&user=U ->
  "Removed account U."; a refusal is "Error: ..." with HTTP 200. The password travels in
  the query string, as the API defines it: no error message here ever shows it.
- Anonymous viewer login: parameter root.System.BoaProtViewer, `anonymous` (on) or
  `password` (off), through param.cgi like every parameter.
VAPIX has no login-lockout setting in this model, and no call that says whether an
account still has its factory password: both are reported unsupported.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import without_secret
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, UnsupportedCall)

PWDGRP = "/axis-cgi/pwdgrp.cgi"
ANONYMOUS_VIEWER = "root.System.BoaProtViewer"
# The groups of each role, most powerful first (pwdgrp.cgi sgrp values).
ROLE_GROUPS = (("admin", "admin:operator:viewer:ptz"), ("operator", "operator:viewer"),
               ("viewer", "viewer"))
ACCOUNT_GROUPS = ("admin", "operator", "viewer", "ptz")
# 5.4.1: a harmless parameter group, asked once without credentials.
OPEN_CHECK_GROUP = "root.Brand"
PARAM_CGI = "/axis-cgi/param.cgi"
NAME_RULE = (r"^[A-Za-z0-9_.-]{1,14}$", "1 to 14 letters, digits, '_', '.' or '-' (VAPIX)")
NO_LOCKOUT = ("VAPIX has no login-lockout setting in the API this collection uses; check the "
              "camera's brute-force protection in its own interface and record it for 5.4.1")
NO_SELF_CHECK = ("VAPIX has no call that says whether an account still has its factory "
                 "password; the zero-login check compares the task's own password instead")


def parse_groups(text):
    """{"admin": ["root", ...], ...} from the action=get reply."""
    groups = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if not sep:
            continue
        members = value.strip().strip('"').split(",")
        groups[key.strip()] = [m.strip() for m in members if m.strip()]
    return groups


def role_of(name, groups):
    for role, _sgrp in ROLE_GROUPS:
        if name in groups.get(role, ()):
            return role
    return "viewer"  # in no role group (ptz only): it can at most watch


class AxisAccounts(object):
    """The accounts of one Axis camera, for its AxisDriver."""

    def __init__(self, driver):
        self.t = driver.t
        self.camera = driver.camera
        self.vapix = driver.vapix
        self.onvif = driver.onvif  # the Onvif helper

    def calls_without_login(self):
        """The ONVIF calls, and param.cgi's list of a harmless group (5.4.1)."""
        call = "VAPIX param.cgi list %s" % OPEN_CHECK_GROUP

        def brand(transport):
            resp = transport.request("GET", PARAM_CGI, call=call, params={
                "action": "list", "group": OPEN_CHECK_GROUP})
            text = resp.content.decode("iso-8859-1").strip()
            if not text or text.startswith("#"):
                # "# Error": the CGI ran without a login but gave no data, so it cannot tell.
                raise CameraError(self.camera, call, text[:200] or "empty reply")
            return text
        return self.onvif.accounts.calls_without_login() + [(call, brand)]

    def _pwdgrp_groups(self):
        call = "VAPIX pwdgrp.cgi get"
        resp = self.t.request("GET", PWDGRP, params={"action": "get"}, cacheable=True, call=call)
        text = resp.content.decode("iso-8859-1")
        if text.lstrip().lower().startswith("error"):
            raise CameraError(self.camera, call, text.strip()[:200])
        return parse_groups(text)

    def _pwdgrp_write(self, action, params, expected, password=None):
        call = "VAPIX pwdgrp.cgi %s %s" % (action, params["user"])
        query = [("action", action)] + sorted(params.items())
        try:
            resp = self.t.request("GET", PWDGRP, params=query, idempotent=False, call=call)
        except CameraError as exc:
            raise without_secret(exc, password)
        text = resp.content.decode("iso-8859-1").strip()
        if not text.startswith(expected):
            if password:
                text = text.replace(password, "********")
            raise CameraError(self.camera, call, text[:200] or "empty reply")

    def read_accounts(self):
        groups = self._pwdgrp_groups()
        names = sorted(set(n for g in ACCOUNT_GROUPS for n in groups.get(g, ())))
        out = {"users": [{"name": n, "role": role_of(n, groups)} for n in names],
               "lockout": None, "lockout_attempts": None,
               "default_password": {"camera_says_default": None, "camera_says_risky": None},
               "unsupported": {"lockout": NO_LOCKOUT, "lockout_attempts": NO_LOCKOUT,
                               "default_password": NO_SELF_CHECK}}
        policy = self._anonymous_policy()
        if policy is None:
            out["anonymous_access"] = None
            out["unsupported"]["anonymous_access"] = "this firmware has no %s parameter" % ANONYMOUS_VIEWER
        else:
            out["anonymous_access"] = policy.strip().lower() == "anonymous"
        return out

    def _anonymous_policy(self):
        """The parameter's value; None when this firmware does not have it (param.cgi
        answers "# Error: ..." for a group it does not know)."""
        try:
            return self.vapix.params([ANONYMOUS_VIEWER]).get(ANONYMOUS_VIEWER)
        except UnsupportedCall:
            return None

    def create_user(self, name, role, password):
        self._pwdgrp_write("add", {"user": name, "pwd": password, "grp": "users",
                                   "sgrp": dict(ROLE_GROUPS)[role]},
                           "Created account", password)

    def update_user(self, name, role, current):
        self._pwdgrp_write("update", {"user": name, "sgrp": dict(ROLE_GROUPS)[role]},
                           "Modified account")

    def delete_user(self, name, current):
        self._pwdgrp_write("remove", {"user": name}, "Removed account")

    def write_access(self, values, current):
        if "anonymous_access" in values:
            self.vapix.update({ANONYMOUS_VIEWER: "anonymous" if values["anonymous_access"]
                               else "password"})
