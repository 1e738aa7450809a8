# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""time_sync: NTP on with static servers; the camera's clock offset reported (5.2.7)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import time_sync
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge_or_warn
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError


def run(driver, params, check_mode):
    max_offset = params.get("max_offset")
    if max_offset is not None and max_offset <= 0:  # also checked by the runner (input_checks)
        raise InputError("max_offset must be more than 0 seconds, got %s" % max_offset)
    desired = {"ntp": params.get("ntp"), "ntp_servers": params.get("ntp_servers"),
               "state": params.get("state") or "merged"}
    time_sync.validate(desired)  # bad input fails before the camera is asked anything
    result, refused = converge_or_warn(driver, time_sync, desired, check_mode,
                                       params.get("on_unsupported", "fail"), "5.2.7 time sync")
    if refused:
        return refused
    current = result.pop("current")
    offset = current.get("offset_s")
    in_sync = time_sync.in_sync(offset, max_offset)
    result["time"] = {
        "ntp": current.get("ntp"),
        "ntp_servers": current.get("ntp_servers"),
        "from_dhcp": current.get("from_dhcp"),
        "offset_s": offset,
        "in_sync": in_sync,
        "max_offset": max_offset,
    }
    result["offset_s"] = offset
    result["in_sync"] = in_sync
    warnings = []
    if in_sync is False:
        warnings.append("the camera's clock is %.1f s off the controller's (max_offset %s); "
                        "NTP corrects it once the camera reaches its server" % (offset, max_offset))
    elif offset is None and max_offset is not None:
        warnings.append("the camera's clock offset could not be measured: %s"
                        % current.get("unsupported", {}).get("offset_s", "no time reported"))
    if warnings:
        result["warnings"] = warnings
    return result
