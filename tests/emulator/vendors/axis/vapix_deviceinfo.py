"""Axis /axis-cgi/basicdeviceinfo.cgi: JSON over POST, `{"apiVersion","method"}`.

getAllUnrestrictedProperties answers without credentials (clients use it to identify a
camera before logging in); the other methods need them. Errors are JSON with HTTP 200,
`{"apiVersion", "error": {"code", "message"}}`, as Axis's JSON APIs do.
[3P: error envelope and codes from a third-party client's fixtures; 4000 and 4002 are
inferred.]
"""

import json

from . import vapix_http, vapix_params

API_VERSION = "1.1"
UNRESTRICTED = ("Brand", "ProdFullName", "ProdNbr", "ProdShortName", "ProdType",
                "ProdVariant", "SerialNumber", "Version", "WebURL")


def properties(cam):
    ident = cam.get("identity") or {}
    model = ident.get("model", "")
    brand = ident.get("manufacturer", "AXIS")
    names = vapix_params.brand_names(lambda path, default=None: cam.get(path, default))
    return {
        "Architecture": "aarch64",
        "Brand": brand,
        "BuildDate": "Jan 15 2026 10:00",
        "HardwareID": ident.get("hardware_id", ""),
        "ProdFullName": names["full_name"],
        "ProdNbr": model,
        "ProdShortName": names["short_name"],
        "ProdType": names["prod_type"],
        "ProdVariant": "",
        "SerialNumber": ident.get("serial", ""),
        "Soc": "Axis Artpec-8",
        "SocSerialNumber": ident.get("serial", ""),
        "Version": ident.get("firmware", ""),
        "WebURL": "http://www.axis.com",
    }


def _reply(request, data=None, error=None):
    body = {"apiVersion": API_VERSION}
    if isinstance(request, dict) and "context" in request:
        body["context"] = request["context"]
    if isinstance(request, dict) and "method" in request:
        body["method"] = request["method"]
    if error is not None:
        body["error"] = {"code": error[0], "message": error[1]}
    else:
        body["data"] = data
    return vapix_http.json_reply(body)


def handle(req):
    if req.method != "POST":
        return vapix_http.method_not_allowed()
    try:
        request = json.loads(req.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        request = None
    if not isinstance(request, dict) or not isinstance(request.get("method"), str):
        return _reply(request, error=(4000, "Invalid JSON"))
    if str(request.get("apiVersion", "")).split(".")[0] != "1":
        return _reply(request, error=(4002, "The requested API version is not supported"))

    method = request["method"]
    if method == "getSupportedVersions":
        return _reply(request, {"apiVersions": [API_VERSION]})
    props = properties(req.camera)
    if method == "getAllUnrestrictedProperties":
        return _reply(request, {"propertyList": {k: props[k] for k in UNRESTRICTED}})
    if method not in ("getAllProperties", "getProperties"):
        return _reply(request, error=(2004, "Method not supported"))

    denied = vapix_http.authenticate(req)
    if denied is not None:
        return denied
    if method == "getAllProperties":
        return _reply(request, {"propertyList": props})
    wanted = (request.get("params") or {}).get("propertyList")
    if not isinstance(wanted, list) or not wanted:
        return _reply(request, error=(1000, "Invalid parameter: propertyList"))
    unknown = [w for w in wanted if w not in props]
    if unknown:
        return _reply(request, error=(1000, "Property not supported: %s" % unknown[0]))
    return _reply(request, {"propertyList": {k: props[k] for k in wanted}})
