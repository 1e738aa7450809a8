# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drivers this collection has, one line per vendor, and how a camera gets one.

`vendor: auto` asks each registered driver, in the order of DRIVERS, whether the camera is
one of its own: first `recognises(identity)` with the identity ONVIF GetDeviceInformation
gave; where ONVIF did not identify the camera (no ONVIF service, or a fault), each
driver's `sniff(transport)`, which sends requests without credentials only. A refused
login (AuthError) or a camera that does not answer stops the selection at once: no
second credentialed request ever follows a refusal. OnvifDriver recognises every camera
that answered over ONVIF, so it stays LAST: a new vendor's line goes before it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.driver import AxisDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua.driver import DahuaDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha.driver import HanwhaDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.driver import HikvisionDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.driver import OnvifDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, InputError)

DRIVERS = (
    AxisDriver,
    DahuaDriver,
    HanwhaDriver,
    HikvisionDriver,
    OnvifDriver,  # last: it recognises any camera that answers over ONVIF
)
BY_NAME = dict((driver.vendor, driver) for driver in DRIVERS)
VENDORS = ("auto",) + tuple(sorted(BY_NAME))


def driver_for(transport, vendor):
    """The driver for the camera behind `transport`: the named vendor's, or with `auto` the
    first registered driver that recognises the camera. Raises InputError (before any
    request) for a vendor no driver has."""
    if vendor not in VENDORS:
        raise InputError("unknown vendor %r; choose one of %s" % (vendor, ", ".join(VENDORS)))
    if vendor != "auto":
        return BY_NAME[vendor](transport)
    probe = OnvifDriver(transport)
    try:
        identity = probe.identity()
    except (AuthError, CameraUnreachable):
        raise  # a refused login is never followed by another; a silent camera by none
    except CameraError:
        # ONVIF did not identify it: the drivers that can tell their own cameras without
        # a login try, in order; none: the ONVIF error stands.
        for driver in DRIVERS:
            if driver.sniff(transport):
                return driver(transport)
        raise
    for driver in DRIVERS:
        if driver.recognises(identity):
            if driver is OnvifDriver:
                return probe
            chosen = driver(transport)
            chosen.continue_from(probe)
            return chosen
    return probe
