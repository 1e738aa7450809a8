"""A small HTTP/1.1 server on asyncio, one listener per camera and scheme.

Written by hand (not aiohttp) so that fault injection can act at the connection
level: drop a connection without a reply, delay, cut a reply in half.
"""

import asyncio
from email.utils import formatdate
import urllib.parse

MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 2 * 1024 * 1024
IDLE_TIMEOUT_S = 30

REASONS = {200: "OK", 204: "No Content", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           413: "Payload Too Large", 500: "Internal Server Error",
           503: "Service Unavailable"}


class Request:
    def __init__(self, camera, scheme, method, target, headers, body):
        self.camera = camera
        self.scheme = scheme
        self.method = method
        self.target = target
        split = urllib.parse.urlsplit(target)
        self.path = split.path
        self.query = {k: v[-1] for k, v in urllib.parse.parse_qs(
            split.query, keep_blank_values=True).items()}
        self.query_items = urllib.parse.parse_qsl(split.query, keep_blank_values=True)
        self.headers = headers  # lower-case names
        self.body = body
        self.user = None  # set by the auth layer

    def header(self, name, default=""):
        return self.headers.get(name.lower(), default)


class Response:
    def __init__(self, status=200, body=b"", content_type="text/plain", headers=None):
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.content_type = content_type
        self.headers = dict(headers or {})
        self.is_xml = "xml" in content_type

    def encode(self, keep_alive):
        head = ["HTTP/1.1 %d %s" % (self.status, REASONS.get(self.status, "Status"))]
        hdrs = dict(self.headers)
        if self.status != 204:
            hdrs.setdefault("Content-Type", self.content_type)
        hdrs["Content-Length"] = str(len(self.body))
        hdrs["Connection"] = "keep-alive" if keep_alive else "close"
        hdrs.setdefault("Server", "camera-emulator")
        head.extend("%s: %s" % kv for kv in hdrs.items())
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + self.body


async def read_request(reader, writer):
    """One request off the stream: (method, target, headers, body, keep_alive), or None
    when the stream ended or the request was refused (a reply is already written)."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT_S)
    if len(head) > MAX_HEADER_BYTES:
        return None
    lines = head.decode("latin-1").split("\r\n")
    try:
        method, target, version = lines[0].split(" ", 2)
    except ValueError:
        writer.write(Response(400, "bad request line").encode(False))
        return None
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "0") or 0)
    if length > MAX_BODY_BYTES:
        writer.write(Response(413, "too large").encode(False))
        return None
    body = await reader.readexactly(length) if length else b""
    keep_alive = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
    return method, target, headers, body, keep_alive


async def serve_stream(reader, writer, serve):
    """Run `serve(reader, writer)` and always close the stream, quietly."""
    try:
        await serve(reader, writer)
    except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError,
            asyncio.LimitOverrunError, OSError):
        pass
    finally:
        try:
            writer.close()
        except Exception:  # noqa: BLE001 - the peer may be gone already
            pass


class Listener:
    """Serves one camera on one port; `dispatch(request) -> Response` does the rest.

    `tls`, for HTTPS, is a callable returning the camera's SSLContext. The listening
    socket is plain TCP and each connection is upgraded before its first byte is read,
    so that the context (a key, a certificate, loading the chain: ~4 ms) is made on a
    camera's first HTTPS connection instead of for every camera at start-up."""

    def __init__(self, camera, scheme, dispatch, tls=None):
        self.camera = camera
        self.scheme = scheme
        self.dispatch = dispatch
        self.tls = tls

    async def handle(self, reader, writer):
        await serve_stream(reader, writer, self._serve)

    async def _serve(self, reader, writer):
        cam = self.camera
        cam.count_connection(self.scheme)
        if self.tls is not None:
            # No await before this: the ClientHello must reach the TLS layer, not the
            # plain reader's buffer (start_tls pauses reading before it yields).
            await writer.start_tls(self.tls())
            cam.count_handshake()
        served = 0
        while True:
            parsed = await read_request(reader, writer)
            if parsed is None:
                return
            method, target, headers, body, keep_alive = parsed
            if not served:
                cam.count_connection(self.scheme, "api_connections")
            served += 1

            if cam.is_down() or cam.take_fault("drop_connection"):
                return  # close without a word: what a crashed or rebooting camera does
            if cam.faults["latency_ms"]:
                await asyncio.sleep(cam.faults["latency_ms"] / 1000.0)

            req = Request(cam, self.scheme, method, target, headers, body)
            cam.count_request(req.path, carries_credentials(req))
            if cam.faults["http_500"] and cam.faults["http_500_path"] in req.path \
                    and cam.take_fault("http_500"):
                resp = Response(cam.faults["http_500_status"], "injected failure")
            else:
                resp = self.dispatch(req)
                if asyncio.iscoroutine(resp):
                    resp = await resp
            # Origin servers with a clock send Date (RFC 9110): the camera's own clock.
            resp.headers.setdefault("Date", formatdate(cam.now(), usegmt=True))
            if resp.is_xml and resp.status < 300:
                if cam.take_fault("malformed_xml"):
                    resp.body = resp.body[: max(1, len(resp.body) // 2)]
                elif cam.take_fault("hostile_xml"):
                    resp.body = HOSTILE_XML
            writer.write(resp.encode(keep_alive))
            await writer.drain()
            if not keep_alive:
                return


def carries_credentials(req):
    """An Authorization header, or a WS-Security UsernameToken in a SOAP body (a byte
    search: the counter must not depend on the body being well-formed)."""
    if req.header("authorization"):
        return True
    return b"UsernameToken" in (req.body or b"")


# A "billion laughs" document: a client that expands entities falls over on it.
HOSTILE_XML = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<lolz>&lol4;</lolz>"""
