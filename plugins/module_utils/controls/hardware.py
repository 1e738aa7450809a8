# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clause family 5.1: the camera as a device (storage, housing, interfaces, boot)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.controls.record import NOT_READ, attested, control


def storage_encrypted(control_, reader, ctx):
    """Every present card encrypted; a card the camera cannot encrypt passes review only
    on an attestation (and stays `manual`)."""
    slots = reader.get("storage")["slots"]
    present = [s for s in slots if s.get("present")]
    actual = {s["id"]: {"present": s.get("present"), "encrypted": s.get("encrypted"),
                        "encryption_supported": s.get("encryption_supported")} for s in slots}
    if not present:
        return "pass", actual, {"slots": len(slots), "cards_present": 0}, None
    plain = [s for s in present if not s.get("encrypted")]
    if not plain:
        return "pass", actual, {"cards_present": len(present), "all_encrypted": True}, None
    unable = [s["id"] for s in plain if not s.get("encryption_supported")]
    attestation = ctx["attestations"].get(control_["id"])
    if unable and attestation and len(unable) == len(plain):
        return ("manual", actual, attestation,
                "slot %s holds an unencrypted card that this camera cannot encrypt; "
                "accepted on the attestation given" % ", ".join(unable))
    return ("fail", actual, None, "; ".join(
        "slot %s holds a card that is not encrypted%s" % (
            s["id"], "" if s.get("encryption_supported") else
            " and the camera's API cannot encrypt it (remove the card or attest)")
        for s in plain))


def storage_desired(control_, site):
    return {"storage": {"encryption": True, "allow_format": site["allow_format"],
                        "have_passphrase": bool(site["passphrase"])}}


RECORDS = [
    control("5.1.1.2", 2, "standard", "enforce",
            "Removable storage protected so that only this camera can read it",
            expect={"encrypted": True}, evaluate=storage_encrypted, areas=("storage",),
            desired=storage_desired),
    control("5.1.3.2", 2, "standard", "attest",
            "Anti-demolition design (one-piece housing or tamper-proof screws)",
            expect={"attestation": True}, evaluate=attested),
    control("5.1.1", 1, "assumed", "check",
            "Physical interfaces: nothing unauthenticated reachable on the network",
            pending=NOT_READ % "exposure (network probes)"),
    control("5.1.2", 2, "assumed", "enforce",
            "Abnormal physical behaviour (tamper, defocus, casing open) raises events",
            pending=NOT_READ % "events"),
    control("5.1.4", 3, "assumed", "attest", "Secure boot",
            expect={"attestation": True}, evaluate=attested),
]
