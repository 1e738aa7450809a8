# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `storage`: removable media protected so that only this camera reads it (5.1.1.2).

Enabling encryption on Axis formats the card: the plan marks that step destructive
and it is refused while the card holds recordings unless the task allows formatting.

The sequence has three steps (enable encryption, format, mount), and it can stop
part-way: a format job that fails leaves encryption enabled on a card that is not
formatted and will not mount. The plan reads that state from the card and resumes from
the step that is left, so a re-run finishes the job; a run that stops part-way reports
the steps it did (changed) and the ones left, with the state it left the card in.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, InputError, Unsupported)

NAME = "storage"

# Each planned action and the driver steps it runs, in order.
STEPS = {
    "enable_encryption_and_format": ("enable_encryption", "format", "mount"),
    "format_and_mount": ("format", "mount"),
    "mount": ("mount",),
}
ACTION_FOR_STEPS = dict((steps, action) for action, steps in STEPS.items())


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
        change = _slot_change(slot, desired)
        if change:
            changes.append(change)
    return changes


def _slot_change(slot, desired):
    if not slot.get("present"):
        return None
    enabled, encrypted = bool(slot.get("encryption_enabled")), bool(slot.get("encrypted"))
    mounted = slot.get("mounted", True)  # drivers that cannot tell report no `mounted`
    change = {"area": NAME, "key": "slot %s" % slot["id"], "slot": slot["id"]}
    if encrypted and enabled:
        if mounted:
            return None
        # Formatted and encrypted, but the mount did not happen: nothing left to lose.
        change.update(action="mount", destructive=False,
                      before={"encrypted": True, "mounted": False}, after={"mounted": True})
        return change
    if encrypted:
        return None  # encrypted by an earlier passphrase: never formatted again from here
    if enabled:
        # A sequence that stopped after enablediskencryption: the card keeps its old file
        # system (and its recordings) until a format finishes, and does not mount.
        if slot.get("recording") and not desired.get("allow_format"):
            raise InputError("slot %s has encryption enabled but is not formatted yet (an "
                             "earlier run stopped part-way), so it is unmounted and not "
                             "recording; it still holds recordings, and the format that "
                             "finishes the encryption erases them; copy them off and set "
                             "allow_format: true to proceed" % slot["id"])
        change.update(action="format_and_mount", destructive=True,
                      before={"encryption_enabled": True, "encrypted": False,
                              "mounted": bool(mounted), "filesystem": slot.get("filesystem"),
                              "recording": bool(slot.get("recording"))},
                      after={"encrypted": True, "mounted": True})
        return change
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
    change.update(action="enable_encryption_and_format", destructive=True,
                  before={"encrypted": False, "filesystem": slot.get("filesystem"),
                          "recording": bool(slot.get("recording"))},
                  after={"encrypted": True})
    return change


def apply(driver, changes, current, secrets, applied):
    for change in changes:
        done = []
        try:
            for step in STEPS[change["action"]]:
                _run_step(driver, step, change["slot"], secrets)
                done.append(step)
        except CameraError as exc:
            if not done:
                raise  # nothing changed on this slot; the driver said how the card is
            raise _stopped_part_way(change, done, exc, applied)
        applied.append(change)


def _run_step(driver, step, slot_id, secrets):
    if step == "enable_encryption":
        driver.enable_storage_encryption(slot_id, secrets["passphrase"])
    elif step == "format":
        driver.format_storage(slot_id)
    else:
        driver.mount_storage(slot_id)


def _stopped_part_way(change, done, exc, applied):
    """Record the steps the camera took as applied (the task reports changed), turn the
    planned change into the steps left (reported as not applied, with the card's state
    as its `before`), and say both in the error."""
    left = STEPS[change["action"]][len(done):]
    applied.append({"area": NAME, "key": change["key"], "slot": change["slot"],
                    "action": "+".join(done), "destructive": "format" in done,
                    "before": change["before"], "after": _after(done)})
    card = exc.details.get("card")
    change["action"] = ACTION_FOR_STEPS[left]
    change["destructive"] = "format" in left
    change["after"] = _after(left)
    if card:
        change["before"] = dict((k, card.get(k)) for k in (
            "encryption_enabled", "encrypted", "mounted", "filesystem", "recording"))
    hint = ("run the task again to finish" +
            (" (allow_format: true is needed while the card holds recordings, since the "
             "format erases them)" if "format" in left else ""))
    return CameraError(exc.camera, exc.call, "%s. Slot %s stopped part-way: done: %s; "
                       "still to do: %s; %s" % (exc.cause, change["slot"], ", ".join(done),
                                                ", ".join(left), hint))


def _after(done):
    after = {}
    if "enable_encryption" in done:
        after["encryption_enabled"] = True
    if "format" in done:
        after["encrypted"] = True
    if "mount" in done:
        after["mounted"] = True
    return after


def diff(current, changes):
    return ({c["key"]: c["before"] for c in changes}, {c["key"]: c["after"] for c in changes})
