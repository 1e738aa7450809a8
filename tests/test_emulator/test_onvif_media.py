"""ONVIF Media2 and Media1 of the emulator, per firmware profile: GetProfiles, GetStreamUri
and GetSnapshotUri answer as a real device must (schema-valid; Media2 configurations only
of the Types asked for; unknown tokens are ter:NoProfile), name the URIs of the profile's
media settings, and those URIs really serve (RTSP DESCRIBE, HTTP GET), on their own ports.

Media1 has no WSDL in shared/onvif-specs: its reply wrappers (trt:GetProfilesResponse holds
trt:Profiles of tt:Profile; GetStreamUri/GetSnapshotUri hold trt:MediaUri of tt:MediaUri)
are checked here, and their content against those tt: types of onvif.xsd.
"""

import socket
import urllib.parse

import pytest
import requests

from tests import onvif_schema
from tests.emulator.client import EmulatorProcess
from tests.test_emulator.test_onvif import Cam, NS, call, envelope, first, post, token_header

TRT = "http://www.onvif.org/ver10/media/wsdl"
TT = "http://www.onvif.org/ver10/schema"
MEDIA1, MEDIA2 = "/onvif/media_service", "/onvif/media2_service"
NAMES = ["onvif-reference", "onvif-nonstandard-media", "bosch-flexidome-5100i-8.71",
         "tapo-c200-1.3", "axis-os11", "hikvision-v5.7"]
pytestmark = pytest.mark.usefixtures("onvif_schemas")


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    with EmulatorProcess(tmp_path_factory.mktemp("media"), cameras=len(NAMES), profiles=NAMES) as emu:
        emu.cameras = {c["id"]: c for c in emu.control.cameras()}
        yield emu


@pytest.fixture(params=NAMES)
def cam(request, fleet):
    (cam_id,) = [c for c, v in fleet.cameras.items() if v["profile"] == request.param]
    cam = Cam(fleet, cam_id)
    cam.profile = request.param
    return cam


def media1(cam, body):
    """A Media1 call (trt declared in the body); the reply's trt element, its tt: content
    checked against onvif.xsd."""
    data = envelope('<trt:%s xmlns:trt="%s"' % (body[0], TRT) + body[1],
                    token_header(cam.username, cam.password))
    resp = post(cam.address, MEDIA1, data)
    root = onvif_schema._parse(resp.content)[0]
    reply = root.find("{%s}Body" % onvif_schema.ENV)[0]
    return resp, reply


def check_type(element, tt_type):
    schema = onvif_schema.load_wsdl(onvif_schema.TDS).schema
    xsd_type = schema.maps.types["{%s}%s" % (TT, tt_type)]
    errors = list(schema.maps.types["{%s}%s" % (TT, tt_type)].content.iter_errors(element)) \
        if hasattr(xsd_type, "content") else []
    assert not errors, (tt_type, errors[:2])
    # Content beyond the sequence is caught above; the required attributes here:
    for attribute in getattr(xsd_type, "attributes", {}).values():
        if getattr(attribute, "use", "") == "required":
            assert element.get(attribute.name) is not None, (tt_type, attribute.name)


def media2_profiles(cam, types=""):
    resp, reply = call(cam.address, MEDIA2, "<tr2:GetProfiles>%s</tr2:GetProfiles>" % types,
                       token_header(cam.username, cam.password))
    assert resp.status_code == 200, resp.text[:400]
    return reply.findall(".//tr2:Profiles", NS)


def describe(address, uri):
    parts = urllib.parse.urlsplit(uri)
    with socket.create_connection((address, parts.port or 554), timeout=5) as s:
        s.sendall(("DESCRIBE %s RTSP/1.0\r\nCSeq: 1\r\n\r\n" % uri).encode())
        return s.recv(4096).decode("latin-1").split(" ")[1]


def local(uri, address):
    """The URI at the camera's address: the host part is not for the client to trust."""
    parts = urllib.parse.urlsplit(uri)
    host = address + (":%d" % parts.port if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


def test_media1_profiles_and_uris(cam, fleet):
    resp, reply = media1(cam, ("GetProfiles", "/>"))
    assert resp.status_code == 200 and reply.tag == "{%s}GetProfilesResponse" % TRT
    profiles = reply.findall("{%s}Profiles" % TRT)
    assert profiles
    for profile in profiles:
        check_type(profile, "Profile")
    token = profiles[0].get("token")
    resp, reply = media1(cam, ("GetStreamUri", "><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream>"
                               "<tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport>"
                               "</trt:StreamSetup><trt:ProfileToken>%s</trt:ProfileToken>"
                               "</trt:GetStreamUri>" % token))
    assert resp.status_code == 200, resp.text[:400]
    uri = reply.find("{%s}MediaUri" % TRT)
    check_type(uri, "MediaUri")
    stream = uri.findtext("{%s}Uri" % TT)
    # Axis and Hikvision ship with anonymous viewing on; an ONVIF camera has no Anonymous user.
    open_stream = fleet.cameras[cam.id]["vendor"] in ("axis", "hikvision")
    assert describe(cam.address, local(stream, cam.address)) == ("200" if open_stream else "401")
    resp, reply = media1(cam, ("GetSnapshotUri", "><trt:ProfileToken>%s</trt:ProfileToken>"
                               "</trt:GetSnapshotUri>" % token))
    if cam.profile == "tapo-c200-1.3":
        assert resp.status_code == 500 and b"ActionNotSupported" in resp.content
        return
    snapshot = reply.find("{%s}MediaUri" % TRT)
    check_type(snapshot, "MediaUri")
    url = local(snapshot.findtext("{%s}Uri" % TT), cam.address)
    got = requests.get(url, verify=False, timeout=5)
    assert got.status_code in (200, 401), url  # there, behind a login or not
    if cam.profile == "onvif-nonstandard-media":
        assert stream.startswith("rtsp://%s:10554/rtsp_tunnel?p=0&" % cam.address)
        assert url == "http://%s:8100/onvif-http/snapshot?Profile_1" % cam.address


def test_media2_where_the_firmware_has_it(cam, fleet):
    if cam.profile in ("onvif-nonstandard-media", "tapo-c200-1.3"):
        resp = post(cam.address, MEDIA2, envelope("<tr2:GetProfiles/>"))
        assert resp.status_code == 404  # Media1-only firmware: no Media2 service at all
        return
    bare = media2_profiles(cam)
    assert bare and all(p.find("tr2:Configurations", NS) is None for p in bare)
    full = media2_profiles(cam, "<tr2:Type>All</tr2:Type>")
    assert [p.get("token") for p in full] == [p.get("token") for p in bare]
    assert all(p.find("tr2:Configurations/tr2:VideoSource", NS) is not None for p in full)
    token = bare[-1].get("token")
    for body in ("<tr2:GetStreamUri><tr2:Protocol>RtspUnicast</tr2:Protocol><tr2:ProfileToken>%s"
                 "</tr2:ProfileToken></tr2:GetStreamUri>" % token,
                 "<tr2:GetSnapshotUri><tr2:ProfileToken>%s</tr2:ProfileToken></tr2:GetSnapshotUri>"
                 % token):
        resp, reply = call(cam.address, MEDIA2, body, token_header(cam.username, cam.password))
        assert resp.status_code == 200, resp.text[:400]
        assert first(reply, "tr2:Uri").text
    resp, reply = call(cam.address, MEDIA2, "<tr2:GetSnapshotUri><tr2:ProfileToken>nope"
                       "</tr2:ProfileToken></tr2:GetSnapshotUri>",
                       token_header(cam.username, cam.password))
    assert onvif_schema.fault_codes(reply)[1:] == ["InvalidArgVal", "NoProfile"]


def test_media_services_are_announced(cam, fleet):
    resp, reply = call(cam.address, "/onvif/device_service",
                       "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability>"
                       "</tds:GetServices>")
    namespaces = [n.text for n in reply.findall(".//tds:Namespace", NS)]
    assert TRT in namespaces
    assert (NS["tr2"] in namespaces) == (cam.profile not in ("onvif-nonstandard-media", "tapo-c200-1.3"))
    resp, reply = call(cam.address, "/onvif/device_service",
                       "<tds:GetCapabilities><tds:Category>Media</tds:Category></tds:GetCapabilities>")
    assert resp.status_code == 200
    assert first(reply, "tt:Media/tt:XAddr").text.endswith(MEDIA1)
