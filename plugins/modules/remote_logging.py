#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: remote_logging
short_description: Send an IP camera's logs to remote syslog servers (TS-0014-2 5.2.7)
version_added: 0.1.0
description:
  - Turns remote syslog on (or off) and sets the servers the camera sends its logs to, so
    that its logs and warnings (clause 5.2.7) survive the camera and reach the people who
    watch them.
  - "Axis: VAPIX C(remotesyslog.cgi) (status, setup, enable, disable); at most two servers,
    over UDP, TCP or TLS; each server's severity and format are kept as the camera has them
    (new servers get the camera's defaults). Hikvision: ISAPI C(/ISAPI/System/logServer), one
    server; V(tls) is its encrypted transmission (firmware without that setting offers only
    V(udp)), and its plain transmission is taken as V(udp)."
  - ONVIF defines no syslog operation, so an ONVIF-only camera fails with the reason; see
    O(on_unsupported).
  - A server is identified by its host. Input is checked against what the camera can keep
    (number of servers, protocols) before anything is written.
  - Reads first and writes only what differs, then reads back; a camera that accepts a
    change but does not keep it fails the task.
options:
  servers:
    description:
      - The syslog servers. Left out, the camera's servers are left as they are.
      - The order is not significant.
    type: list
    elements: dict
    suboptions:
      host:
        description:
          - Host name or IP address of the syslog server, without scheme, port, path or spaces
            (the port is O(servers[].port)).
        type: str
        required: true
      port:
        description: Port of the server. Defaults to V(514), or V(6514) for V(tls).
        type: int
      protocol:
        description: Transport, V(tls) being syslog over TLS (RFC 5425).
        type: str
        default: udp
        choices: [udp, tcp, tls]
  state:
    description:
      - How O(servers) applies.
      - V(merged) adds the servers that are missing, updates the port and protocol of the
        hosts named, and keeps the camera's other servers.
      - V(overridden) makes the camera's list exactly O(servers).
    type: str
    default: merged
    choices: [merged, overridden]
  enabled:
    description:
      - Remote syslog on or off. On needs at least one server.
    type: bool
    default: true
  on_unsupported:
    description:
      - What to do on a camera whose API has no remote syslog (ONVIF-only cameras).
      - V(fail) fails the task; V(warn) changes nothing and warns (the audit then reports 5.2.7).
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
- name: 5.2.7 - logs to the site's syslog server over TLS (other servers on the camera stay)
  camsec.ipcam.remote_logging:
    servers:
      - host: syslog.example.net
        protocol: tls

- name: 5.2.7 - exactly these servers; ONVIF-only cameras are left alone with a warning
  camsec.ipcam.remote_logging:
    servers:
      - host: 192.0.2.20
      - host: 192.0.2.21
        port: 1514
        protocol: tcp
    state: overridden
    on_unsupported: warn
'''

RETURN = r'''
logging:
  description: Remote logging as read back after the task.
  returned: success
  type: dict
  contains:
    enabled:
      description: Remote syslog is on.
      type: bool
    servers:
      description: The servers, each with host, port and protocol.
      type: list
      elements: dict
    max_servers:
      description: How many servers the camera keeps.
      type: int
  sample: {enabled: true, servers: [{host: syslog.example.net, port: 6514, protocol: tls}],
           max_servers: 2}
plan:
  description: The changes, in order, that the task made (or would make in check mode).
  returned: always
  type: list
  elements: dict
  sample: [{area: logging, key: enabled, action: set, before: false, after: true}]
unsupported:
  description: What the camera's API cannot read or set, with the reason.
  returned: always
  type: dict
  sample: {logging: "ONVIF defines no operation for remote syslog, ..."}
vendor:
  description: The driver that was used.
  returned: always
  type: str
  sample: hikvision
requests:
  description: Number of HTTP requests sent to the camera by this task.
  returned: always
  type: int
  sample: 4
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
    run_module("remote_logging")


if __name__ == "__main__":
    main()
