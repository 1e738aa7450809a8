# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one builder of the fleet report: the cameras' compliance_facts results, read from
hostvars, shaped into the report document (docs/compliance-report.schema.json). Used by the
action camsec.ipcam.compliance_report and by the filter camsec.ipcam.compliance_report.

Memory: a fleet's facts are read host by host and only the fields the report carries are
taken into new small dicts; the hosts' facts are never copied whole, and nothing of a host
is kept once its camera entry is built, so the cost grows with the number of cameras and
their controls, nothing more.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

from collections.abc import Mapping

from ansible.module_utils.common.collections import is_sequence
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_changes import (
    compliance_report_load, same_findings)

REPORT_FORMAT = 1
STANDARD = "TAICS TS-0014-2"
STATUSES = ("pass", "fail", "manual", "not_applicable", "error")
CONTROL_KEYS = ("id", "level", "title", "source", "kind", "status", "expected", "actual",
                "evidence", "reason", "justification")
CAMERA_KEYS = ("vendor", "manufacturer", "model", "firmware", "serial", "hardware_id", "host")
NOT_EVALUATED_TITLE = "Compliance evaluation"
FAILED_EARLIER = ("no compliance results: the host failed or was unreachable before it was "
                  "evaluated in this run (see the play output for the cause)")
NO_FACTS = ("no compliance results: ansible_facts.ipcam_compliance is not set for this host "
            "(was camsec.ipcam.compliance_facts run on it in this play?)")
# Where the role camsec.ipcam.baseline registers compliance_facts' result: an unreachable
# camera's result is not kept as facts (Ansible drops the facts of an unreachable host),
# only as this registered variable of the current run.
REGISTERED = "ipcam_compliance_result"


class ReportInputError(ValueError):
    """Input the builder cannot make a report of (the caller names itself in the message)."""


def plain(value):
    """Plain JSON containers, whatever containers Ansible hands over. Strings are kept as
    they are: a string subclass may carry Ansible's do-not-template marking of data that
    came from a camera."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return dict((u"%s" % k, plain(v)) for k, v in value.items())
    if is_sequence(value) or isinstance(value, (set, frozenset)):
        return [plain(v) for v in value]
    return u"%s" % value


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _get(mapping, key, default=None):
    if not isinstance(mapping, Mapping):
        return default
    try:
        value = mapping.get(key, default)
    except Exception:  # pylint: disable=broad-except
        # an undefined or broken host variable must not hide the host from the report
        return default
    return default if value is None else value


def _raw_vars(hostvars, name):
    """A host's variables as stored, not templated: facts and registered results are data
    (never templates), and templating them would copy every host's whole facts. Ansible's
    HostVars has raw_get; a plain mapping (a test, a filter user) is read as it is."""
    raw_get = getattr(hostvars, "raw_get", None)
    if raw_get is not None:
        try:
            found = raw_get(name)
        except Exception:  # pylint: disable=broad-except
            return {}
        return found if isinstance(found, Mapping) else {}
    return _get(hostvars, name, {})


def _compliance_of(host_vars):
    compliance = _get(_get(host_vars, "ansible_facts", {}), "ipcam_compliance")
    return compliance if isinstance(compliance, Mapping) else None


def _counts(controls):
    counts = dict((status, 0) for status in STATUSES)
    for control in controls:
        counts[control["status"]] = counts.get(control["status"], 0) + 1
    return counts


def _camera_summary(controls, unreachable=False):
    counts = _counts(controls)
    return {
        "total": len(controls),
        "counts": counts,
        "failed": [c["id"] for c in controls if c["status"] == "fail" and c["id"] is not None],
        "errors": [c["id"] for c in controls if c["status"] == "error" and c["id"] is not None],
        "manual": [c["id"] for c in controls if c["status"] == "manual" and c["id"] is not None],
        "compliant": not unreachable and counts["fail"] == 0 and counts["error"] == 0,
        "unreachable": unreachable,
    }


def _control(raw):
    control = dict((k, plain(raw.get(k))) for k in CONTROL_KEYS if k in raw)
    for key in CONTROL_KEYS[:-1]:
        control.setdefault(key, None)
    if control["id"] is not None:
        control["id"] = u"%s" % control["id"]
    if control["status"] not in STATUSES:
        control["reason"] = "unknown status %r in the compliance facts%s" % (
            control["status"], "; " + control["reason"] if control["reason"] else "")
        control["status"] = "error"
    return control


def _evaluated_camera(name, facts, default_level):
    reported = facts.get("camera") if isinstance(facts.get("camera"), Mapping) else {}
    camera = dict((k, plain(reported.get(k))) for k in CAMERA_KEYS)
    camera.update((u"%s" % k, plain(v)) for k, v in reported.items() if k not in camera)
    camera["host"] = camera["host"] or name
    controls = [_control(c) for c in facts.get("controls") or [] if isinstance(c, Mapping)]
    level = plain(facts.get("level", default_level))
    if not controls:
        return _unevaluated_camera(name, camera, level, "the compliance facts hold no control results")
    unreachable = facts.get("status") == "unreachable"
    summary = _camera_summary(controls, unreachable=unreachable)
    if unreachable:
        # Not drift: nothing was evaluated. Every control is an error with the cause.
        cause = _get(facts.get("unreachable"), "cause") or "no cause recorded"
        status, error = "unreachable", u"unreachable: %s" % cause
    else:
        status, error = ("compliant" if summary["compliant"] else "drifted"), None
    return {
        "name": name,
        "camera": camera,
        "level": level,
        "status": status,
        "evaluated": not unreachable,
        "evaluated_at": plain(facts.get("evaluated_at")),
        "error": error,
        "compliant": summary["compliant"],
        "summary": summary,
        "controls": controls,
    }


def _unevaluated_camera(name, camera, level, reason):
    control = {"id": None, "level": level, "title": NOT_EVALUATED_TITLE, "source": None,
               "kind": None, "status": "error", "expected": None, "actual": None,
               "evidence": None, "reason": reason}
    return {
        "name": name,
        "camera": camera,
        "level": level,
        "status": "unevaluated",
        "evaluated": False,
        "evaluated_at": None,
        "error": reason,
        "compliant": False,
        "summary": _camera_summary([control]),
        "controls": [control],
    }


def _unreachable_result_of(host_vars, registered):
    """The compliance facts of an unreachable camera, from its registered task result
    (registered variables live for this run only: never stale cached facts)."""
    if not registered:
        return None
    facts = _compliance_of(_get(host_vars, registered, {}))
    if facts is None or _get(facts, "status") != "unreachable":
        return None
    return facts


def _unevaluated_identity(hostvars, name):
    """Vendor and address of a camera without results, from its (templated) inventory
    variables: ansible_host may well be a template."""
    host = _get(hostvars, name, {})
    camera = dict((k, None) for k in CAMERA_KEYS)
    camera["vendor"] = plain(_get(host, "ipcam_vendor"))
    camera["host"] = plain(_get(host, "ipcam_host") or _get(host, "ansible_host") or name)
    return camera


def build_report(hosts, hostvars, active=None, level=None, generated_at=None,
                 generator="camsec.ipcam.report", registered=REGISTERED, previous=None, host_var=None):
    """The fleet report of `hosts` (for example ansible_play_hosts_all), read from
    `hostvars`. A host missing from `active` (ansible_play_hosts: it failed or was
    unreachable earlier in this run) is an error row even if facts are cached for it,
    unless its registered compliance_facts result (`registered`, of this run) says the
    camera was unreachable: then it is an unreachable row with every control's error.
    When `previous` (the last report, or its JSON text) holds the same findings, it is
    returned as it is, time stamps included, so the files written from it do not change.
    `host_var` (name, {}): each host's raw value of that variable is put in the dict, read
    in the same pass (a host's variables are worked out once). Raises ReportInputError on
    input it cannot use."""
    if isinstance(hosts, str) or not is_sequence(hosts):
        raise ReportInputError("the input must be a list of host names, got %s" % type(hosts).__name__)
    if not isinstance(hostvars, Mapping):
        raise ReportInputError("hostvars must be a mapping, got %s" % type(hostvars).__name__)
    if level is not None:
        try:
            level = int(level)
        except (TypeError, ValueError):
            raise ReportInputError("level must be 1, 2 or 3, got %r" % (level,))
    active = None if active is None else set(u"%s" % h for h in active)
    names, seen = [], set()
    for host in hosts:
        if u"%s" % host not in seen:
            seen.add(u"%s" % host)
            names.append(u"%s" % host)

    # First the results (a reference into each host's stored facts, no copy), to learn the
    # fleet's level for the cameras without results; then the report entries.
    results, levels = {}, set()
    for name in names:
        host_vars = _raw_vars(hostvars, name)
        if host_var is not None and host_var[0] in host_vars:
            host_var[1][name] = host_vars[host_var[0]]
        if active is None or name in active:
            results[name] = _compliance_of(host_vars)
            if results[name] is not None and isinstance(results[name].get("level"), int):
                levels.add(results[name]["level"])
        else:
            # facts of a host that is no longer active may be stale ones from the fact cache
            results[name] = _unreachable_result_of(host_vars, registered)
    default_level = level if level is not None else (levels.pop() if len(levels) == 1 else None)

    cameras = []
    for name in names:
        facts = results.pop(name)
        if facts:
            cameras.append(_evaluated_camera(name, facts, default_level))
            continue
        reason = FAILED_EARLIER if active is not None and name not in active else NO_FACTS
        cameras.append(_unevaluated_camera(name, _unevaluated_identity(hostvars, name), default_level, reason))

    report = {
        "report_format": REPORT_FORMAT,
        "standard": STANDARD,
        "generator": generator,
        "generated_at": generated_at or now(),
        "summary": fleet_summary(cameras),
        "cameras": cameras,
    }
    previous = compliance_report_load(previous) if previous is not None else None
    if previous is not None and same_findings(report, previous):
        return previous
    return report


def fleet_summary(cameras):
    counts = dict((status, 0) for status in STATUSES)
    failures, errors = {}, {}
    for cam in cameras:
        for status, n in cam["summary"]["counts"].items():
            counts[status] = counts.get(status, 0) + n
        if cam["status"] == "unreachable":
            continue  # its errors say nothing about the controls: see unreachable_cameras
        for control in cam["controls"]:
            if control["id"] is None:
                continue
            if control["status"] == "fail":
                failures[control["id"]] = failures.get(control["id"], 0) + 1
            elif control["status"] == "error":
                errors[control["id"]] = errors.get(control["id"], 0) + 1
    levels = sorted(set(c["level"] for c in cameras if c["level"] is not None))
    # Unreachable is not drift: those cameras are counted on their own.
    drifted = [c["name"] for c in cameras if not c["compliant"] and c["status"] != "unreachable"]
    unreachable = [c["name"] for c in cameras if c["status"] == "unreachable"]
    return {
        "level": levels[0] if len(levels) == 1 else None,
        "levels": levels,
        "cameras": len(cameras),
        "evaluated": sum(1 for c in cameras if c["evaluated"]),
        "compliant": sum(1 for c in cameras if c["compliant"]),
        "drifted": len(drifted),
        "unreachable": len(unreachable),
        "compliant_cameras": [c["name"] for c in cameras if c["compliant"]],
        "drifted_cameras": drifted,
        "unreachable_cameras": unreachable,
        "unevaluated_cameras": [c["name"] for c in cameras if not c["evaluated"]],
        "counts": counts,
        "failures_by_control": failures,
        "errors_by_control": errors,
    }


def summary_line(summary):
    """The one line a person reads in the job output: unreachable cameras are named on
    their own, never among the drifted ones."""
    drifted = (u" (%s)" % u", ".join(summary["drifted_cameras"])) if summary.get("drifted") else u""
    unreachable = (u" (%s)" % u", ".join(summary["unreachable_cameras"])) if summary.get("unreachable") else u""
    return u"%s camera(s): %s compliant, %s drifted%s, %s unreachable%s" % (
        summary.get("cameras"), summary.get("compliant"), summary.get("drifted"), drifted,
        summary.get("unreachable"), unreachable)
