"""Hanwha SUNAPI pieces that need no camera: the RSA encryption SUNAPI asks passwords in
(checked by decrypting with the cryptography library, as the emulator does), and the
reading of SUNAPI's two reply formats (JSON and key=value text) and its failures, on the
documented replies (tests/emulator/vendors/hanwha/profiles.md)."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha import accounts, rsa_pkcs1
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha.sunapi import (
    failure_of, parse_text)

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(fmt):
    return KEY.public_key().public_bytes(serialization.Encoding.PEM, fmt).decode()


def decrypt(b64):
    return KEY.decrypt(base64.b64decode(b64), padding.PKCS1v15()).decode("utf-8")


@pytest.mark.parametrize("fmt", [serialization.PublicFormat.PKCS1,
                                 serialization.PublicFormat.SubjectPublicKeyInfo])
def test_encrypts_with_either_key_format(fmt):
    assert decrypt(rsa_pkcs1.encrypt(pem(fmt), "pässword-1")) == "pässword-1"


def test_reads_the_key_as_sunapi_prints_it():
    # SUNAPI's example replies: four dashes closing the BEGIN line, and the JSON form's
    # escaped newlines.
    text = pem(serialization.PublicFormat.PKCS1).replace("KEY-----\n", "KEY----\n", 1)
    assert decrypt(rsa_pkcs1.encrypt(text, "x")) == "x"
    assert decrypt(rsa_pkcs1.encrypt(text.replace("\n", "\\n"), "y")) == "y"


def test_padding_is_random():
    key = pem(serialization.PublicFormat.PKCS1)
    assert rsa_pkcs1.encrypt(key, "same") != rsa_pkcs1.encrypt(key, "same")


def test_refuses_weak_keys_and_garbage():
    # A 512-bit RSAPublicKey, DER by hand (libraries refuse to make one).
    n = (1 << 511) | 12345
    n_bytes = b"\x00" + n.to_bytes(64, "big")
    body = b"\x02" + bytes([len(n_bytes)]) + n_bytes + b"\x02\x03\x01\x00\x01"
    der = b"\x30" + bytes([len(body)]) + body
    weak_pem = "-----BEGIN RSA PUBLIC KEY-----\n%s\n-----END RSA PUBLIC KEY-----\n" % (
        base64.b64encode(der).decode())
    with pytest.raises(ValueError):
        rsa_pkcs1.encrypt(weak_pem, "secret")
    with pytest.raises(ValueError):
        rsa_pkcs1.encrypt("PublicKey=", "secret")
    with pytest.raises(ValueError):
        rsa_pkcs1.encrypt(pem(serialization.PublicFormat.PKCS1), "x" * 300)  # too long


def test_failures_in_both_formats():
    json_fail = {"Response": "Fail", "Error": {"Code": 600, "Details": "Submenu Not Found"}}
    assert failure_of(json_fail) == (600, "Submenu Not Found")
    assert failure_of("NG\nError Code: 604\nError Details:\nInvalid Input Value(s)\n") == \
        (604, "Invalid Input Value(s)")
    assert failure_of({"Response": "Success"}) is None
    assert failure_of({"Policy": "HTTP"}) is None
    assert failure_of("Policy=HTTP\n") is None


def test_text_replies_as_flat_dicts():
    text = ('"Users.Index=UserID/Password/Enable"\nVersion1=False\nVersion2=True\n'
            "ReadCommunity=public\n\nno equals sign\n")
    assert parse_text(text) == {"Version1": "False", "Version2": "True",
                                "ReadCommunity": "public"}


def test_users_of_a_text_reply_as_the_security_chapter_shows_them():
    text = ('"Users.Index=UserID/Password/Enable/VideoProfileAccess/PTZAccess/AudioInAccess/'
            'AudioOutAccess/AlarmOutputAccess/AdminAccess/PrivacyAreaAccess"\n'
            "Users.0=admin//True/True/True/True/True/True/True/True\n"
            "Users.1=user1//False/False/False/False/False/False/False/False\n")
    users = accounts._text_users(parse_text(text))
    assert [(u["UserID"], u["Index"], accounts.role_of(u)) for u in users] == \
        [("admin", 0, "admin"), ("user1", 1, "viewer")]
