"""The emulator's time and remote-logging endpoints, driven as a third-party client would:
`requests` with HTTP Digest. Axis ntp.cgi and remotesyslog.cgi (the Axis camera), Hikvision
/ISAPI/System/time, /time/ntpServers and /logServer (the Hikvision camera, hikvision.com namespace),
ONVIF SetNTP and SetSystemDateAndTime (every camera; requests and replies checked
against the ONVIF schema)."""

import base64
import datetime
import hashlib
import os
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
import pytest
import requests
from requests.auth import HTTPDigestAuth

from tests.onvif_schema import fault_codes, validate_soap
from tests.conftest import camera_of

AXIS, HIK, ONVIF = camera_of("axis"), camera_of("hikvision"), camera_of("onvif")
TIMEOUT = 10
SESSION = requests.Session()
SESSION.trust_env = False  # loopback only


class Client:
    def __init__(self, emu, cam_id):
        self.emu = emu
        self.id = cam_id
        self.address = emu.cameras[cam_id]["address"]
        self.username = emu.control.state(cam_id)["users"][0]["username"]
        self.password = emu.password()
        self.auth = HTTPDigestAuth(self.username, self.password)

    def url(self, path):
        return "http://%s%s" % (self.address, path)

    def state(self):
        return self.emu.control.state(self.id)

    def writes(self):
        return self.emu.control.counters(self.id)["writes"]

    # Axis JSON
    def vapix(self, api, method, params=None, version="1.0", auth="digest", **extra):
        body = dict({"apiVersion": version, "context": "t", "method": method}, **extra)
        if params is not None:
            body["params"] = params
        resp = SESSION.post(self.url("/axis-cgi/%s.cgi" % api), json=body, timeout=TIMEOUT,
                            auth=self.auth if auth == "digest" else auth)
        return resp

    def vapix_ok(self, api, method, params=None):
        resp = self.vapix(api, method, params)
        assert resp.status_code == 200, resp.text
        reply = resp.json()
        assert "error" not in reply, reply
        assert (reply["method"], reply["context"]) == (method, "t")
        return reply["data"]

    def vapix_error(self, api, method, params=None, **extra):
        resp = self.vapix(api, method, params, **extra)
        assert resp.status_code == 200, resp.text
        return resp.json()["error"]

    # ISAPI
    def get(self, path):
        resp = SESSION.get(self.url(path), auth=self.auth, timeout=TIMEOUT)
        assert resp.status_code == 200, resp.text
        return Doc(resp.content)

    def put(self, path, body):
        resp = SESSION.put(self.url(path), data=body.encode(), auth=self.auth, timeout=TIMEOUT,
                           headers={"Content-Type": "application/xml"})
        return resp.status_code, Doc(resp.content)


class Doc:
    def __init__(self, content):
        self.root = SafeET.fromstring(content)
        self.ns = self.root.tag[1:].split("}")[0] if self.root.tag.startswith("{") else ""
        self.tag = self.root.tag.split("}")[-1]

    def text(self, path):
        found = self.root.find("/".join("{%s}%s" % (self.ns, p) for p in path.split("/")))
        return None if found is None else (found.text or "")

    def with_values(self, **values):
        """The document as a PUT body with these children's texts changed."""
        root = SafeET.fromstring(ET.tostring(self.root))
        for name, value in values.items():
            node = root.find("{%s}%s" % (self.ns, name))
            if node is None:
                node = ET.SubElement(root, "{%s}%s" % (self.ns, name))
            node.text = value
        ET.register_namespace("", self.ns)
        return ET.tostring(root, encoding="unicode")


@pytest.fixture
def axis(fresh_fleet):
    return Client(fresh_fleet, AXIS)


@pytest.fixture
def hik(fresh_fleet):
    return Client(fresh_fleet, HIK)


# -- Axis ntp.cgi -----------------------------------------------------------------------------

def test_axis_ntp_info_on_a_factory_camera(axis):
    client = axis.vapix_ok("ntp", "getNTPInfo")["client"]
    assert client["enabled"] is False and client["serversSource"] == "DHCP"
    assert client["staticServers"] == [] and client["maxSupportedStaticServers"] == 5
    assert set(client) >= {"NTSEnabled", "advertisedServers", "synced", "timeToNextSync",
                           "timeOffset", "minpoll", "maxpoll"}


def test_axis_ntp_set_round_trip(axis):
    params = {"enabled": True, "serversSource": "static",
              "staticServers": ["192.0.2.5", "ntp.example"]}
    assert axis.vapix_ok("ntp", "setNTPClientConfiguration", params) == {}
    client = axis.vapix_ok("ntp", "getNTPInfo")["client"]
    assert (client["enabled"], client["serversSource"], client["staticServers"]) == \
        (True, "static", ["192.0.2.5", "ntp.example"])
    assert axis.state()["time"] == {"ntp_enabled": True, "from_dhcp": False,
                                    "ntp_servers": ["192.0.2.5", "ntp.example"]}
    # "a list consisting of an empty string" clears the static servers
    axis.vapix_ok("ntp", "setNTPClientConfiguration", {"enabled": False, "staticServers": [""]})
    assert axis.state()["time"]["ntp_servers"] == []


@pytest.mark.parametrize("params,code,sub_code", [
    ({"serversSource": "static"}, 4003, None),
    ({"enabled": "yes"}, 4004, 1),
    ({"enabled": True, "serversSource": "NTP"}, 4004, 2),
    ({"enabled": True, "staticServers": ["bad host"]}, 4004, 3),
    ({"enabled": True, "staticServers": ["a.example"] * 2}, 4004, 3),
    ({"enabled": True, "staticServers": ["s%d.example" % i for i in range(6)]}, 4004, 3),
    ({"enabled": True, "NTSEnabled": True}, 4004, 5),
])
def test_axis_ntp_bad_parameters_change_nothing(axis, params, code, sub_code):
    error = axis.vapix_error("ntp", "setNTPClientConfiguration", params)
    assert error["code"] == code
    assert error.get("details", {}).get("subCode") == sub_code
    assert axis.writes() == 0


def test_axis_ntp_errors_and_methods(axis):
    assert axis.vapix_error("ntp", "getNTPInfo", version="2.0")["code"] == 4001
    assert axis.vapix_error("ntp", "reboot")["code"] == 4000
    assert axis.vapix_ok("ntp", "getSupportedVersions") == {"apiVersions": ["1.0"]}
    resp = SESSION.post(axis.url("/axis-cgi/ntp.cgi"), data=b"{not json", auth=axis.auth,
                        timeout=TIMEOUT)
    assert resp.json()["error"]["code"] == 3000
    assert axis.vapix("ntp", "getNTPInfo", auth=None).status_code == 401
    resp = SESSION.get(axis.url("/axis-cgi/ntp.cgi"), auth=axis.auth, timeout=TIMEOUT)
    assert resp.status_code == 405


def test_axis_ntp_nonsticky_answers_ok_and_keeps_nothing(axis):
    axis.emu.control.faults(AXIS, nonsticky=["time"])
    axis.vapix_ok("ntp", "setNTPClientConfiguration",
                  {"enabled": True, "serversSource": "static", "staticServers": ["a.example"]})
    assert axis.state()["time"]["ntp_servers"] == []


# -- Axis remotesyslog.cgi ----------------------------------------------------------------------

def test_axis_syslog_status_setup_and_defaults(axis):
    assert axis.vapix_ok("remotesyslog", "status") == {"enabled": False, "servers": []}
    data = axis.vapix_ok("remotesyslog", "setup", {"servers": [
        {"address": "10.92.1.29", "port": 514, "protocol": "TCP", "syslogFormat": "RFC3164",
         "severity": "Warning"},
        {"address": "syslog.example", "protocol": "UDP"}]})
    assert data["enabled"] is True  # setup sends the logs: the feature is on
    assert data["servers"] == [
        {"address": "10.92.1.29", "port": 514, "protocol": "TCP", "syslogFormat": "RFC3164",
         "severity": "Warning", "type": "All"},
        {"address": "syslog.example", "port": 514, "protocol": "UDP",
         "syslogFormat": "RFC5424", "severity": "Warning", "type": "All"}]
    assert axis.vapix_ok("remotesyslog", "status") == data
    state = axis.state()["logging"]
    assert state["syslog_enabled"] is True
    assert [(s["host"], s["port"], s["protocol"]) for s in state["syslog_servers"]] == \
        [("10.92.1.29", 514, "tcp"), ("syslog.example", 514, "udp")]


def test_axis_syslog_tls_default_port_and_protocol(axis):
    data = axis.vapix_ok("remotesyslog", "setup", {"servers": [{"address": "10.92.1.29"}]})
    assert (data["servers"][0]["protocol"], data["servers"][0]["port"]) == ("TLS", 6514)


def test_axis_syslog_enable_disable_test(axis):
    assert axis.vapix_error("remotesyslog", "enable")["code"] == 2200  # no server
    axis.vapix_ok("remotesyslog", "setup", {"servers": [{"address": "10.0.0.1"}]})
    assert axis.vapix_ok("remotesyslog", "disable")["enabled"] is False
    assert axis.vapix_error("remotesyslog", "test")["code"] == 2202
    assert axis.vapix_ok("remotesyslog", "enable")["enabled"] is True
    assert axis.vapix_ok("remotesyslog", "test")["enabled"] is True
    # an empty list removes the servers
    assert axis.vapix_ok("remotesyslog", "setup", {"servers": []}) == \
        {"enabled": False, "servers": []}


@pytest.mark.parametrize("servers,code,prop", [
    ([{"address": "a.example"}, {"address": "b.example"}, {"address": "c.example"}],
     2203, None),
    ([{"address": "a.example", "protocol": "UDP"}, {"address": "a.example", "protocol": "UDP"}],
     2201, None),
    ([{"port": 514}], 2103, "address"),
    ([{"address": "a.example", "protocol": "SCTP"}], 2104, "protocol"),
    ([{"address": "a.example", "severity": "Info"}], 2104, "severity"),
    ([{"address": "a.example", "port": 70000}], 2104, "port"),
    ([{"address": ""}], 2104, "address"),
])
def test_axis_syslog_setup_refusals_change_nothing(axis, servers, code, prop):
    error = axis.vapix_error("remotesyslog", "setup", {"servers": servers})
    assert error["code"] == code
    assert error.get("details", {}).get("propertyName") == prop
    assert axis.writes() == 0


def test_axis_syslog_api_errors(axis):
    assert axis.vapix_error("remotesyslog", "status", version="3.0")["code"] == 2100
    assert axis.vapix_error("remotesyslog", "configure")["code"] == 2102
    assert axis.vapix_error("remotesyslog", "setup", {})["code"] == 2103
    assert axis.vapix("remotesyslog", "status", auth=None).status_code == 401


# -- Hikvision time, ntpServers, logServer ----------------------------------------------------

def test_hik_time_mode_round_trip(hik):
    doc = hik.get("/ISAPI/System/time")
    # the Hikvision camera runs the reference G2 firmware, which answers in hikvision.com
    assert doc.ns == "http://www.hikvision.com/ver20/XMLSchema"
    assert doc.text("timeMode") == "manual" and doc.text("localTime")
    status, reply = hik.put("/ISAPI/System/time", doc.with_values(timeMode="NTP"))
    assert (status, reply.text("statusCode"), reply.text("subStatusCode")) == \
        (400, "6", "badParameters")  # no NTP server yet [INF]
    status, reply = hik.put("/ISAPI/System/time", doc.with_values(timeMode="satellite"))
    assert (status, reply.text("statusCode")) == (400, "6")
    assert hik.writes() == 0

    ntp = hik.get("/ISAPI/System/time/ntpServers/1")
    status, reply = hik.put("/ISAPI/System/time/ntpServers/1",
                            ntp.with_values(addressingFormatType="hostname",
                                            hostName="ntp.example"))
    assert (status, reply.text("statusCode")) == (200, "1")
    status, reply = hik.put("/ISAPI/System/time", doc.with_values(timeMode="NTP"))
    assert (status, reply.text("statusCode")) == (200, "1")
    assert hik.get("/ISAPI/System/time").text("timeMode") == "NTP"
    assert hik.state()["time"]["ntp_enabled"] is True


def test_hik_ntp_servers_one_slot(hik):
    listing = hik.get("/ISAPI/System/time/ntpServers")
    assert listing.tag == "NTPServerList"
    assert len(listing.root) == 1 and listing.text("NTPServer/id") == "1"
    one = hik.get("/ISAPI/System/time/ntpServers/1")
    status, _ = hik.put("/ISAPI/System/time/ntpServers/1",
                        one.with_values(addressingFormatType="ipaddress", ipAddress="192.0.2.9"))
    assert status == 200
    after = hik.get("/ISAPI/System/time/ntpServers/1")
    assert (after.text("addressingFormatType"), after.text("ipAddress"), after.text("portNo")) \
        == ("ipaddress", "192.0.2.9", "123")
    assert hik.state()["time"]["ntp_servers"] == ["192.0.2.9"]
    resp = SESSION.get(hik.url("/ISAPI/System/time/ntpServers/2"), auth=hik.auth,
                       timeout=TIMEOUT)
    assert resp.status_code == 403 and Doc(resp.content).text("statusCode") == "4"


@pytest.mark.parametrize("values", [
    {"addressingFormatType": "ipaddress", "ipAddress": "ntp.example"},
    {"addressingFormatType": "hostname", "hostName": "bad host"},
    {"addressingFormatType": "fqdn"},
    {"portNo": "124"},
    {"id": "2"},
])
def test_hik_ntp_server_refusals_change_nothing(hik, values):
    one = hik.get("/ISAPI/System/time/ntpServers/1")
    status, reply = hik.put("/ISAPI/System/time/ntpServers/1", one.with_values(**values))
    assert status == 400 and reply.text("statusCode") == "6"
    assert hik.writes() == 0


def test_hik_log_server_round_trip(hik):
    doc = hik.get("/ISAPI/System/logServer")
    assert (doc.text("enabled"), doc.text("portNo"), doc.text("transmissionEncryption")) == \
        ("false", "514", "false")
    status, reply = hik.put("/ISAPI/System/logServer", doc.with_values(
        enabled="true", addressingFormatType="hostname", hostName="syslog.example",
        portNo="6514", transmissionEncryption="true"))
    assert (status, reply.text("statusCode")) == (200, "1")
    after = hik.get("/ISAPI/System/logServer")
    assert (after.text("enabled"), after.text("hostName"), after.text("portNo"),
            after.text("transmissionEncryption")) == ("true", "syslog.example", "6514", "true")
    assert hik.state()["logging"] == {"syslog_enabled": True, "syslog_servers": [
        {"host": "syslog.example", "port": 6514, "protocol": "tls"}]}
    caps = hik.get("/ISAPI/System/logServer/capabilities")
    assert caps.tag == "LogServerCap"


@pytest.mark.parametrize("values", [
    {"enabled": "true"},  # no address
    {"enabled": "maybe"},
    {"enabled": "false", "portNo": "0"},
    {"enabled": "false", "addressingFormatType": "ipaddress", "ipAddress": "300.1.1.1"},
])
def test_hik_log_server_refusals_change_nothing(hik, values):
    doc = hik.get("/ISAPI/System/logServer")
    status, reply = hik.put("/ISAPI/System/logServer", doc.with_values(**values))
    assert status == 400 and reply.text("statusCode") == "6"
    assert hik.writes() == 0


def test_hik_nonsticky_log_server_answers_ok_and_keeps_nothing(hik):
    hik.emu.control.faults(HIK, nonsticky=["logging"])
    doc = hik.get("/ISAPI/System/logServer")
    status, _ = hik.put("/ISAPI/System/logServer", doc.with_values(
        enabled="true", addressingFormatType="ipaddress", ipAddress="192.0.2.20"))
    assert status == 200
    assert hik.state()["logging"] == {"syslog_enabled": False, "syslog_servers": []}


# -- ONVIF SetNTP and SetSystemDateAndTime (schema-checked) ----------------------------------

NS = {"env": "http://www.w3.org/2003/05/soap-envelope",
      "tds": "http://www.onvif.org/ver10/device/wsdl",
      "tt": "http://www.onvif.org/ver10/schema",
      "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
      "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"}
DIGEST_TYPE = ("http://docs.oasis-open.org/wss/2004/01/"
               "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")


def soap(client, body, secure=True):
    """Send one schema-checked operation; returns (status, reply Envelope)."""
    header = ""
    if secure:
        nonce = os.urandom(16)
        created = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        digest = base64.b64encode(hashlib.sha1(
            nonce + created.encode() + client.password.encode()).digest()).decode()
        header = ('<env:Header><wsse:Security><wsse:UsernameToken><wsse:Username>%s'
                  '</wsse:Username><wsse:Password Type="%s">%s</wsse:Password><wsse:Nonce>%s'
                  '</wsse:Nonce><wsu:Created>%s</wsu:Created></wsse:UsernameToken>'
                  '</wsse:Security></env:Header>'
                  % (client.username, DIGEST_TYPE, digest, base64.b64encode(nonce).decode(),
                     created))
    data = ('<?xml version="1.0" encoding="UTF-8"?><env:Envelope %s>%s<env:Body>%s</env:Body>'
            '</env:Envelope>' % (" ".join('xmlns:%s="%s"' % kv for kv in NS.items()),
                                 header, body)).encode()
    validate_soap(data)
    resp = SESSION.post(client.url("/onvif/device_service"), data=data, timeout=TIMEOUT,
                        headers={"Content-Type": "application/soap+xml; charset=utf-8"})
    reply = None
    if resp.headers.get("Content-Type", "").startswith("application/soap+xml"):
        reply = validate_soap(resp.content)
    return resp.status_code, reply


def host_xml(kind, value):
    element = {"IPv4": "IPv4Address", "IPv6": "IPv6Address", "DNS": "DNSname"}[kind]
    return "<tds:NTPManual><tt:Type>%s</tt:Type><tt:%s>%s</tt:%s></tds:NTPManual>" % (
        kind, element, value, element)


def set_ntp(from_dhcp, *hosts):
    return "<tds:SetNTP><tds:FromDHCP>%s</tds:FromDHCP>%s</tds:SetNTP>" % (
        "true" if from_dhcp else "false", "".join(host_xml(k, v) for k, v in hosts))


def set_date_time(kind, utc=None):
    utc_xml = ""
    if utc is not None:
        utc_xml = ("<tds:UTCDateTime><tt:Time><tt:Hour>%d</tt:Hour><tt:Minute>%d</tt:Minute>"
                   "<tt:Second>%d</tt:Second></tt:Time><tt:Date><tt:Year>%d</tt:Year>"
                   "<tt:Month>%d</tt:Month><tt:Day>%d</tt:Day></tt:Date></tds:UTCDateTime>"
                   % (utc.hour, utc.minute, utc.second, utc.year, utc.month, utc.day))
    return ("<tds:SetSystemDateAndTime><tds:DateTimeType>%s</tds:DateTimeType>"
            "<tds:DaylightSavings>false</tds:DaylightSavings><tds:TimeZone><tt:TZ>UTC0</tt:TZ>"
            "</tds:TimeZone>%s</tds:SetSystemDateAndTime>" % (kind, utc_xml))


@pytest.fixture(params=[AXIS, HIK, ONVIF])
def onvif(request, fresh_fleet, onvif_schemas):
    return Client(fresh_fleet, request.param)


def test_set_ntp_round_trip(onvif):
    status, reply = soap(onvif, set_ntp(False, ("IPv4", "192.0.2.5"), ("DNS", "ntp.example"),
                                        ("IPv6", "2001:db8::5")))
    assert status == 200 and reply.find(".//tds:SetNTPResponse", NS) is not None
    status, reply = soap(onvif, "<tds:GetNTP/>")
    info = reply.find(".//tds:NTPInformation", NS)
    assert info.findtext("tt:FromDHCP", namespaces=NS) == "false"
    assert [h.findtext("tt:Type", namespaces=NS) for h in info.findall("tt:NTPManual", NS)] == \
        ["IPv4", "DNS", "IPv6"]
    assert onvif.state()["time"]["ntp_servers"] == ["192.0.2.5", "ntp.example", "2001:db8::5"]

    status, _ = soap(onvif, set_date_time("NTP"))
    assert status == 200
    status, reply = soap(onvif, "<tds:GetSystemDateAndTime/>", secure=False)
    assert reply.findtext(".//tt:DateTimeType", namespaces=NS) == "NTP"
    now = datetime.datetime.now(datetime.timezone.utc)
    status, _ = soap(onvif, set_date_time("Manual", now))
    assert status == 200 and onvif.state()["time"]["ntp_enabled"] is False


@pytest.mark.parametrize("body,subcodes", [
    (set_ntp(False, ("IPv4", "300.1.1.1")), ["InvalidArgVal", "InvalidIPv4Address"]),
    (set_ntp(False, ("IPv6", "192.0.2.1")), ["InvalidArgVal", "InvalidIPv6Address"]),
    (set_ntp(False, ("DNS", "bad_host!")), ["InvalidArgVal", "InvalidDnsName"]),
    (set_ntp(False, ("DNS", "a.example"), ("DNS", "a.example")), ["InvalidArgVal"]),
    (set_date_time("NTP"), ["InvalidArgVal", "NtpServerUndefined"]),
    (set_date_time("Manual"), ["InvalidArgVal", "InvalidDateTime"]),
])
def test_set_time_refusals_are_faults_and_change_nothing(onvif, body, subcodes):
    onvif.emu.control.drift(onvif.id, {"time.from_dhcp": False})
    onvif.emu.control.reset_counters(onvif.id)
    status, reply = soap(onvif, body)
    assert status == 400
    assert fault_codes(reply) == ["Sender"] + subcodes
    assert onvif.writes() == 0


def test_set_ntp_needs_credentials(fresh_fleet, onvif_schemas):
    client = Client(fresh_fleet, ONVIF)
    status, _ = soap(client, set_ntp(True), secure=False)
    assert status == 401
    assert client.writes() == 0


def test_set_ntp_nonsticky_answers_ok_and_keeps_nothing(fresh_fleet, onvif_schemas):
    client = Client(fresh_fleet, ONVIF)
    fresh_fleet.control.faults(ONVIF, nonsticky=["time"])
    status, _ = soap(client, set_ntp(False, ("DNS", "ntp.example")))
    assert status == 200
    assert client.state()["time"] == {"ntp_enabled": False, "from_dhcp": True,
                                      "ntp_servers": []}
