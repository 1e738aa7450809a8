#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: camera_facts
short_description: Read an IP camera's identity, capabilities and security settings
version_added: 0.1.0
description:
  - Reads the camera's vendor, model, firmware and serial number, its capabilities, and
    the vendor-neutral settings model (discovery services, privacy masks, removable storage).
  - Returns them as C(ansible_facts.ipcam). Read-only; never changes the camera.
  - Settings that the camera's API cannot report are listed in C(unsupported) with the
    reason, never guessed.
options:
  gather_subset:
    description:
      - What to read. V(all) reads everything; otherwise any of the other values.
    type: list
    elements: str
    default: [all]
    choices: [all, identity, capabilities, discovery, privacy_masks, storage]
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.attributes.facts
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: Read everything (connection options from host vars ipcam_*)
  camsec.ipcam.camera_facts:

- name: Only identity and discovery services
  camsec.ipcam.camera_facts:
    gather_subset: [identity, discovery]

- name: Show the firmware
  ansible.builtin.debug:
    var: ansible_facts.ipcam.identity.firmware
'''

RETURN = r'''
ansible_facts:
  description: Facts about the camera.
  returned: success
  type: dict
  contains:
    ipcam:
      description: Identity, capabilities, settings model and what the API cannot report.
      type: dict
      returned: success
      sample:
        vendor: axis
        identity: {manufacturer: AXIS, model: P3265-LVE, firmware: 11.8.64, serial: AX00000001}
        settings:
          discovery: {upnp: true, bonjour: true, snmp: true, snmp_versions: [v1, v2c], ws_discovery: true}
        unsupported: {}
vendor:
  description: The driver that was used.
  returned: always
  type: str
  sample: axis
requests:
  description: Number of HTTP requests sent to the camera by this task.
  returned: always
  type: int
  sample: 6
'''

from ansible_collections.camsec.ipcam.plugins.module_utils.runner import run_module


def main():
    run_module("camera_facts")


if __name__ == "__main__":
    main()
