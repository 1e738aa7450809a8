"""The emulator's management and service protocols, driven as a third-party client would
(`requests` with HTTP Digest): Axis ssh.cgi, and "HTTP off" through each vendor's own write
path really closing port 80 while the camera stays reachable over HTTPS."""

import json
import socket
import time

import pytest
import requests
from requests.auth import HTTPDigestAuth

AXIS, HIK, ONVIF = "cam-0001", "cam-0002", "cam-0003"
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


def wait_until(predicate, timeout=5.0, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


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
