"""Bonjour (mDNS / DNS-SD) responder of the emulator, for unicast queries only.

The cameras live on loopback addresses where multicast is not an option, so a querier
asks the camera directly at <address>:5353. Every reply follows the legacy-unicast
rules of RFC 6762 section 6.7 (query ID and question echoed, TTLs of at most 10 s,
no cache-flush bit): they are what a one-shot resolver such as dnspython understands.
An mDNS responder stays silent when it has nothing to say, so unknown names get no
NXDOMAIN, just silence.
"""

import asyncio

import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from dns.rdtypes.ANY.PTR import PTR
from dns.rdtypes.ANY.TXT import TXT
from dns.rdtypes.IN.A import A
from dns.rdtypes.IN.SRV import SRV

PORT_NAME = "mdns"

LEGACY_TTL = 10
LOCAL = dns.name.from_text("local.")
SERVICE_ENUMERATION = dns.name.from_text("_services._dns-sd._udp.local.")
UNICAST_RESPONSE_BIT = 0x8000  # the QU bit rides in the top bit of the qclass
IN, ANY = dns.rdataclass.IN, dns.rdatatype.ANY

# What each vendor advertises (service type -> TXT strings): its package's MDNS_SERVICES.


def _rrset(name, rdata):
    return dns.rrset.from_rdata(name, LEGACY_TTL, rdata)


def host_name(camera):
    return dns.name.from_text(camera.id, origin=LOCAL)


def instance_label(camera):
    """'AXIS P3265-LVE - 020000000001': model and MAC, the way Axis names itself."""
    ident = camera.get("identity") or {}
    mac = str(ident.get("mac", "")).replace(":", "").upper()
    label = "%s %s - %s" % (ident.get("manufacturer", ""), ident.get("model", ""), mac)
    return label.encode()[:63]  # one DNS label


def records(camera):
    """Every record this camera owns, as RRsets with legacy-unicast TTLs."""
    host = host_name(camera)
    mac = str(camera.get("identity.mac", "")).replace(":", "").upper()
    port = getattr(camera, "http_port", 80)
    out = [_rrset(host, A(IN, dns.rdatatype.A, camera.address))]
    for service, txt in camera.vendor_package.MDNS_SERVICES.items():
        service_name = dns.name.from_text(service)
        instance = dns.name.Name((instance_label(camera),) + service_name.labels)
        out.append(_rrset(SERVICE_ENUMERATION, PTR(IN, dns.rdatatype.PTR, service_name)))
        out.append(_rrset(service_name, PTR(IN, dns.rdatatype.PTR, instance)))
        out.append(_rrset(instance, SRV(IN, dns.rdatatype.SRV, 0, 0, port, host)))
        out.append(_rrset(instance, TXT(IN, dns.rdatatype.TXT,
                                        [s.format(mac=mac).encode() for s in txt])))
    return out


def _find(rrsets, name, rdtype):
    return [r for r in rrsets
            if r.name == name and (rdtype == ANY or r.rdtype == rdtype)]


def _additionals(rrsets, answer):
    """What a responder adds so that one round trip is enough (RFC 6763 section 12)."""
    if answer.rdtype == dns.rdatatype.PTR and answer.name != SERVICE_ENUMERATION:
        out = []
        for rdata in answer:
            out += _find(rrsets, rdata.target, dns.rdatatype.SRV)
            out += _find(rrsets, rdata.target, dns.rdatatype.TXT)
            for srv in _find(rrsets, rdata.target, dns.rdatatype.SRV):
                out += [a for rd in srv for a in _find(rrsets, rd.target, dns.rdatatype.A)]
        return out
    if answer.rdtype == dns.rdatatype.SRV:
        return [a for rd in answer for a in _find(rrsets, rd.target, dns.rdatatype.A)]
    return []


def _merge(rrsets):
    """One RRset per (name, type): the enumeration PTRs were built one per service."""
    merged = {}
    for rrset in rrsets:
        key = (rrset.name, rrset.rdtype)
        if key in merged:
            merged[key].union_update(rrset)
        else:
            merged[key] = rrset.copy()
    return list(merged.values())


def answer(camera, data):
    """The reply to one query datagram, as wire bytes, or None for silence."""
    query = dns.message.from_wire(data)
    if query.flags & dns.flags.QR or query.opcode() != dns.opcode.QUERY:
        return None  # other responders' answers, updates: not for us
    own = _merge(records(camera))
    answers = []
    for question in query.question:
        if question.rdclass & ~UNICAST_RESPONSE_BIT not in (IN, ANY):
            continue
        for rrset in _find(own, question.name, question.rdtype):
            if rrset not in answers:
                answers.append(rrset)
    if not answers:
        return None
    reply = dns.message.make_response(query)
    # mDNS replies are authoritative and never recursive (RFC 6762 section 18).
    reply.flags = (reply.flags | dns.flags.AA) & ~dns.flags.RD
    reply.answer = answers
    extra = []
    for rrset in answers:
        for more in _additionals(own, rrset):
            if more not in answers and more not in extra:
                extra.append(more)
    reply.additional = extra
    return reply.to_wire()


class Responder(asyncio.DatagramProtocol):
    def __init__(self, camera):
        self.camera = camera
        self.transport = None
        self.ignored = 0  # malformed datagrams, for debugging

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.camera.count_udp(PORT_NAME)
        if not self.camera.get("discovery.bonjour") and not self.camera.stuck_on(PORT_NAME):
            return
        try:
            reply = answer(self.camera, data)
        except Exception:  # noqa: BLE001 - a responder drops what it cannot parse
            self.ignored += 1
            return
        if reply and self.transport is not None:
            self.transport.sendto(reply, addr)
