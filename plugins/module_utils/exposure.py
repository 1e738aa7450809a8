# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the network shows, for the compliance evaluators: one probe pass per
evaluation, started before the camera's API is read (so that its waiting overlaps the
HTTP calls) and turned into verdicts per service.

A verdict is None when that service's probe is switched off (a firewall between the
controller and the cameras: `ipcam_probe_*`), else a dict with `answered` (and
`answered_insecure` for SNMP v1/v2c), a one-line `summary` of the evidence, or
`error` when the probe could not run.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import probes
from ansible_collections.camsec.ipcam.plugins.module_utils import probe_tls

PROTOCOL_NAME = {"snmp": "SNMP", "mdns": "mDNS/DNS-SD", "ssdp": "SSDP", "wsd": "WS-Discovery",
                 "tcp": "TCP", "tls": "TLS", "rtsp": "RTSP"}
TOGGLE = "ipcam_probe_%s"


def services_needed(selected):
    """The probes the selected, enabled controls use (each record's `probes`: {key:
    service}). A key the site opted out of (its expectation overridden to None, e.g.
    5.3.2.2's ws_discovery) needs no probe."""
    needed = set()
    for control in selected:
        if not control["enabled"]:
            continue
        for key, service in control["probes"].items():
            if key in control["expect"] and control["expect"][key] is None:
                continue
            needed.add(service)
    return needed


class NetworkView(object):
    """The probe pass of one evaluation. `config` None means no probes at all (the
    caller did not ask for them): every verdict is then None."""

    def __init__(self, host, config, needed):
        self.enabled = set(config["services"]) if config else set()
        to_probe = sorted(set(needed) & self.enabled)
        self.pending = (probes.Background(host, dict(config, services=to_probe))
                        if to_probe else None)
        self.value = None

    def exposure(self):
        if self.value is None:
            self.value = self.pending.result() if self.pending else {}
        return self.value

    def result(self, service):
        """The raw probe result of a service, or None when it was not probed."""
        if service not in self.enabled:
            return None
        exposure = self.exposure()
        if exposure.get("error") and service not in exposure:
            return {"answered": False, "error": exposure["error"]}
        return exposure.get(service)

    def verdict(self, service):
        result = self.result(service)
        if result is None:
            return None
        if result.get("error") and not result.get("answered"):
            return {"error": result["error"], "port": result.get("port")}
        verdict = {"answered": bool(result.get("answered")), "port": result.get("port"),
                   "summary": summary(service, result) if result.get("answered") else None}
        if service == "snmp":
            insecure = [v for v in result.get("versions", []) if v != "v3"]
            verdict["answered_insecure"] = bool(insecure)
            verdict["insecure_summary"] = summary("snmp", result, v3=False) if insecure else None
        return verdict

    def heard(self):
        """What the probe pass heard at all, for a camera whose API cannot be reached:
        None when nothing was probed. `silent` is true when no probe got any answer (a
        refused TCP port is an answer too: something is there to refuse; so is a UDP
        probe refused by ICMP port-unreachable, listed in `udp_refused`). A refusal says
        the address is up, never that a service runs, and never counts as drift."""
        if self.pending is None:
            return None
        exposure = self.exposure()
        probed = list(self.pending.config["services"])
        tcp = exposure.get("tcp") or {}
        answered = sorted(s for s in probed if s != "tcp" and (exposure.get(s) or {}).get("answered"))
        out = {"probed": probed, "answered": answered,
               "tcp_open": tcp.get("open") or [], "tcp_closed": tcp.get("closed") or [],
               "tcp_filtered": tcp.get("filtered") or []}
        out["udp_refused"] = sorted(s for s in probed if s not in probes.NOT_DISCOVERY and
                                    (exposure.get(s) or {}).get("ended_by") == "refusal")
        out["silent"] = not (answered or out["tcp_open"] or out["tcp_closed"] or
                             out["udp_refused"])
        if exposure.get("error"):
            out["error"] = exposure["error"]
        return out

    def disabled_reason(self, service):
        return "the %s probe is switched off (%s)" % (PROTOCOL_NAME[service], TOGGLE % service)


def summary(service, result, v3=True):
    """One line of evidence an auditor can read in a failure reason."""
    if service == "snmp":
        parts = ["%s community '%s' (sysDescr: %s)" % (e["version"], e["community"],
                                                       e.get("sys_descr") or "-")
                 for e in result.get("evidence", [])[:2]]
        v3_result = result.get("v3") or {}
        if v3 and v3_result.get("answered"):
            parts.append("v3 engine %s answered discovery" % v3_result.get("engine_id"))
        return "UDP %s: %s" % (result.get("port"), "; ".join(parts) or "answered")
    if service == "mdns":
        return "UDP %s: DNS-SD lists %s" % (result.get("port"),
                                            ", ".join(result.get("service_types") or []) or
                                            ", ".join(result.get("instances") or []))
    if service == "ssdp":
        head = (result.get("first_bytes") or "").split("\r\n")[0]
        return "UDP %s (%s): %s, SERVER %s, USN %s" % (
            result.get("port"), result.get("answered_to"), head, result.get("server"),
            result.get("usn"))
    if service == "wsd":
        return "UDP %s: ProbeMatch for dn:NetworkVideoTransmitter, XAddrs %s" % (
            result.get("port"), " ".join(result.get("xaddrs") or []) or "-")
    if service == "tls":
        versions = result.get("versions") or {}
        cert = result.get("certificate") or {}
        return "TCP %s: TLS versions accepted: %s; certificate %s, issuer %s, valid until %s" % (
            result.get("port"), ", ".join(v for v in probe_tls.VERSIONS if versions.get(v)) or "-",
            cert.get("subject") or "-", cert.get("issuer") or "-", cert.get("not_after") or "-")
    return "open TCP ports %s" % ", ".join(str(p) for p in result.get("open", []))
