# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a control record holds, and the one evaluation physical controls share.

A record is a dict (so that catalog.controls() can copy it and apply inventory
overrides) with:
    id, level, source, kind, title   the clause (kind: enforce | check | attest)
    expect         the default site expectations, overridable from inventory
    check_expect   validators of those expectations, run before anything is sent:
                   f(control) raises InputError naming the clause and the key
    evaluate       f(control, reader, ctx) -> (status, actual, evidence, reason); or
                   `attested` (evidence from inventory); or None with `pending`, the reason
                   the control reports `manual` (not evaluated yet, never `pass`)
    areas          the settings areas (areas/registry.py) the evaluation reads
    probes         {key: probe service} the evaluation uses (exposure.NetworkView)
    desired        f(control, site) -> {area: desired state} the baseline enforces, or
                   None for a control the baseline module does not set
Exactly one of `evaluate` and `pending`: a control without an evaluation is an
explicit decision, never a silent default.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

KINDS = ("enforce", "check", "attest")
SOURCES = ("standard", "assumed")
NOT_READ = "not evaluated yet: needs the %s settings area, which this collection does not read yet"


def attested(control, reader, ctx):
    """Physical or vendor-design controls: evidence from inventory (ipcam_attestations)."""
    attestation = ctx["attestations"].get(control["id"])
    if attestation:
        return "pass", {"attested": True}, attestation, None
    return ("manual", {"attested": False}, None,
            "physical or vendor-design control: record evidence in ipcam_attestations['%s']"
            % control["id"])


def control(id, level, source, kind, title, expect=None, evaluate=None, pending=None,  # pylint: disable=redefined-builtin
            areas=(), probes=None, desired=None, check_expect=()):
    """One control record; a malformed one fails at import, not in an audit."""
    if kind not in KINDS or source not in SOURCES or level not in (1, 2, 3):
        raise ValueError("control %s: bad kind %r, source %r or level %r" % (id, kind, source, level))
    if (evaluate is None) == (pending is None):
        raise ValueError("control %s: give exactly one of evaluate (a function, or attested) "
                         "and pending (why it is manual)" % id)
    if desired is not None and kind != "enforce":
        raise ValueError("control %s: only an enforce control has a desired state" % id)
    return {"id": id, "level": level, "source": source, "kind": kind, "title": title,
            "expect": dict(expect or {}), "check_expect": tuple(check_expect),
            "evaluate": evaluate, "pending": pending, "evaluated": pending is None,
            "areas": tuple(areas), "probes": dict(probes or {}), "desired": desired}
