# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""User accounts over ONVIF (area `accounts`): a part of the Onvif helper (helper.py),
which OnvifDriver calls; the vendor drivers use their own APIs, and ask ONVIF GetUsers
only for 5.4.2 (user_lists_disclosing_passwords).

Device service (devicemgmt.wsdl): GetUsers lists tds:User (tt:Username, tt:UserLevel;
Core forbids the password, but tt:User allows a tt:Password and some firmware fills it:
that is noted as "passwords_disclosed_by" and the value is dropped right here, so it
never reaches facts, reports or logs); CreateUsers takes tds:User with tt:Password; SetUser changes the
level (no tt:Password: passwords are only sent on create); DeleteUsers takes
tds:Username. UserLevel is Administrator | Operator | User | Anonymous | Extended.

ONVIF has no anonymous-access switch: a user of level Anonymous IS anonymous access, so
turning it off means deleting those users (the area plans that, and says so). ONVIF has
no login-lockout setting and no call that judges a password: both are unsupported.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import without_secret
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, Unsupported, UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.soap import OnvifClient, el

LEVELS = {"admin": "Administrator", "operator": "Operator", "viewer": "User",
          "anonymous": "Anonymous", "extended": "Extended"}
ROLES = dict((level, role) for role, level in LEVELS.items())
NO_LOCKOUT = ("ONVIF defines no login-lockout setting; check the camera's own interface and "
              "record it for 5.4.1")
NO_SELF_CHECK = ("ONVIF has no call that says whether an account still has its factory "
                 "password; the zero-login check compares the task's own password instead")
NO_ANONYMOUS_SWITCH = ("ONVIF has no anonymous-access switch: anonymous access is a user of "
                       "level Anonymous, which this module does not create")
GET_USERS = "ONVIF GetUsers"
# Harmless device-service reads asked once without credentials for 5.4.1.
CALLS_WITHOUT_LOGIN = ("GetDeviceInformation", "GetUsers", "GetNetworkProtocols")


def users_disclose_passwords(resp):
    """True when a GetUsers reply carries a password value (only the fact is kept)."""
    return any(xmltools.text(user, "Password") for user in xmltools.children(resp, "User"))


def _device_call_without_login(operation):
    def send(transport):
        client = OnvifClient(transport)
        client.clock_offset = 0.0  # no WS-Security token is sent, so no clock is needed
        return client.call("device", operation)
    return send


class OnvifAccounts(object):
    """The ONVIF accounts of one camera, asked through its Onvif helper."""

    def __init__(self, onvif):
        self.onvif = onvif  # the Onvif helper (helper.py): call() is its client's
        self.camera = onvif.camera

    def calls_without_login(self):
        """[(call, send(transport))] that 5.4.1 sends once each without credentials."""
        return [("ONVIF %s" % op, _device_call_without_login(op)) for op in CALLS_WITHOUT_LOGIN]

    def user_lists_disclosing_passwords(self, current, accounts_read_is_onvif=True):
        """(calls whose user list carries passwords, {call: why it could not be checked}).
        The accounts read covered the driver's own list; on a vendor camera ONVIF GetUsers
        is asked here too (with the task's credentials, as any ONVIF read):
        `accounts_read_is_onvif` False."""
        disclosed = list(current.get("passwords_disclosed_by") or [])
        unchecked = {}
        if not accounts_read_is_onvif:
            try:
                if users_disclose_passwords(self.onvif.call("device", "GetUsers")):
                    disclosed.append(GET_USERS)
            except CameraError as exc:
                unchecked[GET_USERS] = exc.cause
        return disclosed, unchecked

    def read_accounts(self):
        try:
            resp = self.onvif.call("device", "GetUsers")
        except UnsupportedCall as exc:
            # Firmware without GetUsers: ONVIF has no other account read (anonymous access
            # is a user too), so the whole area is unread, with the camera's words.
            raise Unsupported("users: %s: %s" % (exc.call, exc.cause))
        users = []
        for user in xmltools.children(resp, "User"):
            name = xmltools.text(user, "Username")
            if name:
                level = xmltools.text(user, "UserLevel") or "User"
                users.append({"name": name, "role": ROLES.get(level, level.lower())})
        return {
            "users": sorted(users, key=lambda u: u["name"]),
            "passwords_disclosed_by": [GET_USERS] if users_disclose_passwords(resp) else [],
            "anonymous_access": any(u["role"] == "anonymous" for u in users),
            "_anonymous_is_a_user": True,
            "lockout": None, "lockout_attempts": None,
            "default_password": {"camera_says_default": None, "camera_says_risky": None},
            "unsupported": {"lockout": NO_LOCKOUT, "lockout_attempts": NO_LOCKOUT,
                            "default_password": NO_SELF_CHECK},
        }

    def _user_element(self, name, role, password=None):
        return el("tds:User", children=[
            el("tt:Username", name),
            el("tt:Password", password) if password is not None else None,
            el("tt:UserLevel", LEVELS[role])])

    def create_user(self, name, role, password):
        try:
            self.onvif.call("device", "CreateUsers", el("tds:CreateUsers", children=[
                self._user_element(name, role, password)]), read=False)
        except CameraError as exc:
            raise without_secret(exc, password)

    def update_user(self, name, role, current):
        self.onvif.call("device", "SetUser", el("tds:SetUser", children=[
            self._user_element(name, role)]), read=False)

    def delete_user(self, name, current):
        self.onvif.call("device", "DeleteUsers", el("tds:DeleteUsers", children=[
            el("tds:Username", name)]), read=False)

    def write_access(self, values, current):
        if "anonymous_access" in values:
            raise Unsupported(NO_ANONYMOUS_SWITCH)
        raise Unsupported(NO_LOCKOUT)
