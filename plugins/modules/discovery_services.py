#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: discovery_services
short_description: Turn an IP camera's network discovery services on or off (TS-0014-2 5.3.2.2)
version_added: 0.1.0
description:
  - Sets UPnP, Bonjour (mDNS/DNS-SD), SNMP and WS-Discovery. TS-0014-2 clause 5.3.2.2
    requires UPnP, SNMP and Bonjour off; WS-Discovery off is this collection's level-3 default.
  - Each option left out is left as it is. Reads first and writes only what differs, then
    reads back; a camera that accepts a change but does not keep it fails the task.
  - ONVIF defines no operation for UPnP, SNMP or Bonjour, so on an ONVIF-only camera only
    O(ws_discovery) can be set; see O(on_unsupported).
options:
  upnp:
    description: UPnP (SSDP) on or off.
    type: bool
  bonjour:
    description: Bonjour (mDNS / DNS-SD) on or off.
    type: bool
  snmp:
    description:
      - SNMP on or off. Turning it off turns off every version.
      - Turning it on without O(snmp_versions) keeps the versions the camera had, or v3 only if it had none.
    type: bool
  snmp_versions:
    description:
      - The SNMP versions to allow while SNMP is on, for example V([v3]) for the SNMPv3-only
        exception to 5.3.2.2.
      - An empty list is refused; to turn SNMP off, set O(snmp=false).
    type: list
    elements: str
    choices: [v1, v2c, v3]
  ws_discovery:
    description: ONVIF WS-Discovery (Discoverable or NonDiscoverable).
    type: bool
  on_unsupported:
    description:
      - What to do when an option is set that the camera's API cannot change.
      - V(fail) fails the task; V(warn) leaves that setting alone and warns.
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
- name: 5.3.2.2 - network device information inquiry off
  camsec.ipcam.discovery_services:
    upnp: false
    bonjour: false
    snmp: false
    ws_discovery: false

- name: 5.3.2.2 with the SNMPv3-only exception
  camsec.ipcam.discovery_services:
    upnp: false
    bonjour: false
    snmp: true
    snmp_versions: [v3]

- name: Mixed fleet - leave what ONVIF-only cameras cannot set, with a warning
  camsec.ipcam.discovery_services:
    upnp: false
    ws_discovery: false
    on_unsupported: warn
'''

RETURN = r'''
discovery:
  description: The discovery services as read back after the task.
  returned: success
  type: dict
  sample: {upnp: false, bonjour: false, snmp: false, snmp_versions: [], ws_discovery: false}
plan:
  description: The changes, in order, that the task made (or would make in check mode).
  returned: always
  type: list
  elements: dict
  sample: [{area: discovery, key: upnp, action: set, before: true, after: false}]
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
  description: On a failure part-way, the changes the camera had already taken.
  returned: on failure after changes were made
  type: list
  elements: dict
not_applied:
  description: On a failure part-way, the changes that were not made.
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
    run_module("discovery_services")


if __name__ == "__main__":
    main()
