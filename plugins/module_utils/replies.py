# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One classification of every camera reply, shared by the transport and every protocol
client, so that a refusal, a missing feature and a fault mean the same on every vendor.

Classes:
- success: the camera did what was asked;
- unsupported: this firmware lacks the call or resource (HTTP 404 or 501, ISAPI
  `notSupport`, VAPIX `# Error` on a read, SOAP `ActionNotSupported`, at any HTTP status);
- refused login: the credentials were refused (HTTP 401, SOAP `NotAuthorized` or
  `wsse:FailedAuthentication` at any status, ISAPI `badAuthorization`, a bare 403);
- fault: any other SOAP fault or error document, at any status;
- transient: no answer, or 502/503/504 without a SOAP or ISAPI document.
Only transient replies may be asked again, and only when the request carried no
credentials (cameras count a repeated credentialed request towards their lockout).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools

SUCCESS = "success"
UNSUPPORTED = "unsupported"
REFUSED = "refused login"
FAULT = "fault"
TRANSIENT = "transient"

TRANSIENT_STATUSES = (502, 503, 504)
UNSUPPORTED_STATUSES = (404, 501)

# SOAP fault subcodes (local part), whatever prefix or nesting level the camera used.
SOAP_REFUSED = ("NotAuthorized", "FailedAuthentication", "InvalidSecurityToken",
                "FailedCheck", "MessageExpired")
SOAP_UNSUPPORTED = ("ActionNotSupported", "ServiceNotSupported", "NotImplemented")

# ISAPI ResponseStatus subStatusCode values.
ISAPI_REFUSED = ("badAuthorization",)
ISAPI_UNSUPPORTED = ("notSupport",)

WORDS_MAX = 200
HTML_TITLE = re.compile(br"<title>([^<]{1,200})</title>", re.IGNORECASE)


class Reply(object):
    """What a reply was: its class, the device's own words, and for SOAP the codes."""

    def __init__(self, kind, words="", codes=(), document=None):
        self.kind = kind
        self.words = words
        self.codes = tuple(codes)
        self.document = document  # "soap", "isapi", "text" or None

    def __repr__(self):
        return "Reply(%s, %r)" % (self.kind, self.words)


def looks_like_xml(body):
    return body.lstrip()[:1] == b"<"


def classify_http(status, body):
    """The class of a non-2xx reply (2xx replies are refined by the protocol clients,
    whose documents say whether a 200 was really a success)."""
    if 200 <= status < 300:
        return Reply(SUCCESS)
    doc = None
    if looks_like_xml(body):
        try:
            doc = xmltools.parse(body)
        except xmltools.XmlError:
            doc = None
    if doc is not None:
        fault = soap_fault(doc)
        if fault is not None:
            return fault
        isapi = isapi_status(doc)
        if isapi is not None and isapi.kind != SUCCESS:
            return isapi
    words = text_words(body) or html_title(body)
    if status in (401, 403):
        # No document that says otherwise: the camera refuses this account (a 403: locked,
        # or without the rights); never asked again.
        return Reply(REFUSED, words)
    if status in UNSUPPORTED_STATUSES:
        return Reply(UNSUPPORTED, words)
    if status in TRANSIENT_STATUSES:
        return Reply(TRANSIENT, words)
    return Reply(FAULT, words, document="text" if words else None)


def soap_fault(root):
    """A Reply for a SOAP 1.2 (or 1.1) fault document, or None when it is not one."""
    if xmltools.local(root.tag) != "Envelope":
        return None
    body = xmltools.child(root, "Body")
    fault = body[0] if body is not None and len(body) else None
    if fault is None or xmltools.local(fault.tag) != "Fault":
        return None
    codes = [v.text.strip() for v in fault.iter() if xmltools.local(v.tag) == "Value" and v.text]
    soap11 = xmltools.text(fault, "faultcode", "")
    if soap11:
        codes.append(soap11.strip())
    reason = (xmltools.text(fault, "Reason/Text", "") or xmltools.text(fault, "faultstring", "")
              or "").strip()
    local_codes = [c.rsplit(":", 1)[-1] for c in codes]
    if any(c in SOAP_REFUSED for c in local_codes):
        kind = REFUSED
    elif any(c in SOAP_UNSUPPORTED for c in local_codes):
        kind = UNSUPPORTED
    else:
        kind = FAULT
    return Reply(kind, reason[:WORDS_MAX], codes, document="soap")


def isapi_status(root):
    """A Reply for an ISAPI ResponseStatus document, or None when it is not one."""
    if xmltools.local(root.tag) != "ResponseStatus":
        return None
    code = xmltools.text(root, "statusCode", "")
    sub = xmltools.text(root, "subStatusCode", "") or ""
    string = xmltools.text(root, "statusString", "") or ""
    words = ", ".join(w for w in (string, sub) if w)
    if code == "1" and sub in ("", "ok"):
        return Reply(SUCCESS, words, (code, sub), document="isapi")
    if sub in ISAPI_REFUSED:
        kind = REFUSED
    elif sub in ISAPI_UNSUPPORTED:
        kind = UNSUPPORTED
    else:
        kind = FAULT
    return Reply(kind, words[:WORDS_MAX], (code, sub), document="isapi")


def vapix_error(text):
    """A Reply for a VAPIX plain-text error ("# Error: ..."), or None. On a list or get
    it means the firmware has no such group or parameter: unsupported."""
    stripped = text.strip()
    if not stripped.startswith("# Error") and not stripped.lower().startswith("error"):
        return None
    return Reply(UNSUPPORTED, stripped[:WORDS_MAX], document="text")


def html_title(body):
    """The <title> of an HTML error page (a web server's own 404 page), or ""."""
    match = HTML_TITLE.search(body[:4096]) if body else None
    return match.group(1).decode("utf-8", "replace").strip()[:WORDS_MAX] if match else ""


def text_words(body):
    """The first words of a non-XML body, for a message (XML bodies say nothing useful
    as raw text; their parsed words are taken instead)."""
    if not body or looks_like_xml(body):
        return ""
    return body[:WORDS_MAX].decode("utf-8", "replace").strip()
