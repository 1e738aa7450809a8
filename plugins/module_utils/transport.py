# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The only place that sends HTTP requests to cameras.

One Transport per camera per task. It owns: authentication (Digest; Basic only when
the camera demands it, and never over plain HTTP unless allowed), TLS verification,
connect/read timeouts inside a per-task time budget, bounded retries for idempotent
reads, a response size cap, a per-task read cache, and error messages that name the
camera, the call and the cause with secrets redacted.

The wire (protocols/wire.py): one keep-alive connection per scheme per camera per task,
shared by every Transport to that camera while the task's own is open (the anonymous
checks and the one-login check make their own Transports, with their own credentials
and no cache, but no handshake of their own), and one TLS context per process and set
of TLS settings.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import socket
import ssl
import time

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, DeviceFault, TlsFailure, TransientError,
    UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils import replies, xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols import wire

try:
    import http.client as httplib
except ImportError:  # Python 2 (ansible-test's compile checks only)
    import httplib  # pylint: disable=import-error

HAS_REQUESTS = True  # kept for callers that checked it: the wire is the standard library

MAX_RESPONSE_BYTES = 4 * 1024 * 1024
RETRIES = 2                 # extra attempts for idempotent reads
RETRY_BACKOFF_S = (0.2, 0.6)
CONNECT_TIMEOUT_S = 5
USER_AGENT = "camsec.ipcam"
TLS_VERSIONS = {"TLSv1": "TLSv1", "TLSv1.1": "TLSv1_1", "TLSv1.2": "TLSv1_2",
                "TLSv1.3": "TLSv1_3"}


class Settings(object):
    """What the task's HTTP client was told (`verify` as requests spelled it: False, True
    or the CA path), for the code that makes a Transport like this one."""

    def __init__(self, verify):
        self.verify = verify


class Transport(object):
    def __init__(self, camera, host, username=None, password=None, use_https=True,
                 https_port=443, http_port=80, validate_certs=True, ca_path=None,
                 timeout=10, task_timeout=120, allow_basic_over_http=False,
                 max_response_bytes=MAX_RESPONSE_BYTES, tls_strict=True, tls_min_version=None):
        self.camera = camera
        self.host = host
        self.username = username
        self.password = password
        self.use_https = use_https
        self.ports = {"https": https_port, "http": http_port}
        self.timeout = timeout
        self.deadline = time.time() + task_timeout
        self.task_timeout = task_timeout
        self.allow_basic_over_http = allow_basic_over_http
        self.max_response_bytes = max_response_bytes
        self.session = Settings((ca_path or True) if validate_certs else False)
        self.tls_strict = tls_strict
        self.tls_min_version = tls_min_version
        oldest = None
        if tls_min_version is not None:
            oldest = getattr(getattr(ssl, "TLSVersion", None),
                             TLS_VERSIONS.get(tls_min_version, ""), None)
            if oldest is None:
                raise ValueError("this Python's ssl module cannot set %s as the oldest "
                                 "version" % tls_min_version)
        self._oldest = oldest
        self._context = None  # made on the first HTTPS request (tls_context is cached)
        # A client held to a TLS floor proves a handshake at that floor (areas/protocols.py,
        # before and after the camera's setting is raised): its connection is its own,
        # closed with it, never a pooled one made before the change.
        self._private = tls_min_version is not None
        self._connections = wire.Connections(host) if self._private else wire.share(host)
        self._closed = False
        self._basic = False  # the camera demanded Basic (and it may be sent)
        self._digest = wire.Digest(username, password) if username is not None \
            and password is not None else None
        self.auth_failure = None
        self.unreachable = {}  # base URL -> why: a connect timeout is not waited for twice
        self.last_date = None  # the Date header of the latest reply (ONVIF clock fallback)
        self.cache = {}
        self.calls = []  # (method, path) of every request sent: for tests and benchmarks

    # -- public ------------------------------------------------------------------
    def base_url(self, scheme=None):
        scheme = scheme or ("https" if self.use_https else "http")
        return "%s://%s:%d" % (scheme, self._host_for_url(), self.ports[scheme])

    def on_scheme(self, scheme, tls_min_version=None):
        """A Transport to the same camera over `scheme` with the task's credentials, TLS
        settings and what is left of its time budget, its own cache and login state; it
        shares the task's connection on that scheme (a new one where the task had none),
        except with `tls_min_version`, whose client offers only that TLS version and newer
        on a connection of its own (a new handshake each time). Close it after use."""
        verify = self.session.verify
        return type(self)(
            camera=self.camera, host=self.host, username=self.username,
            password=self.password, use_https=(scheme == "https"),
            https_port=self.ports["https"], http_port=self.ports["http"],
            validate_certs=verify is not False,
            ca_path=verify if isinstance(verify, str) else None, timeout=self.timeout,
            task_timeout=max(1, int(self.deadline - time.time())),
            allow_basic_over_http=self.allow_basic_over_http,
            max_response_bytes=self.max_response_bytes, tls_strict=self.tls_strict,
            tls_min_version=tls_min_version)

    def connections_made(self):
        """TCP connections made to this camera so far by the task's shared connections."""
        return self._connections.made

    def request(self, method, path, params=None, data=None, json=None, headers=None,
                idempotent=None, cacheable=False, scheme=None, expect=None, call=None,
                anonymous=False):
        """Send one request; returns the reply (wire.Reply) with its body read.

        Every reply is classified once (replies.py): a refused login raises AuthError and
        ends the task's logins; a missing feature raises UnsupportedCall, a fault
        DeviceFault, a 502/503/504 without a document TransientError, unless `expect`
        names the status (the caller then reads the document itself; a refused login is
        never handed back). `idempotent` (default: method is GET) allows a bounded retry,
        only of a connection that failed before a byte was sent, or, for a request that
        carried no credentials, of a transient reply. `cacheable` serves a repeated
        identical read from this task's cache; any non-cacheable request empties it (a
        write may change what the next read returns); pass a key as `cacheable` when the
        body varies between identical reads (WS-Security nonces). `anonymous` sends no
        credentials at all, whatever the camera asks.
        """
        call = call or "%s %s" % (method, path)
        if self.auth_failure is not None:
            raise self.auth_failure  # one refused login per task at most
        scheme = scheme or ("https" if self.use_https else "http")
        base = self.base_url(scheme)
        if base in self.unreachable:
            raise CameraUnreachable(self.camera, call, self.unreachable[base])
        url = base + path
        if cacheable is True:
            key = (method, url, repr(sorted((params or {}).items()) if isinstance(params, dict)
                                     else params), repr(data), repr(json))
        else:
            key = (base + path, cacheable)
        if cacheable and key in self.cache:
            return self.cache[key]
        if not cacheable:
            self.cache.clear()
        if idempotent is None:
            idempotent = method == "GET"
        may_carry = not anonymous and (self.username is not None or _has_token(data))
        attempts = 1 + (RETRIES if idempotent else 0)
        last_error = None
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(RETRY_BACKOFF_S[min(attempt - 1, len(RETRY_BACKOFF_S) - 1)],
                               max(0, self._remaining())))
            try:
                resp = self._send(method, url, params, data, json, headers, call, anonymous)
            except _Retryable as exc:
                last_error = exc.error
                if exc.after_sending and may_carry:
                    break  # it may have reached the camera with credentials: never again
                continue
            self._check_status(resp, call, expect)
            reply = replies.classify_http(resp.status_code, resp.content)
            credentialed = not anonymous and _carried_credentials(resp, data)
            if reply.kind == replies.TRANSIENT and not credentialed \
                    and attempt + 1 < attempts:
                last_error = self._error(reply, resp, call, credentialed, anonymous)
                continue
            self._check(reply, resp, call, expect, credentialed, anonymous)
            if cacheable and reply.kind == replies.SUCCESS:
                self.cache[key] = resp  # a refusal or fault handed back is asked anew
            return resp
        if isinstance(last_error, CameraUnreachable) and getattr(last_error, "before_sending", False):
            self.unreachable[base] = last_error.cause
        raise last_error

    def get_xml(self, path, params=None, call=None):
        resp = self.request("GET", path, params=params, cacheable=True, call=call)
        return self.parse_xml(resp, call or "GET %s" % path)

    def parse_xml(self, resp, call):
        """A new tree each time, even for a reply served from the cache: drivers change the
        documents they read (ISAPI read-modify-write), and a later read must not see that."""
        try:
            return xmltools.parse(resp.content)
        except xmltools.XmlError as exc:
            # A reply we could not read is not kept: a later read asks the camera again.
            self.cache = dict((k, v) for k, v in self.cache.items() if v is not resp)
            raise CameraError(self.camera, call, str(exc))

    def redact(self, text):
        text = str(text)
        for secret in (self.password,):
            if secret:
                text = text.replace(secret, "********")
        return text

    def close(self):
        """Done with this Transport; the camera's connections close with the last one
        (the task's own) and can be made again (reconnect)."""
        if self._private:
            self._connections.close()
        elif not self._closed:
            self._closed = True
            wire.release(self.host, self._connections)

    def reconnect(self):
        """Drop the camera's open connections: the next request makes a new one (a new
        TLS handshake, under the camera's settings as they are now)."""
        self._connections.close()

    # -- internals ---------------------------------------------------------------
    def _host_for_url(self):
        return "[%s]" % self.host if ":" in self.host and not self.host.startswith("[") else self.host

    def _remaining(self):
        return self.deadline - time.time()

    def _tls(self):
        if self._context is None:
            self._context = wire.tls_context(self.session.verify, self.tls_strict, self._oldest)
        return self._context

    def _authorization(self, method, target, scheme, anonymous):
        if anonymous or self.username is None or self.password is None:
            return None
        if self._basic:
            return wire.basic_header(self.username, self.password)
        if self._digest is not None and self._digest.challenge is not None:
            return self._digest.header(method, target)
        return None

    def _send(self, method, url, params, data, json, headers, call, anonymous=False):
        remaining = self._remaining()
        if remaining <= 0:
            raise CameraUnreachable(self.camera, call, "the task's time budget of %ss ran out"
                                    % self.task_timeout)
        timeout = (min(CONNECT_TIMEOUT_S, self.timeout, remaining), min(self.timeout, remaining))
        self.calls.append((method, url.split("://", 1)[1].split("/", 1)[-1]))
        scheme = url.split("://", 1)[0]
        target = wire.target_of("/" + url.split("://", 1)[1].split("/", 1)[-1], params)
        url = self.base_url(scheme) + target
        sent = dict(headers or {})
        sent.setdefault("User-Agent", USER_AGENT)
        sent.setdefault("Accept", "*/*")
        body, sent = wire.body_of(data, json, sent)
        history = []
        try:
            resp = self._exchange(method, scheme, target, body, sent, timeout, url, anonymous)
            if resp.status_code == 401 and not anonymous:
                retry = self._answer_challenge(resp, method, scheme, target, url, call, data)
                if retry:
                    history.append(resp)
                    resp = self._exchange(method, scheme, target, body, sent, timeout, url,
                                          anonymous)
                    resp.history = history
            self.last_date = resp.headers.get("Date") or self.last_date
            return resp
        except wire.BodyTooLarge as exc:
            if exc.declared:
                raise CameraError(self.camera, call, "reply of %s bytes is over the %d-byte "
                                  "limit" % (exc.declared, self.max_response_bytes))
            raise CameraError(self.camera, call, "reply is over the %d-byte limit"
                              % self.max_response_bytes)
        except wire.TlsFailed as exc:
            raise self._tls_failure(exc.error, call)
        except wire.ConnectFailed as exc:
            if exc.timeout:
                # Nothing was sent, and waiting again would only double the wait for a camera
                # that is not there: the task gives up within one connect timeout.
                err = CameraUnreachable(self.camera, call, (
                    "no answer within %ss (the TCP connection was accepted, the TLS handshake got "
                    "no reply)" if exc.silent else "unreachable: no connection within %ss") % timeout[0])
                err.before_sending = True
                raise err
            err = CameraUnreachable(self.camera, call, "cannot connect (%s)"
                                    % self.redact(_short(exc.error)))
            err.before_sending = True
            raise _Retryable(err, after_sending=False)
        except socket.timeout:
            if timeout[1] < self.timeout:  # cut short by the task's budget, not by `timeout`
                raise CameraUnreachable(self.camera, call, "no answer before the task's time "
                                        "budget of %ss ran out" % self.task_timeout)
            raise CameraUnreachable(self.camera, call, "no answer within %ss" % timeout[1])
        except (ValueError, TypeError, UnicodeError, LookupError) as exc:
            # http.client refuses some input itself (a header value with a line break);
            # its text can quote the headers, so only the kind of error is kept.
            raise CameraError(self.camera, call, "the request could not be sent (%s: %s)"
                              % (type(exc).__name__, _safe_reason(exc, self.password)))
        except (OSError, httplib.HTTPException) as exc:
            err = CameraUnreachable(self.camera, call, "the connection broke before a reply "
                                    "(%s)" % self.redact(_short(exc) or type(exc).__name__))
            err.before_sending = False
            raise _Retryable(err, after_sending=True)

    def _exchange(self, method, scheme, target, body, headers, timeout, url, anonymous):
        sent = dict(headers)
        authorization = self._authorization(method, target, scheme, anonymous)
        if authorization:
            sent["Authorization"] = authorization
        context = self._tls() if scheme == "https" else None
        status, reason, got, content = wire.exchange(
            self._connections, scheme, self.ports[scheme], context, method, target, body,
            sent, timeout[0], timeout[1], self.max_response_bytes)
        return wire.Reply(status, reason, got, content, url,
                          wire.Sent(method, url, sent))

    def _answer_challenge(self, resp, method, scheme, target, url, call, data):
        """Whether a 401 is answered once more: a Digest challenge to a request that
        carried no Digest answer yet (or whose nonce went stale), or a camera that offers
        only Basic (never in clear text unless allowed). A 401 to credentials already
        sent is a refusal, never answered again."""
        if self.username is None or self.password is None:
            return False
        challenge = wire.parse_challenge(resp.headers.get("WWW-Authenticate", ""))
        sent_auth = resp.request.headers.get("Authorization")
        if challenge["scheme"] == "digest" and self._digest is not None and not self._basic:
            if sent_auth and challenge.get("stale", "").lower() != "true":
                return False
            self._digest.learn(challenge)
            return self._digest.speaks()
        if challenge["scheme"] == "basic" and not _has_token(data):
            return self._basic_demanded(url, call, sent_auth)
        return False

    def _tls_failure(self, error, call):
        text = self.redact(_short(error))
        if isinstance(error, ssl.SSLCertVerificationError) or \
                "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            # A session was offered: the certificate is the finding (5.2.5), so this
            # is not "unreachable".
            strict_reason = _strict_only_reason(text) if self.tls_strict else None
            if strict_reason:
                return TlsFailure(self.camera, call, (
                    "TLS verification failed: the camera's certificate fails strict X.509 "
                    "checks (%s), which Python 3.13 and later apply by default; give the "
                    "camera a proper X.509v3 certificate, or set tls_strict: false "
                    "(host var ipcam_tls_strict) to verify it without the strict "
                    "checks (%s)") % (strict_reason, text), "verification")
            return TlsFailure(self.camera, call, "TLS verification failed (%s); set ca_path "
                              "to the CA that signed the camera's certificate" % text,
                              "verification")
        # Not the certificate: no common TLS version or cipher, a reset handshake...
        return TlsFailure(self.camera, call, "TLS handshake failed (%s)" % text, "handshake")

    def _basic_demanded(self, url, call, sent_auth):
        """A camera that offers only Basic gets it, but never in clear text unless allowed."""
        if self._basic or (sent_auth or "").startswith("Basic "):
            return False
        if url.startswith("http://") and not self.allow_basic_over_http:
            raise CameraError(self.camera, call, "the camera asks for Basic authentication over "
                              "plain HTTP, which would send the password in clear text; use "
                              "HTTPS or set allow_basic_over_http")
        self._basic = True
        return True

    def _check(self, reply, resp, call, expect, credentialed, anonymous):
        """Raise the error of a reply's class; return when the caller takes the reply."""
        if reply.kind == replies.SUCCESS:
            return
        if reply.kind == replies.REFUSED:
            if anonymous and expect and resp.status_code in expect:
                return  # an anonymous request that expects to be refused (a probe)
            raise self._error(reply, resp, call, credentialed, anonymous)
        if expect and resp.status_code in expect:
            return
        raise self._error(reply, resp, call, credentialed, anonymous)

    def _check_status(self, resp, call, expect):
        """Kept for subclasses that watch every reply (OneAttemptTransport)."""

    def _error(self, reply, resp, call, credentialed, anonymous=False):
        """The error for a reply of a given class, quoting the device's own words."""
        status = resp.status_code
        words = self.redact(reply.words)
        said = ("%s%s" % (" ".join(reply.codes[:1] + reply.codes[-1:]) if reply.document == "soap"
                          else "", ": " + words if words else "")).strip(": ")
        where = "HTTP %d%s" % (status, (", " + said) if said else "")
        if reply.kind == replies.REFUSED:
            # A refusal of a request meant to log in ends the task's logins, even where
            # no challenge could be answered (nothing more would get through either).
            if anonymous or self.username is None or self.password is None:
                # Nothing was refused: no credentials were sent, so say what is missing.
                if self.username is None or self.password is None:
                    err = AuthError(
                        self.camera, call, "the camera asks for a login, and the task has no "
                        "%s (%s): set the options username and password, the host vars "
                        "ipcam_username and ipcam_password, or module_defaults for "
                        "group/camsec.ipcam.camera"
                        % ("username" if self.username is None else "password", where))
                    self.auth_failure = err
                    return err
                err = AuthError(self.camera, call, "the camera asks for a login for this call "
                                "(%s); no credentials were sent" % where)
                err.no_credentials_sent = True
                return err
            locked = status == 403 and reply.document is None
            self.auth_failure = AuthError(
                self.camera, call, "refused login: %s (%s); not retried, because cameras lock "
                "accounts after failed logins" % (
                    "access denied: the account is locked or lacks the rights for this call"
                    if locked else "the camera refused the credentials of user '%s'"
                    % self.username, where))
            return self.auth_failure
        if reply.kind == replies.UNSUPPORTED:
            return UnsupportedCall(self.camera, call, "not supported by this camera (%s)" % where)
        if reply.kind == replies.TRANSIENT:
            return TransientError(self.camera, call, "transient: %s%s" % (
                where, "; not retried, because the request carried credentials"
                if credentialed else ""))
        if not reply.document:
            body = self.redact(resp.content[:300].decode("utf-8", "replace")).strip()
            if body and replies.looks_like_xml(resp.content):
                where += " (a reply that is neither a SOAP fault nor an ISAPI status: %s)" % body
        return DeviceFault(self.camera, call, "fault: %s" % where)

    def note_auth_failure(self, error):
        """Protocol layers that see a refused login in a 200/400 body (ONVIF faults)
        record it here so no further call of this task tries again."""
        self.auth_failure = error


class OneAttemptTransport(Transport):
    """A Transport for exactly one login: no retries, no cache, and the HTTP status of
    the last reply kept, so that a refusal (401, or ONVIF NotAuthorized) can be told
    from a camera that is refusing everyone (403)."""

    def __init__(self, *args, **kwargs):
        super(OneAttemptTransport, self).__init__(*args, **kwargs)
        self.last_status = None

    def request(self, method, path, **kwargs):
        kwargs["idempotent"] = False  # a retried login would be a second failed login
        kwargs["cacheable"] = False
        return super(OneAttemptTransport, self).request(method, path, **kwargs)

    def _check_status(self, resp, call, expect):
        self.last_status = resp.status_code
        return super(OneAttemptTransport, self)._check_status(resp, call, expect)


def one_attempt(transport, username, password, scheme=None, port=None):
    """A fresh OneAttemptTransport to `transport`'s camera, with its TLS settings and what
    is left of its time budget, the given credentials (None: none at all), on `scheme`
    (default: the task's) at `port` (default: the task's port for that scheme)."""
    verify = transport.session.verify
    scheme = scheme or ("https" if transport.use_https else "http")
    ports = dict(transport.ports)
    if port is not None:
        ports[scheme] = port
    return OneAttemptTransport(
        camera=transport.camera, host=transport.host, username=username, password=password,
        use_https=scheme == "https", https_port=ports["https"], http_port=ports["http"],
        validate_certs=verify is not False, ca_path=verify if isinstance(verify, str) else None,
        timeout=transport.timeout, task_timeout=max(1, int(transport.deadline - time.time())),
        allow_basic_over_http=transport.allow_basic_over_http,
        tls_strict=getattr(transport, "tls_strict", True))


class _Retryable(Exception):
    def __init__(self, error, after_sending=False):
        self.error = error
        self.after_sending = after_sending
        super(_Retryable, self).__init__(str(error))


def _has_token(data):
    return isinstance(data, bytes) and b"UsernameToken" in data


def _carried_credentials(resp, data):
    """Did the request the camera answered carry credentials (an Authorization header,
    after a Digest challenge too, or a WS-Security token in the body)?"""
    if resp.request is not None and resp.request.headers.get("Authorization"):
        return True
    return _has_token(data)


# OpenSSL verification errors that only strict verification (X509_V_FLAG_X509_STRICT)
# raises: a certificate the CA did sign, but without what RFC 5280 asks of X.509v3.
STRICT_ONLY_REASONS = (
    "missing authority key identifier", "missing subject key identifier",
    "ca cert does not include key usage extension",
    "basic constraints of ca cert not marked critical",
    "authority key identifier marked critical", "subject key identifier marked critical",
    "using cert extension requires at least x509v3", "issuer name empty",
    "subject name empty", "empty subject alternative name extension",
    "subject empty and subject alt name extension not critical",
    "certificate public key has explicit ecc parameters",
)


def _strict_only_reason(text):
    """OpenSSL's words for a strict-only verification failure in `text`, else None."""
    lowered = text.lower()
    for reason in STRICT_ONLY_REASONS:
        start = lowered.find(reason)
        if start >= 0:
            return text[start:start + len(reason)]
    return None


def _safe_reason(exc, password):
    """An exception's text without header values, nonces, digests or the password."""
    text = str(exc)
    if password and password in text:
        text = text.replace(password, "********")
    for marker in ("Authorization", "Digest ", "nonce", "response=", "\r", "\n"):
        if marker.lower() in text.lower():
            return "details withheld: they quote request headers"
    return text[:200]


def _short(exc):
    text = str(exc)
    for marker in ("Caused by ", "(Caused by "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return text.strip("()")[:200]
