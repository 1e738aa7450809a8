"""The TLS probe (plugins/module_utils/probe_tls.py, service "tls" of probes.py) against
the emulator's HTTPS listeners and a few local servers of the test's own: the versions a
camera accepts, its certificate (trusted or not, its dates, its names), a closed port, a
port that is not TLS, and a listener that accepts and never answers (the time bound).
"""

import datetime
import os
import socket
import socketserver
import ssl
import threading
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.camsec.ipcam.plugins.module_utils import probe_tls, probes
from tests.conftest import camera_of, cameras_of

CAMERAS = cameras_of()  # every registered vendor
CAM = camera_of("axis")
MODERN = {"TLSv1": False, "TLSv1.1": False, "TLSv1.2": True, "TLSv1.3": True}
EVERY = {"TLSv1": True, "TLSv1.1": True, "TLSv1.2": True, "TLSv1.3": True}
QUICK = 1.0
MARGIN = 0.8  # wall-time bounds, with room for a busy machine


def address(emu, cam=CAM):
    return emu.cameras[cam]["address"]


def probe_tls_of(host, timeout=QUICK, **options):
    found = probes.run(host, probes.settings(services=["tls"], timeout=timeout, **options))
    assert found["probed"] == ["tls"] and found["answering"] == []  # "answering" is UDP's
    return found["tls"], found["elapsed_s"]


def open_fds():
    return len(os.listdir("/proc/self/fd"))


# -- the emulator's cameras -----------------------------------------------------------------

@pytest.mark.parametrize("cam", CAMERAS)
def test_default_camera_offers_tls_1_2_and_1_3_with_a_trusted_certificate(fresh_fleet, cam):
    tls, _ = probe_tls_of(address(fresh_fleet, cam), ca_path=fresh_fleet.ca_path())
    assert tls["answered"] is True and tls["error"] is None
    assert tls["port"] == 443 and tls["versions"] == MODERN and tls["untestable"] == []
    assert tls["oldest"] == "TLSv1.2"
    assert tls["attempts"]["TLSv1.3"].startswith("accepted (TLS_")
    assert tls["attempts"]["TLSv1"] != "connection refused"  # the port answered, TLSv1 not
    cert = tls["certificate"]
    assert cert["subject"] == "CN=%s" % cam and cert["issuer"] == "CN=camera-emulator CA"
    assert cert["verified"] is True and cert["verify_error"] is None
    assert cert["hostname_ok"] is True and cert["self_signed"] is False
    assert cert["source"] == "verified handshake"
    assert cert["names"] == ["DNS:%s" % cam, "IP:%s" % address(fresh_fleet, cam)]
    assert 364 <= cert["days_left"] <= 365 and cert["expires_soon"] is False
    after = datetime.datetime.strptime(cert["not_after"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs((after - datetime.datetime.utcnow()).days - 365) <= 1
    assert len(cert["sha256"].split(":")) == 32


def test_camera_drifted_to_tls_1_0_and_1_1(fresh_fleet):
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": list(EVERY)})
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    assert tls["versions"] == EVERY and tls["oldest"] == "TLSv1"
    assert all(a.startswith("accepted") for a in tls["attempts"].values())
    assert tls["certificate"]["verified"] is True
    # and only that camera
    other, _ = probe_tls_of(address(fresh_fleet, camera_of("hikvision")), ca_path=fresh_fleet.ca_path())
    assert other["versions"] == MODERN


def test_camera_with_tls_1_3_only(fresh_fleet):
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": ["TLSv1.3"]})
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    assert tls["versions"] == {"TLSv1": False, "TLSv1.1": False, "TLSv1.2": False,
                               "TLSv1.3": True}
    assert tls["oldest"] == "TLSv1.3" and tls["certificate"]["verified"] is True


def test_camera_with_tls_1_0_only(fresh_fleet):
    """The controller's usual settings (TLS 1.2 at least) get no handshake, so the
    certificate cannot be checked; it is still read from the TLSv1 handshake."""
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": ["TLSv1"]})
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    assert tls["answered"] is True and tls["oldest"] == "TLSv1"
    assert tls["versions"] == {"TLSv1": True, "TLSv1.1": False, "TLSv1.2": False,
                               "TLSv1.3": False}
    cert = tls["certificate"]
    assert cert["verified"] is False and cert["source"] == "TLSv1 handshake (not verified)"
    assert cert["verify_error"].startswith(
        "not checked: no handshake with this controller's default TLS settings (")
    assert cert["subject"] == "CN=%s" % CAM and 364 <= cert["days_left"] <= 365


def test_certificate_that_expires_in_10_days(fresh_fleet):
    fresh_fleet.control.drift(CAM, {"network.https.cert_days": 10})
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    cert = tls["certificate"]
    assert cert["verified"] is True and 9 <= cert["days_left"] <= 10
    assert cert["expires_soon"] is True and tls["cert_min_days"] == 30
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path(), cert_min_days=5)
    assert tls["certificate"]["expires_soon"] is False and tls["cert_min_days"] == 5


def test_expired_certificate_still_shows_its_dates(fresh_fleet):
    fresh_fleet.control.drift(CAM, {"network.https.cert_days": -3})
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    cert = tls["certificate"]
    assert tls["answered"] is True and tls["versions"] == MODERN
    assert cert["verified"] is False and cert["verify_error"] == "certificate has expired"
    assert -4 <= cert["days_left"] <= -3 and cert["expires_soon"] is True
    assert cert["source"] == "TLSv1.3 handshake (not verified)"


def test_untrusted_certificate_reports_why_and_still_its_dates(fresh_fleet):
    """No ca_path: the system CAs do not know the fleet's CA."""
    tls, _ = probe_tls_of(address(fresh_fleet))
    cert = tls["certificate"]
    assert tls["answered"] is True and tls["error"] is None and tls["versions"] == MODERN
    assert cert["verified"] is False
    # the camera sends its CA along, which the system CAs do not know
    assert cert["verify_error"] == "self-signed certificate in certificate chain"
    assert cert["self_signed"] is False
    assert cert["source"] == "TLSv1.3 handshake (not verified)"
    assert 364 <= cert["days_left"] <= 365 and cert["not_before"] < cert["not_after"]
    assert cert["subject"] == "CN=%s" % CAM and cert["hostname_ok"] is True


def port_closed(host, port):
    try:
        socket.create_connection((host, port), 1).close()
        return False
    except ConnectionRefusedError:
        return True


def test_https_switched_off_is_a_quick_closed_port(fresh_fleet):
    fresh_fleet.control.drift(CAM, {"network.https.enabled": False})
    deadline = time.monotonic() + 5  # the emulator closes the listener right after the reply
    while not port_closed(address(fresh_fleet), 443) and time.monotonic() < deadline:
        time.sleep(0.02)
    tls, elapsed = probe_tls_of(address(fresh_fleet), timeout=3.0,
                                ca_path=fresh_fleet.ca_path())
    assert tls["answered"] is False and tls["certificate"] is None and tls["oldest"] is None
    assert tls["error"] == "connection refused on TCP port 443"
    assert tls["versions"] == dict.fromkeys(EVERY, False)
    assert elapsed < 1.0  # refused at once: no waiting for the 3 s timeout


# -- servers of the test's own ----------------------------------------------------------------

class SilentServer(socketserver.ThreadingTCPServer):
    """Accepts connections and never says a word; keeps what each client sent."""
    daemon_threads = True

    def __init__(self):
        self.received = []
        self.release = threading.Event()
        super().__init__(("127.0.0.1", 0), SilentHandler)


class SilentHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.settimeout(10)
        data = b""
        try:
            while True:
                chunk = self.request.recv(4096)
                if not chunk:
                    break
                data += chunk
        except OSError:
            pass
        self.server.received.append(data)


@pytest.fixture
def silent_server():
    server = SilentServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_every_handshake_stops_at_the_timeout_and_one_grace(silent_server):
    """A server that accepts and never answers: each handshake gets the timeout and then
    its one grace period (the connection was accepted, so under load the wait may be
    the CPU's), and stops there: one ClientHello per handshake, never a second one."""
    port = silent_server.server_address[1]
    fds = open_fds()
    started = time.monotonic()
    tls, _ = probe_tls_of("127.0.0.1", timeout=QUICK, tls_port=port)
    elapsed = time.monotonic() - started
    assert 2 * QUICK <= elapsed < 2 * QUICK + probes.PASS_MARGIN_S + MARGIN
    assert tls["answered"] is False and tls["certificate"] is None
    assert tls["error"] == ("no TLS handshake completed on TCP port %d within 1.0 s and 1.0 s "
                            "of grace (no answer)" % port)
    assert set(tls["attempts"].values()) == {"no answer within the timeout and 1.0 s of grace"}
    assert tls["ended_by"] == "deadline" and tls["graced"] == 0
    # every socket was closed before run() returned: the server sees 5 ends of stream
    # (4 versions and the verifying handshake), each after a ClientHello
    deadline = time.monotonic() + 5
    while len(silent_server.received) < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(silent_server.received) == 5
    assert all(data[:1] == b"\x16" for data in silent_server.received)  # TLS handshake record
    while open_fds() != fds and time.monotonic() < deadline:
        time.sleep(0.02)  # the server's own handler threads close their ends
    assert open_fds() == fds


class PlainHttpHandler(socketserver.BaseRequestHandler):
    """What a plain HTTP server says to a ClientHello."""

    def handle(self):
        self.request.settimeout(5)
        try:
            self.request.recv(4096)
            self.request.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
        except OSError:
            pass


def test_a_port_that_speaks_plain_http_is_not_tls():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), PlainHttpHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        tls, elapsed = probe_tls_of("127.0.0.1", timeout=3.0, tls_port=port)
    finally:
        server.shutdown()
        server.server_close()
    assert tls["answered"] is False and tls["port"] == port and tls["certificate"] is None
    assert tls["error"] == ("no TLS handshake completed on TCP port %d: refused: "
                            "WRONG_VERSION_NUMBER" % port)
    assert elapsed < 1.0  # an answer, if not TLS: no waiting for the timeout


def make_self_signed(tmp_path, name):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test, Inc.")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=40))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    path = tmp_path / "self-signed.pem"
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
                     + cert.public_bytes(serialization.Encoding.PEM))
    return str(path)


@pytest.fixture
def self_signed_server(tmp_path):
    """A TLS server (TLS 1.2 and 1.3) with a self-signed certificate for other.example."""
    server = serve_tls(tmp_path, "other.example")
    yield server.server_address[1]
    server.shutdown()


def serve_tls(tmp_path, name, before_handshake=None):
    """A threaded TLS server with a self-signed certificate for `name`, on a loopback port;
    `before_handshake()` runs on each accepted connection first. The caller shuts it down."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(make_self_signed(tmp_path, name))

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            if before_handshake is not None:
                before_handshake()
            self.request.settimeout(5)
            try:
                with ctx.wrap_socket(self.request, server_side=True) as tls:
                    tls.recv(1)
            except OSError:
                pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
    server.server_close()


def test_self_signed_certificate_for_another_name(self_signed_server):
    tls, _ = probe_tls_of("127.0.0.1", timeout=2.0, tls_port=self_signed_server)
    cert = tls["certificate"]
    assert tls["answered"] is True and tls["versions"] == MODERN
    assert cert["self_signed"] is True and cert["verified"] is False
    assert cert["verify_error"] == "self-signed certificate"
    assert cert["hostname_ok"] is False and cert["names"] == ["DNS:other.example"]
    assert cert["subject"] == cert["issuer"] == "O=Test\\, Inc.,CN=other.example"
    assert 39 <= cert["days_left"] <= 40 and cert["expires_soon"] is False


# -- what this controller can offer -------------------------------------------------------------

def test_this_controller_offers_every_version():
    assert [probe_tls.cannot_offer(v) for v in probe_tls.VERSIONS] == [None] * 4


def test_a_version_the_controller_cannot_offer_is_untestable_not_refused(fresh_fleet, monkeypatch):
    """A TLS library with no cipher usable at TLSv1/1.1 (all of theirs use SHA-1 MACs; a
    policy that forbids SHA-1, like Python's own default cipher list, removes them) never
    sends their ClientHello: the probe must say "untestable here" rather than "the camera
    refuses them"."""
    monkeypatch.setattr(probe_tls, "ANY_CIPHER", "ECDHE+AESGCM")
    monkeypatch.setattr(probe_tls, "_local_support", {})
    monkeypatch.setattr(probe_tls, "_version_contexts", {})  # made anew with the cipher list above
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": list(EVERY)})
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    assert tls["versions"] == {"TLSv1": None, "TLSv1.1": None, "TLSv1.2": True, "TLSv1.3": True}
    assert tls["untestable"] == ["TLSv1", "TLSv1.1"] and tls["oldest"] == "TLSv1.2"
    assert "will not offer TLSv1" in tls["attempts"]["TLSv1"]
    assert "NO_CIPHERS_AVAILABLE" in tls["attempts"]["TLSv1"]


def test_a_camera_answer_the_controller_refuses_still_shows_the_version(fresh_fleet, monkeypatch):
    """At level 1 OpenSSL 3 offers TLSv1 but then refuses the SHA-1 signature of the
    camera's key exchange (as a crypto-policy can at any level): the camera did accept
    TLSv1, and the probe must not call it refused."""
    monkeypatch.setattr(probe_tls, "ANY_CIPHER", "DEFAULT:@SECLEVEL=1")
    monkeypatch.setattr(probe_tls, "_local_support", {})
    monkeypatch.setattr(probe_tls, "_version_contexts", {})  # made anew with the cipher list above
    fresh_fleet.control.drift(CAM, {"network.https.tls_versions": ["TLSv1", "TLSv1.2"]})
    tls, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    assert tls["untestable"] == []
    assert tls["versions"] == {"TLSv1": True, "TLSv1.1": False, "TLSv1.2": True, "TLSv1.3": False}
    assert tls["oldest"] == "TLSv1"
    assert tls["attempts"]["TLSv1"].startswith("accepted by the camera, which answered at TLSv1")
    assert "LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED" in tls["attempts"]["TLSv1"]
    assert tls["attempts"]["TLSv1.2"].startswith("accepted (")
    assert tls["certificate"]["verified"] is True


# -- reading certificates without the cryptography package ---------------------------------------

def test_verified_certificate_read_from_ssl_decoded_form(fresh_fleet, monkeypatch):
    with_crypto, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    monkeypatch.setattr(probe_tls, "HAS_CRYPTOGRAPHY", False)
    without, _ = probe_tls_of(address(fresh_fleet), ca_path=fresh_fleet.ca_path())
    same = ("subject", "issuer", "not_before", "not_after", "days_left", "names",
            "self_signed", "hostname_ok", "verified", "sha256")
    assert dict((k, without["certificate"][k]) for k in same) == \
        dict((k, with_crypto["certificate"][k]) for k in same)


def test_unverified_certificate_needs_cryptography(fresh_fleet, monkeypatch):
    monkeypatch.setattr(probe_tls, "HAS_CRYPTOGRAPHY", False)
    tls, _ = probe_tls_of(address(fresh_fleet))
    assert tls["answered"] is True and tls["versions"] == MODERN
    assert tls["certificate"] is None and "cryptography" in tls["error"]


# -- names and settings --------------------------------------------------------------------------

@pytest.mark.parametrize("host,dns,ips,expected", [
    ("cam1.site.example", ["CAM1.site.example."], [], True),
    ("cam1.site.example", ["*.site.example"], [], True),
    ("a.cam1.site.example", ["*.site.example"], [], False),  # one label only
    ("site.example", ["*.site.example"], [], False),
    ("cam1.site.example", ["cam2.site.example"], ["10.0.0.1"], False),
    ("10.0.0.1", ["10.0.0.1"], [], False),  # an address only matches an IP entry
    ("10.0.0.1", [], ["10.0.0.1"], True),
    ("2001:db8::1", [], ["2001:DB8:0:0:0:0:0:1"], True),
])
def test_hostname_matches(host, dns, ips, expected):
    assert probe_tls.hostname_matches(host, dns, ips) is expected


def test_settings_from_module_params():
    config = probes.settings_from_params({"services": ["tls"], "tls_port": 8443,
                                          "cert_min_days": 60}, ca_path="/etc/site-ca.pem")
    assert config["tls_port"] == 8443 and config["cert_min_days"] == 60
    assert config["ca_path"] == "/etc/site-ca.pem" and config["services"] == ["tls"]
    defaults = probes.settings()
    assert "tls" in defaults["services"] and defaults["tls_port"] == 443
    assert defaults["cert_min_days"] == 30 and defaults["ca_path"] is None
