"""The emulator's HTTPS listeners: which TLS versions they accept and what certificate they
serve, as the state says (network.https.tls_versions, network.https.cert_days), checked
with a third-party client (the `openssl s_client` command) and with Python's ssl.

Each client offers one version only and lowers its own security level to 0, so that a
refusal is the camera's doing: OpenSSL 3 does not even offer TLSv1/1.1 above level 0.
"""

import re
import shutil
import socket
import ssl
import subprocess
import time
import warnings

import pytest
from tests.conftest import camera_of

CAM = camera_of("hikvision")
ALL_VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
S_CLIENT_FLAG = {"TLSv1": "-tls1", "TLSv1.1": "-tls1_1", "TLSv1.2": "-tls1_2",
                 "TLSv1.3": "-tls1_3"}
PY_VERSION = {"TLSv1": ssl.TLSVersion.TLSv1, "TLSv1.1": ssl.TLSVersion.TLSv1_1,
              "TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}
TIMEOUT_S = 10
DAY_S = 86400


@pytest.fixture(scope="module")
def openssl():
    path = shutil.which("openssl")
    if path is None:
        pytest.fail("the openssl command-line tool is needed as the third-party TLS client")
    return path


def address(emu, cam=CAM):
    return emu.cameras[cam]["address"]


def s_client(openssl, emu, version, cam=CAM):
    """One `openssl s_client` handshake at `version`: (negotiated version or None,
    verify result line, the whole output)."""
    cmd = [openssl, "s_client", "-connect", "%s:443" % address(emu, cam), S_CLIENT_FLAG[version],
           "-cipher", "ALL:@SECLEVEL=0", "-CAfile", emu.ca_path()]
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT_S)
    out = done.stdout + done.stderr
    # "New, <version>, Cipher is X" says whether a handshake completed (X is "(NONE)"
    # if not); up to TLS 1.2 its version is the cipher's own (TLSv1.0 for a TLS 1.1
    # session), so the session block's "Protocol" line, printed then, says which it was.
    new = re.search(r"^New, (\S+), Cipher is (\S+)", out, re.M)
    protocol = re.search(r"^\s+Protocol\s+: (\S+)", out, re.M)
    verify = re.search(r"Verify return code: (\d+ \([^)]*\))", out)
    negotiated = None
    if new and new.group(2) != "(NONE)":
        negotiated = protocol.group(1) if protocol else new.group(1)
    return negotiated, verify.group(1) if verify else None, out


def py_handshake(emu, version, cam=CAM):
    """Python's ssl, pinned to `version`: the negotiated version, or the SSLError."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(emu.ca_path())
    ctx.set_ciphers("ALL:@SECLEVEL=0")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # TLSv1/1.1 on purpose
        ctx.minimum_version = ctx.maximum_version = PY_VERSION[version]
    try:
        with socket.create_connection((address(emu, cam), 443), TIMEOUT_S) as raw:
            with ctx.wrap_socket(raw, server_hostname=address(emu, cam)) as tls:
                return tls.version()
    except ssl.SSLError as exc:
        return exc


def peer_certificate(emu, cam=CAM):
    """The decoded certificate, verified against the fleet CA (or the verification error)."""
    ctx = ssl.create_default_context(cafile=emu.ca_path())
    try:
        with socket.create_connection((address(emu, cam), 443), TIMEOUT_S) as raw:
            with ctx.wrap_socket(raw, server_hostname=address(emu, cam)) as tls:
                return tls.getpeercert()
    except ssl.SSLCertVerificationError as exc:
        return exc


def offered(openssl, emu, cam=CAM):
    """{version: negotiated by s_client, negotiated by Python} for every version."""
    out = {}
    for version in ALL_VERSIONS:
        negotiated, verify, text = s_client(openssl, emu, version, cam)
        py = py_handshake(emu, version, cam)
        out[version] = (negotiated, py if isinstance(py, str) else None)
        if negotiated:
            assert verify == "0 (ok)", text
    return out


def accepted(found):
    both = [v for v, (s, p) in found.items() if s == v and p == v]
    assert all((s == v) == (p == v) for v, (s, p) in found.items()), found  # clients agree
    return both


def test_default_camera_offers_tls_1_2_and_1_3_only(fresh_fleet, openssl):
    state = fresh_fleet.control.state(CAM)["network"]["https"]
    assert state["tls_versions"] == ["TLSv1.2", "TLSv1.3"] and state["cert_days"] == 365
    found = offered(openssl, fresh_fleet)
    assert accepted(found) == ["TLSv1.2", "TLSv1.3"]
    # the refusal is the camera's: s_client did send its TLSv1 ClientHello (the emulator,
    # as asyncio does, closes the connection without an alert)
    _, _, text = s_client(openssl, fresh_fleet, "TLSv1")
    sent = re.search(r"SSL handshake has read (\d+) bytes and written (\d+) bytes", text)
    assert "no protocols available" not in text and int(sent.group(2)) > 0, text


def test_secure_preset_offers_the_same(fresh_fleet, openssl):
    fresh_fleet.control.preset(CAM, "secure")
    assert fresh_fleet.control.state(CAM)["network"]["https"]["tls_versions"] == [
        "TLSv1.2", "TLSv1.3"]
    assert accepted(offered(openssl, fresh_fleet)) == ["TLSv1.2", "TLSv1.3"]


def test_drift_to_old_versions_and_back(fresh_fleet, openssl):
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": ALL_VERSIONS})
    assert accepted(offered(openssl, fresh_fleet)) == ALL_VERSIONS
    # the other cameras keep their own contexts
    assert accepted(offered(openssl, fresh_fleet, camera_of("axis"))) == ["TLSv1.2", "TLSv1.3"]
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": ["TLSv1.2", "TLSv1.3"]})
    assert accepted(offered(openssl, fresh_fleet)) == ["TLSv1.2", "TLSv1.3"]


def test_versions_with_a_gap_and_tls_1_3_only(fresh_fleet, openssl):
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": ["TLSv1", "TLSv1.2"]})
    assert accepted(offered(openssl, fresh_fleet)) == ["TLSv1", "TLSv1.2"]
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": ["TLSv1.3"]})
    assert accepted(offered(openssl, fresh_fleet)) == ["TLSv1.3"]


def test_certificate_validity_follows_cert_days(fresh_fleet, openssl):
    cert = peer_certificate(fresh_fleet)
    days = (ssl.cert_time_to_seconds(cert["notAfter"]) - time.time()) / DAY_S
    assert 364 < days <= 365  # a fresh fleet's certificate (made this session)
    assert ("IP Address", address(fresh_fleet)) in cert["subjectAltName"]

    fresh_fleet.control.drift(CAM, {"network.https.cert_days": 10})
    cert = peer_certificate(fresh_fleet)
    days = (ssl.cert_time_to_seconds(cert["notAfter"]) - time.time()) / DAY_S
    assert 9.9 < days <= 10
    # openssl's own reading of the served certificate: expires within 10 days, not 9
    _, verify, text = s_client(openssl, fresh_fleet, "TLSv1.3")
    assert verify == "0 (ok)", text
    pem = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", text, re.S)
    check = [openssl, "x509", "-noout", "-checkend"]
    ten = subprocess.run(check + [str(10 * DAY_S)], input=pem.group(0), capture_output=True,
                         text=True, timeout=TIMEOUT_S)
    nine = subprocess.run(check + [str(9 * DAY_S)], input=pem.group(0), capture_output=True,
                          text=True, timeout=TIMEOUT_S)
    assert ten.returncode == 1 and "will expire" in ten.stdout
    assert nine.returncode == 0 and "will not expire" in nine.stdout


def test_expired_certificate(fresh_fleet, openssl):
    fresh_fleet.control.drift(CAM, {"network.https.cert_days": -3})
    error = peer_certificate(fresh_fleet)
    assert isinstance(error, ssl.SSLCertVerificationError)
    assert error.verify_message == "certificate has expired"
    _, verify, text = s_client(openssl, fresh_fleet, "TLSv1.2")
    assert verify == "10 (certificate has expired)", text
    fresh_fleet.control.drift(CAM, {"network.https.cert_days": 365})
    assert isinstance(peer_certificate(fresh_fleet), dict)
