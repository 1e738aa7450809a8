# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `firmware` (read-only): the model and firmware version the camera reports
(5.2.1, 5.2.3), from VAPIX basicdeviceinfo.cgi, ISAPI System/deviceInfo or ONVIF
GetDeviceInformation, whichever the driver uses for its identity.

Read model: {"manufacturer", "model", "version", "version_parsed": [..] | None}.
Comparing with a per-model minimum is firmware.check_minimum() / firmware.evaluate().
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import firmware
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import read_only

NAME = "firmware"


def read(driver):
    ident = driver.identity()
    version = ident.get("firmware")
    parsed = firmware.parse_version(version)
    out = {"manufacturer": ident.get("manufacturer"), "model": ident.get("model"),
           "version": version, "version_parsed": list(parsed) if parsed else None,
           "unsupported": {}}
    if not version:
        out["unsupported"]["version"] = "the camera's identity call reports no firmware version"
    return out


def public(current):
    return dict(current)


# Reported, never changed (read_only.py).
plan = read_only.plan
apply = read_only.refuse_apply(NAME)
diff = read_only.diff
