# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time and remote logging on Hikvision cameras (areas `time` and `logging`), a part of
HikvisionDriver. ISAPI, read-modify-write of the camera's own documents:

- GET/PUT /ISAPI/System/time: <Time><timeMode>NTP|manual</timeMode>... [3P]
- GET /ISAPI/System/time/ntpServers: <NTPServerList> of <NTPServer> slots, and
  GET/PUT /ISAPI/System/time/ntpServers/<id>: <NTPServer><id/><addressingFormatType>
  hostname|ipaddress</addressingFormatType><hostName/>|<ipAddress/><portNo/>... [3P]
  One server per id. The reference shows only id 1, and Hikvision's web interface has
  one NTP server field; this driver fills the slots the camera lists (the emulator lists
  one), so a camera with more ids gets more servers. Servers from DHCP: ISAPI shows no
  such setting [INF], so from_dhcp is reported false.
- GET/PUT /ISAPI/System/logServer: <LogServer><enabled/><addressingFormatType/>
  <hostName/>|<ipAddress/><portNo/><transmissionEncryption/></LogServer> [SEEN: ISAPI
  guide]. One server (the fields are flat). transmissionEncryption true is syslog over
  TLS; false is taken as plain UDP [INF: the guide does not name the transport], and
  firmware whose document has no transmissionEncryption (it came with a later ISAPI
  version) offers no TLS.
The clock offset is measured over ONVIF like on every camera (the Onvif helper).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.hostnames import ip_version
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.isapi import set_text

TIME = "/ISAPI/System/time"
NTP_SERVERS = "/ISAPI/System/time/ntpServers"
LOG_SERVER = "/ISAPI/System/logServer"
NTP_MODE, MANUAL_MODE = "NTP", "manual"
PLAIN_SYSLOG = "udp"  # [INF] what transmissionEncryption=false means on the wire
ADDRESS_ELEMENTS = {4: "ipAddress", 6: "ipv6Address"}  # ipv6Address: [INF]


def address_of(doc):
    """The host of an ISAPI address block (addressingFormatType + hostName/ipAddress)."""
    kind = (xmltools.text(doc, "addressingFormatType") or "").lower()
    names = ["hostName", "ipAddress", "ipv6Address"]
    if kind == "ipaddress":
        names = ["ipAddress", "ipv6Address", "hostName"]
    for name in names:
        value = xmltools.text(doc, name)
        if value and value not in ("0.0.0.0", "::"):
            return value
    return None


def set_address(doc, host):
    """Point an ISAPI address block at `host` ("" clears it [INF])."""
    version = ip_version(host) if host else None
    if version:
        set_text(doc, "addressingFormatType", "ipaddress")
        set_text(doc, ADDRESS_ELEMENTS[version], host)
    else:
        set_text(doc, "addressingFormatType", "hostname")
        set_text(doc, "hostName", host)
        if xmltools.child(doc, "ipAddress") is not None and not host:
            set_text(doc, "ipAddress", "")


class HikvisionTimeLogging(object):
    """Time and remote logging of one Hikvision camera, for its HikvisionDriver."""

    def __init__(self, driver):
        self.driver = driver
        self.t = driver.t
        self.camera = driver.camera
        self.isapi = driver.isapi
        self.onvif = driver.onvif  # the Onvif helper

    # -- time -------------------------------------------------------------------------
    def _ntp_slots(self):
        doc = self.isapi.get(NTP_SERVERS)
        slots = [(xmltools.text(s, "id"), address_of(s))
                 for s in xmltools.children(doc, "NTPServer") if xmltools.text(s, "id")]
        return slots or [("1", None)]  # an empty list: the one slot of the reference

    def read_time(self):
        mode = xmltools.text(self.isapi.get(TIME), "timeMode")
        slots = self._ntp_slots()
        return self.onvif.time_logging.with_offset({
            "ntp": mode == NTP_MODE,
            "ntp_servers": [slot[1] for slot in slots if slot[1]],
            "from_dhcp": False,
            "max_servers": len(slots),
            "unsupported": {},
        })

    def write_time(self, values, current):
        # NTP off goes first and NTP on last: a camera in NTP mode may refuse to lose its
        # last server, and one in manual mode to enter NTP mode without one.
        if values.get("ntp") is False:
            self._write_time_mode(False)
        if "ntp_servers" in values:
            wanted = list(values["ntp_servers"])
            slots = self._ntp_slots()
            # Servers already in a slot stay there; the others fill the remaining slots.
            keep = dict((sid, host) for sid, host in slots if host in wanted)
            rest = [h for h in wanted if h not in keep.values()]
            for sid, host in slots:
                target = keep.get(sid)
                if target is None:
                    target = rest.pop(0) if rest else ""
                if target != (host or ""):
                    path = "%s/%s" % (NTP_SERVERS, sid)
                    doc = self.isapi.get(path)
                    set_address(doc, target)
                    self.isapi.put(path, doc)
        if values.get("ntp") is True:
            self._write_time_mode(True)

    def _write_time_mode(self, ntp):
        doc = self.isapi.get(TIME)
        set_text(doc, "timeMode", NTP_MODE if ntp else MANUAL_MODE)
        self.isapi.put(TIME, doc)

    # -- remote syslog --------------------------------------------------------------------
    def read_logging(self):
        doc = self.isapi.get(LOG_SERVER)
        host = address_of(doc)
        tls_capable = xmltools.child(doc, "transmissionEncryption") is not None
        encrypted = xmltools.as_bool(xmltools.text(doc, "transmissionEncryption", "false"))
        port = xmltools.text(doc, "portNo")
        servers = []
        if host:
            servers.append({"host": host, "port": int(port) if port and port.isdigit() else None,
                            "protocol": "tls" if encrypted else PLAIN_SYSLOG})
        return {"enabled": xmltools.as_bool(xmltools.text(doc, "enabled", "false")),
                "servers": servers, "max_servers": 1,
                "protocols": [PLAIN_SYSLOG, "tls"] if tls_capable else [PLAIN_SYSLOG],
                "unsupported": {}}

    def write_logging(self, values, current):
        doc = self.isapi.get(LOG_SERVER)
        if "servers" in values:
            server = values["servers"][0] if values["servers"] else None
            set_address(doc, server["host"] if server else "")
            if server:
                set_text(doc, "portNo", int(server["port"]))
                if server["protocol"] == "tls" or \
                        xmltools.child(doc, "transmissionEncryption") is not None:
                    set_text(doc, "transmissionEncryption", server["protocol"] == "tls")
        set_text(doc, "enabled", bool(values.get("enabled", current.get("enabled"))))
        self.isapi.put(LOG_SERVER, doc)
