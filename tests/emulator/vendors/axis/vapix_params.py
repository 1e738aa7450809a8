"""Axis /axis-cgi/param.cgi: the parameter tree (`root.Group.Name=value`), mapped onto the
emulator's vendor-neutral state.

`action=list[&group=a,b]` lists, `action=update&root.X=v...` writes (all or nothing: one
unknown name or bad value and nothing changes), `action=listdefinitions` describes types.
Names, values and the list format follow the M1065-LW recording in the reference.
"""

import copy
import xml.etree.ElementTree as ET

from . import vapix_http, vapix_masks, vapix_time
from ...tls import DEFAULT_TLS_VERSIONS, TLS_VERSIONS

DEFS_NS = "http://www.axis.com/ParameterDefinitionsSchema"


# -- value types ------------------------------------------------------------------------
class Bool:
    def parse(self, text):
        if text not in ("yes", "no"):
            raise ValueError(text)
        return text == "yes"

    @staticmethod
    def show(value):
        return "yes" if value else "no"

    def define(self, type_el):
        ET.SubElement(type_el, "bool", {"true": "yes", "false": "no"})


class Enum:
    def __init__(self, *values):
        self.values = values

    def parse(self, text):
        if text not in self.values:
            raise ValueError(text)
        return text

    @staticmethod
    def show(value):
        return str(value)

    def define(self, type_el):
        enum = ET.SubElement(type_el, "enum")
        for v in self.values:
            ET.SubElement(enum, "entry", {"value": v})


class String:
    def __init__(self, max_len=255):
        self.max_len = max_len

    def parse(self, text):
        if len(text) > self.max_len or any(ord(c) < 32 for c in text):
            raise ValueError(text)
        return text

    @staticmethod
    def show(value):
        return "" if value is None else str(value)

    def define(self, type_el):
        ET.SubElement(type_el, "string", {"maxlen": str(self.max_len)})


class Int:
    def __init__(self, low, high):
        self.low, self.high = low, high

    def parse(self, text):
        if not (text.isascii() and text.isdigit()) or not self.low <= int(text) <= self.high:
            raise ValueError(text)
        return int(text)

    @staticmethod
    def show(value):
        return str(value)

    def define(self, type_el):
        ET.SubElement(type_el, "int", {"min": str(self.low), "max": str(self.high)})


class Param:
    """One parameter. `read(view)` gives the current value, where `view(path, default)`
    reads the state as it would be after the writes pending in this call; `write(view,
    value, pending)` records state changes in `pending` ({path: value}). No `write`:
    read-only."""

    def __init__(self, name, kind, read, write=None):
        self.name = name
        self.kind = kind
        self.read = read
        self.write = write


def state_param(name, kind, path, default=None):
    """A parameter that is exactly one state value."""
    def write(view, value, pending):
        pending[path] = value
    return Param(name, kind, lambda view: view(path, default), write)


def fixed(name, kind, read):
    return Param(name, kind, read)


# -- the table --------------------------------------------------------------------------
YES_NO = Bool()
BOA_POLICY = Enum("both", "http", "https")


def _write_boa(view, value, pending):
    # The emulator keeps one switch for plain HTTP; the three user groups share it.
    # [INF: `https` as a value is inferred; the reference saw `both` and `http`.]
    pending["network.http.enabled"] = value != "https"


TLS_PATH = "network.https.tls_versions"


def _tls_allowed(version):
    """root.HTTPS.AllowTLS1 / AllowTLS11: one version of `network.https.tls_versions`, which
    the HTTPS listener offers exactly (tls.py). [3P observed: names and yes/no values in
    the param.cgi list of an M1065-LW, firmware 8.20.1, in Kane610/axis's tests.]"""
    def read(view):
        return version in (view(TLS_PATH, None) or DEFAULT_TLS_VERSIONS)

    def write(view, value, pending):
        have = list(view(TLS_PATH, None) or DEFAULT_TLS_VERSIONS)
        wanted = set(have) | {version} if value else set(have) - {version}
        if not wanted:
            raise ValueError(version)  # the HTTPS port would accept no version at all [INF]
        ordered = [v for v in TLS_VERSIONS if v in wanted]
        if ordered != have:
            pending[TLS_PATH] = ordered
    return read, write


def _write_sslv3(view, value, pending):
    # The emulator's TLS library has no SSLv3: the switch can only stay off.
    if value:
        raise ValueError("yes")


def _snmp_v3_user_set(view):
    return bool(view("discovery.snmp.v3_users", []))


def _slot(view):
    slots = view("storage.slots", []) or []
    return slots[0] if slots else None


def _slot_param(name, kind, read):
    return Param(name, kind, lambda view: read(_slot(view)) if _slot(view) else "")


def static_params():
    ident = "identity."
    return [
        state_param("Network.Bonjour.Enabled", YES_NO, "discovery.bonjour", False),
        state_param("Network.UPnP.Enabled", YES_NO, "discovery.upnp", False),
        # Not in state.py's defaults: kept beside `discovery.upnp`, off from the factory
        # as on the recorded M1065-LW.
        state_param("Network.UPnP.NATTraversal.Enabled", YES_NO,
                    "discovery.upnp_nat_traversal", False),
        # ZeroConf is link-local IPv4 addressing, not mDNS (that is Bonjour). Not in
        # state.py's defaults; on from the factory as recorded.
        state_param("Network.ZeroConf.Enabled", YES_NO, "network.zeroconf", True),
        state_param("Network.SSH.Enabled", YES_NO, "network.ssh", False),
        state_param("Network.FTP.Enabled", YES_NO, "network.ftp", False),
        # [INF: `basic_digest` is assumed to be the third value; only `digest` was seen.]
        state_param("Network.HTTP.AuthenticationPolicy",
                    Enum("basic", "digest", "basic_digest"),
                    "network.http_auth_policy", "digest"),
        state_param("SNMP.Enabled", YES_NO, "discovery.snmp.enabled", False),
        state_param("SNMP.V1", YES_NO, "discovery.snmp.v1", False),
        state_param("SNMP.V1ReadCommunity", String(), "discovery.snmp.read_community", ""),
        state_param("SNMP.V1WriteCommunity", String(), "discovery.snmp.write_community",
                    ""),
        state_param("SNMP.V2c", YES_NO, "discovery.snmp.v2c", False),
        state_param("SNMP.V3", YES_NO, "discovery.snmp.v3", False),
        fixed("SNMP.InitialUserPasswdSet", YES_NO, _snmp_v3_user_set),
        state_param("HTTPS.Enabled", YES_NO, "network.https.enabled", False),
        state_param("HTTPS.Port", Int(1, 65535), "network.https.port", 443),
        Param("HTTPS.AllowSSLV3", YES_NO, lambda view: False, _write_sslv3),
        Param("HTTPS.AllowTLS1", YES_NO, *_tls_allowed("TLSv1")),
        Param("HTTPS.AllowTLS11", YES_NO, *_tls_allowed("TLSv1.1")),
        Param("System.BoaGroupPolicy.admin", BOA_POLICY, _boa_read, _write_boa),
        Param("System.BoaGroupPolicy.operator", BOA_POLICY, _boa_read, _write_boa),
        Param("System.BoaGroupPolicy.viewer", BOA_POLICY, _boa_read, _write_boa),
        # Anonymous viewer login (5.4.1): `anonymous` lets anyone view, `password` asks
        # for an account. [3P: name and values as public Axis parameter lists show them.]
        Param("System.BoaProtViewer", Enum("anonymous", "password"),
              lambda view: "anonymous" if view("access.anonymous_viewer", False)
              else "password", _write_prot_viewer),
        _slot_param("Storage.S0.DiskID", String(), lambda s: s.get("id", "")),
        _slot_param("Storage.S0.Locked", YES_NO, lambda s: bool(s.get("locked"))),
        _slot_param("Storage.S0.FileSystem", String(),
                    lambda s: s.get("filesystem") or "none"),
        fixed("Properties.LocalStorage.DiskEncryption", YES_NO,
              lambda view: bool(_slot(view) and _slot(view).get("encryption_supported"))),
        fixed("Properties.PrivacyMask.MaxNbrOfPrivacyMasks", Int(0, 1000),
              lambda view: (view("mask_limits", {}) or {}).get("max_masks", 0)),
        # A real M1065-LW lists list,position,listpxjson,positionpxjson; the emulator
        # names only the query it serves, so a client that checks this is not misled.
        fixed("Properties.PrivacyMask.Query", String(), lambda view: "listpxjson"),
        fixed("Properties.Firmware.Version", String(),
              lambda view: view(ident + "firmware", "")),
        fixed("Properties.System.SerialNumber", String(),
              lambda view: view(ident + "serial", "")),
        fixed("Properties.System.HardwareID", String(),
              lambda view: view(ident + "hardware_id", "")),
        fixed("Brand.Brand", String(), lambda view: view(ident + "manufacturer", "")),
        # Names as the device gives them (vendors/axis/profiles.py identity); recorded devices
        # show that the short name is not always "AXIS <ProdNbr>" (Companion).
        fixed("Brand.ProdFullName", String(), lambda view: brand_names(view)["full_name"]),
        fixed("Brand.ProdShortName", String(), lambda view: brand_names(view)["short_name"]),
        fixed("Brand.ProdNbr", String(), lambda view: view(ident + "model", "")),
        fixed("Brand.ProdType", String(), lambda view: brand_names(view)["prod_type"]),
        Param("Image.I0.Overlay.MaskWindows.Color", Enum(*vapix_masks.COLORS),
              lambda view: view(vapix_masks.COLOR_PATH, None) or vapix_masks.DEFAULT_COLOR,
              _write_mask_color),
    ]


def brand_names(view):
    """ProdShortName, ProdFullName and ProdType of the camera (basicdeviceinfo's too)."""
    ident = view("identity", {}) or {}
    brand, model = ident.get("manufacturer", "AXIS"), ident.get("model", "")
    return {"short_name": ident.get("short_name") or "%s %s" % (brand, model),
            "full_name": ident.get("full_name") or "%s %s Network Camera" % (brand, model),
            "prod_type": ident.get("prod_type") or "Network Camera"}


# -- root.Time: the clock before ntp.cgi (5.x to 9.x firmware lists it) ------------------
# Names, types and values from the 5.51.7 and 9.80.2.2 recordings [SEEN: profiles.md S1, S2]:
# SyncSource is an enum None|NTP|PC, ObtainFromDHCP a bool, NTP.Server one host name
# ("0.0.0.0" when none is set), NTP.VolatileServer the read-only DHCP-learned server.
SYNC_SOURCES = Enum("None", "NTP", "PC")
NO_NTP_SERVER = "0.0.0.0"


class Host(String):
    def parse(self, text):
        text = super(Host, self).parse(text)
        if text not in ("", NO_NTP_SERVER) and not vapix_time.valid_host(text):
            raise ValueError(text)
        return text

    def define(self, type_el):
        ET.SubElement(type_el, "hostname")


def _read_sync_source(view):
    return "NTP" if view("time.ntp_enabled", False) else "None"


def _write_sync_source(view, value, pending):
    # [INF] PC (the clock set from the browser's computer) is, like None, no NTP.
    pending["time.ntp_enabled"] = value == "NTP"


def _read_ntp_server(view):
    servers = view("time.ntp_servers", []) or []
    return servers[0] if servers else NO_NTP_SERVER


def _write_ntp_server(view, value, pending):
    # One server only: the parameter replaces the whole static list.
    pending["time.ntp_servers"] = [] if value in ("", NO_NTP_SERVER) else [value]


def time_params():
    return [
        state_param("Time.ObtainFromDHCP", YES_NO, "time.from_dhcp", False),
        state_param("Time.POSIXTimeZone", String(), "time.posix_tz", "UTC0"),
        Param("Time.SyncSource", SYNC_SOURCES, _read_sync_source, _write_sync_source),
        # No DHCP lease on loopback: nothing learned. [INF]
        fixed("Time.NTP.VolatileServer", Host(), lambda view: ""),
        Param("Time.NTP.Server", Host(), _read_ntp_server, _write_ntp_server),
    ]


def _write_prot_viewer(view, value, pending):
    pending["access.anonymous_viewer"] = value == "anonymous"


def _boa_read(view):
    return "both" if view("network.http.enabled", True) else "https"


def _pending_masks(view, pending):
    if "privacy_masks" not in pending:
        pending["privacy_masks"] = copy.deepcopy(view("privacy_masks", []) or [])
    return pending["privacy_masks"]


def _write_mask_color(view, value, pending):
    pending[vapix_masks.COLOR_PATH] = value
    for m in _pending_masks(view, pending):
        m["color"] = value
        m["type"] = vapix_masks.mask_type(value)


def mask_params(view):
    """Image.I0.Overlay.MaskWindows.M<n>.{Enabled,Name}, one group per mask."""
    out = []
    for n in range(len(view("privacy_masks", []) or [])):
        base = "Image.I0.Overlay.MaskWindows.M%d." % n

        def read_field(view, n=n, field="enabled"):
            records = view("privacy_masks", []) or []
            return records[n].get(field) if n < len(records) else None

        def write_enabled(view, value, pending, n=n):
            _pending_masks(view, pending)[n]["enabled"] = value

        def write_name(view, value, pending, n=n):
            records = _pending_masks(view, pending)
            if not vapix_masks.valid_name(value) or any(
                    m.get("name") == value for i, m in enumerate(records) if i != n):
                raise ValueError(value)
            records[n]["name"] = value

        out.append(Param(base + "Enabled", YES_NO, read_field, write_enabled))
        out.append(Param(base + "Name", String(vapix_masks.MAX_NAME_LEN),
                         lambda view, n=n: read_field(view, n, "name") or "", write_name))
    return out


def all_params(view):
    """Every parameter the emulator knows; params_of() leaves out what a firmware lacks."""
    from . import vapix_streams  # RTSP, RTSPS and the Wi-Fi radio (5.5.2, 5.3.3)
    return static_params() + time_params() + mask_params(view) + vapix_streams.params(view)


def absent(cam, name):
    """True when this firmware does not list the parameter (its profile's
    vapix_params_absent names it or a group above it)."""
    return any(name == a or name.startswith(a + ".")
               for a in cam.profile.get("vapix_params_absent", ()))


def params_of(cam, view):
    return [p for p in all_params(view) if not absent(cam, p.name)]


def state_view(cam, pending=None):
    # `is None`, not `or`: update() passes its (empty) pending dict and must see it fill up,
    # so that a second parameter of one update reads what the first one wrote.
    if pending is None:
        pending = {}

    def view(path, default=None):
        if path in pending:
            return pending[path]
        return cam.get(path, default)
    return view


# -- the CGI ----------------------------------------------------------------------------
def handle(req):
    args = vapix_http.params(req)
    action = dict(args).get("action", "")
    if action == "list":
        return list_params(req.camera, dict(args).get("group", ""))
    if action == "update":
        return update(req.camera, [(k, v) for k, v in args if k != "action"])
    if action == "listdefinitions":
        return list_definitions(req.camera, dict(args).get("group", ""))
    return vapix_http.text("# Error: Invalid action\r\n")


def _full(name):
    return name if name.startswith("root.") else "root." + name


def _in_group(param, group):
    full, want = "root." + param.name, _full(group)
    return full == want or full.startswith(want + ".")


def _selected(cam, groups):
    """[(group or None, [params])]; an empty params list is an unknown group."""
    params = params_of(cam, state_view(cam))
    wanted = [g.strip() for g in groups.split(",") if g.strip()]
    if not wanted:
        return [(None, params)]
    return [(g, [p for p in params if _in_group(p, g)]) for g in wanted]


def list_params(cam, groups):
    view = state_view(cam)
    lines = []
    for group, params in _selected(cam, groups):
        if not params:
            # [INF: the exact wording of this error line]
            lines.append("# Error: Error -1 getting param in group '%s'" % group)
        lines.extend("root.%s=%s" % (p.name, p.kind.show(p.read(view))) for p in params)
    return vapix_http.text("".join(line + "\n" for line in lines))


def update(cam, items):
    """All or nothing: every name and value is checked before the first write.
    [INF: writing through action=update is from the overlay doc; the reference marks the
    UPnP/Bonjour writes and the `OK` reply text as inferred.]"""
    by_name = {"root." + p.name: p for p in params_of(cam, state_view(cam))}
    pending = {}
    view = state_view(cam, pending)
    for name, raw in items:
        param = by_name.get(_full(name))
        try:
            if param is None or param.write is None:
                raise ValueError(name)
            param.write(view, param.kind.parse(raw), pending)
        except ValueError:
            # [INF: Axis's wording; the reference only says the success reply is OK]
            return vapix_http.text("# Error: Error setting '%s' to '%s'!\r\n"
                                   % (_full(name), raw))
    if not items:
        return vapix_http.text("# Error: No parameters to update\r\n")
    for path, value in pending.items():
        cam.set(path, value)  # False under the nonsticky fault: the reply is still OK
    return vapix_http.text("OK\r\n")


def list_definitions(cam, groups):
    """[INF: the reference recommends listdefinitions to discover values but shows no
    reply; this follows the Axis parameterDefinitions layout as generally described:
    nested <group name=...> elements, <parameter name value> with a <type> child.]"""
    view = state_view(cam)
    root = ET.Element("parameterDefinitions", {"xmlns": DEFS_NS, "version": "1.0"})
    ET.SubElement(root, "model").text = str(view("identity.model", ""))
    ET.SubElement(root, "firmwareVersion").text = str(view("identity.firmware", ""))
    top = ET.SubElement(root, "group", {"name": "root"})
    groups_made = {}
    for _group, params in _selected(cam, groups):
        for p in params:
            *path, leaf = p.name.split(".")
            parent = top
            for depth in range(len(path)):
                key = tuple(path[: depth + 1])
                if key not in groups_made:
                    groups_made[key] = ET.SubElement(parent, "group", {"name": path[depth]})
                parent = groups_made[key]
            el = ET.SubElement(parent, "parameter",
                               {"name": leaf, "value": p.kind.show(p.read(view))})
            type_el = ET.SubElement(el, "type", {"readonly": "true"} if p.write is None
                                    else {})
            p.kind.define(type_el)
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode")
    return vapix_http.xml(body)
