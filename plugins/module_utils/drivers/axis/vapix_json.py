# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Axis VAPIX JSON APIs: POST /axis-cgi/<api>.cgi with {"apiVersion", "method",
"params"}; the reply carries "data", or "error": {"code", "message", "details"} with
HTTP 200 (HTTP 500 for internal errors in the NTP API). Used for ntp.cgi and
remotesyslog.cgi (developer.axis.com NTP API and Remote Syslog API pages)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError


class VapixJsonError(CameraError):
    def __init__(self, camera, call, code, message, details=None):
        self.code = code
        self.message = message
        super(VapixJsonError, self).__init__(
            camera, call, "camera error %s: %s%s" % (
                code, message, (" (%s)" % details) if details else ""))


class VapixJson(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera

    def call(self, api, method, params=None, api_version="1.0", read=False):
        """`data` of the reply. `read` calls are cached for the task and retried."""
        call = "VAPIX %s %s" % (api, method)
        body = {"apiVersion": api_version, "method": method}
        if params is not None:
            body["params"] = params
        resp = self.t.request("POST", "/axis-cgi/%s.cgi" % api, json=body, idempotent=read,
                              cacheable=read, expect=(200, 500), call=call)
        try:
            reply = resp.json()
        except ValueError:
            raise CameraError(self.camera, call, "%sthe reply is not JSON: %r" % (
                "HTTP %d, and " % resp.status_code if resp.status_code != 200 else "",
                resp.content[:200]))
        if not isinstance(reply, dict):
            raise CameraError(self.camera, call, "unexpected reply: %r" % resp.content[:200])
        error = reply.get("error")
        if error is not None:
            if not isinstance(error, dict):
                error = {"message": str(error)}
            raise VapixJsonError(self.camera, call, error.get("code"), error.get("message"),
                                 error.get("details"))
        if resp.status_code != 200:
            raise CameraError(self.camera, call, "HTTP %d without an error object"
                              % resp.status_code)
        data = reply.get("data")
        if not isinstance(data, dict):
            raise CameraError(self.camera, call, "the reply has no data object")
        return data
