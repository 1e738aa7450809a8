# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The TS-0014-2 control catalog: the registry of the control records
(module_utils/controls/, one module per clause family; shared/reference/controls.md).

`source: standard` controls are Part 2's own four requirements; `source: assumed`
ones stand for Part 1 clauses whose text is not public here: their levels and
expectations are an assumed mapping, so a site can override any of them from inventory
and, once Part 1 is obtained, only the records change.

A record (controls/record.py) holds everything about its clause: level, title, kind, the
areas and probes its evaluation needs, the evaluation itself (or `pending`: why it is
`manual`, never `pass`), the desired state the baseline enforces, and the validators of
its site expectations. The role, docs/controls.md and the README follow this list
(tests/unit/test_catalog_consistency.py).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

# Imported by name: AnsiballZ packs only the module_utils imported literally.
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import registry
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import (
    communication, hardware, identity, privacy, system)

FAMILIES = (hardware, system, communication, identity, privacy)


def _clause_key(record):
    # Part 2's own requirements first, then the assumed Part 1 clauses, each in clause order.
    return (record["source"] != "standard", [int(n) for n in record["id"].split(".")])


CONTROLS = sorted((r for family in FAMILIES for r in family.RECORDS), key=_clause_key)

CONTROL_IDS = tuple(c["id"] for c in CONTROLS)
BY_ID = dict((c["id"], c) for c in CONTROLS)
LEVELS = (1, 2, 3)
if len(BY_ID) != len(CONTROLS):
    raise ValueError("a clause id has two records: %s" % ", ".join(
        sorted(i for i in BY_ID if CONTROL_IDS.count(i) > 1)))


def enforceable(control):
    """True when the role sets this control on the camera (its enforce.yml task): an
    evaluated `enforce` control that reads at least one area this collection can write.
    The baseline module sets those among them that have a `desired` state."""
    return (control["kind"] == "enforce" and control["evaluated"] and
            any(a not in registry.READ_ONLY for a in control["areas"]))


def record(control_id):
    """The record of one clause (not a copy: do not change it)."""
    return BY_ID[control_id]


def rule_var(control_id):
    """The inventory toggle of a control: 5.3.2.2 -> ipcam_rule_5_3_2_2."""
    return "ipcam_rule_" + control_id.replace(".", "_")


def controls(level, overrides=None):
    """The controls that apply at `level` (levels are cumulative), with overrides from
    inventory applied: {"5.3.2.2": {"level": 2, "enabled": False, "expect": {...},
    "justification": "..."}}. Unknown ids are an error, so a typo cannot silently
    leave a control as it was."""
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(CONTROL_IDS))
    if unknown:
        raise ValueError("unknown control id(s) in overrides: %s (known: %s)"
                         % (", ".join(unknown), ", ".join(CONTROL_IDS)))
    out = []
    for base in CONTROLS:
        # A copy of the record with its own mutable parts: the functions and tuples it
        # holds are shared (a deep copy of every record cost more than the evaluation).
        control = dict(base, expect=copy.deepcopy(base["expect"]), probes=dict(base["probes"]))
        override = overrides.get(control["id"]) or {}
        if "level" in override:
            control["level"] = int(override["level"])
        if override.get("expect"):
            control["expect"].update(override["expect"])
            control["expect_overridden"] = True
        control["enabled"] = override.get("enabled", True)
        control["justification"] = override.get("justification")
        if control["level"] <= level:
            out.append(control)
    return out
