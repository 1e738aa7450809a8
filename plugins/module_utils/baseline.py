# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge every enforceable control of a level in one task per camera, through the
same engine as the single-area modules. Check mode gives the drift plan."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import protocols, registry
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import AuthError, CameraError, InputError, Unsupported


def desired_state(selected, masks, passphrase, allow_format, accounts=None):
    """{area: (desired, [control ids])} for the enforceable controls selected: each
    record's desired state (controls/), merged per area in catalog order, so that one area
    is converged once for all the controls that set it (the later key wins; the records
    only ever ask for the stricter value). An area whose merged state asks for no key is
    left out: there is nothing to converge."""
    enforcing = [c for c in selected if c["enabled"] and c["evaluated"] and c["desired"]]
    site = {"masks": masks, "passphrase": passphrase, "allow_format": allow_format,
            "enforcing": set(c["desired"] for c in enforcing), "accounts": accounts or {}}
    merged = {}
    for control in enforcing:
        for area, want in control["desired"](control, site).items():
            desired, control_ids = merged.setdefault(area, ({}, []))
            desired.update(want)
            control_ids.append(control["id"])
    return dict((area, entry) for area, entry in merged.items()
                if any(not key.startswith("_") for key in entry[0]))


def account_site(params, driver):
    """What 5.4.1 and 5.4.3 take from the site: the declared users (passwords only sent to
    create a user), the lockout threshold, and what protects the connection's own account."""
    users = params.get("users")
    if users is not None:
        users = [dict((k, v) for k, v in u.items() if v is not None) for u in users]
    return {"users": users, "state": params.get("users_state") or "merged",
            "lockout_attempts": params.get("lockout_attempts"),
            "_connection_user": params.get("username"), "_name_rule": driver.account_name_rule,
            "_role_change_needs_password": driver.role_change_needs_password}


def enforce(driver, level, overrides, masks, passphrase, allow_format, check_mode,
            accounts=None, on_unsupported="warn"):
    try:
        selected = catalog.controls(level, overrides)
    except ValueError as exc:
        raise InputError(str(exc))
    wanted = desired_state(selected, masks, passphrase, allow_format, accounts)
    if "accounts" in wanted:
        # The camera's user-name rule is known now: bad declared users fail before any write.
        registry.BY_NAME["accounts"].validate(wanted["accounts"][0], wanted["accounts"][0].get("_name_rule"))
    result = {"changed": False, "plan": [], "diff": {"before": {}, "after": {}},
              "controls": {}, "warnings": []}
    problems = []
    for area in registry.AREAS:
        name = area.NAME
        if name not in wanted:
            continue
        desired, control_ids = wanted[name]
        label = "+".join(control_ids)
        try:
            outcome = converge(driver, area, desired, check_mode,
                               secrets={"passphrase": passphrase})
        except AuthError:
            raise
        except Unsupported as exc:
            _mark(result, control_ids, "unsupported", exc.reason)
            if on_unsupported == "fail":
                problems.append("%s: not enforceable on this camera: %s" % (label, exc.reason))
            else:
                result["warnings"].append("%s: not enforceable on this camera: %s" % (label, exc.reason))
            continue
        except (InputError, CameraError) as exc:
            _mark(result, control_ids, "failed", str(exc))
            problems.append("%s: %s" % (label, exc))
            if isinstance(exc, CameraError) and exc.details.get("applied"):
                result["changed"] = True
            continue
        for change in outcome["plan"]:
            change["controls"] = control_ids
            result["plan"].append(change)
        if outcome["changed"]:
            result["changed"] = True
            # 5.2.7 spans two areas (time, logging): their keys do not collide.
            result["diff"]["before"].setdefault(label, {}).update(outcome["diff"]["before"])
            result["diff"]["after"].setdefault(label, {}).update(outcome["diff"]["after"])
        # Keys asked for, and values asked for that the API cannot set ("tls_min_version=TLSv1.3").
        for _key, reason in protocols.asked_unsupported(outcome.get("unsupported", {}), desired):
            if on_unsupported == "fail":
                problems.append("%s: %s" % (label, reason))
            else:
                result["warnings"].append("%s: %s (left as it is)" % (label, reason))
        _mark(result, control_ids, "changed" if outcome["changed"] else "ok", None)
    skipped = [c["id"] for c in selected if c["id"] not in result["controls"]]
    result["not_enforced_here"] = skipped
    if problems:
        result["failed"] = True
        result["msg"] = "camera %s: some controls could not be enforced: %s" % (
            driver.camera, " | ".join(problems))
    return result


MARK_ORDER = ("failed", "unsupported", "changed", "ok")  # a later area never hides a worse one


def _mark(result, control_ids, status, reason):
    for cid in control_ids:
        before = result["controls"].get(cid)
        if before and MARK_ORDER.index(before["status"]) <= MARK_ORDER.index(status):
            continue
        result["controls"][cid] = {"status": status, "reason": reason}
