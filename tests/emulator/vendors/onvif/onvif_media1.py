"""ONVIF Media service, version 1 (trt, http://www.onvif.org/ver10/media/wsdl): media
profiles and their stream and snapshot URIs, for clients of devices that predate Media2
(and for every device, since Media2 devices keep Media1 too).

The answers come from the same place as Media2's (media.py: the firmware profile's
"media" key), so both services name the same URIs. shared/onvif-specs has no Media1
WSDL; the replies are built from the tt: types of onvif.xsd (tt:Profile, tt:MediaUri,
tt:VideoSourceConfiguration), which is what tests validate them against.

The trt prefix is declared on each reply element itself, so the shared envelope
(onvif_soap.envelope) needs no Media1 entry.
"""

from ... import media
from . import onvif_media2
from . import onvif_soap as soap
from .onvif_soap import TT, el

TRT = "http://www.onvif.org/ver10/media/wsdl"
MEDIA1 = soap.Service(TRT)
NS_ATTR = {"xmlns:trt": TRT}
# tt:StreamType and tt:TransportProtocol values served: an RTSP server, unicast.
STREAM_TYPES = {"RTP-Unicast"}
TRANSPORTS = {"UDP", "TCP", "RTSP", "HTTP"}


def reply_el(name, *content):
    return el(name, *content, attrs=NS_ATTR)


def service_capabilities(cam):
    """The trt:Capabilities element (also carried by the device's GetServices)."""
    return el("trt:Capabilities",
              el("trt:ProfileCapabilities",
                 attrs={"MaximumNumberOfProfiles": len(media.tokens(cam))}),
              el("trt:StreamingCapabilities",
                 attrs={"RTPMulticast": False, "RTP_TCP": False, "RTP_RTSP_TCP": True,
                        "NonAggregateControl": False,
                        "NoRTSPStreaming": not cam.get("network.rtsp.enabled")}),
              attrs={"SnapshotUri": not cam.lacks("onvif:GetSnapshotUri"), "Rotation": False,
                     "VideoSourceMode": False, "OSD": False, "xmlns:trt": TRT})


def profile_xml(cam, token, element):
    sources = onvif_media2.video_sources(cam)
    return el(element,
              el("tt:Name", token),
              onvif_media2.video_source_xml(cam, sources[0], "tt:VideoSourceConfiguration")
              if sources else None,
              attrs={"token": token, "fixed": True})


def media_uri(uri):
    """A tt:MediaUri: a stable URI (valid across connections and reboots, no timeout)."""
    return el("trt:MediaUri",
              el("tt:Uri", uri),
              el("tt:InvalidAfterConnect", False),
              el("tt:InvalidAfterReboot", False),
              el("tt:Timeout", "PT0S"))


def profile_token(cam, call):
    return onvif_media2.require_profile(cam, soap.child_text(call, TRT, "ProfileToken"))


@MEDIA1.operation("GetServiceCapabilities")
def get_service_capabilities(req, call):
    return reply_el("trt:GetServiceCapabilitiesResponse", service_capabilities(req.camera))


@MEDIA1.operation("GetProfiles")
def get_profiles(req, call):
    cam = req.camera
    return reply_el("trt:GetProfilesResponse",
                    *[profile_xml(cam, t, "trt:Profiles") for t in media.tokens(cam)])


@MEDIA1.operation("GetProfile")
def get_profile(req, call):
    cam = req.camera
    return reply_el("trt:GetProfileResponse",
                    profile_xml(cam, profile_token(cam, call), "trt:Profile"))


@MEDIA1.operation("GetVideoSourceConfigurations")
def get_video_source_configurations(req, call):
    cam = req.camera
    return reply_el("trt:GetVideoSourceConfigurationsResponse", *[
        onvif_media2.video_source_xml(cam, vs, "trt:Configurations")
        for vs in onvif_media2.video_sources(cam)])


@MEDIA1.operation("GetStreamUri")
def get_stream_uri(req, call):
    cam = req.camera
    setup = soap.child(call, TRT, "StreamSetup")
    stream = soap.child_text(setup, TT, "Stream") if setup is not None else None
    transport = soap.child(setup, TT, "Transport") if setup is not None else None
    protocol = soap.child_text(transport, TT, "Protocol") if transport is not None else None
    token = profile_token(cam, call)
    if stream not in STREAM_TYPES or protocol not in TRANSPORTS:
        raise soap.invalid_arg("stream setup %s over %s is not served" % (stream, protocol),
                               "ter:InvalidStreamSetup")
    return reply_el("trt:GetStreamUriResponse", media_uri(media.stream_uri(cam, token)))


@MEDIA1.operation("GetSnapshotUri")
def get_snapshot_uri(req, call):
    cam = req.camera
    token = profile_token(cam, call)
    return reply_el("trt:GetSnapshotUriResponse", media_uri(media.snapshot_uri(cam, token, req)))
