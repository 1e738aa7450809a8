"""The accounts drivers' wire formats without a camera (a Transport whose replies are
canned, so every request goes through the real status, cache and error handling), the ONVIF
user operations checked against the ONVIF schema, secrets kept out of error messages, and
the factory-password checks' rules (default_password.py) with a fake driver."""

import xml.etree.ElementTree as ET

import pytest
import requests

from ansible_collections.camsec.ipcam.plugins.module_utils import default_password
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.driver import AxisDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import Driver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.driver import HikvisionDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.driver import OnvifDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport
from tests.onvif_schema import validate_soap

SECRET = "N3w-User-Pa55word!"
HIK = "http://www.hikvision.com/ver20/XMLSchema"


def response(status, body, content_type="text/plain"):
    resp = requests.Response()
    resp.status_code = status
    resp._content = body if isinstance(body, bytes) else body.encode("utf-8")
    resp.headers["Content-Type"] = content_type
    return resp


class CannedTransport(Transport):
    """A real Transport whose `_send` asks `answer(method, path, params, data)` instead of
    the network; every request is kept in `sent`."""

    def __init__(self, answer, **kwargs):
        kwargs.setdefault("username", "admin")
        kwargs.setdefault("password", "fleet-Password-1")
        super(CannedTransport, self).__init__(camera="cam-x", host="127.0.0.9", **kwargs)
        self.answer = answer
        self.sent = []

    def _send(self, method, url, params, data, json, headers, call, anonymous=False):
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        self.sent.append({"method": method, "path": path, "params": params, "data": data})
        return self.answer(method, path, params, data)


def ok_status(extra=""):
    return response(200, '<ResponseStatus version="2.0" xmlns="%s"><statusCode>1</statusCode>'
                         '<statusString>OK</statusString>%s</ResponseStatus>' % (HIK, extra),
                    "application/xml")


# -- Axis --------------------------------------------------------------------------------------

AXIS_GROUPS = ('admin="root,alice"\noperator="root,alice,bob"\n'
               'viewer="root,alice,bob,carol"\nptz="root"\n')


def axis_answer(anonymous="anonymous", write_reply=None):
    def answer(method, path, params, data):
        if path == "/axis-cgi/pwdgrp.cgi":
            query = dict(params)
            if query["action"] == "get":
                return response(200, AXIS_GROUPS)
            return response(200, write_reply or {
                "add": "Created account %s." % query["user"],
                "update": "Modified account %s." % query["user"],
                "remove": "Removed account %s." % query["user"]}[query["action"]])
        if path == "/axis-cgi/param.cgi":
            if dict(params if isinstance(params, dict) else dict(params)).get("action") == "update":
                return response(200, "OK")
            if anonymous is None:
                return response(200, "# Error: Error -1 getting param in group 'root.System.BoaProtViewer'\n")
            return response(200, "root.System.BoaProtViewer=%s\n" % anonymous)
        return response(404, "not found")
    return answer


def test_axis_reads_users_roles_and_anonymous_viewer():
    t = CannedTransport(axis_answer(), username="root")
    current = AxisDriver(t).read_accounts()
    assert current["users"] == [{"name": "alice", "role": "admin"}, {"name": "bob", "role": "operator"},
                                {"name": "carol", "role": "viewer"}, {"name": "root", "role": "admin"}]
    assert current["anonymous_access"] is True
    assert set(current["unsupported"]) == {"lockout", "lockout_attempts", "default_password"}
    t = CannedTransport(axis_answer("password"), username="root")
    assert AxisDriver(t).read_accounts()["anonymous_access"] is False


def test_axis_firmware_without_the_anonymous_parameter_says_so():
    t = CannedTransport(axis_answer(None), username="root")
    current = AxisDriver(t).read_accounts()
    assert current["anonymous_access"] is None
    assert current["unsupported"]["anonymous_access"] == ("this firmware has no "
                                                          "root.System.BoaProtViewer parameter")
    assert len(current["users"]) == 4


def test_axis_writes_are_pwdgrp_queries_with_the_role_groups():
    t = CannedTransport(axis_answer(), username="root")
    drv = AxisDriver(t)
    drv.create_user("dave", "operator", SECRET)
    drv.update_user("bob", "admin", {})
    drv.delete_user("carol", {})
    drv.write_access({"anonymous_access": False}, {})
    sent = [(s["path"], s["params"]) for s in t.sent]
    assert sent[0] == ("/axis-cgi/pwdgrp.cgi", [("action", "add"), ("grp", "users"), ("pwd", SECRET),
                                                ("sgrp", "operator:viewer"), ("user", "dave")])
    assert sent[1] == ("/axis-cgi/pwdgrp.cgi", [("action", "update"),
                                                ("sgrp", "admin:operator:viewer:ptz"), ("user", "bob")])
    assert sent[2] == ("/axis-cgi/pwdgrp.cgi", [("action", "remove"), ("user", "carol")])
    assert sent[3] == ("/axis-cgi/param.cgi", [("action", "update"),
                                               ("root.System.BoaProtViewer", "password")])


def test_axis_refusal_is_an_error_that_hides_the_new_password():
    t = CannedTransport(axis_answer(write_reply="Error: cannot add dave with pwd=%s" % SECRET),
                        username="root")
    with pytest.raises(CameraError) as err:
        AxisDriver(t).create_user("dave", "viewer", SECRET)
    assert "camera cam-x: VAPIX pwdgrp.cgi add dave: Error: cannot add dave" in str(err.value)
    assert SECRET not in str(err.value) and "********" in str(err.value)


def test_a_connection_error_quoting_the_url_hides_the_new_password():
    def answer(method, path, params, data):
        raise CameraUnreachable("cam-x", "VAPIX pwdgrp.cgi add dave",
                                "cannot connect (url: /axis-cgi/pwdgrp.cgi?action=add&pwd=%s)" % SECRET)
    with pytest.raises(CameraUnreachable) as err:
        AxisDriver(CannedTransport(answer, username="root")).create_user("dave", "viewer", SECRET)
    assert SECRET not in str(err.value) and "pwd=********" in str(err.value)


# -- Hikvision -----------------------------------------------------------------------------------

HIK_USERS = ('<UserList version="2.0" xmlns="%s">'
             '<User><id>1</id><userName>admin</userName><userLevel>Administrator</userLevel></User>'
             '<User><id>3</id><userName>bob</userName><userLevel>Operator</userLevel></User>'
             '<User><id>4</id><userName>carol</userName><userLevel>viewer</userLevel></User>'
             '</UserList>' % HIK)


def hik_answer(missing=(), delete_status=None):
    docs = {
        "/ISAPI/Security/users": HIK_USERS,
        "/ISAPI/Security/illegalLoginLock": '<IllegalLoginLock xmlns="%s"><enabled>false</enabled>'
                                            '<maxIllegalLoginTimes>5</maxIllegalLoginTimes>'
                                            '</IllegalLoginLock>' % HIK,
        "/ISAPI/Security/UserPermission/anonymouslogin": '<AnonymousLogin xmlns="%s"><enabled>true'
                                                         '</enabled></AnonymousLogin>' % HIK,
        "/ISAPI/Security/userCheck": '<userCheck xmlns="%s"><statusValue>200</statusValue>'
                                     '<isDefaultPassword>true</isDefaultPassword>'
                                     '<isRiskPassword>true</isRiskPassword></userCheck>' % HIK,
    }

    def answer(method, path, params, data):
        if method == "GET" and path in missing:
            return response(403, '<ResponseStatus xmlns="%s"><statusCode>4</statusCode><statusString>'
                                 'Invalid Operation</statusString><subStatusCode>notSupport'
                                 '</subStatusCode></ResponseStatus>' % HIK, "application/xml")
        if method == "GET" and path in docs:
            return response(200, docs[path], "application/xml")
        if method == "DELETE" and delete_status is not None:
            return delete_status
        if method in ("POST", "PUT", "DELETE"):
            return ok_status("<id>5</id>" if method == "POST" else "")
        return response(404, "not found")
    return answer


def test_hikvision_reads_users_lockout_anonymous_and_user_check():
    current = HikvisionDriver(CannedTransport(hik_answer())).read_accounts()
    assert current["users"] == [{"name": "admin", "role": "admin"}, {"name": "bob", "role": "operator"},
                                {"name": "carol", "role": "viewer"}]
    assert (current["lockout"], current["lockout_attempts"], current["anonymous_access"]) == (False, 5, True)
    assert current["default_password"] == {"camera_says_default": True, "camera_says_risky": True}
    assert current["_ids"] == {"admin": "1", "bob": "3", "carol": "4"}
    assert current["unsupported"] == {}


def test_hikvision_firmware_without_a_resource_reports_it_unsupported_and_keeps_the_login():
    t = CannedTransport(hik_answer(missing=("/ISAPI/Security/UserPermission/anonymouslogin",
                                            "/ISAPI/Security/userCheck")))
    drv = HikvisionDriver(t)
    current = drv.read_accounts()
    assert current["anonymous_access"] is None
    assert "HTTP 403 (Invalid Operation, notSupport)" in current["unsupported"]["anonymous_access"]
    assert current["default_password"] == {"camera_says_default": None, "camera_says_risky": None}
    assert t.auth_failure is None  # a 403 notSupport document is not a refused login
    with pytest.raises(Unsupported, match="userCheck with HTTP 403"):
        drv.password_self_check()


def test_hikvision_writes():
    t = CannedTransport(hik_answer())
    drv = HikvisionDriver(t)
    current = drv.read_accounts()
    del t.sent[:]
    drv.create_user("dave", "viewer", SECRET)
    drv.update_user("bob", "admin", current)
    drv.delete_user("carol", current)
    drv.write_access({"lockout": True, "lockout_attempts": 3, "anonymous_access": False}, current)
    writes = [s for s in t.sent if s["method"] != "GET"]
    assert [(s["method"], s["path"]) for s in writes] == [
        ("POST", "/ISAPI/Security/users"), ("PUT", "/ISAPI/Security/users/3"),
        ("DELETE", "/ISAPI/Security/users/4"), ("PUT", "/ISAPI/Security/illegalLoginLock"),
        ("PUT", "/ISAPI/Security/UserPermission/anonymouslogin")]
    created = ET.fromstring(writes[0]["data"])
    assert created.tag == "{%s}User" % HIK
    assert [(e.tag.split("}")[1], e.text) for e in created] == [
        ("userName", "dave"), ("password", SECRET), ("userLevel", "Viewer")]
    updated = ET.fromstring(writes[1]["data"])
    assert [(e.tag.split("}")[1], e.text) for e in updated] == [
        ("id", "3"), ("userName", "bob"), ("userLevel", "Administrator")]  # no password
    lock = ET.fromstring(writes[3]["data"])
    assert [(e.tag.split("}")[1], e.text) for e in lock] == [("enabled", "true"),
                                                             ("maxIllegalLoginTimes", "3")]
    assert ET.fromstring(writes[4]["data"])[0].text == "false"


def test_hikvision_refusal_names_the_call_and_the_status():
    refused = response(403, '<ResponseStatus xmlns="%s"><statusCode>4</statusCode><statusString>'
                            'Invalid Operation</statusString><subStatusCode>deleteAdminNotAllowed'
                            '</subStatusCode></ResponseStatus>' % HIK, "application/xml")
    t = CannedTransport(hik_answer(delete_status=refused))
    drv = HikvisionDriver(t)
    with pytest.raises(CameraError) as err:
        drv.delete_user("admin", drv.read_accounts())
    assert str(err.value) == ("camera cam-x: ISAPI DELETE /ISAPI/Security/users/1: Invalid Operation "
                              "(statusCode 4, deleteAdminNotAllowed)")


# -- ONVIF ---------------------------------------------------------------------------------------

ONVIF_USERS = (
    '<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema">'
    '<env:Body><tds:GetUsersResponse>'
    '<tds:User><tt:Username>admin</tt:Username><tt:UserLevel>Administrator</tt:UserLevel></tds:User>'
    '<tds:User><tt:Username>guest</tt:Username><tt:UserLevel>Anonymous</tt:UserLevel></tds:User>'
    '<tds:User><tt:Username>watch</tt:Username><tt:UserLevel>User</tt:UserLevel></tds:User>'
    '</tds:GetUsersResponse></env:Body></env:Envelope>')


def onvif_answer(method, path, params, data):
    operation = ET.fromstring(data).find("{http://www.w3.org/2003/05/soap-envelope}Body")[0].tag
    name = operation.split("}")[1]
    if name == "GetUsers":
        return response(200, ONVIF_USERS, "application/soap+xml")
    return response(200, '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
                         'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><env:Body>'
                         '<tds:%sResponse/></env:Body></env:Envelope>' % name, "application/soap+xml")


@pytest.mark.usefixtures("onvif_schemas")
def test_onvif_user_operations_are_schema_valid():
    t = CannedTransport(onvif_answer)
    drv = OnvifDriver(t)
    drv.onvif.clock_offset = 0.0  # no GetSystemDateAndTime first
    current = drv.read_accounts()
    assert current["users"] == [{"name": "admin", "role": "admin"}, {"name": "guest", "role": "anonymous"},
                                {"name": "watch", "role": "viewer"}]
    assert current["anonymous_access"] is True and current["_anonymous_is_a_user"] is True
    drv.create_user("dave", "operator", SECRET)
    drv.update_user("watch", "operator", current)
    drv.delete_user("guest", current)
    ops = []
    for sent in t.sent:
        envelope = validate_soap(sent["data"])
        body = envelope.find("{http://www.w3.org/2003/05/soap-envelope}Body")[0]
        ops.append((body.tag.split("}")[1], [(e.tag.split("}")[1], e.text) for e in body.iter()
                                             if e is not body and e.text]))
    assert ops == [
        ("GetUsers", []),
        ("CreateUsers", [("Username", "dave"), ("Password", SECRET), ("UserLevel", "Operator")]),
        ("SetUser", [("Username", "watch"), ("UserLevel", "Operator")]),
        ("DeleteUsers", [("Username", "guest")]),
    ]
    with pytest.raises(Unsupported, match="no anonymous-access switch"):
        drv.write_access({"anonymous_access": True}, current)


def test_onvif_fault_on_create_hides_the_password():
    def answer(method, path, params, data):
        return response(400, '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
                             'xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault>'
                             '<env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>'
                             'ter:OperationProhibited</env:Value><env:Subcode><env:Value>'
                             'ter:PasswordTooLong</env:Value></env:Subcode></env:Subcode></env:Code>'
                             '<env:Reason><env:Text xml:lang="en">%s is too long</env:Text>'
                             '</env:Reason></env:Fault></env:Body></env:Envelope>' % SECRET,
                        "application/soap+xml")
    drv = OnvifDriver(CannedTransport(answer))
    drv.onvif.clock_offset = 0.0
    with pytest.raises(CameraError) as err:
        drv.create_user("dave", "viewer", SECRET)
    assert "ONVIF CreateUsers" in str(err.value) and "PasswordTooLong" in str(err.value)
    assert SECRET not in str(err.value)


# -- the one login: its transport ------------------------------------------------------------------

class CountingAttempt(default_password.OneAttemptTransport):
    def __init__(self, status, **kwargs):
        super(CountingAttempt, self).__init__(camera="cam-x", host="127.0.0.9", username="root",
                                              password="pass", **kwargs)
        self.status = status
        self.sends = 0

    def _send(self, method, url, params, data, json, headers, call, anonymous=False):
        self.sends += 1
        return response(self.status, "no")


@pytest.mark.parametrize("status,error", [(503, CameraError), (401, AuthError), (403, AuthError)])
def test_the_attempt_transport_never_retries_and_keeps_the_status(status, error):
    t = CountingAttempt(status)
    with pytest.raises(error):
        t.request("GET", "/x", idempotent=True, cacheable=True)  # a read, yet sent once
    assert t.sends == 1 and t.last_status == status
    with pytest.raises(AuthError if status != 503 else CameraError):
        t.request("GET", "/x")
    assert t.sends == (1 if status != 503 else 2)  # after a refusal nothing more is sent


# -- the one login: when and how ------------------------------------------------------------------

class LoginDriver(Driver):
    """A driver whose management_check logs in with whatever Transport it is given."""
    camera = "cam-x"

    def __init__(self, vendor="axis", factory_status=401, after_fails=False):
        self.vendor = vendor
        self.t = Transport(camera="cam-x", host="127.0.0.9", username="ops", password="fleet-Pw-1",
                           task_timeout=30)
        self.factory_status = factory_status
        self.after_fails = after_fails
        self.log = []

    def forget_reads(self):
        self.log.append("forget")

    def management_check(self, transport=None):
        if transport is None or transport is self.t:
            self.log.append("real read")
            if self.after_fails and "factory login" in self.log:
                raise AuthError(self.camera, "VAPIX basicdeviceinfo", "HTTP 403 account locked")
            return
        assert isinstance(transport, default_password.OneAttemptTransport)
        assert transport.username == "root" and transport.password == "pass"
        assert transport.session.verify == self.t.session.verify
        self.log.append("factory login")
        transport.last_status = self.factory_status
        if self.factory_status == 200:
            return
        raise AuthError(self.camera, "VAPIX basicdeviceinfo", "refused")

    def password_self_check(self):
        raise Unsupported("no self check")


def checks(drv, **kw):
    kw.setdefault("login_attempt", True)
    return default_password.default_password_checks(drv, drv.t.username, drv.t.password, **kw)


def test_one_login_between_two_real_reads_refused():
    drv = LoginDriver()
    found = checks(drv)
    assert drv.log == ["forget", "real read", "factory login", "forget", "real read"]
    assert found["login_attempt"] == {"made": True, "user": "root", "accepted": False,
                                      "reason": "the camera refused root with its factory password"}
    assert found["connection_password_is_factory_default"] is False
    assert found["camera_check"] == "no self check"


def test_one_login_accepted():
    drv = LoginDriver(factory_status=200)
    assert checks(drv)["login_attempt"]["accepted"] is True
    assert drv.log.count("factory login") == 1


def test_a_403_stops_everything():
    drv = LoginDriver(factory_status=403)
    attempt = checks(drv)["login_attempt"]
    assert attempt["locked"] is True and attempt["accepted"] is None
    assert "refusing logins, so nothing more was sent" in attempt["reason"]
    assert drv.log == ["forget", "real read", "factory login"]


def test_a_real_read_refused_after_the_attempt_fails_naming_it():
    drv = LoginDriver(after_fails=True)
    with pytest.raises(CameraError) as err:
        checks(drv)
    assert "authenticated read after the factory-password login attempt" in str(err.value)
    assert "may be refusing logins" in str(err.value)


@pytest.mark.parametrize("username,password,known,accepted,reason", [
    ("root", "fleet-Pw-1", None, False, "logs in as root itself"),
    ("root", "pass", None, True, "logs in as root itself"),
    ("ops", "fleet-Pw-1", ["ops", "viewer1"], False, "the camera has no user root"),
])
def test_no_login_when_the_answer_is_known(username, password, known, accepted, reason):
    drv = LoginDriver()
    found = default_password.default_password_checks(drv, username, password, login_attempt=True,
                                                     known_users=known)
    assert drv.log == []
    assert found["login_attempt"]["made"] is False
    assert found["login_attempt"]["accepted"] is accepted
    assert reason in found["login_attempt"]["reason"]
    assert found["connection_password_is_factory_default"] is (password == "pass")


def test_no_login_unless_asked():
    drv = LoginDriver()
    found = checks(drv, login_attempt=False, camera_says={"camera_says_default": False})
    assert drv.log == [] and found["login_attempt"]["made"] is False
    assert found["camera_says_default"] is False and "camera_check" not in found
