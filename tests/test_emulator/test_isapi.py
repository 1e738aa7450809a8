"""The emulator's Hikvision ISAPI, driven the way a third-party client would: `requests`
with HTTP Digest against the Hikvision camera of the session emulator (the reference G2 firmware: the
hikvision.com namespace), plus a small fleet of its own whose second camera runs a
firmware that answers in isapi.org."""

import time

import defusedxml.ElementTree as SafeET
import pytest
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from tests.conftest import camera_of
from tests.emulator import profiles
from tests.emulator.client import EmulatorProcess
from tests.polling import wait_until

HIK = camera_of("hikvision")
TIMEOUT = 10
NS_OLD = "http://www.hikvision.com/ver20/XMLSchema"
NS_NEW = "http://www.isapi.org/ver20/XMLSchema"
MASKS = "/ISAPI/System/Video/inputs/channels/1/privacyMask"
GRID_W, GRID_H = 704, 576


class Doc:
    """A reply document, read whatever its namespace: `doc.text("a/b")`."""

    def __init__(self, content):
        self.root = SafeET.fromstring(content)
        self.ns = self.root.tag[1:].split("}")[0] if self.root.tag.startswith("{") else ""
        self.tag = self.root.tag.split("}")[-1]

    def _path(self, path):
        return "/".join("{%s}%s" % (self.ns, p) if self.ns and p not in (".", "..") else p
                        for p in path.split("/"))

    def find(self, path, el=None):
        return (self.root if el is None else el).find(self._path(path))

    def findall(self, path, el=None):
        return (self.root if el is None else el).findall(self._path(path))

    def text(self, path, el=None):
        found = self.find(path, el)
        return None if found is None else found.text


class Hik:
    """One Hikvision camera of an emulator, seen from a client."""

    def __init__(self, emulator, cam_id):
        self.emu = emulator
        self.cam_id = cam_id
        self.address = emulator.cameras[cam_id]["address"]
        self.username = emulator.control.state(cam_id)["users"][0]["username"]
        self.password = emulator.password()
        self.auth = HTTPDigestAuth(self.username, self.password)

    def url(self, path, scheme="http"):
        return "%s://%s%s" % (scheme, self.address, path)

    def request(self, method, path, body=None, auth="digest", scheme="http", **kw):
        verify = self.emu.ca_path() if scheme == "https" else True
        return requests.request(method, self.url(path, scheme), data=body,
                                auth=self.auth if auth == "digest" else auth,
                                timeout=TIMEOUT, verify=verify, **kw)

    def get(self, path, **kw):
        resp = self.request("GET", path, **kw)
        assert resp.status_code == 200, resp.text
        assert resp.headers["Content-Type"].startswith("application/xml")
        return Doc(resp.content)

    def put(self, path, body, **kw):
        resp = self.request("PUT", path, body.encode() if isinstance(body, str) else body,
                            **kw)
        return resp.status_code, Doc(resp.content)

    def state(self):
        return self.emu.control.state(self.cam_id)


def assert_ok(status, doc, path):
    assert status == 200
    assert doc.tag == "ResponseStatus"
    assert (doc.text("requestURL"), doc.text("statusCode"), doc.text("statusString"),
            doc.text("subStatusCode")) == (path, "1", "OK", "ok")


def assert_refused(status, doc, http_status, code, sub):
    assert status == http_status
    assert doc.tag == "ResponseStatus"
    assert (doc.text("statusCode"), doc.text("subStatusCode")) == (str(code), sub)


@pytest.fixture
def hik(fresh_fleet):
    return Hik(fresh_fleet, HIK)


# -- authentication ------------------------------------------------------------------------
def test_reads_need_digest(hik):
    resp = hik.request("GET", "/ISAPI/System/deviceInfo", auth=None)
    assert resp.status_code == 401
    challenge = resp.headers["WWW-Authenticate"]
    assert challenge.startswith("Digest ") and 'realm="DS-' in challenge
    assert hik.get("/ISAPI/System/deviceInfo").tag == "DeviceInfo"


def test_basic_is_never_taken(hik):
    for scheme in ("http", "https"):
        resp = hik.request("GET", "/ISAPI/System/deviceInfo", scheme=scheme,
                           auth=HTTPBasicAuth(hik.username, hik.password))
        assert resp.status_code == 401


def test_wrong_password_is_one_failed_login(hik):
    before = hik.emu.control.counters(HIK)["failed_logins"]
    resp = hik.request("GET", "/ISAPI/System/deviceInfo",
                       auth=HTTPDigestAuth(hik.username, "wrong-" + hik.password))
    assert resp.status_code == 401
    assert hik.emu.control.counters(HIK)["failed_logins"] == before + 1


def test_unknown_resources_and_methods(hik):
    status, doc = hik.put("/ISAPI/System/deviceInfo", "<DeviceInfo/>")
    assert_refused(status, doc, 403, 4, "notSupport")
    resp = hik.request("GET", "/ISAPI/No/Such/Thing")
    assert_refused(resp.status_code, Doc(resp.content), 403, 4, "notSupport")
    assert Doc(resp.content).text("statusString") == "Invalid Operation"
    # Not ISAPI: left to the next API (here nothing, so 404).
    assert hik.request("GET", "/axis-cgi/param.cgi").status_code == 404


# -- read-only resources ------------------------------------------------------------------
def test_device_info(hik):
    doc = hik.get("/ISAPI/System/deviceInfo")
    ident = hik.state()["identity"]
    assert doc.ns == NS_OLD  # the session camera runs the reference G2 firmware: hikvision.com
    assert (doc.text("model"), doc.text("serialNumber"), doc.text("macAddress"),
            doc.text("firmwareVersion")) == (ident["model"], ident["serial"], ident["mac"],
                                             ident["firmware"])
    assert doc.text("deviceName") and doc.text("deviceID")


def test_network_capabilities(hik):
    doc = hik.get("/ISAPI/System/Network/capabilities")
    assert doc.text("SnmpCap/isSupport") == "true"


# -- settings round trips ---------------------------------------------------------------------
def _enabled_body(root, value, ns=NS_NEW):
    xmlns = ' xmlns="%s"' % ns if ns else ""
    return '<?xml version="1.0" encoding="UTF-8"?><%s%s><enabled>%s</enabled></%s>' % (
        root, xmlns, value, root)


SWITCHES = [
    # (resource, root element, state path, factory value)
    ("/ISAPI/System/Network/UPnP", "UPnP", ("discovery", "upnp"), True),
    ("/ISAPI/System/Network/Bonjour", "Bonjour", ("discovery", "bonjour"), True),
    ("/ISAPI/System/Network/ssh", "SSH", ("network", "ssh"), False),
    ("/ISAPI/System/Network/telnetd", "Telnetd", ("network", "telnet"), False),
]


@pytest.mark.parametrize("path,root,state_path,factory", SWITCHES,
                         ids=[s[1] for s in SWITCHES])
def test_switch_round_trip(hik, path, root, state_path, factory):
    assert hik.get(path).text("enabled") == str(factory).lower()
    want = not factory
    status, doc = hik.put(path, _enabled_body(root, str(want).lower()))
    assert_ok(status, doc, path)
    section, key = state_path
    assert hik.state()[section][key] is want
    assert hik.get(path).text("enabled") == str(want).lower()


def test_nonsticky_put_answers_ok_but_does_not_stick(hik):
    hik.emu.control.faults(HIK, nonsticky=["discovery.upnp"])
    status, doc = hik.put("/ISAPI/System/Network/UPnP", _enabled_body("UPnP", "false"))
    assert_ok(status, doc, "/ISAPI/System/Network/UPnP")
    assert hik.state()["discovery"]["upnp"] is True
    assert hik.get("/ISAPI/System/Network/UPnP").text("enabled") == "true"


def test_snmp_round_trip(hik):
    doc = hik.get("/ISAPI/System/Network/SNMP")
    assert doc.text("SNMPv2c/enabled") == "true"
    assert doc.text("SNMPv2c/readCommunity") == "public"
    assert doc.text("listenPort") == "161"

    body = """<SNMP xmlns="%s"><SNMPv1c><enabled>false</enabled></SNMPv1c>
      <SNMPv2c><enabled>true</enabled><writeCommunity>w-9x</writeCommunity>
      <readCommunity>r-9x</readCommunity></SNMPv2c>
      <SNMPAdvanced><enabled>true</enabled></SNMPAdvanced></SNMP>""" % NS_NEW
    assert_ok(*hik.put("/ISAPI/System/Network/SNMP", body), "/ISAPI/System/Network/SNMP")
    snmp = hik.state()["discovery"]["snmp"]
    assert (snmp["v1"], snmp["v2c"], snmp["v3"], snmp["enabled"]) == (False, True, True, True)
    assert (snmp["read_community"], snmp["write_community"]) == ("r-9x", "w-9x")
    doc = hik.get("/ISAPI/System/Network/SNMP")
    assert (doc.text("SNMPv1c/enabled"), doc.text("SNMPv2c/enabled"),
            doc.text("SNMPAdvanced/enabled")) == ("false", "true", "true")
    assert doc.text("SNMPv1c/readCommunity") == doc.text("SNMPv2c/readCommunity") == "r-9x"

    # All versions off: SNMP as a whole is off.
    body = ("<SNMP><SNMPv2c><enabled>false</enabled></SNMPv2c>"
            "<SNMPAdvanced><enabled>false</enabled></SNMPAdvanced></SNMP>")
    assert_ok(*hik.put("/ISAPI/System/Network/SNMP", body), "/ISAPI/System/Network/SNMP")
    assert hik.state()["discovery"]["snmp"]["enabled"] is False


def test_snmp_refuses_what_it_cannot_keep(hik):
    before = hik.state()
    body = ("<SNMP><SNMPv1c><readCommunity>a</readCommunity></SNMPv1c>"
            "<SNMPv2c><readCommunity>b</readCommunity></SNMPv2c></SNMP>")
    assert_refused(*hik.put("/ISAPI/System/Network/SNMP", body), 400, 6, "badParameters")
    body = "<SNMP><listenPort>1161</listenPort></SNMP>"
    assert_refused(*hik.put("/ISAPI/System/Network/SNMP", body), 400, 6, "badParameters")
    assert hik.state() == before


def test_admin_accesses_round_trip(hik):
    doc = hik.get("/ISAPI/Security/adminAccesses")
    entries = {doc.text("protocol", e): (doc.text("enabled", e), doc.text("portNo", e))
               for e in doc.findall("AdminAccessProtocol")}
    assert {k: entries[k] for k in ("HTTP", "HTTPS", "DEV_MANAGE", "RTSP")} == {
        "HTTP": ("true", "80"), "HTTPS": ("true", "443"),
        "DEV_MANAGE": ("true", "8000"), "RTSP": ("true", "554")}
    assert entries["Bonjour"] == ("true", None)  # the G2 firmware lists Bonjour, no port

    body = """<AdminAccessProtocolList xmlns="%s">
      <AdminAccessProtocol><id>3</id><enabled>false</enabled><protocol>DEV_MANAGE</protocol>
        <portNo>8000</portNo></AdminAccessProtocol>
      <AdminAccessProtocol><id>4</id><enabled>true</enabled><protocol>RTSP</protocol>
        <portNo>8554</portNo></AdminAccessProtocol>
    </AdminAccessProtocolList>""" % NS_NEW
    assert_ok(*hik.put("/ISAPI/Security/adminAccesses", body), "/ISAPI/Security/adminAccesses")
    network = hik.state()["network"]
    assert network["dev_manage"]["enabled"] is False
    assert network["rtsp"] == {"enabled": True, "port": 8554}
    doc = hik.get("/ISAPI/Security/adminAccesses")
    entries = {doc.text("protocol", e): (doc.text("enabled", e), doc.text("portNo", e))
               for e in doc.findall("AdminAccessProtocol")}
    assert entries["DEV_MANAGE"] == ("false", "8000") and entries["RTSP"] == ("true", "8554")


def test_turning_http_off_closes_the_port(hik):
    body = ("<AdminAccessProtocolList><AdminAccessProtocol><protocol>HTTP</protocol>"
            "<enabled>false</enabled></AdminAccessProtocol></AdminAccessProtocolList>")
    assert_ok(*hik.put("/ISAPI/Security/adminAccesses", body), "/ISAPI/Security/adminAccesses")
    assert hik.state()["network"]["http"]["enabled"] is False

    def http_open():
        try:
            requests.get(hik.url("/ISAPI/System/deviceInfo"), timeout=2)
            return True
        except requests.ConnectionError:
            return False
    assert wait_until(lambda: not http_open())
    doc = hik.get("/ISAPI/Security/adminAccesses", scheme="https")
    [http] = [e for e in doc.findall("AdminAccessProtocol")
              if doc.text("protocol", e) == "HTTP"]
    assert doc.text("enabled", http) == "false"

    body = body.replace("false", "true")
    assert_ok(*hik.put("/ISAPI/Security/adminAccesses", body, scheme="https"),
              "/ISAPI/Security/adminAccesses")
    assert wait_until(http_open)


# -- bad bodies change nothing ----------------------------------------------------------------
BAD_BODIES = [
    ("/ISAPI/System/Network/UPnP", "<UPnP><enabled>false</enabled>", "unparseable"),
    ("/ISAPI/System/Network/UPnP", "", "empty"),
    ("/ISAPI/System/Network/UPnP", "<Bonjour><enabled>false</enabled></Bonjour>",
     "wrong root"),
    ("/ISAPI/System/Network/UPnP", "<UPnP><enabled>off</enabled></UPnP>", "not a boolean"),
    ("/ISAPI/System/Network/UPnP", "<UPnP><name>x</name></UPnP>", "enabled missing"),
    ("/ISAPI/System/Network/SNMP", "<SNMP><SNMPv2c><enabled>false</enabled></SNMPv2c>"
     "<SNMPv1c><enabled>yes</enabled></SNMPv1c></SNMP>", "one bad field of several"),
    ("/ISAPI/System/Network/SNMP", "<SNMP/>", "nothing in it"),
    ("/ISAPI/Security/adminAccesses", "<AdminAccessProtocolList><AdminAccessProtocol>"
     "<protocol>HTTP</protocol><portNo>eighty</portNo></AdminAccessProtocol>"
     "</AdminAccessProtocolList>", "port not a number"),
    ("/ISAPI/System/Network/UPnP", '<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e "false">]>'
     "<UPnP><enabled>&e;</enabled></UPnP>", "entity"),
    ("/ISAPI/System/Network/UPnP", b"\xff\xfe<UPnP>", "not text"),
]


@pytest.mark.parametrize("path,body,why", BAD_BODIES, ids=[b[2] for b in BAD_BODIES])
def test_bad_xml_is_400_and_changes_nothing(hik, path, body, why):
    before = hik.state()
    status, doc = hik.put(path, body)
    assert_refused(status, doc, 400, 6, "badXmlContent")
    assert doc.text("statusString") == "Invalid XML Content"
    assert doc.text("requestURL") == path
    assert hik.state() == before


# -- privacy masks ----------------------------------------------------------------------------
def _region(region_id, points, enabled="true", mask_type="black"):
    coords = "".join("<RegionCoordinates><positionX>%s</positionX><positionY>%s</positionY>"
                     "</RegionCoordinates>" % p for p in points)
    return ("<PrivacyMaskRegion><id>%s</id><enabled>%s</enabled><RegionCoordinatesList>%s"
            "</RegionCoordinatesList><maskType>%s</maskType></PrivacyMaskRegion>"
            % (region_id, enabled, coords, mask_type))


def _masks_body(regions, enabled="true", ns=NS_NEW):
    xmlns = ' xmlns="%s"' % ns if ns else ""
    return ('<PrivacyMask%s><enabled>%s</enabled><normalizedScreenSize>'
            "<normalizedScreenWidth>704</normalizedScreenWidth><normalizedScreenHeight>576"
            "</normalizedScreenHeight></normalizedScreenSize><PrivacyMaskRegionList>%s"
            "</PrivacyMaskRegionList></PrivacyMask>" % (xmlns, enabled, "".join(regions)))


SQUARE = [(10, 20), (100, 20), (100, 200), (10, 200)]
OTHER = [(300, 300), (700, 300), (700, 576), (300, 576)]


def _regions(doc):
    out = {}
    for r in doc.findall("PrivacyMaskRegionList/PrivacyMaskRegion"):
        points = [(int(doc.text("positionX", c)), int(doc.text("positionY", c)))
                  for c in doc.findall("RegionCoordinatesList/RegionCoordinates", r)]
        out[int(doc.text("id", r))] = (doc.text("enabled", r), points)
    return out


def test_masks_round_trip(hik):
    doc = hik.get(MASKS)
    assert (doc.text("normalizedScreenSize/normalizedScreenWidth"),
            doc.text("normalizedScreenSize/normalizedScreenHeight")) == ("704", "576")
    assert _regions(doc) == {}

    body = _masks_body([_region(1, SQUARE), _region(3, OTHER, enabled="false")])
    assert_ok(*hik.put(MASKS, body), MASKS)
    records = hik.state()["privacy_masks"]
    assert [m["enabled"] for m in records] == [True, False]
    assert set(records[0]) == {"token", "name", "video_source", "enabled", "polygon",
                               "type", "color"}
    assert records[0]["polygon"][2] == [100 / GRID_W, 200 / GRID_H]
    assert records[1]["polygon"][2] == [700 / GRID_W, 1.0]

    doc = hik.get(MASKS)
    assert doc.text("enabled") == "true"
    assert _regions(doc) == {1: ("true", SQUARE), 3: ("false", OTHER)}

    # A PUT replaces every region.
    assert_ok(*hik.put(MASKS, _masks_body([_region(2, OTHER)])), MASKS)
    assert _regions(hik.get(MASKS)) == {2: ("true", OTHER)}
    assert len(hik.state()["privacy_masks"]) == 1

    # The list-wide switch off turns every region off.
    assert_ok(*hik.put(MASKS, _masks_body([_region(2, OTHER)], enabled="false")), MASKS)
    doc = hik.get(MASKS)
    assert doc.text("enabled") == "false" and _regions(doc) == {2: ("false", OTHER)}

    assert_ok(*hik.put(MASKS, _masks_body([])), MASKS)
    assert hik.state()["privacy_masks"] == []


def test_masks_are_quantised_to_the_704x576_grid(hik):
    polygon = [[0.1234, 0.2345], [0.5678, 0.2345], [0.5678, 0.7891], [0.1234, 0.7891]]
    hik.emu.control.drift(HIK, {"privacy_masks": [{
        "token": "elsewhere-1", "name": "from ONVIF", "video_source": "VideoSourceConfig_1",
        "enabled": True, "polygon": polygon, "type": "Color", "color": "black"}]})
    doc = hik.get(MASKS)
    [(region_id, (_enabled, points))] = _regions(doc).items()
    assert region_id == 1
    assert points[0] == (round(0.1234 * GRID_W), round(0.2345 * GRID_H))

    # Writing back what was read keeps the geometry within one grid step.
    assert_ok(*hik.put(MASKS, _masks_body([_region(region_id, points)])), MASKS)
    [record] = hik.state()["privacy_masks"]
    for (x, y), (ox, oy) in zip(record["polygon"], polygon):
        assert abs(x - ox) <= 1 / GRID_W and abs(y - oy) <= 1 / GRID_H
        assert abs(x * GRID_W - round(x * GRID_W)) < 1e-9
        assert abs(y * GRID_H - round(y * GRID_H)) < 1e-9


@pytest.mark.parametrize("regions,why", [
    ([_region(i, SQUARE) for i in range(1, 6)], "more regions than the camera has"),
    ([_region(1, SQUARE[:3])], "three points"),
    ([_region(1, SQUARE + [(5, 5)])], "five points"),
    ([_region(5, SQUARE)], "id past the limit"),
    ([_region(0, SQUARE)], "id zero"),
    ([_region(1, [(705, 0), (0, 0), (0, 1), (1, 1)])], "x off the grid"),
    ([_region(1, SQUARE), _region(1, OTHER)], "duplicate id"),
    ([_region(1, SQUARE, mask_type="rainbow")], "unknown mask type"),
])
def test_mask_limits(hik, regions, why):
    assert_ok(*hik.put(MASKS, _masks_body([_region(4, OTHER)])), MASKS)
    before = hik.state()
    status, doc = hik.put(MASKS, _masks_body(regions))
    assert_refused(status, doc, 400, 6, "badParameters")
    assert hik.state() == before


def test_mask_capabilities(hik):
    doc = hik.get(MASKS + "/capabilities")
    limits = hik.state()["mask_limits"]
    assert doc.text("maxRegionNum") == str(limits["max_masks"])
    assert doc.find("PrivacyMaskRegion/id").get("max") == str(limits["max_masks"])
    points = doc.find("PrivacyMaskRegion/RegionCoordinatesList")
    assert (points.get("min"), points.get("max")) == ("4", "4")


# -- storage ----------------------------------------------------------------------------------
def _hdds(doc):
    """The <hdd> elements, whatever namespace their list is nested in (ver10 on G2)."""
    return [el for el in doc.root.iter() if el.tag.split("}")[-1] == "hdd"]


def _field(hdd, tag):
    return next((el.text for el in hdd if el.tag.split("}")[-1] == tag), None)


def test_storage_lists_the_card(hik):
    doc = hik.get("/ISAPI/ContentMgmt/Storage")
    [hdd] = _hdds(doc)
    slot = hik.state()["storage"]["slots"][0]
    # As the G2 recordings show it: hddType SATA, even for the SD card.
    assert (_field(hdd, "id"), _field(hdd, "hddType"), _field(hdd, "status")) == (
        "1", "SATA", "ok")
    assert int(_field(hdd, "capacity")) == slot["capacity_mb"]
    assert int(_field(hdd, "freeSpace")) < slot["capacity_mb"]
    assert len(_hdds(hik.get("/ISAPI/ContentMgmt/Storage/hdd"))) == 1


def test_format_erases_recordings(hik):
    assert hik.state()["storage"]["slots"][0]["recordings"] > 0
    path = "/ISAPI/ContentMgmt/Storage/hdd/1/format"
    assert_ok(*hik.put(path, b""), path)
    status, doc = hik.put(path, b"")
    assert_refused(status, doc, 503, 2, "deviceBusy")

    deadline, percents = time.time() + 5, []
    while time.time() < deadline:
        doc = hik.get("/ISAPI/ContentMgmt/Storage/hdd/1/formatStatus")
        percents.append(int(doc.text("percent")))
        if doc.text("formating") == "false":
            break
        time.sleep(0.05)
    assert percents[-1] == 100 and percents == sorted(percents)
    slot = hik.state()["storage"]["slots"][0]
    assert slot["recordings"] == 0
    [hdd] = _hdds(hik.get("/ISAPI/ContentMgmt/Storage/hdd"))
    assert _field(hdd, "freeSpace") == str(slot["capacity_mb"])


def test_no_card_means_an_empty_list(hik):
    hik.emu.control.drift(HIK, {"storage.slots.0.present": False})
    doc = hik.get("/ISAPI/ContentMgmt/Storage")
    assert _hdds(doc) == []
    assert _hdds(hik.get("/ISAPI/ContentMgmt/Storage/hdd")) == []
    path = "/ISAPI/ContentMgmt/Storage/hdd/1/format"
    assert_refused(*hik.put(path, b""), 403, 4, "notSupport")


# -- both namespaces --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hikvision_pair(tmp_path_factory):
    """Two Hikvision cameras of their own: the reference firmware (hikvision.com) and the
    next profile (a thermal line that answers in isapi.org), known by profile."""
    with EmulatorProcess(tmp_path_factory.mktemp("hikvision-pair"), cameras=2,
                         vendors="hikvision") as emu:
        emu.cameras = {c["id"]: c for c in emu.control.cameras()}
        emu.by_profile = {c["profile"]: cam for cam, c in emu.cameras.items()}
        yield emu


@pytest.mark.parametrize("which,expected_ns", [(0, NS_OLD), (1, NS_NEW)])
@pytest.mark.parametrize("body_ns", [NS_OLD, NS_NEW, ""], ids=["old", "new", "none"])
def test_both_namespaces(hikvision_pair, which, expected_ns, body_ns):
    # The pair's cameras by profile: the reference, then the next Hikvision profile.
    cam_id = hikvision_pair.by_profile[profiles.BY_VENDOR["hikvision"][which]]
    hikvision_pair.control.preset(cam_id, "insecure")
    cam = Hik(hikvision_pair, cam_id)
    doc = cam.get("/ISAPI/System/Network/UPnP")
    assert doc.ns == expected_ns and doc.text("enabled") == "true"

    status, doc = cam.put("/ISAPI/System/Network/UPnP",
                          _enabled_body("UPnP", "false", ns=body_ns))
    assert doc.ns == expected_ns
    assert_ok(status, doc, "/ISAPI/System/Network/UPnP")
    assert cam.state()["discovery"]["upnp"] is False

    status, doc = cam.put(MASKS, _masks_body([_region(1, SQUARE)], ns=body_ns))
    assert_ok(status, doc, MASKS)
    assert _regions(cam.get(MASKS)) == {1: ("true", SQUARE)}

    status, doc = cam.put("/ISAPI/System/Network/UPnP", "<UPnP><enabled>")
    assert doc.ns == expected_ns
    assert_refused(status, doc, 400, 6, "badXmlContent")
