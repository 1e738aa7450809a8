"""Hikvision ISAPI: what the camera is (/ISAPI/System/deviceInfo) and what its network
side can do (/ISAPI/System/Network/capabilities). Both read-only here."""

import uuid

from . import isapi_xml


def device_info(req):
    """[3P: the reference only confirms <firmwareVersion>; the other elements follow
    what Hikvision cameras are generally seen to send.]"""
    cam = req.camera
    ident = cam.get("identity") or {}
    serial = ident.get("serial", "")
    fields = [
        ("deviceName", "IP CAMERA"),
        ("deviceID", str(uuid.uuid5(uuid.NAMESPACE_OID, "hikvision:" + serial))),
        ("deviceDescription", "IPCamera"),
        ("deviceLocation", "hangzhou"),
        ("systemContact", "Hikvision.China"),
        ("model", ident.get("model", "")),
        ("serialNumber", serial),
        ("macAddress", ident.get("mac", "")),
        ("firmwareVersion", ident.get("firmware", "")),
        ("firmwareReleasedDate", "build 230316"),
        ("encoderVersion", "V7.3"),
        ("encoderReleasedDate", "build 230301"),
        ("bootVersion", "V1.3.4"),
        ("bootReleasedDate", "100316"),
        ("hardwareVersion", "0x0"),
        ("deviceType", "IPCamera"),
        ("telecontrolID", ident.get("hardware_id", "88")),
        ("supportBeep", False),
        ("supportVideoLoss", False),
    ]
    # The firmware's own elements (profile isapi.device_info): changed, added, or (None)
    # absent, as the recordings show them (vendors/hikvision/profiles.md).
    extra = dict(isapi_xml.isapi_profile(cam).get("device_info") or {})
    fields = [(tag, extra.pop(tag, value)) for tag, value in fields]
    fields = [f for f in fields if f[1] is not None]
    fields += [(tag, value) for tag, value in sorted(extra.items()) if value is not None]
    return isapi_xml.document(cam, "DeviceInfo", fields)


def network_capabilities(req):
    """<SnmpCap><isSupport> is from the reference [3P]; the other flags are inferred
    [INF], and say what this emulator serves."""
    return isapi_xml.document(req.camera, "NetworkCap", [
        ("isSupportWireless", bool(req.camera.get("wireless.present"))),  # isapi_wireless.py
        ("isSupportIPv6", False),
        ("isSupportUPnP", True),
        ("isSupportBonjour", not req.camera.lacks("/ISAPI/System/Network/Bonjour")),
        ("isSupportSSH", not req.camera.lacks("/ISAPI/System/Network/ssh")),
        ("SnmpCap", [("isSupport", True)]),
    ])
