# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `storage`: removable media protected so that only this camera reads it (5.1.1.2).

Enabling encryption on Axis formats the card: the plan marks that step destructive
and it is refused while the card holds recordings unless the task allows formatting.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError, Unsupported

NAME = "storage"


def read(driver):
    return driver.read_storage()


def public(current):
    return dict(current)


def plan(current, desired):
    """desired: {"encryption": True, "allow_format": bool, "have_passphrase": bool}."""
    if not desired.get("encryption"):
        return []
    changes = []
    for slot in current.get("slots", []):
        if not slot.get("present") or slot.get("encrypted"):
            continue
        if not slot.get("encryption_supported"):
            raise Unsupported("slot %s holds a card, and this camera's API offers no way to "
                              "encrypt it: remove the card or seal the slot, and record that "
                              "as an attestation" % slot["id"])
        if slot.get("recording") and not desired.get("allow_format"):
            raise InputError("slot %s holds recordings, and enabling encryption formats the "
                             "card, which erases them; copy them off and set allow_format: "
                             "true to proceed" % slot["id"])
        if not desired.get("have_passphrase"):
            raise InputError("slot %s needs encryption: give a passphrase" % slot["id"])
        changes.append({"area": NAME, "key": "slot %s" % slot["id"], "slot": slot["id"],
                        "action": "enable_encryption_and_format", "destructive": True,
                        "before": {"encrypted": False, "filesystem": slot.get("filesystem"),
                                   "recording": bool(slot.get("recording"))},
                        "after": {"encrypted": True}})
    return changes


def apply(driver, changes, current, secrets, applied):
    for change in changes:
        driver.enable_storage_encryption(change["slot"], secrets["passphrase"])
        applied.append(change)


def diff(current, changes):
    return ({c["key"]: c["before"] for c in changes}, {c["key"]: c["after"] for c in changes})
