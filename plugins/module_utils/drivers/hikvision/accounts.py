# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""User accounts, anonymous access, the login lockout and the camera's own password check
on Hikvision cameras (area `accounts`), a part of HikvisionDriver. ISAPI:

- GET /ISAPI/Security/users: <UserList><User><id/><userName/><userLevel/></User>...;
  userLevel Administrator | Operator | Viewer; passwords should never be returned: a
  <password> with a value is noted as "passwords_disclosed_by" and dropped right here.
  POST /ISAPI/Security/users <User><userName/><password/><userLevel/></User> creates one;
  PUT /ISAPI/Security/users/<id> changes one (no <password>: passwords are only sent on
  create); DELETE /ISAPI/Security/users/<id> removes one. Each answers <ResponseStatus>,
  statusCode 1 on success.
- GET /ISAPI/Security/userCheck: isDefaultPassword and isRiskPassword of the account the
  request logs in with.
- GET/PUT /ISAPI/Security/illegalLoginLock: <IllegalLoginLock><enabled/>
  <maxIllegalLoginTimes/></IllegalLoginLock>.
- GET/PUT /ISAPI/Security/UserPermission/anonymouslogin: <AnonymousLogin><enabled/>
  </AnonymousLogin> [path seen in Hikvision's web client; body INF].
A camera whose firmware lacks one of the last three says so (HTTP 403 notSupport or 404):
that setting is reported unsupported, the rest still works.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import xml.etree.ElementTree as ET

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import without_secret
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError, Unsupported
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.isapi import serialise, set_text

USERS = "/ISAPI/Security/users"
USERS_CALL = "ISAPI GET %s" % USERS
DEVICE_INFO = "/ISAPI/System/deviceInfo"
USER_CHECK = "/ISAPI/Security/userCheck"
LOCKOUT = "/ISAPI/Security/illegalLoginLock"
ANONYMOUS = "/ISAPI/Security/UserPermission/anonymouslogin"
HIKVISION_NS = "http://www.hikvision.com/ver20/XMLSchema"
LEVELS = {"admin": "Administrator", "operator": "Operator", "viewer": "Viewer"}
ROLES = dict((level.lower(), role) for role, level in LEVELS.items())
# What the web interface of these cameras takes [INF]: letters, digits and a few marks.
NAME_RULE = (r"^[A-Za-z0-9_.@-]{1,32}$", "1 to 32 letters, digits, '_', '.', '@' or '-' (ISAPI)")


def document(tag, ns, children):
    """<tag xmlns=ns><name>text</name>...</tag> for a POST or PUT body."""
    prefix = "{%s}" % ns if ns else ""
    root = ET.Element(prefix + tag)
    for name, text in children:
        ET.SubElement(root, prefix + name).text = str(text)
    return root


def namespace_of(root):
    return root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else None


class HikvisionAccounts(object):
    """The accounts of one Hikvision camera, for its HikvisionDriver."""

    def __init__(self, driver):
        self.driver = driver
        self.t = driver.t
        self.camera = driver.camera
        self.isapi = driver.isapi
        self.onvif = driver.onvif  # the Onvif helper

    def calls_without_login(self):
        """The ONVIF calls, and ISAPI's device information (5.4.1)."""
        def device_info(transport):
            call = "ISAPI GET %s" % DEVICE_INFO
            return transport.parse_xml(transport.request("GET", DEVICE_INFO, call=call), call)
        return self.onvif.accounts.calls_without_login() + [
            ("ISAPI GET %s" % DEVICE_INFO, device_info)]

    def _optional_get(self, path):
        """(document, None), or (None, why) when this firmware does not offer `path`."""
        call = "ISAPI GET %s" % path
        resp = self.t.request("GET", path, cacheable=True, expect=(200, 403, 404), call=call)
        if resp.status_code == 200:
            return self.t.parse_xml(resp, call), None
        why = ""
        if resp.content.lstrip().startswith(b"<"):
            status = self.t.parse_xml(resp, call)
            why = ", ".join(x for x in (xmltools.text(status, "statusString"),
                                        xmltools.text(status, "subStatusCode")) if x)
        return None, "this camera answers %s with HTTP %d%s" % (
            path, resp.status_code, (" (%s)" % why) if why else "")

    def _send(self, method, path, root=None, password=None):
        """POST, PUT or DELETE that answers <ResponseStatus>; returns it."""
        call = "ISAPI %s %s" % (method, path)
        try:
            resp = self.t.request(method, path, data=serialise(root) if root is not None else None,
                                  idempotent=False, call=call, expect=(200, 400, 403, 500),
                                  headers={"Content-Type": "application/xml; charset=utf-8"})
            status = self.t.parse_xml(resp, call)
        except CameraError as exc:
            raise without_secret(exc, password)
        code = xmltools.text(status, "statusCode")
        if resp.status_code != 200 or code != "1":
            raise without_secret(CameraError(self.camera, call, "%s (statusCode %s, %s)" % (
                xmltools.text(status, "statusString", "HTTP %d" % resp.status_code), code,
                xmltools.text(status, "subStatusCode", ""))), password)
        return status

    def read_accounts(self):
        doc = self.isapi.get(USERS)
        users, ids, disclosed = [], {}, False
        for user in xmltools.iter_local(doc, "User"):
            name = xmltools.text(user, "userName")
            disclosed = disclosed or bool(xmltools.text(user, "password"))
            if not name:
                continue
            level = (xmltools.text(user, "userLevel") or "").lower()
            users.append({"name": name, "role": ROLES.get(level, level or "viewer")})
            ids[name] = xmltools.text(user, "id")
        # New users are written in the namespace this firmware lists them in.
        self._users_ns = namespace_of(doc) or HIKVISION_NS
        out = {"users": sorted(users, key=lambda u: u["name"]), "_ids": ids,
               "_ns": self._users_ns, "unsupported": {},
               "passwords_disclosed_by": [USERS_CALL] if disclosed else []}
        lock, why = self._optional_get(LOCKOUT)
        if lock is None:
            out["lockout"] = out["lockout_attempts"] = None
            out["unsupported"]["lockout"] = out["unsupported"]["lockout_attempts"] = why
        else:
            out["lockout"] = xmltools.as_bool(xmltools.text(lock, "enabled", "false"))
            attempts = xmltools.text(lock, "maxIllegalLoginTimes")
            out["lockout_attempts"] = int(attempts) if attempts and attempts.isdigit() else None
        anonymous, why = self._optional_get(ANONYMOUS)
        if anonymous is None:
            out["anonymous_access"] = None
            out["unsupported"]["anonymous_access"] = why
        else:
            out["anonymous_access"] = xmltools.as_bool(xmltools.text(anonymous, "enabled", "false"))
        check, why = self._optional_get(USER_CHECK)
        out["default_password"] = self._judgement(check)
        if check is None:
            out["unsupported"]["default_password"] = why
        return out

    @staticmethod
    def _judgement(check):
        if check is None:
            return {"camera_says_default": None, "camera_says_risky": None}
        found = {}
        for key, element in (("camera_says_default", "isDefaultPassword"),
                             ("camera_says_risky", "isRiskPassword")):
            value = xmltools.text(check, element)
            found[key] = None if value is None else xmltools.as_bool(value)
        return found

    def password_self_check(self):
        check, why = self._optional_get(USER_CHECK)
        if check is None:
            raise Unsupported(why)
        return self._judgement(check)

    def create_user(self, name, role, password):
        ns = getattr(self, "_users_ns", None) or HIKVISION_NS
        self._send("POST", USERS, document("User", ns, [
            ("userName", name), ("password", password), ("userLevel", LEVELS[role])]), password)

    def _user_id(self, name, current):
        user_id = (current.get("_ids") or {}).get(name)
        if not user_id:
            raise CameraError(self.camera, "ISAPI GET %s" % USERS, "user %s has no id" % name)
        return user_id

    def update_user(self, name, role, current):
        user_id = self._user_id(name, current)
        self._send("PUT", "%s/%s" % (USERS, user_id), document("User", current.get("_ns"), [
            ("id", user_id), ("userName", name), ("userLevel", LEVELS[role])]))

    def delete_user(self, name, current):
        self._send("DELETE", "%s/%s" % (USERS, self._user_id(name, current)))

    def write_access(self, values, current):
        if "lockout" in values or "lockout_attempts" in values:
            doc = self.isapi.get(LOCKOUT)
            if "lockout" in values:
                set_text(doc, "enabled", values["lockout"])
            if values.get("lockout_attempts") is not None:
                set_text(doc, "maxIllegalLoginTimes", int(values["lockout_attempts"]))
            self.isapi.put(LOCKOUT, doc)
        if "anonymous_access" in values:
            doc = self.isapi.get(ANONYMOUS)
            set_text(doc, "enabled", values["anonymous_access"])
            self.isapi.put(ANONYMOUS, doc)
