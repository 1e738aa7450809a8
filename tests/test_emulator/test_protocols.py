"""The emulator's management and service protocols, driven as a third-party client would
(`requests` with HTTP Digest): Axis ssh.cgi, "HTTP off" through each vendor's own write
path really closing port 80 while the camera stays reachable over HTTPS, and the TLS
switches (ISAPI TLS1_1Enable/TLS1_2Enable, VAPIX root.HTTPS.AllowTLS1/AllowTLS11) really
changing what the HTTPS port accepts, seen in handshakes pinned to one version."""

import json
import socket
import ssl
import time
import xml.etree.ElementTree as ET

import pytest
import requests
from requests.auth import HTTPDigestAuth

from tests.test_emulator.test_tls_versions import py_handshake
from tests.conftest import camera_of
from tests.polling import wait_until

AXIS, HIK, ONVIF = camera_of("axis"), camera_of("hikvision"), camera_of("onvif")
TIMEOUT = 10
SSH_CGI = "/axis-cgi/ssh.cgi"


class Client:
    def __init__(self, emu, cam):
        self.emu = emu
        self.cam = cam
        self.address = emu.cameras[cam]["address"]
        self.auth = HTTPDigestAuth(emu.control.state(cam)["users"][0]["username"],
                                   emu.password())

    def url(self, path, scheme):
        return "%s://%s%s" % (scheme, self.address, path)

    def request(self, method, path, scheme="http", auth="digest", **kw):
        verify = self.emu.ca_path() if scheme == "https" else True
        return requests.request(method, self.url(path, scheme), timeout=TIMEOUT, verify=verify,
                                auth=self.auth if auth == "digest" else auth, **kw)

    def state(self):
        return self.emu.control.state(self.cam)


def port_open(address, port):
    try:
        with socket.create_connection((address, port), timeout=1):
            return True
    except OSError:
        return False


# -- Axis ssh.cgi ----------------------------------------------------------------------------
def ssh(client, body, **kw):
    return client.request("POST", SSH_CGI, data=json.dumps(body) if not isinstance(body, str)
                          else body, headers={"Content-Type": "application/json"}, **kw)


def test_axis_ssh_cgi_round_trip(fresh_fleet):
    axis = Client(fresh_fleet, AXIS)
    reply = ssh(axis, {"apiVersion": "1.0", "method": "getSshInfo", "context": "c1"}).json()
    assert reply == {"apiVersion": "1.0", "method": "getSshInfo", "context": "c1",
                     "data": {"enabled": False}}

    reply = ssh(axis, {"apiVersion": "1.0", "method": "setSshConfiguration",
                       "params": {"enabled": True}}).json()
    assert "error" not in reply and reply["data"] == {}
    assert axis.state()["network"]["ssh"] is True
    assert ssh(axis, {"apiVersion": "1.0", "method": "getSshInfo"}).json()["data"] == \
        {"enabled": True}
    # the older parameter shows the same switch
    params = axis.request("GET", "/axis-cgi/param.cgi",
                          params={"action": "list", "group": "root.Network.SSH"}).text
    assert "root.Network.SSH.Enabled=yes" in params

    ssh(axis, {"apiVersion": "1.0", "method": "setSshConfiguration",
               "params": {"enabled": False}}, scheme="https")
    assert axis.state()["network"]["ssh"] is False


@pytest.mark.parametrize("body,code", [
    ({"apiVersion": "1.0", "method": "setSshConfiguration", "params": {"enabled": "no"}}, 2003),
    ({"apiVersion": "1.0", "method": "setSshConfiguration"}, 2003),
    ({"apiVersion": "1.0", "method": "rebootNow"}, 2004),
    ({"apiVersion": "2.0", "method": "getSshInfo"}, 4002),
    ("{not json", 4000),
], ids=["not a bool", "no params", "unknown method", "api version", "not json"])
def test_axis_ssh_cgi_errors_change_nothing(fresh_fleet, body, code):
    axis = Client(fresh_fleet, AXIS)
    before = axis.state()
    resp = ssh(axis, body)
    assert resp.status_code == 200
    assert resp.json()["error"]["code"] == code
    assert axis.state() == before


def test_axis_ssh_cgi_needs_login_and_post(fresh_fleet):
    axis = Client(fresh_fleet, AXIS)
    assert ssh(axis, {"apiVersion": "1.0", "method": "getSshInfo"}, auth=None).status_code == 401
    assert axis.request("GET", SSH_CGI).status_code == 405


# -- HTTP off closes port 80, through each vendor's API ---------------------------------------
ONVIF_SET = """<?xml version="1.0" encoding="UTF-8"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"
 xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema">
<s:Body><tds:SetNetworkProtocols><tds:NetworkProtocols><tt:Name>HTTP</tt:Name>
<tt:Enabled>%s</tt:Enabled><tt:Port>80</tt:Port></tds:NetworkProtocols>
</tds:SetNetworkProtocols></s:Body></s:Envelope>"""
ISAPI_SET = ("<AdminAccessProtocolList><AdminAccessProtocol><protocol>HTTP</protocol>"
             "<enabled>%s</enabled></AdminAccessProtocol></AdminAccessProtocolList>")


def set_http(client, on, scheme):
    """HTTP on or off through the vendor's own API, sent over `scheme`."""
    if client.cam == AXIS:
        value = "both" if on else "https"
        resp = client.request("GET", "/axis-cgi/param.cgi", scheme=scheme, params=[
            ("action", "update"), ("root.System.BoaGroupPolicy.admin", value),
            ("root.System.BoaGroupPolicy.operator", value),
            ("root.System.BoaGroupPolicy.viewer", value)])
        assert resp.text.strip() == "OK", resp.text
    elif client.cam == HIK:
        resp = client.request("PUT", "/ISAPI/Security/adminAccesses", scheme=scheme,
                              data=ISAPI_SET % ("true" if on else "false"))
        assert resp.status_code == 200, resp.text
    else:
        resp = client.request("POST", "/onvif/device_service", scheme=scheme,
                              data=ONVIF_SET % ("true" if on else "false"),
                              headers={"Content-Type": "application/soap+xml; charset=utf-8"})
        assert resp.status_code == 200 and b"SetNetworkProtocolsResponse" in resp.content, \
            resp.text


@pytest.mark.parametrize("cam", [AXIS, HIK, ONVIF])
def test_http_off_closes_port_80_and_https_still_answers(fresh_fleet, cam):
    client = Client(fresh_fleet, cam)
    assert port_open(client.address, 80)
    set_http(client, False, "http")  # the reply comes back over the HTTP being turned off
    assert client.state()["network"]["http"]["enabled"] is False
    assert wait_until(lambda: not port_open(client.address, 80)), "port 80 still open"
    with pytest.raises(requests.ConnectionError):
        client.request("GET", "/", scheme="http")
    # still manageable over HTTPS (certificate verified), and HTTP comes back from there
    assert client.request("GET", "/", scheme="https", auth=None).status_code in (401, 404, 405)
    set_http(client, True, "https")
    assert wait_until(lambda: port_open(client.address, 80)), "port 80 did not reopen"


def test_https_broken_accepts_https_on_but_nothing_answers(fresh_fleet):
    client = Client(fresh_fleet, HIK)
    fresh_fleet.control.drift(HIK, {"network.https.enabled": False})
    assert wait_until(lambda: not port_open(client.address, 443))
    fresh_fleet.control.faults(HIK, https_broken=True)
    body = ISAPI_SET.replace("HTTP<", "HTTPS<") % "true"
    assert client.request("PUT", "/ISAPI/Security/adminAccesses", data=body).status_code == 200
    assert client.state()["network"]["https"]["enabled"] is True
    time.sleep(0.3)
    assert not port_open(client.address, 443)
    fresh_fleet.control.clear_faults(HIK)
    assert wait_until(lambda: port_open(client.address, 443))


# -- the oldest TLS version, through each vendor's own switches --------------------------------
OLD_FIRMWARE_TLS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
ISAPI_TLS = ("<AdminAccessProtocolList><AdminAccessProtocol><protocol>%s</protocol>%s"
             "</AdminAccessProtocol></AdminAccessProtocolList>")


def isapi_https_entry(client):
    """The HTTPS entry of adminAccesses as {tag: text} (namespaces dropped)."""
    root = ET.fromstring(client.request("GET", "/ISAPI/Security/adminAccesses").content)
    for entry in root:
        fields = {child.tag.split("}")[-1]: child.text for child in entry}
        if fields.get("protocol") == "HTTPS":
            return fields
    raise AssertionError("no HTTPS entry")


def tls_versions(client):
    return client.state()["network"]["https"]["tls_versions"]


def test_isapi_shows_the_tls_switches_as_the_state_says(fresh_fleet):
    hik = Client(fresh_fleet, HIK)
    entry = isapi_https_entry(hik)
    assert (entry["TLS1_1Enable"], entry["TLS1_2Enable"]) == ("false", "true")
    assert "TLS1_0Enable" not in entry, "this firmware has no TLS 1.0 switch"
    fresh_fleet.control.drift(HIK, {"network.https.tls_versions": OLD_FIRMWARE_TLS})
    entry = isapi_https_entry(hik)
    assert (entry["TLS1_1Enable"], entry["TLS1_2Enable"]) == ("true", "true")
    fresh_fleet.control.drift(HIK, {"network.https.tls_versions": ["TLSv1.3"]})
    entry = isapi_https_entry(hik)
    assert (entry["TLS1_1Enable"], entry["TLS1_2Enable"]) == ("false", "false")


def test_isapi_tls1_1_off_really_refuses_old_handshakes(fresh_fleet):
    hik = Client(fresh_fleet, HIK)
    fresh_fleet.control.drift(HIK, {"network.https.tls_versions": OLD_FIRMWARE_TLS})
    assert py_handshake(fresh_fleet, "TLSv1.1", HIK) == "TLSv1.1"
    resp = hik.request("PUT", "/ISAPI/Security/adminAccesses", scheme="https",
                       data=ISAPI_TLS % ("HTTPS", "<TLS1_1Enable>false</TLS1_1Enable>"))
    assert resp.status_code == 200, resp.text
    assert tls_versions(hik) == ["TLSv1.2", "TLSv1.3"]
    # An API write, not only a control-interface drift, changes what the port offers.
    for old in ("TLSv1", "TLSv1.1"):
        assert isinstance(py_handshake(fresh_fleet, old, HIK), ssl.SSLError), old
    assert py_handshake(fresh_fleet, "TLSv1.2", HIK) == "TLSv1.2"
    # TLS 1.2 off too leaves TLS 1.3, and the echo of an unchanged entry changes nothing
    hik.request("PUT", "/ISAPI/Security/adminAccesses",
                data=ISAPI_TLS % ("HTTPS", "<TLS1_2Enable>false</TLS1_2Enable>"))
    assert tls_versions(hik) == ["TLSv1.3"]
    assert isinstance(py_handshake(fresh_fleet, "TLSv1.2", HIK), ssl.SSLError)
    writes = fresh_fleet.control.counters(HIK)["writes"]
    hik.request("PUT", "/ISAPI/Security/adminAccesses",
                data=ISAPI_TLS % ("HTTPS", "<TLS1_1Enable>false</TLS1_1Enable>"
                                  "<TLS1_2Enable>false</TLS1_2Enable>"))
    assert fresh_fleet.control.counters(HIK)["writes"] == writes


@pytest.mark.parametrize("protocol,switches,state", [
    ("HTTPS", "<TLS1_1Enable>false</TLS1_1Enable><TLS1_2Enable>false</TLS1_2Enable>",
     ["TLSv1.1", "TLSv1.2"]),
    ("HTTPS", "<TLS1_0Enable>false</TLS1_0Enable>", OLD_FIRMWARE_TLS),
    ("HTTP", "<TLS1_1Enable>false</TLS1_1Enable>", OLD_FIRMWARE_TLS),
    ("HTTPS", "<TLS1_1Enable>maybe</TLS1_1Enable>", OLD_FIRMWARE_TLS),
], ids=["no version left", "no TLS 1.0 switch here", "not the HTTPS entry", "not a bool"])
def test_isapi_bad_tls_switches_change_nothing(fresh_fleet, protocol, switches, state):
    hik = Client(fresh_fleet, HIK)
    fresh_fleet.control.drift(HIK, {"network.https.tls_versions": state})
    before = hik.state()
    resp = hik.request("PUT", "/ISAPI/Security/adminAccesses", data=ISAPI_TLS % (protocol, switches))
    assert resp.status_code == 400, resp.text
    assert b"<statusCode>6</statusCode>" in resp.content
    assert hik.state() == before


def axis_params(client, group="root.HTTPS"):
    text = client.request("GET", "/axis-cgi/param.cgi", params={"action": "list", "group": group}).text
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_vapix_allow_tls_params_follow_and_set_the_versions(fresh_fleet):
    axis = Client(fresh_fleet, AXIS)
    params = axis_params(axis)
    assert {k: params[k] for k in ("root.HTTPS.AllowSSLV3", "root.HTTPS.AllowTLS1",
                                   "root.HTTPS.AllowTLS11")} == \
        {"root.HTTPS.AllowSSLV3": "no", "root.HTTPS.AllowTLS1": "no", "root.HTTPS.AllowTLS11": "no"}
    fresh_fleet.control.drift(AXIS, {"network.https.tls_versions": OLD_FIRMWARE_TLS})
    params = axis_params(axis)
    assert (params["root.HTTPS.AllowTLS1"], params["root.HTTPS.AllowTLS11"]) == ("yes", "yes")
    assert py_handshake(fresh_fleet, "TLSv1", AXIS) == "TLSv1"

    resp = axis.request("GET", "/axis-cgi/param.cgi", scheme="https", params=[
        ("action", "update"), ("root.HTTPS.AllowTLS1", "no"), ("root.HTTPS.AllowTLS11", "no")])
    assert resp.text.strip() == "OK", resp.text
    assert tls_versions(axis) == ["TLSv1.2", "TLSv1.3"]
    for old in ("TLSv1", "TLSv1.1"):
        assert isinstance(py_handshake(fresh_fleet, old, AXIS), ssl.SSLError), old
    assert py_handshake(fresh_fleet, "TLSv1.3", AXIS) == "TLSv1.3"
    # and back on: the switch is a real two-way setting
    axis.request("GET", "/axis-cgi/param.cgi", params=[
        ("action", "update"), ("root.HTTPS.AllowTLS11", "yes")])
    assert tls_versions(axis) == ["TLSv1.1", "TLSv1.2", "TLSv1.3"]


@pytest.mark.parametrize("update,state", [
    ([("root.HTTPS.AllowSSLV3", "yes")], OLD_FIRMWARE_TLS),
    ([("root.HTTPS.AllowTLS1", "no"), ("root.HTTPS.AllowTLS11", "no")], ["TLSv1", "TLSv1.1"]),
    ([("root.HTTPS.AllowTLS1", "off")], OLD_FIRMWARE_TLS),
], ids=["no SSLv3 here", "no version left", "not yes/no"])
def test_vapix_bad_tls_updates_change_nothing(fresh_fleet, update, state):
    axis = Client(fresh_fleet, AXIS)
    fresh_fleet.control.drift(AXIS, {"network.https.tls_versions": state})
    before = axis.state()
    resp = axis.request("GET", "/axis-cgi/param.cgi", params=[("action", "update")] + update)
    assert resp.text.startswith("# Error"), resp.text
    assert axis.state() == before
