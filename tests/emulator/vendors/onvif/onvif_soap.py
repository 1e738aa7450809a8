"""SOAP 1.2 plumbing for the emulator's ONVIF services: parsing requests (defusedxml
only), writing replies and faults, the operation registry, and WS-UsernameToken checks.

The ONVIF operations themselves live in onvif.py (device) and onvif_media2.py (media2).
"""

import base64
import binascii
import datetime
import hashlib
import hmac
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import escape, quoteattr

import defusedxml
import defusedxml.ElementTree as safe_et

from ...httpserver import Response

ENV = "http://www.w3.org/2003/05/soap-envelope"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TER = "http://www.onvif.org/ver10/error"
TT = "http://www.onvif.org/ver10/schema"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TR2 = "http://www.onvif.org/ver20/media/wsdl"
WSSE = ("http://docs.oasis-open.org/wss/2004/01/"
        "oasis-200401-wss-wssecurity-secext-1.0.xsd")
WSU = ("http://docs.oasis-open.org/wss/2004/01/"
       "oasis-200401-wss-wssecurity-utility-1.0.xsd")
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
BASE64_BINARY = ("http://docs.oasis-open.org/wss/2004/01/"
                 "oasis-200401-wss-soap-message-security-1.0#Base64Binary")

# Every reply declares all prefixes on the Envelope, so that fault codes, which are
# QNames inside text ("ter:NotAuthorized"), always resolve.
REPLY_PREFIXES = {"env": ENV, "ter": TER, "tt": TT, "tds": TDS, "tr2": TR2}

CONTENT_TYPE = "application/soap+xml; charset=utf-8"


# -- writing XML -------------------------------------------------------------

class Xml(str):
    """Serialized XML: inserted as is, where a plain str is escaped as text."""


def value_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Fixed precision: repr() noise like 0.30000000000000004 is not what a device sends.
        text = ("%.6f" % (value + 0.0)).rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(value)


def el(name, *content, attrs=None):
    """One element as Xml. `content` items are Xml children, None (left out), or plain
    values (str, bool, int, float) that become escaped text; `attrs` skips None values."""
    head = name
    for key, value in (attrs or {}).items():
        if value is not None:
            head += " %s=%s" % (key, quoteattr(value_text(value)))
    inner = "".join(c if isinstance(c, Xml) else escape(value_text(c))
                    for c in content if c is not None)
    if not inner:
        return Xml("<%s/>" % head)
    return Xml("<%s>%s</%s>" % (head, inner, name))


# How a firmware writes its envelopes (profile key "onvif", see vendors/onvif/profiles.py):
# the Envelope prefix, the XML declaration, the Header (none, or an empty one in the
# firmware's spelling) and the extra namespaces it declares. Clients must read replies
# by namespace URI, never by prefix; the profiles vary all of it.
DEFAULT_STYLE = {"prefix": "env", "declaration": '<?xml version="1.0" encoding="UTF-8"?>\n',
                 "header": "", "namespaces": {}}


def style_of(camera):
    """The envelope and fault ways of a camera's firmware (DEFAULT_STYLE filled in)."""
    style = dict(DEFAULT_STYLE)
    style.update((camera.profile or {}).get("onvif", {}))
    return style


def envelope(*body, style=None):
    style = style or DEFAULT_STYLE
    p = style["prefix"]
    declared = {p: ENV}
    declared.update(style["namespaces"])
    declared.update((k, v) for k, v in REPLY_PREFIXES.items() if k != "env")
    prefixes = " ".join("xmlns:%s=%s" % (k, quoteattr(ns)) for k, ns in declared.items())
    return ('%s<%s:Envelope %s>%s<%s:Body>%s</%s:Body></%s:Envelope>'
            % (style["declaration"], p, prefixes, style["header"].format(p=p), p,
               "".join(body), p, p))


def reply(body, status=200, style=None):
    return Response(status, envelope(body, style=style), CONTENT_TYPE,
                    headers=(style or {}).get("http_headers"))


# -- faults --------------------------------------------------------------------

# SOAP 1.2 HTTP binding: a Sender fault is the client's mistake (400), the rest 500.
FAULT_HTTP_STATUS = {"env:Sender": 400}


class SoapFault(Exception):
    """A SOAP 1.2 fault: code env:Sender or env:Receiver, then ONVIF subcodes, outermost
    first (for example ["ter:InvalidArgVal", "ter:NoConfig"])."""

    def __init__(self, code, subcodes, reason):
        super().__init__(reason)
        self.code = code
        self.subcodes = list(subcodes)
        self.reason = reason

    def bare(self, style):
        """True when this firmware sends this fault as a bare Sender: no Subcode and an
        empty Reason (gSOAP on Reolink), except for a refused login, which it names."""
        return (style.get("bare_sender_faults") and self.code == "env:Sender"
                and self.subcodes[:1] != ["ter:NotAuthorized"])

    def xml(self, style=None):
        style = style or DEFAULT_STYLE
        p = style["prefix"]

        def name(qname):  # env:X in the firmware's own Envelope prefix
            return p + qname[3:] if qname.startswith("env:") else qname
        bare = self.bare(style)
        reason = self.reason
        if not bare and "ter:ActionNotSupported" in self.subcodes \
                and style.get("action_not_supported_reason") is not None:
            reason = style["action_not_supported_reason"]
        nested = None
        for subcode in [] if bare else reversed(self.subcodes):
            nested = el(p + ":Subcode", el(p + ":Value", name(subcode)), nested)
        return el(p + ":Fault",
                  el(p + ":Code", el(p + ":Value", name(self.code)), nested),
                  el(p + ":Reason", el(p + ":Text", "" if bare else reason,
                                       attrs={"xml:lang": "en"})))

    def response(self, status=0, style=None):
        """`status`: the camera's one status for every fault (fault soap_fault_status),
        or 0 for the binding's. A firmware whose style says refusal "basic" (gSOAP) sends
        a refused login as HTTP 401 with a Basic challenge, the fault as its body."""
        style = style or DEFAULT_STYLE
        resp = reply(self.xml(style), status or FAULT_HTTP_STATUS.get(self.code, 500), style)
        if self.subcodes[:1] == ["ter:NotAuthorized"] and style.get("refusal") == "basic":
            resp.status = 401
            resp.headers["WWW-Authenticate"] = 'Basic realm="%s"' % style.get(
                "basic_realm", "gSOAP Web Service")
        return resp


def not_authorized(reason):
    return SoapFault("env:Sender", ["ter:NotAuthorized"], reason)


def invalid_arg(reason, *detail):
    return SoapFault("env:Sender", ["ter:InvalidArgVal"] + list(detail), reason)


def no_config(reason):
    # Core's generic fault for a token that names nothing.
    return invalid_arg(reason, "ter:NoConfig")


def action_not_supported(reason):
    return SoapFault("env:Receiver", ["ter:ActionNotSupported"], reason)


# -- reading requests ----------------------------------------------------------

def parse_request(body):
    """(header, call): the SOAP Header element (or None) and the one Body child.
    Raises SoapFault for anything that is not a well-formed SOAP 1.2 request."""
    try:
        # forbid_dtd: no SOAP message has a DTD; refusing it stops entity tricks early.
        root = safe_et.fromstring(body, forbid_dtd=True)
    except (ParseError, defusedxml.DefusedXmlException, ValueError) as exc:
        raise SoapFault("env:Sender", ["ter:WellFormed"], "not well-formed XML: %s" % exc)
    if root.tag == "{%s}Envelope" % SOAP11_ENV:
        raise SoapFault("env:VersionMismatch", [], "SOAP 1.1 is not supported, use SOAP 1.2")
    if root.tag != "{%s}Envelope" % ENV:
        raise SoapFault("env:Sender", ["ter:WellFormed"], "root element is not a SOAP Envelope")
    header = root.find("{%s}Header" % ENV)
    body_el = root.find("{%s}Body" % ENV)
    calls = list(body_el) if body_el is not None else []
    if len(calls) != 1:
        raise SoapFault("env:Sender", ["ter:InvalidArgs"],
                        "the SOAP Body must hold exactly one operation")
    return header, calls[0]


def local_name(tag):
    return tag.rpartition("}")[2]


def child(parent, ns, name):
    return parent.find("{%s}%s" % (ns, name))


def children(parent, ns, name):
    return parent.findall("{%s}%s" % (ns, name))


def child_text(parent, ns, name, default=None):
    found = child(parent, ns, name)
    if found is None or found.text is None:
        return default
    return found.text.strip()


def parse_bool(text, what):
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise invalid_arg("%s must be a boolean, not %r" % (what, text))


def parse_int(text, what):
    try:
        return int(text)
    except (TypeError, ValueError):
        raise invalid_arg("%s must be an integer, not %r" % (what, text)) from None


def parse_float(text, what):
    try:
        return float(text)
    except (TypeError, ValueError):
        raise invalid_arg("%s must be a number, not %r" % (what, text)) from None


# -- operation registry ----------------------------------------------------------

class Operation:
    def __init__(self, handler, pre_auth):
        self.handler = handler  # handler(req, call) -> Xml of the response element
        self.pre_auth = pre_auth  # Core access class PRE_AUTH: answered without credentials


class Service:
    """The operations of one ONVIF service: one namespace, one path."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.operations = {}

    def operation(self, name, pre_auth=False):
        def register(handler):
            self.operations[name] = Operation(handler, pre_auth)
            return handler
        return register

    def find(self, call):
        """The Operation for a Body child, or None (unknown, or another service's)."""
        if not call.tag.startswith("{%s}" % self.namespace):
            return None
        return self.operations.get(local_name(call.tag))


# -- WS-UsernameToken (WS-Security UsernameToken Profile, PasswordDigest) --------

# The spec sets no window; ±300 s is what peers use (ipycam, onvif-simulator).
CREATED_WINDOW_S = 300
# Per camera. Entries expire with their Created window, so this cap is only reached
# under a flood; then the oldest entries go first.
MAX_SEEN_NONCES = 4096


def username_token(header):
    """The wsse:UsernameToken in a SOAP Header, or None when there is none."""
    if header is None:
        return None
    security = child(header, WSSE, "Security")
    if security is None:
        return None
    return child(security, WSSE, "UsernameToken")


def password_digest(nonce, created, password):
    """Base64(SHA1(nonce bytes + Created text + password)), as the profile defines it."""
    sha = hashlib.sha1(nonce + created.encode("utf-8") + password.encode("utf-8"))
    return base64.b64encode(sha.digest()).decode("ascii")


def parse_created(text):
    """wsu:Created (xs:dateTime, UTC expected) as epoch seconds; no zone means UTC."""
    try:
        when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise not_authorized("Created is not a dateTime") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when.timestamp()


def verify_username_token(cam, token):
    """The user the token proves, or SoapFault env:Sender/ter:NotAuthorized.

    Only a wrong password (or unknown user) counts as a failed login: a stale or
    replayed token is a client or network problem, not a password guess."""
    if cam.is_locked():
        raise not_authorized("account locked")
    username = child_text(token, WSSE, "Username")
    password_el = child(token, WSSE, "Password")
    nonce_el = child(token, WSSE, "Nonce")
    created = child_text(token, WSU, "Created")
    if not username or password_el is None or nonce_el is None or not created:
        # Core: "The server shall reject any Username Token not using both" nonce and time.
        raise not_authorized("UsernameToken needs Username, Password, Nonce and Created")
    if password_el.get("Type") != PASSWORD_DIGEST:
        raise not_authorized("only PasswordDigest is accepted")
    if nonce_el.get("EncodingType", BASE64_BINARY) != BASE64_BINARY:
        raise not_authorized("Nonce must be Base64Binary")
    try:
        nonce = base64.b64decode((nonce_el.text or "").strip(), validate=True)
    except (binascii.Error, ValueError):
        raise not_authorized("Nonce is not base64") from None
    if not nonce:
        raise not_authorized("Nonce is empty")

    created_at = parse_created(created)
    now = cam.now()
    if abs(created_at - now) > CREATED_WINDOW_S:
        raise not_authorized("Created is more than %d s from the device clock"
                             % CREATED_WINDOW_S)
    _forget_expired_nonces(cam.wsse_seen, now)
    key = nonce.hex()
    if key in cam.wsse_seen:
        raise not_authorized("nonce replayed")

    user = cam.user(username)
    expected = password_digest(nonce, created, user["password"]) if user else ""
    given = (password_el.text or "").strip()
    if user is None or not hmac.compare_digest(given.encode(), expected.encode()):
        cam.login_failed()
        raise not_authorized(refusal_reason(cam))
    # Remembered until its Created leaves the window: after that the time check alone
    # refuses a replay.
    cam.wsse_seen[key] = created_at + CREATED_WINDOW_S
    cam.login_ok()
    return user


def refusal_reason(cam):
    """The words a firmware gives for a wrong password: its profile's
    "not_authorized_reason", where {left} is the attempts left before the lockout
    (Dahua counts them down in the fault text)."""
    text = style_of(cam).get("not_authorized_reason")
    if not text:
        return "wrong username or password"
    limits = [n for n in (cam.faults["lockout_after"], cam.lockout_setting()) if n]
    left = max(0, min(limits) - cam.failed_logins_in_row) if limits else 0
    return text.format(left=left)


def _forget_expired_nonces(seen, now):
    for key in [k for k, expires in seen.items() if expires < now]:
        del seen[key]
    if len(seen) >= MAX_SEEN_NONCES:
        for key in sorted(seen, key=seen.get)[: len(seen) - MAX_SEEN_NONCES // 2]:
            del seen[key]
