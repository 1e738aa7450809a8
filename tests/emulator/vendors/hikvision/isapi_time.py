"""Hikvision ISAPI time and log server (/ISAPI/System/time..., /ISAPI/System/logServer).

- GET/PUT /ISAPI/System/time: <Time><timeMode>NTP|manual</timeMode><localTime/>
  <timeZone/></Time> [3P: camera-apis.md 2.2 and third-party clients]. The emulated
  cameras keep UTC: a manual localTime and a time zone are accepted and not kept (the
  emulated clock is the host's plus the clock_skew_s fault).
- GET /ISAPI/System/time/ntpServers: <NTPServerList> with one <NTPServer>, id 1, like
  Hikvision's web interface (one NTP server field); GET/PUT .../ntpServers/1:
  <NTPServer><id/><addressingFormatType>hostname|ipaddress</addressingFormatType>
  <hostName/><ipAddress/><portNo/><synchronizeInterval/></NTPServer> [3P]. Other ids are
  not resources here (statusCode 4). An empty address clears the server [INF].
- GET/PUT /ISAPI/System/logServer: <LogServer><enabled/><addressingFormatType/>
  <hostName/><ipAddress/><portNo/><transmissionEncryption/></LogServer> [SEEN: field names
  in the ISAPI guide; one server, as the fields are flat]. transmissionEncryption true is
  stored as protocol tls, false as udp [INF]. Enabling with no server is refused [INF].
  GET .../logServer/capabilities [SEEN path; body INF].
"""

import datetime
import ipaddress

from . import isapi_xml
from .isapi_xml import BadValue, bool_of, int_of, settings_put, text_of
from ...hostnames import valid_host

TIME = "/ISAPI/System/time"
NTP_SERVERS = TIME + "/ntpServers"
LOG_SERVER = "/ISAPI/System/logServer"
NTP_PORT = 123
TIME_MODES = ("NTP", "manual")
ADDRESSING = ("hostname", "ipaddress")


def _address(host):
    """(addressingFormatType, hostName, ipAddress) for the state's host."""
    if not host:
        return "hostname", "", ""
    try:
        ipaddress.ip_address(host)
        return "ipaddress", "", host
    except ValueError:
        return "hostname", host, ""


def _host_from(doc):
    """The host a PUT body names ("" for none), or BadXml/BadValue."""
    kind = text_of(doc, "addressingFormatType") or "hostname"
    if kind not in ADDRESSING:
        raise BadValue("<addressingFormatType> must be hostname or ipaddress")
    if kind == "ipaddress":
        host = text_of(doc, "ipAddress") or text_of(doc, "ipv6Address") or ""
        if host:
            try:
                ipaddress.ip_address(host)
            except ValueError:
                raise BadValue("<ipAddress> is not an IP address") from None
    else:
        host = text_of(doc, "hostName") or ""
        if host and not valid_host(host):
            raise BadValue("<hostName> is not a host name")
    return host


# -- time mode ------------------------------------------------------------------------------
def time_get(req):
    cam = req.camera
    now = datetime.datetime.fromtimestamp(int(cam.now()), datetime.timezone.utc)
    return isapi_xml.document(cam, "Time", [
        ("timeMode", "NTP" if cam.get("time.ntp_enabled") else "manual"),
        ("localTime", now.isoformat()),
        ("timeZone", "CST+0:00:00"),  # POSIX, sign inverted: UTC
    ])


def _time_writes(cam, doc):
    mode = text_of(doc, "timeMode", required=True)
    if mode not in TIME_MODES:
        raise BadValue("<timeMode> must be NTP or manual here")
    if mode == "NTP" and not (cam.get("time.ntp_servers") or []):
        raise BadValue("NTP mode needs an NTP server")  # [INF]
    local = text_of(doc, "localTime")
    if mode == "manual" and local:
        try:
            datetime.datetime.fromisoformat(local.replace("Z", "+00:00"))
        except ValueError:
            raise BadValue("<localTime> is not an ISO 8601 time") from None
    return {"time.ntp_enabled": mode == "NTP"}


time_put = settings_put("Time", _time_writes)


# -- NTP servers ----------------------------------------------------------------------------
def _ntp_server_items(cam):
    servers = cam.get("time.ntp_servers") or []
    kind, name, address = _address(servers[0] if servers else "")
    return [("id", 1), ("addressingFormatType", kind), ("hostName", name),
            ("ipAddress", address), ("portNo", NTP_PORT), ("synchronizeInterval", 60)]


def ntp_servers_get(req):
    return isapi_xml.document(req.camera, "NTPServerList",
                              [("NTPServer", _ntp_server_items(req.camera))])


def ntp_server_get(req):
    return isapi_xml.document(req.camera, "NTPServer", _ntp_server_items(req.camera))


def _ntp_server_writes(cam, doc):
    sid = text_of(doc, "id")
    if sid is not None and sid != "1":
        raise BadValue("<id> must be 1 at this path")
    port = int_of(doc, "portNo", 1, 65535)
    if port is not None and port != NTP_PORT:
        raise BadValue("portNo cannot be changed here")  # the state keeps no NTP port
    int_of(doc, "synchronizeInterval", 1, 10080)  # minutes; accepted, not kept
    host = _host_from(doc)
    if not host and cam.get("time.ntp_enabled"):
        raise BadValue("NTP mode needs an NTP server")  # [INF]
    return {"time.ntp_servers": [host] if host else []}


ntp_server_put = settings_put("NTPServer", _ntp_server_writes)


# -- log server -------------------------------------------------------------------------------
def _log_server(cam):
    servers = [s for s in cam.get("logging.syslog_servers") or [] if isinstance(s, dict)]
    return servers[0] if servers else {}


def log_server_get(req):
    cam = req.camera
    server = _log_server(cam)
    kind, name, address = _address(server.get("host"))
    return isapi_xml.document(cam, "LogServer", [
        ("enabled", bool(cam.get("logging.syslog_enabled"))),
        ("addressingFormatType", kind),
        ("hostName", name),
        ("ipAddress", address),
        ("portNo", server.get("port") or 514),
        ("transmissionEncryption", server.get("protocol") == "tls"),
    ])


def _log_server_writes(cam, doc):
    enabled = bool_of(doc, "enabled", required=True)
    host = _host_from(doc)
    port = int_of(doc, "portNo", 1, 65535)
    encrypted = bool_of(doc, "transmissionEncryption")
    if enabled and not host:
        raise BadValue("enabling the log server needs its address")
    current = _log_server(cam)
    if host:
        server = {"host": host, "port": port if port is not None else current.get("port", 514),
                  "protocol": "tls" if (encrypted if encrypted is not None
                                        else current.get("protocol") == "tls") else "udp"}
        servers = [server]
    else:
        servers = []
    return {"logging.syslog_servers": servers, "logging.syslog_enabled": enabled}


log_server_put = settings_put("LogServer", _log_server_writes)


def log_server_capabilities(req):
    """[INF] body: the options of each field, in the style of other ISAPI capabilities."""
    return isapi_xml.document(req.camera, "LogServerCap", [
        ("enabled", None, {"opt": "true,false"}),
        ("addressingFormatType", None, {"opt": "ipaddress,hostname"}),
        ("portNo", None, {"min": 1, "max": 65535}),
        ("transmissionEncryption", None, {"opt": "true,false"}),
    ])


# Hooked into isapi.RESOURCES.
RESOURCES = {
    TIME: {"GET": time_get, "PUT": time_put},
    NTP_SERVERS: {"GET": ntp_servers_get},
    NTP_SERVERS + "/1": {"GET": ntp_server_get, "PUT": ntp_server_put},
    LOG_SERVER: {"GET": log_server_get, "PUT": log_server_put},
    LOG_SERVER + "/capabilities": {"GET": log_server_capabilities},
}
