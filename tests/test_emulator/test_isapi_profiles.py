"""The emulator's Hikvision firmware profiles on the wire, as a third-party client sees them
(`requests` with HTTP Digest): each answers in its own namespace, lists the adminAccesses
entries and TLS switches its recording shows, nests storage as recorded with or without the
SD card's <Encryption> block, and answers what it lacks with notSupport at its own status."""

import defusedxml.ElementTree as SafeET
import pytest
import requests
from requests.auth import HTTPDigestAuth

from tests.emulator import profiles
from tests.emulator.client import EmulatorProcess

TIMEOUT = 10
HIK_NS = "http://www.hikvision.com/ver20/XMLSchema"
HIK_V10 = "http://www.hikvision.com/ver10/XMLSchema"
ISAPI_NS = "http://www.isapi.org/ver20/XMLSchema"
NAMES = profiles.BY_VENDOR["hikvision"]


@pytest.fixture(scope="module")
def hik_fleet(tmp_path_factory):
    """One camera per Hikvision profile, in NAMES order."""
    with EmulatorProcess(tmp_path_factory.mktemp("hik-profiles"), cameras=len(NAMES),
                         profiles=NAMES) as emu:
        emu.by_profile = {c["profile"]: c for c in emu.control.cameras()}
        yield emu


class Client:
    def __init__(self, emu, profile):
        self.emu = emu
        self.cam = emu.by_profile[profile]
        user = emu.control.state(self.cam["id"])["users"][0]["username"]
        self.auth = HTTPDigestAuth(user, emu.password())

    def request(self, method, path, body=None):
        return requests.request(method, "http://%s%s" % (self.cam["address"], path),
                                data=body, auth=self.auth, timeout=TIMEOUT)

    def get(self, path):
        resp = self.request("GET", path)
        assert resp.status_code == 200, (path, resp.status_code, resp.text)
        return SafeET.fromstring(resp.content)

    def state(self):
        return self.emu.control.state(self.cam["id"])


def ns_of(el):
    return el.tag[1:].split("}")[0] if el.tag.startswith("{") else ""


def local(el):
    return el.tag.split("}")[-1]


def kids(el, tag):
    return [k for k in el if local(k) == tag]


def text(el, tag):
    found = kids(el, tag)
    return found[0].text if found else None


def entries(client):
    doc = client.get("/ISAPI/Security/adminAccesses")
    return doc, [[local(k) for k in e] for e in kids(doc, "AdminAccessProtocol")], \
        {text(e, "protocol"): e for e in kids(doc, "AdminAccessProtocol")}


@pytest.mark.parametrize("profile,ns", [
    ("hikvision-v5.7", HIK_NS), ("hik-ds2td1228-5.5.98", ISAPI_NS),
    ("hik-ds2cd2532f-5.2.0", HIK_NS), ("hik-ds2cd2386g2-5.7.15", HIK_NS),
    ("hik-ds2cd2443g0-5.6.5", HIK_NS)])
def test_each_profile_answers_in_its_own_namespace(hik_fleet, profile, ns):
    client = Client(hik_fleet, profile)
    info = client.get("/ISAPI/System/deviceInfo")
    assert ns_of(info) == ns
    assert text(info, "model") == profiles.PROFILES[profile]["identity"]["model"]
    assert text(info, "firmwareVersion") == profiles.PROFILES[profile]["identity"]["firmware"]
    doc, _order, by_protocol = entries(client)
    assert ns_of(doc) == ns and all(ns_of(e) == ns for e in by_protocol.values())


def test_v5_2_lists_four_entries_without_tls_switches_and_lacks_bonjour_and_ssh(hik_fleet):
    client = Client(hik_fleet, "hik-ds2cd2532f-5.2.0")
    _doc, order, by_protocol = entries(client)
    assert list(by_protocol) == ["HTTP", "HTTPS", "DEV_MANAGE", "RTSP"]
    assert order[1] == ["id", "enabled", "protocol", "portNo"]  # no TLS, no redirect
    info = client.get("/ISAPI/System/deviceInfo")
    assert text(info, "firmwareReleasedDate") == "build 140721"
    assert not kids(info, "firmwareVersionInfo") and not kids(info, "manufacturer")
    for path in ("/ISAPI/System/Network/Bonjour", "/ISAPI/System/Network/ssh"):
        resp = client.request("GET", path)
        doc = SafeET.fromstring(resp.content)
        assert (resp.status_code, local(doc), text(doc, "subStatusCode")) == (
            403, "ResponseStatus", "notSupport"), path
    # What it has still answers.
    assert text(client.get("/ISAPI/System/Network/telnetd"), "enabled") == "false"


def test_g2_5_7_15_answers_what_it_lacks_with_404(hik_fleet):
    client = Client(hik_fleet, "hik-ds2cd2386g2-5.7.15")
    resp = client.request("GET", "/ISAPI/System/Network/telnetd")
    doc = SafeET.fromstring(resp.content)
    assert (resp.status_code, text(doc, "statusCode"), text(doc, "subStatusCode")) == (
        404, "4", "notSupport")
    _doc, order, by_protocol = entries(client)
    assert [text(e, "id") for e in by_protocol.values()] == \
        ["1", "2", "3", "4", "5", "6", "7", "8", "10"]  # no id 9, as recorded
    assert order[1] == ["id", "enabled", "protocol", "redirectToHttps", "portNo",
                        "TLS1_1Enable", "TLS1_2Enable", "TLS1_3Enable"]
    assert "portNo" not in order[-1] and text(by_protocol["Bonjour"], "enabled") == "false"


def test_thermal_entries_and_an_encrypted_card(hik_fleet):
    client = Client(hik_fleet, "hik-ds2td1228-5.5.98")
    _doc, order, by_protocol = entries(client)
    assert list(by_protocol) == ["HTTP", "HTTPS", "DEV_MANAGE", "RTSP", "WebSocket",
                                 "WebSocketS", "SRTP", "modbusTCP", "Bonjour"]
    assert "enabled" not in order[2]  # DEV_MANAGE has no <enabled> on this firmware
    assert "TLS1_3Enable" not in order[1] and "TLS1_2Enable" in order[1]
    storage = client.get("/ISAPI/ContentMgmt/Storage")
    [hdd_list] = kids(storage, "hddList")
    [hdd] = kids(hdd_list, "hdd")
    assert ns_of(hdd_list) == ISAPI_NS and ns_of(hdd) == ISAPI_NS
    [encryption] = kids(hdd, "Encryption")
    status = kids(encryption, "encryptionStatus")[0]
    assert status.text == "encrypted"
    assert status.get("opt") == "unencrypted,encrypted,verfyFailed"


def test_g2_storage_nests_ver10_and_reports_the_card_status(hik_fleet):
    client = Client(hik_fleet, "hikvision-v5.7")
    storage = client.get("/ISAPI/ContentMgmt/Storage")
    assert ns_of(storage) == HIK_NS
    [hdd_list] = kids(storage, "hddList")
    [hdd] = kids(hdd_list, "hdd")
    assert ns_of(hdd_list) == HIK_V10 and ns_of(hdd) == HIK_V10
    assert text(kids(hdd, "Encryption")[0], "encryptionStatus") == "unencrypted"
    # The state drives it: a card that is encrypted says so.
    hik_fleet.control.drift(client.cam["id"], {"storage.slots.0.encrypted": True})
    try:
        hdd = kids(kids(client.get("/ISAPI/ContentMgmt/Storage"), "hddList")[0], "hdd")[0]
        assert text(kids(hdd, "Encryption")[0], "encryptionStatus") == "encrypted"
    finally:
        hik_fleet.control.drift(client.cam["id"], {"storage.slots.0.encrypted": False})


def test_v5_2_storage_has_no_encryption_block(hik_fleet):
    storage = Client(hik_fleet, "hik-ds2cd2532f-5.2.0").get("/ISAPI/ContentMgmt/Storage")
    [hdd_list] = kids(storage, "hddList")
    [hdd] = kids(hdd_list, "hdd")
    assert (ns_of(hdd_list), ns_of(hdd)) == (HIK_V10, HIK_NS)  # ver20 > ver10 > ver20
    assert not kids(hdd, "Encryption") and not kids(hdd, "formatType")


def put_entries(client, xml_entries):
    body = '<AdminAccessProtocolList xmlns="%s">%s</AdminAccessProtocolList>' % (
        ns_of(client.get("/ISAPI/System/deviceInfo")), xml_entries)
    return client.request("PUT", "/ISAPI/Security/adminAccesses", body)


def test_tls1_3_switch_and_bonjour_entry_write_the_state(hik_fleet):
    client = Client(hik_fleet, "hikvision-v5.7")
    cam = client.cam["id"]
    try:
        resp = put_entries(client, "<AdminAccessProtocol><id>2</id><protocol>HTTPS</protocol>"
                           "<TLS1_2Enable>false</TLS1_2Enable><TLS1_3Enable>true</TLS1_3Enable>"
                           "</AdminAccessProtocol><AdminAccessProtocol><id>10</id>"
                           "<enabled>false</enabled><protocol>Bonjour</protocol>"
                           "</AdminAccessProtocol>")
        assert resp.status_code == 200, resp.text
        state = client.state()
        assert state["network"]["https"]["tls_versions"] == ["TLSv1.3"]
        assert state["discovery"]["bonjour"] is False
        _doc, _order, by_protocol = entries(client)
        assert text(by_protocol["HTTPS"], "TLS1_3Enable") == "true"
        assert text(by_protocol["HTTPS"], "TLS1_2Enable") == "false"
        # Leaving no version at all is refused, and changes nothing.
        resp = put_entries(client, "<AdminAccessProtocol><protocol>HTTPS</protocol>"
                           "<TLS1_3Enable>false</TLS1_3Enable></AdminAccessProtocol>")
        assert resp.status_code == 400
        assert client.state()["network"]["https"]["tls_versions"] == ["TLSv1.3"]
    finally:
        hik_fleet.control.preset(cam, "insecure")


def test_a_switch_or_entry_the_firmware_lacks_is_refused(hik_fleet):
    client = Client(hik_fleet, "hik-ds2cd2532f-5.2.0")
    before = client.state()
    resp = put_entries(client, "<AdminAccessProtocol><protocol>HTTPS</protocol>"
                       "<TLS1_2Enable>true</TLS1_2Enable></AdminAccessProtocol>")
    assert resp.status_code == 400
    resp = put_entries(client, "<AdminAccessProtocol><protocol>Bonjour</protocol>"
                       "<enabled>false</enabled></AdminAccessProtocol>")
    assert resp.status_code == 400
    assert client.state() == before
