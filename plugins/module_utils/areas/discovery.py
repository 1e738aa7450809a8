# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `discovery`: UPnP, Bonjour, SNMP (and its versions), WS-Discovery (5.3.2.2)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import compare
from ansible_collections.camsec.ipcam.plugins.module_utils.model import DISCOVERY_KEYS

NAME = "discovery"


def read(driver):
    return driver.read_discovery()


def public(current):
    return dict(current)


def plan(current, desired):
    """desired: {"upnp": bool|None, ..., "snmp_versions": [..]|None}; None = leave alone."""
    unsupported = current.get("unsupported", {})
    changes = compare.set_changes(NAME, current, compare.asked(current, desired, DISCOVERY_KEYS),
                                  DISCOVERY_KEYS)
    versions = desired.get("snmp_versions")
    if versions is not None and desired.get("snmp") is not False \
            and "snmp" not in unsupported and (desired.get("snmp") or current.get("snmp")):
        want = sorted(set(versions))
        have = sorted(current.get("snmp_versions") or [])
        if want != have:
            changes.append({"area": NAME, "key": "snmp_versions", "action": "set",
                            "before": have, "after": want})
    return changes


def apply(driver, changes, current, secrets, applied):
    # One write for the whole area: SNMP on/off and its versions belong together.
    driver.write_discovery({c["key"]: c["after"] for c in changes})
    applied.extend(changes)


def diff(current, changes):
    return ({c["key"]: c["before"] for c in changes}, {c["key"]: c["after"] for c in changes})
