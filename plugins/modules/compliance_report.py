#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# Documentation only: the action plugin of the same name (plugins/action/compliance_report.py)
# does all the work on the controller.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: compliance_report
short_description: Write the fleet's TAICS TS-0014-2 compliance reports on the controller
version_added: 0.1.0
description:
  - Reads the result of M(camsec.ipcam.compliance_facts) of every host of the play
    (C(ansible_play_hosts_all)) from C(hostvars), builds the fleet report once, and writes it
    as JSON, CSV (one row per camera and control), JUnit XML (one test case per camera and
    control) and a self-contained HTML page (camera x control matrix, changes since the
    previous report), all rendered from that one report.
  - A host's result is C(ansible_facts.ipcam_compliance). A host that left the play (it failed
    or was unreachable earlier in the run) is reported from its registered result
    C(ipcam_compliance_result) when that says the camera was unreachable, and otherwise as a
    camera that was not evaluated; facts cached from an earlier run are never used for it.
    Unreachable cameras are counted on their own, never as drifted.
  - When the findings equal those of the previous JSON report (same directory and prefix),
    time stamps and clock-derived measurements (C(offset_s), C(days_left)) aside, the previous
    report stands and no file is rewritten (C(changed=false)).
  - Each file is written through a temporary file in the same directory and renamed over the
    old one, so a reader never sees half a report. A file that already holds the same content
    and mode is left untouched.
  - The options are checked before anything is read or written.
  - Publishes the fleet summary as the custom stat C(ipcam_compliance_summary), as
    M(ansible.builtin.set_stats) with O(ansible.builtin.set_stats#module:per_host=false) and
    O(ansible.builtin.set_stats#module:aggregate=false) would.
  - Runs on the controller whatever host the task runs for; use it once per play
    (C(run_once=true)). The role C(camsec.ipcam.report) does.
options:
  dir:
    description:
      - Directory of the report files. A relative path is relative to the directory
        C(ansible-playbook) runs in. Created with O(dir_mode) when missing.
    type: path
    default: reports
  prefix:
    description:
      - File name prefix; the files are C(<prefix>.json), C(<prefix>.csv), C(<prefix>.xml) and
        C(<prefix>.html). Must not contain C(/).
    type: str
    default: ts-0014-2-compliance
  formats:
    description:
      - Which files to write.
      - Comparing with the previous report (the HTML page's changes, and leaving unchanged
        findings as they are) needs V(json).
    type: list
    elements: str
    choices: [json, csv, junit, html]
    default: [json, csv, junit, html]
  mode:
    description:
      - Mode of the report files, as an octal string such as V('0640') (or a YAML octal number).
        Reports name every camera's address and weaknesses.
    type: raw
    default: '0640'
  dir_mode:
    description:
      - Mode of the report directory when this task creates it; an existing directory is left
        as it is.
    type: raw
    default: '0750'
  console_cameras:
    description:
      - The console table (RV(console)) lists at most this many cameras with failing controls;
        the rest are counted.
    type: int
    default: 25
  console_controls:
    description:
      - The console table lists at most this many failing controls per camera.
    type: int
    default: 6
  level:
    description:
      - Level recorded for cameras that were not evaluated. Defaults to the level of the
        evaluated cameras when they agree.
    type: int
    choices: [1, 2, 3]
  generator:
    description: Name of what produced the report, written into it.
    type: str
    default: camsec.ipcam.report
attributes:
  check_mode:
    description: Writes nothing in check mode; RV(written) and C(changed) say what a real run would write.
    support: full
  diff_mode:
    description: Returns the fleet summary before and after when the files change (not the whole reports).
    support: partial
  platform:
    description: Runs on the controller.
    platforms: posix
    support: full
seealso:
  - module: camsec.ipcam.compliance_facts
  - plugin: camsec.ipcam.compliance_report
    plugin_type: filter
  - plugin: camsec.ipcam.compliance_report_html
    plugin_type: filter
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: Evaluate the cameras
  camsec.ipcam.compliance_facts:
    level: 2
  register: ipcam_compliance_result

- name: Write the reports and publish the fleet summary
  camsec.ipcam.compliance_report:
    dir: /var/lib/ipcam/reports
    prefix: "nightly-{{ awx_job_id | default('local') }}"
    formats: [json, html]
  run_once: true
  delegate_to: localhost
  register: ipcam_report

- name: Show the fleet summary and the failing controls
  ansible.builtin.debug:
    msg: "{{ ipcam_report.summary_line }}\n{{ ipcam_report.console }}"
  run_once: true
'''

RETURN = r'''
summary:
  description:
    - The fleet summary of the report (as in the JSON report), with its time stamp and the
      report files. Also published as the custom stat C(ipcam_compliance_summary).
  returned: always
  type: dict
  sample:
    level: 2
    levels: [2]
    cameras: 3
    evaluated: 3
    compliant: 1
    drifted: 2
    unreachable: 0
    compliant_cameras: [cam-0003]
    drifted_cameras: [cam-0001, cam-0002]
    unreachable_cameras: []
    unevaluated_cameras: []
    counts: {pass: 40, fail: 6, manual: 11, not_applicable: 0, error: 0}
    failures_by_control: {"5.3.1": 2, "5.2.5": 2, "5.4.1": 2}
    errors_by_control: {}
    generated_at: "2026-12-07T21:00:00Z"
    report_files: [/srv/reports/ts-0014-2-compliance.json, /srv/reports/ts-0014-2-compliance.csv]
report_files:
  description: Paths of the report files of the requested formats (written now or left as they were).
  returned: always
  type: list
  elements: str
written:
  description: The files written (or, in check mode, that would be written) by this task.
  returned: always
  type: list
  elements: str
unchanged:
  description: True when the findings equal the previous report's, so that report stands.
  returned: always
  type: bool
summary_line:
  description: One line for a person, naming the drifted and the unreachable cameras.
  returned: always
  type: str
  sample: "3 camera(s): 1 compliant, 2 drifted (cam-0001, cam-0002), 0 unreachable"
fail_on_drift_cameras:
  description:
    - The drifted cameras whose C(ipcam_fail_on_drift) is true (or a template, decided per
      camera by the play); C(playbooks/audit.yml) fails only these.
  returned: always
  type: list
  elements: str
  sample: ["cam-0002"]
console:
  description:
    - The failing controls per camera with their reasons, capped by O(console_cameras) and
      O(console_controls), and what changed since the previous report.
  returned: always
  type: str
msg:
  description: What the task wrote, would write, or left as it was.
  returned: always
  type: str
'''
