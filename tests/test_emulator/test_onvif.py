"""The emulator's ONVIF service, driven over the wire as a client would drive it.

Every SOAP message sent and every SOAP reply received is checked against the official
ONVIF schemas (tests/onvif_schema.py), so the emulator cannot drift from real devices.
"""

import base64
import datetime
import hashlib
import os
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

import pytest
import requests
from requests.auth import HTTPDigestAuth

from tests.emulator import vendors
from tests.onvif_schema import fault_codes, validate_soap
from tests.conftest import camera_of, cameras_of

pytestmark = pytest.mark.usefixtures("onvif_schemas")

CAMERAS = cameras_of()  # every registered vendor  # axis, hikvision, onvif: all speak ONVIF
DEVICE = "/onvif/device_service"
MEDIA2 = "/onvif/media2_service"
NS = {
    "env": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "tr2": "http://www.onvif.org/ver20/media/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
BASE64_BINARY = ("http://docs.oasis-open.org/wss/2004/01/"
                 "oasis-200401-wss-soap-message-security-1.0#Base64Binary")
ONVIF_STEP = 2.0 / vendors.get("onvif").MASK_GRID[0]  # one grid step in -1..1 units

SESSION = requests.Session()
SESSION.trust_env = False  # loopback only: no proxy from the environment


# -- building and sending messages -------------------------------------------------

def envelope(body, header=""):
    declarations = " ".join('xmlns:%s="%s"' % kv for kv in NS.items())
    head = "<env:Header>%s</env:Header>" % header if header else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><env:Envelope %s>%s<env:Body>%s'
            '</env:Body></env:Envelope>' % (declarations, head, body)).encode("utf-8")


def utc_text(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def token_header(username, password, offset_s=0.0, created=None, nonce=None,
                 parts=("Username", "Password", "Nonce", "Created")):
    """A WS-Security UsernameToken with PasswordDigest, Created from the local clock
    plus `offset_s` (the camera's clock minus ours, learnt from GetSystemDateAndTime)."""
    nonce = nonce if nonce is not None else os.urandom(16)
    if created is None:
        created = utc_text(datetime.datetime.now(datetime.timezone.utc)
                           + datetime.timedelta(seconds=offset_s))
    digest = base64.b64encode(hashlib.sha1(
        nonce + created.encode() + password.encode()).digest()).decode()
    xml = {
        "Username": "<wsse:Username>%s</wsse:Username>" % escape(username),
        "Password": '<wsse:Password Type="%s">%s</wsse:Password>' % (PASSWORD_DIGEST, digest),
        "Nonce": '<wsse:Nonce EncodingType="%s">%s</wsse:Nonce>' % (
            BASE64_BINARY, base64.b64encode(nonce).decode()),
        "Created": "<wsu:Created>%s</wsu:Created>" % created,
    }
    return ('<wsse:Security env:mustUnderstand="true"><wsse:UsernameToken>%s'
            "</wsse:UsernameToken></wsse:Security>" % "".join(xml[p] for p in parts))


def post(address, path, data, auth=None):
    return SESSION.post("http://%s%s" % (address, path), data=data, auth=auth, timeout=10,
                        headers={"Content-Type": "application/soap+xml; charset=utf-8"})


def call(address, path, body, header="", auth=None, check_request=True):
    """Send one operation; returns (HTTP response, parsed reply Envelope or None).
    The request and any SOAP reply are schema-checked on the way."""
    data = envelope(body, header)
    if check_request:
        validate_soap(data)
    resp = post(address, path, data, auth)
    reply = None
    if resp.headers.get("Content-Type", "").startswith("application/soap+xml"):
        reply = validate_soap(resp.content)
    return resp, reply


def first(reply, path):
    found = reply.find(".//" + path, NS)
    assert found is not None, "no %s in %s" % (path, ET.tostring(reply)[:400])
    return found


class Cam:
    """One emulated camera as an ONVIF client sees it."""

    def __init__(self, emu, cam_id):
        self.emu = emu
        self.id = cam_id
        self.address = emu.cameras[cam_id]["address"]
        self.username = emu.control.state(cam_id)["users"][0]["username"]
        self.password = emu.password()

    def state(self):
        return self.emu.control.state(self.id)

    def failed_logins(self):
        return self.emu.control.counters(self.id)["failed_logins"]

    def digest(self):
        return HTTPDigestAuth(self.username, self.password)

    def op(self, path, body, offset_s=0.0):
        """An authenticated call (UsernameToken) that must succeed; returns the reply."""
        resp, reply = call(self.address, path, body,
                           token_header(self.username, self.password, offset_s))
        assert resp.status_code == 200, resp.text[:600]
        return reply

    def refused(self, path, body, header="", status=400):
        """A call that must come back as a SOAP fault; returns its code names."""
        resp, reply = call(self.address, path, body, header)
        assert resp.status_code == status, resp.text[:600]
        return fault_codes(reply)


@pytest.fixture(params=CAMERAS)
def cam(request, fresh_fleet):
    return Cam(fresh_fleet, request.param)


@pytest.fixture
def onvif_cam(fresh_fleet):
    return Cam(fresh_fleet, camera_of("onvif"))


# -- time and authentication --------------------------------------------------------

def camera_utc(reply):
    utc = first(reply, "tt:UTCDateTime")
    t = [int(first(utc, "tt:Time/tt:" + n).text) for n in ("Hour", "Minute", "Second")]
    d = [int(first(utc, "tt:Date/tt:" + n).text) for n in ("Year", "Month", "Day")]
    return datetime.datetime(*d, *t, tzinfo=datetime.timezone.utc)


def clock_offset(cam):
    """Camera clock minus local clock, from the PRE_AUTH GetSystemDateAndTime."""
    resp, reply = call(cam.address, DEVICE, "<tds:GetSystemDateAndTime/>")
    assert resp.status_code == 200
    return (camera_utc(reply) - datetime.datetime.now(datetime.timezone.utc)).total_seconds()


def test_system_date_and_time_needs_no_credentials(cam):
    assert abs(clock_offset(cam)) < 5


def test_device_information_without_credentials_is_a_digest_challenge(cam):
    resp, _ = call(cam.address, DEVICE, "<tds:GetDeviceInformation/>")
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"].startswith("Digest ")


def test_device_information_with_http_digest(cam):
    resp, reply = call(cam.address, DEVICE, "<tds:GetDeviceInformation/>", auth=cam.digest())
    assert resp.status_code == 200
    identity = cam.state()["identity"]
    assert first(reply, "tds:Manufacturer").text == identity["manufacturer"]
    assert first(reply, "tds:SerialNumber").text == identity["serial"]


def test_device_information_with_username_token(cam):
    reply = cam.op(DEVICE, "<tds:GetDeviceInformation/>")
    assert first(reply, "tds:Model").text == cam.state()["identity"]["model"]


def test_wrong_password_is_not_authorized_and_counted_once(cam):
    before = cam.failed_logins()
    codes = cam.refused(DEVICE, "<tds:GetDeviceInformation/>",
                        token_header(cam.username, cam.password + "x"))
    assert codes == ["Sender", "NotAuthorized"]
    assert cam.failed_logins() == before + 1


def test_replayed_nonce_is_refused(onvif_cam):
    header = token_header(onvif_cam.username, onvif_cam.password)
    resp, _ = call(onvif_cam.address, DEVICE, "<tds:GetDeviceInformation/>", header)
    assert resp.status_code == 200
    before = onvif_cam.failed_logins()
    codes = onvif_cam.refused(DEVICE, "<tds:GetDeviceInformation/>", header)
    assert codes == ["Sender", "NotAuthorized"]
    assert onvif_cam.failed_logins() == before  # a replay is not a password guess


@pytest.mark.parametrize("offset_s", [-600, 600])
def test_created_ten_minutes_off_is_refused(onvif_cam, offset_s):
    header = token_header(onvif_cam.username, onvif_cam.password, offset_s)
    assert onvif_cam.refused(DEVICE, "<tds:GetDeviceInformation/>", header) == \
        ["Sender", "NotAuthorized"]


def test_token_without_nonce_is_refused(onvif_cam):
    header = token_header(onvif_cam.username, onvif_cam.password,
                          parts=("Username", "Password", "Created"))
    data = envelope("<tds:GetDeviceInformation/>", header)
    with pytest.raises(AssertionError, match="Nonce"):
        validate_soap(data)  # the checker catches a client that forgets the nonce...
    resp, reply = call(onvif_cam.address, DEVICE, "<tds:GetDeviceInformation/>", header,
                       check_request=False)
    assert resp.status_code == 400  # ...and so does the camera
    assert fault_codes(reply) == ["Sender", "NotAuthorized"]


def test_clock_skew_needs_the_offset_from_the_camera(fresh_fleet):
    cam = Cam(fresh_fleet, camera_of("axis"))
    fresh_fleet.control.faults(cam.id, clock_skew_s=3600)
    assert cam.refused(DEVICE, "<tds:GetDeviceInformation/>",
                       token_header(cam.username, cam.password)) == ["Sender", "NotAuthorized"]
    offset = clock_offset(cam)
    assert abs(offset - 3600) < 5
    cam.op(DEVICE, "<tds:GetDeviceInformation/>", offset_s=offset)


def test_locked_account_is_not_authorized_even_with_the_right_password(onvif_cam):
    onvif_cam.emu.control.faults(onvif_cam.id, lockout_after=1)
    onvif_cam.refused(DEVICE, "<tds:GetDeviceInformation/>",
                      token_header(onvif_cam.username, "wrong"))
    codes = onvif_cam.refused(DEVICE, "<tds:GetDeviceInformation/>",
                              token_header(onvif_cam.username, onvif_cam.password))
    assert codes == ["Sender", "NotAuthorized"]


# -- protocol edges -------------------------------------------------------------------

def test_unknown_operation_is_action_not_supported(onvif_cam):
    resp, reply = call(onvif_cam.address, DEVICE, "<tds:GetDNS/>",
                       token_header(onvif_cam.username, onvif_cam.password))
    assert resp.status_code == 500
    assert fault_codes(reply) == ["Receiver", "ActionNotSupported"]


def test_a_media2_operation_at_the_device_path_is_not_supported(onvif_cam):
    resp, reply = call(onvif_cam.address, DEVICE, "<tr2:GetMasks/>",
                       token_header(onvif_cam.username, onvif_cam.password))
    assert fault_codes(reply) == ["Receiver", "ActionNotSupported"]


def test_only_post_and_only_onvif_paths(onvif_cam):
    get = SESSION.get("http://%s%s" % (onvif_cam.address, DEVICE), timeout=10)
    assert get.status_code == 405
    other = post(onvif_cam.address, "/onvif/no_such_service", envelope("<tds:GetUsers/>"))
    assert other.status_code == 404  # not ONVIF's: falls through to the 404


def test_entity_expansion_is_refused_as_not_well_formed(onvif_cam):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "aaaa">]>'
            b'<env:Envelope xmlns:env="%s"><env:Body>&a;</env:Body></env:Envelope>'
            % NS["env"].encode())
    resp = post(onvif_cam.address, DEVICE, bomb)
    assert resp.status_code == 400
    assert fault_codes(validate_soap(resp.content)) == ["Sender", "WellFormed"]


def test_services_point_at_device_and_media2(cam):
    resp, reply = call(cam.address, DEVICE,
                       "<tds:GetServices><tds:IncludeCapability>true</tds:IncludeCapability>"
                       "</tds:GetServices>")
    assert resp.status_code == 200  # PRE_AUTH
    xaddrs = {s.findtext("tds:Namespace", namespaces=NS): s.findtext("tds:XAddr", namespaces=NS)
              for s in reply.iterfind(".//tds:Service", NS)}
    assert xaddrs == {NS["tds"]: "http://%s%s" % (cam.address, DEVICE),
                      "http://www.onvif.org/ver10/media/wsdl":
                          "http://%s/onvif/media_service" % cam.address,
                      NS["tr2"]: "http://%s%s" % (cam.address, MEDIA2)}
    assert first(reply, "tr2:Capabilities").get("Mask") == "true"


def test_capabilities_without_credentials(onvif_cam):
    resp, reply = call(onvif_cam.address, DEVICE,
                       "<tds:GetCapabilities><tds:Category>All</tds:Category></tds:GetCapabilities>")
    assert resp.status_code == 200
    assert first(reply, "tt:Device/tt:XAddr").text.endswith(DEVICE)


def test_device_service_capabilities(onvif_cam):
    reply = onvif_cam.op(DEVICE, "<tds:GetServiceCapabilities/>")
    security = first(reply, "tds:Security")
    assert security.get("UsernameToken") == "true" and security.get("HttpDigest") == "true"


# -- settings -----------------------------------------------------------------------

def discovery_mode(cam):
    return first(cam.op(DEVICE, "<tds:GetDiscoveryMode/>"), "tds:DiscoveryMode").text


def set_discovery_mode(cam, mode):
    cam.op(DEVICE, "<tds:SetDiscoveryMode><tds:DiscoveryMode>%s</tds:DiscoveryMode>"
                   "</tds:SetDiscoveryMode>" % mode)


def test_discovery_mode_round_trip(cam):
    assert discovery_mode(cam) == "Discoverable"
    set_discovery_mode(cam, "NonDiscoverable")
    assert cam.state()["discovery"]["ws_discovery"] is False
    assert discovery_mode(cam) == "NonDiscoverable"
    set_discovery_mode(cam, "Discoverable")
    assert cam.state()["discovery"]["ws_discovery"] is True


def test_nonsticky_discovery_mode_answers_ok_but_does_not_change(onvif_cam):
    onvif_cam.emu.control.faults(onvif_cam.id, nonsticky=["discovery.ws_discovery"])
    set_discovery_mode(onvif_cam, "NonDiscoverable")  # answers 200, like a real device
    assert discovery_mode(onvif_cam) == "Discoverable"
    assert onvif_cam.state()["discovery"]["ws_discovery"] is True


def network_protocols(cam):
    reply = cam.op(DEVICE, "<tds:GetNetworkProtocols/>")
    return {p.findtext("tt:Name", namespaces=NS): (p.findtext("tt:Enabled", namespaces=NS),
                                                   int(p.findtext("tt:Port", namespaces=NS)))
            for p in reply.iterfind(".//tds:NetworkProtocols", NS)}


def test_network_protocols_round_trip(cam):
    assert network_protocols(cam) == {"HTTP": ("true", 80), "HTTPS": ("true", 443),
                                      "RTSP": ("true", 554)}
    cam.op(DEVICE, "<tds:SetNetworkProtocols><tds:NetworkProtocols><tt:Name>RTSP</tt:Name>"
                   "<tt:Enabled>false</tt:Enabled><tt:Port>8554</tt:Port>"
                   "</tds:NetworkProtocols></tds:SetNetworkProtocols>")
    assert network_protocols(cam)["RTSP"] == ("false", 8554)
    assert cam.state()["network"]["rtsp"] == {"enabled": False, "port": 8554}
    assert cam.state()["network"]["http"]["enabled"] is True  # untouched


def test_users_never_carry_a_password(cam):
    reply = cam.op(DEVICE, "<tds:GetUsers/>")
    users = reply.findall(".//tds:User", NS)
    assert [u.findtext("tt:Username", namespaces=NS) for u in users] == [cam.username]
    assert reply.find(".//tt:Password", NS) is None
    assert cam.password.encode() not in ET.tostring(reply)


def test_ntp_reflects_the_time_settings(onvif_cam):
    onvif_cam.emu.control.drift(onvif_cam.id, {"time.from_dhcp": False,
                                               "time.ntp_servers": ["192.0.2.5", "ntp.example"]})
    reply = onvif_cam.op(DEVICE, "<tds:GetNTP/>")
    assert first(reply, "tt:FromDHCP").text == "false"
    hosts = [(h.findtext("tt:Type", namespaces=NS), h.findtext("tt:IPv4Address", namespaces=NS)
              or h.findtext("tt:DNSname", namespaces=NS))
             for h in reply.iterfind(".//tt:NTPManual", NS)]
    assert hosts == [("IPv4", "192.0.2.5"), ("DNS", "ntp.example")]


# -- privacy masks (Media2) ----------------------------------------------------------

def video_source_token(cam):
    reply = cam.op(MEDIA2, "<tr2:GetVideoSourceConfigurations/>")
    return first(reply, "tr2:Configurations").get("token")


def mask_xml(element, source, points, token=None, mask_type="Color", colour=(0, 128, 128),
             enabled=True):
    token_attr = ' token="%s"' % token if token else ""
    polygon = "".join('<tt:Point x="%s" y="%s"/>' % p for p in points)
    colour_xml = '<tr2:Color X="%s" Y="%s" Z="%s"/>' % colour if colour else ""
    return ("<tr2:%s%s><tr2:ConfigurationToken>%s</tr2:ConfigurationToken>"
            "<tr2:Polygon>%s</tr2:Polygon><tr2:Type>%s</tr2:Type>%s"
            "<tr2:Enabled>%s</tr2:Enabled></tr2:%s>"
            % (element, token_attr, source, polygon, mask_type, colour_xml,
               "true" if enabled else "false", element))


def create_mask(cam, source, points, **kw):
    reply = cam.op(MEDIA2, "<tr2:CreateMask>%s</tr2:CreateMask>"
                   % mask_xml("Mask", source, points, **kw))
    return first(reply, "tr2:Token").text


def get_masks(cam, selector=""):
    reply = cam.op(MEDIA2, "<tr2:GetMasks>%s</tr2:GetMasks>" % selector)
    return reply.findall(".//tr2:Masks", NS)


def points_of(mask):
    return [(float(p.get("x")), float(p.get("y"))) for p in mask.iterfind(".//tt:Point", NS)]


SQUARE = [(-0.5, 0.5), (0.5, 0.5), (0.5, -0.5), (-0.5, -0.5)]


def test_media2_announces_masks(cam):
    caps = first(cam.op(MEDIA2, "<tr2:GetServiceCapabilities/>"), "tr2:Capabilities")
    assert caps.get("Mask") == "true" and caps.get("SourceMask") == "false"


def test_mask_options_follow_the_limits(cam):
    source = video_source_token(cam)
    reply = cam.op(MEDIA2, "<tr2:GetMaskOptions><tr2:ConfigurationToken>%s"
                           "</tr2:ConfigurationToken></tr2:GetMaskOptions>" % source)
    limits = cam.state()["mask_limits"]
    assert int(first(reply, "tr2:MaxMasks").text) == limits["max_masks"]
    assert int(first(reply, "tr2:MaxPoints").text) == limits["max_points"]
    assert [t.text for t in reply.iterfind(".//tr2:Types", NS)] == limits["mask_types"]
    assert reply.findall(".//tt:ColorList", NS)


def test_mask_create_read_update_delete(cam):
    source = video_source_token(cam)
    token = create_mask(cam, source, SQUARE, token="ignored-by-the-device")
    assert token.startswith("Mask_")
    (record,) = cam.state()["privacy_masks"]
    assert record["token"] == record["name"] == token
    assert record["video_source"] == source and record["color"] == "black"
    # y points up in ONVIF: the top-left corner (-0.5, 0.5) is 0.25 from the top.
    assert record["polygon"][0] == [0.25, 0.25]

    (mask,) = get_masks(cam, "<tr2:Token>%s</tr2:Token>" % token)
    assert points_of(mask) == SQUARE and mask.get("token") == token
    assert len(get_masks(cam, "<tr2:ConfigurationToken>%s</tr2:ConfigurationToken>" % source)) == 1

    white = (255, 128, 128)
    cam.op(MEDIA2, "<tr2:SetMask>%s</tr2:SetMask>" % mask_xml(
        "Mask", source, SQUARE[:3], token=token, colour=white, enabled=False))
    (record,) = cam.state()["privacy_masks"]
    assert (len(record["polygon"]), record["color"], record["enabled"]) == (3, "white", False)

    cam.op(MEDIA2, "<tr2:DeleteMask><tr2:Token>%s</tr2:Token></tr2:DeleteMask>" % token)
    assert cam.state()["privacy_masks"] == [] and get_masks(cam) == []


def test_mask_points_are_quantised_to_the_device_grid(onvif_cam):
    source = video_source_token(onvif_cam)
    written = [(0.12345, -0.67891), (0.9, 0.3333), (-0.40004, 0.77777)]
    token = create_mask(onvif_cam, source, written)
    (mask,) = get_masks(onvif_cam, "<tr2:Token>%s</tr2:Token>" % token)
    for (x, y), (rx, ry) in zip(written, points_of(mask)):
        assert abs(x - rx) <= ONVIF_STEP and abs(y - ry) <= ONVIF_STEP
    assert points_of(mask) != written  # rounded, as real devices do


def test_mask_limit_is_a_max_masks_fault(fresh_fleet):
    cam = Cam(fresh_fleet, camera_of("hikvision"))  # Hikvision: the fewest masks
    source = video_source_token(cam)
    limit = cam.state()["mask_limits"]["max_masks"]
    tokens = {create_mask(cam, source, SQUARE) for _ in range(limit)}
    assert len(tokens) == limit
    one_more = "<tr2:CreateMask>%s</tr2:CreateMask>" % mask_xml("Mask", source, SQUARE)
    codes = cam.refused(MEDIA2, one_more, token_header(cam.username, cam.password), status=500)
    assert codes[0] == "Receiver" and codes[-1] == "MaxMasks"
    assert len(cam.state()["privacy_masks"]) == limit


@pytest.mark.parametrize("points", [SQUARE[:2], SQUARE + [(0.0, 0.9)] * 10])
def test_mask_point_count_outside_the_options_is_invalid(onvif_cam, points):
    source = video_source_token(onvif_cam)
    body = "<tr2:CreateMask>%s</tr2:CreateMask>" % mask_xml("Mask", source, points)
    header = token_header(onvif_cam.username, onvif_cam.password)
    if len(points) < 3:
        with pytest.raises(AssertionError, match="Point"):
            validate_soap(envelope(body, header))  # tt:Polygon itself wants 3 points
        resp, reply = call(onvif_cam.address, MEDIA2, body, header, check_request=False)
        assert resp.status_code == 400
        codes = fault_codes(reply)
    else:
        codes = onvif_cam.refused(MEDIA2, body, header)
    assert codes[:2] == ["Sender", "InvalidArgVal"]
    assert onvif_cam.state()["privacy_masks"] == []


def test_deleting_an_unknown_mask_is_no_config(onvif_cam):
    codes = onvif_cam.refused(MEDIA2, "<tr2:DeleteMask><tr2:Token>Mask_99</tr2:Token>"
                                      "</tr2:DeleteMask>",
                              token_header(onvif_cam.username, onvif_cam.password))
    assert codes == ["Sender", "InvalidArgVal", "NoConfig"]


def test_nonsticky_masks_answer_ok_but_do_not_appear(onvif_cam):
    onvif_cam.emu.control.faults(onvif_cam.id, nonsticky=["privacy_masks"])
    token = create_mask(onvif_cam, video_source_token(onvif_cam), SQUARE)
    assert token.startswith("Mask_")
    assert get_masks(onvif_cam) == []
