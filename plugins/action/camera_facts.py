# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs camsec.ipcam.camera_facts on the controller (plugins/plugin_utils/camera_action.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.plugin_utils.camera_action import CameraAction


class ActionModule(CameraAction):
    pass
