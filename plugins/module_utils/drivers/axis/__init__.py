# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Axis: AxisDriver (driver.py) over VAPIX (vapix.py, vapix_json.py), with its accounts,
time_logging and streams parts, and the Onvif helper for what VAPIX lacks."""
