# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Driver for Hanwha Wisenet cameras: SUNAPI (sunapi.py) for UPnP, Bonjour, SNMP, HTTP/HTTPS
and TLS versions, privacy masks, the SD card and its encryption, NTP and the accounts
(accounts.py); ONVIF (a helper this driver has, not a base class) for the WS-Discovery
mode, the clock offset and the streaming/wireless reads.

Where each SUNAPI fact comes from: tests/emulator/vendors/hanwha/profiles.md. Firmwares
differ: one that lacks a submenu answers `Error Code 600` (or 608); that one field is then
reported unsupported with the call and the camera's words, and the rest still works (an
older firmware has no `tlsversion`, no `pw_init.cgi`, no SD encryption).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import (
    Driver, discovery_fields, per_field)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha.accounts import (
    NAME_RULE, HanwhaAccounts)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha.sunapi import (
    PW_INIT, SunapiClient, as_bool, wire_bool)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.helper import Onvif
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, Unsupported)

SNMP_VERSIONS = (("v1", "Version1"), ("v2c", "Version2"), ("v3", "Version3"))
# security.cgi ssl Policy [SEEN]: which of HTTP and HTTPS each one serves.
POLICIES = {"HTTP": (True, False), "HTTPSProprietary": (False, True),
            "HTTPSPublic": (False, True), "HTTPandHTTPSProprietary": (True, True),
            "HTTPandHTTPSPublic": (True, True)}
TLS_NAMES = (("TLSv1", "TLSv1_0"), ("TLSv1.1", "TLSv1_1"), ("TLSv1.2", "TLSv1_2"),
             ("TLSv1.3", "TLSv1_3"))
TLS_ORDER = [ours for ours, _theirs in TLS_NAMES]
NO_SERVICE_SWITCH = ("SUNAPI has no %s switch (none in network.cgi or security.cgi); the TCP "
                     "port probe (port %d) can still verify it")
NO_AUTH_POLICY = ("SUNAPI documents Digest authentication only and no setting that says "
                  "whether Basic is accepted over plain HTTP")
NO_SYSLOG = ("SUNAPI has no remote syslog setting (system.cgi's System Log chapter reads the "
             "camera's own log)")
NO_WEB_OFF = "SUNAPI's ssl Policy always serves HTTP or HTTPS: both cannot be off"
NO_ENCRYPTION = ("this firmware's storageinfo has no DASConfig: it cannot encrypt an SD card "
                 "(attribute System/Support/SDCardEncryption)")
# Privacy masks [INF]: points on a 0..1000 grid of the picture, 4 to 8 of them; at most 32.
MASK_GRID = 1000.0
MAX_MASKS = 32
MASK_POINTS = (4, 8)
MASK_COLORS = ("Gray", "Green", "Red", "Blue", "Black", "White")


def first(doc, key):
    """A JSON list reply's first entry (UpnpDiscovery[0]), or the flat text reply."""
    items = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return doc if isinstance(doc, dict) else {}


class HanwhaDriver(Driver):
    vendor = "hanwha"
    # Vendor facts (sources: tests/emulator/vendors/hanwha/profiles.md).
    # Samsung Techwin / early Wisenet firmware shipped admin / 4321 (the web UI sends an
    # admin logging in with 4321 to its change-password page [3P]); SUNAPI 2.5.5 and later
    # ship without a password (pw_init.cgi sets the first one) [SEEN].
    FACTORY_ACCOUNTS = (("admin", "4321"),)
    SNAPSHOT_PATHS = ("/stw-cgi/video.cgi?msubmenu=snapshot&action=view",)  # [3P]
    STREAM_PATHS = ("/profile2/media.smp",)  # [3P]
    # Prefixes before a model name ("Hanwha XNV-8080R" in some ONVIF identities [INF]).
    IDENTITY_PREFIXES = ("hanwha vision ", "hanwha techwin ", "hanwha ", "samsung ", "wisenet ")
    MANUFACTURER_HINTS = ("hanwha", "samsung techwin", "wisenet")  # ONVIF Manufacturer
    # The documented paths above are the ones 5.5.1 asks (media_uris: the base's
    # Unsupported), as for Axis and Hikvision.
    MEDIA_URIS_FROM_CAMERA = False
    MODEL_PREFIXES = ("XNV-", "XND-", "XNO-", "XNB-", "XNP-", "XNF-", "QNV-", "QND-", "QNO-",
                      "PNM-", "PNV-", "PND-", "PNO-", "ANV-", "AND-", "ANO-", "SNB-", "SND-",
                      "SNV-", "SNO-", "TNO-", "TNV-", "LNV-", "LND-", "LNO-")
    account_name_rule = NAME_RULE
    # SUNAPI's users update takes Index, UserID and Password together: areas/accounts.py
    # passes the task's password for that user (update_user's `password`) where given.
    role_change_needs_password = True
    accounts_read_is_onvif = False

    def __init__(self, transport):
        super(HanwhaDriver, self).__init__(transport)
        self.sunapi = SunapiClient(transport)
        self.onvif = Onvif(self)  # has-a: ONVIF where SUNAPI has no call
        self.accounts = HanwhaAccounts(self.sunapi, transport)

    # -- which cameras are Hanwha's --------------------------------------------------
    @classmethod
    def recognises(cls, identity):
        maker = (identity.get("manufacturer") or "").lower()
        model = (identity.get("model") or "").upper()
        return any(p in maker for p in cls.MANUFACTURER_HINTS) or \
            model.startswith(cls.MODEL_PREFIXES)

    @classmethod
    def sniff(cls, transport):
        """pw_init.cgi's statuscheck answers without a login, with its Initialized flag."""
        try:
            resp = transport.request("GET", PW_INIT, params=[("msubmenu", "statuscheck"),
                                                             ("action", "view")],
                                     headers={"Accept": "application/json"}, anonymous=True,
                                     call="SUNAPI pw_init.cgi statuscheck/view (no login)")
            return b'"Initialized"' in resp.content or b"Initialized=" in resp.content
        except (CameraError, ValueError):
            return False

    # -- identity ----------------------------------------------------------------------
    def identity(self):
        info = self.sunapi.view("system", "deviceinfo")
        return {
            "manufacturer": "Hanwha Vision",
            "model": info.get("Model"),
            "firmware": info.get("FirmwareVersion"),
            "serial": info.get("SerialNumber"),
            "hardware_id": info.get("FirmwareGroup"),
            "sunapi_version": info.get("CGIVersion"),
        }

    def capabilities(self):
        caps = self.onvif.capabilities()
        caps["sunapi"] = True
        return caps

    # -- discovery ---------------------------------------------------------------------
    def _snmp_versions(self):
        doc = self.sunapi.view("network", "snmp")
        return [ours for ours, theirs in SNMP_VERSIONS if as_bool(doc.get(theirs, False))]

    def read_discovery(self):
        readers = (
            ("upnp", lambda: as_bool(first(self.sunapi.view("network", "upnpdiscovery"),
                                           "UpnpDiscovery").get("Enable"))),
            ("bonjour", lambda: as_bool(first(self.sunapi.view("network", "bonjour"),
                                              "Bonjour").get("Enable"))),
            ("snmp_versions", self._snmp_versions),
            ("ws_discovery", self.onvif.read_ws_discovery))
        return discovery_fields(readers)

    def write_discovery(self, values):
        for key, submenu in (("upnp", "upnpdiscovery"), ("bonjour", "bonjour")):
            if key in values:
                self.sunapi.write("network", submenu, "set", [("Enable", wire_bool(values[key]))])
        if "snmp" in values or "snmp_versions" in values:
            if values.get("snmp") is False:
                wanted = []
            elif values.get("snmp_versions") is not None:
                wanted = values["snmp_versions"]
            else:
                wanted = self._snmp_versions() or ["v3"]
            self.sunapi.write("network", "snmp", "set", [
                (theirs, wire_bool(ours in wanted)) for ours, theirs in SNMP_VERSIONS])
        if "ws_discovery" in values:
            self.onvif.write_ws_discovery(values["ws_discovery"])

    # -- network protocols (area `protocols`) ----------------------------------------------
    def _policy(self):
        policy = self.sunapi.view("security", "ssl").get("Policy")
        if policy not in POLICIES:
            raise CameraError(self.camera, "SUNAPI security.cgi ssl/view",
                              "unknown Policy %r" % policy)
        return policy

    def _tls(self):
        """{our version name: enabled} from tlsversion (JSON Versions[] or text)."""
        doc = self.sunapi.view("security", "tlsversion")
        found = {}
        if isinstance(doc.get("Versions"), list):
            for entry in doc["Versions"]:
                found[entry.get("Version")] = as_bool(entry.get("Enable"))
        else:
            for key, value in doc.items():
                match = re.match(r"Version\.(TLSv1_\d)\.Enable$", key)
                if match:
                    found[match.group(1)] = as_bool(value)
        return dict((ours, found[theirs]) for ours, theirs in TLS_NAMES if theirs in found)

    def read_protocols(self):
        out, unsupported = {}, {}
        http, https = POLICIES[self._policy()]
        out.update(http=http, https=https)
        for key in ("http", "https"):
            port = per_field(lambda: self.sunapi.view("network", key).get("Port"),
                             key + "_port", unsupported)
            if port is not None and str(port).isdigit():
                out[key + "_port"] = int(port)
        versions = per_field(self._tls, "tls_min_version", unsupported)
        if versions is not None:
            on = [v for v in TLS_ORDER if versions.get(v)]
            out["tls_min_version"] = on[0] if on else None
        for key, name, port in (("ssh", "SSH", 22), ("telnet", "telnet", 23), ("ftp", "FTP", 21)):
            unsupported[key] = NO_SERVICE_SWITCH % (name, port)
        unsupported["http_auth_basic"] = NO_AUTH_POLICY
        out["unsupported"] = unsupported
        return out

    def write_protocols(self, values):
        for key, name, port in (("ssh", "SSH", 22), ("telnet", "telnet", 23), ("ftp", "FTP", 21)):
            if key in values:
                raise Unsupported(NO_SERVICE_SWITCH % (name, port))
        if "tls_min_version" in values:
            versions = self._tls()
            floor = TLS_ORDER.index(values["tls_min_version"])
            self.sunapi.write("security", "tlsversion", "set", [
                ("Version.%s.Enable" % theirs, wire_bool(TLS_ORDER.index(ours) >= floor))
                for ours, theirs in TLS_NAMES if ours in versions])
        if "http" in values or "https" in values:
            policy = self._policy()
            http, https = POLICIES[policy]
            http, https = values.get("http", http), values.get("https", https)
            public = policy.endswith("Public")
            if http and https:
                wanted = "HTTPandHTTPSPublic" if public else "HTTPandHTTPSProprietary"
            elif https:
                wanted = "HTTPSPublic" if public else "HTTPSProprietary"
            elif http:
                wanted = "HTTP"
            else:
                raise Unsupported(NO_WEB_OFF)
            if wanted != policy:
                self.sunapi.write("security", "ssl", "set", [("Policy", wanted)])

    def management_check(self, transport=None):
        """One SUNAPI read through `transport` (None: the task's own), never from a cache."""
        client = SunapiClient(transport) if transport is not None else self.sunapi
        client.view("system", "deviceinfo", fresh=True)

    # -- privacy masks ---------------------------------------------------------------------
    def _mask_doc(self):
        doc = self.sunapi.view("image", "privacy")
        channels = doc.get("PrivacyMask") if isinstance(doc, dict) else None
        if not isinstance(channels, list) or not channels:
            raise CameraError(self.camera, "SUNAPI image.cgi privacy/view",
                              "the reply has no PrivacyMask list")
        return channels[0]

    def read_privacy_masks(self):
        channel = self._mask_doc()
        masks = []
        for mask in channel.get("Masks") or []:
            points = [[round(float(p["x"]) / MASK_GRID, 4), round(float(p["y"]) / MASK_GRID, 4)]
                      for p in mask.get("MaskCoordinate") or []]
            masks.append({
                "name": mask.get("MaskName") or "mask-%s" % mask.get("MaskIndex"),
                "token": str(mask.get("MaskIndex")),
                "video_source": "channel-0",
                "enabled": as_bool(mask.get("Enable", True)),
                "polygon": points,
                "type": "Color",
                "color": (mask.get("MaskColor") or channel.get("CommonMaskColor") or
                          "Gray").lower(),
            })
        return {
            "video_sources": [{"token": "channel-0", "width": int(MASK_GRID),
                               "height": int(MASK_GRID)}],
            "max_masks": MAX_MASKS,
            "max_points": MASK_POINTS[1],
            "min_points": MASK_POINTS[0],
            "types": ["Color"],
            "names": True,
            "area_enabled": as_bool(channel.get("Enable", False)),
            "masks": masks,
        }

    def apply_masks(self, video_source, changes, final_masks, applied):
        """Masks that stay as they are stay; the others are removed and the new definitions
        added (SUNAPI has no update of a mask's points [INF]). Removals go from the last
        index down: a mask's index is its place, which a removal before it would shift."""
        on_camera = dict((m["token"], m) for m in self.read_privacy_masks()["masks"])
        keep = set()
        for mask in final_masks:
            old = on_camera.get(str(mask.get("token")))
            if old and old["name"] == mask["name"] and old["polygon"] == mask["polygon"] and \
                    old["enabled"] == mask["enabled"]:
                keep.add(old["token"])
        for token in sorted(set(on_camera) - keep, key=int, reverse=True):
            self.sunapi.write("image", "privacy", "remove", [("Channel", "0"), ("MaskIndex", token)])
        for mask in final_masks:
            if str(mask.get("token")) in keep:
                continue
            coordinate = ",".join("%d,%d" % (int(round(x * MASK_GRID)), int(round(y * MASK_GRID)))
                                  for x, y in mask["polygon"])
            self.sunapi.write("image", "privacy", "add", [
                ("Channel", "0"), ("MaskName", mask["name"]), ("MaskCoordinate", coordinate),
                ("Enable", wire_bool(mask["enabled"]))] + self._mask_color(mask))
        self.sunapi.write("image", "privacy", "set", [
            ("Channel", "0"), ("Enable", wire_bool(any(m["enabled"] for m in final_masks)))])
        applied.extend(changes)

    @staticmethod
    def _mask_color(mask):
        color = str(mask.get("color") or "").capitalize()
        return [("MaskColor", color)] if color in MASK_COLORS else []

    # -- storage ---------------------------------------------------------------------------
    def read_storage(self):
        doc = self.sunapi.view("system", "storageinfo")
        slots, unsupported = [], {}
        for storage in doc.get("Storages") or []:
            if storage.get("Type") != "DAS":
                continue  # a NAS share is not removable storage
            das = storage.get("DASConfig")
            status = str(storage.get("Status") or "")
            used = _int(storage.get("UsedSpace"))
            slots.append({
                "id": str(storage.get("Storage")),
                "present": status not in ("", "None", "NoCard"),
                "encryption_supported": isinstance(das, dict),
                "encryption_enabled": bool(das and as_bool(das.get("IsDASEncryptEnable"))),
                "encrypted": bool(das and as_bool(das.get("IsSDCardEncrypted"))),
                "locked": status == "Lock",
                "filesystem": (storage.get("FileSystem") or "").lower() or None,
                "status": status.lower(),
                "mounted": as_bool(storage.get("Enable")),
                "recording": bool(as_bool(storage.get("Enable")) and used),
            })
            if not isinstance(das, dict):
                unsupported["encryption"] = NO_ENCRYPTION
        return {"slots": slots, "unsupported": unsupported}

    def enable_storage_encryption(self, slot_id, passphrase):
        self.sunapi.secret_write(
            "system", "storageinfo", "set",
            [("Storage", str(slot_id)), ("Enable", "True"), ("IsDASEncryptEnable", "True")],
            {"NewDASPassword": passphrase}, "IsNewDASPasswordEncrypted",
            wrap=lambda b64: "<SDEncryption><NewDASPassword>%s</NewDASPassword></SDEncryption>" % b64)

    def format_storage(self, slot_id):
        """storageinfo control Mode=Format [SEEN]; the encryption enabled before takes
        effect with it [INF]."""
        self.sunapi.write("system", "storageinfo", "control",
                          [("Storage", str(slot_id)), ("Mode", "Format")])

    def mount_storage(self, slot_id):
        """storageinfo set Storage=<n>&Enable=True ("Enabling storage 1") [SEEN]."""
        self.sunapi.write("system", "storageinfo", "set",
                          [("Storage", str(slot_id)), ("Enable", "True")])

    # -- time and logging ------------------------------------------------------------------
    def read_time(self):
        doc = self.sunapi.view("system", "date")
        servers = [s.strip() for s in str(doc.get("NTPURLList") or "").split(",") if s.strip()]
        out = {"ntp": doc.get("SyncType") == "NTP", "ntp_servers": servers,
               "from_dhcp": False, "max_servers": None, "unsupported": {}}
        return self.onvif.time_logging.with_offset(out)

    def write_time(self, values, current):
        ntp = values.get("ntp", current.get("ntp"))
        servers = values.get("ntp_servers", current.get("ntp_servers") or [])
        params = [("SyncType", "NTP" if ntp else "Manual")]
        if "ntp_servers" in values or ntp:
            params.append(("NTPURLList", ",".join(servers)))
        self.sunapi.write("system", "date", "set", params)

    def read_logging(self):
        raise Unsupported(NO_SYSLOG)

    def write_logging(self, values, current):
        raise Unsupported(NO_SYSLOG)

    # -- accounts (accounts.py) -------------------------------------------------------------
    def read_accounts(self):
        return self.accounts.read()

    def create_user(self, name, role, password):
        self.accounts.create(name, role, password)

    def update_user(self, name, role, current, password=None):
        self.accounts.update(name, role, current, password)

    def delete_user(self, name, current):
        self.accounts.delete(name, current)

    def write_access(self, values, current):
        self.accounts.write_access(values, current)

    def password_self_check(self):
        return self.accounts.self_check()

    def calls_without_login(self):
        """ONVIF's, and SUNAPI's device information (5.4.1)."""
        def device_info(transport):
            call = "SUNAPI system.cgi deviceinfo/view"
            return transport.request("GET", "/stw-cgi/system.cgi", call=call, params=[
                ("msubmenu", "deviceinfo"), ("action", "view")])
        return self.onvif.accounts.calls_without_login() + [
            ("SUNAPI system.cgi deviceinfo/view", device_info)]

    def user_lists_disclosing_passwords(self, current):
        # The accounts read is SUNAPI's own: ONVIF GetUsers is asked too.
        return self.onvif.accounts.user_lists_disclosing_passwords(
            current, accounts_read_is_onvif=False)

    # -- ONVIF reads (the helper) ---------------------------------------------------------
    def read_streaming(self):
        return self.onvif.streams.read_streaming()

    def read_wireless(self):
        return self.onvif.streams.read_wireless()

    def read_ws_discovery(self):
        return self.onvif.read_ws_discovery()

    def clock_offset(self):
        return self.onvif.time_logging.clock_offset()


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None
