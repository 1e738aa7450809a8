# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Converge every enforceable control of a level in one task per camera, through the
same engine as the single-area modules. Check mode gives the drift plan."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import (
    accounts, discovery, privacy_masks, protocols, remote_logging, storage, time_sync)
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import AuthError, CameraError, InputError, Unsupported

# Areas in the order they are converged: the least disruptive first. Protocols come last:
# turning plain HTTP off moves the task's own connection to HTTPS (areas/protocols.py).
AREA_ORDER = (("discovery", discovery), ("privacy_masks", privacy_masks), ("storage", storage),
              ("time", time_sync), ("logging", remote_logging), ("accounts", accounts),
              ("protocols", protocols))


def desired_state(selected, masks, passphrase, allow_format):
    """{area: (desired, [control ids])} for the enforceable controls selected."""
    ids = dict((c["id"], c) for c in selected if c["enabled"] and c["kind"] == "enforce" and c["evaluated"])
    wanted = {}
    if "5.3.2.2" in ids:
        expect = ids["5.3.2.2"]["expect"]
        want = {k: expect.get(k) for k in ("upnp", "bonjour", "ws_discovery")}
        if expect.get("snmp") == "v3_only":
            want.update(snmp=None, snmp_versions=["v3"])
        else:
            want["snmp"] = expect.get("snmp")
        want["_on_unsupported"] = "warn"
        wanted["discovery"] = (want, ["5.3.2.2"])
    elif "5.3.1" in ids:
        # SNMP may stay on, but only as v3 (a camera with SNMP off stays off).
        wanted["discovery"] = ({"snmp_versions": ["v3"], "_on_unsupported": "warn"}, ["5.3.1"])
    if "5.3.1" in ids and "5.3.2.2" in ids:
        wanted["discovery"][1].append("5.3.1")
    if "5.5.1.2" in ids and masks:
        wanted["privacy_masks"] = ({"state": "merged", "masks": masks}, ["5.5.1.2"])
    if "5.1.1.2" in ids:
        wanted["storage"] = ({"encryption": True, "allow_format": allow_format,
                              "have_passphrase": bool(passphrase)}, ["5.1.1.2"])
    _protocols_wanted(ids, wanted)
    if "5.4.1" in ids:
        # Users (5.4.3) need their passwords, which this module does not take: the role's
        # 5.4.3 task (camsec.ipcam.accounts) creates them.
        expect = ids["5.4.1"]["expect"]
        wanted["accounts"] = ({"anonymous_access": expect.get("anonymous_access"),
                               "lockout": expect.get("lockout"), "_on_unsupported": "warn"},
                              ["5.4.1"])
    if "5.2.7" in ids:
        expect = ids["5.2.7"]["expect"]
        if expect.get("ntp_servers"):
            wanted["time"] = ({"ntp": True, "ntp_servers": expect["ntp_servers"],
                               "state": "merged"}, ["5.2.7"])
        if expect.get("syslog_servers"):
            wanted["logging"] = ({"enabled": True, "servers": expect["syslog_servers"],
                                  "state": "merged"}, ["5.2.7"])
    return wanted


def _protocols_wanted(ids, wanted):
    """5.2.1 (telnet, FTP, SSH off unless allowed), 5.2.5 (HTTPS on, HTTP off) and 5.3.2
    (insecure protocols off) as one protocols change; the strictest wins."""
    want, control_ids = {}, []
    if "5.2.1" in ids:
        allowed = ids["5.2.1"]["expect"].get("allowed_services") or []
        want.update((k, False) for k in protocols.SERVICES if k not in allowed)
        control_ids.append("5.2.1")
    if "5.2.5" in ids:
        expect = ids["5.2.5"]["expect"]
        for key in ("https", "http"):
            if expect.get(key) is not None:
                want[key] = expect[key]
        control_ids.append("5.2.5")
    if "5.3.2" in ids:
        expect = ids["5.3.2"]["expect"]
        allowed = expect.get("allowed_services") or []
        want.update((k, False) for k in protocols.SERVICES if k not in allowed)
        if expect.get("http") is False:
            want["http"] = False
        # The floor is only ever raised (areas/protocols.py): a site minimum of TLSv1 or
        # TLSv1.1 asks nothing of the camera's setting.
        if expect.get("min_tls_version") in protocols.TLS_MIN_CHOICES:
            want[protocols.TLS_MIN] = expect["min_tls_version"]
        control_ids.append("5.3.2")
    if want:
        want["_on_unsupported"] = "warn"
        wanted["protocols"] = (want, control_ids)


def enforce(driver, level, overrides, masks, passphrase, allow_format, check_mode):
    try:
        selected = catalog.controls(level, overrides)
    except ValueError as exc:
        raise InputError(str(exc))
    wanted = desired_state(selected, masks, passphrase, allow_format)
    result = {"changed": False, "plan": [], "diff": {"before": {}, "after": {}},
              "controls": {}, "warnings": []}
    problems = []
    for name, area in AREA_ORDER:
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
