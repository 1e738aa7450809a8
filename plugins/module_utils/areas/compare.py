# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The key-by-key comparison the areas share: which asked keys the camera can set
(honouring on_unsupported), and a "set" change per key that differs."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported


def asked(current, desired, keys):
    """{key: wanted value} of the `keys` that `desired` asks for (not None) and the camera
    can set. A key the camera cannot set raises Unsupported, naming it and the camera's
    reason, unless desired["_on_unsupported"] is "warn": then it is left alone (and the
    caller reports it, e.g. protocols.asked_unsupported)."""
    unsupported = current.get("unsupported", {})
    fail = desired.get("_on_unsupported", "fail") == "fail"
    wanted = {}
    for key in keys:
        want = desired.get(key)
        if want is None:
            continue
        if key in unsupported:
            if fail:
                raise Unsupported("%s: %s" % (key, unsupported[key]))
            continue
        wanted[key] = want
    return wanted


def set_changes(area_name, current, wanted, keys):
    """One "set" change per key of `wanted` (in the order of `keys`) whose current value
    differs: the key-by-key comparison most areas share."""
    return [{"area": area_name, "key": key, "action": "set", "before": current.get(key),
             "after": wanted[key]}
            for key in keys if key in wanted and current.get(key) != wanted[key]]
