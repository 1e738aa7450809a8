# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hikvision ISAPI wire client: GET a document, change it, PUT it back.

Writes are read-modify-write of the camera's own document, so fields this collection
does not know survive, and the document keeps the namespaces the firmware used
(hikvision.com or isapi.org, and a ver10 list nested inside: serialise), elements added
to it taking their parent's (set_text, sub). Documents built from scratch (a new user)
take the namespace of the list the camera sent. A PUT answers
<ResponseStatus>; statusCode 1 is success ([INF] in the reference).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import xml.etree.ElementTree as ET

from ansible_collections.camsec.ipcam.plugins.module_utils import replies, xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    DeviceFault, UnsupportedCall)


class IsapiClient(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera

    def get(self, path):
        call = "ISAPI GET %s" % path
        root = self.t.get_xml(path, call=call)
        status = replies.isapi_status(root)
        if status is not None and status.kind != replies.SUCCESS:
            # Firmware that answers a missing resource at HTTP 200 with a ResponseStatus.
            raise _error(self.camera, call, status)
        return root

    def put(self, path, root):
        call = "ISAPI PUT %s" % path
        body = serialise(root)
        resp = self.t.request("PUT", path, data=body, idempotent=False, call=call,
                              headers={"Content-Type": "application/xml; charset=utf-8"},
                              expect=(200, 400, 403, 500))
        if not replies.looks_like_xml(resp.content):
            raise DeviceFault(self.camera, call, "fault: HTTP %d without a ResponseStatus%s" % (
                resp.status_code, (": " + replies.text_words(resp.content))
                if replies.text_words(resp.content) else ""))
        status = replies.isapi_status(self.t.parse_xml(resp, call))
        if status is None:
            raise DeviceFault(self.camera, call, "fault: HTTP %d, and the reply is not a "
                              "ResponseStatus" % resp.status_code)
        if status.kind != replies.SUCCESS or resp.status_code != 200:
            raise _error(self.camera, call, status, resp.status_code)


def _error(camera, call, status, http_status=200):
    """The error of a ResponseStatus that is not a success, in the device's words."""
    where = "HTTP %d, %s (statusCode %s)" % (http_status, status.words, status.codes[0])
    if status.kind == replies.UNSUPPORTED:
        return UnsupportedCall(camera, call, "not supported by this camera (%s)" % where)
    return DeviceFault(camera, call, "fault: %s" % where)


def serialise(root):
    """The document in the namespaces the camera used, each as the default one
    (xmlns="...") where it starts, as ISAPI firmware writes and expects it, instead of
    ElementTree's ns0: prefixes. A list nested in another namespace (storage's ver10
    hddList inside ver20) keeps its own."""
    plain = copy.deepcopy(root)
    _plain_names(plain, None)
    return ET.tostring(plain, encoding="utf-8")


def _plain_names(node, parent_ns):
    ns = node.tag[1:].split("}", 1)[0] if node.tag.startswith("{") else None
    node.tag = xmltools.local(node.tag)
    if ns and ns != parent_ns:
        node.set("xmlns", ns)
    for kid in node:
        if isinstance(kid.tag, str):
            _plain_names(kid, ns or parent_ns)


def set_text(root, path, value):
    """Set the text of the element at a '/'-path of local names, creating it if absent,
    in the document's own namespace."""
    node = root
    for name in path.split("/"):
        found = xmltools.child(node, name)
        if found is None:
            ns = node.tag[: node.tag.index("}") + 1] if node.tag.startswith("{") else ""
            found = ET.SubElement(node, ns + name)
        node = found
    node.text = "true" if value is True else "false" if value is False else str(value)
    return node


def sub(parent, name, text=None):
    ns = parent.tag[: parent.tag.index("}") + 1] if parent.tag.startswith("{") else ""
    node = ET.SubElement(parent, ns + name)
    if text is not None:
        node.text = str(text)
    return node
