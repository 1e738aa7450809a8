# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Onvif helper: what one camera answers over ONVIF, for the driver that has it
(`self.onvif = Onvif(self)`): OnvifDriver for plain ONVIF cameras, and the vendor drivers
where their own API has no call (WS-Discovery mode, Media2 privacy masks, the clock
offset, GetUsers for 5.4.2, ...). It holds the camera's ONVIF client (protocols/soap.py:
the learned clock offset and services) and its parts: accounts, time_logging, media,
streams. Identity, WS-Discovery mode, network protocols and Media2 privacy masks are
here.

ONVIF defines no operation for UPnP, SNMP, Bonjour or SD-card encryption
(shared/reference/camera-apis.md §1.2): an ONVIF-only camera says so instead of
guessing, and the network probes judge those services.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.accounts import OnvifAccounts
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.media import OnvifMedia
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.streams import OnvifStreams
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.time_logging import OnvifTimeLogging
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, Unsupported, UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.soap import OnvifClient, OnvifFault, el

NO_API = "ONVIF defines no operation for %s; the network probes can still verify it"
# GetStorageConfigurations lists network targets only (NFS, CIFS, FTP, ...), never a card.
NO_SD_API = ("ONVIF defines no operation to list SD cards or to encrypt them (its storage "
             "configurations are network targets only), so whether this camera holds a card "
             "cannot be read: check the slot, and record it as an attestation for 5.1.1.2")
# tt:NetworkProtocolType is HTTP, HTTPS or RTSP only (camera-apis.md 1.2).
NO_PROTOCOL_API = ("ONVIF's NetworkProtocols list has only HTTP, HTTPS and RTSP: no operation "
                   "reads or sets %s; the TCP port probe (port %d) can still verify it")
NO_AUTH_POLICY_API = ("ONVIF defines no operation that reads whether the camera accepts Basic "
                      "authentication over plain HTTP")
# ONVIF sets TLS versions in the Advanced Security service (tas:GetEnabledTLSVersions /
# SetEnabledTLSVersions, reference 1.2), whose WSDL is not among the schemas this
# collection validates its messages against (shared/onvif-specs): not sent unvalidated.
NO_TLS_VERSION_API = ("ONVIF sets TLS versions only through the Advanced Security service "
                      "(tas:SetEnabledTLSVersions), which this collection does not use: its "
                      "messages cannot be validated against the ONVIF schemas it ships with; "
                      "the TLS probe (camera_facts, compliance_facts) still shows the versions "
                      "the HTTPS port accepts")
DEFAULT_PORTS = {"HTTP": 80, "HTTPS": 443}

# tt:Color in YCbCr (X=Y, Y=Cb, Z=Cr) for the colour names the model uses. ONVIF
# carries numbers only; the names are this collection's (inferred, BT.601 values).
COLORS = {
    "black": (16, 128, 128),
    "white": (235, 128, 128),
    "grey": (126, 128, 128),
    "red": (81, 90, 240),
    "green": (145, 54, 34),
    "blue": (41, 240, 110),
}
YCBCR = "http://www.onvif.org/ver10/colorspace/YCbCr"


def lacks(exc):
    """A field the firmware lacks, as facts list it: the call, then the camera's words
    (ONVIF ter:ActionNotSupported and its reason)."""
    return "%s: %s" % (exc.call, exc.cause)


def color_name(x, y, z):
    return min(COLORS, key=lambda n: sum((a - b) ** 2 for a, b in zip(COLORS[n], (x, y, z))))


def to_onvif_point(x, y):
    # ONVIF's normalised window runs -1..1 with y pointing up; the model's fractions
    # run 0..1 from the top-left corner.
    return 2.0 * x - 1.0, 1.0 - 2.0 * y


def from_onvif_point(x, y):
    return (x + 1.0) / 2.0, (1.0 - y) / 2.0


class Onvif(object):
    """One camera over ONVIF, for the driver that has it. Its client's calls and clock
    (call, has_service, sync_clock, clock_offset, ...) are offered as its own."""

    def __init__(self, driver):
        self.transport = driver.t
        self.camera = driver.camera
        self.client = OnvifClient(driver.t)
        self.accounts = OnvifAccounts(self)
        self.time_logging = OnvifTimeLogging(self)
        self.media = OnvifMedia(self)
        self.streams = OnvifStreams(self)

    def adopt(self, other):
        """Take over `other`'s client (the helper of the driver that identified the camera
        for `vendor: auto`): its clock offset and services are not asked again."""
        self.client = other.client

    # -- the client ---------------------------------------------------------------------
    def call(self, service, operation, body=None, read=True, secure=True):
        return self.client.call(service, operation, body, read=read, secure=secure)

    def has_service(self, service):
        return self.client.has_service(service)

    def sync_clock(self):
        return self.client.sync_clock()

    @property
    def clock_offset(self):
        return self.client.clock_offset

    @clock_offset.setter
    def clock_offset(self, value):
        self.client.clock_offset = value

    @property
    def clock_measured(self):
        return self.client.clock_measured

    @property
    def pre_auth_open(self):
        return self.client.pre_auth_open

    # -- identity -------------------------------------------------------------------
    def identity(self):
        info = self.call("device", "GetDeviceInformation")
        return {
            "manufacturer": xmltools.text(info, "Manufacturer"),
            "model": xmltools.text(info, "Model"),
            "firmware": xmltools.text(info, "FirmwareVersion"),
            "serial": xmltools.text(info, "SerialNumber"),
            "hardware_id": xmltools.text(info, "HardwareId"),
        }

    def capabilities(self):
        caps = {"onvif": True, "media2": self.has_service("media2")}
        return caps

    # -- discovery ------------------------------------------------------------------
    def read_ws_discovery(self):
        resp = self.call("device", "GetDiscoveryMode")
        return xmltools.text(resp, "DiscoveryMode") == "Discoverable"

    def write_ws_discovery(self, on):
        self.call("device", "SetDiscoveryMode", el("tds:SetDiscoveryMode", children=[
            el("tds:DiscoveryMode", "Discoverable" if on else "NonDiscoverable")]), read=False)

    def read_discovery(self):
        out = {"unsupported": {"upnp": NO_API % "UPnP", "bonjour": NO_API % "Bonjour",
                               "snmp": NO_API % "SNMP"}}
        try:
            out["ws_discovery"] = self.read_ws_discovery()
        except UnsupportedCall as exc:  # an optional operation: GetDiscoveryMode
            out["unsupported"]["ws_discovery"] = lacks(exc)
        return out

    def write_discovery(self, values):
        if set(values) - {"ws_discovery"}:
            raise Unsupported(NO_API % ", ".join(sorted(set(values) - {"ws_discovery"})))
        self.write_ws_discovery(values["ws_discovery"])

    # -- network protocols (area `protocols`) -------------------------------------------
    def read_network_protocols(self):
        """{"HTTP": {"enabled": bool, "ports": [..]}, ...} from GetNetworkProtocols."""
        resp = self.call("device", "GetNetworkProtocols")
        out = {}
        for proto in xmltools.children(resp, "NetworkProtocols"):
            ports = [int(p.text) for p in xmltools.children(proto, "Port")
                     if p.text and p.text.strip().isdigit()]
            out[xmltools.text(proto, "Name")] = {
                "enabled": xmltools.as_bool(xmltools.text(proto, "Enabled", "false")),
                "ports": ports}
        return out

    def read_protocols(self):
        out, unsupported = {}, {}
        try:
            found = self.read_network_protocols()
        except UnsupportedCall as exc:  # GetNetworkProtocols is optional in Core
            found, missing = {}, lacks(exc)
        else:
            missing = None
        for name, key in (("HTTP", "http"), ("HTTPS", "https")):
            if missing:
                unsupported[key] = missing
            elif name in found:
                out[key] = found[name]["enabled"]
                if found[name]["ports"]:
                    out[key + "_port"] = found[name]["ports"][0]
            else:
                unsupported[key] = "the camera's GetNetworkProtocols does not list %s" % name
        for key, name, port in (("telnet", "telnet", 23), ("ssh", "SSH", 22), ("ftp", "FTP", 21)):
            unsupported[key] = NO_PROTOCOL_API % (name, port)
        unsupported["http_auth_basic"] = NO_AUTH_POLICY_API
        unsupported["tls_min_version"] = NO_TLS_VERSION_API
        out["unsupported"] = unsupported
        return out

    def write_protocols(self, values):
        if "tls_min_version" in values:
            raise Unsupported(NO_TLS_VERSION_API)
        other = set(values) - {"http", "https"}
        if other:
            raise Unsupported("ONVIF's NetworkProtocols list has only HTTP, HTTPS and RTSP: "
                              "it cannot set %s" % ", ".join(sorted(other)))
        found = self.read_network_protocols()
        entries = []
        for key, name in (("https", "HTTPS"), ("http", "HTTP")):
            if key not in values:
                continue
            ports = (found.get(name) or {}).get("ports") or [DEFAULT_PORTS[name]]
            entries.append(el("tds:NetworkProtocols", children=[
                el("tt:Name", name), el("tt:Enabled", bool(values[key]))]
                + [el("tt:Port", str(p)) for p in ports]))
        # Only the protocols that change: the others keep what the camera has.
        self.call("device", "SetNetworkProtocols",
                  el("tds:SetNetworkProtocols", children=entries), read=False)

    def management_check(self, transport=None):
        """GetDeviceInformation with a login, through `transport` (None: the task's own)."""
        client = OnvifClient(transport or self.transport)
        client.clock_offset = self.clock_offset  # the camera's clock is the same
        client.call("device", "GetDeviceInformation")

    # -- privacy masks (Media2) ---------------------------------------------------------
    def read_privacy_masks(self):
        if not self.has_service("media2"):
            raise Unsupported("the camera offers no ONVIF Media2 service, which is where "
                              "ONVIF defines privacy masks")
        configs = self.call("media2", "GetVideoSourceConfigurations")
        sources = []
        for cfg in xmltools.children(configs, "Configurations"):
            bounds = xmltools.child(cfg, "Bounds")
            sources.append({"token": cfg.get("token"),
                            "width": int(float(bounds.get("width", 0))) if bounds is not None else None,
                            "height": int(float(bounds.get("height", 0))) if bounds is not None else None})
        if not sources:
            return {"video_sources": [], "masks": [], "max_masks": 0}
        try:
            opts = self.call("media2", "GetMaskOptions", el("tr2:GetMaskOptions", children=[
                el("tr2:ConfigurationToken", sources[0]["token"])]))
        except OnvifFault as exc:
            raise Unsupported("the camera does not support privacy masks (%s)" % exc.subcode)
        options = xmltools.child(opts, "Options")
        masks = []
        for source in sources:
            resp = self.call("media2", "GetMasks", el("tr2:GetMasks", children=[
                el("tr2:ConfigurationToken", source["token"])]))
            masks.extend(self._mask_from_xml(m) for m in xmltools.children(resp, "Masks"))
        return {
            "video_sources": sources,
            "max_masks": int(xmltools.text(options, "MaxMasks", "0")),
            "max_points": int(xmltools.text(options, "MaxPoints", "0")),
            "min_points": 3,
            "types": [t.text for t in xmltools.children(options, "Types")],
            "rectangle_only": xmltools.as_bool(options.get("RectangleOnly", "false")),
            "masks": masks,
        }

    def _mask_from_xml(self, node):
        points = []
        for p in xmltools.findall(node, "Polygon/Point"):
            x, y = from_onvif_point(float(p.get("x")), float(p.get("y")))
            points.append([round(x, 4), round(y, 4)])
        color = xmltools.child(node, "Color")
        return {
            "name": node.get("token"),
            "token": node.get("token"),
            "video_source": xmltools.text(node, "ConfigurationToken"),
            "enabled": xmltools.as_bool(xmltools.text(node, "Enabled", "false")),
            "polygon": points,
            "type": xmltools.text(node, "Type"),
            "color": color_name(float(color.get("X")), float(color.get("Y")), float(color.get("Z")))
            if color is not None else None,
        }

    def _mask_to_xml(self, mask, token=None):
        points = [el("tt:Point", attrib={"x": "%.4f" % px, "y": "%.4f" % py})
                  for px, py in (to_onvif_point(x, y) for x, y in mask["polygon"])]
        color = None
        if mask.get("type") == "Color":
            x, y, z = COLORS.get(mask.get("color") or "black", COLORS["black"])
            color = el("tr2:Color", attrib={"X": x, "Y": y, "Z": z, "Colorspace": YCBCR})
        return el("tr2:Mask", attrib={"token": token} if token else None, children=[
            el("tr2:ConfigurationToken", mask["video_source"]),
            el("tr2:Polygon", children=points),
            el("tr2:Type", mask.get("type") or "Color"),
            color,
            el("tr2:Enabled", bool(mask["enabled"])),
        ])

    def apply_masks(self, video_source, changes, final_masks, applied):
        # Deletions first: a camera at its mask limit needs the room for the new ones.
        order = sorted(changes, key=lambda c: {"delete": 0, "update": 1, "create": 2}[c["action"]])
        for change in order:
            if change["action"] == "delete":
                self.call("media2", "DeleteMask", el("tr2:DeleteMask", children=[
                    el("tr2:Token", change["before"]["token"])]), read=False)
            elif change["action"] == "update":
                self.call("media2", "SetMask", el("tr2:SetMask", children=[
                    self._mask_to_xml(change["after"], change["before"]["token"])]), read=False)
            else:
                resp = self.call("media2", "CreateMask", el("tr2:CreateMask", children=[
                    self._mask_to_xml(change["after"])]), read=False)
                if not xmltools.text(resp, "Token"):
                    raise CameraError(self.camera, "ONVIF CreateMask", "no token in the reply")
            applied.append(change)
