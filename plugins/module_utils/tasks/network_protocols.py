# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""network_protocols: HTTP, HTTPS, telnet, SSH, FTP on or off and the oldest TLS version
HTTPS accepts (5.2.1, 5.2.5, 5.3.2), never cutting the management path
(areas/protocols.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import protocols
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge

KEYS = protocols.SWITCHES + (protocols.TLS_MIN, )


def run(driver, params, check_mode):
    desired = dict((k, params.get(k)) for k in KEYS)
    desired["_on_unsupported"] = params["on_unsupported"]
    result = converge(driver, protocols, desired, check_mode)
    warnings = ["%s: %s (left as it is)" % (k, reason)
                for k, reason in sorted(protocols.asked_unsupported(result["unsupported"], desired))]
    if warnings:
        result["warnings"] = warnings
    result["protocols"] = dict((k, v) for k, v in result.pop("current").items()
                               if k != "unsupported")
    # Where the task ended up talking to the camera: HTTPS after HTTP was turned off,
    # even when it started on HTTP (use_https: false).
    result["management_scheme"] = driver.management_scheme()
    return result
