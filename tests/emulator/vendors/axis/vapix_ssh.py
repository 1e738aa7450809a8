"""Axis /axis-cgi/ssh.cgi: the SSH server on or off, JSON over POST, mapped onto the
emulator's `network.ssh` (the same switch as the older param `root.Network.SSH.Enabled`,
which this API replaces on current AXIS OS; the emulator serves both).

Requests and the `data.enabled` reply are from the reference (camera-apis.md 2.1,
[SEEN: the VAPIX SSH page]):
  {"apiVersion": "1.0", "method": "getSshInfo"}               -> data.enabled
  {"apiVersion": "1.0", "method": "setSshConfiguration",
   "params": {"enabled": false}}                              -> data {}
[INF: getSupportedVersions, the empty `data` of a set, and the error envelope and codes,
which follow basicdeviceinfo.cgi and Axis's other JSON APIs.]
"""

import json

from . import vapix_http

API_VERSION = "1.0"


def _reply(request, data=None, error=None):
    body = {"apiVersion": API_VERSION}
    if isinstance(request, dict):
        for key in ("context", "method"):
            if key in request:
                body[key] = request[key]
    if error is not None:
        body["error"] = {"code": error[0], "message": error[1]}
    else:
        body["data"] = data
    return vapix_http.json_reply(body)


def handle(req):
    if req.method != "POST":
        return vapix_http.method_not_allowed()
    denied = vapix_http.authenticate(req)
    if denied is not None:
        return denied
    try:
        request = json.loads(req.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        request = None
    if not isinstance(request, dict) or not isinstance(request.get("method"), str):
        return _reply(request, error=(4000, "Invalid JSON"))
    if str(request.get("apiVersion", "")).split(".")[0] != "1":
        return _reply(request, error=(4002, "The requested API version is not supported"))

    method = request["method"]
    cam = req.camera
    if method == "getSupportedVersions":
        return _reply(request, {"apiVersions": [API_VERSION]})
    if method == "getSshInfo":
        return _reply(request, {"enabled": bool(cam.get("network.ssh"))})
    if method == "setSshConfiguration":
        params = request.get("params")
        enabled = params.get("enabled") if isinstance(params, dict) else None
        if not isinstance(enabled, bool):
            return _reply(request, error=(2003, "Invalid parameter: enabled"))
        cam.set("network.ssh", enabled)  # False under the nonsticky fault: still a success
        return _reply(request, {})
    return _reply(request, error=(2004, "Method not supported"))
