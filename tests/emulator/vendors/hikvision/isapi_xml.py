"""What every Hikvision ISAPI resource of the emulator shares: the XML namespace, reading
PUT bodies (with defusedxml only), writing documents, and the <ResponseStatus> reply.

Real firmware differs in namespace: most cameras answer in
`http://www.hikvision.com/ver20/XMLSchema`, some product lines (thermal, recent recorders)
in `http://www.isapi.org/ver20/XMLSchema`, and storage nests a ver10 list inside
(vendors/hikvision/profiles.md). Each camera answers in its firmware profile's namespace
(profile["isapi"]["namespace"]); bodies sent to it are read in either namespace or none.
"""

import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as SafeET

from ...httpserver import Response

NS_OLD = "http://www.hikvision.com/ver20/XMLSchema"
NS_NEW = "http://www.isapi.org/ver20/XMLSchema"
CONTENT_TYPE = 'application/xml; charset="UTF-8"'


NS_V10 = "http://www.hikvision.com/ver10/XMLSchema"  # storage's hddList on most firmware


def isapi_profile(cam):
    """The profile's ISAPI settings (vendors/hikvision/profiles.py); {} for a bare camera."""
    return (getattr(cam, "profile", None) or {}).get("isapi") or {}


def namespace(cam):
    return isapi_profile(cam).get("namespace", NS_OLD)


# -- errors a request can end in -----------------------------------------------------------
class IsapiError(Exception):
    """Ends the request with a <ResponseStatus>; nothing has been written."""
    http_status = 400
    code, text, sub = 6, "Invalid XML Content", "badXmlContent"

    def __init__(self, detail=""):
        super().__init__(detail)


class BadXml(IsapiError):
    """Unparseable, or not the shape the resource takes."""


class BadValue(IsapiError):
    """Well-formed, but a value the camera refuses (out of range, over a limit).
    [INF: statusCode 6 with subStatusCode badParameters; only badXmlContent is in the
    brief the emulator was built to.]"""
    code, text, sub = 6, "Invalid Content", "badParameters"


class InvalidOperation(IsapiError):
    """Unknown resource, or a method it does not take."""
    http_status = 403
    code, text, sub = 4, "Invalid Operation", "notSupport"


class DeviceBusy(IsapiError):
    """[INF: statusCode 2 "Device Busy" for a second format while one runs.]"""
    http_status = 503
    code, text, sub = 2, "Device Busy", "deviceBusy"


# -- reading ------------------------------------------------------------------------------
def parse(body, root_tag):
    """The body's root element with namespaces stripped, or BadXml. DTDs and entities are
    refused outright, as a hostile body must not be expanded."""
    if not body or not body.strip():
        raise BadXml("empty body")
    try:
        root = SafeET.fromstring(body, forbid_dtd=True)
    except (ET.ParseError, defusedxml.DefusedXmlException, ValueError) as exc:
        raise BadXml(str(exc)) from None
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    if root.tag != root_tag:
        raise BadXml("expected <%s>, got <%s>" % (root_tag, root.tag))
    return root


def child(el, tag, required=False):
    found = el.find(tag)
    if found is None and required:
        raise BadXml("<%s> needs <%s>" % (el.tag, tag))
    return found


def text_of(el, tag, required=False):
    found = child(el, tag, required)
    return None if found is None else (found.text or "").strip()


def bool_of(el, tag, required=False):
    value = text_of(el, tag, required)
    if value is None:
        return None
    if value not in ("true", "false"):
        raise BadXml("<%s> must be true or false" % tag)
    return value == "true"


def int_of(el, tag, low, high, required=False):
    value = text_of(el, tag, required)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadXml("<%s> must be an integer" % tag) from None
    if not low <= number <= high:
        raise BadValue("<%s> out of range %d..%d" % (tag, low, high))
    return number


# -- writing ------------------------------------------------------------------------------
def fill(parent, items):
    """items: (tag, value[, attributes]); a list value nests, True/False print as
    true/false, None leaves the element empty."""
    for item in items:
        tag, value = item[0], item[1]
        attrs = {k: str(v) for k, v in (item[2] if len(item) > 2 else {}).items()}
        el = ET.SubElement(parent, tag, attrs)
        if isinstance(value, list):
            fill(el, value)
        elif isinstance(value, bool):
            el.text = "true" if value else "false"
        elif value is not None:
            el.text = str(value)


def render(cam, root_tag, items, attrs=None):
    root = ET.Element(root_tag, {"version": "2.0", "xmlns": namespace(cam)})
    for k, v in (attrs or {}).items():
        root.set(k, str(v))
    fill(root, items)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode")


def document(cam, root_tag, items, attrs=None):
    return Response(200, render(cam, root_tag, items, attrs), CONTENT_TYPE)


def response_status(req, code=1, text="OK", sub="ok", http_status=200):
    """[INF: the reference saw <ResponseStatus> only in a third-party emulator.]"""
    body = render(req.camera, "ResponseStatus", [
        ("requestURL", req.path),
        ("statusCode", code),
        ("statusString", text),
        ("subStatusCode", sub),
    ])
    return Response(http_status, body, CONTENT_TYPE)


def error_status(req, exc):
    return response_status(req, exc.code, exc.text, exc.sub, exc.http_status)


def settings_put(root_tag, to_writes):
    """A PUT handler for a settings resource: parse, let `to_writes(cam, root)` turn the
    body into {state path: value} (raising on anything wrong), then write it all.
    Checking everything before the first write is what makes a bad PUT change nothing."""
    def put(req):
        writes = to_writes(req.camera, parse(req.body, root_tag))
        for path, value in writes.items():
            req.camera.set(path, value)  # False under the nonsticky fault: still OK
        return response_status(req)
    return put
