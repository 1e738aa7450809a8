"""ONVIF Device service time setters: tds:SetNTP and tds:SetSystemDateAndTime (the
getters, GetNTP and GetSystemDateAndTime, are in onvif.py). Registered on the device
service by onvif.py (`onvif_time.register(DEVICE)`).

Message shapes are the devicemgmt.wsdl ones (tests check them against the schema):
SetNTP = FromDHCP, NTPManual* (tt:NetworkHost: Type IPv4|IPv6|DNS and the matching
IPv4Address, IPv6Address or DNSname); SetSystemDateAndTime = DateTimeType (Manual|NTP),
DaylightSavings, TimeZone?/TZ, UTCDateTime?.
[INF] The fault subcodes (ter:InvalidIPv4Address, ter:InvalidIPv6Address,
ter:InvalidDnsName, ter:NtpServerUndefined, ter:InvalidDateTime) are ONVIF Core's as
remembered; Core.xml is not in shared/onvif-specs. The emulated clock is the host's plus
the clock_skew_s fault: a manual UTCDateTime and a time zone are checked, not kept.
"""

import datetime
import ipaddress

from . import onvif_soap as soap
from .onvif_soap import TDS, TT, el
from ...hostnames import valid_host

HOST_ELEMENTS = {"IPv4": ("IPv4Address", 4, "ter:InvalidIPv4Address"),
                 "IPv6": ("IPv6Address", 6, "ter:InvalidIPv6Address"),
                 "DNS": ("DNSname", None, "ter:InvalidDnsName")}


def network_host(node, what):
    """The host a tt:NetworkHost names, or a SoapFault."""
    kind = soap.child_text(node, TT, "Type")
    if kind not in HOST_ELEMENTS:
        raise soap.invalid_arg("%s: Type must be IPv4, IPv6 or DNS, not %r" % (what, kind))
    element, version, fault = HOST_ELEMENTS[kind]
    value = soap.child_text(node, TT, element)
    if not value:
        raise soap.invalid_arg("%s: Type %s needs %s" % (what, kind, element), fault)
    if version is None:
        if not valid_host(value):
            raise soap.invalid_arg("%s: %r is not a DNS name" % (what, value), fault)
        return value
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        address = None
    if address is None or address.version != version:
        raise soap.invalid_arg("%s: %r is not an %s address" % (what, value, kind), fault)
    return value


def set_ntp(req, call):
    text = soap.child_text(call, TDS, "FromDHCP")
    if text is None:
        raise soap.invalid_arg("FromDHCP is required")
    from_dhcp = soap.parse_bool(text, "FromDHCP")
    servers = [network_host(node, "NTPManual %d" % (i + 1))
               for i, node in enumerate(soap.children(call, TDS, "NTPManual"))]
    if len(set(servers)) != len(servers):
        raise soap.invalid_arg("NTPManual lists a server twice")
    # Everything checked: now write.
    req.camera.set("time.ntp_servers", servers)
    req.camera.set("time.from_dhcp", from_dhcp)
    return el("tds:SetNTPResponse")


def _utc_date_time(node):
    try:
        t = soap.child(node, TT, "Time")
        d = soap.child(node, TT, "Date")
        return datetime.datetime(
            int(soap.child_text(d, TT, "Year")), int(soap.child_text(d, TT, "Month")),
            int(soap.child_text(d, TT, "Day")), int(soap.child_text(t, TT, "Hour")),
            int(soap.child_text(t, TT, "Minute")), int(soap.child_text(t, TT, "Second")))
    except (TypeError, ValueError, AttributeError):
        raise soap.invalid_arg("UTCDateTime is not a valid date and time",
                               "ter:InvalidDateTime") from None


def set_system_date_and_time(req, call):
    kind = soap.child_text(call, TDS, "DateTimeType")
    if kind not in ("Manual", "NTP"):
        raise soap.invalid_arg("DateTimeType must be Manual or NTP, not %r" % kind)
    dst = soap.child_text(call, TDS, "DaylightSavings")
    if dst is None:
        raise soap.invalid_arg("DaylightSavings is required")
    soap.parse_bool(dst, "DaylightSavings")
    utc = soap.child(call, TDS, "UTCDateTime")
    if kind == "Manual":
        if utc is None:
            raise soap.invalid_arg("a Manual DateTimeType needs UTCDateTime",
                                   "ter:InvalidDateTime")
        _utc_date_time(utc)
    cam = req.camera
    if kind == "NTP" and not cam.get("time.ntp_servers") and not cam.get("time.from_dhcp"):
        raise soap.invalid_arg("no NTP server is defined", "ter:NtpServerUndefined")
    cam.set("time.ntp_enabled", kind == "NTP")
    return el("tds:SetSystemDateAndTimeResponse")


def register(device):
    """Add the setters to the device service (a soap.Service)."""
    device.operation("SetNTP")(set_ntp)
    device.operation("SetSystemDateAndTime")(set_system_date_and_time)
