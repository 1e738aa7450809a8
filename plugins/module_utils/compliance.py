# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluate the catalog against one camera: read-only, each area read once.

Statuses: pass | fail | manual (needs evidence, or not evaluated yet) |
not_applicable (disabled by an override with a justification) | error (could not be
evaluated: the cause is given). Nothing unevaluated is ever reported as pass.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import discovery, privacy_masks, storage
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, InputError, Unsupported)

AREAS = {"discovery": discovery, "privacy_masks": privacy_masks, "storage": storage}
STATUSES = ("pass", "fail", "manual", "not_applicable", "error")
IN_SERVICE_NOTE = ("'off by default' can only be proven on a factory-fresh camera; "
                   "for a camera in service this shows the services enforced off")


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
                self.values[area] = exc
        value = self.values[area]
        if isinstance(value, Exception):
            raise value
        return value


def evaluate(driver, level, overrides=None, attestations=None, declared_masks=None):
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
    reader = AreaReader(driver)
    ctx = {"attestations": attestations or {}, "declared_masks": declared_masks or []}
    results = [_evaluate_one(control, reader, ctx) for control in selected]
    return {"level": level, "controls": results, "summary": summarise(results)}


def summarise(results):
    counts = dict((s, 0) for s in STATUSES)
    for r in results:
        counts[r["status"]] += 1
    return {
        "total": len(results),
        "counts": counts,
        "failed": [r["id"] for r in results if r["status"] == "fail"],
        "errors": [r["id"] for r in results if r["status"] == "error"],
        "manual": [r["id"] for r in results if r["status"] == "manual"],
        "compliant": counts["fail"] == 0 and counts["error"] == 0,
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
    except Unsupported as exc:
        attestation = ctx["attestations"].get(control["id"])
        status, actual, evidence = "manual", None, attestation
        reason = "the camera's API cannot report this (%s)%s" % (
            exc.reason, "; attested in inventory" if attestation else
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
    current = reader.get("discovery")
    expect = control["expect"]
    unsupported = current.get("unsupported", {})
    actual = {k: current.get(k) for k in ("upnp", "bonjour", "snmp", "snmp_versions", "ws_discovery")
              if k in current}
    problems, unknown = [], []
    for key in ("upnp", "bonjour", "snmp", "ws_discovery"):
        want = expect.get(key)
        if want is None:
            continue  # the site opted out of this key (override with justification)
        if key in unsupported:
            unknown.append(key)
            continue
        if key == "snmp" and want == "v3_only":
            if current.get("snmp") and set(current.get("snmp_versions") or []) - {"v3"}:
                problems.append("SNMP %s is on (only v3 is allowed by exception)"
                                % "/".join(sorted(set(current["snmp_versions"]) - {"v3"})))
            continue
        if current.get(key) != want:
            problems.append("%s is %s (expected %s)" % (key, _onoff(current.get(key)), _onoff(want)))
    evidence = {"note": IN_SERVICE_NOTE}
    if problems:
        return "fail", actual, evidence, "; ".join(problems)
    if unknown:
        return ("manual", actual, evidence,
                "the camera's API cannot report %s: %s" % (
                    ", ".join(unknown), "; ".join(unsupported[k] for k in unknown)))
    return "pass", actual, dict(evidence, state="enforced_off"), None


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


def _snmp_5_3_1(control, reader, ctx):
    current = reader.get("discovery")
    if "snmp" in current.get("unsupported", {}):
        raise Unsupported(current["unsupported"]["snmp"])
    actual = {"snmp": current.get("snmp"), "snmp_versions": current.get("snmp_versions")}
    insecure = sorted(set(current.get("snmp_versions") or []) - {"v3"}) if current.get("snmp") else []
    if insecure:
        return "fail", actual, None, "SNMP %s is on: community strings travel in clear text" % "/".join(insecure)
    return "manual", actual, {"snmp_part": "pass"}, "SNMP part passes; " + control["partial"]


def _onoff(value):
    if value is None:
        return "unknown"
    return "on" if value else "off"


EVALUATORS = {
    "5.1.1.2": _storage_5_1_1_2,
    "5.3.2.2": _discovery_5_3_2_2,
    "5.5.1.2": _masks_5_5_1_2,
    "5.3.1": _snmp_5_3_1,
}
