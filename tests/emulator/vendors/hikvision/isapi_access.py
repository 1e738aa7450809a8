"""Hikvision /ISAPI/Security/adminAccesses: which management protocols are on, and on
which port. The entries are the firmware's (vendors/hikvision/profiles.py `admin_accesses`, as the
recordings list them: vendors/hikvision/profiles.md): HTTP, HTTPS, DEV_MANAGE (the SDK port, 8000),
RTSP, and on newer firmware SDK_OVER_TLS, WebSocket, WebSocketS, SRTP, modbusTCP and
Bonjour (an entry without a port: it switches the mDNS responder). Turning HTTP off here
closes the camera's port 80, as the fleet follows `network.http.enabled`.

The fleet listens on its own ports whatever the state says, so a port written here is
kept and shown, but does not move the listener.

The HTTPS entry carries the TLS switches the firmware has: none (V5.2), <TLS1_1Enable> and
<TLS1_2Enable> (V5.5, V5.6), and <TLS1_3Enable> too (V5.7 and later) [SEEN]. Hikvision's
ISAPI guide also names a <TLS1_0Enable> [SEEN], which none of these firmwares has: TLS 1.0
follows TLS1_1Enable here [INF]. They show and set `network.https.tls_versions`, which the
HTTPS listener offers exactly (tls.py, fleet.py: the context is made again on the next
connection after a change). A write that would leave no version at all is refused [INF].
A body in another namespace than the camera's is read all the same [INF: not recorded].
"""

from . import isapi_xml
from .isapi_xml import BadValue, bool_of, int_of, settings_put, text_of
from ...tls import DEFAULT_TLS_VERSIONS, TLS_VERSIONS

# Where an entry's setting lives in the state: protocol (upper case) -> (state path,
# factory default). Protocols not named here keep theirs at network.<protocol lower case>.
STATE = {
    "HTTP": ("network.http", {"enabled": True, "port": 80}),
    "HTTPS": ("network.https", {"enabled": True, "port": 443}),
    # Not in state.py's defaults: the SDK port has no other API in the emulator.
    "DEV_MANAGE": ("network.dev_manage", {"enabled": True, "port": 8000}),
    "RTSP": ("network.rtsp", {"enabled": True, "port": 554}),
}
BONJOUR = "BONJOUR"  # its entry switches discovery.bonjour (the mDNS responder)
# A camera without a profile list: the four entries of the emulator's first firmware.
DEFAULT_ENTRIES = [
    {"id": 1, "protocol": "HTTP"},
    {"id": 2, "protocol": "HTTPS", "tls": ["TLS1_1Enable", "TLS1_2Enable"]},
    {"id": 3, "protocol": "DEV_MANAGE"},
    {"id": 4, "protocol": "RTSP"},
]
TLS_PATH = "network.https.tls_versions"
# switch -> the versions it covers (TLS 1.0 rides on TLS1_1Enable: no firmware has 1_0)
SWITCH_VERSIONS = {
    "TLS1_0Enable": ("TLSv1",),
    "TLS1_1Enable": ("TLSv1", "TLSv1.1"),
    "TLS1_2Enable": ("TLSv1.2",),
    "TLS1_3Enable": ("TLSv1.3",),
}


def entries(cam):
    return isapi_xml.isapi_profile(cam).get("admin_accesses") or DEFAULT_ENTRIES


def _path_default(entry):
    protocol = entry["protocol"].upper()
    if protocol in STATE:
        return STATE[protocol]
    return ("network." + entry["protocol"].lower(),
            {"enabled": entry.get("enabled", True), "port": entry.get("port")})


def _setting(cam, entry):
    if entry["protocol"].upper() == BONJOUR:
        return {"enabled": bool(cam.get("discovery.bonjour")), "port": None}
    path, default = _path_default(entry)
    setting = dict(default, **(cam.get(path) or {}))
    if "port" in entry and entry["port"] is None:
        setting["port"] = None
    return setting


def _tls_versions(cam):
    return list(cam.get(TLS_PATH, DEFAULT_TLS_VERSIONS))


def get(req):
    cam = req.camera
    items = []
    for entry in entries(cam):
        setting = _setting(cam, entry)
        fields = [("id", entry["id"])]
        if not entry.get("no_enabled"):
            fields.append(("enabled", bool(setting["enabled"])))
        redirect = ("redirectToHttps", bool(cam.get("network.https.redirect", False)))
        if entry.get("redirect") == "before":
            fields.append(redirect)
        fields.append(("protocol", entry["protocol"]))
        if entry.get("redirect") == "after":
            fields.append(redirect)
        if setting["port"] is not None:
            fields.append(("portNo", setting["port"]))
        versions = _tls_versions(cam)
        for switch in entry.get("tls") or ():
            fields.append((switch, any(v in versions for v in SWITCH_VERSIONS[switch])))
        items.append(("AdminAccessProtocol", fields,
                      {"version": "2.0", "xmlns": isapi_xml.namespace(cam)}))
    return isapi_xml.document(cam, "AdminAccessProtocolList", items)


def _tls_writes(cam, protocol, listed, given):
    """{TLS_PATH: versions} for the switches the entry carries; {} when nothing changes."""
    present = [tag for tag in SWITCH_VERSIONS if given.find(tag) is not None]
    if not present:
        return {}
    foreign = [tag for tag in present if tag not in (listed.get("tls") or ())]
    if foreign:
        raise BadValue("<%s> is not a setting of the %s entry on this firmware"
                       % (foreign[0], protocol))
    versions = _tls_versions(cam)
    wanted = set(versions)
    for tag in present:
        on = bool_of(given, tag)
        covered = SWITCH_VERSIONS[tag]
        if on is False:
            wanted -= set(covered)
        elif on and not wanted & set(covered):
            wanted.add(covered[-1])
    if not wanted:
        raise BadValue("the HTTPS port would accept no TLS version at all")
    ordered = [v for v in TLS_VERSIONS if v in wanted]
    return {} if ordered == versions else {TLS_PATH: ordered}


def _writes(cam, doc):
    given_entries = doc.findall("AdminAccessProtocol")
    if not given_entries:
        raise isapi_xml.BadXml("no <AdminAccessProtocol>")
    listed = dict((e["protocol"].upper(), e) for e in entries(cam))
    writes = {}
    for given in given_entries:
        protocol = (text_of(given, "protocol", required=True) or "").upper()
        if protocol not in listed:
            raise BadValue("unknown protocol %s" % protocol)
        entry = listed[protocol]
        enabled = bool_of(given, "enabled")
        if protocol == BONJOUR:
            if enabled is not None:
                writes["discovery.bonjour"] = enabled
            continue
        path = _path_default(entry)[0]
        port = int_of(given, "portNo", 1, 65535)
        if enabled is not None and not entry.get("no_enabled"):
            writes[path + ".enabled"] = enabled
        if port is not None:
            writes[path + ".port"] = port
        redirect = bool_of(given, "redirectToHttps")
        if redirect is not None and entry.get("redirect"):
            writes["network.https.redirect"] = redirect
        writes.update(_tls_writes(cam, protocol, entry, given))
    return writes


put = settings_put("AdminAccessProtocolList", _writes)
