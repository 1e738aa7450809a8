# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The last resort of the runner: an exception nobody expected (a bug, or a library error
such as requests' InvalidHeader) becomes a failed result that names the camera, the task and
the call, with every credential taken out. Such messages often quote what was being sent:
a header value, a Digest challenge or response, a URL with a password in its query."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from urllib.parse import quote, quote_plus

HIDDEN = "********"

# Header names whose values are credentials: everything after them on the line goes.
CREDENTIAL_HEADER = re.compile(
    r"(?i)\b((?:proxy-)?authorization|www-authenticate|cookie|set-cookie)(['\"]?\s*[:=,]\s*)[^\r\n]*")
# A header value quoted by requests/http.client ("... in header value: '...'").
HEADER_VALUE = re.compile(r"(?i)(header (?:value|part)[^:\r\n]*:\s*)[^\r\n]*")
# An Authorization value without its header name.
DIGEST = re.compile(r"(?i)\bDigest\s+(?=[\w-]+\s*=)[^\r\n]*")
BASIC = re.compile(r"(?i)\b(Basic|Bearer)\s+[A-Za-z0-9+/._~-]{6,}=*")
DIGEST_FIELD = re.compile(r"(?i)\b(c?nonce|response|opaque|nc)\s*=\s*(\"[^\"]*\"|[^\s,;'\"]+)")
# WS-Security UsernameToken: <wsse:Password ...>digest</wsse:Password>, <wsse:Nonce>.
WSSE_FIELD = re.compile(r"(?i)(<[\w:]*(?:Password|Nonce)\b[^>]*>)[^<]*")
# A query parameter that carries a password (Axis pwdgrp.cgi: pwd=...).
QUERY_SECRET = re.compile(r"(?i)\b(pwd|pass|password|passwd|passphrase|community)=([^&\s'\"]*)")


def secret_values(spec, params):
    """Every value of a no_log option in params, nested options included."""
    found = []
    for name, option in (spec or {}).items():
        value = (params or {}).get(name)
        if value is None:
            continue
        if option.get("no_log"):
            found.append(value)
        suboptions = option.get("options")
        if suboptions:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, dict):
                    found.extend(secret_values(suboptions, item))
    return [v for v in found if isinstance(v, str) and v]


def redact(text, secrets=()):
    """`text` without credentials: the given secret values (as they are, URL-encoded and
    repr-escaped), credential headers, Digest and WS-Security fields, password queries."""
    text = u"%s" % text
    forms = set()
    for secret in secrets:
        forms.update((secret, quote(secret, safe=""), quote_plus(secret), repr(secret)[1:-1]))
    for form in sorted((f for f in forms if f), key=len, reverse=True):
        text = text.replace(form, HIDDEN)
    text = CREDENTIAL_HEADER.sub(lambda m: m.group(1) + m.group(2) + HIDDEN, text)
    text = HEADER_VALUE.sub(lambda m: m.group(1) + HIDDEN, text)
    text = DIGEST.sub("Digest " + HIDDEN, text)
    text = BASIC.sub(lambda m: m.group(1) + " " + HIDDEN, text)
    text = DIGEST_FIELD.sub(lambda m: '%s="%s"' % (m.group(1), HIDDEN), text)
    text = WSSE_FIELD.sub(lambda m: m.group(1) + HIDDEN, text)
    text = QUERY_SECRET.sub(lambda m: m.group(1) + "=" + HIDDEN, text)
    return text


def last_call(calls):
    """The last request the transport started, as `METHOD /path` without its query (a
    query may carry a password)."""
    if not calls:
        return None
    method, path = calls[-1]
    return "%s /%s" % (method, path.split("?", 1)[0].lstrip("/"))


def failure(camera, module_name, calls, exc, secrets):
    """The failed result for an unexpected exception."""
    call = last_call(calls)
    where = "%s, during %s" % (module_name, call) if call else "%s, before any request" % module_name
    cause = "%s: %s" % (type(exc).__name__, exc) if u"%s" % exc else type(exc).__name__
    msg = "camera %s: %s: unexpected error %s" % (camera, where, cause)
    return {"failed": True, "changed": False, "msg": redact(msg, secrets),
            "requests": len(calls or [])}
