# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hikvision: HikvisionDriver (driver.py) over ISAPI (isapi.py), with its accounts,
time_logging and streams parts, and the Onvif helper for what ISAPI lacks."""
