# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Driver for Hikvision cameras: ISAPI for UPnP, SNMP, Bonjour, privacy masks, the SD
card and the network protocols (adminAccesses, ssh, telnetd); ONVIF for the WS-Discovery
mode.

Firmwares differ (tests/emulator/profiles/hikvision.md has the recordings): a resource one
lacks (SNMP, ssh, telnetd, Bonjour) answers notSupport at HTTP 403 or 404, and makes that
one field unsupported, with the call and the camera's words, while the others still read
and apply. Bonjour is an entry of /ISAPI/Security/adminAccesses on V5.5 and later, read and
written there; /ISAPI/System/Network/Bonjour is only asked where the list has no such
entry. The SD card's encryption status is the <Encryption><encryptionStatus> of each hdd in
/ISAPI/ContentMgmt/Storage where the firmware reports it; no recording shows a call that
turns encryption on, so that stays unsupported."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import (
    Driver, discovery_fields, per_field)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.accounts import (
    NAME_RULE, HikvisionAccounts)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.streams import HikvisionStreams
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.time_logging import HikvisionTimeLogging
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.helper import Onvif
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, Unsupported, UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.isapi import IsapiClient, set_text, sub

UPNP = "/ISAPI/System/Network/UPnP"
SNMP = "/ISAPI/System/Network/SNMP"
BONJOUR = "/ISAPI/System/Network/Bonjour"  # unverified on real firmware (reference §2.2)
BONJOUR_ENTRY = "BONJOUR"  # its adminAccesses entry (V5.5 and later) [SEEN]
MASKS = "/ISAPI/System/Video/inputs/channels/%d/privacyMask"
STORAGE = "/ISAPI/ContentMgmt/Storage"
ADMIN_ACCESSES = "/ISAPI/Security/adminAccesses"  # [3P observed]
SSH = "/ISAPI/System/Network/ssh"  # [3P observed]
TELNETD = "/ISAPI/System/Network/telnetd"  # path [SEEN], <Telnetd><enabled> body [INF]
NO_FTP_API = ("ISAPI has no switch for an FTP server (none in the reference); the TCP port "
              "probe (port 21) can still verify it")
NO_AUTH_POLICY_API = ("the reference documents no ISAPI setting that says whether Basic "
                      "authentication is accepted over plain HTTP")
# The HTTPS entry of adminAccesses carries one switch per old TLS version. Hikvision's ISAPI
# developer guide (change history, XML_AdminAccessProtocol) added <TLS1_0Enable>,
# <TLS1_1Enable> and <TLS1_2Enable>, "whether to enable TLS v1.0 / v1.1 / v1.2" [SEEN: a
# public copy of the guide]; a capture of a DS-7716NI-I4/16P recorder (V4.61.030) shows
# <TLS1_1Enable> and <TLS1_2Enable> in its HTTPS entry [3P observed]; the reference saw the
# same two in a client's payload [3P]. V5.7 and later firmware adds <TLS1_3Enable> [SEEN:
# recordings of G2 cameras]; where it is absent TLS 1.3 has no switch (on wherever the
# firmware has it). Without <TLS1_0Enable>, TLS 1.0 is taken to follow TLS1_1Enable [INF].
TLS_SWITCHES = (("TLS1_0Enable", "TLSv1"), ("TLS1_1Enable", "TLSv1.1"), ("TLS1_2Enable", "TLSv1.2"),
                ("TLS1_3Enable", "TLSv1.3"))
TLS_ORDER = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
NO_TLS_SWITCHES = ("the HTTPS entry of %s carries no TLS1_1Enable / TLS1_2Enable switches on this "
                   "firmware" % ADMIN_ACCESSES)
NO_TLS12_SWITCH = ("the HTTPS entry of %s has no TLS1_2Enable switch on this firmware, so TLS 1.2 "
                   "cannot be turned off" % ADMIN_ACCESSES)
NO_ENCRYPTION_WRITE = ("Hikvision ISAPI has no SD-card encryption endpoint that turns encryption "
                       "on (the card's status is read from <Encryption> in %s where the "
                       "firmware reports it)" % STORAGE)
SNMP_SECTIONS = {"v1": "SNMPv1c", "v2c": "SNMPv2c", "v3": "SNMPAdvanced"}
# The channel's "normalized screen" grid when the camera does not say otherwise.
DEFAULT_SCREEN = (704, 576)


class HikvisionDriver(Driver):
    vendor = "hikvision"
    # Firmware before 5.3 shipped with admin/12345; later firmware must be "activated"
    # with a new password (the vendor's quick-start guides).
    FACTORY_ACCOUNTS = (("admin", "12345"),)
    SNAPSHOT_PATHS = ("/ISAPI/Streaming/channels/101/picture",)
    STREAM_PATHS = ("/Streaming/Channels/101",)
    IDENTITY_PREFIXES = ("hikvision ", "hik ")
    account_name_rule = NAME_RULE

    @classmethod
    def recognises(cls, identity):
        # "HIKVISION", or "Hikvision Digital Technology" and the like: any "hik".
        return "hik" in (identity.get("manufacturer") or "").lower()

    def __init__(self, transport):
        super(HikvisionDriver, self).__init__(transport)
        self.isapi = IsapiClient(transport)
        self.onvif = Onvif(self)  # the WS-Discovery mode and the clock
        self.accounts = HikvisionAccounts(self)
        self.time_logging = HikvisionTimeLogging(self)
        self.streams = HikvisionStreams(self)

    def identity(self):
        info = self.isapi.get("/ISAPI/System/deviceInfo")
        return {
            "manufacturer": "HIKVISION",
            "model": xmltools.text(info, "model"),
            "firmware": xmltools.text(info, "firmwareVersion"),
            "serial": xmltools.text(info, "serialNumber"),
            "hardware_id": xmltools.text(info, "hardwareVersion"),
        }

    # -- discovery -------------------------------------------------------------------
    def _enabled(self, path):
        return xmltools.as_bool(xmltools.text(self.isapi.get(path), "enabled", "false"))

    def _snmp_versions(self):
        snmp = self.isapi.get(SNMP)
        return [v for v, section in sorted(SNMP_SECTIONS.items())
                if xmltools.as_bool(xmltools.text(snmp, section + "/enabled", "false"))]

    def _bonjour_entry(self):
        """(adminAccesses document, its Bonjour entry), or (None, None) where the list has
        no Bonjour entry (older firmware) or the firmware has no adminAccesses."""
        try:
            doc = self.isapi.get(ADMIN_ACCESSES)
        except UnsupportedCall:
            return None, None
        entry = self._admin_access(doc, BONJOUR_ENTRY)
        return (doc, entry) if entry is not None else (None, None)

    def _read_bonjour(self):
        _doc, entry = self._bonjour_entry()
        if entry is not None:
            return xmltools.as_bool(xmltools.text(entry, "enabled", "false"))
        return self._enabled(BONJOUR)

    def read_discovery(self):
        readers = (("upnp", lambda: self._enabled(UPNP)), ("bonjour", self._read_bonjour),
                   ("snmp_versions", self._snmp_versions),
                   ("ws_discovery", self.onvif.read_ws_discovery))
        return discovery_fields(readers)

    def _write_bonjour(self, on):
        doc, entry = self._bonjour_entry()
        if entry is None:
            doc = self.isapi.get(BONJOUR)
            set_text(doc, "enabled", on)
            self.isapi.put(BONJOUR, doc)
            return
        set_text(entry, "enabled", on)
        self.isapi.put(ADMIN_ACCESSES, doc)

    def write_discovery(self, values):
        if "upnp" in values:
            doc = self.isapi.get(UPNP)
            set_text(doc, "enabled", values["upnp"])
            self.isapi.put(UPNP, doc)
        if "bonjour" in values:
            self._write_bonjour(values["bonjour"])
        if "snmp" in values or "snmp_versions" in values:
            doc = self.isapi.get(SNMP)
            if values.get("snmp") is False:
                wanted = []
            elif values.get("snmp_versions") is not None:
                wanted = values["snmp_versions"]
            else:
                wanted = [v for v, s in SNMP_SECTIONS.items()
                          if xmltools.as_bool(xmltools.text(doc, s + "/enabled", "false"))] or ["v3"]
            for version, section in SNMP_SECTIONS.items():
                set_text(doc, section + "/enabled", version in wanted)
            self.isapi.put(SNMP, doc)
        if "ws_discovery" in values:
            self.onvif.write_ws_discovery(values["ws_discovery"])

    # -- network protocols (area `protocols`) -------------------------------------------
    def _admin_access(self, doc, protocol):
        for entry in xmltools.findall(doc, "AdminAccessProtocol"):
            if (xmltools.text(entry, "protocol") or "").upper() == protocol:
                return entry
        return None

    def _admin_entry(self, doc, protocol):
        entry = self._admin_access(doc, protocol)
        if entry is None:
            raise CameraError(self.camera, "ISAPI GET %s" % ADMIN_ACCESSES,
                              "no %s entry to change" % protocol)
        return entry

    def _read_entries(self, doc, protocols, out, unsupported, enabled_when_unsaid):
        """Each (protocol, key) entry of adminAccesses into out[key] and out[key_port]; an
        entry this firmware does not list is unsupported for that key alone."""
        for protocol, key in protocols:
            entry = self._admin_access(doc, protocol)
            if entry is None:
                unsupported[key] = "%s lists no %s entry on this firmware" % (ADMIN_ACCESSES, protocol)
                continue
            out[key] = xmltools.as_bool(xmltools.text(entry, "enabled", enabled_when_unsaid))
            port = xmltools.text(entry, "portNo")
            if port and port.isdigit():
                out[key + "_port"] = int(port)

    def read_protocols(self):
        doc = self.isapi.get(ADMIN_ACCESSES)
        out, unsupported = {}, {}
        self._read_entries(doc, (("HTTP", "http"), ("HTTPS", "https")), out, unsupported, "false")
        self._read_tls_floor(self._admin_access(doc, "HTTPS"), out, unsupported)
        for key, path in (("ssh", SSH), ("telnet", TELNETD)):
            value = per_field(lambda: self._enabled(path), key, unsupported)
            if key not in unsupported:
                out[key] = value
        unsupported["ftp"] = NO_FTP_API
        unsupported["http_auth_basic"] = NO_AUTH_POLICY_API
        out["unsupported"] = unsupported
        return out

    @staticmethod
    def _tls_switches(entry):
        """[(tag, version, on)] of the TLS switches the HTTPS entry carries."""
        if entry is None:
            return []
        return [(tag, version, xmltools.as_bool(xmltools.text(entry, tag)))
                for tag, version in TLS_SWITCHES if xmltools.text(entry, tag) is not None]

    def _read_tls_floor(self, entry, out, unsupported):
        switches = self._tls_switches(entry)
        if not [s for s in switches if s[0] != "TLS1_0Enable"]:
            unsupported["tls_min_version"] = NO_TLS_SWITCHES
            return
        on = [version for _tag, version, enabled in switches if enabled]
        have = dict((tag, enabled) for tag, _v, enabled in switches)
        if "TLS1_2Enable" not in have:
            on.append("TLSv1.2")  # no switch: it cannot be off
            unsupported["tls_min_version=TLSv1.3"] = NO_TLS12_SWITCH
        if "TLS1_3Enable" not in have:
            on.append("TLSv1.3")  # no switch: on wherever the firmware has it
        out["tls_min_version"] = min(on, key=TLS_ORDER.index) if on else "TLSv1.3"

    def _set_tls_floor(self, entry, version):
        """Every switch of a version older than `version` off, the others on."""
        switches = self._tls_switches(entry)
        if version == "TLSv1.3" and "TLS1_2Enable" not in [s[0] for s in switches]:
            raise Unsupported(NO_TLS12_SWITCH)
        if not switches:
            raise Unsupported(NO_TLS_SWITCHES)
        for tag, covered, _on in switches:
            set_text(entry, tag, TLS_ORDER.index(covered) >= TLS_ORDER.index(version))

    def write_protocols(self, values):
        if "ftp" in values:
            raise Unsupported(NO_FTP_API)
        web = [(p, values[k]) for k, p in (("https", "HTTPS"), ("http", "HTTP")) if k in values]
        if web or "tls_min_version" in values:
            doc = self.isapi.get(ADMIN_ACCESSES)
            for protocol, on in web:
                set_text(self._admin_entry(doc, protocol), "enabled", on)
            if "tls_min_version" in values:
                self._set_tls_floor(self._admin_entry(doc, "HTTPS"), values["tls_min_version"])
            self.isapi.put(ADMIN_ACCESSES, doc)
        for key, path in (("ssh", SSH), ("telnet", TELNETD)):
            if key in values:
                doc = self.isapi.get(path)
                set_text(doc, "enabled", values[key])
                self.isapi.put(path, doc)

    def management_check(self, transport=None):
        IsapiClient(transport or self.t).get("/ISAPI/System/deviceInfo")

    # -- privacy masks ------------------------------------------------------------------
    def read_privacy_masks(self):
        doc = self.isapi.get(MASKS % 1)
        width, height = self._screen(doc)
        caps = self._mask_caps()
        masks = []
        for region in xmltools.findall(doc, "PrivacyMaskRegionList/PrivacyMaskRegion"):
            points = [[round(float(xmltools.text(c, "positionX")) / width, 4),
                       round(float(xmltools.text(c, "positionY")) / height, 4)]
                      for c in xmltools.findall(region, "RegionCoordinatesList/RegionCoordinates")]
            region_id = xmltools.text(region, "id")
            masks.append({
                "name": "region-%s" % region_id,
                "token": region_id,
                "video_source": "channel-1",
                "enabled": xmltools.as_bool(xmltools.text(region, "enabled", "true")),
                "polygon": points,
                "type": "Color",
                "color": xmltools.text(region, "maskType") or "black",
            })
        return {
            "video_sources": [{"token": "channel-1", "width": width, "height": height}],
            "max_masks": caps["max_masks"],
            "max_points": 4,
            "min_points": 4,
            "types": ["Color"],
            "area_enabled": xmltools.as_bool(xmltools.text(doc, "enabled", "false")),
            "masks": masks,
        }

    def _mask_caps(self):
        try:
            caps = self.isapi.get((MASKS % 1) + "/capabilities")
        except CameraError:
            return {"max_masks": 4}
        found = xmltools.iter_local(caps, "maxRegionNum") or xmltools.iter_local(caps, "maxRegions")
        return {"max_masks": int(found[0].text) if found and found[0].text else 4}

    @staticmethod
    def _screen(doc):
        w = xmltools.text(doc, "normalizedScreenSize/normalizedScreenWidth")
        h = xmltools.text(doc, "normalizedScreenSize/normalizedScreenHeight")
        return (int(w) if w else DEFAULT_SCREEN[0]), (int(h) if h else DEFAULT_SCREEN[1])

    def apply_masks(self, video_source, changes, final_masks, applied):
        # ISAPI takes the whole region list in one PUT: write the final list.
        doc = self.isapi.get(MASKS % 1)
        width, height = self._screen(doc)
        set_text(doc, "enabled", any(m["enabled"] for m in final_masks) or bool(final_masks))
        region_list = xmltools.child(doc, "PrivacyMaskRegionList")
        if region_list is None:
            region_list = sub(doc, "PrivacyMaskRegionList")
        for old in list(region_list):
            region_list.remove(old)
        for region_id, mask in zip(_region_ids(final_masks), final_masks):
            region = sub(region_list, "PrivacyMaskRegion")
            sub(region, "id", region_id)
            sub(region, "enabled", "true" if mask["enabled"] else "false")
            coords = sub(region, "RegionCoordinatesList")
            for x, y in mask["polygon"]:
                point = sub(coords, "RegionCoordinates")
                sub(point, "positionX", int(round(x * width)))
                sub(point, "positionY", int(round(y * height)))
        self.isapi.put(MASKS % 1, doc)
        applied.extend(changes)

    # -- storage -----------------------------------------------------------------------
    def read_storage(self):
        """Every hdd of the Storage document, whatever namespace its list is nested in
        (ver10 inside ver20 on most firmware). A card whose firmware reports no
        <Encryption> block (V5.2) is taken as not encrypted: that firmware cannot encrypt
        a card at all."""
        doc = self.isapi.get(STORAGE)
        slots = []
        for hdd in xmltools.iter_local(doc, "hdd"):
            status = (xmltools.text(hdd, "status") or "").lower()
            capacity = _int(xmltools.text(hdd, "capacity"))
            free = _int(xmltools.text(hdd, "freeSpace"))
            encryption = (xmltools.text(hdd, "Encryption/encryptionStatus") or "").strip()
            # "verfyFailed" (Hikvision's spelling): encrypted, but the password did not verify
            encrypted = encryption in ("encrypted", "verfyFailed")
            slots.append({
                "id": xmltools.text(hdd, "id"),
                "present": status not in ("notexist", "absent", ""),
                "encryption_supported": False,
                "encryption_enabled": encrypted,
                "encrypted": encrypted,
                "locked": encryption == "verfyFailed",
                "filesystem": xmltools.text(hdd, "formatType"),
                "status": status,
                "recording": bool(capacity and free is not None and free < capacity),
            })
        return {"slots": slots, "unsupported": {"encryption": NO_ENCRYPTION_WRITE}}

    # -- from ONVIF (the Onvif helper) --------------------------------------------------
    def capabilities(self):
        return self.onvif.capabilities()

    def clock_offset(self):
        return self.onvif.time_logging.clock_offset()

    # -- time and logging (time_logging.py) ----------------------------------------------
    def read_time(self):
        return self.time_logging.read_time()

    def write_time(self, values, current):
        self.time_logging.write_time(values, current)

    def read_logging(self):
        return self.time_logging.read_logging()

    def write_logging(self, values, current):
        self.time_logging.write_logging(values, current)

    # -- accounts (accounts.py) -------------------------------------------------------
    def calls_without_login(self):
        return self.accounts.calls_without_login()

    def user_lists_disclosing_passwords(self, current):
        # The accounts read is the vendor's own: ONVIF GetUsers is asked too.
        return self.onvif.accounts.user_lists_disclosing_passwords(
            current, accounts_read_is_onvif=False)

    def read_accounts(self):
        return self.accounts.read_accounts()

    def create_user(self, name, role, password):
        self.accounts.create_user(name, role, password)

    def update_user(self, name, role, current):
        self.accounts.update_user(name, role, current)

    def delete_user(self, name, current):
        self.accounts.delete_user(name, current)

    def write_access(self, values, current):
        self.accounts.write_access(values, current)

    def password_self_check(self):
        return self.accounts.password_self_check()

    # -- streaming and wireless (streams.py) ------------------------------------------
    def read_streaming(self):
        return self.streams.read_streaming()

    def read_wireless(self):
        return self.streams.read_wireless()


def _region_ids(masks):
    """Regions already on the camera keep their id (the user's other tools and the camera's
    own UI know them by it); new ones take the lowest free ids."""
    kept = [int(m["token"]) if str(m.get("token", "")).isdigit() else None for m in masks]
    free = (i for i in range(1, len(masks) + len(kept) + 1) if i not in kept)
    return [k if k is not None else next(free) for k in kept]


def _int(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None
