"""The emulator's own CA and one certificate per camera (EC P-256: fast to make).

Certificates are kept in the state dir, so a restart reuses them and clients that
trust `ca.pem` keep trusting the fleet.

What a camera's HTTPS port offers follows its state (tests change it with a PATCH of the
control interface, clients through the camera's own API: ISAPI adminAccesses TLS switches,
VAPIX root.HTTPS.AllowTLS1/AllowTLS11; the fleet rebuilds the camera's context on its next
connection):
- network.https.tls_versions: the protocol versions accepted, default TLS 1.2 and 1.3.
  Old firmware also speaks TLSv1 and TLSv1.1; OpenSSL 3 allows those only at security
  level 0, so the context then lowers it (and so accepts weak ciphers, as such cameras do).
- network.https.cert_days: days the certificate is valid from now (negative: expired).
  The default (365) certificate is kept across restarts; any other is made afresh each
  time the setting changes, so that "expires in 10 days" is counted from that moment.

Certificates are proper X.509v3 as strict verification wants it (OpenSSL's
X509_V_FLAG_X509_STRICT, which Python 3.13's default client context sets): the CA has a
critical basicConstraints, keyUsage and a Subject Key Identifier; each camera certificate
has an Authority Key Identifier naming the CA, and a Subject Key Identifier of its own.
The camera fault `legacy_certificate` serves one without those identifiers instead, as
many cameras' own certificates are: trusted by the CA, rejected by strict verification
("Missing Authority Key Identifier").
"""

import datetime
import ipaddress
import os
import ssl
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_DAYS = 365
DEFAULT_TLS_VERSIONS = ("TLSv1.2", "TLSv1.3")
# Names as ssl.SSLSocket.version() and `openssl s_client` print them.
TLS_VERSIONS = {
    "TLSv1": (ssl.TLSVersion.TLSv1, ssl.OP_NO_TLSv1),
    "TLSv1.1": (ssl.TLSVersion.TLSv1_1, ssl.OP_NO_TLSv1_1),
    "TLSv1.2": (ssl.TLSVersion.TLSv1_2, ssl.OP_NO_TLSv1_2),
    "TLSv1.3": (ssl.TLSVersion.TLSv1_3, ssl.OP_NO_TLSv1_3),
}


def _write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM,
                             serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _has_key_identifiers(cert):
    try:
        cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    except x509.ExtensionNotFound:
        return False
    return True


class CertificateAuthority:
    def __init__(self, tls_dir):
        self.dir = tls_dir
        os.makedirs(tls_dir, exist_ok=True)
        self.ca_path = os.path.join(tls_dir, "ca.pem")
        key_path = os.path.join(tls_dir, "ca.key")
        if os.path.exists(self.ca_path) and os.path.exists(key_path):
            with open(key_path, "rb") as f:
                self.key = serialization.load_pem_private_key(f.read(), None)
            with open(self.ca_path, "rb") as f:
                self.cert = x509.load_pem_x509_certificate(f.read())
            if _has_key_identifiers(self.cert):
                return
            # A state dir from before the CA had key identifiers: a new CA, and new camera
            # certificates signed by it (clients read ca.pem from the state dir anew).
            for old in os.listdir(tls_dir):
                if old.endswith(".pem"):
                    os.remove(os.path.join(tls_dir, old))
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "camera-emulator CA")])
        now = datetime.datetime.now(datetime.timezone.utc)
        self.cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                         False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()),
                           critical=False)
            .sign(self.key, hashes.SHA256()))
        _write(key_path, _pem_key(self.key))
        _write(self.ca_path, self.cert.public_bytes(serialization.Encoding.PEM))

    def camera_pem(self, cam_id, address, days=CERT_DAYS, legacy=False):
        """Path of a PEM file (key + chain) for the camera, made on first use. The file
        is per address too: a fleet restarted on other addresses needs new SANs.
        A certificate of other than CERT_DAYS is made anew on every call. `legacy`: one
        without key identifiers (see the module's doc)."""
        kind = "_legacy" if legacy else ""
        if days == CERT_DAYS:
            path = os.path.join(self.dir, "%s_%s%s.pem" % (cam_id, address, kind))
            if os.path.exists(path):
                return path
        else:
            path = os.path.join(self.dir, "%s_%s_%dd%s.pem" % (cam_id, address, days, kind))
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.timezone.utc)
        not_after = now + datetime.timedelta(days=days)
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cam_id)]))
            .issuer_name(self.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(min(now, not_after) - datetime.timedelta(days=1))
            .not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([
                x509.IPAddress(ipaddress.ip_address(address)), x509.DNSName(cam_id)]),
                critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False))
        if not legacy:
            builder = (
                builder
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(True, False, False, False, False, False, False,
                                             False, False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                               critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    self.key.public_key()), critical=False))
        cert = builder.sign(self.key, hashes.SHA256())
        _write(path, _pem_key(key) + cert.public_bytes(serialization.Encoding.PEM)
               + self.cert.public_bytes(serialization.Encoding.PEM))
        return path

    def server_context(self, pem_path, versions=DEFAULT_TLS_VERSIONS):
        """A server context accepting exactly `versions` (names as in TLS_VERSIONS)."""
        unknown = set(versions) - set(TLS_VERSIONS)
        if unknown or not versions:
            raise ValueError("tls_versions must be a non-empty list of %s, not %r"
                             % (", ".join(TLS_VERSIONS), versions))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        wanted = sorted(TLS_VERSIONS[v][0] for v in versions)
        with warnings.catch_warnings():
            # TLSv1/1.1 and the OP_NO_* flags are deprecated in Python: on purpose here.
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = wanted[0]
            ctx.maximum_version = wanted[-1]
            for name, (version, no_flag) in TLS_VERSIONS.items():
                if wanted[0] < version < wanted[-1] and name not in versions:
                    ctx.options |= no_flag  # a gap, e.g. TLSv1 and TLSv1.2 but not 1.1
        if wanted[0] < ssl.TLSVersion.TLSv1_2:
            ctx.set_ciphers("ALL:@SECLEVEL=0")
        ctx.load_cert_chain(pem_path)
        return ctx
