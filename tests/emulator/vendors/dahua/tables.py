"""Dahua configuration tables (configManager.cgi getConfig/setConfig, and RPC2's
configManager) rendered from and written to the emulator's vendor-neutral state.

Each table is (render(cam) -> [(key, value)], write(cam, {key: text}) -> {state path:
value}); keys are those after `table.<Name>.` (or `<Name>.` in a setConfig). A key a
table does not have, or a value it cannot take, is a declined write (the caller answers
HTTP 200 `Error`, as measured on Dahua recorders [3P]). Key names: profiles.md.
"""

import re

GRID = 8191  # Rect coordinates of a cover [INF]
COVER_KEY = re.compile(r"^\[0\]\.Covers\[(\d+)\]\.(EncodeBlend|PreviewBlend|Rect\[[0-3]\]"
                       r"|FrontColor\[[0-3]\])$")
COLORS = {"black": (0, 0, 0), "white": (255, 255, 255), "grey": (128, 128, 128),
          "red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}
# A mask's token keeps its cover: PrivacyMask_<n> is Covers[n-1] (n: the mask's 1-based
# number, as the driver names it and as the other vendors' tokens count).
TOKEN = re.compile(r"^PrivacyMask_(\d+)$")


class Declined(Exception):
    """A write the device refuses: answered 200 `Error`."""


def wire(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def as_bool(text):
    if text not in ("true", "false"):
        raise Declined("%r is not true or false" % (text,))
    return text == "true"


def as_port(text):
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise Declined("%r is not a port" % (text,))
    return int(text)


def _switch(path, port_path=None):
    """A table of Enable (and Port) over one state path."""
    def render(cam):
        rows = [("Enable", wire(bool(cam.get(path))))]
        if port_path:
            rows.append(("Port", wire(cam.get(port_path))))
        return rows

    def write(cam, values):
        out = {}
        for key, text in values.items():
            if key == "Enable":
                out[path] = as_bool(text)
            elif key == "Port" and port_path:
                out[port_path] = as_port(text)
            else:
                raise Declined("no key %s" % key)
        return out
    return render, write


def _fields(fields):
    """A table of {key: (state path, parse, render)}."""
    def render(cam):
        return [(key, wire(show(cam.get(path)))) for key, (path, _parse, show) in fields.items()]

    def write(cam, values):
        out = {}
        for key, text in values.items():
            if key not in fields:
                raise Declined("no key %s" % key)
            path, parse, _show = fields[key]
            if parse is None:
                continue  # read-only, written back as it is
            out[path] = parse(text)
        return out
    return render, write


def _same(value):
    return value


def _upnp():
    render_switch, write_switch = _switch("discovery.upnp")

    def render(cam):
        return render_switch(cam) + [
            ("MapTable[0].Enable", "true"), ("MapTable[0].InnerPort", "80"),
            ("MapTable[0].OuterPort", "8080"), ("MapTable[0].Protocol", "TCP"),
            ("MapTable[0].ServiceName", "HTTP")]

    def write(cam, values):
        return write_switch(cam, {k: v for k, v in values.items() if not k.startswith("MapTable")})
    return render, write


def _ntp():
    def render(cam):
        servers = cam.get("time.ntp_servers") or []
        return [("Enable", wire(bool(cam.get("time.ntp_enabled")))),
                ("Address", servers[0] if servers else ""), ("Port", "123"),
                ("TimeZone", "0"), ("UpdatePeriod", "10")]

    def write(cam, values):
        out = {}
        for key, text in values.items():
            if key == "Enable":
                out["time.ntp_enabled"] = as_bool(text)
            elif key == "Address":
                out["time.ntp_servers"] = [text] if text else []
            elif key == "Port":
                as_port(text)
            elif key in ("TimeZone", "UpdatePeriod"):
                if not text.lstrip("-").isdigit():
                    raise Declined("%s=%r" % (key, text))
            else:
                raise Declined("no key %s" % key)
        return out
    return render, write


def _attempts(text):
    if not text.isdigit() or not 1 <= int(text) <= 30:
        raise Declined("TryLoginTimes %r is not 1..30" % (text,))
    return int(text)


# -- VideoWidget covers (privacy masks) ------------------------------------------------------
def _slots(cam):
    return int(cam.get("mask_limits.max_masks") or 4)


def _placed(cam):
    """{slot: mask} of the masks in state; masks written through another API (ONVIF) take
    the lowest free slots."""
    masks, placed, rest = cam.get("privacy_masks") or [], {}, []
    for mask in masks:
        match = TOKEN.match(str(mask.get("token", "")))
        slot = int(match.group(1)) - 1 if match else -1
        if 0 <= slot < _slots(cam) and slot not in placed:
            placed[slot] = mask
        else:
            rest.append(mask)
    free = [s for s in range(_slots(cam)) if s not in placed]
    for mask in rest:
        if free:
            placed[free.pop(0)] = mask
    return placed


def _rect(mask):
    xs = [p[0] for p in mask.get("polygon") or []] or [0]
    ys = [p[1] for p in mask.get("polygon") or []] or [0]
    return [int(round(v * GRID)) for v in (min(xs), min(ys), max(xs), max(ys))]


def _render_covers(cam):
    placed, rows = _placed(cam), []
    for slot in range(_slots(cam)):
        mask = placed.get(slot)
        rect = _rect(mask) if mask else [0, 0, 0, 0]
        color = COLORS.get((mask or {}).get("color") or "black", COLORS["black"])
        on = wire(bool(mask and mask.get("enabled")))
        prefix = "[0].Covers[%d]." % slot
        rows += [(prefix + "EncodeBlend", on), (prefix + "PreviewBlend", on)]
        rows += [(prefix + "FrontColor[%d]" % i, str(v)) for i, v in enumerate(color + (0,))]
        rows += [(prefix + "Rect[%d]" % i, str(v)) for i, v in enumerate(rect)]
    return rows


def _write_covers(cam, values):
    placed = _placed(cam)
    covers = {}
    for slot in range(_slots(cam)):
        mask = placed.get(slot)
        color = COLORS.get((mask or {}).get("color") or "black", COLORS["black"])
        covers[slot] = {"EncodeBlend": bool(mask and mask.get("enabled")),
                        "Rect": _rect(mask) if mask else [0, 0, 0, 0], "FrontColor": list(color),
                        "mask": mask}
    for key, text in values.items():
        match = COVER_KEY.match(key)
        if not match or int(match.group(1)) not in covers:
            raise Declined("no key %s" % key)
        cover, field = covers[int(match.group(1))], match.group(2)
        if field in ("EncodeBlend", "PreviewBlend"):
            value = as_bool(text)
            if field == "EncodeBlend":
                cover["EncodeBlend"] = value
        else:
            if not text.isdigit():
                raise Declined("%s=%r" % (key, text))
            name, index = field[:-3], int(field[-2])
            limit = GRID if name == "Rect" else 255
            if int(text) > limit:
                raise Declined("%s=%r is over %d" % (key, text, limit))
            if name == "Rect":
                cover["Rect"][index] = int(text)
            elif index < 3:
                cover["FrontColor"][index] = int(text)
    masks = []
    for slot in sorted(covers):
        cover = covers[slot]
        left, top, right, bottom = cover["Rect"]
        if right <= left or bottom <= top:
            continue
        x0, y0, x1, y1 = [v / float(GRID) for v in (left, top, right, bottom)]
        rgb = tuple(cover["FrontColor"])
        color = min(COLORS, key=lambda n: sum((a - b) ** 2 for a, b in zip(COLORS[n], rgb)))
        old = cover["mask"] or {}
        masks.append({"token": "PrivacyMask_%d" % (slot + 1),
                      "name": old.get("name") or "cover-%d" % (slot + 1),
                      "video_source": old.get("video_source") or "VideoSourceConfig_1",
                      "enabled": cover["EncodeBlend"], "type": "Color", "color": color,
                      "polygon": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]})
    return {"privacy_masks": masks}


TABLES = {
    "UPnP": _upnp(),
    "Bonjour": _fields({"Enable": ("discovery.bonjour", as_bool, bool),
                        "Name": ("identity.model", None, _same)}),
    "SNMP": _fields({"Enable": ("discovery.snmp.enabled", as_bool, bool),
                     "V1Enable": ("discovery.snmp.v1", as_bool, bool),
                     "V2Enable": ("discovery.snmp.v2c", as_bool, bool),
                     "V3Enable": ("discovery.snmp.v3", as_bool, bool),
                     "Port": ("discovery.snmp.port", None, lambda v: v or 161),
                     "ReadCommunity": ("discovery.snmp.read_community", str, _same),
                     "WriteCommunity": ("discovery.snmp.write_community", str, _same)}),
    "Web": _switch("network.http.enabled", "network.http.port"),
    "Https": _switch("network.https.enabled", "network.https.port"),
    "SSHD": _switch("network.ssh"),
    "Telnet": _switch("network.telnet"),
    "RTSP": _switch("network.rtsp.enabled", "network.rtsp.port"),
    "NTP": _ntp(),
    "LoginFailureAlarm": _fields({"Enable": ("access.lockout_enabled", as_bool, bool),
                                  "TryLoginTimes": ("access.lockout_attempts", _attempts, _same)}),
    "UserGlobal": _fields({"OnvifLoginCheck": ("access.anonymous_viewer",
                                               lambda t: not as_bool(t), lambda v: not v)}),
    "VideoWidget": (_render_covers, _write_covers),
}


def has(cam, name):
    return name in TABLES and not cam.lacks("config:" + name)


def render(cam, name):
    """`table.<name>.<key>=<value>` lines."""
    rows = TABLES[name][0](cam)
    return "".join("table.%s%s%s=%s\r\n" % (name, "" if key.startswith("[") else ".", key, value)
                   for key, value in rows)


def split_key(full):
    """(table, key) of a setConfig parameter `<Table>.<key>` or `<Table>[...]...`."""
    match = re.match(r"^([A-Za-z][A-Za-z0-9_]*)(?:\.(.+)|(\[.+))$", full)
    if not match:
        return None, None
    return match.group(1), match.group(2) or match.group(3)


def write(cam, name, values):
    """{state path: value} a setConfig of one table asks for (Declined when it cannot)."""
    return TABLES[name][1](cam, values)
