# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evaluator of 5.3.3 (Wi-Fi: off where a camera has it, or WPA2/WPA3 only and WPS
off), from the `wireless` area (areas/wireless.py).

Expectations: `allowed_security` (the security modes a radio that is on may use;
default WPA2, WPA3 and the WPA2/WPA3 transition mode) and `wps: false`.

- no radio: pass (nothing to judge; the evidence says so);
- a radio that is off: passes, whatever its security;
- a radio that is on: fails with a mode outside the list (none, WEP, WPA, or WPA mixed
  with WPA2) or with WPS on; manual where the camera's word does not say which WPA
  (Axis's WPA-PSK, ONVIF's Extended) or WPS cannot be read (ONVIF has no WPS setting).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import wireless
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError


def wireless_5_3_3(control, reader, ctx):
    allowed, want_wps = _checked_expectation(control)
    current = reader.get("wireless")
    radios = current.get("interfaces") or []
    unsupported = current.get("unsupported", {})
    actual = {"interfaces": [dict((k, r.get(k)) for k in ("id", "enabled", "security", "wps"))
                             for r in radios]}
    evidence = {"interfaces": [dict(r) for r in radios], "allowed_security": allowed}
    if not radios:
        evidence["wireless_interfaces"] = 0
        return "pass", actual, evidence, None
    problems, unknown = [], []
    for radio in radios:
        if not radio.get("enabled"):
            continue
        name = "wireless interface %s" % radio.get("id")
        if radio.get("security") is None:
            unknown.append("%s is on and its %s does not say which security mode it uses"
                           % (name, radio.get("security_raw")))
        elif radio["security"] not in allowed:
            problems.append("%s is on with %s (%s; allowed: %s)" % (
                name, radio["security"], radio.get("security_raw"), ", ".join(allowed)))
        if want_wps is False:
            if radio.get("wps") is True:
                problems.append("%s has WPS on" % name)
            elif radio.get("wps") is None:
                unknown.append("whether %s has WPS on cannot be read: %s"
                               % (name, unsupported.get("wps", "not reported")))
    if problems:
        return "fail", actual, evidence, "; ".join(problems)
    if unknown:
        return "manual", actual, evidence, "; ".join(unknown) + (
            "; switch the radio off, or check it and give evidence in ipcam_attestations['%s']"
            % control["id"])
    return "pass", actual, evidence, None


def _checked_expectation(control):
    expect = control["expect"]
    allowed = expect.get("allowed_security")
    if not isinstance(allowed, list) or not allowed or \
            not all(a in wireless.SECURITY for a in allowed):
        raise InputError("5.3.3 expects allowed_security as a list of %s, got %r"
                         % (", ".join(wireless.SECURITY), allowed))
    if expect.get("wps") not in (False, None):
        raise InputError("5.3.3 expects wps as false (or null to leave WPS alone), got %r"
                         % (expect.get("wps"),))
    return allowed, expect.get("wps")
