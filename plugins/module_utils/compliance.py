# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluate the catalog against one camera: read-only, each area read once.

Each control's evaluation sits with its record (module_utils/controls/, listed by
catalog.py); this file runs them: the areas they read, the probes they wait for.

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

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog, exposure
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import registry
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, InputError, TlsFailure, Unsupported,
    UnsupportedCall)

STATUSES = ("pass", "fail", "manual", "not_applicable", "error")


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
                self.values[area] = registry.area(area).read(self.driver)
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
        later = [c for c in selected if c["probes"]]
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
    try:
        status, actual, evidence, reason = control["evaluate"](control, reader, ctx)
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


def _check_expectation(control):
    """Expectations that come from inventory are checked before anything is sent."""
    if control["enabled"]:
        for check in control["check_expect"]:
            check(control)
