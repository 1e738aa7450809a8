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
    the vendor-neutral settings model (discovery services, privacy masks, removable storage,
    firmware).
  - Returns them as C(ansible_facts.ipcam). Read-only; never changes the camera.
  - Settings that the camera's API cannot report are listed in C(unsupported) with the
    reason (the call and the camera's own words), never guessed; the rest is still read.
  - A part whose read faults is listed in C(errors), with a warning; the other parts are
    still returned. A refused login, or a camera that cannot be reached, fails the task.
  - With O(probe=true) it also sends network probes to the camera (UDP 161, 5353, 1900, 3702
    and a few TCP connects) and reports what answered; they run while the API is read.
options:
  gather_subset:
    description:
      - What to read. V(all) reads everything; otherwise any of the other values.
      - V(protocols) is HTTP, HTTPS, telnet, SSH, FTP; V(time) NTP and the clock offset (measured,
        so it varies between reads); V(logging) the remote syslog servers; V(accounts) the users
        and their roles (never passwords), anonymous access and the login lockout.
      - V(streaming) plain RTSP, RTSPS and SRTP on or off with their ports; V(wireless) the
        camera's radios, their security and WPS (both read-only).
    type: list
    elements: str
    default: [all]
    choices: [all, identity, capabilities, discovery, privacy_masks, storage, firmware, protocols,
              time, logging, accounts, streaming, wireless]
  probe:
    description:
      - Also probe the camera from the network (SNMP, mDNS, SSDP, WS-Discovery, TCP ports, as
        O(probes) says) and return what answered as C(ansible_facts.ipcam.exposure), with evidence.
      - A camera's API saying a service is off is a claim; the probes show whether it really is silent.
    type: bool
    default: false
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.probes
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

- name: Also check what the camera answers on the network (SNMP without the defaults)
  camsec.ipcam.camera_facts:
    gather_subset: [identity, discovery]
    probe: true
    probes:
      snmp_community: "{{ vault_snmp_community }}"
      snmp_default_communities: []

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
          firmware: {manufacturer: AXIS, model: P3265-LVE, version: 11.8.64, version_parsed: [11, 8, 64]}
          protocols: {http: false, https: true, http_port: 80, https_port: 443, ssh: false, ftp: false,
                      http_auth_basic: false}
          time: {ntp: true, ntp_servers: [192.0.2.123], from_dhcp: false, offset_s: 0.0}
          logging: {enabled: true, servers: [{host: 192.0.2.20, port: 6514, protocol: tls}]}
          accounts: {users: [{name: root, role: admin}], anonymous_access: false, lockout: null}
        unsupported: {protocols.telnet: "VAPIX has no API for telnet...", accounts.lockout: "..."}
        errors: {}
        exposure:
          address: 192.0.2.10
          answering: [snmp, ssdp]
          snmp: {answered: true, versions: [v2c], communities: [public],
                 evidence: [{version: v2c, community: public, sys_descr: "AXIS P3265-LVE Network Camera"}]}
          ssdp: {answered: true, server: "Linux/4.14 UPnP/1.0 AXIS-P3265-LVE/11.8.64",
                 first_bytes: "HTTP/1.1 200 OK..."}
          mdns: {answered: false}
          wsd: {answered: false}
          tcp: {open: [443], closed: [21, 22, 23, 80, 554], filtered: [], banners: {}}
          tls: {port: 443, answered: true, versions: {TLSv1.2: true, TLSv1.3: true}, oldest: TLSv1.2,
                certificate: {verified: true, days_left: 364}}
      contains:
        exposure:
          description:
            - What answered on the network (only with O(probe=true)). Per probe (C(snmp), C(mdns),
              C(ssdp), C(wsd), C(tcp), C(tls), C(rtsp)) whether it C(answered) and the evidence (the
              first bytes of the reply, the community that worked, the service types listed, the open
              ports, the TLS versions accepted and the certificate, the RTSP status without credentials).
            - C(answering) lists the UDP services that answered; C(elapsed_s) is the pass's duration.
          type: dict
          returned: when O(probe=true)
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
    run_module("camera_facts")


if __name__ == "__main__":
    main()
