# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clause family 5.2: the system (services, ports, updates, data at rest, web management,
logs and time). The evaluations of 5.2.1, 5.2.3, 5.2.5 and 5.2.7 are in
compliance_services.py (they share its parts); 5.2.2 is judged here."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_services as services
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import protocols
from ansible_collections.camsec.ipcam.plugins.module_utils.controls.record import attested, control
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

WELL_KNOWN_PORTS = {21: "ftp", 22: "ssh", 23: "telnet", 80: "http", 443: "https", 554: "rtsp",
                    8000: "vendor SDK"}


def open_ports(control_, reader, ctx):
    """Open TCP ports within the allow-list. Only the probed ports are known: the
    evidence says which, so a pass is never read as a full port scan."""
    allowed = control_["expect"].get("allowed_tcp_ports")
    network = ctx["network"]
    result = network.result("tcp")
    if result is None:
        return ("manual", None, None, "open ports can only be seen from the network, and "
                + network.disabled_reason("tcp"))
    if result.get("error"):
        return "error", None, None, "the TCP probe could not run: %s" % result["error"]
    opened = result.get("open", [])
    actual = {"open": opened}
    evidence = {"probed_ports": result.get("probed_ports"), "open": opened,
                "closed": result.get("closed"), "filtered": result.get("filtered"),
                "banners": result.get("banners"), "allowed": allowed,
                "scope": "only the probed ports were checked (probes.tcp_ports)"}
    if not opened and not result.get("closed"):
        # Silence on every port proves nothing (a firewall, or no camera at all): only
        # a port that connected or refused is a definite answer.
        return ("error", actual, evidence, "no probed TCP port gave a definite answer (%s: "
                "no reply before the timeout), so which ports are open is unknown: a firewall "
                "between the controller and the camera, or no camera at that address"
                % (", ".join(str(p) for p in result.get("filtered") or []) or "no port probed"))
    extra = [p for p in opened if p not in allowed]
    if extra:
        return ("fail", actual, evidence, "TCP port%s %s open but not in the allow-list %s" % (
            "s" if len(extra) > 1 else "", ", ".join(
                "%d%s" % (p, " (%s)" % WELL_KNOWN_PORTS[p] if p in WELL_KNOWN_PORTS else "")
                for p in extra), allowed))
    return "pass", actual, evidence, None


def check_allowed_tcp_ports(control_):
    allowed = control_["expect"].get("allowed_tcp_ports")
    if not isinstance(allowed, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and 0 < p < 65536 for p in allowed):
        raise InputError("%s expects allowed_tcp_ports as a list of port numbers, got %r"
                         % (control_["id"], allowed))


def services_off_desired(control_, site):
    """Telnet, FTP, SSH off unless the site allows them."""
    allowed = control_["expect"].get("allowed_services") or []
    return {"protocols": dict([(k, False) for k in protocols.SERVICES if k not in allowed],
                              _on_unsupported="warn")}


def https_only_desired(control_, site):
    expect = control_["expect"]
    want = dict((k, expect[k]) for k in ("https", "http") if expect.get(k) is not None)
    return {"protocols": dict(want, _on_unsupported="warn")}


def time_and_logs_desired(control_, site):
    """The site's NTP and syslog servers, where inventory gives them (none: nothing to set)."""
    expect = control_["expect"]
    wanted = {}
    if expect.get("ntp_servers"):
        wanted["time"] = {"ntp": True, "ntp_servers": expect["ntp_servers"], "state": "merged"}
    if expect.get("syslog_servers"):
        wanted["logging"] = {"enabled": True, "servers": expect["syslog_servers"], "state": "merged"}
    return wanted


RECORDS = [
    # Firmware minimums come from inventory (ipcam_firmware_minimums, per model): without
    # one the firmware part cannot be judged and stays `manual`.
    control("5.2.1", 1, "assumed", "enforce",
            "OS and network services: approved firmware; telnet, FTP, SSH off unless allowed",
            expect={"allowed_services": [], "firmware_minimums": {}},
            evaluate=services.services_5_2_1, areas=("protocols", "firmware"),
            probes={"services": "tcp"}, desired=services_off_desired,
            check_expect=(services.check_allowed_services, services.check_firmware_minimums)),
    # Probed from the controller (probes.py, `tcp_ports`). Port 80 is allowed because
    # plain HTTP is 5.2.5's to judge (HTTPS only, or HTTP that only redirects); this
    # allow-list is about services that should not listen at all (telnet, FTP, SSH,
    # vendor SDK ports). Only the probed ports are known, and the evidence says which.
    control("5.2.2", 1, "assumed", "check", "Service ports: open TCP ports within an allow-list",
            expect={"allowed_tcp_ports": [80, 443, 554]}, evaluate=open_ports,
            probes={"tcp_ports": "tcp"}, check_expect=(check_allowed_tcp_ports, )),
    control("5.2.3", 1, "assumed", "attest", "Update security: signed firmware, approved version",
            expect={"firmware_minimums": {}, "attestation": True},
            evaluate=services.update_5_2_3, areas=("firmware", ),
            check_expect=(services.check_firmware_minimums, )),
    control("5.2.4", 2, "assumed", "attest", "Sensitive data at rest protected",
            expect={"attestation": True}, evaluate=attested),
    # The certificate is judged from a real TLS handshake (probe_tls.py): trusted by the
    # controller's CA bundle (ipcam_ca_path), names the camera, valid for cert_min_days more.
    control("5.2.5", 1, "assumed", "enforce", "Web management over HTTPS only, with a valid certificate",
            expect={"http": False, "https": True, "cert_min_days": 30},
            evaluate=services.web_5_2_5, areas=("protocols", ), probes={"certificate": "tls"},
            desired=https_only_desired, check_expect=(services.check_cert_min_days, )),
    # NTP and syslog servers come from inventory (ipcam_ntp_servers, ipcam_syslog_servers).
    control("5.2.7", 2, "assumed", "enforce",
            "Logs and warnings: remote syslog; NTP configured and in sync",
            expect={"ntp_servers": [], "max_offset": 5.0, "syslog_servers": [],
                    "syslog_protocols": None},
            evaluate=services.logs_5_2_7, areas=("time", "logging"),
            desired=time_and_logs_desired, check_expect=(services.check_site_servers, )),
]
