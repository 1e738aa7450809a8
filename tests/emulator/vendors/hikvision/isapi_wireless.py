"""Hikvision ISAPI: the network interfaces and the Wi-Fi radio (5.3.3), over the
emulator's `wireless` state.

GET /ISAPI/System/Network/interfaces lists <NetworkInterface><id>: 1 is the wired port,
2 the radio where the model has one (`wireless.present`, also said by
/ISAPI/System/Network/capabilities <isSupportWireless>, isapi_device.py).
GET /ISAPI/System/Network/interfaces/<id>/wireless gives <Wireless><enabled>,
<wirelessNetworkMode>, <ssid>, <WirelessSecurity><securityMode>; GET .../<id>/WPS gives
<WPS><enable>. An interface without a radio answers notSupport, as for a resource the
firmware lacks. Resource names and the securityMode values (disable, WEP, WPA-personal,
WPA2-personal) follow Hikvision's ISAPI developer guide as commonly quoted [INF: no
recording of a Hikvision Wi-Fi camera was available: profiles/streams-wireless.md];
`WPA3-personal` and the mixed mode are inferred [INF]. Read-only here.
"""

import re

from . import isapi_xml

INTERFACES = "/ISAPI/System/Network/interfaces"
WIRED, RADIO = "1", "2"
# Vendor-neutral security (state.py) -> <securityMode>.
MODES = {"none": "disable", "wep": "WEP", "wpa": "WPA-personal", "wpa2": "WPA2-personal",
         "wpa3": "WPA3-personal", "wpa_wpa2": "WPA/WPA2-personal"}


def _wireless(cam):
    return cam.get("wireless") or {}


def _radio(cam, iface):
    if iface != RADIO or not _wireless(cam).get("present"):
        raise isapi_xml.InvalidOperation("notSupport")
    return _wireless(cam)


def interfaces_get(req):
    cam = req.camera
    ids = [WIRED] + ([RADIO] if _wireless(cam).get("present") else [])
    return isapi_xml.document(cam, "NetworkInterfaceList", [
        ("NetworkInterface", [("id", i)]) for i in ids])


def wireless_get(req, iface):
    radio = _radio(req.camera, iface)
    return isapi_xml.document(req.camera, "Wireless", [
        ("enabled", bool(radio.get("enabled"))),
        ("wirelessNetworkMode", "infrastructure"),
        ("ssid", radio.get("ssid", "")),
        ("WirelessSecurity", [("securityMode", MODES.get(radio.get("security"), "disable"))]),
    ])


def wps_get(req, iface):
    radio = _radio(req.camera, iface)
    return isapi_xml.document(req.camera, "WPS", [("enable", bool(radio.get("wps")))])


RESOURCES = {INTERFACES: {"GET": interfaces_get}}
PATTERNS = [
    (re.compile(re.escape(INTERFACES) + r"/(\d+)/wireless"), {"GET": wireless_get}),
    (re.compile(re.escape(INTERFACES) + r"/(\d+)/WPS"), {"GET": wps_get}),
]
