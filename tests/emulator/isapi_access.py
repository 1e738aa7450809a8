"""Hikvision /ISAPI/Security/adminAccesses: which management protocols are on, and on
which port: HTTP, HTTPS, DEV_MANAGE (the SDK port, 8000) and RTSP [3P observed]. Turning
HTTP off here closes the camera's port 80, as the fleet follows `network.http.enabled`.

The fleet listens on its own ports whatever the state says, so a port written here is
kept and shown, but does not move the listener.
"""

from . import isapi_xml
from .isapi_xml import BadValue, bool_of, int_of, settings_put, text_of

# protocol name on the wire -> (id, state path, factory default)
PROTOCOLS = {
    "HTTP": (1, "network.http", {"enabled": True, "port": 80}),
    "HTTPS": (2, "network.https", {"enabled": True, "port": 443}),
    # Not in state.py's defaults: the SDK port has no other API in the emulator.
    "DEV_MANAGE": (3, "network.dev_manage", {"enabled": True, "port": 8000}),
    "RTSP": (4, "network.rtsp", {"enabled": True, "port": 554}),
}


def _setting(cam, protocol):
    _id, path, default = PROTOCOLS[protocol]
    return dict(default, **(cam.get(path) or {}))


def get(req):
    cam = req.camera
    entries = []
    for protocol, (ident, _path, _default) in PROTOCOLS.items():
        setting = _setting(cam, protocol)
        entries.append(("AdminAccessProtocol", [
            ("id", ident),
            ("enabled", bool(setting["enabled"])),
            ("protocol", protocol),
            ("portNo", setting["port"]),
        ], {"version": "2.0"}))
    return isapi_xml.document(cam, "AdminAccessProtocolList", entries)


def _writes(cam, doc):
    entries = doc.findall("AdminAccessProtocol")
    if not entries:
        raise isapi_xml.BadXml("no <AdminAccessProtocol>")
    writes = {}
    for entry in entries:
        protocol = (text_of(entry, "protocol", required=True) or "").upper()
        if protocol not in PROTOCOLS:
            raise BadValue("unknown protocol %s" % protocol)
        path = PROTOCOLS[protocol][1]
        enabled = bool_of(entry, "enabled")
        port = int_of(entry, "portNo", 1, 65535)
        if enabled is not None:
            writes[path + ".enabled"] = enabled
        if port is not None:
            writes[path + ".port"] = port
    return writes


put = settings_put("AdminAccessProtocolList", _writes)
