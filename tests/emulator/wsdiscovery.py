"""WS-Discovery (ONVIF) responder of the emulator: answers a Probe sent to <address>:3702.

Every vendor of the fleet speaks ONVIF, so every camera is a NetworkVideoTransmitter.
Incoming XML goes through defusedxml only. Prefixed QNames in <Types> are resolved
against the namespace declarations in scope at that element, as the spec requires,
so a client's choice of prefixes does not matter.
"""

import asyncio
import io
import itertools
import time
import urllib.parse
import uuid
from xml.sax.saxutils import escape

from defusedxml.ElementTree import iterparse

# One UUID per device for every discovery protocol, as real cameras do.
from .ssdp import device_uuid

PORT_NAME = "wsd"

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing"
WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
DN = "http://www.onvif.org/ver10/network/wsdl"
TDS = "http://www.onvif.org/ver10/device/wsdl"
PROBE_ACTION = WSD + "/Probe"
PROBE_MATCHES_ACTION = WSD + "/ProbeMatches"
ANONYMOUS = WSA + "/role/anonymous"
MATCH_RFC3986 = WSD + "/rfc3986"
MATCH_STRCMP0 = WSD + "/strcmp0"

DEVICE_TYPES = {(DN, "NetworkVideoTransmitter"), (TDS, "Device")}
MAX_PROBE_BYTES = 65536  # a UDP datagram; anything bigger is not a probe


# -- reading a Probe ---------------------------------------------------------------------

def parse_probe(data):
    """{"message_id", "types": [(ns, local)], "scopes": [...], "match_by"} or None."""
    if len(data) > MAX_PROBE_BYTES:
        return None
    ns_stack = [{}]
    pending = {}
    found = {"types": [], "scopes": [], "match_by": MATCH_RFC3986}
    path = []
    for event, item in iterparse(io.BytesIO(data), events=("start-ns", "start", "end"),
                                 forbid_dtd=True):
        if event == "start-ns":
            prefix, uri = item
            pending[prefix] = uri
        elif event == "start":
            in_scope = dict(ns_stack[-1], **pending)
            pending = {}
            ns_stack.append(in_scope)
            path.append(item.tag)
            if item.tag == "{%s}Types" % WSD:
                found["types_ns"] = in_scope
            elif item.tag == "{%s}Scopes" % WSD:
                found["match_by"] = item.get("MatchBy") or MATCH_RFC3986
        else:
            ns_stack.pop()
            _collect(found, path, item)
            path.pop()
    return found if _is_probe(found) else None


def _collect(found, path, elem):
    text = (elem.text or "").strip()
    where = tuple(path[-3:])
    if where[-2:] == ("{%s}Header" % SOAP12, "{%s}Action" % WSA):
        found["action"] = text
    elif where[-2:] == ("{%s}Header" % SOAP12, "{%s}MessageID" % WSA):
        found["message_id"] = text
    elif where == ("{%s}Body" % SOAP12, "{%s}Probe" % WSD, "{%s}Types" % WSD):
        found["types"] = [_qname(q, found.get("types_ns", {})) for q in text.split()]
    elif where == ("{%s}Body" % SOAP12, "{%s}Probe" % WSD, "{%s}Scopes" % WSD):
        found["scopes"] = text.split()
    elif where == ("{%s}Envelope" % SOAP12, "{%s}Body" % SOAP12, "{%s}Probe" % WSD):
        found["is_probe"] = True


def _is_probe(found):
    return found.get("is_probe") and found.get("action") == PROBE_ACTION


def _qname(text, namespaces):
    prefix, sep, local = text.rpartition(":")
    # An unknown prefix cannot match anything; None keeps it from matching.
    return (namespaces.get(prefix if sep else ""), local)


# -- matching ------------------------------------------------------------------------------

def scopes(camera):
    ident = camera.get("identity") or {}
    # Scopes are URIs separated by spaces: a space in a model name must be escaped.
    model = urllib.parse.quote(str(ident.get("model", "")), safe="")
    maker = urllib.parse.quote(str(ident.get("manufacturer", "")), safe="")
    return ["onvif://www.onvif.org/type/video_encoder",
            "onvif://www.onvif.org/Profile/Streaming",
            "onvif://www.onvif.org/hardware/" + model,
            "onvif://www.onvif.org/name/" + maker]


def _scope_matches(wanted, have, match_by):
    if match_by == MATCH_STRCMP0:
        return wanted == have
    if match_by != MATCH_RFC3986:
        return False  # a rule we do not implement never matches (WS-Discovery 5.1)
    w, h = urllib.parse.urlsplit(wanted), urllib.parse.urlsplit(have)
    if (w.scheme.lower(), w.netloc.lower()) != (h.scheme.lower(), h.netloc.lower()):
        return False
    w_segments = [s for s in w.path.split("/") if s]
    h_segments = [s for s in h.path.split("/") if s]
    return h_segments[:len(w_segments)] == w_segments


def matches(camera, probe):
    if any(t not in DEVICE_TYPES for t in probe["types"]):
        return False
    own = scopes(camera)
    return all(any(_scope_matches(s, o, probe["match_by"]) for o in own)
               for s in probe["scopes"])


# -- the ProbeMatches message ------------------------------------------------------------

def xaddr(camera):
    """Where the device service is; HTTPS when the camera has turned HTTP off."""
    if camera.get("network.http.enabled", True):
        scheme, port, default = "http", getattr(camera, "http_port", 80), 80
    else:
        scheme, port, default = "https", getattr(camera, "https_port", 443), 443
    host = camera.address if port == default else "%s:%d" % (camera.address, port)
    return "%s://%s/onvif/device_service" % (scheme, host)


def probe_matches(camera, relates_to, message_number, instance_id):
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<env:Envelope xmlns:env=\"{soap}\" xmlns:wsa=\"{wsa}\" xmlns:wsd=\"{wsd}\""
            " xmlns:dn=\"{dn}\" xmlns:tds=\"{tds}\">"
            "<env:Header>"
            "<wsa:MessageID>urn:uuid:{mid}</wsa:MessageID>"
            "<wsa:RelatesTo>{rel}</wsa:RelatesTo>"
            "<wsa:To>{anon}</wsa:To>"
            "<wsa:Action>{action}</wsa:Action>"
            "<wsd:AppSequence InstanceId=\"{iid}\" MessageNumber=\"{num}\"/>"
            "</env:Header>"
            "<env:Body><wsd:ProbeMatches><wsd:ProbeMatch>"
            "<wsa:EndpointReference><wsa:Address>urn:uuid:{epr}</wsa:Address>"
            "</wsa:EndpointReference>"
            "<wsd:Types>dn:NetworkVideoTransmitter tds:Device</wsd:Types>"
            "<wsd:Scopes>{scopes}</wsd:Scopes>"
            "<wsd:XAddrs>{xaddr}</wsd:XAddrs>"
            "<wsd:MetadataVersion>1</wsd:MetadataVersion>"
            "</wsd:ProbeMatch></wsd:ProbeMatches></env:Body></env:Envelope>").format(
        soap=SOAP12, wsa=WSA, wsd=WSD, dn=DN, tds=TDS, mid=uuid.uuid4(),
        rel=escape(relates_to), anon=ANONYMOUS, action=PROBE_MATCHES_ACTION,
        iid=instance_id, num=message_number, epr=device_uuid(camera),
        scopes=escape(" ".join(scopes(camera))), xaddr=escape(xaddr(camera))).encode()


class Responder(asyncio.DatagramProtocol):
    def __init__(self, camera):
        self.camera = camera
        self.transport = None
        self.ignored = 0  # malformed datagrams, for debugging
        # AppSequence: the instance changes on every (emulated) boot, messages count up.
        self.instance_id = int(time.time())
        self.message_numbers = itertools.count(1)

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.camera.count_udp(PORT_NAME)
        if not self.camera.get("discovery.ws_discovery") and not self.camera.stuck_on(PORT_NAME):
            return
        try:
            probe = parse_probe(data)
            if probe is None or not probe.get("message_id") or not matches(self.camera, probe):
                return
            reply = probe_matches(self.camera, probe["message_id"],
                                  next(self.message_numbers), self.instance_id)
        except Exception:  # noqa: BLE001 - hostile or broken XML is dropped, not fatal
            self.ignored += 1
            return
        if self.transport is not None:
            self.transport.sendto(reply, addr)
