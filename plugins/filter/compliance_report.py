# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shape the hosts' ansible_facts.ipcam_compliance into the fleet report (JSON document),
its CSV rendering (one row per camera and control) and its JUnit XML rendering (one test
case per camera and control). Used by the role camsec.ipcam.report; documented in
compliance_report.yml, compliance_report_csv.yml and compliance_report_junit.yml.

The data is shaped here, not in Jinja, so that CSV quoting (csv module) and XML escaping
(xml.etree) are right whatever a camera reports.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_changes import (
    compliance_report_load, same_findings)

REPORT_FORMAT = 1
STANDARD = "TAICS TS-0014-2"
STATUSES = ("pass", "fail", "manual", "not_applicable", "error")
CSV_COLUMNS = ("camera", "host", "vendor", "model", "firmware", "level", "control", "title",
               "source", "kind", "status", "expected", "actual", "evidence", "reason")
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
CAMERA_STATUSES = ("compliant", "drifted", "unreachable", "unevaluated")
# Characters XML 1.0 cannot carry, even escaped: replaced, so the report always parses.
_XML_INVALID = re.compile(u"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Cells a spreadsheet would run as a formula (CSV injection): prefixed with a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value):
    """Plain JSON containers, whatever containers Ansible hands over. Strings are kept as
    they are: a string subclass may carry Ansible's do-not-template marking of data that
    came from a camera."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return dict((u"%s" % k, _plain(v)) for k, v in value.items())
    if is_sequence(value) or isinstance(value, (set, frozenset)):
        return [_plain(v) for v in value]
    return u"%s" % value


def _now():
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


def _facts_of(hostvars, name):
    host = _get(hostvars, name, {})
    facts = _get(host, "ansible_facts", {})
    compliance = _get(facts, "ipcam_compliance")
    return _plain(compliance) if isinstance(compliance, Mapping) else None


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
    control = dict((k, raw.get(k)) for k in CONTROL_KEYS if k in raw)
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
    camera = dict((k, reported.get(k)) for k in CAMERA_KEYS)
    camera.update((k, v) for k, v in reported.items() if k not in camera)
    camera["host"] = camera["host"] or name
    controls = [_control(c) for c in facts.get("controls") or [] if isinstance(c, Mapping)]
    level = facts.get("level", default_level)
    if not controls:
        return _unevaluated_camera(name, camera, level, "the compliance facts hold no control results")
    if facts.get("status") == "unreachable":
        # Not drift: nothing was evaluated. Every control is an error with the cause.
        cause = (facts.get("unreachable") or {}).get("cause") or "no cause recorded"
        summary = _camera_summary(controls, unreachable=True)
        return {
            "name": name,
            "camera": camera,
            "level": level,
            "status": "unreachable",
            "evaluated": False,
            "evaluated_at": facts.get("evaluated_at"),
            "error": u"unreachable: %s" % cause,
            "compliant": False,
            "summary": summary,
            "controls": controls,
        }
    summary = _camera_summary(controls)
    return {
        "name": name,
        "camera": camera,
        "level": level,
        "status": "compliant" if summary["compliant"] else "drifted",
        "evaluated": True,
        "evaluated_at": facts.get("evaluated_at"),
        "error": None,
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


def compliance_report(hosts, hostvars, active=None, level=None, generated_at=None,
                      generator="camsec.ipcam.report", registered=REGISTERED, previous=None):
    """The fleet report of `hosts` (for example ansible_play_hosts_all), read from
    `hostvars`. A host missing from `active` (ansible_play_hosts: it failed or was
    unreachable earlier in this run) is an error row even if facts are cached for it,
    unless its registered compliance_facts result (`registered`, of this run) says the
    camera was unreachable: then it is an unreachable row with every control's error.
    When `previous` (the last report, see compliance_report_load) holds the same findings,
    it is returned as it is, time stamps included, so the files written from it do not
    change."""
    if isinstance(hosts, str) or not is_sequence(hosts):
        raise AnsibleFilterError("compliance_report: the input must be a list of host names, got %s"
                                 % type(hosts).__name__)
    if not isinstance(hostvars, Mapping):
        raise AnsibleFilterError("compliance_report: hostvars must be a mapping, got %s"
                                 % type(hostvars).__name__)
    if level is not None:
        try:
            level = int(level)
        except (TypeError, ValueError):
            raise AnsibleFilterError("compliance_report: level must be 1, 2 or 3, got %r" % (level,))
    active = None if active is None else set(u"%s" % h for h in active)
    names, seen = [], set()
    for host in hosts:
        if u"%s" % host not in seen:
            seen.add(u"%s" % host)
            names.append(u"%s" % host)

    # facts of a host that is no longer active may be stale ones from the fact cache
    facts_by_host = dict((name, _facts_of(hostvars, name) if active is None or name in active else None)
                         for name in names)
    levels = sorted(set(f["level"] for f in facts_by_host.values()
                        if f and isinstance(f.get("level"), int)))
    default_level = level if level is not None else (levels[0] if len(levels) == 1 else None)

    cameras = []
    for name in names:
        facts = facts_by_host[name]
        reason = FAILED_EARLIER if active is not None and name not in active else NO_FACTS
        if not facts and active is not None and name not in active:
            facts = _unreachable_result_of(hostvars, name, registered)
        if facts:
            cameras.append(_evaluated_camera(name, facts, default_level))
            continue
        host = _get(hostvars, name, {})
        camera = dict((k, None) for k in CAMERA_KEYS)
        camera["vendor"] = _plain(_get(host, "ipcam_vendor"))
        camera["host"] = _plain(_get(host, "ipcam_host") or _get(host, "ansible_host") or name)
        cameras.append(_unevaluated_camera(name, camera, default_level, reason))

    report = {
        "report_format": REPORT_FORMAT,
        "standard": STANDARD,
        "generator": generator,
        "generated_at": generated_at or _now(),
        "summary": _fleet_summary(cameras),
        "cameras": cameras,
    }
    previous = compliance_report_load(previous) if previous is not None else None
    if previous is not None and same_findings(report, previous):
        return previous
    return report


def _unreachable_result_of(hostvars, name, registered):
    """The compliance facts of an unreachable camera, from its registered task result
    (registered variables live for this run only: never stale cached facts)."""
    if not registered:
        return None
    result = _get(_get(hostvars, name, {}), registered, {})
    facts = _get(_get(result, "ansible_facts", {}), "ipcam_compliance")
    if not isinstance(facts, Mapping) or _get(facts, "status") != "unreachable":
        return None
    return _plain(facts)


def _fleet_summary(cameras):
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


def _report(report, name):
    if not isinstance(report, Mapping) or not is_sequence(report.get("cameras")):
        raise AnsibleFilterError("%s: the input must be the output of camsec.ipcam.compliance_report"
                                 % name)
    return _plain(report)


def _cell(value):
    """A CSV cell: dicts and lists as JSON, null as empty."""
    if value is None:
        return u""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, bool):
        return u"true" if value else u"false"
    return u"%s" % value


def _safe_cell(text):
    if text and text.startswith(_FORMULA_START):
        return u"'" + text
    return text


def report_rows(report):
    """One dict per camera and control, keyed by CSV_COLUMNS (values not yet rendered)."""
    for cam in report["cameras"]:
        camera = cam.get("camera") or {}
        for control in cam["controls"]:
            yield {
                "camera": cam["name"], "host": camera.get("host"), "vendor": camera.get("vendor"),
                "model": camera.get("model"), "firmware": camera.get("firmware"),
                "level": control.get("level") if control.get("level") is not None else cam.get("level"),
                "control": control.get("id"), "title": control.get("title"),
                "source": control.get("source"), "kind": control.get("kind"),
                "status": control.get("status"), "expected": control.get("expected"),
                "actual": control.get("actual"), "evidence": control.get("evidence"),
                "reason": control.get("reason"),
            }


def compliance_report_csv(report, escape_formulas=True):
    """The report as CSV text (RFC 4180: quoted where needed, CRLF line ends)."""
    report = _report(report, "compliance_report_csv")
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report_rows(report):
        cells = [_cell(row[column]) for column in CSV_COLUMNS]
        if escape_formulas:
            cells = [_safe_cell(c) for c in cells]
        writer.writerow(cells)
    return out.getvalue()


def _x(value):
    """Text for XML: JSON for containers, control characters XML cannot carry replaced."""
    return _XML_INVALID.sub(u"\ufffd", _cell(value))


def _case_name(control):
    if control.get("id") is None:
        return _x(control.get("title") or NOT_EVALUATED_TITLE)
    return _x(u"%s %s" % (control["id"], control.get("title") or "")).strip()


def _details(control):
    lines = []
    for key in ("expected", "actual", "evidence", "justification"):
        if control.get(key) is not None:
            lines.append(u"%s: %s" % (key, _cell(control[key])))
    return _x(u"\n".join(lines))


def compliance_report_junit(report, suite_name=None):
    """The report as JUnit XML: a testsuite per camera, a testcase per control."""
    report = _report(report, "compliance_report_junit")
    summary = report.get("summary") or {}
    level = summary.get("level")
    title = suite_name or u"%s%s compliance" % (
        report.get("standard", STANDARD), u" level %s" % level if level is not None else u"")
    root = ET.Element("testsuites", name=_x(title))
    totals = dict(tests=0, failures=0, errors=0, skipped=0)
    for cam in report["cameras"]:
        camera = cam.get("camera") or {}
        counts = cam["summary"]["counts"]
        suite_counts = dict(tests=len(cam["controls"]), failures=counts.get("fail", 0),
                            errors=counts.get("error", 0),
                            skipped=counts.get("manual", 0) + counts.get("not_applicable", 0))
        for key, n in suite_counts.items():
            totals[key] += n
        suite = ET.SubElement(root, "testsuite", name=_x(cam["name"]),
                              timestamp=_x(cam.get("evaluated_at") or report.get("generated_at")),
                              hostname=_x(camera.get("host") or cam["name"]), time="0",
                              **dict((k, str(v)) for k, v in suite_counts.items()))
        properties = ET.SubElement(suite, "properties")
        for key in ("vendor", "model", "firmware", "serial", "host"):
            if camera.get(key) is not None:
                ET.SubElement(properties, "property", name=key, value=_x(camera[key]))
        ET.SubElement(properties, "property", name="level", value=_x(cam.get("level")))
        if cam.get("status") is not None:
            ET.SubElement(properties, "property", name="status", value=_x(cam["status"]))
        # An unreachable camera's controls are errors (not failures) of their own type.
        error_type = "unreachable" if cam.get("status") == "unreachable" else "error"
        for control in cam["controls"]:
            case = ET.SubElement(suite, "testcase", classname=_x(cam["name"]),
                                 name=_case_name(control), time="0")
            status = control.get("status")
            message = _x(control.get("reason") or status)
            if status == "fail":
                ET.SubElement(case, "failure", message=message, type="fail").text = _details(control)
            elif status == "error":
                ET.SubElement(case, "error", message=message, type=error_type).text = _details(control)
            elif status in ("manual", "not_applicable"):
                ET.SubElement(case, "skipped", message=message, type=status)
            details = _details(control)
            if status == "pass" and details:
                ET.SubElement(case, "system-out").text = details
    for key, n in totals.items():
        root.set(key, str(n))
    root.set("time", "0")
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    return u'<?xml version="1.0" encoding="UTF-8"?>\n' + text + u"\n"


class FilterModule(object):
    def filters(self):
        return {
            "compliance_report": compliance_report,
            "compliance_report_csv": compliance_report_csv,
            "compliance_report_junit": compliance_report_junit,
        }
