# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The TLS probe: which protocol versions a camera's HTTPS port accepts and which
certificate it serves, seen in real handshakes from the controller (controls 5.2.5 and
5.3.2), whatever the camera's API says. It is the "tls" service of a probe pass
(probes.py): its handshakes run at the same time as the other probes and all stop at the
pass's deadline (`timeout` after the pass starts).

Handshakes, all at once:
- one per version (TLSv1, TLSv1.1, TLSv1.2, TLSv1.3), the client pinned to that version
  alone and at OpenSSL security level 0 with every cipher, so that a refusal is the
  camera's: OpenSSL 3 does not even offer TLSv1/1.1 above level 0. These do not verify
  the certificate, and keep the one they were shown;
- one with the controller's usual settings that verifies the certificate's chain (and
  dates) against `ca_path` (a file or a directory of CA certificates), or the system CAs
  without it. The name is checked on its own (`hostname_ok`). When verification fails,
  the certificate's details come from the newest version handshake instead, so an
  untrusted or expired certificate still shows its dates (no extra connection).

A version this controller's OpenSSL refuses to offer at all (built without it, or a
system policy) is found before any packet is sent (a ClientHello written to memory) and
reported as None ("untestable"), not as "not offered".

Result:
    {"port": 443,
     "answered": bool,           # a TLS server answered: a version was accepted, or the
                                 # certificate could be checked (and failed)
     "versions": {"TLSv1": bool|None, "TLSv1.1": bool|None, "TLSv1.2": bool|None,
                  "TLSv1.3": bool|None},
                                 # True: the camera accepts that version (a handshake at
                                 # it completed, or the camera answered at it and this
                                 # controller's own TLS policy gave up later: a SHA-1
                                 # signature, a weak key); False: the camera refused it,
                                 # closed, or did not answer in time; None: this
                                 # controller cannot offer that version at all
     "untestable": ["TLSv1", ...],  # the versions that are None, oldest first
     "oldest": "TLSv1.2"|None,   # the oldest version accepted
     "attempts": {"TLSv1": "refused: ...", ...},  # one line per version: why True/False/None
     "cert_min_days": 30,
     "certificate": None or {
         "subject": "CN=cam-0001", "issuer": "CN=camera-emulator CA",  # RFC 4514 strings
         "not_before": "2026-01-01T00:00:00Z", "not_after": "...",      # ISO 8601, UTC
         "days_left": 364,        # whole days until not_after (floor; negative: expired)
         "expires_soon": bool,    # days_left < cert_min_days
         "verified": bool,        # chain trusted by ca_path (or the system CAs), dates valid
         "verify_error": str|None,   # why not, e.g. "certificate has expired"
         "hostname_ok": bool,     # a subjectAltName entry names the host probed
         "self_signed": bool,
         "names": ["DNS:cam-0001", "IP:127.0.0.1"],  # the subjectAltName entries
         "sha256": "ab:cd:...",   # fingerprint of the certificate
         "source": "verified handshake" | "TLSv1.3 handshake (not verified)"},
     "graced": 0,                # handshakes that finished in their grace period (_handshake)
     "ended_by": "replies" | "deadline",  # "deadline": a handshake had no answer in time
     "error": str|None}          # why no TLS server answered (closed port, silence...)

The certificate is read with the `cryptography` package when it is importable (it comes
with ansible-core); without it, only a verified certificate can be read (ssl's decoded
form), and an unverified one gives None with the reason in `error`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import datetime
import hashlib
import ipaddress
import math
import os
import ssl
import threading
import time
import warnings

from ansible_collections.camsec.ipcam.plugins.module_utils import probe_sockets as sockets

try:
    from cryptography import x509
    from cryptography.hazmat.backends import default_backend
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - ansible-core brings it
    HAS_CRYPTOGRAPHY = False

VERSIONS = ("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")  # as ssl's version() names them
_TLS_VERSION_ATTR = {"TLSv1": "TLSv1", "TLSv1.1": "TLSv1_1", "TLSv1.2": "TLSv1_2",
                     "TLSv1.3": "TLSv1_3"}
DEFAULT_PORT = 443
DEFAULT_CERT_MIN_DAYS = 30
ANY_CIPHER = "ALL:@SECLEVEL=0"
# OpenSSL's reasons for giving up on a server's answer after it chose the offered version
# (the key exchange is signed with SHA-1, the server's key or DH group is too weak, ...):
# the camera accepts the version, this controller's TLS policy does not. A system policy
# (crypto-policies) can forbid these even at security level 0.
LOCAL_REFUSALS = frozenset((
    "LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED", "WRONG_SIGNATURE_TYPE",
    "NO_SUITABLE_SIGNATURE_ALGORITHM", "DH_KEY_TOO_SMALL", "EE_KEY_TOO_SMALL",
    "CA_KEY_TOO_SMALL", "CA_MD_TOO_WEAK", "WRONG_CURVE", "UNSUPPORTED_ELLIPTIC_CURVE"))
CLOSE_WAIT_S = 0.2  # for the camera's close_notify; the connection is aborted after
DAY_S = 86400
# ssl's decoded certificate names -> RFC 4514 short names
SHORT_NAMES = {"commonName": "CN", "organizationName": "O", "organizationalUnitName": "OU",
               "countryName": "C", "localityName": "L", "stateOrProvinceName": "ST",
               "domainComponent": "DC", "userId": "UID", "streetAddress": "STREET"}

_local_support = {}  # version -> None (can offer) or the reason it cannot; per process


# -- what this controller can offer ----------------------------------------------------

_version_contexts = {}  # version -> its client context; per process (see the end of the file)


def version_context(version):
    """A client context offering `version` only, any cipher, no verification; one per
    version and process (a context is reusable for any number of connections)."""
    if version not in _version_contexts:
        _version_contexts[version] = _new_version_context(version)
    return _version_contexts[version]


def _new_version_context(version):
    pinned = getattr(getattr(ssl, "TLSVersion", None), _TLS_VERSION_ATTR[version], None)
    if pinned is None:
        raise ValueError("this Python's ssl module cannot pin %s (Python 3.7+ needed)" % version)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        # TLSv1/1.1 are deprecated in Python's ssl: asking for them is the point here.
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = pinned
        ctx.maximum_version = pinned
    try:
        ctx.set_ciphers(ANY_CIPHER)
    except ssl.SSLError:
        ctx.set_ciphers("ALL")  # a TLS library without security levels (LibreSSL)
    return ctx


def cannot_offer(version):
    """None when this controller's TLS library really sends a ClientHello for `version`,
    else why not. Found by a handshake into memory, so nothing goes on the wire."""
    if version in _local_support:
        return _local_support[version]
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    try:
        tls = version_context(version).wrap_bio(incoming, outgoing)
        tls.do_handshake()
        reason = "the handshake did not wait for the server"
    except ssl.SSLWantReadError:
        reason = "no ClientHello was written" if outgoing.pending == 0 else None
    except ssl.SSLError as exc:
        reason = getattr(exc, "reason", None) or str(exc)  # e.g. NO_CIPHERS_AVAILABLE
    except (ValueError, AttributeError) as exc:
        reason = str(exc)
    if reason is not None:
        reason = "%s will not offer %s: %s" % (ssl.OPENSSL_VERSION, version, reason)
    _local_support[version] = reason
    return reason


_verifying_contexts = {}  # (ca_path, its mtime) -> context; per process
_verifying_lock = threading.Lock()


def verifying_context(ca_path):
    """The controller's usual client settings, trusting `ca_path` (file or directory)
    or the system CAs. The host name is left to hostname_matches(). Made once per process
    and CA file (loading the system's CAs costs ~50 ms of CPU, a small CA file ~1.6 ms):
    the shared evaluator runs every camera's pass in one process (issue 14)."""
    try:
        key = (ca_path, os.stat(ca_path).st_mtime if ca_path else None)
    except OSError:
        key = None  # unreadable: made (and its error raised) every time
    with _verifying_lock:
        ctx = _verifying_contexts.get(key) if key else None
        if ctx is None:
            ctx = _new_verifying_context(ca_path)
            if key:
                _verifying_contexts[key] = ctx
    return ctx


def _new_verifying_context(ca_path):
    if ca_path and os.path.isdir(ca_path):
        ctx = ssl.create_default_context(capath=ca_path)
    elif ca_path:
        ctx = ssl.create_default_context(cafile=ca_path)
    else:
        ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


# -- the probe ---------------------------------------------------------------------------

async def probe(address, config, deadline, host=None):
    """The TLS probe of one pass (see the module docstring for the result)."""
    port = int(config.get("tls_port") or DEFAULT_PORT)
    min_days = config.get("cert_min_days")
    min_days = DEFAULT_CERT_MIN_DAYS if min_days is None else int(min_days)
    name = host or address
    untestable = [v for v in VERSIONS if cannot_offer(v)]
    testable = [v for v in VERSIONS if v not in untestable]
    grace = float(config.get("timeout") or 0)
    jobs = [_handshake(address, port, version_context(v), deadline, name, grace)
            for v in testable]
    ca_error = None
    try:
        verifier = verifying_context(config.get("ca_path"))
    except (OSError, ValueError, ssl.SSLError) as exc:
        verifier, ca_error = None, "cannot load the CA certificates of %s: %s" % (
            config.get("ca_path"), exc)
    if verifier is not None:
        jobs.append(_handshake(address, port, verifier, deadline, name, grace))
    outcomes = await asyncio.gather(*jobs)
    by_version = dict(zip(testable, outcomes))
    checked = outcomes[-1] if verifier is not None else {"error": ca_error, "kind": "local"}

    result = {"port": port, "versions": {}, "untestable": untestable, "attempts": {},
              "cert_min_days": min_days, "certificate": None, "error": None}
    for version in VERSIONS:
        if version in untestable:
            result["versions"][version] = None
            result["attempts"][version] = "untestable: " + cannot_offer(version)
            continue
        outcome = by_version[version]
        if outcome.get("version") == version:
            result["versions"][version] = True
            result["attempts"][version] = "accepted (%s)" % outcome["cipher"]
        elif outcome.get("reason") in LOCAL_REFUSALS:
            result["versions"][version] = True
            result["attempts"][version] = (
                "accepted by the camera, which answered at %s; this controller's TLS library "
                "then gave up (%s)" % (version, outcome["reason"]))
        else:
            result["versions"][version] = False
            result["attempts"][version] = outcome.get("error") or "another version answered"
    # the handshakes that needed their grace period (see _handshake): evidence of load
    result["graced"] = sum(1 for o in outcomes if o.get("graced"))
    result["ended_by"] = ("deadline" if any(o.get("kind") == "timeout" for o in outcomes)
                          else "replies")
    accepted = [v for v in VERSIONS if result["versions"][v]]
    result["oldest"] = accepted[0] if accepted else None
    result["answered"] = bool(accepted) or "der" in checked or checked.get("kind") == "certificate"
    handshakes = [v for v in accepted if by_version[v].get("version") == v]

    source = None
    if "der" in checked:
        source, shown = "verified handshake", checked
    else:
        newest = [by_version[v] for v in reversed(handshakes) if "der" in by_version[v]]
        if newest:
            source, shown = "%s handshake (not verified)" % newest[0]["version"], newest[0]
    if source is not None:
        try:
            cert = read_certificate(shown["der"], shown.get("decoded"), name, time.time())
        except (ValueError, TypeError, KeyError) as exc:
            cert, result["error"] = None, "the certificate could not be read: %s" % exc
        if cert is not None:
            cert.update(verified="der" in checked, verify_error=_verify_error(checked),
                        source=source)
            days = cert.get("days_left")
            cert["expires_soon"] = days is not None and days < min_days
            result["certificate"] = cert
    if not result["answered"]:
        result["error"] = _silence(outcomes, port, config)
    elif result["certificate"] is None and result["error"] is None:
        result["error"] = "no certificate could be read (%s)" % (checked.get("error") or "-")
    return result


def _verify_error(checked):
    if "der" in checked:
        return None
    if checked.get("kind") in ("certificate", "local"):
        return checked.get("error")
    return ("not checked: no handshake with this controller's default TLS settings (%s)"
            % checked.get("error"))


def _silence(outcomes, port, config):
    """Why no TLS server answered, in one line."""
    kinds = set(o.get("kind") for o in outcomes)
    if not outcomes:
        return "no handshake could be tried from this controller"
    if kinds == {"refused"}:
        return "connection refused on TCP port %d" % port
    if kinds == {"timeout"}:
        graced = any("grace" in (o.get("error") or "") for o in outcomes)
        return ("no TLS handshake completed on TCP port %d within %.1f s%s (no answer)"
                % (port, config["timeout"], " and %.1f s of grace" % config["timeout"]
                   if graced else ""))
    errors = sorted(set(o.get("error") for o in outcomes if o.get("error")))
    return "no TLS handshake completed on TCP port %d: %s" % (port, "; ".join(errors[:3]))


async def _handshake(address, port, ctx, deadline, server_name, grace=0.0):
    """One TLS connection: {"version", "cipher", "der", "decoded"} when the handshake
    completed, else {"error", "kind"} (refused, timeout, certificate, tls, closed).

    The TCP connect comes first, on its own (probe_sockets.tcp_connect), so that a port
    that never answers a SYN stays silence at the deadline. A handshake whose TCP
    connection was accepted but which has not finished at the deadline gets `grace`
    seconds more, once, for the same handshake: under CPU load (50 forks on 2 cores) the
    time measured by time.monotonic is mostly this process (or the camera) waiting for
    a CPU, not the camera failing to answer, and a server that accepted the connection
    is there. It is the same connection, never a second ClientHello, and a TLS handshake
    carries no credentials, so nothing is repeated that could count as a login."""
    state, sock, _elapsed = await sockets.tcp_connect(address, port, deadline)
    if state == "closed":
        return {"error": "connection refused", "kind": "refused"}
    if state != "open":
        return {"error": "no answer within the timeout", "kind": "timeout"}
    opening = asyncio.ensure_future(asyncio.open_connection(
        sock=sock, ssl=ctx, server_hostname=server_name))
    try:
        done, _pending = await asyncio.wait({opening}, timeout=max(0.0, deadline - time.monotonic()))
        graced = False
        if not done and grace > 0:
            graced = True
            done, _pending = await asyncio.wait({opening}, timeout=grace)
        if not done:
            opening.cancel()
            await asyncio.gather(opening, return_exceptions=True)
            return {"error": "no answer within the timeout" + (
                " and %.1f s of grace" % grace if graced else ""), "kind": "timeout"}
        reader, writer = opening.result()
    except ConnectionRefusedError:
        return {"error": "connection refused", "kind": "refused"}
    except ssl.SSLCertVerificationError as exc:
        return {"error": exc.verify_message or str(exc), "kind": "certificate"}
    except ssl.SSLError as exc:
        return {"error": "refused: %s" % (exc.reason or exc), "kind": "tls", "reason": exc.reason}
    except (ConnectionError, EOFError) as exc:
        return {"error": "closed during the handshake (%s)" % (str(exc) or type(exc).__name__),
                "kind": "closed"}
    except OSError as exc:
        return {"error": str(exc), "kind": "network"}
    finally:
        if not opening.done():
            opening.cancel()  # the pass itself was cut off
        if not opening.done() or opening.cancelled() or opening.exception() is not None:
            sock.close()  # the handshake's transport never took it over, or gave up
    try:
        tls = writer.get_extra_info("ssl_object")
        out = {"version": tls.version(), "cipher": tls.cipher()[0],
               "der": tls.getpeercert(True), "decoded": tls.getpeercert() or None}
        if graced:
            out["graced"] = True
        return out
    finally:
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), CLOSE_WAIT_S)
        except (asyncio.TimeoutError, OSError):  # ssl.SSLError is an OSError
            writer.transport.abort()


# -- the certificate ---------------------------------------------------------------------

def read_certificate(der, decoded, host, now):
    """Subject, issuer, dates, names of a certificate: from its DER bytes (cryptography),
    else from ssl's decoded form (only a verified peer has one)."""
    if HAS_CRYPTOGRAPHY and der:
        cert = _from_der(der)
    elif decoded:
        cert = _from_decoded(decoded)
    else:
        raise ValueError("the cryptography Python package is needed to read a certificate "
                         "that did not verify")
    not_after = cert.pop("not_after_epoch")
    not_before = cert.pop("not_before_epoch")
    dns_names, ip_names = cert.pop("dns"), cert.pop("ip")
    cert.update(
        not_before=_iso(not_before), not_after=_iso(not_after),
        days_left=int(math.floor((not_after - now) / DAY_S)),
        hostname_ok=hostname_matches(host, dns_names, ip_names),
        names=["DNS:%s" % n for n in dns_names] + ["IP:%s" % a for a in ip_names],
        sha256=":".join("%02x" % b for b in bytearray(hashlib.sha256(der).digest())) if der else None)
    return cert


def _from_der(der):
    cert = x509.load_der_x509_certificate(der, default_backend())
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns = san.get_values_for_type(x509.DNSName)
        ips = [str(a) for a in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        dns, ips = [], []
    return {"subject": cert.subject.rfc4514_string(), "issuer": cert.issuer.rfc4514_string(),
            "not_before_epoch": _epoch(_utc_attr(cert, "not_valid_before")),
            "not_after_epoch": _epoch(_utc_attr(cert, "not_valid_after")),
            "self_signed": _self_signed(cert), "dns": dns, "ip": ips}


def _utc_attr(cert, name):
    """cryptography 42+ has timezone-aware *_utc dates (and deprecates the naive ones)."""
    value = getattr(cert, name + "_utc", None)
    return value if value is not None else getattr(cert, name).replace(tzinfo=_UTC)


def _self_signed(cert):
    if cert.subject != cert.issuer:
        return False
    check = getattr(cert, "verify_directly_issued_by", None)  # cryptography 40+
    if check is None:
        return True
    try:
        check(cert)
        return True
    except Exception:  # pylint: disable=broad-except
        # InvalidSignature, an unsupported key type...
        return False  # same name, other key: issued by a CA of the same name


def _from_decoded(decoded):
    san = decoded.get("subjectAltName") or ()
    return {"subject": _rfc4514(decoded.get("subject")), "issuer": _rfc4514(decoded.get("issuer")),
            "not_before_epoch": ssl.cert_time_to_seconds(decoded["notBefore"]),
            "not_after_epoch": ssl.cert_time_to_seconds(decoded["notAfter"]),
            "self_signed": decoded.get("subject") == decoded.get("issuer"),
            "dns": [v for k, v in san if k == "DNS"],
            "ip": [v.strip() for k, v in san if k == "IP Address"]}


def _rfc4514(name):
    """ssl's ((("commonName", "x"),), ...) as "CN=x,...": last RDN first, as RFC 4514 says."""
    rdns = []
    for rdn in reversed(name or ()):
        rdns.append("+".join("%s=%s" % (SHORT_NAMES.get(k, k), _escape(v)) for k, v in rdn))
    return ",".join(rdns)


def _escape(value):
    out = value
    for char in "\\,+\"<>;=":
        out = out.replace(char, "\\" + char)
    return out


def hostname_matches(host, dns_names, ip_names):
    """Whether a subjectAltName entry names `host`: an address against the IP entries,
    a name against the DNS entries (a "*." wildcard stands for one left-most label).
    The subject's CN is not looked at, as browsers do not since RFC 6125."""
    try:
        wanted = ipaddress.ip_address(u"%s" % host)
    except ValueError:
        wanted = None
    if wanted is not None:
        for entry in ip_names:
            try:
                if ipaddress.ip_address(u"%s" % entry) == wanted:
                    return True
            except ValueError:
                continue
        return False
    host = host.rstrip(".").lower()
    for entry in dns_names:
        entry = entry.rstrip(".").lower()
        if entry == host:
            return True
        if entry.startswith("*.") and "." in host and host.split(".", 1)[1] == entry[2:]:
            return True
    return False


class _UTCZone(datetime.tzinfo):
    def utcoffset(self, dt):
        return datetime.timedelta(0)

    def dst(self, dt):
        return datetime.timedelta(0)

    def tzname(self, dt):
        return "UTC"


_UTC = _UTCZone()
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)


def _epoch(when):
    return (when - _EPOCH).total_seconds()


def _iso(epoch):
    return (_EPOCH + datetime.timedelta(seconds=epoch)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _prepare():
    """Made when the module is imported: Ansible imports the action plugin, and with it this
    module, in its main process before it forks a worker per camera and task, so the
    contexts and what this controller can offer are worked out once, not in every worker
    (about 10 ms of CPU a camera: a context is an OpenSSL object, and each version's check
    is a handshake into memory)."""
    for version in VERSIONS:
        try:
            if cannot_offer(version) is None:
                version_context(version)
        except (ValueError, ssl.SSLError, OSError):
            pass  # found again, and reported, when a probe asks


_prepare()
