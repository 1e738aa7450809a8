"""What every SUNAPI route module shares: the error codes, the profile's facts, reading
parameters, and the passwords a request carries (plain or RSA-encrypted)."""

import base64
import urllib.parse

from ... import accounts

# SUNAPI's error codes and their words [SEEN: introduction §1.8].
ERRORS = {600: "Submenu Not Found", 601: "Action Not Found", 602: "Invalid Parameter(s)",
          603: "Missing Required Parameter(s)", 604: "Invalid Input Value(s)",
          605: "List Full", 606: "Duplicate Value", 607: "Unknown Error",
          608: "Feature(s) Not Implemented OR Not Supported", 609: "Not Authorized",
          610: "Cannot Access Resource", 612: "Configuration Not Found",
          614: "Service not ready", 615: "The configuration cannot be applied"}

_KEY = []  # one RSA key for the whole emulator, made on first use (2048-bit: ~0.1 s)


class SunapiError(Exception):
    def __init__(self, code, details=None):
        super().__init__(details or ERRORS.get(code, "Unknown Error"))
        self.code = code
        self.details = details or ERRORS.get(code, "Unknown Error")


def wants_json(req):
    return "application/json" in req.header("accept")


def settings(cam):
    """The profile's `sunapi` facts, the reference firmware's by default."""
    facts = {"version": "2.6.1", "pw_init": True, "sd_encryption": True,
             "password_strength": "Strong"}
    facts.update(cam.profile.get("sunapi") or {})
    return facts


def flag(req, name, required=False):
    """A True/False parameter (None when absent and not required)."""
    value = req.query.get(name)
    if value is None:
        if required:
            raise SunapiError(603)
        return None
    if value not in ("True", "False", "true", "false"):
        raise SunapiError(604)
    return value.lower() == "true"


def require(req, *names):
    missing = [n for n in names if not req.query.get(n)]
    if missing:
        raise SunapiError(603)
    return [req.query[n] for n in names]


def admin_only(req):
    if not accounts.is_admin(req):
        raise SunapiError(609)


def private_key():
    if not _KEY:
        from cryptography.hazmat.primitives.asymmetric import rsa
        _KEY.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _KEY[0]


def public_pem(x509=False):
    from cryptography.hazmat.primitives import serialization
    fmt = serialization.PublicFormat.SubjectPublicKeyInfo if x509 else \
        serialization.PublicFormat.PKCS1
    return private_key().public_key().public_bytes(serialization.Encoding.PEM, fmt).decode()


def decrypt(b64):
    """The plain text of a base64 RSA/PKCS#1 v1.5 ciphertext; 604 when it is not one."""
    from cryptography.hazmat.primitives.asymmetric import padding
    try:
        raw = base64.b64decode(b64.strip(), validate=False)
        return private_key().decrypt(raw, padding.PKCS1v15()).decode("utf-8")
    except Exception:  # noqa: BLE001 - any bad ciphertext is the camera's 604
        raise SunapiError(604, "Invalid Input Value(s)")


def body_text(req):
    """The POST body: raw base64, or URL-encoded as curl --data-urlencode sends it."""
    text = (req.body or b"").decode("utf-8", "replace").strip()
    return urllib.parse.unquote(text) if "%" in text else text


def secret(req, name, flag_name, element=None):
    """The password parameter `name`: from the query, or (flag_name=True) decrypted from
    the POST body, itself inside <element> where the submenu wraps it (storageinfo)."""
    if flag(req, flag_name):
        if req.camera.lacks("security.cgi:rsa"):
            raise SunapiError(602)  # no key was ever offered to encrypt with
        text = body_text(req)
        if element:
            start, end = "<%s>" % element, "</%s>" % element
            if start not in text or end not in text:
                raise SunapiError(604)
            text = text.split(start, 1)[1].split(end, 1)[0]
        return decrypt(text)
    return req.query.get(name)
