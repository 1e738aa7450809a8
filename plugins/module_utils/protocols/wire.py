# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP/1.1 on the wire for transport.py: keep-alive connections, TLS contexts, Digest.

Why not requests: one evaluation sends ~25 requests to one camera, and requests/urllib3
cost ~1 ms of CPU each (session merging, hooks, cookie jars, pool lookups) plus a TLS
handshake and a CA load for every Session; the issue's budget is 20 ms a camera. This
module keeps what the transport needs and nothing else:

- `tls_context()`: one SSLContext per (ca_path, validate_certs, tls_strict, oldest
  version) per process; loading a CA bundle costs more than a handshake.
- `Connections`: one keep-alive connection per (scheme, port, TLS settings) per camera
  per task, shared by every Transport of that camera while the task's own Transport is
  open (the anonymous checks, the one-login checks, the other-scheme path check): a task
  makes one TLS handshake a scheme. Only the TLS-version probes (probe_tls.py) connect on
  their own.
- `Digest`: RFC 7616 (MD5, SHA-256, their -sess forms, qop=auth), reused with a growing
  nonce count after the first challenge, as requests' HTTPDigestAuth does.
- `Reply`: the part of requests.Response the callers read (status_code, headers,
  content, json(), text, url, request.headers, history).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import json as _json
import os
import re
import select
import socket
import ssl
import threading
import time

try:
    import http.client as httplib
    from urllib.parse import urlencode
except ImportError:  # Python 2 (ansible-test's compile checks only)
    import httplib  # pylint: disable=import-error
    from urllib import urlencode  # pylint: disable=no-name-in-module

_CONTEXTS = {}
_CONTEXTS_LOCK = threading.Lock()


def verify_flags(strict):
    """The certificate verification flags of an HTTPS client context (tls_strict)."""
    flags = getattr(ssl, "VERIFY_X509_PARTIAL_CHAIN", 0)
    if strict:
        flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
    return flags


def _default_ca():
    """The CA bundle requests used (certifi), so that trusting `validate_certs` without a
    ca_path means what it meant before; else the system's."""
    try:
        import certifi
        return certifi.where()
    except ImportError:
        return None


def tls_context(verify, strict=True, oldest=None):
    """The process's SSLContext for these settings. `verify`: False, True (the default
    CA bundle) or a CA file/directory. `oldest`: an ssl.TLSVersion the client offers at
    least (TLS 1.2 otherwise, as urllib3 2 did)."""
    key = (verify, bool(strict), oldest)
    with _CONTEXTS_LOCK:
        ctx = _CONTEXTS.get(key)
        if ctx is not None:
            return ctx
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = oldest or ssl.TLSVersion.TLSv1_2
        ctx.options |= getattr(ssl, "OP_NO_COMPRESSION", 0)
        if verify is False:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        else:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.check_hostname = True
            ctx.verify_flags |= verify_flags(strict)
            if verify is True:
                bundle = _default_ca()
                if bundle:
                    ctx.load_verify_locations(cafile=bundle)
                else:
                    ctx.load_default_certs()
            elif os.path.isdir(verify):
                ctx.load_verify_locations(capath=verify)
            else:
                ctx.load_verify_locations(cafile=verify)
        _CONTEXTS[key] = ctx
        return ctx


class ConnectFailed(Exception):
    """No connection was made: nothing was sent. `timeout`: the connect timed out;
    `silent`: the TCP connection was accepted but the TLS handshake got no reply in time
    (a hung camera: it answers, in its way, so it is "no answer", not "no connection")."""

    def __init__(self, error, timeout=False, silent=False):
        self.error = error
        self.timeout = timeout
        self.silent = silent
        super(ConnectFailed, self).__init__(str(error))


class TlsFailed(Exception):
    """The TCP connection was made, the TLS handshake failed: nothing was sent."""

    def __init__(self, error):
        self.error = error
        super(TlsFailed, self).__init__(str(error))


class Connections(object):
    """The keep-alive connections of one camera in one task: {(scheme, port, tls key):
    HTTPConnection}. `accepted` counts the connections made (for tests)."""

    def __init__(self, host):
        self.host = host
        self.pool = {}
        self.busy = set()
        self.lock = threading.Lock()
        self.made = 0

    def take(self, scheme, port, context):
        """A connection for one exchange (give it back with `give_back`); a second
        thread asking while it is in use gets a private one, closed after."""
        key = (scheme, port, id(context) if context is not None else None)
        with self.lock:
            conn = self.pool.get(key)
            if conn is not None and key not in self.busy:
                self.busy.add(key)
                if conn.sock is not None and _dropped(conn.sock):
                    conn.close()  # the camera closed it while idle: a new one, nothing resent
                return conn, key
            conn = self._new(scheme, port, context)
            if key in self.pool:
                return conn, None
            self.pool[key] = conn
            self.busy.add(key)
            return conn, key

    def give_back(self, conn, key, reusable):
        if not reusable:
            conn.close()
        if key is None:
            conn.close()
            return
        with self.lock:
            self.busy.discard(key)

    def _new(self, scheme, port, context):
        if scheme == "https":
            return httplib.HTTPSConnection(self.host, port, context=context)
        return httplib.HTTPConnection(self.host, port)

    def close(self):
        with self.lock:
            for conn in self.pool.values():
                conn.close()
            self.pool.clear()
            self.busy.clear()


def _dropped(sock):
    """True when an idle keep-alive socket has been closed by the peer (readable with
    nothing that belongs to a request: EOF or a stray byte), as urllib3 checks."""
    try:
        readable, _w, _x = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    if not readable:
        return False
    if isinstance(sock, ssl.SSLSocket):
        # TLS 1.3 session tickets make an idle socket readable without any application
        # data: a non-blocking read that wants more is a live connection.
        try:
            sock.setblocking(False)
            sock.recv(1)
        except ssl.SSLWantReadError:
            return False
        except (OSError, ValueError):
            return True
        finally:
            try:
                sock.setblocking(True)
            except OSError:
                pass
    return True


# -- the shared connections: one set per camera while a task's Transport is open ----------

_SHARED = {}
_SHARED_LOCK = threading.Lock()


def share(host):
    """The task's connections to `host` (made when none are open): (Connections, owner).
    Every Transport to a camera opened while another is open shares its connections."""
    with _SHARED_LOCK:
        entry = _SHARED.get(host)
        if entry is None:
            entry = _SHARED[host] = [Connections(host), 0]
        entry[1] += 1
        return entry[0]


def release(host, connections):
    """One Transport is done; the last one closes the connections."""
    with _SHARED_LOCK:
        entry = _SHARED.get(host)
        if entry is None or entry[0] is not connections:
            connections.close()
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _SHARED[host]
            connections.close()


def exchange(connections, scheme, port, context, method, target, body, headers,
             connect_timeout, read_timeout, limit):
    """Send one request and read its reply (at most `limit` bytes of body):
    (status, reason, HTTPMessage headers, body bytes). Raises ConnectFailed or TlsFailed
    before sending, socket.timeout / OSError / httplib.HTTPException after, ValueError for
    a request http.client refuses (a header with a line break), and BodyTooLarge."""
    conn, key = connections.take(scheme, port, context)
    reusable = False
    try:
        if conn.sock is None:
            _connect(conn, connections, scheme, connect_timeout)
        conn.sock.settimeout(read_timeout)
        conn.timeout = read_timeout
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        content = _read_bounded(resp, limit)
        reusable = not resp.will_close
        return resp.status, resp.reason, resp.msg, content
    finally:
        connections.give_back(conn, key, reusable)


def _connect(conn, connections, scheme, connect_timeout):
    conn.timeout = connect_timeout
    try:
        sock = socket.create_connection((conn.host, conn.port), connect_timeout)
    except socket.timeout as exc:
        raise ConnectFailed(exc, timeout=True)
    except OSError as exc:
        raise ConnectFailed(exc)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if scheme == "https":
        try:
            server_hostname = conn.host.strip("[]")
            sock = conn._context.wrap_socket(sock, server_hostname=server_hostname)
        except socket.timeout as exc:
            sock.close()
            raise ConnectFailed(exc, timeout=True, silent=True)
        except (ssl.SSLError, ssl.CertificateError) as exc:
            sock.close()
            raise TlsFailed(exc)
        except OSError as exc:
            sock.close()
            raise TlsFailed(exc)
    conn.sock = sock
    connections.made += 1


class BodyTooLarge(Exception):
    def __init__(self, declared=None):
        self.declared = declared
        super(BodyTooLarge, self).__init__(str(declared))


def _read_bounded(resp, limit):
    declared = resp.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        resp.close()
        raise BodyTooLarge(declared)
    chunks, size = [], 0
    while True:
        chunk = resp.read(min(65536, limit + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            resp.close()
            raise BodyTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


# -- requests --------------------------------------------------------------------------

def target_of(path, params):
    """The request target: path plus the query string of `params` (a dict or pairs)."""
    if not params:
        return path
    items = sorted(params.items()) if isinstance(params, dict) else list(params)
    items = [(k, v) for k, v in items if v is not None]
    if not items:
        return path
    return path + ("&" if "?" in path else "?") + urlencode(items)


def body_of(data, json, headers):
    """(bytes or None, headers with Content-Type as requests set it)."""
    if json is not None:
        headers.setdefault("Content-Type", "application/json")
        return _json.dumps(json).encode("utf-8"), headers
    if isinstance(data, dict):
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        return urlencode(sorted(data.items())).encode("utf-8"), headers
    if data is not None and not isinstance(data, bytes):
        data = data.encode("utf-8")
    return data, headers


class Sent(object):
    def __init__(self, method, url, headers):
        self.method = method
        self.url = url
        self.headers = headers


class Reply(object):
    """What the callers read of a reply (the attributes requests.Response has)."""

    def __init__(self, status, reason, headers, content, url, request, history=None):
        self.status_code = status
        self.reason = reason
        self.headers = headers  # http.client.HTTPMessage: .get() is case-insensitive
        self.content = content
        self.url = url
        self.request = request
        self.history = history or []

    @property
    def text(self):
        charset = self.headers.get_content_charset() if hasattr(
            self.headers, "get_content_charset") else None
        try:
            return self.content.decode(charset or "utf-8", "replace")
        except LookupError:
            return self.content.decode("utf-8", "replace")

    def json(self):
        return _json.loads(self.content.decode("utf-8"))

    def close(self):
        """Nothing to release: the body was read in full."""


# -- HTTP authentication ------------------------------------------------------------------

_CHALLENGE_PARAM = re.compile(r'(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*)')


def parse_challenge(value):
    """{"scheme": "digest"|"basic"|..., param: value} of a WWW-Authenticate header."""
    value = (value or "").strip()
    scheme, _sep, rest = value.partition(" ")
    params = {"scheme": scheme.lower()}
    for name, val in _CHALLENGE_PARAM.findall(rest):
        if val.startswith('"'):
            val = val[1:-1].replace('\\"', '"')
        params[name.lower()] = val
    return params


class Digest(object):
    """One account's Digest state: the latest challenge and its nonce count."""

    def __init__(self, username, password):
        self.username = username
        self.password = password
        self.challenge = None
        self.nc = 0

    def learn(self, challenge):
        if challenge.get("nonce") != (self.challenge or {}).get("nonce"):
            self.nc = 0
        self.challenge = challenge

    def speaks(self):
        """Whether the latest challenge can be answered (MD5 or SHA-256, qop auth or none)."""
        c = self.challenge or {}
        algorithm = (c.get("algorithm") or "MD5").upper()
        qops = [q.strip() for q in (c.get("qop") or "").split(",") if q.strip()]
        return algorithm.split("-SESS")[0] in ("MD5", "SHA-256") and (not qops or "auth" in qops)

    def header(self, method, target):
        c = self.challenge
        if c is None:
            return None
        algorithm = (c.get("algorithm") or "MD5").upper()
        if not self.speaks():
            return None  # an algorithm or qop we do not speak: no credentials sent

        def h(text):
            fn = hashlib.sha256 if algorithm.startswith("SHA-256") else hashlib.md5
            return fn(text.encode("utf-8")).hexdigest()
        self.nc += 1
        nc = "%08x" % self.nc
        cnonce = hashlib.sha1(os.urandom(16) + str(time.time()).encode()).hexdigest()[:16]
        nonce = c.get("nonce", "")
        realm = c.get("realm", "")
        ha1 = h("%s:%s:%s" % (self.username, realm, self.password))
        if algorithm.endswith("-SESS"):
            ha1 = h("%s:%s:%s" % (ha1, nonce, cnonce))
        ha2 = h("%s:%s" % (method, target))
        qops = [q.strip() for q in (c.get("qop") or "").split(",") if q.strip()]
        if "auth" in qops:
            response = h("%s:%s:%s:%s:%s:%s" % (ha1, nonce, nc, cnonce, "auth", ha2))
            extra = ', qop="auth", nc=%s, cnonce="%s"' % (nc, cnonce)
        elif not qops:
            response = h("%s:%s:%s" % (ha1, nonce, ha2))
            extra = ""
        else:
            return None  # auth-int only: not supported, nothing sent
        value = 'Digest username="%s", realm="%s", nonce="%s", uri="%s", response="%s"' % (
            self.username, realm, nonce, target, response)
        if c.get("opaque"):
            value += ', opaque="%s"' % c["opaque"]
        if c.get("algorithm"):
            value += ", algorithm=%s" % c["algorithm"]
        return value + extra


def basic_header(username, password):
    token = ("%s:%s" % (username, password)).encode("latin-1", "replace")
    return "Basic " + base64.b64encode(token).decode("ascii")
