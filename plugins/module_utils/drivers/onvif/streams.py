# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The areas `streaming` (5.5.2) and `wireless` (5.3.3) of an ONVIF camera.

Streaming: plain RTSP is the RTSP entry of GetNetworkProtocols (tt:NetworkProtocolType
HTTP, HTTPS, RTSP); RTSPS is Media2's: GetServiceCapabilities StreamingCapabilities
SecureRTSPStreaming says the camera can ("live media streaming via RTSPS and SRTP",
media.wsdl), and GetStreamUri with Protocol RtspsUnicast answering a URI says it serves it
now (an InvalidStreamSetup fault: it does not). SRTP comes only inside RTSPS in ONVIF, so
it is reported with RTSPS. Media1 has no secure stream setup.

Wireless: GetNetworkInterfaces; an interface whose Extension/InterfaceType is 71
(IANA ieee80211) or that carries a Dot11 configuration is a radio; its Dot11 Security
Mode (None, WEP, PSK, Dot1X, Extended) and Algorithm (CCMP, TKIP, Any) say the security:
CCMP is WPA2 (RSN), TKIP is WPA, Any accepts both. WPA3 has no value of its own
(Extended), so it cannot be told apart; ONVIF has no WPS setting at all.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import DeviceFault, UnsupportedCall
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.soap import el

NO_MEDIA2 = ("the camera offers no ONVIF Media2 service: Media1's stream setup has no RTSPS "
             "transport, so ONVIF cannot say whether encrypted streaming is offered")
SRTP_WITH_RTSPS = ("ONVIF offers SRTP only together with RTSPS (Media2 RtspsUnicast): "
                   "reported as rtsps")
NO_WPS = "ONVIF's Dot11 configuration has no WPS setting: whether WPS is on cannot be read"
IFTYPE_80211 = "71"
# (Security/Mode, Security/Algorithm) -> the area's security; None: cannot tell.
DOT11_SECURITY = {("None", None): "none", ("WEP", None): "wep", ("PSK", "TKIP"): "wpa",
                  ("PSK", "CCMP"): "wpa2", ("PSK", "Any"): "wpa_wpa2",
                  ("Dot1X", "TKIP"): "wpa", ("Dot1X", "CCMP"): "wpa2", ("Dot1X", "Any"): "wpa_wpa2"}


def _lacks(exc):
    return "%s: %s" % (exc.call, exc.cause)


class OnvifStreams(object):
    """Streaming and wireless of one camera, asked through its Onvif helper."""

    def __init__(self, onvif):
        self.onvif = onvif  # the Onvif helper (helper.py): call() is its client's
        self.camera = onvif.camera

    def read_streaming(self):
        out, unsupported = {}, {}
        try:
            found = self.onvif.read_network_protocols()
        except UnsupportedCall as exc:  # GetNetworkProtocols is optional in Core
            unsupported["rtsp"] = _lacks(exc)
        else:
            if "RTSP" in found:
                out["rtsp"] = found["RTSP"]["enabled"]
                if found["RTSP"]["ports"]:
                    out["rtsp_port"] = found["RTSP"]["ports"][0]
            else:
                unsupported["rtsp"] = "the camera's GetNetworkProtocols does not list RTSP"
        self._read_rtsps(out, unsupported)
        unsupported["srtp"] = SRTP_WITH_RTSPS
        out["unsupported"] = unsupported
        return out

    def _read_rtsps(self, out, unsupported):
        if not self.onvif.has_service("media2"):
            unsupported["rtsps"] = NO_MEDIA2
            return
        try:
            caps = self.onvif.call("media2", "GetServiceCapabilities", el("tr2:GetServiceCapabilities"))
        except UnsupportedCall as exc:
            unsupported["rtsps"] = _lacks(exc)
            return
        streaming = xmltools.find(caps, "Capabilities/StreamingCapabilities")
        secure = streaming.get("SecureRTSPStreaming") if streaming is not None else None
        if not xmltools.as_bool(secure):
            unsupported["rtsps"] = ("ONVIF Media2 GetServiceCapabilities: the camera %s" % (
                "says SecureRTSPStreaming=%s: it cannot stream over RTSPS and SRTP" % secure
                if secure is not None else "does not say SecureRTSPStreaming (RTSPS and SRTP)"))
            return
        profiles = xmltools.children(self.onvif.call("media2", "GetProfiles", el("tr2:GetProfiles")),
                                     "Profiles")
        token = profiles[0].get("token") if profiles else None
        if not token:
            unsupported["rtsps"] = "ONVIF Media2 GetProfiles lists no media profile to stream"
            return
        body = el("tr2:GetStreamUri", children=[el("tr2:Protocol", "RtspsUnicast"),
                                                el("tr2:ProfileToken", token)])
        try:
            uri = xmltools.text(self.onvif.call("media2", "GetStreamUri", body), "Uri")
        except UnsupportedCall as exc:
            unsupported["rtsps"] = _lacks(exc)
            return
        except DeviceFault as exc:
            # InvalidStreamSetup: the camera can, but does not serve RTSPS now.
            out["rtsps"] = False
            out["_rtsps_refusal"] = "%s: %s" % (exc.call, exc.cause)
            return
        out["rtsps"] = True
        port = _port_of(uri)
        if port:
            out["rtsps_port"] = port

    def read_wireless(self):
        resp = self.onvif.call("device", "GetNetworkInterfaces")
        radios = []
        for iface in xmltools.children(resp, "NetworkInterfaces"):
            dot11 = xmltools.find(iface, "Extension/Dot11")
            if xmltools.text(iface, "Extension/InterfaceType") != IFTYPE_80211 and dot11 is None:
                continue
            mode = xmltools.text(dot11, "Security/Mode") if dot11 is not None else None
            algorithm = xmltools.text(dot11, "Security/Algorithm") if dot11 is not None else None
            radios.append({
                "id": iface.get("token"),
                "enabled": xmltools.as_bool(xmltools.text(iface, "Enabled", "false")),
                "security": DOT11_SECURITY.get((mode, algorithm if mode in ("PSK", "Dot1X") else None)),
                "security_raw": "Dot11 Security Mode %s%s" % (
                    mode, " Algorithm %s" % algorithm if algorithm else "")
                if mode else "no Dot11 configuration",
                "wps": None})
        unsupported = {"wps": NO_WPS} if radios else {}
        return {"interfaces": radios, "unsupported": unsupported}


def _port_of(uri):
    """The port an rtsps:// URI names (322 when it names none, IANA's rtsps port)."""
    rest = (uri or "").split("://", 1)[-1].split("/", 1)[0]
    if ":" in rest and rest.rsplit(":", 1)[1].isdigit():
        return int(rest.rsplit(":", 1)[1])
    return 322 if uri else None
