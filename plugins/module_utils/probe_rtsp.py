# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RTSP probe: does the camera hand out its stream description without a login?
(control 5.5.1). It is the "rtsp" service of a probe pass (probes.py) and stops at the
pass's deadline like every other probe.

What it sends, on one TCP connection to `rtsp_port` (554 by default), reconnecting only
when the camera closes it: one OPTIONS, then one DESCRIBE per path in `rtsp_paths`
(default: the known stream paths of every supported vendor, since the pass starts
before the camera's vendor is known; 5.5.1 judges its vendor's own). NEVER any
credentials, and nothing is sent twice: a request without credentials is not a failed
login, so probing cannot push an account towards a lockout. A request or reply
caught by the deadline on an accepted connection gets a grace period, again for each
next request while the camera keeps answering (_Session): the process may have been
waiting for a CPU, not for the camera.

Result:
    {"port": 554,
     "state": "open" | "closed" | "filtered",  # the TCP connect: refused is "closed"
     "answered": bool,            # an RTSP server replied to something
     "options": None or {"status": 200, "public": ["OPTIONS", "DESCRIBE", ...],
                         "server": str|None, "error": str|None},
     "paths": {"/axis-media/media.amp": {
         "url": "rtsp://127.0.0.1:554/axis-media/media.amp",
         "answered": bool,        # an RTSP reply came
         "status": 401|200|404|...|None,
         "auth_required": bool,   # 401 seen: the camera wants a login
         "schemes": ["Digest"],   # the WWW-Authenticate schemes offered
         "basic_offered": bool,   # Basic over plain RTSP: a password in clear text
         "server": str|None, "content_type": str|None, "error": str|None}},
     "basic_offered": ["/path", ...],  # the paths where Basic was among the schemes
     "graced": 0,                 # grace periods used (see _Session)
     "ended_by": "replies" | "refusal" | "deadline",
     "error": str|None}          # why nothing answered (closed port, silence, not RTSP)
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import time

from ansible_collections.camsec.ipcam.plugins.module_utils import probe_sockets as sockets
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.registry import DRIVERS

DEFAULT_PORT = 554
# The main stream of channel 1 of every registered driver (its STREAM_PATHS).
DEFAULT_PATHS = sorted(set(p for driver in DRIVERS for p in driver.STREAM_PATHS))
MAX_PATHS = 8  # DESCRIBEs per pass; further paths are reported as not asked
MAX_REPLY_HEAD_BYTES = 8 * 1024
MAX_REPLY_BODY_BYTES = 16 * 1024  # an SDP is a few hundred bytes; more is not read
USER_AGENT = "camsec.ipcam"
CLOSE_WAIT_S = 0.2


def requests_of(paths):
    """How many requests one probe sends: OPTIONS and a DESCRIBE per path asked."""
    return 1 + min(len(paths), MAX_PATHS)


class _NotRtsp(Exception):
    """The port answered, but not in RTSP."""


async def probe(address, config, deadline):
    """The RTSP probe of one pass (see the module docstring for the result)."""
    port = int(config.get("rtsp_port") or DEFAULT_PORT)
    paths = list(config.get("rtsp_paths") or DEFAULT_PATHS)
    host = "[%s]" % address if ":" in address else address
    base = "rtsp://%s:%d" % (host, port)
    result = {"port": port, "state": None, "answered": False, "options": None, "paths": {},
              "basic_offered": [], "error": None}
    session = _Session(address, port, deadline, grace=float(config.get("timeout") or 0),
                       max_graces=requests_of(paths))
    try:
        state = await session.connect()
        result["state"] = state
        if state != "open":
            result["error"] = ("connection refused on TCP port %d" % port if state == "closed" else
                               "no answer on TCP port %d within %.1f s" % (port, config["timeout"]))
            result["ended_by"] = "refusal" if state == "closed" else "deadline"
            result["graced"] = 0
            return result
        cseq = 1
        options = await _ask(session, "OPTIONS", base + (paths[0] if paths else "/"), cseq)
        result["options"] = {"status": options.get("status"), "server": options.get("server"),
                             "public": _split(options.get("public")), "error": options.get("error")}
        for path in paths[:MAX_PATHS]:
            cseq += 1
            reply = await _ask(session, "DESCRIBE", base + path, cseq)
            schemes = _schemes(reply.get("www_authenticate") or [])
            entry = {"url": base + path, "answered": reply.get("status") is not None,
                     "status": reply.get("status"), "auth_required": reply.get("status") == 401,
                     "schemes": schemes, "basic_offered": "Basic" in schemes,
                     "server": reply.get("server"), "content_type": reply.get("content_type"),
                     "error": reply.get("error")}
            result["paths"][path] = entry
            if entry["basic_offered"]:
                result["basic_offered"].append(path)
        for path in paths[MAX_PATHS:]:
            result["paths"][path] = {"url": base + path, "answered": False, "status": None,
                                     "auth_required": False, "schemes": [], "basic_offered": False,
                                     "server": None, "content_type": None,
                                     "error": "not asked: at most %d paths per pass" % MAX_PATHS}
    finally:
        await session.close()
    replies = [result["options"]] + list(result["paths"].values())
    result["answered"] = any(r.get("status") is not None for r in replies)
    result["graced"] = session.graces
    result["ended_by"] = "deadline" if result["state"] == "filtered" or any(
        "within the timeout" in (r.get("error") or "") or
        "no time left" in (r.get("error") or "") for r in replies) else "replies"
    if not result["answered"]:
        errors = sorted(set(r.get("error") for r in replies if r.get("error")))
        result["error"] = "no RTSP reply on TCP port %d: %s" % (port, "; ".join(errors[:3]) or "-")
    return result


async def _ask(session, method, url, cseq):
    """One request, one reply: {"status", "server", "public", "www_authenticate",
    "content_type"} or {"error"}. The connection is opened again when the camera closed
    it after its last reply; a request is never sent twice. A request not sent yet, or
    a reply not come yet, when the deadline passes on an open connection gets the
    session's one grace period (see _Session.grace)."""
    if session.deadline - time.monotonic() <= 0 and not session.use_grace():
        return {"error": "no time left in the pass"}
    request = ("%s %s RTSP/1.0\r\nCSeq: %d\r\nUser-Agent: %s\r\n%s\r\n" % (
        method, url, cseq, USER_AGENT,
        "Accept: application/sdp\r\n" if method == "DESCRIBE" else "")).encode("ascii")
    try:
        if session.writer is None and await session.connect() != "open":
            return {"error": "the camera closed the connection and refused a new one"}
        session.writer.write(request)
        await session.writer.drain()
        reading = asyncio.ensure_future(_read_reply(session.reader))
        try:
            done, _pending = await asyncio.wait(
                {reading}, timeout=max(0.0, session.deadline - time.monotonic()))
            if not done and session.use_grace():
                # the same reply, waited for longer: the request is not sent again
                done, _pending = await asyncio.wait(
                    {reading}, timeout=max(0.0, session.deadline - time.monotonic()))
        finally:
            if not reading.done():
                reading.cancel()
                await asyncio.gather(reading, return_exceptions=True)
        if not done:
            raise asyncio.TimeoutError()
        reply = reading.result()
    except asyncio.TimeoutError:
        await session.close()
        return {"error": "no reply to %s within the timeout" % method}
    except _NotRtsp as exc:
        await session.close()
        return {"error": "not an RTSP reply: %s" % exc}
    except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
        await session.close()
        return {"error": "the connection closed before a reply to %s (%s)"
                % (method, str(exc) or type(exc).__name__)}
    session.answered_since_grace = True
    if reply.pop("close"):
        await session.close()
    return reply


async def _read_reply(reader):
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError:
        raise _NotRtsp("a reply head over %d bytes" % MAX_REPLY_HEAD_BYTES)
    except asyncio.IncompleteReadError as exc:
        if exc.partial and not exc.partial.startswith(b"RTSP/"):
            raise _NotRtsp(repr(exc.partial[:40]))
        raise
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("RTSP/") or not parts[1].isdigit():
        raise _NotRtsp(repr(lines[0][:60]))
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = (headers.get("content-length") or ["0"])[0]
    length = int(length) if length.isdigit() else 0
    close = (headers.get("connection") or [""])[0].lower() == "close"
    if length > MAX_REPLY_BODY_BYTES:
        close = True  # the body is not read: the connection cannot be used again
    elif length:
        await reader.readexactly(length)
    return {"status": int(parts[1]), "server": _first(headers, "server"),
            "public": _first(headers, "public"), "www_authenticate": headers.get("www-authenticate"),
            "content_type": _first(headers, "content-type"), "close": close}


def _first(headers, name):
    values = headers.get(name)
    return values[0] if values else None


def _split(value):
    return [m.strip() for m in value.split(",") if m.strip()] if value else []


def _schemes(challenges):
    """["Digest realm=..., nonce=...", "Basic realm=..."] -> ["Digest", "Basic"]."""
    out = []
    for challenge in challenges:
        scheme = challenge.strip().split(" ", 1)[0].capitalize()
        if scheme and scheme not in out:
            out.append(scheme)
    return out


class _Session(object):
    """The probe's one RTSP connection, opened again at most once per request.

    Grace: when the deadline passes on a connection the camera accepted, with a request
    still to send or a reply still to come, the session gets `grace` seconds more; and
    again for the next request each time the camera answered since (it is alive and
    keeps answering), at most once per request. Under CPU load most of the measured
    time is this process, or the camera, waiting for a CPU, and the requests of a probe
    go one after the other, so one slow round trip would otherwise leave the next
    DESCRIBE no time at all. Nothing is sent twice and no request carries credentials,
    so no grace can count as a login. A port that never accepted gets none: silence
    stays silence, and a camera that stops answering gets no more."""

    def __init__(self, address, port, deadline, grace=0.0, max_graces=1):
        self.address = address
        self.port = port
        self.deadline = deadline
        self.grace = grace
        self.max_graces = max_graces
        self.graces = 0
        self.answered_since_grace = False
        self.accepted = False
        self.reader = self.writer = None

    def use_grace(self):
        if not self.accepted or self.grace <= 0 or self.graces >= self.max_graces:
            return False
        if self.graces and not self.answered_since_grace:
            return False
        self.graces += 1
        self.answered_since_grace = False
        self.deadline = time.monotonic() + self.grace
        return True

    async def connect(self):
        """open, closed (refused) or filtered (no answer before the deadline)."""
        state, sock, _elapsed = await sockets.tcp_connect(self.address, self.port, self.deadline)
        if state != "open":
            return state
        try:
            self.reader, self.writer = await asyncio.open_connection(
                sock=sock, limit=MAX_REPLY_HEAD_BYTES)
        except OSError:
            sock.close()
            return "filtered"
        self.accepted = True
        return "open"

    async def close(self):
        writer, self.reader, self.writer = self.writer, None, None
        if writer is None:
            return
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), CLOSE_WAIT_S)
        except (asyncio.TimeoutError, OSError):
            writer.transport.abort()
