# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time and remote logging on Axis cameras (areas `time` and `logging`), mixed into
AxisDriver. Both are VAPIX JSON APIs (developer.axis.com pages, as copied in
shared/reference/camera-apis.md 2.1):

- /axis-cgi/ntp.cgi (AXIS OS 9.10+): getNTPInfo -> data.client {enabled, serversSource
  (DHCP|static), maxSupportedStaticServers, staticServers, ...};
  setNTPClientConfiguration {enabled, serversSource, staticServers}.
- /axis-cgi/remotesyslog.cgi: status -> data {enabled, servers: [{address, port,
  protocol (UDP|TCP|TLS), syslogFormat, severity, type}]}; setup {servers} (at most 2;
  the camera then sends to them, i.e. setup enables); enable; disable.
The clock offset is measured over ONVIF like on every camera (OnvifTimeLogging).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.vapix_json import VapixJson

NTP_API = "ntp"
SYSLOG_API = "remotesyslog"
SYSLOG_MAX_SERVERS = 2  # the Remote Syslog API page: "up to two remote server addresses"
SYSLOG_PROTOCOLS = ["udp", "tcp", "tls"]
# Per-server fields of remotesyslog.cgi that the model does not manage: kept as read.
SYSLOG_EXTRA = {"syslogFormat": "format", "severity": "severity", "type": "type"}


class AxisTimeLogging(object):
    """Needs self.t (Transport), self.camera, and OnvifTimeLogging.clock_offset."""

    def _vapix_json(self):
        client = getattr(self, "_vapix_json_client", None)
        if client is None:
            client = self._vapix_json_client = VapixJson(self.t)
        return client

    # -- time -------------------------------------------------------------------------
    def read_time(self):
        data = self._vapix_json().call(NTP_API, "getNTPInfo", read=True)
        client = data.get("client")
        if not isinstance(client, dict):
            raise Unsupported("this camera's ntp.cgi reports no NTP client section")
        limit = client.get("maxSupportedStaticServers")
        return self._with_offset({
            "ntp": bool(client.get("enabled")),
            "ntp_servers": [s for s in client.get("staticServers") or [] if s],
            "from_dhcp": client.get("serversSource") == "DHCP",
            "max_servers": limit if isinstance(limit, int) and not isinstance(limit, bool) else None,
            "unsupported": {},
        })

    def write_time(self, values, current):
        # One call with the whole client configuration: what is not changing is sent as read.
        params = {
            "enabled": bool(values.get("ntp", current.get("ntp"))),
            "serversSource": "DHCP" if values.get("from_dhcp", current.get("from_dhcp"))
            else "static",
            "staticServers": list(values.get("ntp_servers", current.get("ntp_servers") or [])),
        }
        self._vapix_json().call(NTP_API, "setNTPClientConfiguration", params)

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
