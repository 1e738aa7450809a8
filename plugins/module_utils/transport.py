# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The only place that opens HTTP connections to cameras.

One Transport per camera per task. It owns: authentication (Digest; Basic only when
the camera demands it, and never over plain HTTP unless allowed), TLS verification,
connect/read timeouts inside a per-task time budget, bounded retries for idempotent
reads, a response size cap, a per-task read cache, and error messages that name the
camera, the call and the cause with secrets redacted.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

try:
    import requests
    from requests.auth import HTTPBasicAuth, HTTPDigestAuth
    HAS_REQUESTS = True
except ImportError:
    HAS_REQUESTS = False

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable)
from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools

MAX_RESPONSE_BYTES = 4 * 1024 * 1024
RETRIES = 2                 # extra attempts for idempotent reads
RETRY_BACKOFF_S = (0.2, 0.6)
CONNECT_TIMEOUT_S = 5


class Transport(object):
    def __init__(self, camera, host, username=None, password=None, use_https=True,
                 https_port=443, http_port=80, validate_certs=True, ca_path=None,
                 timeout=10, task_timeout=120, allow_basic_over_http=False,
                 max_response_bytes=MAX_RESPONSE_BYTES):
        if not HAS_REQUESTS:
            raise CameraError(camera, None, "the requests Python package is required")
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
        self.session = requests.Session()
        self.session.trust_env = False  # no proxies from the environment for cameras
        self.session.verify = (ca_path or True) if validate_certs else False
        self.session.headers["User-Agent"] = "camsec.ipcam"
        if username is not None and password is not None:
            self.session.auth = HTTPDigestAuth(username, password)
        self.auth_failure = None
        self.cache = {}
        self.calls = []  # (method, path) of every request sent: for tests and benchmarks

    # -- public ------------------------------------------------------------------
    def base_url(self, scheme=None):
        scheme = scheme or ("https" if self.use_https else "http")
        return "%s://%s:%d" % (scheme, self._host_for_url(), self.ports[scheme])

    def request(self, method, path, params=None, data=None, json=None, headers=None,
                idempotent=None, cacheable=False, scheme=None, expect=None, call=None):
        """Send one request; returns the requests.Response with its body read.

        `idempotent` (default: method is GET) allows bounded retries on connection
        errors and 5xx. `cacheable` serves a repeated identical read from this task's
        cache; any non-cacheable request empties the cache (a write may change what
        the next read returns); pass a key as `cacheable` when the body varies between
        identical reads (WS-Security nonces). `expect`: acceptable statuses (default 2xx).
        """
        call = call or "%s %s" % (method, path)
        if self.auth_failure is not None:
            raise self.auth_failure  # one refused login per task at most
        url = self.base_url(scheme) + path
        if cacheable is True:
            key = (method, url, repr(sorted((params or {}).items())), repr(data), repr(json))
        else:
            key = (url, cacheable)
        if cacheable and key in self.cache:
            return self.cache[key]
        if not cacheable:
            self.cache.clear()
        if idempotent is None:
            idempotent = method == "GET"
        attempts = 1 + (RETRIES if idempotent else 0)
        last_error = None
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(RETRY_BACKOFF_S[min(attempt - 1, len(RETRY_BACKOFF_S) - 1)],
                               max(0, self._remaining())))
            try:
                resp = self._send(method, url, params, data, json, headers, call)
            except _Retryable as exc:
                last_error = exc.error
                continue
            if resp.status_code >= 500 and attempt + 1 < attempts:
                last_error = CameraError(self.camera, call, "HTTP %d" % resp.status_code)
                continue
            self._check_status(resp, call, expect)
            if cacheable:
                self.cache[key] = resp
            return resp
        raise last_error

    def get_xml(self, path, params=None, call=None):
        resp = self.request("GET", path, params=params, cacheable=True, call=call)
        return self.parse_xml(resp, call or "GET %s" % path)

    def parse_xml(self, resp, call):
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
        self.session.close()

    # -- internals ---------------------------------------------------------------
    def _host_for_url(self):
        return "[%s]" % self.host if ":" in self.host and not self.host.startswith("[") else self.host

    def _remaining(self):
        return self.deadline - time.time()

    def _send(self, method, url, params, data, json, headers, call):
        remaining = self._remaining()
        if remaining <= 0:
            raise CameraUnreachable(self.camera, call, "the task's time budget of %ss ran out"
                                    % self.task_timeout)
        timeout = (min(CONNECT_TIMEOUT_S, self.timeout, remaining), min(self.timeout, remaining))
        self.calls.append((method, url.split("://", 1)[1].split("/", 1)[-1]))
        try:
            resp = self.session.request(method, url, params=params, data=data, json=json,
                                        headers=headers, timeout=timeout, stream=True,
                                        allow_redirects=False)
            if resp.status_code == 401 and self._basic_demanded(resp, url, call):
                resp = self.session.request(method, url, params=params, data=data, json=json,
                                            headers=headers, timeout=timeout, stream=True,
                                            allow_redirects=False)
            self._read_body(resp, call)
            return resp
        except requests.exceptions.SSLError as exc:
            text = self.redact(_short(exc))
            if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
                raise CameraError(self.camera, call, "TLS verification failed (%s); set ca_path "
                                  "to the CA that signed the camera's certificate" % text)
            # Not the certificate: no common TLS version or cipher, a reset handshake...
            raise CameraError(self.camera, call, "TLS handshake failed (%s)" % text)
        except requests.exceptions.Timeout:
            if timeout[1] < self.timeout:  # cut short by the task's budget, not by `timeout`
                raise CameraUnreachable(self.camera, call, "no answer before the task's time "
                                        "budget of %ss ran out" % self.task_timeout)
            raise CameraUnreachable(self.camera, call, "no answer within %ss" % timeout[1])
        except requests.exceptions.ConnectionError as exc:
            raise _Retryable(CameraUnreachable(self.camera, call, "cannot connect (%s)"
                                               % self.redact(_short(exc))))
        except requests.exceptions.RequestException as exc:
            raise CameraError(self.camera, call, self.redact(_short(exc)))

    def _basic_demanded(self, resp, url, call):
        """A camera that offers only Basic gets it, but never in clear text unless allowed."""
        challenge = resp.headers.get("WWW-Authenticate", "").lower()
        if not challenge.startswith("basic") or isinstance(self.session.auth, HTTPBasicAuth):
            return False
        if self.username is None:
            return False
        if url.startswith("http://") and not self.allow_basic_over_http:
            raise CameraError(self.camera, call, "the camera asks for Basic authentication over "
                              "plain HTTP, which would send the password in clear text; use "
                              "HTTPS or set allow_basic_over_http")
        self.session.auth = HTTPBasicAuth(self.username, self.password)
        return True

    def _read_body(self, resp, call):
        limit = self.max_response_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            resp.close()
            raise CameraError(self.camera, call, "reply of %s bytes is over the %d-byte limit"
                              % (declared, limit))
        chunks, size = [], 0
        for chunk in resp.iter_content(65536):
            size += len(chunk)
            if size > limit:
                resp.close()
                raise CameraError(self.camera, call, "reply is over the %d-byte limit" % limit)
            chunks.append(chunk)
        resp._content = b"".join(chunks)

    def _check_status(self, resp, call, expect):
        status = resp.status_code
        if status == 401 and (self.username is None or self.password is None):
            # Nothing was refused: we sent no credentials, so say what is missing.
            self.auth_failure = AuthError(
                self.camera, call, "the camera asks for a login, and the task has no %s: set "
                "the options username and password, the host vars ipcam_username and "
                "ipcam_password, or module_defaults for group/camsec.ipcam.camera"
                % ("username" if self.username is None else "password"))
            raise self.auth_failure
        if status == 401:
            self.auth_failure = AuthError(
                self.camera, call, "the camera refused the credentials of user '%s' (HTTP 401); "
                "not retried, because cameras lock accounts after failed logins" % self.username)
            raise self.auth_failure
        if status == 403 and not (expect and 403 in expect and resp.content.lstrip().startswith(b"<")):
            # A caller that expects 403 with a document (ISAPI answers unsupported resources
            # with 403 and a ResponseStatus) reads it itself; anything else is a refusal.
            self.auth_failure = AuthError(
                self.camera, call, "access denied (HTTP 403): the account is locked or lacks the "
                "rights for this call; not retried")
            raise self.auth_failure
        ok = status in expect if expect else 200 <= status < 300
        if not ok:
            body = self.redact(resp.content[:300].decode("utf-8", "replace")).strip()
            raise CameraError(self.camera, call, "HTTP %d%s" % (status, (": " + body) if body else ""))

    def note_auth_failure(self, error):
        """Protocol layers that see a refused login in a 200/400 body (ONVIF faults)
        record it here so no further call of this task tries again."""
        self.auth_failure = error


class _Retryable(Exception):
    def __init__(self, error):
        self.error = error
        super(_Retryable, self).__init__(str(error))


def _short(exc):
    text = str(exc)
    for marker in ("Caused by ", "(Caused by "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return text.strip("()")[:200]
