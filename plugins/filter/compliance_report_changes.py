# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What changed between two fleet reports of camsec.ipcam.compliance_report: the previous
report read back from its JSON file (compliance_report_load), whether two reports hold the
same findings (so the role rewrites nothing when nothing changed), and the new failures,
the fixed controls and those still failing (for the HTML report and the console summary).
Documented in compliance_report_changes.yml and compliance_report_load.yml."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from collections.abc import Mapping

from ansible.module_utils.common.collections import is_sequence

# Values that move with the clock while the findings stay the same: when they alone differ,
# the previous report stands (it is a consistent snapshot of the same findings).
# generated_at and evaluated_at are time stamps; offset_s (the camera's clock offset) is
# measured at each read with one-second resolution; days_left (certificate) counts down.
VOLATILE_KEYS = frozenset(("generated_at", "evaluated_at", "offset_s", "days_left"))
FAILING = ("fail", "error")
REPORT_FORMAT = 1


def compliance_report_load(text):
    """The report a JSON text holds (the role's previous <prefix>.json), or None when the
    text is empty, not JSON or not a report of this format: a previous report that cannot
    be read is no reason to fail the audit, it only means there is nothing to compare."""
    if isinstance(text, Mapping):
        report = text
    else:
        try:
            report = json.loads(u"%s" % text) if text else None
        except ValueError:
            return None
    if (not isinstance(report, Mapping) or report.get("report_format") != REPORT_FORMAT
            or not is_sequence(report.get("cameras"))):
        return None
    return report


def same_findings(one, other):
    """True when two reports (or parts) are equal but for VOLATILE_KEYS. Walks both in
    place: no copy of a fleet's report is made to compare it."""
    if isinstance(one, Mapping) and isinstance(other, Mapping):
        keys = set(one) - VOLATILE_KEYS
        if keys != set(other) - VOLATILE_KEYS:
            return False
        return all(same_findings(one[k], other[k]) for k in keys)
    if isinstance(one, (list, tuple)) and isinstance(other, (list, tuple)):
        return len(one) == len(other) and all(same_findings(a, b) for a, b in zip(one, other))
    # 1 == 1.0 == True in Python, not in the JSON a person reads. (Types are not compared
    # as such: Ansible hands strings over as str subclasses.)
    if isinstance(one, bool) or isinstance(other, bool):
        return isinstance(one, bool) and isinstance(other, bool) and one == other
    if isinstance(one, float) != isinstance(other, float):
        return False
    return one == other


def cell_statuses(report):
    """(camera, control id) -> status, "unreachable" for every control of a camera that
    could not be reached. Results without a control id (not evaluated) are left out."""
    statuses = {}
    for cam in report.get("cameras") or []:
        unreachable = cam.get("status") == "unreachable"
        for control in cam.get("controls") or []:
            if control.get("id") is not None:
                statuses[(cam.get("name"), control["id"])] = (
                    "unreachable" if unreachable else control.get("status"))
    return statuses


def compliance_report_changes(report, previous):
    """New failures, fixed and still failing controls of `report` against `previous`
    (None: no previous report, every list empty and has_previous false). A control is
    failing at status fail or error; one failing before whose camera is now unreachable
    or gone is neither fixed nor failing: it is listed in not_evaluated."""
    changes = {"has_previous": previous is not None,
               "previous_generated_at": previous.get("generated_at") if previous else None,
               "new_failures": [], "fixed": [], "still_failing": [], "not_evaluated": []}
    if previous is None:
        return changes
    before = cell_statuses(previous)
    now = cell_statuses(report)
    for (camera, control), status in now.items():
        was = before.get((camera, control))
        entry = {"camera": camera, "control": control, "status": status, "previous_status": was}
        if status in FAILING:
            changes["still_failing" if was in FAILING else "new_failures"].append(entry)
        elif was in FAILING:
            changes["not_evaluated" if status == "unreachable" else "fixed"].append(entry)
    for (camera, control), was in before.items():
        if was in FAILING and (camera, control) not in now:
            changes["not_evaluated"].append({"camera": camera, "control": control, "status": None,
                                             "previous_status": was})
    return changes


class FilterModule(object):
    def filters(self):
        return {
            "compliance_report_load": compliance_report_load,
            "compliance_report_changes": compliance_report_changes,
        }
