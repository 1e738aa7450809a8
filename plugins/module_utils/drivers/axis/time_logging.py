# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time and remote logging on Axis cameras (areas `time` and `logging`), a part of
AxisDriver. Both are VAPIX JSON APIs (developer.axis.com pages, as copied in
shared/reference/camera-apis.md 2.1):

- /axis-cgi/ntp.cgi (AXIS OS 9.10+): getNTPInfo -> data.client {enabled, serversSource
  (DHCP|static), maxSupportedStaticServers, staticServers, ...};
  setNTPClientConfiguration {enabled, serversSource, staticServers}.
- /axis-cgi/remotesyslog.cgi: status -> data {enabled, servers: [{address, port,
  protocol (UDP|TCP|TLS), syslogFormat, severity, type}]}; setup {servers} (at most 2;
  the camera then sends to them, i.e. setup enables); enable; disable.
- root.Time.* parameters (param.cgi), on firmware without ntp.cgi (5.x to 8.x): SyncSource
  (None|NTP|PC), ObtainFromDHCP (yes|no), NTP.Server (one host; 0.0.0.0 when none), as
  recorded on a P5512 5.51.7 and a Companion 9.80.2.2 (tests/emulator/profiles/axis.md).
The clock offset is measured over ONVIF like on every camera (the Onvif helper).
Without remotesyslog.cgi (before AXIS OS 10 [INF]) the logging area is unsupported, with
the camera's answer.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported, UnsupportedCall
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.vapix_json import VapixJson

NTP_API = "ntp"
TIME_PARAMS_API = "param.cgi root.Time"
TIME_GROUP = "root.Time"
SYNC_SOURCE = "root.Time.SyncSource"
OBTAIN_FROM_DHCP = "root.Time.ObtainFromDHCP"
NTP_SERVER = "root.Time.NTP.Server"
NO_SERVER = ("", "0.0.0.0")
SYSLOG_API = "remotesyslog"
SYSLOG_MAX_SERVERS = 2  # the Remote Syslog API page: "up to two remote server addresses"
SYSLOG_PROTOCOLS = ["udp", "tcp", "tls"]
# Per-server fields of remotesyslog.cgi that the model does not manage: kept as read.
SYSLOG_EXTRA = {"syslogFormat": "format", "severity": "severity", "type": "type"}


class AxisTimeLogging(object):
    """Time and remote logging of one Axis camera, for its AxisDriver."""

    def __init__(self, driver):
        self.t = driver.t
        self.camera = driver.camera
        self.vapix = driver.vapix
        self.onvif = driver.onvif  # the Onvif helper

    def _vapix_json(self):
        client = getattr(self, "_vapix_json_client", None)
        if client is None:
            client = self._vapix_json_client = VapixJson(self.t)
        return client

    # -- time -------------------------------------------------------------------------
    def read_time(self):
        lacking = self.__dict__.setdefault("_lacking_apis", {})
        if NTP_API in lacking:  # answered once in this task: not asked again
            return self._read_time_params(lacking[NTP_API])
        try:
            data = self._vapix_json().call(NTP_API, "getNTPInfo", read=True)
        except UnsupportedCall as exc:
            lacking[NTP_API] = "%s: %s" % (exc.call, exc.cause)
            return self._read_time_params(lacking[NTP_API])
        client = data.get("client")
        if not isinstance(client, dict):
            raise Unsupported("this camera's ntp.cgi reports no NTP client section")
        limit = client.get("maxSupportedStaticServers")
        return self.onvif.time_logging.with_offset({
            "ntp": bool(client.get("enabled")),
            "ntp_servers": [s for s in client.get("staticServers") or [] if s],
            "from_dhcp": client.get("serversSource") == "DHCP",
            "max_servers": limit if isinstance(limit, int) and not isinstance(limit, bool) else None,
            "unsupported": {},
        })

    def write_time(self, values, current):
        if current.get("_api") == TIME_PARAMS_API:
            return self._write_time_params(values, current)
        # One call with the whole client configuration: what is not changing is sent as read.
        params = {
            "enabled": bool(values.get("ntp", current.get("ntp"))),
            "serversSource": "DHCP" if values.get("from_dhcp", current.get("from_dhcp"))
            else "static",
            "staticServers": list(values.get("ntp_servers", current.get("ntp_servers") or [])),
        }
        self._vapix_json().call(NTP_API, "setNTPClientConfiguration", params)

    # -- time through root.Time.* (no ntp.cgi) ------------------------------------------
    def _read_time_params(self, no_ntp_cgi):
        try:
            params = self.vapix.params([TIME_GROUP])
        except UnsupportedCall as exc:
            raise Unsupported("this firmware has neither ntp.cgi (%s) nor %s (%s: %s)" % (
                no_ntp_cgi, TIME_GROUP, exc.call, exc.cause))
        missing = [p for p in (SYNC_SOURCE, OBTAIN_FROM_DHCP, NTP_SERVER) if p not in params]
        if missing:
            raise Unsupported("this firmware has no ntp.cgi (%s), and its %s lacks %s" % (
                no_ntp_cgi, TIME_GROUP, ", ".join(missing)))
        server = params[NTP_SERVER].strip()
        return self.onvif.time_logging.with_offset({
            "ntp": params[SYNC_SOURCE].strip() == "NTP",
            "ntp_servers": [] if server in NO_SERVER else [server],
            "from_dhcp": params[OBTAIN_FROM_DHCP].strip().lower() == "yes",
            "max_servers": 1,  # one parameter, one server
            "unsupported": {},
            "_api": TIME_PARAMS_API,
        })

    def _write_time_params(self, values, current):
        servers = list(values.get("ntp_servers", current.get("ntp_servers") or []))
        if len(servers) > 1:  # the area's plan refuses it first (max_servers); kept safe
            raise Unsupported("%s holds one server; %d were given" % (NTP_SERVER, len(servers)))
        ntp = bool(values.get("ntp", current.get("ntp")))
        from_dhcp = bool(values.get("from_dhcp", current.get("from_dhcp")))
        # One update call: the camera applies all three or none.
        self.vapix.update({NTP_SERVER: servers[0] if servers else "0.0.0.0",
                           OBTAIN_FROM_DHCP: "yes" if from_dhcp else "no",
                           SYNC_SOURCE: "NTP" if ntp else "None"})

    # -- remote syslog --------------------------------------------------------------------
    def read_logging(self):
        data = self._vapix_json().call(SYSLOG_API, "status", read=True)
        servers = []
        for raw in data.get("servers") or []:
            if not isinstance(raw, dict) or not raw.get("address"):
                continue
            server = {"host": raw.get("address"), "port": raw.get("port"),
                      "protocol": str(raw.get("protocol") or "").lower()}
            for field, key in SYSLOG_EXTRA.items():
                if raw.get(field) is not None:
                    server[key] = raw[field]
            servers.append(server)
        return {"enabled": bool(data.get("enabled")), "servers": servers,
                "max_servers": SYSLOG_MAX_SERVERS, "protocols": list(SYSLOG_PROTOCOLS),
                "unsupported": {}}

    def write_logging(self, values, current):
        api = self._vapix_json()
        enabled_now = bool(current.get("enabled"))
        if "servers" in values:
            servers = []
            for server in values["servers"]:
                entry = {"address": server["host"], "port": int(server["port"]),
                         "protocol": server["protocol"].upper()}
                for field, key in SYSLOG_EXTRA.items():
                    if server.get(key) is not None:
                        entry[field] = server[key]
                servers.append(entry)
            data = api.call(SYSLOG_API, "setup", {"servers": servers})
            enabled_now = bool(data.get("enabled", bool(servers)))
        wanted = bool(values.get("enabled", current.get("enabled")))
        if wanted != enabled_now:
            api.call(SYSLOG_API, "enable" if wanted else "disable")
