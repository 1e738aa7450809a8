"""The emulator's own CA and one certificate per camera (EC P-256: fast to make).

Certificates are kept in the state dir, so a restart reuses them and clients that
trust `ca.pem` keep trusting the fleet.
"""

import datetime
import ipaddress
import os
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_DAYS = 365


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
            return
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
            .sign(self.key, hashes.SHA256()))
        _write(key_path, _pem_key(self.key))
        _write(self.ca_path, self.cert.public_bytes(serialization.Encoding.PEM))

    def camera_pem(self, cam_id, address, days=CERT_DAYS):
        """Path of a PEM file (key + chain) for the camera, made on first use. The file
        is per address too: a fleet restarted on other addresses needs new SANs."""
        path = os.path.join(self.dir, "%s_%s.pem" % (cam_id, address))
        if os.path.exists(path):
            return path
        key = ec.generate_private_key(ec.SECP256R1())
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cam_id)]))
            .issuer_name(self.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([
                x509.IPAddress(ipaddress.ip_address(address)), x509.DNSName(cam_id)]),
                critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(self.key, hashes.SHA256()))
        _write(path, _pem_key(key) + cert.public_bytes(serialization.Encoding.PEM)
               + self.cert.public_bytes(serialization.Encoding.PEM))
        return path

    def server_context(self, pem_path):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(pem_path)
        return ctx
