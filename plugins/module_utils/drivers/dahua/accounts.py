# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""User accounts, anonymous access and the login lockout on Dahua cameras (area
`accounts`), for DahuaDriver. Sources: tests/emulator/vendors/dahua/profiles.md.

- userManager.cgi?action=getUserInfoAll: users[i].Name, .Group (admin | user, and groups
  the site made), .Password (masked as ******; a real value is noted as disclosed and
  dropped here). addUser takes user.Name, user.Password, user.Group, user.Sharable,
  user.Reserved; modifyUser name=<n>&user.Group=<g>; deleteUser name=<n>; each answers OK.
- The lockout: configuration LoginFailureAlarm (Enable, TryLoginTimes [INF]); older
  firmware lacks the table: unsupported, the rest still works.
- Anonymous access: UserGlobal.OnvifLoginCheck; false lets ONVIF (and what it hands out)
  answer without a login [3P name, INF meaning].
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import without_secret
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua.cgi import as_bool
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, Unsupported, UnsupportedCall)

USERS_CALL = "CGI userManager getUserInfoAll"
# role -> group. admin and user are Dahua's groups [SEEN: python-amcrest]; "operator" is a
# group of that name, which a site creates [INF].
GROUPS = {"admin": "admin", "operator": "operator", "viewer": "user"}
ROLES = dict((group, role) for role, group in GROUPS.items())
NAME_RULE = (r"^[A-Za-z0-9_.@-]{1,31}$", "1 to 31 letters, digits, '_', '.', '@' or '-' "
             "(Dahua CGI) [INF]")
NO_SELF_CHECK = ("no Dahua call says whether an account still has its factory password")
MASKED = set("*")


def _users(text_map):
    """[(index, {field: value})] of users[i].<field> lines, in index order."""
    found = {}
    for key, value in text_map.items():
        if not key.startswith("users["):
            continue
        index, _sep, field = key[len("users["):].partition("].")
        if index.isdigit() and field:
            found.setdefault(int(index), {})[field] = value
    return [found[i] for i in sorted(found)]


def read(driver):
    listed = _users(driver.cgi.action("userManager", "getUserInfoAll"))
    users, disclosed = [], False
    for user in listed:
        password = user.get("Password") or ""
        disclosed = disclosed or bool(password and set(password) - MASKED)
        if user.get("Name"):
            group = (user.get("Group") or "").lower()
            users.append({"name": user["Name"], "role": ROLES.get(group, group or "viewer")})
    out = {"users": sorted(users, key=lambda u: u["name"]), "unsupported": {},
           "passwords_disclosed_by": [USERS_CALL] if disclosed else []}
    try:
        lock = driver.cgi.get_config("LoginFailureAlarm")
        out["lockout"] = as_bool(lock.get("Enable"))
        attempts = lock.get("TryLoginTimes", "")
        out["lockout_attempts"] = int(attempts) if attempts.isdigit() else None
    except UnsupportedCall as exc:
        out["lockout"] = out["lockout_attempts"] = None
        out["unsupported"]["lockout"] = out["unsupported"]["lockout_attempts"] = exc.reason
    try:
        check = driver.cgi.get_config("UserGlobal").get("OnvifLoginCheck")
        out["anonymous_access"] = None if check is None else not as_bool(check)
        if check is None:
            out["unsupported"]["anonymous_access"] = "UserGlobal has no OnvifLoginCheck here"
    except UnsupportedCall as exc:
        out["anonymous_access"] = None
        out["unsupported"]["anonymous_access"] = exc.reason
    out["default_password"] = {"camera_says_default": None, "camera_says_risky": None}
    out["unsupported"]["default_password"] = NO_SELF_CHECK
    return out


def _group(role):
    if role not in GROUPS:
        raise Unsupported("Dahua has no group for role %r" % role)
    return GROUPS[role]


def create(driver, name, role, password):
    group = _group(role)
    try:
        driver.cgi.action("userManager", "addUser", [
            ("user.Name", name), ("user.Password", password), ("user.Group", group),
            ("user.Sharable", "true"), ("user.Reserved", "false")], write=True)
    except CameraError as exc:
        raise without_secret(exc, password)


def update(driver, name, role):
    driver.cgi.action("userManager", "modifyUser", [("name", name), ("user.Group", _group(role))],
                      write=True)


def delete(driver, name):
    driver.cgi.action("userManager", "deleteUser", [("name", name)], write=True)


def write_access(driver, values):
    lock = []
    if "lockout" in values:
        lock.append(("Enable", bool(values["lockout"])))
    if values.get("lockout_attempts") is not None:
        lock.append(("TryLoginTimes", int(values["lockout_attempts"])))
    if lock:
        driver.cgi.set_config("LoginFailureAlarm", lock)
    if "anonymous_access" in values:
        driver.cgi.set_config("UserGlobal", [("OnvifLoginCheck", not values["anonymous_access"])])
