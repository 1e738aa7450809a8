"""SNMP agent of the emulator: the MIB-2 system group over v1, v2c and v3 (USM).

A whole pysnmp engine per camera would not scale to 1,000 cameras in one process, so
this is a small stateless agent: pysnmp's protocol modules and pyasn1 do the BER,
`cryptography` does HMAC and the ciphers (RFC 3414 for USM, RFC 3826 for AES).

Layout: the MIB (values read from the camera's state at request time), PDU handling
shared by all versions, the community path (v1/v2c), the USM path (v3), the Responder.
"""

import asyncio
import functools
import hashlib
import hmac
import os
import struct
import time

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from pyasn1.codec.ber import decoder, encoder
from pyasn1.type import constraint, namedtype, univ
from pysnmp.proto import api, rfc1905
from pysnmp.proto.mpmod.rfc3412 import ScopedPDU, SNMPv3Message

PORT_NAME = "snmp"

V1, V2C, V3 = 0, 1, 3

# -- the MIB ----------------------------------------------------------------------------

SYSTEM = (1, 3, 6, 1, 2, 1, 1)
SNMP_ENGINE = (1, 3, 6, 1, 6, 3, 10, 2, 1)  # SNMP-FRAMEWORK-MIB: what a v3 client needs
MAX_MESSAGE_SIZE = 65507

# sysObjectID and the engine ID's enterprise: the vendor package's SNMP_OBJECT_ID and
# SNMP_ENTERPRISE (Axis 368, Hikvision 39165, a generic ONVIF camera Net-SNMP's 8072).


def sys_descr(camera):
    ident = camera.get("identity") or {}
    return "%s %s Network Camera, firmware %s, serial %s" % (
        ident.get("manufacturer", ""), ident.get("model", ""),
        ident.get("firmware", ""), ident.get("serial", ""))


def mib(camera, mod):
    """Every object served, as a sorted list of (oid, value), in the types of `mod`."""
    uptime = int((time.time() - camera.boot_time) * 100) & 0xFFFFFFFF
    objects = [
        (SYSTEM + (1, 0), mod.OctetString(sys_descr(camera))),
        (SYSTEM + (2, 0), mod.ObjectIdentifier(camera.vendor_package.SNMP_OBJECT_ID)),
        (SYSTEM + (3, 0), mod.TimeTicks(uptime)),
        (SYSTEM + (4, 0), mod.OctetString(camera.get("identity.contact", ""))),
        (SYSTEM + (5, 0), mod.OctetString(camera.get("identity.hostname", camera.id))),
        (SYSTEM + (6, 0), mod.OctetString(camera.get("identity.location", ""))),
        (SYSTEM + (7, 0), mod.Integer(72)),  # application + end-to-end layers
        (SNMP_ENGINE + (1, 0), mod.OctetString(engine_id(camera))),
        (SNMP_ENGINE + (2, 0), mod.Integer(ENGINE_BOOTS)),
        (SNMP_ENGINE + (3, 0), mod.Integer(engine_time(camera))),
        (SNMP_ENGINE + (4, 0), mod.Integer(MAX_MESSAGE_SIZE)),
    ]
    return sorted(objects)


# -- PDUs, shared by every version -------------------------------------------------------

NO_SUCH_NAME, NO_ACCESS, NOT_WRITABLE, AUTHORIZATION_ERROR = 2, 6, 17, 16
MAX_BULK_VARBINDS = 64  # a GETBULK is answered with at most this many bindings


def _lookup(objects, oid):
    for key, value in objects:
        if key == oid:
            return value
    return None


def _next(objects, oid):
    for key, value in objects:
        if key > oid:
            return key, value
    return None


def _missing(oid, objects):
    """The v2 exception for a GET of `oid`: an instance of a known object or not."""
    if any(key[:-1] == oid[:-1] for key, _ in objects):
        return rfc1905.noSuchInstance
    return rfc1905.noSuchObject


def answer_pdu(version, request, objects, may_write):
    """The response PDU for a request PDU, or None for PDUs an agent does not answer."""
    mod = api.PROTOCOL_MODULES[V1 if version == V1 else V2C]
    response = mod.apiPDU.get_response(request)
    asked = [(tuple(oid), value) for oid, value in mod.apiPDU.get_varbinds(request)]
    out = []
    if request.isSameTypeWith(mod.GetRequestPDU()):
        for i, (oid, _) in enumerate(asked):
            value = _lookup(objects, oid)
            if value is None and version == V1:
                return _v1_error(mod, response, asked, NO_SUCH_NAME, i + 1)
            out.append((oid, value if value is not None else _missing(oid, objects)))
    elif request.isSameTypeWith(mod.GetNextRequestPDU()):
        for i, (oid, _) in enumerate(asked):
            found = _next(objects, oid)
            if found is None and version == V1:
                return _v1_error(mod, response, asked, NO_SUCH_NAME, i + 1)
            out.append(found or (oid, rfc1905.endOfMibView))
    elif version != V1 and request.isSameTypeWith(mod.GetBulkRequestPDU()):
        out = _bulk(mod, request, asked, objects)
    elif request.isSameTypeWith(mod.SetRequestPDU()):
        # Nothing here is writable; which error comes back tells the write community
        # from the read one, as on a real agent.
        if version == V1:
            return _v1_error(mod, response, asked, NO_SUCH_NAME, 1)
        mod.apiPDU.set_error_status(response, NOT_WRITABLE if may_write else NO_ACCESS)
        mod.apiPDU.set_error_index(response, 1 if asked else 0)
        out = asked
    else:
        return None  # responses, traps, reports: not requests
    mod.apiPDU.set_varbinds(response, out)
    return response


def _v1_error(mod, response, asked, status, index):
    mod.apiPDU.set_error_status(response, status)
    mod.apiPDU.set_error_index(response, index)
    mod.apiPDU.set_varbinds(response, asked)
    return response


def _bulk(mod, request, asked, objects):
    non_repeaters = min(int(mod.apiBulkPDU.get_non_repeaters(request)), len(asked))
    repetitions = max(int(mod.apiBulkPDU.get_max_repetitions(request)), 0)
    out = []
    for oid, _ in asked[:non_repeaters]:
        out.append(_next(objects, oid) or (oid, rfc1905.endOfMibView))
    cursors = [oid for oid, _ in asked[non_repeaters:]]
    for _ in range(min(repetitions, MAX_BULK_VARBINDS)):
        if not cursors or len(out) + len(cursors) > MAX_BULK_VARBINDS:
            break
        row = [_next(objects, oid) or (oid, rfc1905.endOfMibView) for oid in cursors]
        out.extend(row)
        cursors = [oid for oid, _ in row]
        if all(value is rfc1905.endOfMibView for _, value in row):
            break
    return out


# -- v1 and v2c: communities -------------------------------------------------------------

def answer_community(camera, settings, version, data):
    mod = api.PROTOCOL_MODULES[version]
    message, _ = decoder.decode(data, asn1Spec=mod.Message())
    community = bytes(mod.apiMessage.get_community(message))
    read = str(settings.get("read_community") or "").encode()
    write = str(settings.get("write_community") or "").encode()
    # The write community reads too (as on real agents); any other gets silence.
    if not community or community not in (read, write):
        return None
    pdu = answer_pdu(version, mod.apiMessage.get_pdu(message), mib(camera, mod),
                     may_write=community == write)
    if pdu is None:
        return None
    reply = mod.apiMessage.get_response(message)
    mod.apiMessage.set_pdu(reply, pdu)
    return encoder.encode(reply)


# -- v3: the User-based Security Model ---------------------------------------------------

class UsmSecurityParameters(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("msgAuthoritativeEngineId", univ.OctetString()),
        namedtype.NamedType("msgAuthoritativeEngineBoots", univ.Integer().subtype(
            subtypeSpec=constraint.ValueRangeConstraint(0, 2147483647))),
        namedtype.NamedType("msgAuthoritativeEngineTime", univ.Integer().subtype(
            subtypeSpec=constraint.ValueRangeConstraint(0, 2147483647))),
        namedtype.NamedType("msgUserName", univ.OctetString().subtype(
            subtypeSpec=constraint.ValueSizeConstraint(0, 32))),
        namedtype.NamedType("msgAuthenticationParameters", univ.OctetString()),
        namedtype.NamedType("msgPrivacyParameters", univ.OctetString()),
    )


AUTH_FLAG, PRIV_FLAG, REPORTABLE_FLAG = 1, 2, 4
USM_SECURITY_MODEL = 3
TIME_WINDOW_S = 150  # RFC 3414 section 2.2.3
ENGINE_BOOTS = 1
DIGEST_LEN = 12      # HMAC-MD5-96 and HMAC-SHA-96 keep the first 96 bits
HASHES = {"MD5": hashlib.md5, "SHA": hashlib.sha1}

# usmStats objects (RFC 3414 section 5), reported when a message is refused.
USM_STATS = (1, 3, 6, 1, 6, 3, 15, 1, 1)
UNSUPPORTED_SEC_LEVELS = USM_STATS + (1, 0)
NOT_IN_TIME_WINDOWS = USM_STATS + (2, 0)
UNKNOWN_USER_NAMES = USM_STATS + (3, 0)
UNKNOWN_ENGINE_IDS = USM_STATS + (4, 0)
WRONG_DIGESTS = USM_STATS + (5, 0)
DECRYPTION_ERRORS = USM_STATS + (6, 0)


def engine_id(camera):
    """RFC 3411 SnmpEngineID, MAC-address format: stable per camera, unique per fleet."""
    enterprise = camera.vendor_package.SNMP_ENTERPRISE
    mac = bytes.fromhex(str(camera.get("identity.mac", "")).replace(":", "")) or b"\0" * 6
    return struct.pack(">I", 0x80000000 | enterprise) + b"\x03" + mac


def engine_time(camera):
    """Seconds since the agent (re)started: the clock USM's time window is about."""
    return int(time.time() - camera.boot_time) & 0x7FFFFFFF


@functools.lru_cache(maxsize=4096)
def localized_key(hash_name, password, engine):
    """RFC 3414 A.2: stretch the password over 1 MB, then bind it to the engine ID."""
    digest = HASHES[hash_name]
    pw = password.encode()
    if not pw:
        raise ValueError("empty USM password")
    repeated = (pw * (1048576 // len(pw) + 1))[:1048576]
    ku = digest(repeated).digest()
    return digest(ku + engine + ku).digest()


def _level_of(user):
    auth = str(user.get("auth_protocol", "none")).upper() in HASHES
    priv = auth and str(user.get("priv_protocol", "none")).upper() in ("AES", "DES")
    return (AUTH_FLAG if auth else 0) | (PRIV_FLAG if priv else 0)


class Usm:
    """The v3 side of one camera's agent: its counters and its salt sequence."""

    def __init__(self, camera):
        self.camera = camera
        self.stats = {}
        self.salt = int.from_bytes(os.urandom(8), "big")

    def _count(self, oid):
        self.stats[oid] = (self.stats.get(oid, 0) + 1) & 0xFFFFFFFF
        return self.stats[oid]

    def answer(self, settings, data):
        message, _ = decoder.decode(data, asn1Spec=SNMPv3Message())
        header = message["msgGlobalData"]
        flags = bytes(header["msgFlags"])[0]
        if int(header["msgSecurityModel"]) != USM_SECURITY_MODEL:
            return None
        if flags & PRIV_FLAG and not flags & AUTH_FLAG:
            return None  # invalid flag combination: dropped (snmpInvalidMsgs)
        level = flags & (AUTH_FLAG | PRIV_FLAG)
        params, _ = decoder.decode(bytes(message["msgSecurityParameters"]),
                                   asn1Spec=UsmSecurityParameters())
        msg_id = int(header["msgID"])
        user_name = bytes(params["msgUserName"])
        reportable = bool(flags & REPORTABLE_FLAG)
        plain = message["msgData"].getName() == "plaintext"
        request_id = (int(message["msgData"]["plaintext"]["data"].getComponent()[0])
                      if plain else 0)
        ours = engine_id(self.camera)

        def report(oid, user=None):
            if not reportable:
                return None
            return self._report(msg_id, request_id, oid, user_name, user)

        if bytes(params["msgAuthoritativeEngineId"]) != ours:
            return report(UNKNOWN_ENGINE_IDS)  # also the discovery step of every client
        user = next((u for u in settings.get("v3_users") or []
                     if str(u.get("name", "")).encode() == user_name), None)
        if user is None:
            return report(UNKNOWN_USER_NAMES)
        if level & ~_level_of(user):
            return report(UNSUPPORTED_SEC_LEVELS)
        keys = self._keys(user, ours)
        if level & AUTH_FLAG:
            if not self._digest_ok(data, params, keys):
                return report(WRONG_DIGESTS)
            if (int(params["msgAuthoritativeEngineBoots"]) != ENGINE_BOOTS or
                    abs(int(params["msgAuthoritativeEngineTime"]) - engine_time(self.camera))
                    > TIME_WINDOW_S):
                # Authenticated, so the client may trust our clock from this report.
                return report(NOT_IN_TIME_WINDOWS, user)
        if level & PRIV_FLAG:
            try:
                scoped = self._decrypt(keys, params, bytes(message["msgData"]["encryptedPDU"]))
            except Exception:  # noqa: BLE001 - garbage after decryption is the client's key
                return report(DECRYPTION_ERRORS)
        elif plain:
            scoped = message["msgData"]["plaintext"]
        else:
            return None
        request = scoped["data"].getComponent()
        if level != _level_of(user):
            # USM accepted it, but access control wants the user's configured level.
            pdu = api.v2c.apiPDU.get_response(request)
            api.v2c.apiPDU.set_error_status(pdu, AUTHORIZATION_ERROR)
            api.v2c.apiPDU.set_varbinds(pdu, api.v2c.apiPDU.get_varbinds(request))
        else:
            pdu = answer_pdu(V3, request, mib(self.camera, api.v2c),
                             may_write=False)
            if pdu is None:
                return None
        return self._encode(msg_id, level, user_name, keys, pdu,
                            bytes(scoped["contextName"]))

    # -- building replies ---------------------------------------------------------------
    def _report(self, msg_id, request_id, oid, user_name, user):
        pdu = api.v2c.ReportPDU()
        api.v2c.apiPDU.set_defaults(pdu)
        api.v2c.apiPDU.set_request_id(pdu, request_id)
        api.v2c.apiPDU.set_varbinds(pdu, [(oid, api.v2c.Counter32(self._count(oid)))])
        # RFC 3414 3.2: only the time-window report is authenticated.
        keys = self._keys(user, engine_id(self.camera)) if user else None
        return self._encode(msg_id, AUTH_FLAG if user else 0, user_name, keys, pdu, b"")

    def _encode(self, msg_id, level, user_name, keys, pdu, context_name):
        ours = engine_id(self.camera)
        boots, now = ENGINE_BOOTS, engine_time(self.camera)
        scoped = ScopedPDU()
        scoped["contextEngineId"] = ours
        scoped["contextName"] = context_name
        scoped["data"].setComponentByType(pdu.getTagSet(), pdu, innerFlag=True)
        message = SNMPv3Message()
        message["msgVersion"] = 3
        header = message["msgGlobalData"]
        header["msgID"] = msg_id
        header["msgMaxSize"] = MAX_MESSAGE_SIZE
        header["msgFlags"] = bytes([level])
        header["msgSecurityModel"] = USM_SECURITY_MODEL
        salt = b""
        if level & PRIV_FLAG:
            salt, sealed = self._encrypt(keys, boots, now, encoder.encode(scoped))
            message["msgData"]["encryptedPDU"] = sealed
        else:
            message["msgData"]["plaintext"] = scoped
        params = UsmSecurityParameters()
        params["msgAuthoritativeEngineId"] = ours
        params["msgAuthoritativeEngineBoots"] = boots
        params["msgAuthoritativeEngineTime"] = now
        params["msgUserName"] = user_name
        params["msgAuthenticationParameters"] = b"\0" * DIGEST_LEN if level & AUTH_FLAG else b""
        params["msgPrivacyParameters"] = salt
        encoded_params = encoder.encode(params)
        message["msgSecurityParameters"] = encoded_params
        wire = encoder.encode(message)
        if level & AUTH_FLAG:
            wire = self._sign(wire, encoded_params, keys)
        return wire

    # -- keys and crypto ----------------------------------------------------------------
    @staticmethod
    def _keys(user, engine):
        auth = str(user.get("auth_protocol", "none")).upper()
        priv = str(user.get("priv_protocol", "none")).upper()
        if auth not in HASHES:
            return None
        return {
            "hash": auth,
            "auth": localized_key(auth, str(user.get("auth_password", "")), engine),
            "cipher": priv if priv in ("AES", "DES") else None,
            "priv": (localized_key(auth, str(user.get("priv_password", "")), engine)
                     if priv in ("AES", "DES") else None),
        }

    @staticmethod
    def _mac(keys, wire):
        return hmac.new(keys["auth"], wire, HASHES[keys["hash"]]).digest()[:DIGEST_LEN]

    def _digest_ok(self, data, params, keys):
        """HMAC over the whole message with the digest field zeroed (RFC 3414 6.3.2)."""
        given = bytes(params["msgAuthenticationParameters"])
        if len(given) != DIGEST_LEN:
            return False
        # The field is located in the raw bytes, not re-encoded, so a client's BER
        # choices (long-form lengths) cannot break verification.
        field = b"\x04\x0c" + given
        at = data.find(field)
        if at < 0:
            return False
        zeroed = data[:at + 2] + b"\0" * DIGEST_LEN + data[at + 2 + DIGEST_LEN:]
        return hmac.compare_digest(self._mac(keys, zeroed), given)

    def _sign(self, wire, encoded_params, keys):
        at = wire.find(encoded_params) + encoded_params.find(b"\x04\x0c" + b"\0" * DIGEST_LEN)
        return wire[:at + 2] + self._mac(keys, wire) + wire[at + 2 + DIGEST_LEN:]

    @staticmethod
    def _cipher(keys, boots, engine_time, salt):
        if keys["cipher"] == "AES":  # RFC 3826: IV = boots | time | 64-bit salt
            iv = struct.pack(">II", boots, engine_time) + salt
            return Cipher(algorithms.AES(keys["priv"][:16]), modes.CFB(iv))
        pre_iv = keys["priv"][8:16]  # RFC 3414 8.1.1: DES-CBC, IV = pre-IV xor salt
        iv = bytes(a ^ b for a, b in zip(pre_iv, salt))
        return Cipher(TripleDES(keys["priv"][:8] * 3), modes.CBC(iv))

    def _decrypt(self, keys, params, sealed):
        salt = bytes(params["msgPrivacyParameters"])
        if len(salt) != 8 or (keys["cipher"] == "DES" and len(sealed) % 8):
            raise ValueError("bad privacy parameters")
        cipher = self._cipher(keys, int(params["msgAuthoritativeEngineBoots"]),
                              int(params["msgAuthoritativeEngineTime"]), salt)
        clear = cipher.decryptor().update(sealed)
        scoped, _ = decoder.decode(clear, asn1Spec=ScopedPDU())  # DES padding is left over
        return scoped

    def _encrypt(self, keys, boots, engine_time, clear):
        self.salt = (self.salt + 1) & 0xFFFFFFFFFFFFFFFF
        if keys["cipher"] == "AES":
            salt = self.salt.to_bytes(8, "big")
        else:
            salt = struct.pack(">II", boots, self.salt & 0xFFFFFFFF)
            clear += b"\0" * (-len(clear) % 8)
        return salt, self._cipher(keys, boots, engine_time, salt).encryptor().update(clear)


# -- the responder -------------------------------------------------------------------------

class Responder(asyncio.DatagramProtocol):
    def __init__(self, camera):
        self.camera = camera
        self.transport = None
        self.usm = Usm(camera)
        self.ignored = 0  # datagrams dropped as malformed, for debugging

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.camera.count_udp(PORT_NAME)
        try:
            reply = self.answer(data)
        except Exception:  # noqa: BLE001 - an agent drops what it cannot parse
            self.ignored += 1
            return
        if reply and self.transport is not None:
            self.transport.sendto(reply, addr)

    def answer(self, data):
        settings = self.camera.get("discovery.snmp") or {}
        stuck = self.camera.stuck_on(PORT_NAME)  # a firmware bug: v1/v2c answer anyway
        if not settings.get("enabled") and not stuck:
            return None
        version = int(api.decodeMessageVersion(data))
        if version == V1 and (settings.get("v1") or stuck) or \
                version == V2C and (settings.get("v2c") or stuck):
            return answer_community(self.camera, settings, version, data)
        if version == V3 and settings.get("v3"):
            return self.usm.answer(settings, data)
        return None
