# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ONVIF over SOAP 1.2, hand-written on the transport (no WSDL loading at run time:
zeep parses the WSDLs on every process start, which costs more than the calls).

Authentication is WS-UsernameToken PasswordDigest with the camera's clock offset
(GetSystemDateAndTime, which needs no authentication, is asked first); a camera that
wants HTTP Digest instead gets it from the transport.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import calendar
import datetime
import email.utils
import hashlib
import os
import time
import xml.etree.ElementTree as ET

from ansible_collections.camsec.ipcam.plugins.module_utils import replies, xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, DeviceFault, UnsupportedCall)

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "tr2": "http://www.onvif.org/ver20/media/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
BASE64_BINARY = ("http://docs.oasis-open.org/wss/2004/01/"
                 "oasis-200401-wss-soap-message-security-1.0#Base64Binary")
SERVICE_NS = {"device": NS["tds"], "media": NS["trt"], "media2": NS["tr2"]}
DEVICE_PATH = "/onvif/device_service"

try:
    UTC = datetime.timezone.utc
except AttributeError:  # Python 2 (ansible-test's compile checks only)
    UTC = None

for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


def q(prefix, name):
    return "{%s}%s" % (NS[prefix], name)


def el(tag, text=None, attrib=None, children=()):
    """Build an element: el("tt:Point", attrib={"x": "0.1"}); tag is prefix:name."""
    prefix, name = tag.split(":", 1)
    node = ET.Element(q(prefix, name), {k: str(v) for k, v in (attrib or {}).items()})
    if text is not None:
        node.text = text if isinstance(text, str) else _xml_value(text)
    for c in children:
        if c is not None:
            node.append(c)
    return node


def _xml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class OnvifFault(DeviceFault):
    def __init__(self, camera, call, code, subcode, reason, status=None):
        self.code = code
        self.subcode = subcode
        self.reason = reason
        super(OnvifFault, self).__init__(
            camera, call, "%s: ONVIF %s%s%s" % (
                self.reply_class, subcode or code, " at HTTP %d" % status if status else "",
                (": " + reason) if reason else ""))

    reply_class = "fault"


class OnvifUnsupported(OnvifFault, UnsupportedCall):
    """ActionNotSupported (or ServiceNotSupported), at whatever HTTP status."""

    reply_class = "not supported by this camera"


class OnvifClient(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera
        self.clock_offset = None
        self.clock_measured = False  # True once the camera's UTC time was read
        self.clock_source = None
        # PRE_AUTH operations answered without a login; False once the camera refused one.
        self.pre_auth_open = True
        self._xaddrs = None
        # Reads the firmware said it lacks (ActionNotSupported): answered from here after
        # the first time, so a task asks the camera once.
        self._lacking = {}

    # -- envelope -----------------------------------------------------------------
    def envelope(self, body, secure=True):
        env = el("s:Envelope")
        if secure and self.t.username is not None:
            env.append(el("s:Header", children=[self._security_header()]))
        env.append(el("s:Body", children=[body]))
        return ET.tostring(env, encoding="utf-8")

    def _security_header(self):
        nonce = os.urandom(16)
        created = (datetime.datetime.utcnow() + datetime.timedelta(seconds=self.clock_offset or 0)
                   ).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        digest = base64.b64encode(hashlib.sha1(
            nonce + created.encode("utf-8") + (self.t.password or "").encode("utf-8")).digest())
        token = el("wsse:UsernameToken", children=[
            el("wsse:Username", self.t.username),
            el("wsse:Password", digest.decode("ascii"), {"Type": PASSWORD_DIGEST}),
            el("wsse:Nonce", base64.b64encode(nonce).decode("ascii"), {"EncodingType": BASE64_BINARY}),
            el("wsu:Created", created),
        ])
        header = el("wsse:Security", children=[token])
        header.set(q("s", "mustUnderstand"), "1")
        return header

    # -- calls ----------------------------------------------------------------------
    def call(self, service, operation, body=None, read=True, secure=True):
        """Send one operation; returns the response element (child of Body).
        `read` operations are cached for the task. `secure=False` sends no credentials
        at all (PRE_AUTH operations): neither a token nor HTTP Digest."""
        if secure and self.clock_offset is None:
            self.sync_clock()
        ns = SERVICE_NS[service]
        body = body if body is not None else el("%s:%s" % (_prefix_of(ns), operation))
        path = self.xaddr(service) if service != "device" else DEVICE_PATH
        call = "ONVIF %s" % operation
        payload = self.envelope(body, secure=secure)
        cache_key = ET.tostring(body) if read else False
        if cache_key and (service, cache_key) in self._lacking:
            raise self._lacking[(service, cache_key)]
        # 400 and 500 carry SOAP faults (the binding's statuses; many cameras use 500 for
        # every fault): read here. Refused logins never come back: the transport raises.
        resp = self.t.request(
            "POST", path, data=payload, idempotent=read, cacheable=cache_key,
            headers={"Content-Type": 'application/soap+xml; charset=utf-8; action="%s/%s"'
                     % (ns, operation)},
            expect=(400, 401, 500) if not secure else (400, 500), call=call,
            anonymous=not secure)
        if resp.status_code == 401:
            raise self._login_wanted(call, "HTTP 401")
        if resp.status_code != 200 and not replies.looks_like_xml(resp.content):
            words = self.t.redact(replies.text_words(resp.content))
            raise DeviceFault(self.camera, call, "fault: HTTP %d without a SOAP reply%s" % (
                resp.status_code, (": " + words) if words else ""))
        root = self.t.parse_xml(resp, call)
        body_el = xmltools.child(root, "Body")
        if body_el is None or len(body_el) == 0:
            raise CameraError(self.camera, call, "reply has no SOAP Body")
        first = body_el[0]
        if xmltools.local(first.tag) == "Fault":
            error = self._fault(root, call, resp.status_code, secure)
            if cache_key and isinstance(error, UnsupportedCall):
                self._lacking[(service, cache_key)] = error
            raise error
        if resp.status_code != 200:
            raise DeviceFault(self.camera, call, "fault: HTTP %d without a SOAP fault"
                              % resp.status_code)
        return first

    def _fault(self, root, call, status, secure):
        reply = replies.soap_fault(root)
        sub = reply.codes[-1] if reply.codes else ""
        reason = self.t.redact(reply.words)
        if reply.kind == replies.REFUSED:
            if not secure:
                return self._login_wanted(call, "ONVIF %s at HTTP %d%s" % (
                    sub, status, (": " + reason) if reason else ""))
            # A refusal at HTTP 200 (the transport let it through as a success).
            err = AuthError(self.camera, call, "refused login: the camera refused the "
                            "credentials of user '%s' (ONVIF %s at HTTP %d%s); not retried, "
                            "because cameras lock accounts after failed logins"
                            % (self.t.username, sub, status, (": " + reason) if reason else ""))
            self.t.note_auth_failure(err)
            return err
        code = reply.codes[0] if reply.codes else ""
        cls = OnvifUnsupported if reply.kind == replies.UNSUPPORTED else OnvifFault
        return cls(self.camera, call, code, sub if sub != code else "", reason, status)

    def _login_wanted(self, call, where):
        """A PRE_AUTH call refused although it carried no credentials: nothing was
        refused, and the task's login is still unspent."""
        err = AuthError(self.camera, call, "the camera asks for a login for this call (%s); "
                        "no credentials were sent" % where)
        err.no_credentials_sent = True
        return err

    def sync_clock(self):
        """Learn camera_utc - local_utc, so that WS-Security tokens fall inside the
        camera's window even when its clock is wrong. A camera that wants a login even
        for GetSystemDateAndTime (against Core, but real firmware does it) is timed by
        the HTTP Date header of its refusal, and its later time reads are authenticated."""
        before = time.time()
        try:
            resp = self.call("device", "GetSystemDateAndTime", secure=not self.pre_auth_open)
        except AuthError as exc:
            if not getattr(exc, "no_credentials_sent", False) or self.t.username is None:
                raise
            self.pre_auth_open = False
            return self._offset_from_date(self.t.last_date, before, time.time())
        after = time.time()
        utc = xmltools.find(resp, "SystemDateAndTime/UTCDateTime")
        if utc is None:
            self.clock_offset = 0.0
            return self.clock_offset
        try:
            cam = datetime.datetime(
                int(xmltools.text(utc, "Date/Year")), int(xmltools.text(utc, "Date/Month")),
                int(xmltools.text(utc, "Date/Day")), int(xmltools.text(utc, "Time/Hour")),
                int(xmltools.text(utc, "Time/Minute")), int(xmltools.text(utc, "Time/Second")))
        except (TypeError, ValueError):
            raise CameraError(self.camera, "ONVIF GetSystemDateAndTime", "unreadable UTC date")
        cam_epoch = (cam - datetime.datetime(1970, 1, 1)).total_seconds()
        self.clock_offset = cam_epoch - (before + after) / 2.0
        self.clock_measured = True
        self.clock_source = "ONVIF GetSystemDateAndTime"
        return self.clock_offset

    def _offset_from_date(self, date_header, before, after):
        """The offset from an HTTP Date header (one-second resolution), or 0 unmeasured."""
        self.clock_offset = 0.0
        try:
            stamp = email.utils.parsedate_to_datetime(date_header) if date_header else None
        except (TypeError, ValueError, IndexError):
            stamp = None
        if stamp is not None:
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=UTC)
            self.clock_offset = calendar.timegm(stamp.utctimetuple()) - (before + after) / 2.0
            self.clock_measured = True
            self.clock_source = "the HTTP Date header (GetSystemDateAndTime wants a login)"
        return self.clock_offset

    def xaddr(self, service):
        """Path of a service, from GetServices (the host part is ignored: behind NAT the
        camera does not know the address we reach it by)."""
        if self._xaddrs is None:
            resp = self.call("device", "GetServices",
                             el("tds:GetServices", children=[el("tds:IncludeCapability", False)]))
            self._xaddrs = {}
            for svc in xmltools.children(resp, "Service"):
                ns = xmltools.text(svc, "Namespace")
                addr = xmltools.text(svc, "XAddr") or ""
                path = "/" + addr.split("://", 1)[-1].split("/", 1)[-1] if "://" in addr else addr
                self._xaddrs[ns] = path
        path = self._xaddrs.get(SERVICE_NS[service])
        if not path:
            raise CameraError(self.camera, "ONVIF GetServices",
                              "the camera offers no %s service" % service)
        return path

    def has_service(self, service):
        try:
            self.xaddr(service)
            return True
        except (OnvifFault, UnsupportedCall):
            return False  # no GetServices (ONVIF 1.x): no service beyond the device's
        except CameraError:
            if self._xaddrs is None:
                raise  # GetServices got no answer (timeout, bad reply, login): not a "no"
            return False


def _prefix_of(ns):
    for prefix, uri in NS.items():
        if uri == ns:
            return prefix
    raise KeyError(ns)
