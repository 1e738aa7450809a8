# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""privacy_masks: masks per video source with resource-module states (5.5.1.2)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import privacy_masks
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge


def run(driver, params, check_mode):
    desired = {"state": params["state"], "video_source": params.get("video_source"),
               "masks": [{k: v for k, v in m.items() if v is not None} for m in params["masks"]]}
    result = converge(driver, privacy_masks, desired, check_mode)
    current = result.pop("current")
    result["privacy_masks"] = current
    if params["state"] == "gathered":
        result["gathered"] = current["masks"]
    return result
