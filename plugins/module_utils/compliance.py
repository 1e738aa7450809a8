# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluate the catalog against one camera: read-only, each area read once.

Statuses: pass | fail | manual (needs evidence, or not evaluated yet) |
not_applicable (disabled by an override with a justification) | error (could not be
evaluated: the cause is given). Nothing unevaluated is ever reported as pass.

The camera as a whole is `compliant`, `drifted` or `unreachable`. Unreachable (no
connection, no answer, a failed TLS handshake) is not drift: nothing was evaluated, so
every control is `error` with the cause, and the first failed connection ends the
evaluation (each further read would only wait for its own timeout again).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import (
    catalog, compliance_accounts, compliance_private_data, compliance_services, compliance_streams,
    compliance_wireless, exposure)
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import (
    accounts, discovery, firmware, privacy_masks, protocols, remote_logging, storage, streaming,
    time_sync, wireless)
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, InputError, TlsFailure, Unsupported,
    UnsupportedCall)

AREAS = {"discovery": discovery, "privacy_masks": privacy_masks, "storage": storage,
         "protocols": protocols, "firmware": firmware, "time": time_sync,
         "logging": remote_logging, "accounts": accounts, "streaming": streaming,
         "wireless": wireless}
STATUSES = ("pass", "fail", "manual", "not_applicable", "error")
IN_SERVICE_NOTE = ("'off by default' can only be proven on a factory-fresh camera; "
                   "for a camera in service this shows the services enforced off")


# The transport's word for a TLS handshake that failed for another reason than the
# certificate (no common version or cipher, a reset): nothing on that port speaks to us.


def unsupported_reason(exc):
    """Why the camera cannot say: the driver's reason, or the call and the device's words."""
    if isinstance(exc, UnsupportedCall):
        return "%s: %s" % (exc.call, exc.cause) if exc.call else exc.cause
    return exc.reason


def is_unreachable(error):
    """True when `error` says the camera could not be talked to at all, as opposed to a
    camera that answered with an error (which is that control's error, or a failure)."""
    # A certificate that does not verify is a finding about a camera that answered
    # (5.2.5 judges it from the TLS probe); no TLS session at all is no camera to audit.
    return isinstance(error, CameraUnreachable) or (
        isinstance(error, TlsFailure) and error.stage == "handshake")


class CameraLost(Exception):
    """The camera cannot be reached: ends the evaluation. Deliberately not a CameraError,
    so that no evaluator takes it for the error of its own control and goes on."""

    def __init__(self, error):
        self.error = error
        super(CameraLost, self).__init__(str(error))


class AreaReader(object):
    """Reads each settings area at most once per evaluation."""

    def __init__(self, driver):
        self.driver = driver
        self.values = {}

    def get(self, area):
        if area not in self.values:
            try:
                self.values[area] = AREAS[area].read(self.driver)
            except Unsupported as exc:
                self.values[area] = exc
            except AuthError:
                raise  # a refused login ends the evaluation: no further attempts
            except CameraError as exc:
                if is_unreachable(exc):
                    raise CameraLost(exc)
                self.values[area] = exc
        value = self.values[area]
        if isinstance(value, Exception):
            raise value
        return value


def evaluate(driver, level, overrides=None, attestations=None, declared_masks=None,
             probe_config=None, host=None):
    """`probe_config` (probes.settings()) lets the network verify what the API says;
    None evaluates from the API alone."""
    if level not in catalog.LEVELS:
        raise InputError("level must be 1, 2 or 3, got %r" % (level,))
    try:
        selected = catalog.controls(level, overrides)
    except ValueError as exc:
        raise InputError(str(exc))
    for control in selected:
        if not control["enabled"] and not control["justification"]:
            raise InputError("control %s is disabled without a justification; auditors need "
                             "one (controls: {'%s': {enabled: false, justification: ...}})"
                             % (control["id"], control["id"]))
    for control in selected:
        _check_expectation(control)
    active = [c for c in selected if c["enabled"] and c["evaluated"]]
    # Started before the first API read: the probes mostly wait for silence.
    network = exposure.NetworkView(host, probe_config, exposure.services_needed(active))
    try:
        # The identity is the first read: a camera that cannot be reached ends the
        # evaluation here, after one connection attempt's wait, not one per area.
        identity = _identity(driver)
        reader = AreaReader(driver)
        ctx = {"attestations": attestations or {}, "declared_masks": declared_masks or [],
               "network": network}
        # Controls that wait for the probes come last, so that the API reads of the others
        # overlap the probe pass; the results keep the catalog's order.
        later = [c for c in selected if c["id"] in exposure.NEEDS]
        done = dict((id(c), _evaluate_one(c, reader, ctx)) for c in selected if c not in later)
        done.update((id(c), _evaluate_one(c, reader, ctx)) for c in later)
    except CameraLost as lost:
        return unreachable_report(level, selected, lost.error, network)
    results = [done[id(c)] for c in selected]
    summary = summarise(results)
    return {"level": level, "status": "compliant" if summary["compliant"] else "drifted",
            "controls": results, "summary": summary, "identity": identity}


def _identity(driver):
    """What the camera says it is: a courtesy in the report, not a control, so only a
    camera that cannot be reached stops here (and a refused login, as everywhere)."""
    try:
        return driver.identity()
    except Unsupported:
        return {}
    except AuthError:
        raise
    except CameraError as exc:
        if is_unreachable(exc):
            raise CameraLost(exc)
        return {}


def unreachable_report(level, selected, error, network):
    """Every control `error` with the cause (none `pass`: nothing was seen). What the
    probes heard is the evidence: silence everywhere says the camera is down or cut off,
    open ports say its management API alone is not answering. The probe pass is already
    under way, so this waits at most for its remainder, and sends nothing new."""
    cause = str(error)
    heard = network.heard()
    results = []
    for control in selected:
        result = {k: control[k] for k in ("id", "level", "title", "source", "kind")}
        result.update(expected=control["expect"], actual=None, status="error",
                      evidence={"network": heard} if heard else None,
                      reason="unreachable: %s" % cause)
        if control["justification"]:
            result["justification"] = control["justification"]
        results.append(result)
    return {"level": level, "status": "unreachable", "controls": results,
            "summary": summarise(results, unreachable=True), "identity": {},
            "unreachable": {"cause": cause, "call": error.call, "network": heard}}


def summarise(results, unreachable=False):
    counts = dict((s, 0) for s in STATUSES)
    for r in results:
        counts[r["status"]] += 1
    return {
        "total": len(results),
        "counts": counts,
        "failed": [r["id"] for r in results if r["status"] == "fail"],
        "errors": [r["id"] for r in results if r["status"] == "error"],
        "manual": [r["id"] for r in results if r["status"] == "manual"],
        "compliant": not unreachable and counts["fail"] == 0 and counts["error"] == 0,
        "unreachable": unreachable,
    }


def _evaluate_one(control, reader, ctx):
    result = {k: control[k] for k in ("id", "level", "title", "source", "kind")}
    result.update(expected=control["expect"], actual=None, evidence=None, reason=None)
    if not control["enabled"]:
        result.update(status="not_applicable",
                      reason="disabled by override: %s" % control["justification"])
        return result
    if control["justification"]:
        result["justification"] = control["justification"]
    if not control["evaluated"]:
        result.update(status="manual", reason=control["pending"])
        return result
    evaluator = EVALUATORS.get(control["id"], _attested)
    try:
        status, actual, evidence, reason = evaluator(control, reader, ctx)
    except (Unsupported, UnsupportedCall) as exc:
        # The firmware lacks the evidence: manual with the reason, never a pass.
        attestation = ctx["attestations"].get(control["id"])
        status, actual, evidence = "manual", None, attestation
        reason = "the camera's API cannot report this (%s)%s" % (
            unsupported_reason(exc), "; attested in inventory" if attestation else
            "; give evidence in ipcam_attestations['%s']" % control["id"])
    except AuthError:
        raise
    except CameraError as exc:
        status, actual, evidence, reason = "error", None, None, str(exc)
    result.update(status=status, actual=actual, evidence=evidence, reason=reason)
    return result


# -- evaluators: (control, reader, ctx) -> (status, actual, evidence, reason) -------------

def _attested(control, reader, ctx):
    attestation = ctx["attestations"].get(control["id"])
    if attestation:
        return "pass", {"attested": True}, attestation, None
    return ("manual", {"attested": False}, None,
            "physical or vendor-design control: record evidence in ipcam_attestations['%s']"
            % control["id"])


def _storage_5_1_1_2(control, reader, ctx):
    slots = reader.get("storage")["slots"]
    present = [s for s in slots if s.get("present")]
    actual = {s["id"]: {"present": s.get("present"), "encrypted": s.get("encrypted"),
                        "encryption_supported": s.get("encryption_supported")} for s in slots}
    if not present:
        return "pass", actual, {"slots": len(slots), "cards_present": 0}, None
    plain = [s for s in present if not s.get("encrypted")]
    if not plain:
        return "pass", actual, {"cards_present": len(present), "all_encrypted": True}, None
    unable = [s["id"] for s in plain if not s.get("encryption_supported")]
    attestation = ctx["attestations"].get(control["id"])
    if unable and attestation and len(unable) == len(plain):
        return ("manual", actual, attestation,
                "slot %s holds an unencrypted card that this camera cannot encrypt; "
                "accepted on the attestation given" % ", ".join(unable))
    return ("fail", actual, None, "; ".join(
        "slot %s holds a card that is not encrypted%s" % (
            s["id"], "" if s.get("encryption_supported") else
            " and the camera's API cannot encrypt it (remove the card or attest)")
        for s in plain))


def _discovery_5_3_2_2(control, reader, ctx):
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
        service = exposure.NEEDS["5.3.2.2"][key]
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
        answers, what = _answers_against(key, want, verdict)
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
            (k, ctx["network"].disabled_reason(exposure.NEEDS["5.3.2.2"][k])) for k in unverified)
    if problems:
        return "fail", actual, evidence, "; ".join(problems)
    if errors:
        return "error", actual, evidence, "; ".join(errors)
    if unknown:
        return ("manual", actual, evidence,
                "the camera's API cannot report %s and %s: %s" % (
                    ", ".join(unknown), "; ".join(
                        network.disabled_reason(exposure.NEEDS["5.3.2.2"][k]) for k in unknown),
                    "; ".join(unsupported[k] for k in unknown)))
    return "pass", actual, dict(evidence, state="enforced_off"), None


DISCOVERY_KEYS = ("upnp", "bonjour", "snmp", "ws_discovery")


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


def _answers_against(key, want, verdict):
    """(evidence, protocol) when the network contradicts `want`, else (None, None)."""
    if want == "v3_only":
        return verdict.get("insecure_summary"), "SNMP v1/v2c"
    if want is False and verdict["answered"]:
        return verdict["summary"], exposure.PROTOCOL_NAME[exposure.NEEDS["5.3.2.2"][key]]
    return None, None


def _masks_5_5_1_2(control, reader, ctx):
    current = reader.get("privacy_masks")
    actual = {"max_masks": current.get("max_masks"), "masks": len(current.get("masks", []))}
    if not current.get("max_masks"):
        return "fail", actual, None, "the camera reports no privacy-mask support (max masks 0)"
    declared = ctx["declared_masks"]
    if not declared:
        return ("pass", actual, {"declared_masks": 0},
                None)
    try:
        missing = privacy_masks.plan(current, {"state": "merged", "masks": declared})
    except InputError as exc:
        return "fail", actual, None, "the declared masks cannot be put on this camera: %s" % exc
    if missing:
        return ("fail", actual, {"declared_masks": len(declared)}, "; ".join(
            "%s is %s" % (c["key"], "missing" if c["action"] == "create" else "different")
            for c in missing))
    return "pass", actual, {"declared_masks": len(declared), "all_present": True}, None


def _transmission_5_3_1(control, reader, ctx):
    """No clear-text credentials on the wire: the SNMP part (no v1/v2c community strings)
    and the HTTP part (no Basic authentication over plain HTTP); the worse of the two."""
    snmp = _snmp_part(control, reader, ctx)
    web = _basic_over_http_part(control, reader)
    status, actual, reason = compliance_services.combine(
        [("snmp", snmp[0], snmp[1], snmp[3]), ("http", web[0], web[1], web[2])])
    return status, actual, snmp[2], reason


def _basic_over_http_part(control, reader):
    if control["expect"].get("basic_over_http") is not False:
        return "pass", None, None
    try:
        current = reader.get("protocols")
    except Unsupported as exc:
        return "manual", None, "the camera's API cannot report its HTTP settings (%s)" % exc.reason
    return protocols.no_basic_over_http(current)


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


def _ports_5_2_2(control, reader, ctx):
    """Open TCP ports within the allow-list. Only the probed ports are known: the
    evidence says which, so a pass is never read as a full port scan."""
    allowed = control["expect"].get("allowed_tcp_ports")
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


WELL_KNOWN_PORTS = {21: "ftp", 22: "ssh", 23: "telnet", 80: "http", 443: "https", 554: "rtsp",
                    8000: "vendor SDK"}


def _check_expectation(control):
    """Expectations that come from inventory are checked before anything is sent."""
    if control["enabled"]:
        compliance_services.check_expectation(control)
        compliance_accounts.check_expectation(control)
    if control["id"] == "5.2.2" and control["enabled"]:
        allowed = control["expect"].get("allowed_tcp_ports")
        if not isinstance(allowed, list) or not all(
                isinstance(p, int) and not isinstance(p, bool) and 0 < p < 65536 for p in allowed):
            raise InputError("5.2.2 expects allowed_tcp_ports as a list of port numbers, got %r"
                             % (allowed,))


def _onoff(value):
    if value is None:
        return "unknown"
    return "on" if value else "off"


EVALUATORS = {
    "5.1.1.2": _storage_5_1_1_2,
    "5.3.2.2": _discovery_5_3_2_2,
    "5.5.1.2": _masks_5_5_1_2,
    "5.3.1": _transmission_5_3_1,
    "5.2.2": _ports_5_2_2,
}
EVALUATORS.update(compliance_services.EVALUATORS)
EVALUATORS.update(compliance_accounts.EVALUATORS)
EVALUATORS.update(compliance_private_data.EVALUATORS)
EVALUATORS.update(compliance_streams.EVALUATORS)
EVALUATORS.update(compliance_wireless.EVALUATORS)
