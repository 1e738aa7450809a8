# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""baseline: every enforceable control of a level, one task per camera; with `evaluate`,
the level's evaluation too, in the same task (the role's whole-level path: one task per
camera for enforcement and audit, the driver's reads and connection shared)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import baseline, compliance
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError
from ansible_collections.camsec.ipcam.plugins.module_utils.tasks import compliance_facts


def run(driver, params, check_mode):
    result = {"changed": False}
    if params.get("enforce", True):
        try:
            result = baseline.enforce(driver, params["level"], _without(params.get("controls"), params.get("exclude")),
                                      params.get("masks") or [], params.get("storage_passphrase"),
                                      params["allow_format"], check_mode,
                                      accounts=baseline.account_site(params, driver),
                                      on_unsupported=params.get("on_unsupported") or "warn")
        except CameraError as exc:
            # A camera that cannot be reached is reported as the evaluation reports it
            # (unreachable, never drift), not as a failed enforcement.
            outcome = unidentified(params, exc)
            if outcome is None:
                raise
            return outcome
    if not params.get("evaluate"):
        return result
    evaluation = compliance_facts.run(driver, params, check_mode)
    for key in ("ansible_facts", "summary", "unreachable"):
        if key in evaluation:
            result[key] = evaluation[key]
    # Both halves keep their word: an enforcement that failed stays failed whatever the
    # evaluation found, and the messages of both are kept.
    if evaluation.get("failed"):
        result["failed"] = True
    messages = [m for m in (result.get("msg"), evaluation.get("msg")) if m]
    if messages:
        result["msg"] = "; and ".join(messages)
    return result


def unidentified(params, error):
    """With `evaluate`, an unreachable camera ends as the evaluation ends it; else None."""
    if not params.get("evaluate") or not compliance.is_unreachable(error):
        return None
    return compliance_facts.unidentified(params, error)


def _without(controls, exclude):
    """The overrides with the excluded clauses disabled (for enforcement only)."""
    if not exclude:
        return controls
    out = dict(controls or {})
    for cid in exclude:
        out[cid] = dict(out.get(cid) or {}, enabled=False, justification="excluded from enforcement")
    return out
