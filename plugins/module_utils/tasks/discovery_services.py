# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""discovery_services: UPnP, Bonjour, SNMP, WS-Discovery on or off (5.3.2.2)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import discovery
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge

KEYS = ("upnp", "bonjour", "snmp", "snmp_versions", "ws_discovery")


def run(driver, params, check_mode):
    desired = {k: params.get(k) for k in KEYS}
    desired["_on_unsupported"] = params["on_unsupported"]
    result = converge(driver, discovery, desired, check_mode)
    warnings = ["%s: %s (left as it is)" % (k, reason) for k, reason in result["unsupported"].items()
                if desired.get(k) is not None]
    if warnings:
        result["warnings"] = warnings
    result["discovery"] = {k: v for k, v in result.pop("current").items() if k != "unsupported"}
    return result
