# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Driver for Axis cameras: VAPIX for UPnP, Bonjour, SNMP, edge storage and the network
protocols (HTTPS, BoaGroupPolicy, FTP, ssh.cgi); ONVIF (which Axis cameras serve too) for
the WS-Discovery mode, Media2 privacy masks and the HTTP port number."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.accounts import NAME_RULE, AxisAccounts
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.streams import AxisStreams
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.time_logging import AxisTimeLogging
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import Driver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.helper import Onvif
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, DeviceFault, Unsupported, UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.vapix import VapixClient

UPNP = "root.Network.UPnP.Enabled"
BONJOUR = "root.Network.Bonjour.Enabled"
SNMP = "root.SNMP.Enabled"
SNMP_VERSION_PARAMS = {"v1": "root.SNMP.V1", "v2c": "root.SNMP.V2c", "v3": "root.SNMP.V3"}
DISCOVERY_GROUPS = ["root.Network.UPnP", "root.Network.Bonjour", "root.SNMP"]
ABSENT_DISK_STATUS = ("disconnected", "not present", "notpresent", "missing")
# Statuses of a card that is there but not mounted: the camera does not record to it.
# Encryption enabled on a card not yet formatted shows as "not encrypted" (reference).
UNMOUNTED_DISK_STATUS = ABSENT_DISK_STATUS + ("not encrypted", "no passphrase",
                                              "wrong passphrase")
HTTPS = "root.HTTPS.Enabled"
HTTPS_PORT = "root.HTTPS.Port"
BOA_GROUPS = ["root.System.BoaGroupPolicy.admin", "root.System.BoaGroupPolicy.operator",
              "root.System.BoaGroupPolicy.viewer"]
FTP = "root.Network.FTP.Enabled"
AUTH_POLICY = "root.Network.HTTP.AuthenticationPolicy"
SSH_GROUP = "root.Network.SSH"
SSH_PARAM = "root.Network.SSH.Enabled"
# Identity where basicdeviceinfo.cgi is absent (5.x): names recorded on a P5512 5.51.7.
IDENTITY_GROUPS = ["root.Brand", "root.Properties.Firmware", "root.Properties.System"]
FIRMWARE_VERSION = "root.Properties.Firmware.Version"
PROTOCOL_GROUPS = ["root.HTTPS", "root.System.BoaGroupPolicy", "root.Network.HTTP",
                   "root.Network.FTP"]
NO_TELNET_API = ("VAPIX has no API for telnet (none found in the reference); the TCP port "
                 "probe (port 23) can still verify it")
# The HTTPS server's old protocol versions, one switch each (yes/no). [3P observed: the
# param.cgi list of an AXIS M1065-LW on firmware 8.20.1 in Kane610/axis
# tests/parameters/test_param_cgi.py shows AllowSSLV3=no, AllowTLS1=yes, AllowTLS11=yes;
# a third-party hardening module sets all three to `no` as "TLS Versions".] No parameter
# for TLS 1.2 was found, so the oldest version can be raised to TLS 1.2 and no further.
TLS_ALLOW = (("root.HTTPS.AllowSSLV3", "SSLv3"), ("root.HTTPS.AllowTLS1", "TLSv1"),
             ("root.HTTPS.AllowTLS11", "TLSv1.1"))
NO_TLS12_SWITCH = ("VAPIX has switches for SSLv3, TLS 1.0 and TLS 1.1 only (root.HTTPS.AllowSSLV3, "
                   "AllowTLS1, AllowTLS11) and none for TLS 1.2, so the oldest version can be "
                   "raised to TLS 1.2 and no further")


def yes(value):
    return str(value).strip().lower() in ("yes", "true", "1")


def yn(flag):
    return "yes" if flag else "no"


class AxisDriver(Driver):
    vendor = "axis"
    # Before AXIS OS 5.x the cameras shipped with root/pass; later ones ask for a password
    # on first use (the vendor's quick-start guides).
    FACTORY_ACCOUNTS = (("root", "pass"),)
    SNAPSHOT_PATHS = ("/axis-cgi/jpg/image.cgi",)
    STREAM_PATHS = ("/axis-media/media.amp",)
    IDENTITY_PREFIXES = ("axis ",)
    account_name_rule = NAME_RULE

    @classmethod
    def recognises(cls, identity):
        return "axis" in (identity.get("manufacturer") or "").lower()

    def __init__(self, transport):
        super(AxisDriver, self).__init__(transport)
        self.vapix = VapixClient(transport)
        self.onvif = Onvif(self)  # WS-Discovery mode, Media2 masks, the HTTP port, the clock
        self.accounts = AxisAccounts(self)
        self.time_logging = AxisTimeLogging(self)
        self.streams = AxisStreams(self)

    def identity(self):
        try:
            props = self.vapix.device_info()
        except UnsupportedCall:
            # Firmware before basicdeviceinfo.cgi (5.x answers it with an HTML 404): the
            # same facts are parameters there.
            return self._identity_from_params()
        return {
            "manufacturer": props.get("Brand", "AXIS"),
            "model": props.get("ProdNbr") or props.get("ProdFullName"),
            "firmware": props.get("Version"),
            "serial": props.get("SerialNumber"),
            "hardware_id": props.get("HardwareID"),
        }

    def _identity_from_params(self):
        params = self.vapix.params(IDENTITY_GROUPS)
        short_name = params.get("root.Brand.ProdShortName")
        brand = params.get("root.Brand.Brand") or "AXIS"
        model = params.get("root.Brand.ProdNbr")
        if not model and short_name:
            model = short_name[len(brand):].strip() if short_name.startswith(brand) else short_name
        if not model or not params.get(FIRMWARE_VERSION):
            raise CameraError(self.camera, "VAPIX param.cgi list %s" % ",".join(IDENTITY_GROUPS),
                              "the camera has no basicdeviceinfo.cgi, and its parameters name "
                              "no %s" % ("product (root.Brand.ProdNbr / ProdShortName)"
                                         if not model else FIRMWARE_VERSION))
        return {
            "manufacturer": brand,
            "model": model,
            "firmware": params.get(FIRMWARE_VERSION),
            "serial": params.get("root.Properties.System.SerialNumber"),
            "hardware_id": params.get("root.Properties.System.HardwareID"),
        }

    def read_discovery(self):
        params = self.vapix.params(DISCOVERY_GROUPS)
        missing = [p for p in (UPNP, BONJOUR, SNMP) if p not in params]
        unsupported = {}
        out = {}
        if UPNP in params:
            out["upnp"] = yes(params[UPNP])
        else:
            unsupported["upnp"] = "%s (UPnP was removed in AXIS OS 13)" % self.vapix.param_reason(
                params, UPNP)
        if BONJOUR in params:
            out["bonjour"] = yes(params[BONJOUR])
        else:
            unsupported["bonjour"] = self.vapix.param_reason(params, BONJOUR)
        if SNMP in params:
            versions = [v for v, p in sorted(SNMP_VERSION_PARAMS.items()) if yes(params.get(p))]
            out["snmp"] = yes(params[SNMP]) and bool(versions)
            out["snmp_versions"] = versions
        else:
            unsupported["snmp"] = self.vapix.param_reason(params, SNMP)
        if len(missing) == 3:
            raise CameraError(self.camera, "VAPIX param.cgi", "none of the discovery parameters exist")
        lacking = self.__dict__.setdefault("_lacking_apis", {})
        if "ws_discovery" in lacking:  # answered once in this task: not asked again
            unsupported["ws_discovery"] = lacking["ws_discovery"]
        else:
            try:
                out["ws_discovery"] = self.onvif.read_ws_discovery()
            except (UnsupportedCall, DeviceFault) as exc:
                # ONVIF's answer for one field: the VAPIX fields above still stand.
                unsupported["ws_discovery"] = lacking["ws_discovery"] = "%s: %s" % (
                    exc.call, exc.cause)
        out["unsupported"] = unsupported
        return out

    def write_discovery(self, values):
        update = {}
        if "upnp" in values:
            update[UPNP] = yn(values["upnp"])
        if "bonjour" in values:
            update[BONJOUR] = yn(values["bonjour"])
        if "snmp" in values:
            update[SNMP] = yn(values["snmp"])
            if values["snmp"] is False:
                for param in SNMP_VERSION_PARAMS.values():
                    update[param] = "no"
        if values.get("snmp_versions") is not None:
            for version, param in SNMP_VERSION_PARAMS.items():
                update[param] = yn(version in values["snmp_versions"])
        elif values.get("snmp") is True:
            current = self.vapix.params(["root.SNMP"])
            if not any(yes(current.get(p)) for p in SNMP_VERSION_PARAMS.values()):
                update[SNMP_VERSION_PARAMS["v3"]] = "yes"  # never fall back to v1/v2c
        if update:
            self.vapix.update(update)
        if "ws_discovery" in values:
            self.onvif.write_ws_discovery(values["ws_discovery"])

    # -- network protocols (area `protocols`) -------------------------------------------
    def read_protocols(self):
        params = self.vapix.params(PROTOCOL_GROUPS)
        out, unsupported = {}, {}
        if HTTPS in params:
            out["https"] = yes(params[HTTPS])
            if params.get(HTTPS_PORT, "").isdigit():
                out["https_port"] = int(params[HTTPS_PORT])
        else:
            unsupported["https"] = self.vapix.param_reason(params, HTTPS)
        policies = [params[p] for p in BOA_GROUPS if p in params]
        if policies:
            # Plain HTTP is open while any user group may use it.
            out["http"] = any(p.strip().lower() != "https" for p in policies)
        else:
            unsupported["http"] = "this firmware has no root.System.BoaGroupPolicy parameters"
        if FTP in params:
            out["ftp"] = yes(params[FTP])
        else:
            unsupported["ftp"] = self.vapix.param_reason(params, FTP)
        if AUTH_POLICY in params:
            # basic, digest or basic_digest ([INF] the third); over HTTPS AXIS OS takes
            # Basic whatever the policy, so this is about plain HTTP.
            out["http_auth_basic"] = "basic" in params[AUTH_POLICY].lower()
        else:
            unsupported["http_auth_basic"] = self.vapix.param_reason(params, AUTH_POLICY)
        ssh = self.vapix.ssh_enabled()
        if ssh is None:  # older firmware: the parameter ssh.cgi replaces
            try:
                ssh_params = self.vapix.params([SSH_GROUP])
                reason = self.vapix.param_reason(ssh_params, SSH_PARAM)
            except UnsupportedCall as exc:
                ssh_params, reason = {}, "%s: %s" % (exc.call, exc.cause)
            if SSH_PARAM in ssh_params:
                out["ssh"] = yes(ssh_params[SSH_PARAM])
            else:
                unsupported["ssh"] = "this firmware has no ssh.cgi (HTTP 404), nor %s (%s)" % (
                    SSH_PARAM, reason)
        else:
            out["ssh"] = ssh
        unsupported["telnet"] = NO_TELNET_API
        self._read_tls_floor(params, out, unsupported)
        # The HTTP port, for information only, from ONVIF: the reference names no VAPIX
        # parameter for it.
        try:
            http = self.onvif.read_network_protocols().get("HTTP") or {}
        except AuthError:
            raise
        except CameraError as exc:
            http = {"error": exc.cause}
        if http.get("ports"):
            out["http_port"] = http["ports"][0]
        else:
            unsupported["http_port"] = "ONVIF GetNetworkProtocols did not give it (%s)" % (
                http.get("error") or "no HTTP entry")
        out["unsupported"] = unsupported
        return out

    @staticmethod
    def _read_tls_floor(params, out, unsupported):
        if not all(p in params for p, _v in TLS_ALLOW[1:]):
            unsupported["tls_min_version"] = ("this firmware has no root.HTTPS.AllowTLS1 and "
                                              "AllowTLS11 parameters")
            return
        allowed = [v for p, v in TLS_ALLOW if p in params and yes(params[p])]
        out["tls_min_version"] = allowed[0] if allowed else "TLSv1.2"
        unsupported["tls_min_version=TLSv1.3"] = NO_TLS12_SWITCH

    def _tls_floor_update(self, version):
        if version != "TLSv1.2":
            raise Unsupported(NO_TLS12_SWITCH)
        params = self.vapix.params(PROTOCOL_GROUPS)
        return dict((p, "no") for p, _v in TLS_ALLOW if p in params)

    def write_protocols(self, values):
        if "telnet" in values:
            raise Unsupported(NO_TELNET_API)
        update = {}
        if "tls_min_version" in values:
            update.update(self._tls_floor_update(values["tls_min_version"]))
        if "https" in values:
            update[HTTPS] = yn(values["https"])
        if "http" in values:
            # [INF] `https` as a value (the reference saw `both` and `http`).
            update.update((p, "both" if values["http"] else "https") for p in BOA_GROUPS)
        if "ftp" in values:
            update[FTP] = yn(values["ftp"])
        if update:
            self.vapix.update(update)
        if "ssh" in values:
            if self.vapix.ssh_enabled() is None:
                self.vapix.update({SSH_PARAM: yn(values["ssh"])})
            else:
                self.vapix.set_ssh(values["ssh"])

    def management_check(self, transport=None):
        client = VapixClient(transport or self.t)
        try:
            client.device_info()  # getAllProperties needs a login
        except UnsupportedCall:
            client.params(["root.Brand"])  # before basicdeviceinfo.cgi: a login too

    # -- edge storage ----------------------------------------------------------------
    def read_storage(self):
        slots = []
        for disk in self.vapix.disks():
            disk_id = disk.get("diskid")
            if not disk_id or not disk_id.startswith("SD"):
                continue  # network shares are not removable media
            caps = self.vapix.disk_capabilities(disk_id) if _present(disk) else {}
            slots.append(_slot(disk, caps))
        return {"slots": slots}

    # The encryption sequence of the reference, one step each (areas/storage.py runs
    # them in order and resumes a sequence that stopped part-way): unmount + enable
    # encryption, format (a job), mount. Each step is read back before the next.
    def enable_storage_encryption(self, slot_id, passphrase):
        """Leaves the card unmounted: with encryption enabled it mounts only once
        formatted. Formatting erases the card, so it must never run unless the camera
        really kept encryption enabled: hence the read back."""
        self.vapix.mount(slot_id, "unmount")
        self._expect_disk(slot_id, "unmount", lambda d: d.get("status") == "disconnected",
                          "the card is still mounted")
        try:
            self.vapix.enable_encryption(slot_id, passphrase)
            self._expect_disk(slot_id, "enablediskencryption", _encryption_enabled,
                              "encryption is not enabled; the card was not formatted")
        except CameraError as exc:
            # Nothing is erased yet: mount the card again, or the camera stops recording.
            try:
                self.vapix.mount(slot_id, "mount")
            except CameraError:
                raise CameraError(self.camera, exc.call, "%s; mounting the card again failed "
                                  "too, so it is left unmounted (not recording)" % exc.cause)
            raise

    def format_storage(self, slot_id):
        """Formats with ext4 (erases the card; with encryption enabled the card comes out
        encrypted). On failure the error says in which state the card is left."""
        try:
            self.vapix.format(slot_id, "ext4")
            self._expect_disk(slot_id, "format", lambda d: yes(d.get("diskencrypted")),
                              "the card is not encrypted after the format")
        except CameraError as exc:
            raise self._card_left(slot_id, exc, mount_back=True)

    def mount_storage(self, slot_id):
        try:
            self.vapix.mount(slot_id, "mount")
            self._expect_disk(slot_id, "mount", _mounted, "the card is not mounted")
        except CameraError as exc:
            raise self._card_left(slot_id, exc, mount_back=False)

    def _card_left(self, slot_id, exc, mount_back):
        """`exc` completed with the card's state: mounted again if the camera lets it (it
        records again), or else explicitly unmounted, quoting the camera's refusal. The
        state is read from the camera; details["card"] carries it (None: not known)."""
        if isinstance(exc, (AuthError, CameraUnreachable)):
            # No further request: a refused login is never repeated, and a camera that
            # does not answer will not answer the mount either.
            return CameraError(self.camera, exc.call, "%s; the card was not read again, so "
                               "its state is unknown: it may be left unmounted (not "
                               "recording)" % exc.cause, {"card": None})
        refusal = ""
        if mount_back:
            try:
                self.vapix.mount(slot_id, "mount")
            except CameraError as mount_exc:
                refusal = ": mounting it back was refused (%s: %s)" % (
                    mount_exc.call, mount_exc.cause)
        try:
            self.forget_reads()
            disk = [d for d in self.vapix.disks() if d.get("diskid") == slot_id]
        except CameraError as read_exc:
            return CameraError(self.camera, exc.call, "%s; reading the card's state failed "
                               "too (%s), so it may be left unmounted (not recording)"
                               % (exc.cause, read_exc.cause), {"card": None})
        card = _slot(disk[0], {}) if disk else None
        if card is not None:
            del card["encryption_supported"]  # not asked again: not part of the state
        if card is None:
            left = "the card is no longer listed by the camera"
        elif card["mounted"]:
            left = "the card is mounted%s (the camera records to it)" % (
                " again" if mount_back else "")
        else:
            left = "the card is left UNMOUNTED, so the camera does not record to it%s" % (
                refusal or " (status %r)" % card["status"])
        return CameraError(self.camera, exc.call, "%s; %s" % (exc.cause, left), {"card": card})

    def _expect_disk(self, slot_id, step, check, problem):
        """Read the disk list from the camera (not the task's cache) after a step."""
        self.forget_reads()
        disk = [d for d in self.vapix.disks() if d.get("diskid") == slot_id]
        if not disk or not check(disk[0]):
            raise CameraError(self.camera, "VAPIX disks %s %s (read back)" % (step, slot_id),
                              "the camera accepted the step but did not keep it: %s" % problem)

    # -- from ONVIF (the Onvif helper) --------------------------------------------------
    def capabilities(self):
        return self.onvif.capabilities()

    def read_privacy_masks(self):
        return self.onvif.read_privacy_masks()

    def apply_masks(self, video_source, changes, final_masks, applied):
        self.onvif.apply_masks(video_source, changes, final_masks, applied)

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

    # -- streaming and wireless (streams.py) ------------------------------------------
    def read_streaming(self):
        return self.streams.read_streaming()

    def read_wireless(self):
        return self.streams.read_wireless()


def _present(disk):
    # "disconnected" is both an empty slot and a card that is unmounted (after a failed
    # format, say): a card that is there still reports its size.
    return ((disk.get("status") or "").lower() not in ABSENT_DISK_STATUS
            or bool(_int(disk.get("totalsize"))))


def _mounted(disk):
    return (disk.get("status") or "").lower() not in UNMOUNTED_DISK_STATUS


def _slot(disk, caps):
    """One slot of the storage area from a list.cgi disk and its capabilities."""
    present = _present(disk)
    total, free = _int(disk.get("totalsize")), _int(disk.get("freesize"))
    return {
        "id": disk.get("diskid"),
        "present": present,
        "encryption_supported": yes(caps.get("encryptionsupported", "false")),
        "encryption_enabled": _encryption_enabled(disk),
        "encrypted": yes(disk.get("diskencrypted", "false")),
        "mounted": present and _mounted(disk),
        "locked": yes(disk.get("locked", "no")),
        "filesystem": disk.get("filesystem"),
        "status": disk.get("status"),
        "recording": bool(total and free is not None and free < total),
    }


def _encryption_enabled(disk):
    # The reference names it diskencryptionenabled; a recording of a real camera shows
    # encryptionenabled: accept either.
    value = disk.get("diskencryptionenabled", disk.get("encryptionenabled", "false"))
    return str(value).lower() in ("true", "yes", "1")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
