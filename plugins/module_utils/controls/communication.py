# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clause family 5.3: communication (discovery services, data in transmission, protocols,
Wi-Fi). 5.3.2.2 and 5.3.1 are judged here from the discovery area and the probes; 5.3.2's
evaluation is in compliance_services.py (it shares 5.2.1's services part)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_services as services
from ansible_collections.camsec.ipcam.plugins.module_utils import exposure
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import protocols
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import protocol_checks
from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_wireless
from ansible_collections.camsec.ipcam.plugins.module_utils.controls.record import control
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported

IN_SERVICE_NOTE = ("'off by default' can only be proven on a factory-fresh camera; "
                   "for a camera in service this shows the services enforced off")
DISCOVERY_KEYS = ("upnp", "bonjour", "snmp", "ws_discovery")


def discovery_off(control, reader, ctx):
    """The API's claim and the network's truth, key by key. A key the API cannot
    report (ONVIF has no UPnP, Bonjour or SNMP operations) is judged by its probe
    alone; it is `manual` only when that probe is switched off too."""
    current = _discovery_or_unsupported(reader)
    expect = control["expect"]
    unsupported = current.get("unsupported", {})
    network = ctx["network"]
    actual = {k: current.get(k) for k in ("upnp", "bonjour", "snmp", "snmp_versions", "ws_discovery")
              if k in current}
    problems, unknown, errors, unverified, heard = [], [], [], [], {}
    for key in DISCOVERY_KEYS:
        want = expect.get(key)
        if want is None:
            continue  # the site opted out of this key (override with justification)
        service = control["probes"][key]
        api_known = key not in unsupported
        api_wrong = api_known and _api_problem(key, want, current, problems)
        verdict = network.verdict(service)
        if verdict is None:
            if not api_known:
                unknown.append(key)
            elif want is not True:
                unverified.append(key)
            continue
        if verdict.get("error"):
            errors.append("%s: the %s probe could not run: %s"
                          % (key, exposure.PROTOCOL_NAME[service], verdict["error"]))
            continue
        answers, what = _answers_against(key, want, verdict, service)
        heard[key] = dict(probe=service, port=verdict["port"], answered=verdict["answered"],
                          evidence=verdict["summary"])
        if not answers or api_wrong:
            continue  # silent as expected, or the API's own reason already fails it
        if api_known:
            problems.append("%s: the API says %s but the camera answers %s (evidence: %s)" % (
                key, "only v3 is on" if want == "v3_only" else "off", what, answers))
        else:
            problems.append("%s: the camera answers %s (evidence: %s); its API cannot report "
                            "or switch it (%s)" % (key, what, answers, unsupported[key]))
    evidence = {"note": IN_SERVICE_NOTE, "network": heard}
    if unverified:
        evidence["not_verified_on_the_network"] = dict(
            (k, ctx["network"].disabled_reason(control["probes"][k])) for k in unverified)
    if problems:
        return "fail", actual, evidence, "; ".join(problems)
    if errors:
        return "error", actual, evidence, "; ".join(errors)
    if unknown:
        return ("manual", actual, evidence,
                "the camera's API cannot report %s and %s: %s" % (
                    ", ".join(unknown), "; ".join(
                        network.disabled_reason(control["probes"][k]) for k in unknown),
                    "; ".join(unsupported[k] for k in unknown)))
    return "pass", actual, dict(evidence, state="enforced_off"), None


def _discovery_or_unsupported(reader):
    """The discovery area; a driver that cannot read it at all reports every key
    unsupported, so that the probes can still judge."""
    try:
        return reader.get("discovery")
    except Unsupported as exc:
        return {"unsupported": dict((k, exc.reason) for k in DISCOVERY_KEYS)}


def _api_problem(key, want, current, problems):
    """Adds the API's own failure for `key` to `problems`; True when there is one."""
    if key == "snmp" and want == "v3_only":
        insecure = sorted(set(current.get("snmp_versions") or []) - {"v3"})
        if current.get("snmp") and insecure:
            problems.append("SNMP %s is on (only v3 is allowed by exception)" % "/".join(insecure))
            return True
        return False
    if current.get(key) != want:
        problems.append("%s is %s (expected %s)" % (key, _onoff(current.get(key)), _onoff(want)))
        return True
    return False


def _answers_against(key, want, verdict, service):
    """(evidence, protocol) when the network contradicts `want`, else (None, None)."""
    if want == "v3_only":
        return verdict.get("insecure_summary"), "SNMP v1/v2c"
    if want is False and verdict["answered"]:
        return verdict["summary"], exposure.PROTOCOL_NAME[service]
    return None, None


def no_clear_text_credentials(control, reader, ctx):
    """No clear-text credentials on the wire: the SNMP part (no v1/v2c community strings)
    and the HTTP part (no Basic authentication over plain HTTP); the worse of the two."""
    snmp = _snmp_part(control, reader, ctx)
    web = _basic_over_http_part(control, reader)
    status, actual, reason = services.combine(
        [("snmp", snmp[0], snmp[1], snmp[3]), ("http", web[0], web[1], web[2])])
    return status, actual, snmp[2], reason


def _basic_over_http_part(control, reader):
    if control["expect"].get("basic_over_http") is not False:
        return "pass", None, None
    try:
        current = reader.get("protocols")
    except Unsupported as exc:
        return "manual", None, "the camera's API cannot report its HTTP settings (%s)" % exc.reason
    return protocol_checks.no_basic_over_http(current)


def _snmp_part(control, reader, ctx):
    """The SNMP part: no v1/v2c (clear-text communities), by the API's word and on the
    network. (status, actual, evidence, reason)"""
    current = _discovery_or_unsupported(reader)
    api_known = "snmp" not in current.get("unsupported", {})
    verdict = ctx["network"].verdict("snmp")
    actual = {"snmp": current.get("snmp"), "snmp_versions": current.get("snmp_versions")}
    evidence = {}
    if verdict is not None and not verdict.get("error"):
        evidence["network"] = {"probe": "snmp", "port": verdict["port"],
                               "answered_v1_v2c": verdict["answered_insecure"],
                               "evidence": verdict["insecure_summary"]}
    insecure = sorted(set(current.get("snmp_versions") or []) - {"v3"}) if current.get("snmp") else []
    if api_known and insecure:
        return ("fail", actual, evidence or None,
                "SNMP %s is on: community strings travel in clear text" % "/".join(insecure))
    if verdict is not None and verdict.get("answered_insecure"):
        return ("fail", actual, evidence, "the camera answers SNMP v1/v2c%s: community strings "
                "travel in clear text (evidence: %s)" % (
                    " although its API says they are off" if api_known else
                    " and its API cannot switch SNMP (%s)" % current["unsupported"]["snmp"],
                    verdict["insecure_summary"]))
    if verdict is not None and verdict.get("error"):
        if not api_known:
            return "error", actual, None, "the SNMP probe could not run: %s" % verdict["error"]
        evidence["network"] = {"probe": "snmp", "error": verdict["error"]}
    if not api_known and verdict is None:
        return ("manual", actual, None, "the camera's API cannot report SNMP (%s) and %s" % (
            current["unsupported"]["snmp"], ctx["network"].disabled_reason("snmp")))
    return "pass", actual, evidence or None, None


def _onoff(value):
    if value is None:
        return "unknown"
    return "on" if value else "off"


def discovery_desired(control_, site):
    """Each key as the site expects it (None: left alone); SNMP v3-only as an exception."""
    expect = control_["expect"]
    want = {k: expect.get(k) for k in ("upnp", "bonjour", "ws_discovery")}
    if expect.get("snmp") == "v3_only":
        want.update(snmp=None, snmp_versions=["v3"])
    else:
        want["snmp"] = expect.get("snmp")
    want["_on_unsupported"] = "warn"
    return {"discovery": want}


def snmp_v3_desired(control_, site):
    """SNMP may stay on, but only as v3 (a camera with SNMP off stays off). Where the
    discovery control is enforced too, it decides SNMP (it is the stricter: off, or v3
    only by a recorded exception) and this control only joins its change."""
    if discovery_desired in site["enforcing"]:
        return {"discovery": {}}
    return {"discovery": {"snmp_versions": ["v3"], "_on_unsupported": "warn"}}


def insecure_protocols_desired(control_, site):
    """Telnet and FTP off (SSH allowed: it is encrypted), plain HTTP off, and the oldest TLS
    version raised to the minimum. The floor is only ever raised (areas/protocols.py): a
    site minimum of TLSv1 or TLSv1.1 asks nothing of the camera's setting."""
    expect = control_["expect"]
    allowed = expect.get("allowed_services") or []
    want = dict((k, False) for k in protocols.SERVICES if k not in allowed)
    if expect.get("http") is False:
        want["http"] = False
    if expect.get("min_tls_version") in protocols.TLS_MIN_CHOICES:
        want[protocols.TLS_MIN] = expect["min_tls_version"]
    want["_on_unsupported"] = "warn"
    return {"protocols": want}


RECORDS = [
    control("5.3.2.2", 3, "standard", "enforce",
            "Network device information inquiry (UPnP, SNMP, Bonjour) off",
            expect={"upnp": False, "bonjour": False, "snmp": False, "ws_discovery": False},
            evaluate=discovery_off, areas=("discovery", ),
            # Only the probes of the keys the site still expects are run.
            probes={"upnp": "ssdp", "bonjour": "mdns", "snmp": "snmp", "ws_discovery": "wsd"},
            desired=discovery_desired),
    control("5.3.1", 1, "assumed", "enforce",
            "Data in transmission: SNMP only as v3; no Basic auth over plain HTTP",
            expect={"snmp_versions_if_on": ["v3"], "basic_over_http": False},
            evaluate=no_clear_text_credentials, areas=("discovery", "protocols"),
            probes={"snmp": "snmp"}, desired=snmp_v3_desired),
    # SSH is allowed here (it is encrypted): 5.2.1 is where it is switched off unless allowed.
    control("5.3.2", 2, "assumed", "enforce",
            "Protocols and configuration: TLS 1.2 or newer; insecure protocols off",
            expect={"min_tls_version": "TLSv1.2", "allowed_services": ["ssh"], "http": False},
            evaluate=services.protocols_5_3_2, areas=("protocols", ),
            probes={"tls_versions": "tls", "services": "tcp"}, desired=insecure_protocols_desired,
            check_expect=(services.check_allowed_services, services.check_min_tls_version)),
    # Audit only (areas/wireless.py is read-only): a radio that is on, WPA2/WPA3 only and WPS
    # off; a camera without one passes (compliance_wireless.py).
    control("5.3.3", 1, "assumed", "enforce", "Wi-Fi: WPA2/WPA3 only, WPS off (cameras with Wi-Fi)",
            expect={"allowed_security": ["wpa2", "wpa2_wpa3", "wpa3"], "wps": False},
            evaluate=compliance_wireless.wireless_5_3_3, areas=("wireless",)),
]
