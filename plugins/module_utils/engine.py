# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""converge(): read -> compare -> plan -> apply (unless check mode) -> read back.

The same code path serves check mode and real runs, so the plan shown by
`--check --diff` is exactly what a real run applies. A change the camera accepted but
did not keep is an error, never a success.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError, Unsupported


def converge(driver, area, desired, check_mode, secrets=None):
    """`area` is a module of module_utils/areas with read/plan/apply/diff."""
    current = area.read(driver)
    changes = area.plan(current, desired)
    before, after = area.diff(current, changes)
    result = {
        "changed": bool(changes),
        "plan": [_public(c) for c in changes],
        "diff": {"before": before, "after": after},
        "unsupported": current.get("unsupported", {}),
    }
    if check_mode or not changes:
        result["current"] = area.public(current)
        return result
    applied = []  # the area appends each change once the camera took it
    try:
        area.apply(driver, changes, current, secrets or {}, applied)
    except CameraError as exc:
        exc.details = {"applied": [_public(c) for c in applied],
                       "not_applied": [_public(c) for c in changes if c not in applied]}
        raise
    driver.forget_reads()
    readback = area.read(driver)
    left = area.plan(readback, desired)
    if left:
        raise CameraError(
            driver.camera, "read back after write",
            "the camera accepted the change but did not keep it: %s"
            % "; ".join("%s is %s, expected %s" % (c["key"], _show(c["before"]), _show(c["after"]))
                        for c in left),
            {"applied": [_public(c) for c in applied]})
    result["current"] = area.public(readback)
    return result


def _public(change):
    return {k: v for k, v in change.items() if not k.startswith("_")}


def _show(value):
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "absent"
    return repr(value)


def converge_or_warn(driver, area, desired, check_mode, on_unsupported, what):
    """converge(), except that with on_unsupported=warn a camera whose API cannot do the
    area changes nothing and warns: a fleet run goes on to the camera's other controls,
    and the audit reports `what` for it. Returns (result, None) or (None, warn result)."""
    try:
        return converge(driver, area, desired, check_mode), None
    except Unsupported as exc:
        if on_unsupported == "fail":
            raise
        return None, {"changed": False, "unsupported": {area.NAME: exc.reason},
                      "warnings": ["%s not enforceable on this camera: %s" % (what, exc.reason)]}
