#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: compliance_facts
short_description: Evaluate an IP camera against TAICS TS-0014-2 at a security level
version_added: 0.1.0
description:
  - Evaluates every control of the catalog that applies at O(level) against the camera's
    current settings, and returns one result per control as C(ansible_facts.ipcam_compliance),
    for the fact cache of AWX and for the report role.
  - Read-only; it does not depend on check mode, so it can run in scheduled audits.
  - Each result has C(id), C(level), C(title), C(source) (standard or assumed), C(kind)
    (enforce, check or attest), C(status) (pass, fail, manual, not_applicable or error),
    C(expected), C(actual), C(evidence) and C(reason).
  - A control this collection does not evaluate yet reports V(manual) with that reason, never V(pass).
    Physical controls (for example 5.1.3.2) pass on an attestation from inventory.
options:
  site_vars:
    description:
      - Read the options this task does not set from the camera's inventory variables, the
        variables of the P(camsec.ipcam.baseline#role) role, with the role's defaults, namely
        C(ipcam_level), the site data each control is judged against (C(ipcam_firmware_minimums),
        C(ipcam_ntp_servers), C(ipcam_syslog_servers), C(ipcam_users) by name and role, and the
        others), C(ipcam_controls) and the C(ipcam_rule_*) toggles, C(ipcam_attestations),
        C(ipcam_privacy_masks), C(ipcam_fail_on_drift) and the probe settings C(ipcam_probe_*).
        The variables are checked against the role's argument spec before any request.
      - This is how the audit playbook evaluates a camera in one task.
    type: bool
    default: false
  level:
    description:
      - TS-0014-2 security level. Levels are cumulative (2 includes 1, 3 includes 2).
      - Required unless O(site_vars=true) reads it from C(ipcam_level).
    type: int
    choices: [1, 2, 3]
  controls:
    description:
      - >-
        Per-control overrides keyed by clause id, for example
        C({"5.3.2.2": {"expect": {"snmp": "v3_only"}, "justification": "NMS polls over SNMPv3"}}).
      - Keys are C(enabled) (false disables the control and needs a C(justification)),
        C(level) (move the control to another level), C(expect) (change what the control
        expects; a key set to null is not checked), and C(justification) (recorded in the results).
      - Unknown clause ids are an error.
    type: dict
    default: {}
  attestations:
    description:
      - >-
        Evidence for physical or vendor-design controls, keyed by clause id, for example
        C({"5.1.3.2": {"evidence": "vandal-resistant housing, tamper-proof screws", "by": "site survey 2026-10"}}).
    type: dict
    default: {}
  masks:
    description:
      - The privacy masks declared for this camera (5.5.1.2 checks they are present and enabled).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Name of the mask. ONVIF Media2 (also used for Axis) and Hikvision name masks by
            tokens the camera assigns, so a mask is matched by its polygon unless its name is such a token.
        type: str
      video_source:
        description: Video source (configuration token) of the mask.
        type: str
      polygon:
        description:
          - At least 3 C([x, y]) points with x and y from 0 to 1 of the picture, from the top-left,
            in order around the area.
          - A polygon whose edges cross or touch (a bow-tie) is refused before anything is sent.
        type: list
        elements: raw
      enabled:
        description: Whether the mask covers the picture. Default true.
        type: bool
      type:
        description: How the area is hidden. Default V(Color).
        type: str
        choices: [Color, Pixelated, Blurred]
      color:
        description: Colour of a V(Color) mask. Default C(black).
        type: str
  fail_on_drift:
    description:
      - Fail the task when a control fails or cannot be evaluated, so that AWX notifications fire.
      - The facts are returned either way.
      - A camera that cannot be reached (no connection, refused or dropped, no answer, no TLS
        handshake) is never reported as drifted; whatever this option says, the task ends
        unreachable (C(unreachable=true), as Ansible counts hosts it cannot reach) with a message
        that names the camera and the cause. The evaluation stops at the first failed connection.
    type: bool
    default: false
  probes:
    description:
      - >-
        The network verifies what the API says: 5.3.2.2 passes only when the API says UPnP,
        Bonjour, SNMP and WS-Discovery are off and the probes hear nothing on UDP 1900, 5353,
        161 and 3702; "the API says off but the camera answers" is its own failure reason,
        with the reply as evidence. A service the camera's API cannot report (ONVIF-only cameras
        have no UPnP, Bonjour or SNMP operations) is judged by its probe alone, and is
        V(manual) only when that probe is left out of O(probes.services).
      - 5.3.1 fails when the camera answers SNMP v1 or v2c, whatever its API says.
      - 5.2.2 compares the open ports among O(probes.tcp_ports) with the control's
        C(allowed_tcp_ports) (default 80, 443 and 554; change it with O(controls)); without the
        V(tcp) probe it is V(manual).
      - Only the probes that the selected controls need are sent.
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.probes
  - camsec.ipcam.attributes.facts
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: Evaluate each camera at the level and against the site data of its inventory
  camsec.ipcam.compliance_facts:
    site_vars: true

- name: Audit at level 2, failing on drift (scheduled in AWX)
  camsec.ipcam.compliance_facts:
    level: 2
    attestations: "{{ ipcam_attestations | default({}) }}"
    masks: "{{ ipcam_privacy_masks | default([]) }}"
    fail_on_drift: true

- name: Level 3 where a firewall lets only TCP through (no UDP probes), SSH allowed
  camsec.ipcam.compliance_facts:
    level: 3
    probes:
      services: [tcp]
      tcp_ports: [21, 22, 23, 80, 443, 554, 8000]
    controls:
      "5.2.2":
        expect: {allowed_tcp_ports: [22, 443, 554]}
        justification: "Change 4712: vendor support over SSH"

- name: Level 3 with the SNMPv3-only exception to 5.3.2.2
  camsec.ipcam.compliance_facts:
    level: 3
    controls:
      "5.3.2.2":
        expect: {snmp: v3_only}
        justification: "Change 4711: NMS polls cameras over SNMPv3"
'''

RETURN = r'''
ansible_facts:
  description: Compliance results.
  returned: success
  type: dict
  contains:
    ipcam_compliance:
      description:
        - Level, camera identity, one result per control, and a summary.
        - C(status) is V(compliant), V(drifted) or V(unreachable). An unreachable camera has every
          control V(error) with the reason C(unreachable) followed by the cause, C(summary.unreachable=true), and
          C(unreachable) with C(cause), C(call) and C(network) (what the probes heard meanwhile).
          Ansible keeps no facts of an unreachable host, so C(register) the result to read them.
      returned: success, and when the camera is unreachable
      type: dict
      sample:
        level: 3
        status: drifted
        camera: {vendor: axis, model: P3265-LVE, firmware: 11.8.64, host: 192.0.2.10}
        controls:
          - id: "5.3.2.2"
            level: 3
            title: Network device information inquiry (UPnP, SNMP, Bonjour) off
            source: standard
            kind: enforce
            status: fail
            expected: {upnp: false, bonjour: false, snmp: false, ws_discovery: false}
            actual: {upnp: false, bonjour: false, snmp: false, snmp_versions: [], ws_discovery: false}
            evidence:
              note: "..."
              network:
                upnp: {probe: ssdp, port: 1900, answered: true,
                       evidence: "UDP 1900 (unicast): HTTP/1.1 200 OK, SERVER Linux/4.14 UPnP/1.0 AXIS-P3265-LVE/11.8.64, USN uuid:..."}
            reason: >-
              upnp: the API says off but the camera answers SSDP (evidence: UDP 1900 (unicast):
              HTTP/1.1 200 OK, SERVER Linux/4.14 UPnP/1.0 AXIS-P3265-LVE/11.8.64, USN uuid:...)
        summary: {total: 21, counts: {pass: 5, fail: 1, manual: 15, not_applicable: 0, error: 0},
                  failed: ["5.3.2.2"], errors: [], compliant: false, unreachable: false}
summary:
  description: The summary of the evaluation (also inside the facts).
  returned: success
  type: dict
vendor:
  description: The driver that was used.
  returned: always
  type: str
requests:
  description: Number of HTTP requests sent to the camera by this task.
  returned: always
  type: int
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
    run_module("compliance_facts")


if __name__ == "__main__":
    main()
