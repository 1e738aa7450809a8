# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""RSA encryption with PKCS#1 v1.5 padding (RFC 8017 7.2.1), as SUNAPI wants a password
sent: encrypted with the key of security.cgi?msubmenu=rsa (or pw_init's statuscheck),
then base64. Pure Python, so the controller needs no cryptography library for it: only
the public-key operation is done here, never a decryption, and the padding bytes come
from os.urandom.

Keys are PEM, either PKCS#1 ("BEGIN RSA PUBLIC KEY", SUNAPI's default) or X.509
SubjectPublicKeyInfo ("BEGIN PUBLIC KEY", PublicKeyFormat=X509). SUNAPI's own example
replies write the armour with four dashes on one side ("-----BEGIN RSA PUBLIC KEY----"):
the armour is found by its words, not by counting dashes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import os
import re

_ARMOUR = re.compile(r"-+\s*BEGIN ([A-Z ]*?)\s*-+(.*?)-+\s*END \1\s*-+", re.DOTALL)
RSA_OID = b"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"  # 1.2.840.113549.1.1.1 rsaEncryption


class KeyError_(ValueError):
    """The text is not an RSA public key this module can read."""


def _der_item(data, pos):
    """(tag, content bytes, position after the item) of the DER item at `pos`."""
    if pos + 2 > len(data):
        raise KeyError_("truncated DER")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7f
        if count == 0 or count > 4 or pos + count > len(data):
            raise KeyError_("bad DER length")
        length = int(binascii.hexlify(data[pos:pos + count]), 16)
        pos += count
    if pos + length > len(data):
        raise KeyError_("truncated DER")
    return tag, data[pos:pos + length], pos + length


def _rsa_public_key(der):
    """(n, e) of a PKCS#1 RSAPublicKey: SEQUENCE { INTEGER n, INTEGER e }."""
    tag, seq, _end = _der_item(der, 0)
    if tag != 0x30:
        raise KeyError_("not a SEQUENCE")
    tag, n, pos = _der_item(seq, 0)
    tag_e, e, _pos = _der_item(seq, pos)
    if tag != 0x02 or tag_e != 0x02:
        raise KeyError_("not an RSAPublicKey")
    return int(binascii.hexlify(n), 16), int(binascii.hexlify(e), 16)


def _spki(der):
    """(n, e) of a SubjectPublicKeyInfo holding an rsaEncryption key."""
    tag, seq, _end = _der_item(der, 0)
    if tag != 0x30:
        raise KeyError_("not a SEQUENCE")
    tag, algorithm, pos = _der_item(seq, 0)
    if tag != 0x30 or RSA_OID not in algorithm:
        raise KeyError_("not an RSA key")
    tag, bits, _pos = _der_item(seq, pos)
    if tag != 0x03 or not bits or bits[0:1] != b"\x00":
        raise KeyError_("no key BIT STRING")
    return _rsa_public_key(bits[1:])


def public_key(pem):
    """(n, e) of a PEM public key (PKCS#1 or X.509 SubjectPublicKeyInfo)."""
    match = _ARMOUR.search((pem or "").replace("\\n", "\n"))
    if not match:
        raise KeyError_("no PEM armour")
    kind, body = match.group(1), re.sub(r"\s+", "", match.group(2))
    try:
        der = base64.b64decode(body.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeError):
        raise KeyError_("the key is not base64")
    n, e = _spki(der) if kind == "PUBLIC KEY" else _rsa_public_key(der)
    if n.bit_length() < 1024 or e < 3:
        raise KeyError_("a %d-bit key is too weak to send a password with" % n.bit_length())
    return n, e


def encrypt(pem, message):
    """base64 of the PKCS#1 v1.5 encryption of `message` (str or bytes) under `pem`."""
    n, e = public_key(pem)
    data = message.encode("utf-8") if not isinstance(message, bytes) else message
    size = (n.bit_length() + 7) // 8
    if len(data) > size - 11:
        raise ValueError("a %d-byte secret is too long for a %d-bit key" % (len(data), size * 8))
    padding = b""
    while len(padding) < size - 3 - len(data):
        padding += bytes(b for b in bytearray(os.urandom(size)) if b)  # nonzero bytes only
    block = b"\x00\x02" + padding[:size - 3 - len(data)] + b"\x00" + data
    cipher = pow(int(binascii.hexlify(block), 16), e, n)
    raw = binascii.unhexlify("%0*x" % (size * 2, cipher))
    return base64.b64encode(raw).decode("ascii")
