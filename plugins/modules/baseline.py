#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: baseline
short_description: Enforce every enforceable TS-0014-2 control of a level on an IP camera
version_added: 0.1.0
description:
  - Converges, in one task per camera, every control of the catalog at O(level) that this
    collection can enforce, through the same engine as the single-area modules
    (M(camsec.ipcam.discovery_services), M(camsec.ipcam.privacy_masks), M(camsec.ipcam.storage_protection)).
  - In check mode the result is the drift plan; with C(--diff) the diff is keyed by clause id.
  - A control the camera's API cannot enforce is reported in C(controls) as V(unsupported)
    with a warning; the audit (M(camsec.ipcam.compliance_facts)) then judges it.
  - A control that could not be enforced for a reason the user can fix (an SD card with
    recordings and no O(allow_format), a missing passphrase, a change the camera did not
    keep) fails the task after the other controls were converged.
options:
  site_vars:
    description:
      - Read the options this task does not set from the camera's inventory variables, the
        variables of the P(camsec.ipcam.baseline#role) role, with the role's defaults, namely
        C(ipcam_level), the site data (C(ipcam_ntp_servers), C(ipcam_users) and the others),
        C(ipcam_controls) and the C(ipcam_rule_*) toggles, C(ipcam_privacy_masks),
        C(ipcam_sd_passphrase), C(ipcam_allow_format), C(ipcam_lockout_attempts),
        C(ipcam_users_state) and C(ipcam_on_unsupported). The variables are checked against
        the role's argument spec before any request.
      - Clauses skipped with C(--skip-tags) (C(rule_<clause>) or C(level<N>), as the role
        tags its tasks) are not enforced.
      - This is how the role enforces a whole level in one task per camera.
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
  masks:
    description:
      - Privacy masks declared for this camera, converged with state V(merged) for 5.5.1.2
        (masks not listed are never deleted).
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
  storage_passphrase:
    description:
      - Passphrase for SD-card encryption (5.1.1.2). Keep it in Ansible Vault. Never shown.
      - Without control characters (such as line breaks).
    type: str
  allow_format:
    description:
      - Allow formatting an SD card that holds recordings to enable its encryption
        (5.1.1.2 on Axis). Formatting erases them.
    type: bool
    default: false
  users:
    description:
      - The camera's accounts as the site declares them (5.4.3), converged with O(users_state).
        A password is sent only to create a user (it cannot be read back); the account this
        task logs in with is never deleted.
    type: list
    elements: dict
    suboptions:
      name:
        description: User name.
        type: str
        required: true
      role:
        description: Role of the user.
        type: str
        default: viewer
        choices: [admin, operator, viewer]
      password:
        description: Password, sent only when the user is created. Keep it in Ansible Vault. Never shown.
        type: str
      state:
        description: Whether the user exists.
        type: str
        default: present
        choices: [present, absent]
  users_state:
    description:
      - V(merged) adds and fixes the users of O(users); V(overridden) also deletes every user not listed.
    type: str
    default: merged
    choices: [merged, overridden]
  lockout_attempts:
    description:
      - Failed logins before an account is locked (5.4.1), where the camera has the setting.
    type: int
  on_unsupported:
    description:
      - What to do when the camera's API cannot enforce a control or a key of it. V(warn)
        leaves it as it is with a warning (the audit judges it); V(fail) fails the task after
        the other controls were converged.
    type: str
    default: warn
    choices: [fail, warn]
  exclude:
    description:
      - Clause ids not to enforce (they are still evaluated with O(evaluate)). O(site_vars=true)
        fills it from C(--skip-tags).
    type: list
    elements: str
    default: []
  enforce:
    description:
      - Converge the controls. V(false) with O(evaluate=true) only evaluates (the role's
        C(ipcam_audit_only), which O(site_vars=true) reads).
    type: bool
    default: true
  evaluate:
    description:
      - After enforcing (or planning, in check mode), evaluate every control of the level in the
        same task, as M(camsec.ipcam.compliance_facts) does, into C(ansible_facts.ipcam_compliance);
        the camera's connection and reads are shared, and a fleet run is one task per camera.
      - A camera that cannot be reached then ends the task unreachable, never as drift.
    type: bool
    default: false
  attestations:
    description:
      - With O(evaluate), evidence for physical or vendor-design controls, keyed by clause id, as
        M(camsec.ipcam.compliance_facts) takes it.
    type: dict
    default: {}
  fail_on_drift:
    description:
      - With O(evaluate), fail the task when a control fails or cannot be evaluated (the facts are
        returned either way).
    type: bool
    default: false
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.probes
  - camsec.ipcam.attributes
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: Enforce the level of each camera's inventory (ipcam_level and the site data)
  camsec.ipcam.baseline:
    site_vars: true

- name: Show the level-2 drift plan
  camsec.ipcam.baseline:
    level: 2
    masks: "{{ ipcam_privacy_masks | default([]) }}"
    storage_passphrase: "{{ vault_ipcam_sd_passphrase }}"
  check_mode: true
  diff: true

- name: Enforce level 3, keeping WS-Discovery for the VMS
  camsec.ipcam.baseline:
    level: 3
    storage_passphrase: "{{ vault_ipcam_sd_passphrase }}"
    controls:
      "5.3.2.2":
        expect: {ws_discovery: null}
        justification: "VMS adds cameras by WS-Discovery"
'''

RETURN = r'''
controls:
  description: Per enforceable control, C(changed), C(ok), C(unsupported) or C(failed), with the reason.
  returned: always
  type: dict
  sample: {"5.3.2.2": {status: changed, reason: null}, "5.1.1.2": {status: unsupported, reason: "..."}}
plan:
  description: The changes, each with the clause ids it serves.
  returned: always
  type: list
  elements: dict
not_enforced_here:
  description: Controls of the level that this module does not enforce (attestations, checks, areas not read yet).
  returned: always
  type: list
  elements: str
vendor:
  description: The driver that was used.
  returned: always
  type: str
ansible_facts:
  description: With O(evaluate), the evaluation as M(camsec.ipcam.compliance_facts) returns it.
  returned: when evaluate is true
  type: dict
  contains:
    ipcam_compliance:
      description: The level's evaluation (see M(camsec.ipcam.compliance_facts)).
      type: dict
      returned: when evaluate is true
summary:
  description: With O(evaluate), the counts of the evaluation's results.
  returned: when evaluate is true
  type: dict
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
    run_module("baseline")


if __name__ == "__main__":
    main()
