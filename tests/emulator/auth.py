"""HTTP authentication as cameras do it: Digest (RFC 7616, MD5 and SHA-256, qop=auth)
and, where the vendor allows it, Basic. Counts failed logins and locks out.
"""

import base64
import hashlib
import os
import re
import time

from .httpserver import Response

NONCE_LIFETIME_S = 300
MAX_NONCES = 256

_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^,\s]*))')


def _h(algorithm, text):
    fn = hashlib.sha256 if algorithm.upper().startswith("SHA-256") else hashlib.md5
    return fn(text.encode("utf-8")).hexdigest()


def challenge(req, realm, stale=False):
    cam = req.camera
    nonce = os.urandom(16).hex()
    if len(cam.nonces) >= MAX_NONCES:
        oldest = sorted(cam.nonces, key=cam.nonces.get)[: MAX_NONCES // 2]
        for n in oldest:
            del cam.nonces[n]
    cam.nonces[nonce] = time.time()
    value = 'Digest realm="%s", qop="auth", nonce="%s", opaque="%s", algorithm=MD5%s' % (
        realm, nonce, os.urandom(8).hex(), ", stale=true" if stale else "")
    # Only the Digest challenge is offered: clients that use Basic send it unasked.
    resp = Response(401, "401 Unauthorized", "text/plain")
    resp.headers["WWW-Authenticate"] = value
    return resp


def authenticate(req, realm, allow_basic=False):
    """Returns None when the request carries valid credentials (req.user is set),
    otherwise the 401/403 Response to send."""
    cam = req.camera
    if cam.is_locked():
        return Response(403, "account locked", "text/plain")
    header = req.header("authorization")
    if not header:
        return challenge(req, realm)
    scheme, _, rest = header.partition(" ")
    scheme = scheme.lower()
    if scheme == "basic":
        if not allow_basic:
            return challenge(req, realm)
        try:
            username, _, password = base64.b64decode(rest).decode("utf-8").partition(":")
        except Exception:  # noqa: BLE001 - malformed header is a failed login
            username, password = "", None
        user = cam.user(username)
        if user and user["password"] == password:
            return _ok(req, user)
        return _failed(req, realm, allow_basic)
    if scheme != "digest":
        return challenge(req, realm)
    params = {m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3))
              for m in _PARAM.finditer(rest)}
    nonce = params.get("nonce", "")
    issued = cam.nonces.get(nonce)
    if issued is None or time.time() - issued > NONCE_LIFETIME_S:
        # An unknown or old nonce is not a failed login: the client just retries.
        return challenge(req, realm, stale=True)
    user = cam.user(params.get("username", ""))
    if user is None:
        return _failed(req, realm, allow_basic)
    algorithm = params.get("algorithm", "MD5")
    ha1 = _h(algorithm, "%s:%s:%s" % (user["username"], realm, user["password"]))
    ha2 = _h(algorithm, "%s:%s" % (req.method, params.get("uri", "")))
    if params.get("qop"):
        expected = _h(algorithm, "%s:%s:%s:%s:%s:%s" % (
            ha1, nonce, params.get("nc", ""), params.get("cnonce", ""), params["qop"], ha2))
    else:
        expected = _h(algorithm, "%s:%s:%s" % (ha1, nonce, ha2))
    if params.get("response") != expected:
        return _failed(req, realm, allow_basic)
    return _ok(req, user)


def _ok(req, user):
    req.camera.login_ok()
    req.user = user
    return None


def _failed(req, realm, allow_basic):
    req.camera.login_failed()
    if req.camera.is_locked():
        return Response(403, "account locked", "text/plain")
    return challenge(req, realm)
