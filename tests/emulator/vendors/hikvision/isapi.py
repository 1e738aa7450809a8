"""Hikvision ISAPI: Digest authentication, then which module serves which resource.

Every /ISAPI/ path belongs here: an unknown resource, or a method a resource does not
take, gets the camera's <ResponseStatus> statusCode 4 rather than falling through.
Paths outside /ISAPI/ (ONVIF) are left to the next API of the fleet.

Modules: isapi_xml (namespaces, bodies, ResponseStatus), isapi_device, isapi_network,
isapi_access, isapi_masks, isapi_storage, isapi_time, isapi_users (accounts, userCheck,
illegalLoginLock, anonymous login). The snapshot
/ISAPI/Streaming/channels/101/picture (snapshots.py) is the one path served before
authentication: anonymous viewers may read it while anonymous login is on.
"""

from ... import accounts, auth
from . import isapi_access, isapi_device, isapi_masks, isapi_network, isapi_storage, isapi_xml
from ... import snapshots
from . import isapi_time, isapi_users, isapi_wireless

MASKS = "/ISAPI/System/Video/inputs/channels/1/privacyMask"

RESOURCES = {
    "/ISAPI/System/deviceInfo": {"GET": isapi_device.device_info},
    "/ISAPI/System/Network/capabilities": {"GET": isapi_device.network_capabilities},
    "/ISAPI/System/Network/UPnP": {"GET": isapi_network.upnp_get,
                                   "PUT": isapi_network.upnp_put},
    "/ISAPI/System/Network/SNMP": {"GET": isapi_network.snmp_get,
                                   "PUT": isapi_network.snmp_put},
    "/ISAPI/System/Network/Bonjour": {"GET": isapi_network.bonjour_get,
                                      "PUT": isapi_network.bonjour_put},
    "/ISAPI/System/Network/ssh": {"GET": isapi_network.ssh_get,
                                  "PUT": isapi_network.ssh_put},
    "/ISAPI/System/Network/telnetd": {"GET": isapi_network.telnetd_get,
                                      "PUT": isapi_network.telnetd_put},
    "/ISAPI/Security/adminAccesses": {"GET": isapi_access.get, "PUT": isapi_access.put},
    MASKS: {"GET": isapi_masks.get, "PUT": isapi_masks.put},
    MASKS + "/capabilities": {"GET": isapi_masks.capabilities},
    "/ISAPI/ContentMgmt/Storage": {"GET": isapi_storage.storage_get},
    "/ISAPI/ContentMgmt/Storage/hdd": {"GET": isapi_storage.hdd_list_get},
    "/ISAPI/ContentMgmt/Storage/hdd/1/format": {"PUT": isapi_storage.format_put},
    "/ISAPI/ContentMgmt/Storage/hdd/1/formatStatus": {
        "GET": isapi_storage.format_status_get},
}

RESOURCES.update(isapi_time.RESOURCES)  # time, ntpServers, logServer
RESOURCES.update(isapi_users.RESOURCES)  # users, userCheck, illegalLoginLock, anonymous
RESOURCES.update(isapi_wireless.RESOURCES)  # network interfaces (5.3.3)

# Resources with an id in the path: (pattern, {method: handler(req, id)}).
PATTERNS = list(isapi_users.PATTERNS)  # /ISAPI/Security/users/<id>
PATTERNS += isapi_wireless.PATTERNS  # /ISAPI/System/Network/interfaces/<id>/wireless, /WPS


def find(path, method):
    """The handler(req) for a path and method, or None."""
    if path in RESOURCES:
        return RESOURCES[path].get(method)
    for pattern, methods in PATTERNS:
        match = pattern.fullmatch(path)
        if match and method in methods:
            handler, args = methods[method], match.groups()
            return lambda req: handler(req, *args)
    return None


SNAPSHOT_PATH = "/ISAPI/Streaming/channels/101/picture"  # the package's API_SNAPSHOT_PATHS


def handle(req):
    if not req.path.startswith("/ISAPI/"):
        return None
    if req.path == SNAPSHOT_PATH:
        return snapshots.serve(req)  # authenticates unless anonymous login is on
    # Fault api_no_auth: firmware that serves its configuration without a login.
    if not accounts.serves_without_login(req, "api_no_auth"):
        denied = auth.authenticate(req, req.camera.realm(), allow_basic=False)
        if denied is not None:
            return refusal(req, denied)
    # A resource this firmware lacks: notSupport, as for a path it never had.
    serve = None if req.camera.lacks(req.path) else find(req.path, req.method)
    try:
        if serve is None:
            raise isapi_xml.InvalidOperation(req.path)
        return serve(req)
    except isapi_xml.IsapiError as exc:
        resp = isapi_xml.error_status(req, exc)
        if exc.sub == "notSupport":
            resp.status = req.camera.faults["isapi_not_supported_status"]
        return resp


def refusal(req, denied):
    """A failed login as the firmware answers it (fault isapi_refusal): a bare Digest
    challenge; 401 with a <userCheck> body saying how many tries are left (firmware that
    counts them [INF]); or 403 with a ResponseStatus badAuthorization [INF]. A request
    without credentials always gets the plain challenge: that is no failed login."""
    form = req.camera.faults["isapi_refusal"]
    failed = denied.status == 401 and req.header("authorization") \
        and "stale=true" not in denied.headers.get("WWW-Authenticate", "")
    if not failed or form == "401":
        return denied
    if form == "403":
        denied = isapi_xml.response_status(req, 4, "Invalid Operation", "badAuthorization",
                                           http_status=403)
        return denied
    body = isapi_xml.render(req.camera, "userCheck", [
        ("statusValue", 401), ("statusString", "Unauthorized"),
        ("lockStatus", "lock" if req.camera.is_locked() else "unlock"),
        ("unlockTime", 0), ("retryLoginTime", 3)])
    denied.body = body.encode("utf-8")
    denied.content_type = isapi_xml.CONTENT_TYPE
    denied.is_xml = True
    return denied
