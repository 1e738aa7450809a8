# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `accounts` on Hanwha SUNAPI (sources: tests/emulator/vendors/hanwha/profiles.md):

- `security.cgi?msubmenu=users&action=view`: `Users[]` of {Index, UserID, Password (empty:
  a camera never shows it; a value is noted as "passwords_disclosed_by"), Enable,
  VideoProfileAccess, PTZAccess, AudioInAccess, AudioOutAccess, AlarmOutputAccess,
  AdminAccess, PrivacyAreaAccess}. Index 0 is the built-in admin.
- `add` takes UserID and Password (and the access flags); `update` needs Index, UserID AND
  Password with every change [SEEN], so a role change needs the user's password;
  `remove` takes UserID.
- Roles [INF]: admin = AdminAccess; operator = not admin, with PTZ, audio-out and alarm-out
  control; viewer = none of these. SUNAPI cameras have no other user level.
- Anonymous access is `security.cgi?msubmenu=guest` Enable (guest login) [SEEN].
- The login lockout is the firmware's, fixed: 5 wrong passwords in a row answer HTTP 490
  AccountBlocked [SEEN]; there is no setting to read or change.
- The camera's own judgement of the password: `/init-cgi/pw_init.cgi?msubmenu=statuscheck`
  (no login, SUNAPI 2.5.5 and later) says whether the device still waits for its first
  password (Initialized false: every CGI refuses until one is set); `system.cgi
  deviceinfo` PasswordStrength (e.g. "Strong") is the camera's view of the password in
  use [SEEN the field; other values INF].
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha.sunapi import (
    PW_INIT, as_bool, wire_bool)
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, Unsupported, UnsupportedCall)

USERS_CALL = "SUNAPI security.cgi users/view"
PW_INIT_CALL = "SUNAPI pw_init.cgi statuscheck/view (no login)"
LOCKOUT_ATTEMPTS = 5  # SUNAPI introduction §1.9: locked "on 5 successive login attempts"
FIXED_LOCKOUT = ("the SUNAPI login lockout is the firmware's own and cannot be changed: it "
                 "locks an account after %d wrong passwords in a row (HTTP 490 "
                 "AccountBlocked)" % LOCKOUT_ATTEMPTS)
UPDATE_NEEDS_PASSWORD = ("SUNAPI's users update needs the user's password with every change "
                         "(Index, UserID and Password together), and passwords cannot be "
                         "read back: give user %s's password in the task to change its role")
TEXT_FIELDS = ("UserID", "Password", "Enable", "VideoProfileAccess", "PTZAccess",
               "AudioInAccess", "AudioOutAccess", "AlarmOutputAccess", "AdminAccess",
               "PrivacyAreaAccess")
CONTROL_FLAGS = ("PTZAccess", "AudioOutAccess", "AlarmOutputAccess")
ROLE_FLAGS = {
    "admin": {"AdminAccess": True, "VideoProfileAccess": True, "PTZAccess": True,
              "AudioInAccess": True, "AudioOutAccess": True, "AlarmOutputAccess": True},
    "operator": {"AdminAccess": False, "VideoProfileAccess": True, "PTZAccess": True,
                 "AudioInAccess": True, "AudioOutAccess": True, "AlarmOutputAccess": True},
    "viewer": {"AdminAccess": False, "VideoProfileAccess": True, "PTZAccess": False,
               "AudioInAccess": False, "AudioOutAccess": False, "AlarmOutputAccess": False},
}
# The web interface's rule for user IDs [INF]: letters and digits, at most 8 characters on
# older firmware; SUNAPI itself documents none.
NAME_RULE = (r"^[A-Za-z0-9]{1,16}$", "1 to 16 letters or digits (SUNAPI user IDs)")
WEAK_STRENGTHS = ("weak", "low", "risky", "medium")  # [INF]: only "Strong" is documented


def role_of(user):
    if as_bool(user.get("AdminAccess", False)):
        return "admin"
    if any(as_bool(user.get(flag, False)) for flag in CONTROL_FLAGS):
        return "operator"
    return "viewer"


def _text_users(doc):
    """The users of a text reply (`Users.<Index>=UserID/Password/Enable/...`, in the order
    of the documented header [SEEN]), or None when it has none."""
    users = []
    for key, value in sorted(doc.items()):
        if key.startswith("Users.") and key[6:].isdigit():
            values = value.split("/")
            users.append(dict(zip(TEXT_FIELDS, values), Index=int(key[6:])))
    return users or None


def _flags(role):
    return [(k, wire_bool(v)) for k, v in sorted(ROLE_FLAGS[role].items())]


class HanwhaAccounts(object):
    """The accounts area of one camera, over the driver's SunapiClient (has-a)."""

    def __init__(self, sunapi, transport):
        self.sunapi = sunapi
        self.t = transport
        self.camera = transport.camera

    def _users(self):
        doc = self.sunapi.view("security", "users")
        users = doc.get("Users") if isinstance(doc, dict) else None
        if users is None and isinstance(doc, dict):
            users = _text_users(doc)
        if users is None:
            raise CameraError(self.camera, USERS_CALL, "the reply has no Users list")
        return [u for u in users if isinstance(u, dict) and u.get("UserID")]

    def read(self):
        users = self._users()
        disclosed = any(str(u.get("Password") or "") for u in users)
        out = {"users": sorted(({"name": u["UserID"], "role": role_of(u)} for u in users),
                               key=lambda u: u["name"]),
               "_ids": dict((u["UserID"], u.get("Index")) for u in users),
               "unsupported": {},
               "passwords_disclosed_by": [USERS_CALL] if disclosed else [],
               # Not a setting: the firmware's fixed behaviour, which is what 5.4.1 asks.
               "lockout": True, "lockout_attempts": LOCKOUT_ATTEMPTS}
        try:
            out["anonymous_access"] = as_bool(self.sunapi.view("security", "guest").get("Enable"))
        except UnsupportedCall as exc:
            out["anonymous_access"] = None
            out["unsupported"]["anonymous_access"] = exc.reason
        try:
            out["default_password"] = self.self_check()
        except Unsupported as exc:
            out["default_password"] = {"camera_says_default": None, "camera_says_risky": None}
            out["unsupported"]["default_password"] = exc.reason
        return out

    def initialized(self):
        """pw_init's statuscheck, asked without credentials: True/False, or None where the
        firmware has no pw_init.cgi (before SUNAPI 2.5.5)."""
        resp = self.t.request("GET", PW_INIT, params=[("msubmenu", "statuscheck"),
                                                      ("action", "view")],
                              headers={"Accept": "application/json"}, anonymous=True,
                              cacheable=True, call=PW_INIT_CALL, expect=(401, 403, 404))
        if resp.status_code != 200:
            return None
        doc = self.sunapi.document(resp, PW_INIT_CALL)
        if not isinstance(doc, dict) or "Initialized" not in doc:
            raise CameraError(self.camera, PW_INIT_CALL, "the reply has no Initialized")
        return as_bool(doc["Initialized"])

    def self_check(self):
        initialized = self.initialized()
        try:
            strength = self.sunapi.view("system", "deviceinfo").get("PasswordStrength")
        except UnsupportedCall:
            strength = None
        if initialized is None and strength is None:
            raise Unsupported("this camera has neither pw_init.cgi's statuscheck (SUNAPI 2.5.5 "
                              "and later) nor a PasswordStrength in its deviceinfo")
        return {"camera_says_default": None if initialized is None else not initialized,
                "camera_says_risky": None if strength in (None, "")
                else str(strength).strip().lower() in WEAK_STRENGTHS}

    # -- writes ------------------------------------------------------------------------
    def create(self, name, role, password):
        params = [("UserID", name), ("Enable", "True")] + _flags(role)
        self.sunapi.secret_write("security", "users", "add", params, {"Password": password},
                                 "IsPasswordEncrypted")

    def update(self, name, role, current, password=None):
        if not password:
            raise Unsupported(UPDATE_NEEDS_PASSWORD % name)
        index = (current.get("_ids") or {}).get(name)
        if index is None:
            raise CameraError(self.camera, USERS_CALL, "user %s has no Index" % name)
        params = [("Index", str(index)), ("UserID", name)] + _flags(role)
        self.sunapi.secret_write("security", "users", "update", params, {"Password": password},
                                 "IsPasswordEncrypted")

    def delete(self, name, current):
        self.sunapi.write("security", "users", "remove", [("UserID", name)])

    def write_access(self, values, current):
        if values.get("lockout") is False or (
                values.get("lockout_attempts") not in (None, LOCKOUT_ATTEMPTS)):
            raise Unsupported(FIXED_LOCKOUT)
        if "anonymous_access" in values:
            self.sunapi.write("security", "guest", "set",
                              [("Enable", wire_bool(values["anonymous_access"]))])
