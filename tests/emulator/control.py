"""The control interface tests use (JSON over HTTP on 127.0.0.1, never a camera port).

GET    /cameras                         [{id, vendor, address}]
GET    /cameras/<id>/state              the camera's full state
PATCH  /cameras/<id>/state              {"dotted.path": value, ...}: drift behind our back
PUT    /cameras/<id>/state?preset=insecure|secure   factory or hardened state
GET    /cameras/<id>/counters           requests, per path, failed logins, UDP datagrams,
                                         HTTPS connections, RTSP requests
DELETE /cameras/<id>/counters           zero them
PUT    /cameras/<id>/faults             {"latency_ms": 500, ...} (see camera.FAULT_DEFAULTS)
DELETE /cameras/<id>/faults             clear every fault and any lockout
PUT    /fleet/state?preset=insecure|secure  every camera at once

Presets include state["access"] (state.py): insecure lets anonymous viewers in on Axis
and Hikvision and has no Hikvision login lockout; secure turns anonymous viewing off and
the lockout on (5 failures in a row). Accounts are state["users"]; PATCH
{"users": [...]} changes them behind the collection's back (users[0] stays the fleet's
Administrator). Camera endpoints for accounts: accounts.py (shared rules),
vapix_users.py (pwdgrp.cgi), isapi_users.py, onvif_users.py, snapshots.py (the
anonymous-viewer snapshot paths).
"""

import json

from .httpserver import Response, read_request, serve_stream


def _json(obj, status=200):
    return Response(status, json.dumps(obj, sort_keys=True), "application/json")


class ControlApp:
    def __init__(self, fleet):
        self.fleet = fleet

    async def handle(self, reader, writer):
        await serve_stream(reader, writer, self._serve)

    async def _serve(self, reader, writer):
        while True:
            parsed = await read_request(reader, writer)
            if parsed is None:
                return
            method, target, _headers, body, keep_alive = parsed
            try:
                resp = self.route(method, target, json.loads(body) if body else None)
            except (KeyError, ValueError, TypeError) as exc:
                resp = _json({"error": str(exc)}, 400)
            await self.fleet.settle()  # ports opened or closed before the reply
            writer.write(resp.encode(keep_alive))
            await writer.drain()
            if not keep_alive:
                return

    def route(self, method, target, payload):
        path, _, query = target.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        parts = [p for p in path.split("/") if p]
        fleet = self.fleet
        if parts == ["cameras"] and method == "GET":
            return _json([c.summary() for c in fleet.cameras.values()])
        if parts == ["fleet", "state"] and method == "PUT":
            secure = self._preset(params)
            for cam in fleet.cameras.values():
                cam.clear_faults()
                cam.replace_state(fleet.fresh_state(cam, secure))
                cam.reset_counters()
            return _json({"cameras": len(fleet.cameras)})
        if len(parts) != 3 or parts[0] != "cameras":
            return _json({"error": "no such resource"}, 404)
        cam = fleet.cameras.get(parts[1])
        if cam is None:
            return _json({"error": "no camera %s" % parts[1]}, 404)
        what = parts[2]
        if what == "state":
            if method == "GET":
                return _json(cam.state)
            if method == "PATCH":
                cam.patch_state(payload)
                return _json(cam.state)
            if method == "PUT":
                cam.replace_state(fleet.fresh_state(cam, self._preset(params)))
                return _json(cam.state)
        if what == "counters":
            if method == "GET":
                return _json(dict(cam.counters, locked=cam.is_locked()))
            if method == "DELETE":
                cam.reset_counters()
                return _json(cam.counters)
        if what == "faults":
            if method == "GET":
                return _json(cam.faults)
            if method == "PUT":
                cam.set_faults(payload)
                cam.changed()  # e.g. https_broken closes the HTTPS port
                return _json(cam.faults)
            if method == "DELETE":
                cam.clear_faults()
                cam.changed()
                return _json(cam.faults)
        return _json({"error": "method not allowed"}, 405)

    @staticmethod
    def _preset(params):
        preset = params.get("preset", "insecure")
        if preset not in ("insecure", "secure"):
            raise ValueError("preset must be insecure or secure")
        return preset == "secure"
