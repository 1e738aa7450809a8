# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dahua JSON-RPC ("RPC2") wire client, for the settings that exist only there (SD-card
encryption: SDEncrypt.*). Sources: tests/emulator/vendors/dahua/profiles.md.

Login is two POSTs to /RPC2_Login, method global.login: the first (empty password) is
answered result=false with error 268632079 and params realm, random and a session id;
the second sends MD5(user:random:MD5(user:realm:password)), both hex upper-case, and
result=true admits the session. Calls then POST /RPC2 with {"method", "params",
"session", "id"}; result=false carries error {code, message}.

A refused login (wrong password, unknown user, or the lockout codes IN_BLACK_LIST
268632073 and HAS_BEEN_LOCKED 268632081, at either step) is an AuthError recorded on the
transport: no further credentialed request of the task is sent. "Method not found!"
(268894210) is a method this firmware lacks: UnsupportedCall. Nothing is ever resent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, DeviceFault, UnsupportedCall)

LOGIN_PATH = "/RPC2_Login"
CALL_PATH = "/RPC2"
CLIENT_TYPE = "Web3.0"
LOGIN_CHALLENGE = 268632079
IN_BLACK_LIST = 268632073
HAS_BEEN_LOCKED = 268632081
LOCKOUT_CODES = {IN_BLACK_LIST: "IN_BLACK_LIST", HAS_BEEN_LOCKED: "HAS_BEEN_LOCKED"}
METHOD_NOT_FOUND = 268894210


def _md5_upper(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def login_hash(username, password, realm, random):
    return _md5_upper("%s:%s:%s" % (username, random, _md5_upper(
        "%s:%s:%s" % (username, realm, password))))


class Rpc2Client(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera
        self.session = None
        self._id = 0

    def _post(self, path, method, params, call, session=None):
        self._id += 1
        body = {"method": method, "params": params, "id": self._id}
        if session is not None:
            body["session"] = session
        # RPC2 has its own login: no HTTP credentials go with it.
        resp = self.t.request("POST", path, json=body, idempotent=False, call=call,
                              anonymous=True)
        try:
            reply = resp.json()
        except ValueError:
            raise DeviceFault(self.camera, call, "fault: the reply is not JSON (HTTP %d)"
                              % resp.status_code)
        if not isinstance(reply, dict) or "result" not in reply:
            raise DeviceFault(self.camera, call, "fault: the reply carries no result")
        return reply

    @staticmethod
    def _error(reply):
        error = reply.get("error") if isinstance(reply.get("error"), dict) else {}
        code = error.get("code")
        return (code if isinstance(code, int) else None), str(error.get("message") or "")

    def _refused(self, call, code, message):
        if code in LOCKOUT_CODES:
            cause = ("refused login: the account or this client is locked out (%s, error %d: %s); "
                     "not retried, because cameras lock accounts after failed logins"
                     % (LOCKOUT_CODES[code], code, message))
        else:
            cause = ("refused login: the camera refused the credentials of user '%s' (error %s: "
                     "%s); not retried, because cameras lock accounts after failed logins"
                     % (self.t.username, code, message))
        err = AuthError(self.camera, call, cause)
        self.t.note_auth_failure(err)
        return err

    def login(self):
        if self.session is not None:
            return
        if self.t.auth_failure is not None:
            raise self.t.auth_failure
        call = "RPC2 global.login"
        user = self.t.username or ""
        first = self._post(LOGIN_PATH, "global.login",
                           {"userName": user, "password": "", "clientType": CLIENT_TYPE}, call)
        code, message = self._error(first)
        if code in LOCKOUT_CODES:
            raise self._refused(call, code, message)
        params = first.get("params") or {}
        if first.get("result") or code != LOGIN_CHALLENGE or not params.get("realm") \
                or not params.get("random"):
            raise DeviceFault(self.camera, call, "fault: no login challenge (error %s: %s)"
                              % (code, message or "none"))
        session = first.get("session")
        second = self._post(LOGIN_PATH, "global.login", {
            "userName": user, "clientType": CLIENT_TYPE, "authorityType": "Default",
            "passwordType": "Default",
            "password": login_hash(user, self.t.password or "", params["realm"], params["random"])},
            call, session=session)
        if second.get("result") is not True:
            code, message = self._error(second)
            raise self._refused(call, code, message)
        self.session = second.get("session") or session

    def call(self, method, params=None):
        """The reply's params of one method; errors name the method and quote the device."""
        self.login()
        call = "RPC2 %s" % method
        reply = self._post(CALL_PATH, method, params or {}, call, session=self.session)
        if reply.get("result") is False:
            code, message = self._error(reply)
            if code == METHOD_NOT_FOUND:
                raise UnsupportedCall(self.camera, call, "not supported by this camera (error "
                                      "%d: %s)" % (code, message))
            raise DeviceFault(self.camera, call, "fault: error %s: %s" % (code, message or "none"))
        return reply.get("params")

    def logout(self):
        if self.session is None:
            return
        try:
            self._post(CALL_PATH, "global.logout", {}, "RPC2 global.logout", session=self.session)
        except DeviceFault:
            pass  # the session ends on the camera's side anyway
        self.session = None
