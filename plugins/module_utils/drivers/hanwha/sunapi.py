# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hanwha SUNAPI wire client (tests/emulator/vendors/hanwha/profiles.md has the sources).

A call is `GET /stw-cgi/<cgi>.cgi?msubmenu=<m>&action=<a>[&<param>=<value>...]` with
Digest authentication. Every request asks for JSON (`Accept: application/json`, SUNAPI 2.5
and later); a firmware that still answers `key=value` text is read too (flat replies).

How the camera says what happened, all at HTTP 200:
- success: the view's document; a write: `{"Response": "Success"}` or `OK`;
- failure: `{"Response": "Fail", "Error": {"Code": n, "Details": "..."}}` or the text
  `NG` / `Error Code: n` / `Error Details:` / words. 600 (Submenu Not Found), 601 (Action
  Not Found) and 608 (Feature(s) Not Implemented OR Not Supported) mean this firmware
  lacks it: UnsupportedCall. 609 (Not Authorized, "a login error") is a refused login;
  any other code is a DeviceFault in the camera's words.
And two HTTP statuses of SUNAPI's own: 490 AccountBlocked (5 wrong passwords in a row)
and 491 AdditionalPasswordRequired: both end the task's logins, like a 401, so nothing
credentialed is sent again.

Passwords that a write carries (users, SD card) are sent RSA-encrypted where the camera
has the `rsa` submenu (SUNAPI's "Password Encryption": PKCS#1 v1.5, base64, in the POST
body, `Is...Encrypted=True` in the query); where it lacks it, in the query as the older
firmware takes them, and hidden from every error message either way.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.camsec.ipcam.plugins.module_utils import replies
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import without_secret
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha import rsa_pkcs1
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, DeviceFault, UnsupportedCall)

BASE = "/stw-cgi/%s.cgi"
PW_INIT = "/init-cgi/pw_init.cgi"
JSON_HEADERS = {"Accept": "application/json"}
UNSUPPORTED_CODES = (600, 601, 608)
REFUSED_CODES = (609,)
# SUNAPI's own HTTP statuses: the account is locked / wants its additional password.
BLOCKED_STATUSES = {490: "AccountBlocked", 491: "AdditionalPasswordRequired"}
WORDS_MAX = 200


def call_name(cgi, submenu, action):
    return "SUNAPI %s.cgi %s/%s" % (cgi, submenu, action)


def as_bool(value):
    """SUNAPI booleans: JSON true/false, or the text True/False."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == "true"


def wire_bool(value):
    return "True" if value else "False"


def parse_text(text):
    """A `key=value` text reply as a flat dict (the quoted header line of a list, and
    anything without '=', skipped)."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('"') or "=" not in line:
            continue
        key, _sep, value = line.partition("=")
        out[key.strip()] = value.strip()
    return out


def failure_of(body):
    """(code, details) of a SUNAPI failure reply (JSON or text), or None."""
    if isinstance(body, dict):
        if str(body.get("Response", "")).lower() != "fail":
            return None
        error = body.get("Error") or {}
        try:
            code = int(error.get("Code"))
        except (TypeError, ValueError):
            code = None
        return code, str(error.get("Details") or "").strip()[:WORDS_MAX]
    lines = [line.strip() for line in (body or "").splitlines() if line.strip()]
    if not lines or lines[0] != "NG":
        return None
    code, words = None, []
    for i, line in enumerate(lines[1:], 1):
        if line.startswith("Error Code:"):
            try:
                code = int(line.split(":", 1)[1].strip())
            except ValueError:
                code = None
        elif line.startswith("Error Details:"):
            rest = line.split(":", 1)[1].strip()
            words = [rest] if rest else lines[i + 1:i + 2]
    return code, " ".join(words)[:WORDS_MAX]


class SunapiClient(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera
        self._rsa_key = None  # the camera's public key, once read; False: no rsa submenu

    # -- requests ------------------------------------------------------------------
    def view(self, cgi, submenu, params=None, fresh=False):
        """The document of a `view` (a dict, or a list for the few list replies); `fresh`:
        from the camera, not this task's cache."""
        return self._send(cgi, submenu, "view", params, read=True, fresh=fresh)

    def write(self, cgi, submenu, action, params=None, body=None, secret=None):
        """A set/add/update/remove; returns the camera's reply (a dict). `secret`: a
        password the request carries, hidden from any error."""
        try:
            return self._send(cgi, submenu, action, params, read=False, body=body)
        except CameraError as exc:
            raise without_secret(exc, secret)

    def _send(self, cgi, submenu, action, params, read, body=None, fresh=False):
        call = call_name(cgi, submenu, action)
        query = [("msubmenu", submenu), ("action", action)]
        query += list(params or [])
        headers = dict(JSON_HEADERS)
        if body is not None:
            headers["Content-Type"] = "text/plain"
        resp = self.t.request("POST" if body is not None else "GET", BASE % cgi,
                              params=query, data=body, headers=headers, call=call,
                              cacheable=read and not fresh, idempotent=read,
                              expect=tuple(BLOCKED_STATUSES))
        if resp.status_code in BLOCKED_STATUSES:
            raise self._blocked(resp, call)
        return self.document(resp, call)

    def _blocked(self, resp, call):
        """490/491: the camera refuses this account now; no login follows in this task."""
        words = replies.text_words(resp.content) or replies.html_title(resp.content) \
            or BLOCKED_STATUSES[resp.status_code]
        err = AuthError(self.camera, call, "refused login: HTTP %d %s (%s); not retried, because "
                        "cameras lock accounts after failed logins" % (
                            resp.status_code, BLOCKED_STATUSES[resp.status_code],
                            self.t.redact(words)[:WORDS_MAX]))
        self.t.note_auth_failure(err)
        return err

    def document(self, resp, call):
        """The reply's document, or the error it says."""
        text = resp.content.decode("utf-8", "replace")
        stripped = text.strip()
        if stripped[:1] in ("{", "["):
            try:
                doc = json.loads(stripped)
            except ValueError as exc:
                raise CameraError(self.camera, call, "the reply is not JSON (%s)" % exc)
        elif stripped == "OK" or stripped.startswith("OK\n") or stripped.startswith("OK\r"):
            doc = parse_text(stripped[2:])
            doc.setdefault("Response", "Success")
        else:
            doc = parse_text(text) if not stripped.startswith("NG") else stripped
        failure = failure_of(doc)
        if failure is not None:
            raise self._error(call, failure)
        return doc

    def _error(self, call, failure):
        code, details = failure
        said = "Error Code %s%s" % (code, (": " + self.t.redact(details)) if details else "")
        if code in UNSUPPORTED_CODES:
            return UnsupportedCall(self.camera, call, "not supported by this camera (%s)" % said)
        if code in REFUSED_CODES:
            err = AuthError(self.camera, call, "refused: the camera says %s; not retried, "
                            "because cameras lock accounts after failed logins" % said)
            self.t.note_auth_failure(err)
            return err
        return DeviceFault(self.camera, call, "fault: %s" % said)

    # -- passwords --------------------------------------------------------------------
    def rsa_key(self):
        """The camera's RSA public key (PEM), or None where this firmware has no `rsa`
        submenu (it then takes passwords in the query)."""
        if self._rsa_key is None:
            try:
                key = self.view("security", "rsa").get("PublicKey")
            except UnsupportedCall:
                key = False
            self._rsa_key = key or False
        return self._rsa_key or None

    def secret_write(self, cgi, submenu, action, params, secrets, flag, wrap=None):
        """A write carrying passwords: {param: password}. Encrypted where the camera has
        an RSA key: one secret per request, in the POST body (base64, or `wrap(base64)`
        where the submenu wants it inside a document), with `flag` (e.g.
        IsPasswordEncrypted) True; else each in the query."""
        params = list(params)
        hidden = [s for s in secrets.values() if s]
        key = self.rsa_key() if secrets else None
        if key and len(secrets) == 1:
            (name, value), = secrets.items()
            try:
                body = rsa_pkcs1.encrypt(key, value)
                body = wrap(body) if wrap else body
            except ValueError as exc:
                raise CameraError(self.camera, call_name(cgi, submenu, action),
                                  "cannot encrypt the password with the camera's RSA key "
                                  "(%s)" % exc)
            params.append((flag, "True"))
            reply = self.write(cgi, submenu, action, params, body=body,
                               secret=hidden[0] if hidden else None)
            return reply
        params += sorted(secrets.items())
        try:
            return self.write(cgi, submenu, action, params)
        except CameraError as exc:
            for secret in hidden:
                exc = without_secret(exc, secret)
            raise exc
