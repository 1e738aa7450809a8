# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs, defined once: the module files and the action plugin both use them,
and ansible-test checks the modules' DOCUMENTATION against them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import registry

# Connection options of every module (doc fragment camsec.ipcam.connection).
CONNECTION = dict(
    host=dict(type="str", required=True, fallback=(env_fallback, ["IPCAM_HOST"])),
    username=dict(type="str", fallback=(env_fallback, ["IPCAM_USERNAME"])),
    password=dict(type="str", no_log=True, fallback=(env_fallback, ["IPCAM_PASSWORD"])),
    # No `choices`: the names are the registered drivers' (drivers/registry.py VENDORS),
    # checked by driver_for before any request, so a new vendor is one registry line.
    vendor=dict(type="str", default="auto", fallback=(env_fallback, ["IPCAM_VENDOR"])),
    use_https=dict(type="bool", default=True, fallback=(env_fallback, ["IPCAM_USE_HTTPS"])),
    https_port=dict(type="int", default=443, fallback=(env_fallback, ["IPCAM_HTTPS_PORT"])),
    http_port=dict(type="int", default=80, fallback=(env_fallback, ["IPCAM_HTTP_PORT"])),
    validate_certs=dict(type="bool", default=True,
                        fallback=(env_fallback, ["IPCAM_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["IPCAM_CA_PATH"])),
    tls_strict=dict(type="bool", default=True, fallback=(env_fallback, ["IPCAM_TLS_STRICT"])),
    timeout=dict(type="int", default=10, fallback=(env_fallback, ["IPCAM_TIMEOUT"])),
    task_timeout=dict(type="int", default=120, fallback=(env_fallback, ["IPCAM_TASK_TIMEOUT"])),
    allow_basic_over_http=dict(type="bool", default=False),
)
CONNECTION_OPTIONS = tuple(CONNECTION)

# One privacy mask, as privacy_masks, compliance_facts and baseline take it.
MASK_OPTIONS = dict(
    name=dict(type="str"),
    video_source=dict(type="str"),
    polygon=dict(type="list", elements="raw"),
    enabled=dict(type="bool"),
    type=dict(type="str", choices=["Color", "Pixelated", "Blurred"]),
    color=dict(type="str"),
)

# Network probes (probes.py), as camera_facts and compliance_facts take them.
PROBE_SERVICES = ["snmp", "mdns", "ssdp", "wsd", "tcp", "tls", "rtsp"]
SNMP_V3_OPTIONS = dict(
    username=dict(type="str", required=True),
    auth_protocol=dict(type="str", default="sha",
                       choices=["md5", "sha", "sha224", "sha256", "sha384", "sha512", "none"]),
    auth_password=dict(type="str", no_log=True),
    priv_protocol=dict(type="str", choices=["des", "aes", "none"]),
    priv_password=dict(type="str", no_log=True),
)
PROBE_OPTIONS = dict(
    services=dict(type="list", elements="str", default=list(PROBE_SERVICES),
                  choices=PROBE_SERVICES),
    timeout=dict(type="float", default=1.5),
    snmp_community=dict(type="str", no_log=True),
    snmp_default_communities=dict(type="list", elements="str", default=["public", "private"]),
    snmp_v3=dict(type="dict", options=SNMP_V3_OPTIONS),
    tcp_ports=dict(type="list", elements="int", default=[21, 22, 23, 80, 443, 554]),
    ssdp_multicast=dict(type="bool", default=False),
    snmp_port=dict(type="int", default=161),
    mdns_port=dict(type="int", default=5353),
    ssdp_port=dict(type="int", default=1900),
    wsd_port=dict(type="int", default=3702),
    tls_port=dict(type="int"),
    cert_min_days=dict(type="int", default=30),
    rtsp_port=dict(type="int"),
    rtsp_paths=dict(type="list", elements="str"),
)

# Every settings area is a subset (areas/registry.py).
GATHER_SUBSETS = ["all", "identity", "capabilities"] + list(registry.NAMES)

# One remote syslog server, as remote_logging takes it (port: 514, or 6514 for tls).
SYSLOG_SERVER_OPTIONS = dict(
    host=dict(type="str", required=True),
    port=dict(type="int"),
    protocol=dict(type="str", default="udp", choices=["udp", "tcp", "tls"]),
)

# One user account, as accounts takes it (the password is sent only on create).
ACCOUNT_USER_OPTIONS = dict(
    name=dict(type="str", required=True),
    role=dict(type="str", default="viewer", choices=["admin", "operator", "viewer"]),
    password=dict(type="str", no_log=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)

MODULE_OPTIONS = {
    "time_sync": dict(
        ntp=dict(type="bool", default=True),
        ntp_servers=dict(type="list", elements="str"),
        state=dict(type="str", default="merged", choices=["merged", "overridden"]),
        max_offset=dict(type="float", default=5.0),
        on_unsupported=dict(type="str", default="fail", choices=["fail", "warn"]),
    ),
    "remote_logging": dict(
        servers=dict(type="list", elements="dict", options=SYSLOG_SERVER_OPTIONS),
        state=dict(type="str", default="merged", choices=["merged", "overridden"]),
        enabled=dict(type="bool", default=True),
        on_unsupported=dict(type="str", default="fail", choices=["fail", "warn"]),
    ),
    "camera_facts": dict(
        gather_subset=dict(type="list", elements="str", default=["all"], choices=GATHER_SUBSETS),
        probe=dict(type="bool", default=False),
        probes=dict(type="dict", options=PROBE_OPTIONS, apply_defaults=True),
    ),
    "discovery_services": dict(
        upnp=dict(type="bool"),
        bonjour=dict(type="bool"),
        snmp=dict(type="bool"),
        snmp_versions=dict(type="list", elements="str", choices=["v1", "v2c", "v3"]),
        ws_discovery=dict(type="bool"),
        on_unsupported=dict(type="str", default="fail", choices=["fail", "warn"]),
    ),
    "network_protocols": dict(
        http=dict(type="bool"),
        https=dict(type="bool"),
        telnet=dict(type="bool"),
        ssh=dict(type="bool"),
        ftp=dict(type="bool"),
        tls_min_version=dict(type="str", choices=["TLSv1.2", "TLSv1.3"]),
        on_unsupported=dict(type="str", default="fail", choices=["fail", "warn"]),
    ),
    "privacy_masks": dict(
        state=dict(type="str", default="merged",
                   choices=["merged", "replaced", "overridden", "deleted", "gathered"]),
        video_source=dict(type="str"),
        masks=dict(type="list", elements="dict", default=[], options=MASK_OPTIONS),
    ),
    "storage_protection": dict(
        encryption=dict(type="bool", default=True),
        passphrase=dict(type="str", no_log=True),
        allow_format=dict(type="bool", default=False),
        on_unsupported=dict(type="str", default="fail", choices=["fail", "warn"]),
    ),
    "accounts": dict(
        users=dict(type="list", elements="dict", options=ACCOUNT_USER_OPTIONS),
        state=dict(type="str", default="merged", choices=["merged", "overridden", "gathered"]),
        update_password=dict(type="str", default="on_create", choices=["on_create"], no_log=False),
        anonymous_access=dict(type="bool"),
        lockout=dict(type="bool"),
        lockout_attempts=dict(type="int"),
        default_password_check=dict(type="bool", default=True, no_log=False),
        default_password_login=dict(type="bool", default=False, no_log=False),
        on_unsupported=dict(type="str", default="fail", choices=["fail", "warn"]),
    ),
    "compliance_facts": dict(
        site_vars=dict(type="bool", default=False),
        level=dict(type="int", choices=[1, 2, 3]),
        controls=dict(type="dict", default={}),
        attestations=dict(type="dict", default={}),
        masks=dict(type="list", elements="dict", default=[], options=MASK_OPTIONS),
        fail_on_drift=dict(type="bool", default=False),
        probes=dict(type="dict", options=PROBE_OPTIONS, apply_defaults=True),
    ),
    "baseline": dict(
        site_vars=dict(type="bool", default=False),
        level=dict(type="int", choices=[1, 2, 3]),
        controls=dict(type="dict", default={}),
        masks=dict(type="list", elements="dict", default=[], options=MASK_OPTIONS),
        storage_passphrase=dict(type="str", no_log=True),
        allow_format=dict(type="bool", default=False),
        users=dict(type="list", elements="dict", options=ACCOUNT_USER_OPTIONS),
        users_state=dict(type="str", default="merged", choices=["merged", "overridden"]),
        lockout_attempts=dict(type="int"),
        on_unsupported=dict(type="str", default="warn", choices=["fail", "warn"]),
        enforce=dict(type="bool", default=True),
        exclude=dict(type="list", elements="str", default=[]),
        evaluate=dict(type="bool", default=False),
        attestations=dict(type="dict", default={}),
        fail_on_drift=dict(type="bool", default=False),
        probes=dict(type="dict", options=PROBE_OPTIONS, apply_defaults=True),
    ),
}


def argument_spec(module):
    spec = copy.deepcopy(CONNECTION)
    spec.update(copy.deepcopy(MODULE_OPTIONS[module]))
    return spec


_VALIDATORS = {}


def validator(module):
    """One ArgumentSpecValidator per module and process (building one checks the whole spec:
    ~10 ms). The action plugin calls this when Ansible's main process imports it, so the
    workers forked per camera and task inherit them; validate() keeps no state between calls."""
    if module not in _VALIDATORS:
        _VALIDATORS[module] = ArgumentSpecValidator(argument_spec(module))
    return _VALIDATORS[module]
