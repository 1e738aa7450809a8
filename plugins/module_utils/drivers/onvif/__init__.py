# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ONVIF: the Onvif helper (helper.py) that every driver has, and OnvifDriver
(driver.py) for plain ONVIF cameras."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.driver import OnvifDriver  # noqa: F401
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.helper import Onvif  # noqa: F401
