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
import datetime
import hashlib
import os
import time
import xml.etree.ElementTree as ET

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import AuthError, CameraError

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "tr2": "http://www.onvif.org/ver20/media/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
}
PASSWORD_DIGEST = ("http://docs.oasis-open.org/wss/2004/01/"
                   "oasis-200401-wss-username-token-profile-1.0#PasswordDigest")
BASE64_BINARY = ("http://docs.oasis-open.org/wss/2004/01/"
                 "oasis-200401-wss-soap-message-security-1.0#Base64Binary")
SERVICE_NS = {"device": NS["tds"], "media2": NS["tr2"]}
DEVICE_PATH = "/onvif/device_service"

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


class OnvifFault(CameraError):
    def __init__(self, camera, call, code, subcode, reason):
        self.code = code
        self.subcode = subcode
        self.reason = reason
        super(OnvifFault, self).__init__(
            camera, call, "ONVIF fault %s%s" % (subcode or code, (": " + reason) if reason else ""))


class OnvifClient(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera
        self.clock_offset = None
        self.clock_measured = False  # True once the camera's UTC time was read
        self._xaddrs = None

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
        `read` operations are cached for the task and retried on connection errors."""
        if secure and self.clock_offset is None:
            self.sync_clock()
        ns = SERVICE_NS[service]
        body = body if body is not None else el("%s:%s" % (_prefix_of(ns), operation))
        path = self.xaddr(service) if service != "device" else DEVICE_PATH
        call = "ONVIF %s" % operation
        payload = self.envelope(body, secure=secure)
        cache_key = ET.tostring(body) if read else False
        resp = self.t.request(
            "POST", path, data=payload, idempotent=read, cacheable=cache_key,
            headers={"Content-Type": 'application/soap+xml; charset=utf-8; action="%s/%s"'
                     % (ns, operation)},
            expect=(200, 400, 500), call=call)
        root = self.t.parse_xml(resp, call)
        body_el = xmltools.child(root, "Body")
        if body_el is None or len(body_el) == 0:
            raise CameraError(self.camera, call, "reply has no SOAP Body")
        first = body_el[0]
        if xmltools.local(first.tag) == "Fault":
            raise self._fault(first, call)
        if resp.status_code != 200:
            raise CameraError(self.camera, call, "HTTP %d without a SOAP fault" % resp.status_code)
        return first

    def _fault(self, fault, call):
        code = xmltools.text(fault, "Code/Value", "")
        subcode = xmltools.text(fault, "Code/Subcode/Value", "")
        deeper = xmltools.text(fault, "Code/Subcode/Subcode/Value", "")
        reason = xmltools.text(fault, "Reason/Text", "")
        sub = deeper or subcode
        if sub.endswith("NotAuthorized"):
            # The camera's reason tells a wrong password from a clock or nonce problem.
            err = AuthError(self.camera, call, "the camera refused the credentials of user '%s' "
                            "(ONVIF %s%s); not retried, because cameras lock accounts after "
                            "failed logins" % (self.t.username, sub,
                                               (": " + self.t.redact(reason)) if reason else ""))
            self.t.note_auth_failure(err)
            return err
        return OnvifFault(self.camera, call, code, sub, self.t.redact(reason))

    def sync_clock(self):
        """Learn camera_utc - local_utc, so that WS-Security tokens fall inside the
        camera's window even when its clock is wrong."""
        before = time.time()
        resp = self.call("device", "GetSystemDateAndTime", secure=False)
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
        except OnvifFault:
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
