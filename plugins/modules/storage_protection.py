#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: storage_protection
short_description: Protect an IP camera's removable storage (TS-0014-2 5.1.1.2)
version_added: 0.1.0
description:
  - Makes every SD card present in the camera encrypted, so that no machine but this
    camera can read it. A camera with no card (or no slot) is compliant and says so.
  - On Axis, enabling encryption formats the card (unmount, enable, format, mount). The task
    refuses when the card holds recordings unless O(allow_format=true).
  - If a step fails part-way (a format job that the camera reports failed, say), the task
    fails with the camera's words, reports C(changed=true) for the steps the camera took
    (RV(applied)), lists the steps left (RV(not_applied)), and says in which state the card
    is left (mounted again, or explicitly unmounted (not recording) with the camera's reason).
    A card with encryption enabled but not yet formatted does not mount on Axis.
  - A re-run finishes such a card from where it stopped (format, then mount; or mount only);
    the format still needs O(allow_format=true) while the card holds recordings. Check mode
    shows the steps left.
  - Cameras whose API offers no encryption (Hikvision ISAPI, ONVIF) fail with the reason; remove
    the card or record an attestation for 5.1.1.2.
  - Never disables encryption and never formats a card that is already encrypted.
options:
  encryption:
    description: Encrypt every present card. V(false) checks nothing and changes nothing.
    type: bool
    default: true
  passphrase:
    description:
      - Passphrase for the card encryption (keep it in Ansible Vault). Never shown.
      - Without control characters (such as line breaks).
    type: str
  allow_format:
    description:
      - Allow formatting a card that holds recordings to enable encryption. Formatting
        erases them.
    type: bool
    default: false
  on_unsupported:
    description:
      - What to do when the camera holds a card that its API cannot encrypt, or cannot
        report its removable storage at all.
      - V(fail) fails the task; V(warn) changes nothing and warns (the audit then reports 5.1.1.2).
    type: str
    default: fail
    choices: [fail, warn]
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.attributes
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: 5.1.1.2 - encrypt the SD card (refuses if it holds recordings)
  camsec.ipcam.storage_protection:
    passphrase: "{{ vault_sd_passphrase }}"

- name: 5.1.1.2 - encrypt even if that erases the recordings on the card
  camsec.ipcam.storage_protection:
    passphrase: "{{ vault_sd_passphrase }}"
    allow_format: true
'''

RETURN = r'''
storage:
  description: The removable storage slots as read back after the task.
  returned: success
  type: dict
  sample: {slots: [{id: SD_DISK, present: true, encryption_supported: true, encrypted: true,
                    encryption_enabled: true, mounted: true, filesystem: ext4, recording: false}]}
msg:
  description: Set when no removable storage is present.
  returned: when no card is present
  type: str
plan:
  description:
    - The changes, in order, that the task made (or would make in check mode). One a slot;
      C(action) is V(enable_encryption_and_format), or for a card left part-way by an
      earlier run V(format_and_mount) or V(mount).
  returned: always
  type: list
  elements: dict
  sample: [{area: storage, key: slot SD_DISK, slot: SD_DISK, action: format_and_mount,
            destructive: true, before: {encryption_enabled: true, encrypted: false,
            mounted: false, filesystem: vfat, recording: true},
            after: {encrypted: true, mounted: true}}]
unsupported:
  description: Settings that the camera's API cannot read or set, with the reason.
  returned: always
  type: dict
  sample: {upnp: "ONVIF defines no operation for UPnP; the network probes can still verify it"}
vendor:
  description: The driver that was used.
  returned: always
  type: str
  sample: hikvision
requests:
  description: Number of HTTP requests sent to the camera by this task.
  returned: always
  type: int
  sample: 9
applied:
  description:
    - On a failure part-way, the changes the camera had already taken. A slot whose sequence
      stopped part-way shows the steps done, e.g. C(action=enable_encryption).
  returned: on failure after changes were made
  type: list
  elements: dict
not_applied:
  description:
    - On a failure part-way, the changes that were not made. A slot whose sequence stopped
      part-way shows the steps left, with the card's state as read after the failure in
      C(before) (C(mounted=false) means the camera does not record to it).
  returned: on failure after changes were made
  type: list
  elements: dict
evaluated_in:
  description:
    - Where the module's logic ran on the controller, C(shared evaluator) (the run's one
      long-lived process, on Linux in plays of 10 cameras or more) or C(worker) (the
      process Ansible forked for this camera); chosen by the variable C(ipcam_evaluator)
      (C(auto), C(always), C(never)). Absent when the task is delegated to another host.
  returned: when the task runs on the controller
  type: str
  sample: shared evaluator
'''

from ansible_collections.camsec.ipcam.plugins.module_utils.runner import run_module


def main():
    run_module("storage_protection")


if __name__ == "__main__":
    main()
