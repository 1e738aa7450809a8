# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clause family 5.5: privacy (private data needs authentication, privacy masks, encrypted
streams). 5.5.1's evaluation is in compliance_private_data.py; 5.5.1.2 is judged here."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_private_data as private_data
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import privacy_masks
from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_streams
from ansible_collections.camsec.ipcam.plugins.module_utils.controls.record import control
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError


def masks_in_place(control_, reader, ctx):
    """Masks supported, and the masks the site declares for this camera present."""
    current = reader.get("privacy_masks")
    actual = {"max_masks": current.get("max_masks"), "masks": len(current.get("masks", []))}
    if not current.get("max_masks"):
        return "fail", actual, None, "the camera reports no privacy-mask support (max masks 0)"
    declared = ctx["declared_masks"]
    if not declared:
        return ("pass", actual, {"declared_masks": 0},
                None)
    try:
        missing = privacy_masks.plan(current, {"state": "merged", "masks": declared})
    except InputError as exc:
        return "fail", actual, None, "the declared masks cannot be put on this camera: %s" % exc
    if missing:
        return ("fail", actual, {"declared_masks": len(declared)}, "; ".join(
            "%s is %s" % (c["key"], "missing" if c["action"] == "create" else "different")
            for c in missing))
    return "pass", actual, {"declared_masks": len(declared), "all_present": True}, None


def declared_masks(control_, site):
    """The declared masks merged in (none declared: nothing to set)."""
    if not site["masks"]:
        return {}
    return {"privacy_masks": {"state": "merged", "masks": site["masks"]}}


RECORDS = [
    control("5.5.1.2", 2, "standard", "enforce",
            "Privacy masks supported and the declared masks in place",
            expect={"supported": True, "declared_masks_present": True}, evaluate=masks_in_place,
            areas=("privacy_masks", ), desired=declared_masks),
    # Asked without credentials (compliance_private_data.py): the snapshot over HTTP(S)
    # and the stream over RTSP (the rtsp probe, ipcam_probe_rtsp), where the camera says
    # they are (ONVIF media), else at the vendor's fixed paths.
    control("5.5.1", 1, "assumed", "check",
            "Access to private data: stream, snapshot, recordings need authentication",
            expect={"unauthenticated_snapshot": False, "unauthenticated_stream": False},
            evaluate=private_data.private_data_5_5_1, probes={"stream": "rtsp"}),
    # Audit only (areas/streaming.py is read-only): no plain RTSP where the camera can stream
    # encrypted, and RTSPS or SRTP on (compliance_streams.py).
    control("5.5.2", 2, "assumed", "enforce", "Privacy in transmission: encrypted streams where supported",
            expect={"plain_rtsp": False, "encrypted_stream": True},
            evaluate=compliance_streams.streams_5_5_2, areas=("streaming",)),
]
