"""The emulator's accounts and login security (5.4.1-5.4.3), driven as a client would:
Axis pwdgrp.cgi and BoaProtViewer, Hikvision /ISAPI/Security/{users, userCheck,
illegalLoginLock, UserPermission/anonymouslogin}, ONVIF Get/Create/Set/DeleteUsers
(every request and reply checked against the ONVIF schemas), and the snapshot paths an
anonymous viewer reaches with plain `requests` and no credentials."""

import base64
import datetime
import hashlib
import json
import os
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeET
import pytest
import requests
from requests.auth import HTTPDigestAuth

from tests.onvif_schema import fault_codes, validate_soap
from tests.conftest import camera_of

AXIS, HIK, ONVIF = camera_of("axis"), camera_of("hikvision"), camera_of("onvif")
TIMEOUT = 10
SNAPSHOTS = {AXIS: "/axis-cgi/jpg/image.cgi", HIK: "/ISAPI/Streaming/channels/101/picture",
             ONVIF: "/onvif/snapshot"}

SESSION = requests.Session()
SESSION.trust_env = False  # loopback only: no proxy from the environment


class Cam:
    """One emulated camera seen from a client, with the fleet's account."""

    def __init__(self, emu, cam_id):
        self.emu = emu
        self.id = cam_id
        self.address = emu.cameras[cam_id]["address"]
        self.username = emu.control.state(cam_id)["users"][0]["username"]
        self.password = emu.password()

    def auth(self, username=None, password=None):
        return HTTPDigestAuth(username or self.username,
                              self.password if password is None else password)

    def request(self, method, path, auth="fleet", **kw):
        auth = self.auth() if auth == "fleet" else auth
        return SESSION.request(method, "http://%s%s" % (self.address, path), auth=auth,
                               timeout=TIMEOUT, **kw)

    def state(self):
        return self.emu.control.state(self.id)

    def users(self):
        return {u["username"]: u["level"] for u in self.state()["users"]}

    def counters(self):
        return self.emu.control.counters(self.id)


@pytest.fixture
def axis(fresh_fleet):
    return Cam(fresh_fleet, AXIS)


@pytest.fixture
def hik(fresh_fleet):
    return Cam(fresh_fleet, HIK)


@pytest.fixture
def onvif(fresh_fleet, onvif_schemas):
    return Cam(fresh_fleet, ONVIF)


def assert_challenge(resp):
    assert resp.status_code == 401, resp.text
    assert resp.headers["WWW-Authenticate"].startswith("Digest ")


# -- Axis pwdgrp.cgi ------------------------------------------------------------------------
def pwdgrp(cam, auth="fleet", **args):
    resp = cam.request("GET", "/axis-cgi/pwdgrp.cgi", auth=auth, params=args)
    return resp.status_code, resp.text.strip()


def groups(cam):
    status, text = pwdgrp(cam, action="get")
    assert status == 200
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition("=")
        out[key] = [n for n in value.strip('"').split(",") if n]
    return out


def test_axis_lists_the_fleet_account_in_every_group(axis):
    assert groups(axis) == {"admin": ["root"], "operator": ["root"], "viewer": ["root"],
                            "ptz": ["root"]}


def test_axis_add_update_remove(axis):
    writes = axis.counters()["writes"]
    assert pwdgrp(axis, action="add", user="alice", pwd="Alice-pass-1", grp="users",
                  sgrp="admin:operator:viewer") == (200, "Created account alice.")
    assert pwdgrp(axis, action="add", user="bob", pwd="Bob-pass-1", grp="users",
                  sgrp="viewer:ptz") == (200, "Created account bob.")
    assert groups(axis) == {"admin": ["root", "alice"], "operator": ["root", "alice"],
                            "viewer": ["root", "alice", "bob"], "ptz": ["root", "bob"]}
    assert axis.users() == {"root": "Administrator", "alice": "Administrator", "bob": "Viewer"}
    assert axis.counters()["writes"] == writes + 2
    assert "Bob-pass-1" not in pwdgrp(axis, action="get")[1]

    # bob logs in, but a viewer may not manage accounts
    status, text = pwdgrp(axis, auth=axis.auth("bob", "Bob-pass-1"), action="get")
    assert status == 403 and text.startswith("Error:")

    # role change, then a new password that is the only one that works
    assert pwdgrp(axis, action="update", user="bob", sgrp="operator:viewer") == (
        200, "Modified account bob.")
    assert groups(axis)["operator"] == ["root", "alice", "bob"]
    assert axis.users()["bob"] == "Operator"
    assert pwdgrp(axis, action="update", user="bob", pwd="Bob-pass-2")[1] == \
        "Modified account bob."
    params = "/axis-cgi/param.cgi?action=list&group=Brand"
    assert axis.request("GET", params, auth=axis.auth("bob", "Bob-pass-2")).status_code == 200
    assert axis.request("GET", params, auth=axis.auth("bob", "Bob-pass-1")).status_code == 401

    assert pwdgrp(axis, action="remove", user="bob") == (200, "Removed account bob.")
    assert "bob" not in axis.users()
    # persisted: the camera's state file has the change too
    with open(os.path.join(axis.emu.state_dir, "cameras", AXIS + ".json")) as f:
        assert [u["username"] for u in json.load(f)["users"]] == ["root", "alice"]


@pytest.mark.parametrize("args, error", [
    (dict(action="add", user="root", pwd="x1", grp="users", sgrp="viewer"),
     "Error: account root already exists."),
    (dict(action="add", user="fifteen-chars-x", pwd="x1", grp="users", sgrp="viewer"),
     "Error: invalid user name."),
    (dict(action="add", user="bad name", pwd="x1", grp="users", sgrp="viewer"),
     "Error: invalid user name."),
    (dict(action="add", user="carol", grp="users", sgrp="viewer"),
     "Error: a password is required."),
    (dict(action="add", user="carol", pwd="x1", sgrp="viewer"), "Error: invalid group list."),
    (dict(action="add", user="carol", pwd="x1", grp="users", sgrp="viewer:root"),
     "Error: invalid group list."),
    (dict(action="update", user="nobody", pwd="x1"), "Error: account nobody does not exist."),
    (dict(action="remove", user="nobody"), "Error: account nobody does not exist."),
    (dict(action="remove", user="root"),
     "Error: cannot remove the account you are logged in with"),
    (dict(action="update", user="root", sgrp="viewer"),
     "Error: cannot remove admin rights from the account you are logged in with"),
    (dict(action="rename", user="root"), "Error: invalid action."),
])
def test_axis_refusals_change_nothing(axis, args, error):
    before = axis.state()["users"]
    assert pwdgrp(axis, **args) == (200, error)
    assert axis.state()["users"] == before


def test_axis_anonymous_viewer_follows_boaprotviewer(axis):
    path = SNAPSHOTS[AXIS]
    listing = axis.request("GET", "/axis-cgi/param.cgi",
                           params={"action": "list", "group": "root.System.BoaProtViewer"})
    assert listing.text.strip() == "root.System.BoaProtViewer=anonymous"  # insecure preset
    anonymous = SESSION.get("http://%s%s" % (axis.address, path), timeout=TIMEOUT)
    assert anonymous.status_code == 200
    assert anonymous.headers["Content-Type"] == "image/jpeg"
    assert anonymous.content[:2] == b"\xff\xd8"

    update = axis.request("GET", "/axis-cgi/param.cgi", params={
        "action": "update", "root.System.BoaProtViewer": "password"})
    assert update.text.strip() == "OK"
    assert axis.state()["access"]["anonymous_viewer"] is False
    assert_challenge(SESSION.get("http://%s%s" % (axis.address, path), timeout=TIMEOUT))
    assert axis.request("GET", path).status_code == 200  # an account still may
    assert axis.counters()["failed_logins"] == 0


# -- Hikvision ISAPI --------------------------------------------------------------------------
class Doc:
    """A reply document read whatever its namespace."""

    def __init__(self, content):
        self.root = SafeET.fromstring(content)
        self.ns = self.root.tag[1:].split("}")[0] if self.root.tag.startswith("{") else ""
        self.tag = self.root.tag.split("}")[-1]

    def q(self, path):
        return "/".join("{%s}%s" % (self.ns, p) if self.ns else p for p in path.split("/"))

    def text(self, path, el=None):
        return (self.root if el is None else el).findtext(self.q(path))

    def findall(self, path):
        return self.root.findall(self.q(path))


def isapi(cam, method, path, body=None, auth="fleet"):
    resp = cam.request(method, path, auth=auth, data=body.encode() if body else None)
    return resp.status_code, Doc(resp.content) if resp.content.startswith(b"<") else None


def hik_users(cam, auth="fleet"):
    status, doc = isapi(cam, "GET", "/ISAPI/Security/users", auth=auth)
    assert status == 200
    return {doc.text("id", u): (doc.text("userName", u), doc.text("userLevel", u))
            for u in doc.findall("User")}


def user_xml(name=None, password=None, level=None, ident=None):
    parts = [("id", ident), ("userName", name), ("password", password), ("userLevel", level)]
    return "<User>%s</User>" % "".join("<%s>%s</%s>" % (t, escape(str(v)), t)
                                       for t, v in parts if v is not None)


def status_of(doc):
    return doc.text("statusCode"), doc.text("subStatusCode")


def test_hikvision_lists_without_passwords(hik):
    assert hik_users(hik) == {"1": ("admin", "Administrator")}
    resp = hik.request("GET", "/ISAPI/Security/users")
    assert hik.password.encode() not in resp.content
    assert b"password" not in resp.content.lower()


def test_hikvision_create_update_delete(hik):
    writes = hik.counters()["writes"]
    status, doc = isapi(hik, "POST", "/ISAPI/Security/users",
                        user_xml("alice", "Alice-pass-1", "Operator"))
    assert status == 200 and status_of(doc) == ("1", "ok") and doc.text("id") == "2"
    status, doc = isapi(hik, "POST", "/ISAPI/Security/users",
                        user_xml("bob", "Bob-pass-1", "Viewer"))
    assert doc.text("id") == "3"
    assert hik_users(hik) == {"1": ("admin", "Administrator"), "2": ("alice", "Operator"),
                              "3": ("bob", "Viewer")}
    assert hik.counters()["writes"] == writes + 2
    status, doc = isapi(hik, "GET", "/ISAPI/Security/users/3")
    assert (doc.tag, doc.text("userName"), doc.text("userLevel")) == ("User", "bob", "Viewer")

    # role change keeps the password; a password change keeps the role
    assert isapi(hik, "PUT", "/ISAPI/Security/users/3",
                 user_xml("bob", level="Operator", ident=3))[0] == 200
    assert isapi(hik, "PUT", "/ISAPI/Security/users/3",
                 user_xml("bob", password="Bob-pass-2", ident=3))[0] == 200
    assert hik.users()["bob"] == "Operator"
    bob = hik.auth("bob", "Bob-pass-2")
    assert hik.request("GET", "/ISAPI/System/deviceInfo", auth=bob).status_code == 200

    # ids stay put when another account goes
    status, doc = isapi(hik, "DELETE", "/ISAPI/Security/users/2")
    assert status == 200 and status_of(doc) == ("1", "ok")
    assert hik_users(hik) == {"1": ("admin", "Administrator"), "3": ("bob", "Operator")}
    assert isapi(hik, "DELETE", "/ISAPI/Security/users/3")[0] == 200
    assert hik.users() == {"admin": "Administrator"}


@pytest.mark.parametrize("method, path, body, http_status, code, sub", [
    ("POST", "/ISAPI/Security/users", user_xml("admin", "Other-pass-1", "Viewer"),
     400, "6", "userNameExist"),
    ("POST", "/ISAPI/Security/users", user_xml("carol", "Carol-pass-1", "Guest"),
     400, "6", "badParameters"),
    ("POST", "/ISAPI/Security/users", user_xml("carol", level="Viewer"),
     400, "6", "badParameters"),
    ("POST", "/ISAPI/Security/users", user_xml("bad/name", "Carol-pass-1", "Viewer"),
     400, "6", "badParameters"),
    ("PUT", "/ISAPI/Security/users/9", user_xml("carol", level="Viewer"),
     400, "6", "invalidID"),
    ("DELETE", "/ISAPI/Security/users/9", None, 400, "6", "invalidID"),
    ("DELETE", "/ISAPI/Security/users/1", None, 403, "4", "deleteAdminNotAllowed"),
    ("PUT", "/ISAPI/Security/users/1", user_xml("admin", level="Viewer", ident=1),
     403, "4", "modifyAdminLevelNotAllowed"),
])
def test_hikvision_refusals_change_nothing(hik, method, path, body, http_status, code, sub):
    before = hik.state()["users"]
    status, doc = isapi(hik, method, path, body)
    assert (status, doc.tag, status_of(doc)) == (http_status, "ResponseStatus", (code, sub))
    assert hik.state()["users"] == before


def test_hikvision_only_administrators_manage_accounts(hik):
    isapi(hik, "POST", "/ISAPI/Security/users", user_xml("oper", "Oper-pass-1", "Operator"))
    oper = hik.auth("oper", "Oper-pass-1")
    for method, path, body in (("GET", "/ISAPI/Security/users", None),
                               ("POST", "/ISAPI/Security/users",
                                user_xml("eve", "Eve-pass-12", "Administrator")),
                               ("DELETE", "/ISAPI/Security/users/1", None),
                               ("PUT", "/ISAPI/Security/illegalLoginLock", lock_body(False))):
        status, doc = isapi(hik, method, path, body, auth=oper)
        assert (status, status_of(doc)) == (403, ("4", "noPermission")), (method, path)
    assert set(hik.users()) == {"admin", "oper"}
    # but may ask about its own password
    status, doc = isapi(hik, "GET", "/ISAPI/Security/userCheck", auth=oper)
    assert status == 200 and doc.text("isDefaultPassword") == "false"


def test_hikvision_user_check_sees_the_factory_password(hik):
    status, doc = isapi(hik, "GET", "/ISAPI/Security/userCheck")
    assert status == 200 and doc.tag == "userCheck"
    assert (doc.text("statusValue"), doc.text("isDefaultPassword"), doc.text("isRiskPassword"),
            doc.text("isActivated")) == ("200", "false", "false", "true")
    hik.emu.control.drift(HIK, {"users.0.password": "12345"})
    status, doc = isapi(hik, "GET", "/ISAPI/Security/userCheck",
                        auth=hik.auth(password="12345"))
    assert status == 200
    assert (doc.text("isDefaultPassword"), doc.text("isRiskPassword")) == ("true", "true")
    assert b"12345" not in hik.request("GET", "/ISAPI/Security/userCheck",
                                       auth=hik.auth(password="12345")).content


def lock_body(enabled=None, attempts=None):
    parts = ""
    if enabled is not None:
        parts += "<enabled>%s</enabled>" % ("true" if enabled else "false")
    if attempts is not None:
        parts += "<maxIllegalLoginTimes>%d</maxIllegalLoginTimes>" % attempts
    return ('<IllegalLoginLock xmlns="http://www.isapi.org/ver20/XMLSchema">%s'
            "</IllegalLoginLock>" % parts)


def lock_setting(cam):
    status, doc = isapi(cam, "GET", "/ISAPI/Security/illegalLoginLock")
    assert status == 200 and doc.tag == "IllegalLoginLock"
    return doc.text("enabled"), doc.text("maxIllegalLoginTimes")


def test_hikvision_illegal_login_lock_round_trip(hik):
    assert lock_setting(hik) == ("false", "5")  # insecure preset
    status, doc = isapi(hik, "PUT", "/ISAPI/Security/illegalLoginLock", lock_body(True, 3))
    assert status == 200 and status_of(doc) == ("1", "ok")
    assert lock_setting(hik) == ("true", "3")
    assert hik.state()["access"]["lockout_enabled"] is True
    assert hik.state()["access"]["lockout_attempts"] == 3
    for bad in (lock_body(True, 0), lock_body(True, 21), "<IllegalLoginLock/>"):
        assert isapi(hik, "PUT", "/ISAPI/Security/illegalLoginLock", bad)[0] == 400
    assert lock_setting(hik) == ("true", "3")
    hik.emu.control.preset(HIK, "secure")
    assert lock_setting(hik) == ("true", "5")


def wrong_logins(cam, n):
    for _ in range(n):
        resp = cam.request("GET", "/ISAPI/System/deviceInfo", auth=cam.auth(password="wrong"))
        assert resp.status_code in (401, 403)


def test_hikvision_locks_after_the_set_number_of_failures(hik):
    isapi(hik, "PUT", "/ISAPI/Security/illegalLoginLock", lock_body(True, 3))
    wrong_logins(hik, 2)
    # a success in between resets the count
    assert hik.request("GET", "/ISAPI/System/deviceInfo").status_code == 200
    wrong_logins(hik, 2)
    assert hik.request("GET", "/ISAPI/System/deviceInfo").status_code == 200
    wrong_logins(hik, 3)
    assert hik.counters()["locked"] is True
    assert hik.request("GET", "/ISAPI/System/deviceInfo").status_code == 403
    hik.emu.control.clear_faults(HIK)  # the control interface's unlock
    assert hik.request("GET", "/ISAPI/System/deviceInfo").status_code == 200


def test_hikvision_does_not_lock_while_the_setting_is_off(hik):
    wrong_logins(hik, 7)
    assert hik.counters()["locked"] is False
    assert hik.request("GET", "/ISAPI/System/deviceInfo").status_code == 200


def test_hikvision_anonymous_login_setting_opens_the_picture(hik):
    path = "/ISAPI/Security/UserPermission/anonymouslogin"
    status, doc = isapi(hik, "GET", path)
    assert (status, doc.tag, doc.text("enabled")) == (200, "AnonymousLogin", "true")
    picture = "http://%s%s" % (hik.address, SNAPSHOTS[HIK])
    resp = SESSION.get(picture, timeout=TIMEOUT)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/jpeg"

    status, doc = isapi(hik, "PUT", path, "<AnonymousLogin><enabled>false</enabled>"
                                          "</AnonymousLogin>")
    assert status == 200 and status_of(doc) == ("1", "ok")
    assert isapi(hik, "GET", path)[1].text("enabled") == "false"
    assert hik.state()["access"]["anonymous_viewer"] is False
    assert_challenge(SESSION.get(picture, timeout=TIMEOUT))
    assert hik.request("GET", SNAPSHOTS[HIK]).status_code == 200
    assert hik.counters()["failed_logins"] == 0
    assert isapi(hik, "PUT", path, "<AnonymousLogin/>")[0] == 400


def test_hikvision_secure_preset_has_anonymous_off(hik):
    hik.emu.control.preset(HIK, "secure")
    assert isapi(hik, "GET", "/ISAPI/Security/UserPermission/anonymouslogin")[1].text(
        "enabled") == "false"


# -- ONVIF ------------------------------------------------------------------------------------
NS = {
    "env": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
DIGEST_TYPE = ("http://docs.oasis-open.org/wss/2004/01/"
               "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
DEVICE = "/onvif/device_service"


def soap(cam, body, username=None, password=None):
    """One Device service call with a UsernameToken; request and reply schema-checked.
    Returns (HTTP status, reply Envelope)."""
    username = username or cam.username
    password = cam.password if password is None else password
    nonce = os.urandom(16)
    created = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode())
                              .digest()).decode()
    header = ('<wsse:Security><wsse:UsernameToken><wsse:Username>%s</wsse:Username>'
              '<wsse:Password Type="%s">%s</wsse:Password><wsse:Nonce>%s</wsse:Nonce>'
              '<wsu:Created>%s</wsu:Created></wsse:UsernameToken></wsse:Security>'
              % (escape(username), DIGEST_TYPE, digest, base64.b64encode(nonce).decode(),
                 created))
    declarations = " ".join('xmlns:%s="%s"' % kv for kv in NS.items())
    data = ('<?xml version="1.0" encoding="UTF-8"?><env:Envelope %s><env:Header>%s'
            '</env:Header><env:Body>%s</env:Body></env:Envelope>'
            % (declarations, header, body)).encode()
    validate_soap(data)
    resp = SESSION.post("http://%s%s" % (cam.address, DEVICE), data=data, timeout=TIMEOUT,
                        headers={"Content-Type": "application/soap+xml; charset=utf-8"})
    return resp.status_code, validate_soap(resp.content)


def onvif_user(name, level, password=None):
    return ("<tds:User><tt:Username>%s</tt:Username>%s<tt:UserLevel>%s</tt:UserLevel>"
            "</tds:User>" % (escape(name), "" if password is None else
                             "<tt:Password>%s</tt:Password>" % escape(password), level))


def onvif_users(cam, **login):
    status, reply = soap(cam, "<tds:GetUsers/>", **login)
    assert status == 200
    return {u.findtext("tt:Username", namespaces=NS): u.findtext("tt:UserLevel", namespaces=NS)
            for u in reply.iterfind(".//tds:User", NS)}


def test_onvif_create_set_delete(onvif):
    writes = onvif.counters()["writes"]
    status, reply = soap(onvif, "<tds:CreateUsers>%s%s</tds:CreateUsers>" % (
        onvif_user("op1", "Operator", "Op1-pass-1"), onvif_user("view1", "User", "View1-pass")))
    assert status == 200 and reply.find(".//tds:CreateUsersResponse", NS) is not None
    assert onvif_users(onvif) == {"admin": "Administrator", "op1": "Operator", "view1": "User"}
    assert onvif.users() == {"admin": "Administrator", "op1": "Operator", "view1": "Viewer"}
    assert onvif.counters()["writes"] == writes + 1  # all users in one write

    status, reply = soap(onvif, "<tds:SetUser>%s</tds:SetUser>" % onvif_user(
        "view1", "Operator", "View1-pass-2"))
    assert status == 200 and reply.find(".//tds:SetUserResponse", NS) is not None
    assert onvif.users()["view1"] == "Operator"
    status, _ = soap(onvif, "<tds:GetDeviceInformation/>", "view1", "View1-pass-2")
    assert status == 200
    # SetUser without a password keeps it
    soap(onvif, "<tds:SetUser>%s</tds:SetUser>" % onvif_user("view1", "User"))
    assert soap(onvif, "<tds:GetDeviceInformation/>", "view1", "View1-pass-2")[0] == 200

    status, reply = soap(onvif, "<tds:DeleteUsers><tds:Username>op1</tds:Username>"
                                "<tds:Username>view1</tds:Username></tds:DeleteUsers>")
    assert status == 200 and reply.find(".//tds:DeleteUsersResponse", NS) is not None
    assert onvif_users(onvif) == {"admin": "Administrator"}


LONG = "x" * 65


@pytest.mark.parametrize("body, http_status, codes", [
    ("<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user("admin", "User", "Other-pass-1"),
     400, ["Sender", "OperationProhibited", "UsernameClash"]),
    ("<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user("u" * 33, "User", "Long-name-1"),
     400, ["Sender", "OperationProhibited", "UsernameTooLong"]),
    ("<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user("carol", "User", LONG),
     400, ["Sender", "OperationProhibited", "PasswordTooLong"]),
    ("<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user("carol", "User"),
     400, ["Sender", "OperationProhibited", "PasswordTooWeak"]),
    ("<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user("carol", "Extended", "Carol-pass1"),
     400, ["Sender", "InvalidArgVal"]),
    ("<tds:CreateUsers>%s%s</tds:CreateUsers>" % (onvif_user("carol", "User", "Carol-pass1"),
                                                 onvif_user("carol", "User", "Carol-pass2")),
     400, ["Sender", "InvalidArgVal"]),
    ("<tds:CreateUsers>%s</tds:CreateUsers>" % "".join(
        onvif_user("u%02d" % i, "User", "Pass-word-%d" % i) for i in range(16)),
     500, ["Receiver", "Action", "TooManyUsers"]),
    ("<tds:SetUser>%s</tds:SetUser>" % onvif_user("nobody", "User", "Nobody-pass1"),
     400, ["Sender", "InvalidArgVal", "UsernameMissing"]),
    ("<tds:SetUser>%s</tds:SetUser>" % onvif_user("admin", "Operator"),
     400, ["Sender", "InvalidArgVal", "FixedUser"]),
    ("<tds:DeleteUsers><tds:Username>nobody</tds:Username></tds:DeleteUsers>",
     400, ["Sender", "InvalidArgVal", "UsernameMissing"]),
    ("<tds:DeleteUsers><tds:Username>admin</tds:Username></tds:DeleteUsers>",
     400, ["Sender", "InvalidArgVal", "FixedUser"]),
])
def test_onvif_faults_change_nothing(onvif, body, http_status, codes):
    before = onvif.state()["users"]
    status, reply = soap(onvif, body)
    assert (status, fault_codes(reply)) == (http_status, codes)
    assert onvif.state()["users"] == before


def test_onvif_only_administrators_manage_users(onvif):
    soap(onvif, "<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user(
        "op1", "Operator", "Op1-pass-1"))
    for body in ("<tds:GetUsers/>",
                 "<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user(
                     "eve", "Administrator", "Eve-pass-12"),
                 "<tds:DeleteUsers><tds:Username>admin</tds:Username></tds:DeleteUsers>"):
        status, reply = soap(onvif, body, "op1", "Op1-pass-1")
        assert (status, fault_codes(reply)) == (400, ["Sender", "NotAuthorized"])
    assert set(onvif.users()) == {"admin", "op1"}


def test_onvif_security_capabilities_name_the_limits(onvif):
    status, reply = soap(onvif, "<tds:GetServiceCapabilities/>")
    security = reply.find(".//tds:Security", NS)
    assert (security.get("MaxUsers"), security.get("MaxUserNameLength"),
            security.get("MaxPasswordLength")) == ("16", "32", "64")


def test_onvif_anonymous_user_opens_the_snapshot(onvif):
    url = "http://%s%s" % (onvif.address, SNAPSHOTS[ONVIF])
    assert onvif.state()["access"]["anonymous_viewer"] is False
    assert_challenge(SESSION.get(url, timeout=TIMEOUT))
    status, _ = soap(onvif, "<tds:CreateUsers>%s</tds:CreateUsers>" % onvif_user(
        "guest", "Anonymous"))  # no password needed for an Anonymous user
    assert status == 200
    assert onvif_users(onvif)["guest"] == "Anonymous"
    resp = SESSION.get(url, timeout=TIMEOUT)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/jpeg"
    soap(onvif, "<tds:DeleteUsers><tds:Username>guest</tds:Username></tds:DeleteUsers>")
    assert_challenge(SESSION.get(url, timeout=TIMEOUT))
    assert onvif.counters()["failed_logins"] == 0


# -- every vendor -------------------------------------------------------------------------------
@pytest.mark.parametrize("cam_id", [AXIS, HIK, ONVIF])
def test_requests_without_credentials_are_not_failed_logins(fresh_fleet, cam_id):
    cam = Cam(fresh_fleet, cam_id)
    fresh_fleet.control.preset(cam_id, "secure")  # anonymous viewing off everywhere
    fresh_fleet.control.faults(cam_id, lockout_after=1)  # one failure would lock
    protected = {AXIS: "/axis-cgi/pwdgrp.cgi?action=get", HIK: "/ISAPI/Security/users",
                 ONVIF: SNAPSHOTS[ONVIF]}[cam_id]
    for _ in range(3):
        for path in (SNAPSHOTS[cam_id], protected):
            assert_challenge(SESSION.get("http://%s%s" % (cam.address, path),
                                         timeout=TIMEOUT))
    counters = cam.counters()
    assert (counters["failed_logins"], counters["locked"]) == (0, False)
    assert cam.request("GET", SNAPSHOTS[cam_id]).status_code == 200


def test_presets_set_the_access_settings(fresh_fleet):
    states = {c: fresh_fleet.control.state(c)["access"] for c in (AXIS, HIK, ONVIF)}
    assert [states[c]["anonymous_viewer"] for c in (AXIS, HIK, ONVIF)] == [True, True, False]
    assert not any(s["lockout_enabled"] for s in states.values())
    fresh_fleet.control.fleet_preset("secure")
    for cam_id in (AXIS, HIK, ONVIF):
        state = fresh_fleet.control.state(cam_id)
        assert state["access"] == {"anonymous_viewer": False, "lockout_enabled": True,
                                   "lockout_attempts": 5}
        # the fleet's own account is unchanged
        assert [(u["level"], u["password"]) for u in state["users"]] == [
            ("Administrator", fresh_fleet.password())]
