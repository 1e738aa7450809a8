# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""storage_protection: every present SD card encrypted (5.1.1.2)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import storage
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported


def run(driver, params, check_mode):
    desired = {"encryption": params["encryption"], "allow_format": params["allow_format"],
               "have_passphrase": bool(params.get("passphrase"))}
    try:
        result = converge(driver, storage, desired, check_mode,
                          secrets={"passphrase": params.get("passphrase")})
    except Unsupported as exc:
        if params["on_unsupported"] == "fail":
            raise
        # A fleet run goes on; the audit reports 5.1.1.2 for this camera.
        return {"changed": False, "unsupported": {"storage": exc.reason},
                "warnings": ["5.1.1.2 not enforceable on this camera: %s" % exc.reason]}
    current = result.pop("current")
    result["storage"] = {"slots": current["slots"]}
    present = [s for s in current["slots"] if s.get("present")]
    if not present:
        result["msg"] = "no removable storage present: compliant with 5.1.1.2"
    return result
