"""Axis /axis-cgi/ntp.cgi and /axis-cgi/remotesyslog.cgi: JSON over POST,
`{"apiVersion", "context", "method", "params"}` -> `{"apiVersion", "context", "method",
"data"}` or `"error": {"code", "message"[, "details"]}`.

Formats from the VAPIX NTP API and Remote Syslog API pages (developer.axis.com, copies
of the public pages; shared/reference/camera-apis.md 2.1):
- ntp.cgi: getNTPInfo -> data.client {enabled, NTSEnabled, serversSource (DHCP|static),
  maxSupportedStaticServers, staticServers, advertisedServers, staticNTSKEServers,
  synced, timeToNextSync, timeOffset (ms), minpoll, maxpoll}; setNTPClientConfiguration
  {enabled, NTSEnabled, serversSource, staticServers, staticNTSKEServers} -> data {}.
  Errors 4003 "Missing parameter(s)", 4004 "Invalid parameter(s)" with details.subCode
  (1 enabled, 2 serversSource, 3 staticServers, 5 NTSEnabled), 4000 method, 4001
  version, 3000 JSON; HTTP 500 only for 1000 (internal).
- remotesyslog.cgi: status, setup {servers: [{address, port?, protocol? (UDP|TCP|TLS,
  default TLS), syslogFormat? (AXIS|RFC3164|RFC5424, default RFC5424), severity?
  (default Warning), type? (Audit|All, default All)}]} (at most 2; an empty list removes
  them), enable, disable, test, getSupportedVersions. Every method but the last answers
  data {enabled, servers}. Errors 2103 missing (details.propertyName), 2104 invalid,
  2200 no server configured, 2201 identical servers, 2202 disabled (test), 2203 too many
  servers, 2100 version, 2101 JSON, 2102 method.
Inferred [INF], one place each: which setNTPClientConfiguration parameters are required
(here `enabled` only; the others keep their values), that `setup` enables the feature
when it is given servers (the page's setup reply shows enabled true) and disables it
when the list is empty, that "identical" means same address, port and protocol, and the
value of maxSupportedStaticServers (5, as in the page's example).
"""

import ipaddress
import json
import re

from ...hostnames import valid_host
from . import vapix_http

NTP_API_VERSION = "1.0"
SYSLOG_API_VERSION = "1.0"
MAX_STATIC_NTP = 5
MAX_SYSLOG_SERVERS = 2
SYSLOG_PROTOCOLS = ("UDP", "TCP", "TLS")
SYSLOG_FORMATS = ("AXIS", "RFC3164", "RFC5424")
SEVERITIES = ("Emergency", "Alert", "Critical", "Error", "Warning", "Notice",
              "Informational", "Debug")
TYPES = ("Audit", "All")
# The page's default port list: protocol -> format -> port.
DEFAULT_PORTS = {"UDP": {"AXIS": 514, "RFC3164": 514, "RFC5424": 514},
                 "TCP": {"AXIS": 514, "RFC3164": 514, "RFC5424": 601},
                 "TLS": {"AXIS": 6514, "RFC3164": 6514, "RFC5424": 6514}}


class ApiError(Exception):
    def __init__(self, code, message, details=None, http_status=200):
        super().__init__(message)
        self.code, self.message, self.details, self.http_status = code, message, details, http_status




def _reply(request, api_version, data=None, error=None):
    body = {"apiVersion": api_version}
    if isinstance(request, dict):
        for key in ("context", "method"):
            if key in request:
                body[key] = request[key]
    status = 200
    if error is not None:
        body["error"] = {"code": error.code, "message": error.message}
        if error.details is not None:
            body["error"]["details"] = error.details
        status = error.http_status
    else:
        body["data"] = data
    return vapix_http.json_reply(body, status)


def _serve(req, api_version, errors, methods):
    if req.method != "POST":
        return vapix_http.method_not_allowed()
    request = None
    try:
        try:
            request = json.loads(req.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(*errors["json"]) from None
        if not isinstance(request, dict) or not isinstance(request.get("method"), str):
            raise ApiError(*errors["json"])
        method = methods.get(request["method"])
        if method is None:
            raise ApiError(*errors["method"])
        if request["method"] != "getSupportedVersions" and \
                str(request.get("apiVersion", "")).split(".")[0] != api_version.split(".")[0]:
            raise ApiError(*errors["version"])
        params = request.get("params", {})
        if not isinstance(params, dict):
            raise ApiError(*errors["invalid"])
        return _reply(request, api_version, data=method(req.camera, params))
    except ApiError as exc:
        return _reply(request, api_version, error=exc)


# -- ntp.cgi ------------------------------------------------------------------------------
NTP_ERRORS = {"json": (3000, "Invalid JSON data"), "method": (4000, "Method does not exist"),
              "version": (4001, "The specified version is not supported"),
              "invalid": (4004, "Invalid parameter(s)")}


def _ntp_invalid(sub_code):
    return ApiError(4004, "Invalid parameter(s)", {"subCode": sub_code})


def get_ntp_info(cam, params):
    time_cfg = cam.get("time") or {}
    servers = list(time_cfg.get("ntp_servers") or [])
    enabled = bool(time_cfg.get("ntp_enabled"))
    synced = enabled and bool(servers)  # nothing to reach on loopback: "synced" if set up
    return {"client": {
        "enabled": enabled,
        "NTSEnabled": False,
        "serversSource": "DHCP" if time_cfg.get("from_dhcp") else "static",
        "maxSupportedStaticServers": MAX_STATIC_NTP,
        "staticServers": servers,
        "advertisedServers": [],  # no DHCP lease on loopback
        "staticNTSKEServers": [],
        "synced": synced,
        "timeToNextSync": 1024 if synced else 0,
        "timeOffset": 0.0,
        "minpoll": 6,
        "maxpoll": 10,
    }}


def set_ntp_client_configuration(cam, params):
    if "enabled" not in params:
        raise ApiError(4003, "Missing parameter(s)")
    writes = {}
    if not isinstance(params["enabled"], bool):
        raise _ntp_invalid(1)
    writes["time.ntp_enabled"] = params["enabled"]
    if "serversSource" in params:
        if params["serversSource"] not in ("DHCP", "static"):
            raise _ntp_invalid(2)
        writes["time.from_dhcp"] = params["serversSource"] == "DHCP"
    if "staticServers" in params:
        servers = params["staticServers"]
        if not isinstance(servers, list) or len(servers) > MAX_STATIC_NTP:
            raise _ntp_invalid(3)
        # "the list can thus be cleared by either setting an empty list or a list
        # consisting of an empty string"
        servers = [s for s in servers if s != ""]
        if not all(valid_host(s) for s in servers) or len(set(servers)) != len(servers):
            raise _ntp_invalid(3)
        writes["time.ntp_servers"] = servers
    if "NTSEnabled" in params and params["NTSEnabled"] is not False:
        raise _ntp_invalid(5)  # the emulated camera has no NTS
    for path, value in writes.items():  # all checked: now write
        cam.set(path, value)
    return {}


def ntp_supported_versions(cam, params):
    return {"apiVersions": [NTP_API_VERSION]}


NTP_METHODS = {"getNTPInfo": get_ntp_info,
               "setNTPClientConfiguration": set_ntp_client_configuration,
               "getSupportedVersions": ntp_supported_versions}


def ntp(req):
    return _serve(req, NTP_API_VERSION, NTP_ERRORS, NTP_METHODS)


# -- remotesyslog.cgi -----------------------------------------------------------------------
SYSLOG_ERRORS = {"json": (2101, "Invalid JSON"), "method": (2102, "Method not supported"),
                 "version": (2100, "API version not supported"),
                 "invalid": (2104, "Invalid parameter value specified")}


def _syslog_servers(cam):
    return [s for s in (cam.get("logging.syslog_servers") or []) if isinstance(s, dict)]


def _server_json(server):
    protocol = str(server.get("protocol") or "tls").upper()
    fmt = server.get("format") or "RFC5424"
    return {"address": server.get("host"),
            "port": server.get("port") or DEFAULT_PORTS.get(protocol, {}).get(fmt, 514),
            "protocol": protocol,
            "syslogFormat": fmt,
            "severity": server.get("severity") or "Warning",
            "type": server.get("type") or "All"}


def syslog_status(cam, params):
    return {"enabled": bool(cam.get("logging.syslog_enabled")),
            "servers": [_server_json(s) for s in _syslog_servers(cam)]}


def _invalid(address, prop):
    return ApiError(2104, "Invalid parameter value specified",
                    {"address": address, "propertyName": prop})


def syslog_setup(cam, params):
    servers = params.get("servers")
    if servers is None:
        raise ApiError(2103, "Required parameter missing", {"propertyName": "servers"})
    if not isinstance(servers, list):
        raise _invalid(None, "servers")
    if len(servers) > MAX_SYSLOG_SERVERS:
        raise ApiError(2203, "Too many servers specified")
    kept = []
    for raw in servers:
        if not isinstance(raw, dict):
            raise _invalid(None, "servers")
        address = raw.get("address")
        if address is None:
            raise ApiError(2103, "Required parameter missing", {"propertyName": "address"})
        if not valid_host(address):
            raise _invalid(address, "address")
        protocol = raw.get("protocol", "TLS")
        if protocol not in SYSLOG_PROTOCOLS:
            raise _invalid(address, "protocol")
        fmt = raw.get("syslogFormat", "RFC5424")
        if fmt not in SYSLOG_FORMATS:
            raise _invalid(address, "syslogFormat")
        severity = raw.get("severity", "Warning")
        if severity not in SEVERITIES:
            raise _invalid(address, "severity")
        kind = raw.get("type", "All")
        if kind not in TYPES:
            raise _invalid(address, "type")
        port = raw.get("port", DEFAULT_PORTS[protocol][fmt])
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise _invalid(address, "port")
        kept.append({"host": address, "port": port, "protocol": protocol.lower(),
                     "format": fmt, "severity": severity, "type": kind})
    identities = [(s["host"], s["port"], s["protocol"]) for s in kept]
    if len(set(identities)) != len(identities):
        raise ApiError(2201, "Identical servers not allowed")
    cam.set("logging.syslog_servers", kept)
    cam.set("logging.syslog_enabled", bool(kept))
    return syslog_status(cam, params)


def syslog_enable(cam, params):
    if not _syslog_servers(cam):
        raise ApiError(2200, "No server configured")
    cam.set("logging.syslog_enabled", True)
    return syslog_status(cam, params)


def syslog_disable(cam, params):
    cam.set("logging.syslog_enabled", False)
    return syslog_status(cam, params)


def syslog_test(cam, params):
    if not cam.get("logging.syslog_enabled"):
        raise ApiError(2202, "Remote syslog is disabled, send test message is not possible")
    return syslog_status(cam, params)  # nothing is sent: loopback only


def syslog_supported_versions(cam, params):
    return {"apiVersions": [SYSLOG_API_VERSION]}


SYSLOG_METHODS = {"status": syslog_status, "setup": syslog_setup, "enable": syslog_enable,
                  "disable": syslog_disable, "test": syslog_test,
                  "getSupportedVersions": syslog_supported_versions}


def remote_syslog(req):
    return _serve(req, SYSLOG_API_VERSION, SYSLOG_ERRORS, SYSLOG_METHODS)


# Hooked into vapix.CGIS (authenticated like every CGI there).
CGIS = {"/axis-cgi/ntp.cgi": ntp, "/axis-cgi/remotesyslog.cgi": remote_syslog}
