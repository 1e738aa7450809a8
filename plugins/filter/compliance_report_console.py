# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The end of an audit's console output: per camera, its failing controls with their
reasons, capped so that a fleet of hundreds stays readable (the rest is counted, and the
reports hold everything). Documented in compliance_report_console.yml."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_changes import (
    compliance_report_changes, compliance_report_load)

ELLIPSIS = u"\u2026"


def shorten(text, width):
    """`text` on one line, at most `width` characters, cut at a word boundary with an
    ellipsis (mid-word only for a single word longer than half the width)."""
    text = u" ".join((u"%s" % text if text is not None else u"").split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    space = cut.rfind(u" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(u" ,;:.-(") + ELLIPSIS


def _int(value, name):
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise AnsibleFilterError("compliance_report_console: %s must be a number, got %r" % (name, value))
    if value < 1:
        raise AnsibleFilterError("compliance_report_console: %s must be at least 1, got %d" % (name, value))
    return value


def compliance_report_console(report, previous=None, max_cameras=25, max_controls=6, width=110):
    """The console summary (text, one line per failing control)."""
    if not isinstance(report, Mapping) or not is_sequence(report.get("cameras")):
        raise AnsibleFilterError("compliance_report_console: the input must be the output of "
                                 "camsec.ipcam.compliance_report")
    max_cameras, max_controls = _int(max_cameras, "max_cameras"), _int(max_controls, "max_controls")
    width = _int(width, "width")
    summary = report.get("summary") or {}
    lines = [u"%s camera(s) at level %s: %s compliant, %s drifted, %s unreachable" % (
        summary.get("cameras", len(report["cameras"])), summary.get("level"), summary.get("compliant"),
        summary.get("drifted"), summary.get("unreachable"))]
    if previous is not None:
        previous = compliance_report_load(previous)
    changes = compliance_report_changes(report, previous)
    if changes["has_previous"] and changes["previous_generated_at"] == report.get("generated_at"):
        lines.append(u"No change since the report of %s: the report files are left as they are."
                     % report.get("generated_at"))
    elif changes["has_previous"]:
        lines.append(u"Since the report of %s: %d new failure(s), %d fixed, %d still failing" % (
            changes["previous_generated_at"], len(changes["new_failures"]), len(changes["fixed"]),
            len(changes["still_failing"])))
    new = set((e["camera"], e["control"]) for e in changes["new_failures"])

    failing = []
    for cam in report["cameras"]:
        if cam.get("status") == "unreachable":
            failing.append((cam, None))
            continue
        controls = [c for c in cam.get("controls") or [] if c.get("status") in ("fail", "error")]
        if controls:
            failing.append((cam, controls))
    if not failing:
        lines.append(u"No camera has a failing control.")
        return u"\n".join(lines)

    name_width = min(max(len(u"%s" % cam.get("name")) for cam, _controls in failing[:max_cameras]), 24)
    lines.append(u"%-*s  %-7s  %-8s  %s" % (name_width, u"camera", u"control", u"status", u"reason"))
    for cam, controls in failing[:max_cameras]:
        name = shorten(cam.get("name"), name_width)
        if controls is None:
            lines.append(u"%-*s  %-7s  %-8s  %s" % (name_width, name, u"-", u"unreach.",
                                                    shorten(cam.get("error"), width)))
            continue
        for n, control in enumerate(controls[:max_controls]):
            status = control.get("status") + (u" NEW" if (cam.get("name"), control.get("id")) in new else u"")
            lines.append(u"%-*s  %-7s  %-8s  %s" % (name_width, name if n == 0 else u"",
                                                    control.get("id") or u"-", status,
                                                    shorten(control.get("reason"), width)))
        if len(controls) > max_controls:
            lines.append(u"%s  ... and %d more failing control(s) of this camera"
                         % (u" " * name_width, len(controls) - max_controls))
    if len(failing) > max_cameras:
        lines.append(u"... and %d more camera(s) with failing controls or unreachable (see the reports)"
                     % (len(failing) - max_cameras))
    return u"\n".join(lines)


class FilterModule(object):
    def filters(self):
        return {"compliance_report_console": compliance_report_console}
