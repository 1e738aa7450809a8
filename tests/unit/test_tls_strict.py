"""Strict X.509 verification (tls_strict) and the emulator's X.509v3 certificates.

Python 3.13's default client context verifies with OpenSSL's X509_V_FLAG_X509_STRICT; the
Transport applies the same flag on every Python when tls_strict is true (the default), so
these tests see 3.13's behaviour on the venv's Python too. One test runs the stdlib's own
3.13 default context in a subprocess, where this machine has a Python 3.13.
"""

import os
import ssl
import subprocess
import textwrap

import pytest
from cryptography import x509

from ansible_collections.camsec.ipcam.plugins.module_utils import input_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError, InputError
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport
from tests.conftest import camera_of

AXIS, HIKVISION = camera_of("axis"), camera_of("hikvision")
PARAM_CGI = "/axis-cgi/param.cgi"
BRAND = {"action": "list", "group": "root.Brand"}
PYTHON_313 = "/root/.pyenv/versions/3.13.0/bin/python3"


def served_certificate(emulator, cam):
    pem = ssl.get_server_certificate((emulator.cameras[cam]["address"], 443))
    return x509.load_pem_x509_certificate(pem.encode())


def extension(cert, kind):
    return cert.extensions.get_extension_for_class(kind)


def test_the_emulator_ca_and_camera_certificates_carry_key_identifiers(fresh_fleet):
    with open(fresh_fleet.ca_path(), "rb") as f:
        ca = x509.load_pem_x509_certificate(f.read())
    constraints = extension(ca, x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    assert extension(ca, x509.KeyUsage).value.key_cert_sign
    ca_ski = extension(ca, x509.SubjectKeyIdentifier).value.digest

    cert = served_certificate(fresh_fleet, AXIS)
    assert cert.version == x509.Version.v3
    aki = extension(cert, x509.AuthorityKeyIdentifier)
    assert not aki.critical and aki.value.key_identifier == ca_ski
    assert extension(cert, x509.SubjectKeyIdentifier).value.digest != ca_ski
    assert not extension(cert, x509.BasicConstraints).value.ca


def test_strict_verification_accepts_the_emulator_certificates(fresh_fleet, make_transport):
    t = make_transport(AXIS)
    assert t.tls_strict is True
    assert t.request("GET", PARAM_CGI, params=BRAND).status_code == 200


def test_a_certificate_strict_checks_reject_names_the_reason_and_tls_strict(
        fresh_fleet, make_transport):
    fresh_fleet.control.faults(HIKVISION, legacy_certificate=True)
    cert = served_certificate(fresh_fleet, HIKVISION)
    with pytest.raises(x509.ExtensionNotFound):
        extension(cert, x509.AuthorityKeyIdentifier)
    t = make_transport(HIKVISION)
    with pytest.raises(CameraError) as err:
        t.request("GET", "/ISAPI/System/deviceInfo", call="ISAPI deviceInfo")
    text = str(err.value)
    assert HIKVISION in text and "ISAPI deviceInfo" in text
    assert "Missing Authority Key Identifier" in text
    assert "tls_strict: false" in text and "ipcam_tls_strict" in text
    assert "set ca_path" not in text, "the CA is right: the ca_path hint would mislead"
    assert len(t.calls) == 1, "a certificate failure is not retried"
    assert fresh_fleet.control.counters(HIKVISION)["requests"] == 0


def test_tls_strict_false_verifies_such_a_certificate_without_the_strict_checks(
        fresh_fleet, make_transport):
    fresh_fleet.control.faults(HIKVISION, legacy_certificate=True)
    t = make_transport(HIKVISION, tls_strict=False)
    assert t.request("GET", "/ISAPI/System/deviceInfo").status_code == 200


def test_tls_strict_false_still_refuses_an_untrusted_certificate(fresh_fleet, make_transport):
    fresh_fleet.control.faults(HIKVISION, legacy_certificate=True)
    t = make_transport(HIKVISION, tls_strict=False, ca_path=None)
    with pytest.raises(CameraError) as err:
        t.request("GET", "/ISAPI/System/deviceInfo", call="ISAPI deviceInfo")
    assert "set ca_path" in str(err.value) and "tls_strict" not in str(err.value)


@pytest.mark.skipif(not os.path.exists(PYTHON_313), reason="no Python 3.13 at " + PYTHON_313)
def test_python_3_13_default_context_accepts_the_emulator_and_names_a_legacy_certificate(
        fresh_fleet):
    """The stdlib's own 3.13 default client context (strict), in a 3.13 subprocess."""
    fresh_fleet.control.faults(HIKVISION, legacy_certificate=True)
    script = textwrap.dedent("""
        import socket, ssl, sys
        ctx = ssl.create_default_context(cafile=sys.argv[1])
        assert ctx.verify_flags & ssl.VERIFY_X509_STRICT
        for address in sys.argv[2:]:
            try:
                with socket.create_connection((address, 443), timeout=5) as raw:
                    with ctx.wrap_socket(raw, server_hostname=address) as tls:
                        print(address, "verified", tls.version())
            except ssl.SSLCertVerificationError as exc:
                print(address, "rejected", exc.verify_message)
    """)
    out = subprocess.run(
        [PYTHON_313, "-c", script, fresh_fleet.ca_path(),
         fresh_fleet.cameras[AXIS]["address"], fresh_fleet.cameras[HIKVISION]["address"]],
        capture_output=True, text=True, timeout=60, check=True).stdout.splitlines()
    assert out[0].startswith(fresh_fleet.cameras[AXIS]["address"] + " verified TLSv1.")
    assert out[1] == fresh_fleet.cameras[HIKVISION]["address"] + \
        " rejected Missing Authority Key Identifier"


def test_a_ca_path_that_does_not_exist_is_refused_naming_the_host_var(tmp_path):
    missing = str(tmp_path / "camera-ca.pem")
    with pytest.raises(InputError) as err:
        input_checks.check_ca_path(missing)
    assert "ipcam_ca_path" in str(err.value) and missing in str(err.value)
    input_checks.check_ca_path(None)
    (tmp_path / "camera-ca.pem").write_text("x")
    input_checks.check_ca_path(missing)
