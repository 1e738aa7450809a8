#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: time_sync
short_description: Set an IP camera's clock to NTP with static servers, and report its offset (TS-0014-2 5.2.7)
version_added: 0.1.0
description:
  - Turns NTP time synchronisation on (or off) and sets the camera's static NTP servers.
    Logs and warnings (clause 5.2.7) are only worth their timestamps.
  - Giving O(ntp_servers) also stops the camera taking NTP servers from DHCP, which anyone
    on the camera's network can answer.
  - Reports the camera's clock offset from the controller, measured with ONVIF
    GetSystemDateAndTime (which every supported camera answers, without a login) as the
    camera's UTC time minus the midpoint of the round trip. ONVIF carries whole seconds, so
    the offset is good to about one second. The offset is reported, never "changed".
  - "Axis: VAPIX C(ntp.cgi) (getNTPInfo, setNTPClientConfiguration, static servers; the camera
    says how many it keeps). Hikvision: ISAPI C(/ISAPI/System/time) (timeMode) and
    C(/ISAPI/System/time/ntpServers/<id>), one server per id, filling the ids the camera lists
    (one on the cameras this was built against). Other ONVIF cameras: SetNTP and
    SetSystemDateAndTime."
  - Reads first and writes only what differs, then reads back; a camera that accepts a
    change but does not keep it fails the task.
options:
  ntp:
    description:
      - Time from NTP (V(true)) or set by hand (V(false)). Turning NTP off keeps the camera's
        clock where it is.
      - NTP on needs a server, from O(ntp_servers), from the camera, or from DHCP when the
        task gives no servers and the camera takes them from there.
    type: bool
    default: true
  ntp_servers:
    description:
      - Host names or IP addresses of NTP servers. Left out, the camera's servers are left as
        they are.
      - A host name or an address only, without scheme, port, path or spaces.
      - Names are compared in lower case, addresses in their canonical form; the order is not
        significant.
    type: list
    elements: str
  state:
    description:
      - How O(ntp_servers) applies.
      - V(merged) adds the servers that are missing and keeps the camera's others.
      - V(overridden) makes the camera's list exactly O(ntp_servers).
      - A camera that keeps fewer servers than the result would hold fails the task before
        anything is written (with V(merged), use V(overridden) to replace the servers there).
    type: str
    default: merged
    choices: [merged, overridden]
  max_offset:
    description:
      - Largest clock offset, in seconds, that still counts as in sync (RV(in_sync)). A camera
        out of sync is reported with a warning; the task does not fail for it.
      - More than 0 and at most 86400.
    type: float
    default: 5.0
  on_unsupported:
    description:
      - What to do on a camera whose firmware cannot report or set a part asked for (for
        example an ONVIF camera without GetNTP, asked for O(ntp_servers)).
      - V(fail) fails the task; V(warn) changes nothing and warns (the audit then reports 5.2.7).
    type: str
    default: fail
    choices: [fail, warn]
notes:
  - Hikvision ISAPI shows no setting for NTP servers from DHCP; RV(time.from_dhcp) is false there.
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.attributes
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: 5.2.7 - NTP on, with the site's servers (others already on the camera stay)
  camsec.ipcam.time_sync:
    ntp_servers:
      - ntp1.example.net
      - 192.0.2.123

- name: 5.2.7 - exactly these servers, and fail the play when the clock is off by more than 2 s
  camsec.ipcam.time_sync:
    ntp_servers: [ntp1.example.net]
    state: overridden
    max_offset: 2
  register: clock
  failed_when: clock.in_sync is false
'''

RETURN = r'''
time:
  description: The time settings as read back after the task, and the measured clock offset.
  returned: success
  type: dict
  contains:
    ntp:
      description: Time comes from NTP.
      type: bool
    ntp_servers:
      description: The static NTP servers.
      type: list
      elements: str
    from_dhcp:
      description: The camera takes its NTP servers from DHCP.
      type: bool
    offset_s:
      description: Camera clock minus the controller's, in seconds; null when it could not be measured.
      type: float
    in_sync:
      description: The absolute offset is at most O(max_offset); null when it could not be measured.
      type: bool
    max_offset:
      description: The O(max_offset) the offset was judged against.
      type: float
  sample: {ntp: true, ntp_servers: [ntp1.example.net], from_dhcp: false, offset_s: 0.4,
           in_sync: true, max_offset: 5.0}
offset_s:
  description: Same as RV(time.offset_s).
  returned: success
  type: float
  sample: -0.5
in_sync:
  description: Same as RV(time.in_sync).
  returned: success
  type: bool
  sample: true
plan:
  description: The changes, in order, that the task made (or would make in check mode).
  returned: always
  type: list
  elements: dict
  sample: [{area: time, key: ntp_servers, action: set, before: [], after: [ntp1.example.net]}]
unsupported:
  description: What the camera's API could not read, with the reason (for example the offset).
  returned: always
  type: dict
  sample: {}
vendor:
  description: The driver that was used.
  returned: always
  type: str
  sample: axis
requests:
  description: Number of HTTP requests sent to the camera by this task.
  returned: always
  type: int
  sample: 5
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
    run_module("time_sync")


if __name__ == "__main__":
    main()
