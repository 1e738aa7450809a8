# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Firmware versions: parse, compare, and check against a per-model minimum (5.2.1, 5.2.3).

Vendors write versions differently: Axis `11.8.64`, Hikvision `V5.7.3 build 230316`,
ONVIF devices anything in GetDeviceInformation's FirmwareVersion. A version is compared
numerically segment by segment after dropping a leading `V` and any build suffix
(`build 230316`, `_build230316`, `(230316)`); missing segments count as 0, so `11.8`
equals `11.8.0`.

The minimums come from inventory, one per model: {"P3265-LVE": "11.8.0",
"DS-2CD2143G2-I": "V5.7.0"}. Models are matched exactly, then ignoring case, then with
the vendor's name in front dropped (`AXIS P3265-LVE` matches `P3265-LVE`).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.registry import DRIVERS
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

_BUILD = re.compile(r"[\s_\-]*(\(|\bbuild\b|build(?=\d)).*$", re.IGNORECASE)
_LEADING_V = re.compile(r"^\s*v(?=\d)", re.IGNORECASE)
_SEGMENT = re.compile(r"^(\d+)")
# What the registered drivers put before their model names ("axis "), longest first.
VENDOR_PREFIXES = tuple(sorted(set(p for driver in DRIVERS for p in driver.IDENTITY_PREFIXES),
                               key=lambda p: (-len(p), p)))

# Results of check_minimum(); `compliant` is True, False or None (cannot say).
AT_OR_ABOVE = "at_or_above"
BELOW = "below"
NO_MINIMUM = "no_minimum"
UNKNOWN = "unknown"


def parse_version(text):
    """'V5.7.3 build 230316' -> (5, 7, 3); None when no number can be read.

    Each dot-separated segment contributes its leading digits; the first segment without
    any ends the version (`11.8.64.beta` -> (11, 8, 64))."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        text = str(text)
    text = _LEADING_V.sub("", str(text).strip())
    text = _BUILD.sub("", text).strip()
    parts = []
    for segment in text.split("."):
        match = _SEGMENT.match(segment.strip())
        if not match:
            break
        parts.append(int(match.group(1)))
    return tuple(parts) if parts else None


def compare_versions(a, b):
    """-1, 0 or 1 as version a is below, equal to or above b (strings or tuples);
    raises ValueError when either cannot be read."""
    pa = a if isinstance(a, tuple) else parse_version(a)
    pb = b if isinstance(b, tuple) else parse_version(b)
    if pa is None or pb is None:
        raise ValueError("cannot read a version number in %r" % (a if pa is None else b,))
    width = max(len(pa), len(pb))
    pa = pa + (0,) * (width - len(pa))
    pb = pb + (0,) * (width - len(pb))
    return (pa > pb) - (pa < pb)


def minimum_for(model, minimums):
    """The minimum version given for this model, or None."""
    if not model or not minimums:
        return None
    if model in minimums:
        return minimums[model]
    wanted = _model_key(model)
    for key, value in minimums.items():
        if _model_key(key) == wanted:
            return value
    return None


def _model_key(model):
    key = str(model).strip().lower()
    for prefix in VENDOR_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):].strip()
    return key


def validate_minimums(minimums):
    """Raise InputError for inventory a version cannot be read from (before any camera
    is asked, so that a typo is not reported as a non-compliant fleet)."""
    if minimums is None:
        return {}
    if not isinstance(minimums, dict):
        raise InputError("firmware minimums must be a mapping of model to version, got %r"
                         % (minimums,))
    for model, version in minimums.items():
        if parse_version(version) is None:
            raise InputError("firmware minimum for %s: %r is not a version number"
                             % (model, version))
    return minimums


def check_minimum(model, version, minimums):
    """Compare a camera's firmware with the minimum for its model.

    Returns {"model", "version", "minimum", "result", "compliant", "reason"}, where
    result is at_or_above | below | no_minimum | unknown and compliant is True, False or
    None (no minimum defined, or a version that cannot be read)."""
    minimum = minimum_for(model, minimums)
    out = {"model": model, "version": version, "minimum": minimum}
    if minimum is None:
        out.update(result=NO_MINIMUM, compliant=None,
                   reason="no minimum defined for model %s" % (model or "(unknown model)"))
        return out
    if parse_version(version) is None:
        out.update(result=UNKNOWN, compliant=None,
                   reason="the camera reports no readable firmware version (%r)" % (version,))
        return out
    try:
        order = compare_versions(version, minimum)
    except ValueError as exc:
        out.update(result=UNKNOWN, compliant=None, reason=str(exc))
        return out
    if order < 0:
        out.update(result=BELOW, compliant=False,
                   reason="firmware %s is below the minimum %s for %s" % (version, minimum, model))
    else:
        out.update(result=AT_OR_ABOVE, compliant=True, reason=None)
    return out


def evaluate(firmware_area, minimums):
    """check_minimum() on what the `firmware` area read ({"model", "version", ...})."""
    return check_minimum(firmware_area.get("model"), firmware_area.get("version"), minimums)
