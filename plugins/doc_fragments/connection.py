# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # Connection options shared by every camsec.ipcam module.
    DOCUMENTATION = r'''
options:
  host:
    description:
      - Address or name of the camera's management interface.
      - An IP address (an IPv6 address may be in brackets) or a DNS host name only, without
        scheme, user, port (see O(https_port), O(http_port)), path, query or spaces.
      - When the task does not set it, the action plugin uses the host var C(ipcam_host),
        then C(ansible_host), then the inventory name.
      - Falls back to the environment variable E(IPCAM_HOST).
    type: str
    required: true
  username:
    description:
      - Account on the camera. Host var C(ipcam_username), or E(IPCAM_USERNAME).
      - Without C(:) (HTTP authentication does not allow it) or control characters.
    type: str
  password:
    description:
      - Password of O(username). Never shown in output, diffs or facts.
      - Host var C(ipcam_password) (keep it in Ansible Vault), or E(IPCAM_PASSWORD).
      - Without control characters (such as line breaks).
    type: str
  vendor:
    description:
      - Which API family to speak. V(auto) asks ONVIF GetDeviceInformation first, then
        each of the collection's drivers in turn whether the camera is one of its own.
      - Otherwise the name of one of the collection's drivers, in this release V(axis),
        V(dahua), V(hanwha), V(hikvision) or V(onvif). An unknown name fails before any
        request is sent, and the message lists the names there are.
      - Host var C(ipcam_vendor), or E(IPCAM_VENDOR).
    type: str
    default: auto
  use_https:
    description:
      - Talk to the camera over HTTPS. Host var C(ipcam_use_https), or E(IPCAM_USE_HTTPS).
    type: bool
    default: true
  https_port:
    description: TCP port of the camera's HTTPS interface, 1 to 65535. E(IPCAM_HTTPS_PORT).
    type: int
    default: 443
  http_port:
    description: TCP port of the camera's plain HTTP interface, 1 to 65535. E(IPCAM_HTTP_PORT).
    type: int
    default: 80
  validate_certs:
    description:
      - Verify the camera's TLS certificate. Turn off only for a camera you cannot give a
        trusted certificate yet. E(IPCAM_VALIDATE_CERTS).
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the CA(s) that signed the cameras' certificates. E(IPCAM_CA_PATH).
      - Checked before any request; a file that does not exist fails the task naming it.
    type: path
  tls_strict:
    description:
      - Verify the camera's certificate with strict X.509 checks (OpenSSL's
        C(X509_V_FLAG_X509_STRICT), the default of Python 3.13 and later), on every Python.
      - Set V(false) for cameras whose certificates the CA signed but that lack what strict
        checks ask, such as an Authority Key Identifier (common in camera self-made
        certificates); the chain, dates and host name are still verified. A strict-only
        failure names the reason and this option. E(IPCAM_TLS_STRICT).
    type: bool
    default: true
  timeout:
    description:
      - Connect and read timeout of each call, in seconds, from 1 to 300. E(IPCAM_TIMEOUT).
    type: int
    default: 10
  task_timeout:
    description:
      - Time budget of the whole task for one camera, in seconds; a camera that has not
        finished by then fails the task. E(IPCAM_TASK_TIMEOUT).
      - At least O(timeout) and at most 3600.
    type: int
    default: 120
  allow_basic_over_http:
    description:
      - Allow HTTP Basic authentication over plain HTTP when a camera demands it. This
        sends the password in clear text; the default refuses.
    type: bool
    default: false
notes:
  - Runs on the controller through the collection's action plugin of the same name; when the task
    is delegated to another host, the module runs there instead.
  - Credentials are never retried after the camera refuses them, so a wrong password
    costs exactly one failed login (cameras lock accounts).
  - Input is checked before anything is sent; a task with bad input fails naming the option,
    and the camera sees no request.
  - Device XML is parsed with defusedxml; replies are limited in size and time.
requirements:
  - defusedxml
'''
