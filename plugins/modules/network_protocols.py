#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: network_protocols
short_description: Turn an IP camera's management and service protocols on or off (HTTP, HTTPS, telnet, SSH, FTP) and raise its oldest TLS version
version_added: 0.1.0
description:
  - Sets plain HTTP and HTTPS web management, the telnet, SSH and FTP servers and the oldest TLS
    version the camera's HTTPS accepts, for the TS-0014-2 controls 5.2.1 (telnet, FTP, SSH off
    unless allowed), 5.2.5 (web management over HTTPS only) and 5.3.2 (insecure protocols off,
    TLS 1.2 or newer).
  - Each option left out is left as it is. Reads first and writes only what differs, then
    reads back; a camera that accepts a change but does not keep it fails the task.
  - B(Turning HTTP off never cuts the management path.) If HTTPS is off it is turned on first;
    then a fresh authenticated request over HTTPS (with this task's TLS settings, so the
    certificate is verified unless O(validate_certs=false)) must answer within O(timeout)
    seconds, and only then is HTTP turned off. If HTTPS does not answer, HTTP is left on and the
    task fails, naming the camera and the cause, and returns in RV(applied) what was already
    changed. Turning HTTPS off is guarded the same way, with HTTP as the path.
  - The task may start over plain HTTP (O(use_https=false)) on a camera that has only HTTP;
    once HTTP is off it goes on, and reads back, over HTTPS (RV(management_scheme)). Later tasks
    need O(use_https=true).
  - B(Raising the oldest TLS version never cuts the management path either.) This controller's
    HTTPS client never offers less than TLS 1.2, so refusing TLS 1.0 and 1.1 cannot lock it out;
    TLS 1.3 as the minimum needs a camera that speaks it. So, while HTTPS is on, a fresh
    authenticated request through a client that offers only the new minimum and newer must answer
    before the setting is written (otherwise nothing is written and the task fails), and again
    after it; then the task's own connection is re-opened, so its read-back is a new handshake
    under the new setting. With HTTPS off the setting is written and read back only.
  - Vendors differ in what their API can switch. Axis (VAPIX) sets HTTP through
    C(root.System.BoaGroupPolicy), HTTPS through C(root.HTTPS.Enabled), FTP through
    C(root.Network.FTP.Enabled) and SSH through C(/axis-cgi/ssh.cgi); it has no telnet API.
    Hikvision (ISAPI) sets HTTP and HTTPS through C(/ISAPI/Security/adminAccesses), SSH and telnet
    through C(/ISAPI/System/Network/ssh) and C(telnetd); it has no FTP server switch. ONVIF
    (C(SetNetworkProtocols)) knows only HTTP, HTTPS and RTSP. See O(on_unsupported).
  - The oldest TLS version (O(tls_min_version)) is set on Axis through C(root.HTTPS.AllowSSLV3),
    C(root.HTTPS.AllowTLS1) and C(root.HTTPS.AllowTLS11) (there is no switch for TLS 1.2, so
    V(TLSv1.3) is unsupported there), and on Hikvision through the C(TLS1_0Enable),
    C(TLS1_1Enable) and C(TLS1_2Enable) switches of the HTTPS entry of
    C(/ISAPI/Security/adminAccesses) (those the firmware has). ONVIF sets TLS versions only in its
    Advanced Security service, which this collection does not use (its messages cannot be
    validated against the ONVIF schemas shipped here), so there it is unsupported.
  - Also reads whether Basic authentication is accepted over plain HTTP (C(http_auth_basic) in RV(protocols),
    for 5.3.1) where the API tells (Axis C(root.Network.HTTP.AuthenticationPolicy)); it does not set it.
options:
  http:
    description:
      - Plain HTTP web management on or off.
      - Off turns HTTPS on first when needed and proves it answers before HTTP goes off.
      - O(http=false) together with O(https=false) is refused.
    type: bool
  https:
    description:
      - HTTPS web management on or off.
    type: bool
  telnet:
    description: The telnet server on or off (Hikvision only; Axis and ONVIF have no API for it).
    type: bool
  ssh:
    description: The SSH server on or off (Axis and Hikvision).
    type: bool
  ftp:
    description: The camera's FTP server on or off (Axis only).
    type: bool
  tls_min_version:
    description:
      - The oldest TLS version the camera's HTTPS may accept; older versions are switched off.
      - The floor is only raised. A camera that already refuses more than asked (its oldest
        accepted version is newer) is left as it is.
      - Left out, the TLS versions are left as they are.
      - V(TLSv1.3) is unsupported on Axis (no TLS 1.2 switch), and on Hikvision firmware whose
        HTTPS entry has no C(TLS1_2Enable). Before TLS 1.3 becomes the minimum, the camera must
        answer a client that offers only TLS 1.3.
    type: str
    choices: [TLSv1.2, TLSv1.3]
  on_unsupported:
    description:
      - What to do when an option is set that the camera's API cannot change.
      - V(fail) fails the task before anything is changed; V(warn) leaves that setting alone and warns.
    type: str
    default: fail
    choices: [fail, warn]
notes:
  - The telnet, SSH and FTP settings that an API cannot read are listed in RV(unsupported); the
    TCP port probes of M(camsec.ipcam.camera_facts) (O(camsec.ipcam.camera_facts#module:probe=true))
    can still show whether ports 21, 22 and 23 answer.
  - The C(tls_min_version) of RV(protocols) is what the camera's setting says. The TLS probe of
    M(camsec.ipcam.camera_facts) and M(camsec.ipcam.compliance_facts) (5.3.2) shows the versions
    the HTTPS port really accepts, in handshakes.
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.attributes
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: 5.2.5 - web management over HTTPS only
  camsec.ipcam.network_protocols:
    http: false
    https: true

- name: 5.2.1 / 5.3.2 - insecure services off on a mixed fleet
  camsec.ipcam.network_protocols:
    telnet: false
    ftp: false
    ssh: false
    on_unsupported: warn

- name: 5.3.2 - HTTPS only, and no TLS older than 1.2, on a mixed fleet
  camsec.ipcam.network_protocols:
    http: false
    https: true
    tls_min_version: TLSv1.2
    on_unsupported: warn

- name: A camera that has only HTTP so far - start over HTTP, end over HTTPS
  camsec.ipcam.network_protocols:
    use_https: false
    http: false
    https: true
    telnet: false
    on_unsupported: warn
'''

RETURN = r'''
protocols:
  description:
    - The protocols as read back after the task; keys the camera's API cannot read are left out
      (see RV(unsupported)).
    - C(http_auth_basic) is true when the camera accepts Basic authentication over plain HTTP.
    - C(tls_min_version) is the oldest version the camera's HTTPS setting allows (C(SSLv3),
      C(TLSv1), C(TLSv1.1), C(TLSv1.2) or C(TLSv1.3)).
  returned: success
  type: dict
  sample: {http: false, https: true, http_port: 80, https_port: 443, ssh: false, ftp: false,
           http_auth_basic: false, tls_min_version: TLSv1.2}
plan:
  description:
    - The changes, in the order they are made (services, then protocols turned on, then the
      oldest TLS version raised, then protocols turned off), that the task made or would make in
      check mode.
    - A change the task added to keep a management path carries a C(reason).
  returned: always
  type: list
  elements: dict
  sample: [{area: protocols, key: telnet, action: set, before: true, after: false},
           {area: protocols, key: tls_min_version, action: set, before: TLSv1.1, after: TLSv1.2},
           {area: protocols, key: http, action: set, before: true, after: false}]
unsupported:
  description:
    - Settings that the camera's API cannot read or set, with the reason.
    - A key C(setting=value) names one value the API cannot set, for example C(tls_min_version=TLSv1.3) on Axis.
  returned: always
  type: dict
  sample: {telnet: "VAPIX has no API for telnet (none found in the reference); the TCP port probe (port 23) can still verify it",
           "tls_min_version=TLSv1.3": "VAPIX has switches for SSLv3, TLS 1.0 and TLS 1.1 only (...) and none for TLS 1.2, ..."}
management_scheme:
  description: The scheme the task talked to the camera over at its end (C(https) once HTTP was turned off).
  returned: success
  type: str
  sample: https
vendor:
  description: The driver that was used.
  returned: always
  type: str
  sample: axis
requests:
  description: Number of HTTP requests sent to the camera by this task (not counting the path checks).
  returned: always
  type: int
  sample: 12
applied:
  description: On a failure part-way (for example HTTPS not answering), the changes the camera had already taken.
  returned: on failure after changes were made
  type: list
  elements: dict
  sample: [{area: protocols, key: https, action: set, before: false, after: true}]
not_applied:
  description: On a failure part-way, the changes that were not made (HTTP stays on when HTTPS did not answer).
  returned: on failure after changes were made
  type: list
  elements: dict
  sample: [{area: protocols, key: http, action: set, before: true, after: false}]
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
    run_module("network_protocols")


if __name__ == "__main__":
    main()
