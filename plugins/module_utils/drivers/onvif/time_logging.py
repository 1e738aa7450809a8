# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time and remote logging over ONVIF (areas `time` and `logging`): a part of the Onvif
helper (helper.py), which OnvifDriver calls; the vendor drivers use their own APIs and
take the clock-offset measurement from here (with_offset), which every camera answers
over ONVIF.

- NTP servers: tds:GetNTP / tds:SetNTP (FromDHCP, NTPManual as tt:NetworkHost).
- NTP on/off: tds:GetSystemDateAndTime / tds:SetSystemDateAndTime, DateTimeType NTP or
  Manual (DaylightSavings and TimeZone are written back as read).
- Clock offset: GetSystemDateAndTime (PRE_AUTH), camera UTC minus the midpoint of the
  round trip, as the SOAP client measures it for WS-Security.
- Remote syslog: ONVIF defines no operation (shared/reference/camera-apis.md 1.2).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import time

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, Unsupported, UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils.hostnames import ip_version
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.soap import el

NO_SYSLOG = ("ONVIF defines no operation for remote syslog, so this camera's log "
             "forwarding can be neither read nor set over its API: configure it in the "
             "camera's own interface and record the evidence for 5.2.7")
HOST_TYPES = {4: ("IPv4", "IPv4Address"), 6: ("IPv6", "IPv6Address")}


def network_host(tag, host):
    """A tt:NetworkHost element (NTPManual) for a host name or address."""
    kind, element = HOST_TYPES.get(ip_version(host), ("DNS", "DNSname"))
    return el(tag, children=[el("tt:Type", kind), el("tt:" + element, host)])


def host_of(node):
    """The address or name of a tt:NetworkHost, whatever its Type says."""
    kind = xmltools.text(node, "Type")
    order = {"IPv4": "IPv4Address", "IPv6": "IPv6Address", "DNS": "DNSname"}
    first = order.get(kind)
    for name in ([first] if first else []) + list(order.values()):
        value = xmltools.text(node, name)
        if value:
            return value
    return None


class OnvifTimeLogging(object):
    """The ONVIF time settings and clock of one camera, through its Onvif helper."""

    def __init__(self, onvif):
        self.onvif = onvif  # the Onvif helper (helper.py): call() is its client's
        self.camera = onvif.camera

    # -- clock offset (every driver) ---------------------------------------------------
    def clock_offset(self):
        """(offset_s, None) or (None, reason): camera clock minus the controller's."""
        try:
            if self.onvif.clock_offset is None:
                self.onvif.sync_clock()
        except AuthError:
            raise
        except CameraError as exc:
            return None, "ONVIF GetSystemDateAndTime failed: %s" % exc.cause
        if not self.onvif.clock_measured:
            return None, "the camera's GetSystemDateAndTime carries no UTC time"
        return round(self.onvif.clock_offset, 1), None

    def with_offset(self, out):
        offset, reason = self.clock_offset()
        out["offset_s"] = offset
        if reason:
            out.setdefault("unsupported", {})["offset_s"] = reason
        return out

    # -- time over ONVIF ---------------------------------------------------------------
    def _date_and_time(self):
        if self.onvif.clock_offset is None:
            self.onvif.sync_clock()
        # Without a login where the camera allows it; with one where it insists.
        resp = self.onvif.call("device", "GetSystemDateAndTime", secure=not self.onvif.pre_auth_open)
        return xmltools.child(resp, "SystemDateAndTime")

    def read_time(self):
        out = {"max_servers": None,  # ONVIF announces no limit; a camera over it faults
               "unsupported": {}}
        try:
            info = xmltools.child(self.onvif.call("device", "GetNTP"), "NTPInformation")
        except UnsupportedCall as exc:
            # Firmware without GetNTP: its servers cannot be read (nor set: SetNTP goes
            # with it); whether NTP is on still comes from GetSystemDateAndTime.
            why = "%s: %s" % (exc.call, exc.cause)
            out["unsupported"].update({"ntp_servers": why, "from_dhcp": why})
        else:
            if info is None:
                raise CameraError(self.camera, "ONVIF GetNTP", "the reply has no NTPInformation")
            out["ntp_servers"] = [h for h in (host_of(n) for n in
                                              xmltools.children(info, "NTPManual")) if h]
            out["from_dhcp"] = xmltools.as_bool(xmltools.text(info, "FromDHCP", "false"))
        sdt = self._date_and_time()
        out["ntp"] = xmltools.text(sdt, "DateTimeType") == "NTP"
        return self.with_offset(out)

    def write_time(self, values, current):
        # NTP off goes first and NTP on last: a camera may refuse NTP mode without a server
        # (ter:NtpServerUndefined), or to lose its last server while in NTP mode.
        if values.get("ntp") is False:
            self._set_date_time_type(False, current)
        if "ntp_servers" in values or "from_dhcp" in values:
            servers = values.get("ntp_servers", current.get("ntp_servers") or [])
            from_dhcp = values.get("from_dhcp", bool(current.get("from_dhcp")))
            self.onvif.call("device", "SetNTP", el("tds:SetNTP", children=[
                el("tds:FromDHCP", bool(from_dhcp))] + [
                network_host("tds:NTPManual", h) for h in servers]), read=False)
        if values.get("ntp") is True:
            self._set_date_time_type(True, current)

    def _set_date_time_type(self, ntp, current):
        sdt = self._date_and_time()
        dst = xmltools.as_bool(xmltools.text(sdt, "DaylightSavings", "false"))
        tz = xmltools.text(sdt, "TimeZone/TZ")
        children = [el("tds:DateTimeType", "NTP" if ntp else "Manual"),
                    el("tds:DaylightSavings", dst),
                    el("tds:TimeZone", children=[el("tt:TZ", tz)]) if tz else None]
        if not ntp:
            # Manual time: keep the camera's clock where it is (controller time plus the
            # measured offset), rather than jump it to the controller's.
            now = datetime.datetime(1970, 1, 1) + datetime.timedelta(
                seconds=time.time() + (current.get("offset_s") or 0.0))
            children.append(el("tds:UTCDateTime", children=[
                el("tt:Time", children=[el("tt:Hour", now.hour), el("tt:Minute", now.minute),
                                        el("tt:Second", now.second)]),
                el("tt:Date", children=[el("tt:Year", now.year), el("tt:Month", now.month),
                                        el("tt:Day", now.day)])]))
        self.onvif.call("device", "SetSystemDateAndTime",
                        el("tds:SetSystemDateAndTime", children=children), read=False)

    # -- remote logging ------------------------------------------------------------------
    def read_logging(self):
        raise Unsupported(NO_SYSLOG)

    def write_logging(self, values, current):
        raise Unsupported(NO_SYSLOG)
