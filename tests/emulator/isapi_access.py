"""Hikvision /ISAPI/Security/adminAccesses: which management protocols are on, and on
which port: HTTP, HTTPS, DEV_MANAGE (the SDK port, 8000) and RTSP [3P observed]. Turning
HTTP off here closes the camera's port 80, as the fleet follows `network.http.enabled`.

The fleet listens on its own ports whatever the state says, so a port written here is
kept and shown, but does not move the listener.

The HTTPS entry carries the TLS switches <TLS1_1Enable> and <TLS1_2Enable>, as a capture of
a DS-7716NI-I4/16P (V4.61.030) shows them [3P observed]; Hikvision's ISAPI guide also names a
<TLS1_0Enable> [SEEN], which this firmware does not have: TLS 1.0 follows TLS1_1Enable here
[INF]. They show and set `network.https.tls_versions`, which the HTTPS listener offers
exactly (tls.py, fleet.py: the context is made again on the next connection after a
change). TLS 1.3 has no switch; a write that would leave no version at all is refused [INF].
"""

from . import isapi_xml
from .isapi_xml import BadValue, bool_of, int_of, settings_put, text_of
from .tls import DEFAULT_TLS_VERSIONS, TLS_VERSIONS

# protocol name on the wire -> (id, state path, factory default)
PROTOCOLS = {
    "HTTP": (1, "network.http", {"enabled": True, "port": 80}),
    "HTTPS": (2, "network.https", {"enabled": True, "port": 443}),
    # Not in state.py's defaults: the SDK port has no other API in the emulator.
    "DEV_MANAGE": (3, "network.dev_manage", {"enabled": True, "port": 8000}),
    "RTSP": (4, "network.rtsp", {"enabled": True, "port": 554}),
}
TLS_PATH = "network.https.tls_versions"
OLD_TLS = ("TLSv1", "TLSv1.1")  # both behind TLS1_1Enable on this firmware
TLS_SWITCHES = ("TLS1_0Enable", "TLS1_1Enable", "TLS1_2Enable")


def _setting(cam, protocol):
    _id, path, default = PROTOCOLS[protocol]
    return dict(default, **(cam.get(path) or {}))


def _tls_versions(cam):
    return list(cam.get(TLS_PATH, DEFAULT_TLS_VERSIONS))


def get(req):
    cam = req.camera
    entries = []
    for protocol, (ident, _path, _default) in PROTOCOLS.items():
        setting = _setting(cam, protocol)
        fields = [
            ("id", ident),
            ("enabled", bool(setting["enabled"])),
            ("protocol", protocol),
            ("portNo", setting["port"]),
        ]
        if protocol == "HTTPS":
            versions = _tls_versions(cam)
            fields += [("TLS1_1Enable", any(v in versions for v in OLD_TLS)),
                       ("TLS1_2Enable", "TLSv1.2" in versions)]
        entries.append(("AdminAccessProtocol", fields, {"version": "2.0"}))
    return isapi_xml.document(cam, "AdminAccessProtocolList", entries)


def _tls_writes(cam, protocol, entry):
    """{TLS_PATH: versions} for the switches the entry carries; {} when nothing changes."""
    present = [tag for tag in TLS_SWITCHES if entry.find(tag) is not None]
    if not present:
        return {}
    if protocol != "HTTPS" or "TLS1_0Enable" in present:
        raise BadValue("<%s> is not a setting of the %s entry on this firmware"
                       % (present[0], protocol))
    old, tls12 = bool_of(entry, "TLS1_1Enable"), bool_of(entry, "TLS1_2Enable")
    versions = _tls_versions(cam)
    wanted = set(versions)
    if old is False:
        wanted -= set(OLD_TLS)
    elif old and not wanted & set(OLD_TLS):
        wanted.add("TLSv1.1")
    if tls12 is False:
        wanted.discard("TLSv1.2")
    elif tls12:
        wanted.add("TLSv1.2")
    if not wanted:
        raise BadValue("the HTTPS port would accept no TLS version at all")
    ordered = [v for v in TLS_VERSIONS if v in wanted]
    return {} if ordered == versions else {TLS_PATH: ordered}


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
        writes.update(_tls_writes(cam, protocol, entry))
    return writes


put = settings_put("AdminAccessProtocolList", _writes)
