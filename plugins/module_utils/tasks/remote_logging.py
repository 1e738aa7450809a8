# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""remote_logging: remote syslog on, to the servers given (5.2.7)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import remote_logging
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge_or_warn


def run(driver, params, check_mode):
    desired = {"enabled": params.get("enabled"), "servers": params.get("servers"),
               "state": params.get("state") or "merged"}
    remote_logging.validate(desired)  # bad input fails before the camera is asked anything
    result, refused = converge_or_warn(driver, remote_logging, desired, check_mode,
                                       params.get("on_unsupported", "fail"),
                                       "5.2.7 remote logging")
    if refused:
        return refused
    current = result.pop("current")
    result["logging"] = {"enabled": current.get("enabled"), "servers": current.get("servers"),
                         "max_servers": current.get("max_servers")}
    return result
