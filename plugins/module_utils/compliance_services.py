# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the Part 1 clauses on services, web management, TLS, firmware, time and
logs (5.2.1, 5.2.3, 5.2.5, 5.2.7, 5.3.2), for compliance.py.

A control here is usually several checks (services and firmware, HTTPS and its
certificate, time and logs). Each check gives (status, actual, reason); the control takes
the worst: fail, then error, then manual, then pass. A check that cannot be made (the API
cannot say, the probe is switched off, no minimum in inventory) is `manual` with the
reason, never a silent pass.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import firmware
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import protocols, remote_logging, time_sync
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import protocol_checks, time_and_log_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, InputError, Unsupported)

WORST_FIRST = ("fail", "error", "manual", "pass")
TLS_ORDER = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")


def combine(parts):
    """parts: [(name, status, actual, reason)] -> (status, actual, reason)."""
    status = min((p[1] for p in parts), key=WORST_FIRST.index)
    actual = dict((p[0], p[2]) for p in parts)
    reasons = ["%s: %s" % (p[0], p[3]) for p in parts if p[1] != "pass" and p[3]]
    return status, actual, "; ".join(reasons) or None


class AreaUnreadable(object):
    """Why an area could not be read, as a part's (status, reason): `manual` when the
    camera's API cannot report it, `error` when the read failed. Either way the other parts
    of the control are still judged (a failed syslog read must not hide NTP being off)."""

    def __init__(self, status, reason):
        self.status, self.reason = status, reason

    def __str__(self):
        return self.reason

    def part(self, what=None):
        return self.status, None, ("%s (%s)" % (what, self.reason) if what else self.reason)


def _area(reader, name):
    """(value, None) or (None, AreaUnreadable)."""
    try:
        return reader.get(name), None
    except Unsupported as exc:
        return None, AreaUnreadable("manual", exc.reason)
    except AuthError:
        raise  # a refused login ends the evaluation
    except CameraError as exc:
        return None, AreaUnreadable("error", str(exc))


# The well-known ports of the services: where the camera's API cannot report a service,
# the TCP probe's connect on its port can (5.2.2's probe, `ipcam_probe_tcp`).
SERVICE_PORTS = {"telnet": 23, "ssh": 22, "ftp": 21}


def _services(reader, allowed, network):
    """Telnet, FTP, SSH off unless allowed: the API's word, checked against the TCP probe.
    A port that answers fails even when the API says the service is off."""
    current, unreadable = _area(reader, "protocols")
    if unreadable is not None and unreadable.status == "error":
        return unreadable.part()
    if current is None:
        current = {"unsupported": dict((k, unreadable.reason) for k in protocols.SERVICES)}
    status, actual, reason = protocol_checks.services_off(current, allowed)
    tcp = network.result("tcp") if network is not None else None
    if tcp is None or tcp.get("error"):
        return status, actual, reason
    probed, opened = tcp.get("probed_ports") or [], tcp.get("open") or []
    on = [k for k in protocols.SERVICES if current.get(k) is True and k not in allowed]
    problems, unknown = ["%s on" % ", ".join(on)] if on else [], []
    actual = dict(actual)
    for key in protocols.SERVICES:
        port = SERVICE_PORTS[key]
        if key in allowed or key in on:
            continue
        if port in opened:
            problems.append("%s answers on TCP port %d%s" % (
                key, port, " although the API says it is off" if current.get(key) is False else ""))
            actual[key] = True
        elif port in probed and current.get(key) is None:
            actual[key] = False  # the API cannot say; the network shows the port closed
        elif current.get(key) is None:
            unknown.append("%s: %s" % (key, current.get("unsupported", {}).get(key, "not reported")))
    if problems:
        return "fail", actual, "; ".join(problems)
    if unknown:
        return "manual", actual, "; ".join(unknown)
    return "pass", actual, None


def _firmware(reader, minimums):
    current, unreadable = _area(reader, "firmware")
    if current is None:
        return unreadable.part()
    check = firmware.evaluate(current, minimums)
    actual = {"model": check["model"], "version": check["version"], "minimum": check["minimum"]}
    if check["compliant"] is True:
        return "pass", actual, None
    if check["compliant"] is False:
        return "fail", actual, check["reason"]
    hint = "; set ipcam_firmware_minimums" if check["result"] == firmware.NO_MINIMUM else ""
    return "manual", actual, check["reason"] + hint


def services_5_2_1(control, reader, ctx):
    expect = control["expect"]
    status, actual, reason = combine([
        ("services", ) + _services(reader, expect.get("allowed_services") or [], ctx["network"]),
        ("firmware", ) + _firmware(reader, expect.get("firmware_minimums") or {})])
    return status, actual, None, reason


def update_5_2_3(control, reader, ctx):
    """The approved version is checked; that only signed firmware installs is a vendor
    property, so it needs evidence (ipcam_attestations['5.2.3'])."""
    expect = control["expect"]
    attestation = ctx["attestations"].get(control["id"])
    signed = (("pass", {"attested": True}, None) if attestation or not expect.get("attestation")
              else ("manual", {"attested": False}, "signed firmware only is a vendor property: "
                    "record evidence in ipcam_attestations['%s']" % control["id"]))
    status, actual, reason = combine([
        ("firmware", ) + _firmware(reader, expect.get("firmware_minimums") or {}),
        ("signed_updates", ) + signed])
    return status, actual, attestation, reason


def web_5_2_5(control, reader, ctx):
    expect = control["expect"]
    current, unreadable = _area(reader, "protocols")
    if current is None:
        web = unreadable.part("the camera's web protocols could not be read")
    else:
        web = protocol_checks.https_only(current)
    cert, evidence = _certificate(ctx, expect.get("cert_min_days"))
    status, actual, reason = combine([("web", ) + web, ("certificate", ) + cert])
    return status, actual, evidence, reason


def _certificate(ctx, min_days):
    """The certificate the HTTPS port really serves (the TLS probe's handshake)."""
    network = ctx["network"]
    result = network.result("tls")
    if result is None:
        return ("manual", None, "the certificate can only be seen in a TLS handshake, and "
                + network.disabled_reason("tls")), None
    if result.get("error") and not result.get("answered"):
        return ("error", None, "the TLS probe could not complete a handshake on port %s: %s"
                % (result.get("port"), result["error"])), None
    cert = result.get("certificate") or {}
    shown = ("subject", "issuer", "not_after", "days_left", "verified", "hostname_ok", "self_signed")
    actual = dict((k, cert.get(k)) for k in shown)
    evidence = {"probe": "tls", "port": result.get("port"), "certificate": actual}
    problems = []
    if not cert:
        problems.append("no certificate could be read")
    if cert and not cert.get("verified"):
        problems.append("not trusted by the controller's CA bundle (%s)%s" % (
            cert.get("verify_error") or "verification failed",
            "; it is self-signed" if cert.get("self_signed") else ""))
    if cert and cert.get("verified") and cert.get("hostname_ok") is False:
        problems.append("it does not name the address the camera is managed at")
    days = cert.get("days_left")
    if days is not None and min_days is not None and days < min_days:
        problems.append("expired %d day(s) ago" % -days if days < 0 else
                        "expires in %d day(s) (at least %d wanted)" % (days, min_days))
    if problems:
        return ("fail", actual, "; ".join(problems)), evidence
    return ("pass", actual, None), evidence


def protocols_5_3_2(control, reader, ctx):
    """Insecure protocols off (telnet, FTP, plain HTTP) and no TLS older than the
    minimum offered on the HTTPS port (seen in real handshakes)."""
    expect = control["expect"]
    parts = [("services", ) + _services(reader, expect.get("allowed_services") or [], ctx["network"])]
    if expect.get("http") is False:
        current, unreadable = _area(reader, "protocols")
        if current is None:
            parts.append(("http", ) + unreadable.part())
        elif current.get("http") is None:
            parts.append(("http", "manual", None, current.get("unsupported", {}).get(
                "http", "plain HTTP is not reported")))
        elif current.get("http"):
            parts.append(("http", "fail", {"http": True}, "plain HTTP management is on"))
        else:
            parts.append(("http", "pass", {"http": False}, None))
    tls, evidence = _tls_versions(ctx, expect.get("min_tls_version"))
    parts.append(("tls", ) + tls)
    status, actual, reason = combine(parts)
    return status, actual, evidence, reason


def _tls_versions(ctx, minimum):
    network = ctx["network"]
    if not minimum:
        return ("pass", None, None), None
    result = network.result("tls")
    if result is None:
        return ("manual", None, "the TLS versions offered can only be seen in handshakes, and "
                + network.disabled_reason("tls")), None
    if result.get("error") and not result.get("answered"):
        return ("error", None, "the TLS probe could not complete a handshake on port %s: %s"
                % (result.get("port"), result["error"])), None
    versions = result.get("versions") or {}
    offered = [v for v in TLS_ORDER if versions.get(v)]
    evidence = {"probe": "tls", "port": result.get("port"), "offered": offered,
                "untestable_here": result.get("untestable") or []}
    too_old = [v for v in offered if TLS_ORDER.index(v) < TLS_ORDER.index(minimum)]
    actual = {"offered": offered}
    if too_old:
        return ("fail", actual, "the HTTPS port accepts %s (older than %s)"
                % (", ".join(too_old), minimum)), evidence
    untested = [v for v in result.get("untestable") or []
                if v in TLS_ORDER and TLS_ORDER.index(v) < TLS_ORDER.index(minimum)]
    if untested:
        return ("manual", actual, "this controller's TLS library cannot offer %s, so whether the "
                "camera accepts it is unknown" % ", ".join(untested)), evidence
    return ("pass", actual, None), evidence


def logs_5_2_7(control, reader, ctx):
    expect = control["expect"]
    time_area, time_unreadable = _area(reader, "time")
    if time_area is None:
        clock = time_unreadable.part()
    else:
        clock = time_and_log_checks.time_in_order(time_area, {
            "servers": expect.get("ntp_servers") or [], "max_offset": expect.get("max_offset")})
    log_area, log_unreadable = _area(reader, "logging")
    if log_area is None:
        logs = log_unreadable.part("remote syslog could not be read" if log_unreadable.status == "error"
                                   else "the camera's API cannot configure remote syslog")
    else:
        logs = time_and_log_checks.logging_in_order(log_area, {
            "servers": [s.get("host") if isinstance(s, dict) else s
                        for s in expect.get("syslog_servers") or []],
            "protocols": expect.get("syslog_protocols")})
    status, actual, reason = combine([("time", ) + clock, ("logging", ) + logs])
    return status, actual, None, reason


# -- validators of the site's expectations (a record's check_expect): InputError naming the
# control and the key, before any camera is asked ------------------------------------------

def check_firmware_minimums(control):
    firmware.validate_minimums(control["expect"].get("firmware_minimums"))


def check_allowed_services(control):
    allowed = control["expect"].get("allowed_services")
    if allowed is not None and (not isinstance(allowed, list) or
                                set(allowed) - set(protocols.SERVICES)):
        raise InputError("%s expects allowed_services as a list of %s, got %r"
                         % (control["id"], ", ".join(protocols.SERVICES), allowed))


def check_min_tls_version(control):
    if control["expect"].get("min_tls_version") not in (None, ) + TLS_ORDER:
        raise InputError("%s expects min_tls_version as one of %s, got %r"
                         % (control["id"], ", ".join(TLS_ORDER), control["expect"].get("min_tls_version")))


def check_cert_min_days(control):
    days = control["expect"].get("cert_min_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise InputError("%s expects cert_min_days as a number of days, got %r" % (control["id"], days))


def check_site_servers(control):
    """The site's NTP and syslog servers, as the time_sync and remote_logging modules take them."""
    time_sync.validate({"ntp_servers": control["expect"].get("ntp_servers") or []})
    remote_logging.validate({"servers": control["expect"].get("syslog_servers") or []})
