"""A minimal RTSP/1.0 server (RFC 2326), one listener per camera on TCP 554 while
state["network"]["rtsp"]["enabled"] is true (fleet.sync_listeners opens and closes it,
as it does HTTP's port 80). It is there for control 5.5.1: does the stream need a login?

Methods: OPTIONS (200 with a Public header, no login, as cameras answer it) and DESCRIBE
of the camera's stream path (below). DESCRIBE answers 200 with a small SDP body
(application/sdp) when the request carries no credentials and anonymous viewing is
allowed (accounts.anonymous_allowed, the rule the snapshot endpoints use), or when it
carries a valid Digest login (auth.authenticate, the HTTP check: RTSP Digest hashes
the RTSP method and URI the same way); otherwise 401 with a Digest challenge, or 403
while the camera's lockout holds. A wrong Digest login counts as a failed login, as over
HTTP; a request without credentials does not. Another path: 404. Other methods (SETUP,
PLAY...): 501, since no media is ever sent.

Stream paths: those of the firmware profile's media settings (media.py), one per media
profile, the query part ignored (a real server reads it; here it only names the
profile). Vendor defaults [INF for ONVIF]:
- axis       rtsp://<ip>/axis-media/media.amp   (VAPIX's RTSP URL)
- hikvision  rtsp://<ip>/Streaming/Channels/101 (channel 1, main stream)
- onvif      rtsp://<ip>/onvif/media/profile1
ONVIF GetStreamUri names the same URIs (onvif_media1.py, onvif_media2.py).

The port is the profile's media rtsp_port, else the fleet's (`--rtsp-port`, 554),
opened while the setting is on; a port number written to the state (ONVIF
SetNetworkProtocols, ISAPI adminAccesses) is kept in the state but does not move the
listener, as for HTTP.

Bounds: a request head is at most MAX_REQUEST_BYTES (longer: the connection is closed),
a body (none is expected) at most MAX_BODY_BYTES, a connection serves at most
MAX_REQUESTS requests (keep-alive, as RTSP clients expect: a client answers the 401 on
the same connection) and is closed after IDLE_TIMEOUT_S without a request.

Counters: in cam.counters["rtsp"] = {method: count} (kept apart from
the HTTP request counters, which tests compare exactly).
"""

import asyncio

from . import accounts, auth, media
from .httpserver import Request

PUBLIC = "OPTIONS, DESCRIBE"
MAX_REQUEST_BYTES = 8 * 1024
MAX_BODY_BYTES = 4 * 1024
MAX_REQUESTS = 16
IDLE_TIMEOUT_S = 10
SERVER = "camera-emulator RTSP"

REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 413: "Request Entity Too Large", 501: "Not Implemented",
           505: "RTSP Version not supported"}


def sdp(cam, url):
    """A session description of one H.264 video track; enough for a client to see
    that a stream is there (no media is ever sent)."""
    return "\r\n".join([
        "v=0",
        "o=- %d 1 IN IP4 %s" % (getattr(cam, "index", 1), cam.address),
        "s=%s" % cam.get("identity.model", "camera"),
        "c=IN IP4 0.0.0.0",
        "t=0 0",
        "a=control:%s" % url,
        "m=video 0 RTP/AVP 96",
        "a=rtpmap:96 H264/90000",
        "a=control:trackID=1",
        "",
    ]).encode("ascii")


def encode(status, cseq, headers=None, body=b""):
    head = ["RTSP/1.0 %d %s" % (status, REASONS.get(status, "Status"))]
    if cseq is not None:
        head.append("CSeq: %s" % cseq)
    hdrs = dict(headers or {})
    hdrs.setdefault("Server", SERVER)
    if body:
        hdrs["Content-Length"] = str(len(body))
    head.extend("%s: %s" % kv for kv in hdrs.items())
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


class RtspListener:
    """Serves one camera's RTSP port."""

    def __init__(self, camera):
        self.camera = camera

    async def handle(self, reader, writer):
        try:
            await self._serve(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError,
                asyncio.LimitOverrunError, ValueError, OSError):
            pass  # a head over the limit, a peer gone, an idle client: close quietly
        finally:
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - the peer may be gone already
                pass

    async def _serve(self, reader, writer):
        cam = self.camera
        for _ in range(MAX_REQUESTS):
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT_S)
            if cam.is_down():
                return  # "rebooting": close without a word
            lines = head.decode("latin-1").split("\r\n")
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            cseq = headers.get("cseq")
            parts = lines[0].split(" ")
            if len(parts) != 3:
                writer.write(encode(400, cseq))
                await writer.drain()
                return
            length = headers.get("content-length", "0")
            if not length.isdigit() or int(length) > MAX_BODY_BYTES:
                writer.write(encode(413, cseq))
                await writer.drain()
                return
            body = await reader.readexactly(int(length)) if int(length) else b""
            method, target, version = parts
            writer.write(self.respond(method, target, version, headers, body, cseq))
            await writer.drain()
            if headers.get("connection", "").lower() == "close":
                return

    def respond(self, method, target, version, headers, body, cseq):
        cam = self.camera
        rtsp = cam.counters.setdefault("rtsp", {})  # reset_counters() empties it
        rtsp[method] = rtsp.get(method, 0) + 1
        if version != "RTSP/1.0":
            return encode(505, cseq)
        if method == "OPTIONS":
            return encode(200, cseq, {"Public": PUBLIC})
        if method != "DESCRIBE":
            return encode(501, cseq, {"Public": PUBLIC})
        req = Request(cam, "rtsp", method, target, headers, body)
        if req.path not in media.stream_paths(cam):
            return encode(404, cseq)
        if not req.header("authorization") and accounts.anonymous_allowed(cam):
            return self._description(cseq, target)
        denied = auth.authenticate(req, cam.realm(), allow_basic=False)
        if denied is not None:
            return encode(denied.status, cseq, {k: v for k, v in denied.headers.items()
                                                if k == "WWW-Authenticate"})
        return self._description(cseq, target)

    def _description(self, cseq, url):
        body = sdp(self.camera, url)
        return encode(200, cseq, {"Content-Type": "application/sdp",
                                  "Content-Base": url.rstrip("/") + "/"}, body)
