# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Driver for Dahua cameras and their OEMs (Amcrest, ...): HTTP CGI for identity,
discovery (UPnP, Bonjour, SNMP), the network protocols, privacy masks (VideoWidget
covers), the SD card, NTP and the accounts; RPC2 for SD-card encryption, the one setting
found only there; ONVIF (composed, not inherited) for WS-Discovery, the clock offset,
the media URIs, the streams (plain RTSP and Media2's RTSPS) and the wireless interfaces.

Firmwares differ (tests/emulator/vendors/dahua/profiles.md): a configuration table one
lacks (Bonjour, SSHD, LoginFailureAlarm on older firmware) answers `Error` at HTTP 400
and makes that one field unsupported, with the call and the camera's words, while the
others still read and apply."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import (
    Driver, discovery_fields, per_field)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua import (
    accounts, masks, storage)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua.cgi import (
    CgiClient, as_bool)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua.rpc2 import (
    LOGIN_CHALLENGE, LOGIN_PATH, Rpc2Client)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.helper import Onvif
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, Unsupported, UnsupportedCall)

SNMP_KEYS = (("v1", "V1Enable"), ("v2c", "V2Enable"), ("v3", "V3Enable"))  # keys [INF]
NO_FTP_API = ("no Dahua CGI configuration for an FTP server was found in any public client; "
              "the TCP port probe (port 21) can still verify it")
NO_TLS_API = ("no Dahua CGI or RPC2 setting for the TLS versions was found in any public "
              "client; the TLS probe still shows what the HTTPS port accepts")
NO_AUTH_POLICY_API = ("no Dahua setting says whether Basic authentication is accepted over "
                      "plain HTTP (python-amcrest sends Basic first and the cameras take it)")
NO_SYSLOG = ("no Dahua configuration name for remote syslog was found in any public client "
             "(CGI or RPC2), so log forwarding can be neither read nor set over the API: "
             "configure it in the camera's own interface and record the evidence for 5.2.7")


class DahuaDriver(Driver):
    vendor = "dahua"
    # Vendor facts (sources: tests/emulator/vendors/dahua/profiles.md).
    FACTORY_ACCOUNTS = (("admin", "admin"),)
    SNAPSHOT_PATHS = ("/cgi-bin/snapshot.cgi?channel=1",)
    STREAM_PATHS = ("/cam/realmonitor?channel=1&subtype=0",
                    "/cam/realmonitor?channel=1&subtype=1")
    # Lower-case prefixes before model names ("DH-IPC-HDW3849HP-AS-PV", "Dahua IPC-...").
    IDENTITY_PREFIXES = ("dahua ", "amcrest ", "dhi-", "dh-")
    MEDIA_URIS_FROM_CAMERA = True  # ONVIF Media names them
    MANUFACTURERS = ("dahua", "amcrest")
    CANNOT = {"ftp": NO_FTP_API, "tls_min_version": NO_TLS_API, "logging": NO_SYSLOG,
              "http_auth_basic": NO_AUTH_POLICY_API}
    account_name_rule = accounts.NAME_RULE

    def __init__(self, transport):
        super(DahuaDriver, self).__init__(transport)
        self.cgi = CgiClient(transport)
        self.rpc2 = Rpc2Client(transport)
        self.onvif = Onvif(self)

    # -- which cameras are Dahua's ---------------------------------------------------------
    @classmethod
    def recognises(cls, identity):
        maker = (identity.get("manufacturer") or "").lower()
        return any(name in maker for name in cls.MANUFACTURERS)

    @classmethod
    def sniff(cls, transport):
        """The first step of an RPC2 login, which carries no password: a Dahua device
        answers it with its login challenge (error 268632079 and a realm)."""
        try:
            resp = transport.request("POST", LOGIN_PATH, idempotent=False, anonymous=True,
                                     call="RPC2 global.login (challenge only)", json={
                                         "method": "global.login", "id": 1, "params": {
                                             "userName": "", "password": "",
                                             "clientType": "Web3.0"}})
            reply = resp.json()
        except (CameraError, ValueError):
            return False
        error = reply.get("error") if isinstance(reply, dict) else None
        return isinstance(error, dict) and error.get("code") == LOGIN_CHALLENGE \
            and bool((reply.get("params") or {}).get("realm"))

    # -- from ONVIF (the Onvif helper) ------------------------------------------------------
    def capabilities(self):
        return self.onvif.capabilities()

    def clock_offset(self):
        return self.onvif.time_logging.clock_offset()

    def calls_without_login(self):
        """The ONVIF calls, and the CGI's device type (5.4.1)."""
        def device_type(transport):
            return transport.request("GET", "/cgi-bin/magicBox.cgi",
                                     params=[("action", "getDeviceType")],
                                     call="CGI magicBox getDeviceType")
        return self.onvif.accounts.calls_without_login() + [
            ("CGI magicBox getDeviceType", device_type)]

    def user_lists_disclosing_passwords(self, current):
        # The accounts read is the CGI's: ONVIF GetUsers is asked too.
        return self.onvif.accounts.user_lists_disclosing_passwords(
            current, accounts_read_is_onvif=False)

    def media_uris(self):
        return self.onvif.media.media_uris()

    def read_wireless(self):
        return self.onvif.streams.read_wireless()

    # -- identity --------------------------------------------------------------------------
    def _magic(self, action, key):
        return self.cgi.action("magicBox", action).get(key)

    def identity(self):
        vendor = None
        try:
            vendor = self._magic("getVendor", "vendor")
        except UnsupportedCall:
            pass  # older firmware: no getVendor [INF]
        hardware = None
        try:
            hardware = self._magic("getHardwareVersion", "version")
        except UnsupportedCall:
            pass
        return {
            "manufacturer": vendor or "Dahua",
            "model": self._magic("getDeviceType", "type"),
            "firmware": self._magic("getSoftwareVersion", "version"),
            "serial": self._magic("getSerialNo", "sn"),
            "hardware_id": hardware,
        }

    def management_check(self, transport=None):
        """From the camera, never the cache: a fresh client's read."""
        CgiClient(transport or self.t).action("magicBox", "getDeviceType", fresh=True)

    # -- discovery -------------------------------------------------------------------------
    def _enabled(self, name):
        return as_bool(self.cgi.get_config(name).get("Enable"))

    def _snmp_versions(self):
        table = self.cgi.get_config("SNMP")
        if not as_bool(table.get("Enable")):
            return []
        return [version for version, key in SNMP_KEYS if as_bool(table.get(key))]

    def read_discovery(self):
        readers = (("upnp", lambda: self._enabled("UPnP")),
                   ("bonjour", lambda: self._enabled("Bonjour")),
                   ("snmp_versions", self._snmp_versions),
                   ("ws_discovery", self.onvif.read_ws_discovery))
        return discovery_fields(readers)

    def write_discovery(self, values):
        if "upnp" in values:
            self.cgi.set_config("UPnP", [("Enable", bool(values["upnp"]))])
        if "bonjour" in values:
            self.cgi.set_config("Bonjour", [("Enable", bool(values["bonjour"]))])
        if "snmp" in values or "snmp_versions" in values:
            if values.get("snmp") is False:
                wanted = []
            elif values.get("snmp_versions") is not None:
                wanted = list(values["snmp_versions"])
            else:
                wanted = self._snmp_versions() or ["v3"]
            self.cgi.set_config("SNMP", [("Enable", bool(wanted))] + [
                (key, version in wanted) for version, key in SNMP_KEYS])
        if "ws_discovery" in values:
            self.onvif.write_ws_discovery(values["ws_discovery"])

    # -- network protocols -----------------------------------------------------------------
    def _service(self, name, key, out, unsupported):
        table = per_field(lambda: self.cgi.get_config(name), key, unsupported)
        if key in unsupported:
            return
        out[key] = as_bool(table.get("Enable"))
        port = table.get("Port", "")
        if port.isdigit():
            out[key + "_port"] = int(port)

    def read_protocols(self):
        out, unsupported = {}, {}
        for name, key in (("Web", "http"), ("Https", "https"), ("SSHD", "ssh"),
                          ("Telnet", "telnet")):
            self._service(name, key, out, unsupported)
        for key in ("ftp", "tls_min_version", "http_auth_basic"):
            unsupported[key] = self.CANNOT[key]
        out["unsupported"] = unsupported
        return out

    def write_protocols(self, values):
        for key in ("ftp", "tls_min_version", "http_auth_basic"):
            if key in values:
                raise Unsupported(self.CANNOT[key])
        # HTTPS on before HTTP off, so a management path stays open throughout.
        for key, name in (("https", "Https"), ("http", "Web"), ("ssh", "SSHD"),
                          ("telnet", "Telnet")):
            if key in values:
                self.cgi.set_config(name, [("Enable", bool(values[key]))])

    # -- streaming -------------------------------------------------------------------------
    def read_streaming(self):
        """Over ONVIF, as the camera itself says: no Dahua CGI or RPC2 setting for an
        encrypted stream is public, but a firmware with Media2 says in its service
        capabilities whether it streams over RTSPS (SecureRTSPStreaming) and answers
        GetStreamUri RtspsUnicast when it does; one without Media2 is reported so."""
        return self.onvif.streams.read_streaming()

    # -- time ------------------------------------------------------------------------------
    def read_time(self):
        table = self.cgi.get_config("NTP")
        server = table.get("Address") or ""
        out = {"ntp": as_bool(table.get("Enable")), "ntp_servers": [server] if server else [],
               "from_dhcp": False, "max_servers": 1, "unsupported": {}}
        offset, reason = self.clock_offset()
        out["offset_s"] = offset
        if reason:
            out["unsupported"]["offset_s"] = reason
        return out

    def write_time(self, values, current):
        changes = []
        if "ntp_servers" in values:
            servers = list(values["ntp_servers"])
            if len(servers) > 1:
                raise Unsupported("Dahua's NTP configuration holds one server (NTP.Address); "
                                  "%d were given" % len(servers))
            changes.append(("Address", servers[0] if servers else ""))
        if "ntp" in values:
            changes.append(("Enable", bool(values["ntp"])))
        if changes:
            self.cgi.set_config("NTP", changes)

    def read_logging(self):
        raise Unsupported(NO_SYSLOG)

    def write_logging(self, values, current):
        raise Unsupported(NO_SYSLOG)

    # -- areas in their own files -----------------------------------------------------------
    def read_privacy_masks(self):
        return masks.read(self)

    def apply_masks(self, video_source, changes, final_masks, applied):
        masks.apply(self, changes, final_masks, applied)

    def read_storage(self):
        return storage.read(self)

    def enable_storage_encryption(self, slot_id, passphrase):
        storage.encrypt(self, slot_id, passphrase)

    def format_storage(self, slot_id):
        storage.format_card(self, slot_id)

    def mount_storage(self, slot_id):
        storage.mount(self, slot_id)

    def read_accounts(self):
        return accounts.read(self)

    def password_self_check(self):
        raise Unsupported(accounts.NO_SELF_CHECK)

    def create_user(self, name, role, password):
        accounts.create(self, name, role, password)

    def update_user(self, name, role, current):
        accounts.update(self, name, role)

    def delete_user(self, name, current):
        accounts.delete(self, name)

    def write_access(self, values, current):
        accounts.write_access(self, values)
