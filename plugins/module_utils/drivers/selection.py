# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pick the driver for a camera; `auto` identifies it over ONVIF first."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis import AxisDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision import HikvisionDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif import OnvifDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

DRIVERS = {"onvif": OnvifDriver, "axis": AxisDriver, "hikvision": HikvisionDriver}
VENDORS = ("auto",) + tuple(sorted(DRIVERS))
MANUFACTURER_HINTS = (("axis", "axis"), ("hikvision", "hikvision"), ("hik", "hikvision"))


def driver_for(transport, vendor):
    if vendor not in VENDORS:
        raise InputError("unknown vendor %r; choose one of %s" % (vendor, ", ".join(VENDORS)))
    if vendor != "auto":
        return DRIVERS[vendor](transport)
    probe = OnvifDriver(transport)
    identity = probe.identity()
    maker = (identity.get("manufacturer") or "").lower()
    for hint, name in MANUFACTURER_HINTS:
        if hint in maker:
            driver = DRIVERS[name](transport)
            driver.onvif = probe.onvif  # keep the learned clock offset and services
            return driver
    return probe
