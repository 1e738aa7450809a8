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
import io
import json
import re
import xml.etree.ElementTree as ET

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible_collections.camsec.ipcam.plugins.plugin_utils.report_build import (
    NOT_EVALUATED_TITLE, REGISTERED, STANDARD, ReportInputError, build_report, plain as _plain)

CSV_COLUMNS = ("camera", "host", "vendor", "model", "firmware", "level", "control", "title",
               "source", "kind", "status", "expected", "actual", "evidence", "reason")
# Characters XML 1.0 cannot carry, even escaped: replaced, so the report always parses.
_XML_INVALID = re.compile(u"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Cells a spreadsheet would run as a formula (CSV injection): prefixed with a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def compliance_report(hosts, hostvars, active=None, level=None, generated_at=None,
                      generator="camsec.ipcam.report", registered=REGISTERED, previous=None):
    """The fleet report (plugins/plugin_utils/report_build.py, shared with the action
    camsec.ipcam.compliance_report)."""
    try:
        return build_report(hosts, hostvars, active=active, level=level, generated_at=generated_at,
                            generator=generator, registered=registered, previous=previous)
    except ReportInputError as exc:
        raise AnsibleFilterError("compliance_report: %s" % exc)


def _report(report, name):
    if not isinstance(report, Mapping) or not is_sequence(report.get("cameras")):
        raise AnsibleFilterError("%s: the input must be the output of camsec.ipcam.compliance_report"
                                 % name)
    return _plain(report)


# One encoder for every cell: json.dumps with options builds a new one per call.
_CELL_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _cell(value):
    """A CSV cell: dicts and lists as JSON, null as empty."""
    if value is None:
        return u""
    if isinstance(value, (dict, list)):
        return _CELL_JSON.encode(value)
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
    return render_csv(_report(report, "compliance_report_csv"), escape_formulas)


def render_csv(report, escape_formulas=True):
    """compliance_report_csv of a report built by report_build (plain containers
    already, so read in place: no copy)."""
    return u"".join(csv_pieces(report, escape_formulas))


def csv_pieces(report, escape_formulas=True):
    """The CSV text row by row (the action writes it as it comes)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in report_rows(report):
        cells = [_cell(row[column]) for column in CSV_COLUMNS]
        if escape_formulas:
            cells = [_safe_cell(c) for c in cells]
        writer.writerow(cells)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


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
    return render_junit(_report(report, "compliance_report_junit"), suite_name)


def render_junit(report, suite_name=None):
    """compliance_report_junit of a report built by report_build, read in place."""
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
