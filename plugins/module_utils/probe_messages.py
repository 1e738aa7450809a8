# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The packets of the network probes, built and read with libraries: pysnmp/pyasn1
for SNMP, dnspython for mDNS/DNS-SD, defusedxml (xmltools) for WS-Discovery. SSDP is
HTTP-over-UDP text. No sockets here: probes.py sends and receives.

Every reader takes bytes a device sent and returns a small dict of what they prove,
or None when the datagram is not a reply to our request; none of them raises on
garbage, because a camera is not trusted to send well-formed packets.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import binascii
import uuid

try:
    from pyasn1.codec.ber import decoder as ber_decoder, encoder as ber_encoder
    from pyasn1.type import univ
    from pysnmp.proto import api as snmp_api
    from pysnmp.proto.mpmod.rfc3412 import ScopedPDU, SNMPv3Message
    from pysnmp.proto.secmod.rfc3414.auth.hmacmd5 import HmacMd5
    from pysnmp.proto.secmod.rfc3414.auth.hmacsha import HmacSha
    from pysnmp.proto.secmod.rfc3414.priv.des import Des
    from pysnmp.proto.secmod.rfc3414.service import UsmSecurityParameters
    from pysnmp.proto.secmod.rfc3826.priv.aes import Aes
    from pysnmp.proto.secmod.rfc7860.auth.hmacsha2 import HmacSha2
    HAS_PYSNMP = True
except ImportError:  # reported by the SNMP probe as a missing requirement
    HAS_PYSNMP = False

try:
    import dns.message
    import dns.rdataclass
    import dns.rdatatype
    import dns.rdata
    # dnspython imports the class of a record type the first time it reads one; the types
    # an mDNS answer carries are looked up here instead, once in Ansible's main process
    # (which imports the action plugins), not again in every worker it forks (issue 14).
    for _rdtype in ("PTR", "TXT", "SRV", "A", "AAAA", "NSEC"):
        dns.rdata.get_rdata_class(dns.rdataclass.IN, dns.rdatatype.from_text(_rdtype))
    HAS_DNSPYTHON = True
except ImportError:  # reported by the mDNS probe as a missing requirement
    HAS_DNSPYTHON = False

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools

EVIDENCE_BYTES = 160  # how much of a reply is kept as evidence


def first_bytes(data, limit=EVIDENCE_BYTES):
    """The start of a reply as printable text: what an auditor reads in the evidence.
    Text protocols stay readable; binary ones (BER, DNS) are shown as hex."""
    head = data[:limit]
    printable = sum(1 for b in bytearray(head) if 32 <= b < 127 or b in (9, 10, 13))
    if head and printable >= 0.9 * len(head):
        return head.decode("ascii", "replace")
    return binascii.hexlify(head[:48]).decode("ascii")


# -- SNMP ---------------------------------------------------------------------------------

SYS_DESCR = (1, 3, 6, 1, 2, 1, 1, 1, 0)
SNMP_VERSIONS = {"v1": 0, "v2c": 1}  # message version numbers (RFC 1157, RFC 1901)
USM_UNKNOWN_ENGINE_IDS = (1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0)
REPORTABLE_FLAG = b"\x04"
USM_SECURITY_MODEL = 3


def _decode(data, spec):
    """BER bytes to a pyasn1 value of `spec` (what follows it, e.g. DES padding, is left)."""
    return ber_decoder.decode(data, asn1Spec=spec)[0]


# v1 and v2c GETs and their responses are read and written here directly: four or five per
# camera and pass, and pyasn1 spent ~0.2 ms building and ~0.8 ms reading each (issue 14).
# The bytes are BER as pyasn1 writes them (tests/unit/test_snmp_ber.py compares both);
# SNMPv3 stays with pysnmp.
_SYS_DESCR_OID = b"\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00"
_GET_REQUEST, _GET_RESPONSE = 0xA0, 0xA2
_NULL_VALUES = (0x05, 0x80, 0x81, 0x82)  # NULL, noSuchObject, noSuchInstance, endOfMibView


def _length(size):
    if size < 0x80:
        return bytes((size,))
    body = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def _tlv(tag, body):
    return bytes((tag,)) + _length(len(body)) + body


def _integer(number):
    """A non-negative INTEGER, minimal two's complement (a leading 0 when the top bit is set)."""
    return _tlv(0x02, number.to_bytes(number.bit_length() // 8 + 1, "big"))


def snmp_get_sysdescr(version, community, request_id):
    """A v1 or v2c GetRequest for sysDescr.0 with this community, as wire bytes."""
    varbinds = _tlv(0x30, _tlv(0x30, _SYS_DESCR_OID + b"\x05\x00"))
    pdu = _tlv(_GET_REQUEST, _integer(request_id) + _integer(0) + _integer(0) + varbinds)
    return _tlv(0x30, _integer(SNMP_VERSIONS[version]) + _tlv(0x04, community.encode("utf-8")) + pdu)


def _element(data, pos):
    """(tag, contents, position after) of the BER element at `pos`; ValueError if cut."""
    tag, first = data[pos], data[pos + 1]
    pos += 2
    if first >= 0x80:
        count = first & 0x7F
        if not 0 < count <= 4:
            raise ValueError("unsupported BER length")
        first = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    end = pos + first
    if end > len(data):
        raise ValueError("BER element longer than the datagram")
    return tag, data[pos:end], end


def _elements(data):
    pos, out = 0, []
    while pos < len(data) and len(out) < 64:  # a varbind list of ours has one entry
        tag, contents, pos = _element(data, pos)
        out.append((tag, contents))
    return out


def _shown(tag, contents):
    """A varbind value as text: an OCTET STRING as text when printable (else 0x and hex,
    as pyasn1 prints it), an INTEGER as a number, the null-like values as nothing."""
    if tag == 0x04:
        if all(32 <= byte <= 126 for byte in contents):
            return contents.decode("ascii")
        return "0x" + binascii.hexlify(contents).decode("ascii")
    if tag == 0x02:
        return str(int.from_bytes(contents, "big", signed=True))
    if tag in _NULL_VALUES:
        return ""
    return "0x" + binascii.hexlify(contents).decode("ascii")


def read_snmp_response(data):
    """{"version", "request_id", "error_status", "sys_descr"} of a v1/v2c response."""
    try:
        tag, message = _element(data, 0)[:2]
        fields = _elements(message) if tag == 0x30 else []
        if len(fields) != 3 or fields[0][0] != 0x02 or fields[1][0] != 0x04 or fields[2][0] != _GET_RESPONSE:
            return None
        version = {0: "v1", 1: "v2c"}.get(int.from_bytes(fields[0][1], "big", signed=True))
        pdu = _elements(fields[2][1])
        if version is None or len(pdu) != 4 or [element[0] for element in pdu[:3]] != [0x02] * 3 or pdu[3][0] != 0x30:
            return None
        descr = ""
        for bind_tag, bind in _elements(pdu[3][1]):
            pair = _elements(bind) if bind_tag == 0x30 else []
            if len(pair) == 2 and pair[0][0] == 0x06 and pair[0][1] == _SYS_DESCR_OID[2:]:
                descr = _shown(*pair[1])
                break
        return {"version": version, "request_id": int.from_bytes(pdu[0][1], "big", signed=True),
                "error_status": int.from_bytes(pdu[1][1], "big", signed=True),
                "sys_descr": descr[:EVIDENCE_BYTES]}
    except (IndexError, ValueError, TypeError):
        return None  # not SNMP, or not for us


def snmp_v3_discovery(msg_id, request_id):
    """The first message of every SNMPv3 exchange (RFC 3414 section 4): no user, no
    engine ID, reportable. An agent with v3 on answers with a Report that carries its
    engine ID, which proves v3 is on without any credentials."""
    message = SNMPv3Message()
    message["msgVersion"] = 3
    header = message["msgGlobalData"]
    header["msgID"] = msg_id
    header["msgMaxSize"] = 65507
    header["msgFlags"] = REPORTABLE_FLAG
    header["msgSecurityModel"] = USM_SECURITY_MODEL
    params = UsmSecurityParameters()
    params["msgAuthoritativeEngineId"] = b""
    params["msgAuthoritativeEngineBoots"] = 0
    params["msgAuthoritativeEngineTime"] = 0
    params["msgUserName"] = b""
    params["msgAuthenticationParameters"] = b""
    params["msgPrivacyParameters"] = b""
    message["msgSecurityParameters"] = ber_encoder.encode(params)
    pdu = snmp_api.v2c.GetRequestPDU()
    snmp_api.v2c.apiPDU.set_defaults(pdu)
    snmp_api.v2c.apiPDU.set_request_id(pdu, request_id)
    snmp_api.v2c.apiPDU.set_varbinds(pdu, [])
    scoped = ScopedPDU()
    scoped["contextEngineId"] = b""
    scoped["contextName"] = b""
    scoped["data"].setComponentByType(pdu.getTagSet(), pdu, innerFlag=True)
    message["msgData"]["plaintext"] = scoped
    return ber_encoder.encode(message)


def read_snmp_v3_report(data, msg_id):
    """{"engine_id": hex, "report": oid} of the agent's answer to our discovery."""
    try:
        if int(snmp_api.decodeMessageVersion(data)) != 3:
            return None
        message = _decode(data, SNMPv3Message())
        if int(message["msgGlobalData"]["msgID"]) != msg_id:
            return None
        params = _decode(bytes(message["msgSecurityParameters"]), UsmSecurityParameters())
        engine = bytes(params["msgAuthoritativeEngineId"])
        report = None
        if message["msgData"].getName() == "plaintext":
            pdu = message["msgData"]["plaintext"]["data"].getComponent()
            oids = [tuple(bind[0]) for bind in snmp_api.v2c.apiPDU.get_varbinds(pdu)]
            report = ".".join(str(n) for n in oids[0]) if oids else None
        return {"engine_id": binascii.hexlify(engine).decode("ascii"), "report": report,
                "boots": int(params["msgAuthoritativeEngineBoots"]),
                "time": int(params["msgAuthoritativeEngineTime"])}
    except Exception:  # pylint: disable=broad-except
        return None


# An authenticated v3 GET, built from pysnmp's USM primitives (key localisation, HMAC,
# DES/AES) rather than its SnmpEngine, whose set-up compiles MIB modules for 0.3-1 s of
# CPU per engine: too slow for a probe pass of about a second.
USM_REPORTS = {
    (1, 3, 6, 1, 6, 3, 15, 1, 1, 1, 0): "the agent refuses this security level",
    (1, 3, 6, 1, 6, 3, 15, 1, 1, 2, 0): "not in the agent's time window",
    (1, 3, 6, 1, 6, 3, 15, 1, 1, 3, 0): "unknown user name",
    (1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0): "unknown engine ID",
    (1, 3, 6, 1, 6, 3, 15, 1, 1, 5, 0): "wrong digest (authentication password)",
    (1, 3, 6, 1, 6, 3, 15, 1, 1, 6, 0): "decryption error (privacy password)",
}
AUTH_FLAG, PRIV_FLAG = 1, 2


def _auth_service(name):
    """(service, protocol OID) of an authentication protocol name."""
    if name == "md5":
        return HmacMd5(), HmacMd5.SERVICE_ID
    if name == "sha":
        return HmacSha(), HmacSha.SERVICE_ID
    oid = {"sha224": HmacSha2.SHA224_SERVICE_ID, "sha256": HmacSha2.SHA256_SERVICE_ID,
           "sha384": HmacSha2.SAH384_SERVICE_ID, "sha512": HmacSha2.SHA512_SERVICE_ID}[name]
    return HmacSha2(oid), oid


def snmp_v3_keys(creds, engine_id):
    """USM keys of `creds` localised to the agent's engine: {"level", "auth", "priv"}."""
    auth_name = (creds.get("auth_protocol") or "sha").lower()
    priv_name = (creds.get("priv_protocol") or ("aes" if creds.get("priv_password") else "none")).lower()
    engine = univ.OctetString(engine_id)
    keys = {"level": 0, "auth": None, "priv": None}
    if auth_name == "none":
        return keys
    auth, auth_oid = _auth_service(auth_name)
    keys.update(level=AUTH_FLAG, auth=(auth, auth.localize_key(
        auth.hash_passphrase(creds.get("auth_password") or ""), engine)))
    if priv_name != "none":
        priv = Des() if priv_name == "des" else Aes()
        key = priv.localize_key(auth_oid, priv.hash_passphrase(
            auth_oid, creds.get("priv_password") or ""), engine)
        keys.update(level=AUTH_FLAG | PRIV_FLAG, priv=(priv, key))
    return keys


def snmp_v3_get_sysdescr(user, keys, engine_id, boots, engine_time, msg_id, request_id):
    """A v3 GetRequest of sysDescr.0 at the user's security level, signed and
    encrypted as USM wants (RFC 3414, RFC 3826)."""
    pdu = snmp_api.v2c.GetRequestPDU()
    snmp_api.v2c.apiPDU.set_defaults(pdu)
    snmp_api.v2c.apiPDU.set_request_id(pdu, request_id)
    snmp_api.v2c.apiPDU.set_varbinds(pdu, [(snmp_api.v2c.ObjectIdentifier(SYS_DESCR),
                                            snmp_api.v2c.null)])
    scoped = ScopedPDU()
    scoped["contextEngineId"] = engine_id
    scoped["contextName"] = b""
    scoped["data"].setComponentByType(pdu.getTagSet(), pdu, innerFlag=True)
    message = SNMPv3Message()
    message["msgVersion"] = 3
    header = message["msgGlobalData"]
    header["msgID"] = msg_id
    header["msgMaxSize"] = 65507
    header["msgFlags"] = bytes([keys["level"] | REPORTABLE_FLAG[0]])
    header["msgSecurityModel"] = USM_SECURITY_MODEL
    salt = b""
    if keys["priv"]:
        cipher, key = keys["priv"]
        sealed, salt = cipher.encrypt_data(key, (boots, engine_time, None),
                                           ber_encoder.encode(scoped))
        message["msgData"]["encryptedPDU"] = sealed
    else:
        message["msgData"]["plaintext"] = scoped
    params = UsmSecurityParameters()
    params["msgAuthoritativeEngineId"] = engine_id
    params["msgAuthoritativeEngineBoots"] = boots
    params["msgAuthoritativeEngineTime"] = engine_time
    params["msgUserName"] = user
    params["msgAuthenticationParameters"] = b"\0" * _digest_length(keys["auth"][0]) if keys["auth"] else b""
    params["msgPrivacyParameters"] = salt
    message["msgSecurityParameters"] = ber_encoder.encode(params)
    wire = ber_encoder.encode(message)
    if keys["auth"]:
        service, key = keys["auth"]
        wire = service.authenticate_outgoing_message(key, wire)
    return wire


def _digest_length(service):
    length = service.digest_length  # a property of the SHA-2 service, a method of the others
    return length() if callable(length) else length


def read_snmp_v3_response(data, msg_id, keys):
    """{"accepted": bool, "sys_descr" or "error"} of the agent's answer to our GET."""
    try:
        if int(snmp_api.decodeMessageVersion(data)) != 3:
            return None
        message = _decode(data, SNMPv3Message())
        if int(message["msgGlobalData"]["msgID"]) != msg_id:
            return None
        params = _decode(bytes(message["msgSecurityParameters"]), UsmSecurityParameters())
        if message["msgData"].getName() == "plaintext":
            scoped = message["msgData"]["plaintext"]
        elif keys["priv"]:
            cipher, key = keys["priv"]
            clear = cipher.decrypt_data(key, (int(params["msgAuthoritativeEngineBoots"]),
                                              int(params["msgAuthoritativeEngineTime"]),
                                              params["msgPrivacyParameters"]),
                                        message["msgData"]["encryptedPDU"])
            scoped = _decode(clear, ScopedPDU())
        else:
            return None
        pdu = scoped["data"].getComponent()
        binds = [(tuple(oid), value) for oid, value in snmp_api.v2c.apiPDU.get_varbinds(pdu)]
        if pdu.isSameTypeWith(snmp_api.v2c.ReportPDU()):
            oid = binds[0][0] if binds else None
            return {"accepted": False,
                    "error": USM_REPORTS.get(oid, "report %s" % ".".join(map(str, oid or ())))}
        if keys["auth"]:
            service, key = keys["auth"]
            service.authenticate_incoming_message(key, params["msgAuthenticationParameters"], data)
        status = int(snmp_api.v2c.apiPDU.get_error_status(pdu))
        if status:
            return {"accepted": False, "error": "error-status %d (e.g. authorizationError: the "
                                                "user's security level is higher)" % status}
        descr = [v.prettyPrint() for oid, v in binds if oid == SYS_DESCR]
        return {"accepted": True, "sys_descr": (descr[0] if descr else "")[:EVIDENCE_BYTES]}
    except Exception:  # pylint: disable=broad-except
        return None


# -- mDNS / DNS-SD ------------------------------------------------------------------------

SERVICE_ENUMERATION = "_services._dns-sd._udp.local."
# Service types cameras advertise: Axis (_axis-video), Hikvision/PSIA, the generic web
# and streaming types most firmware registers.
CAMERA_SERVICE_TYPES = ("_axis-video._tcp.local.", "_http._tcp.local.", "_https._tcp.local.",
                        "_rtsp._tcp.local.", "_psia._tcp.local.", "_onvif._tcp.local.")


def mdns_query(name, query_id):
    """A one-shot ("legacy unicast", RFC 6762 section 6.7) PTR query: sent from a port
    other than 5353, the responder answers to that port with our ID and question."""
    query = dns.message.make_query(name, dns.rdatatype.PTR)
    query.id = query_id
    query.flags = 0  # mDNS queries carry no RD bit
    return query.to_wire()


def read_mdns_answer(data):
    """{"id", "names": [...]} of a reply with at least one answer, else None.
    Parsing goes on past records dnspython refuses (mDNS compresses names in NSEC and
    SRV rdata, which unicast DNS forbids): the answers before them are kept."""
    try:
        reply = dns.message.from_wire(data, continue_on_error=True)
    except Exception:  # pylint: disable=broad-except
        return None
    if not reply.flags & 0x8000 or not reply.answer:
        return None  # a query, or nothing to say
    names = []
    for rrset in reply.answer:
        for rdata in rrset:
            target = getattr(rdata, "target", None)
            names.append(_readable(target if target is not None else rrset.name))
    return {"id": reply.id, "names": names}


def _readable(name):
    """A DNS-SD name as people write it: instance labels hold spaces, which the
    zone-file form would escape (AXIS\\032M3106)."""
    return "".join(label.decode("utf-8", "replace") + "." for label in name.labels if label)


# -- UPnP / SSDP --------------------------------------------------------------------------

SSDP_MULTICAST = ("239.255.255.250", 1900)


def ssdp_m_search(search_target="ssdp:all", mx=1):
    """An M-SEARCH. MX is sent on unicast too: UPnP 1.1 leaves it out there, but many
    responders drop a search without it (minidlna does)."""
    return ("M-SEARCH * HTTP/1.1\r\n"
            "HOST: %s:%d\r\n"
            "MAN: \"ssdp:discover\"\r\n"
            "MX: %d\r\n"
            "ST: %s\r\n"
            "\r\n" % (SSDP_MULTICAST[0], SSDP_MULTICAST[1], mx, search_target)).encode("ascii")


def read_ssdp_response(data):
    """{"st", "usn", "server", "location"} of a search response, else None."""
    try:
        text = data[:4096].decode("utf-8", "replace")
    except Exception:  # pylint: disable=broad-except
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines[0].upper().startswith("HTTP/1.1 200"):
        return None
    headers = {}
    for line in lines[1:64]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().upper()] = value.strip()
    return {"st": headers.get("ST"), "usn": headers.get("USN"),
            "server": headers.get("SERVER"), "location": headers.get("LOCATION")}


# -- WS-Discovery -------------------------------------------------------------------------

WSD_NS = "http://schemas.xmlsoap.org/ws/2005/04/discovery"
PROBE_TEMPLATE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
    ' xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"'
    ' xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"'
    ' xmlns:dn="http://www.onvif.org/ver10/network/wsdl">'
    '<s:Header>'
    '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>'
    '<a:MessageID>%s</a:MessageID>'
    '<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>'
    '</s:Header>'
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body>'
    '</s:Envelope>')


def wsd_probe():
    """(message_id, bytes) of a directed Probe for dn:NetworkVideoTransmitter."""
    message_id = "urn:uuid:%s" % uuid.uuid4()
    return message_id, (PROBE_TEMPLATE % message_id).encode("utf-8")


def read_wsd_probe_matches(data, message_id):
    """{"xaddrs": [...], "scopes": [...]} of a ProbeMatches that answers our Probe."""
    try:
        root = xmltools.parse(data)
    except Exception:  # pylint: disable=broad-except
        return None  # malformed or hostile XML proves nothing
    relates_to, matches = None, []
    for elem in root.iter():
        name = xmltools.local(elem.tag)
        if name == "RelatesTo":
            relates_to = (elem.text or "").strip()
        elif name == "ProbeMatch":
            matches.append(elem)
    if relates_to != message_id or not matches:
        return None
    xaddrs, scopes = [], []
    for match in matches:
        xaddrs += (xmltools.child(match, "XAddrs").text or "").split() \
            if xmltools.child(match, "XAddrs") is not None else []
        scopes += (xmltools.child(match, "Scopes").text or "").split() \
            if xmltools.child(match, "Scopes") is not None else []
    return {"xaddrs": xaddrs, "scopes": scopes[:8]}
