# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The TS-0014-2 control catalog as data (shared/reference/controls.md).

`source: standard` controls are Part 2's own four requirements; `source: assumed`
ones stand for Part 1 clauses whose text is not public here: their levels and
expectations are an assumed mapping, so a site can override any of them from inventory
and, once Part 1 is obtained, only this data changes.

`area` names the settings-model area the control reads; `evaluated` is False while
this collection cannot judge the control yet, and `pending` says why: such a control
reports `manual`, never `pass`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

NEEDS_AREA = "not evaluated yet: needs the %s settings area, which this collection does not read yet"

CONTROLS = [
    # -- Part 2's own requirements -------------------------------------------------
    dict(id="5.1.1.2", level=2, source="standard", kind="enforce", area="storage",
         title="Removable storage protected so that only this camera can read it",
         expect={"encrypted": True}, evaluated=True),
    dict(id="5.1.3.2", level=2, source="standard", kind="attest", area=None,
         title="Anti-demolition design (one-piece housing or tamper-proof screws)",
         expect={"attestation": True}, evaluated=True),
    dict(id="5.3.2.2", level=3, source="standard", kind="enforce", area="discovery",
         title="Network device information inquiry (UPnP, SNMP, Bonjour) off",
         expect={"upnp": False, "bonjour": False, "snmp": False, "ws_discovery": False},
         evaluated=True),
    dict(id="5.5.1.2", level=2, source="standard", kind="enforce", area="privacy_masks",
         title="Privacy masks supported and the declared masks in place",
         expect={"supported": True, "declared_masks_present": True}, evaluated=True),
    # -- inherited from Part 1 (assumed mapping) ------------------------------------------
    dict(id="5.1.1", level=1, source="assumed", kind="check", area="exposure",
         title="Physical interfaces: nothing unauthenticated reachable on the network",
         expect={}, evaluated=False, pending=NEEDS_AREA % "exposure (network probes)"),
    dict(id="5.1.2", level=2, source="assumed", kind="enforce", area="events",
         title="Abnormal physical behaviour (tamper, defocus, casing open) raises events",
         expect={}, evaluated=False, pending=NEEDS_AREA % "events"),
    dict(id="5.1.4", level=3, source="assumed", kind="attest", area=None,
         title="Secure boot", expect={"attestation": True}, evaluated=True),
    # Firmware minimums come from inventory (ipcam_firmware_minimums, per model): without
    # one the firmware part cannot be judged and the control stays `manual`.
    dict(id="5.2.1", level=1, source="assumed", kind="enforce", area="protocols",
         title="OS and network services: approved firmware; telnet, FTP, SSH off unless allowed",
         expect={"allowed_services": [], "firmware_minimums": {}}, evaluated=True),
    # Probed from the controller (probes.py, `tcp_ports`). Port 80 is allowed because
    # plain HTTP is 5.2.5's to judge (HTTPS only, or HTTP that only redirects); this
    # allow-list is about services that should not listen at all (telnet, FTP, SSH,
    # vendor SDK ports). Only the probed ports are known, and the evidence says which.
    dict(id="5.2.2", level=1, source="assumed", kind="check", area="exposure",
         title="Service ports: open TCP ports within an allow-list",
         expect={"allowed_tcp_ports": [80, 443, 554]}, evaluated=True),
    dict(id="5.2.3", level=1, source="assumed", kind="attest", area="firmware",
         title="Update security: signed firmware, approved version",
         expect={"firmware_minimums": {}, "attestation": True}, evaluated=True),
    dict(id="5.2.4", level=2, source="assumed", kind="attest", area=None,
         title="Sensitive data at rest protected", expect={"attestation": True}, evaluated=True),
    # The certificate is judged from a real TLS handshake (probe_tls.py): trusted by the
    # controller's CA bundle (ipcam_ca_path), names the camera, valid for cert_min_days more.
    dict(id="5.2.5", level=1, source="assumed", kind="enforce", area="protocols",
         title="Web management over HTTPS only, with a valid certificate",
         expect={"http": False, "https": True, "cert_min_days": 30}, evaluated=True),
    # NTP and syslog servers come from inventory (ipcam_ntp_servers, ipcam_syslog_servers).
    dict(id="5.2.7", level=2, source="assumed", kind="enforce", area="time",
         title="Logs and warnings: remote syslog; NTP configured and in sync",
         expect={"ntp_servers": [], "max_offset": 5.0, "syslog_servers": [],
                 "syslog_protocols": None}, evaluated=True),
    dict(id="5.3.1", level=1, source="assumed", kind="enforce", area="discovery",
         title="Data in transmission: SNMP only as v3; no Basic auth over plain HTTP",
         expect={"snmp_versions_if_on": ["v3"], "basic_over_http": False}, evaluated=True),
    # SSH is allowed here (it is encrypted): 5.2.1 is where it is switched off unless allowed.
    dict(id="5.3.2", level=2, source="assumed", kind="enforce", area="protocols",
         title="Protocols and configuration: TLS 1.2 or newer; insecure protocols off",
         expect={"min_tls_version": "TLSv1.2", "allowed_services": ["ssh"], "http": False},
         evaluated=True),
    # Audit only (areas/wireless.py is read-only): a radio that is on, WPA2/WPA3 only and
    # WPS off; a camera without one passes (compliance_wireless.py).
    dict(id="5.3.3", level=1, source="assumed", kind="enforce", area="wireless",
         title="Wi-Fi: WPA2/WPA3 only, WPS off (cameras with Wi-Fi)",
         expect={"allowed_security": ["wpa2", "wpa2_wpa3", "wpa3"], "wps": False},
         evaluated=True),
    # Login lockout is a setting on Hikvision only: elsewhere that part is `manual`.
    dict(id="5.4.1", level=1, source="assumed", kind="enforce", area="accounts",
         title="Authentication: anonymous access refused; login lockout on",
         expect={"anonymous_access": False, "lockout": True}, evaluated=True),
    # login_attempt (ipcam_default_password_login): one login with the factory credentials.
    # The password-policy half is not read by this collection: the evidence says so.
    dict(id="5.4.2", level=1, source="assumed", kind="check", area="accounts",
         title="Passwords: no factory-default password; password policy",
         expect={"login_attempt": False}, evaluated=True),
    # users: the site's declared accounts (ipcam_users, names and roles only).
    dict(id="5.4.3", level=2, source="assumed", kind="enforce", area="accounts",
         title="Authorization: user list matches inventory; least privilege",
         expect={"users": []}, evaluated=True),
    # Asked without credentials (compliance_private_data.py): the vendor's snapshot path
    # over HTTP(S) and its stream path over RTSP (the rtsp probe, ipcam_probe_rtsp).
    dict(id="5.5.1", level=1, source="assumed", kind="check", area="exposure",
         title="Access to private data: stream, snapshot, recordings need authentication",
         expect={"unauthenticated_snapshot": False, "unauthenticated_stream": False},
         evaluated=True),
    # Audit only (areas/streaming.py is read-only): no plain RTSP where the camera can
    # stream encrypted, and RTSPS or SRTP on (compliance_streams.py).
    dict(id="5.5.2", level=2, source="assumed", kind="enforce", area="streaming",
         title="Privacy in transmission: encrypted streams where supported",
         expect={"plain_rtsp": False, "encrypted_stream": True}, evaluated=True),
]

CONTROL_IDS = tuple(c["id"] for c in CONTROLS)
LEVELS = (1, 2, 3)


def rule_var(control_id):
    """The inventory toggle of a control: 5.3.2.2 -> ipcam_rule_5_3_2_2."""
    return "ipcam_rule_" + control_id.replace(".", "_")


def controls(level, overrides=None):
    """The controls that apply at `level` (levels are cumulative), with overrides from
    inventory applied: {"5.3.2.2": {"level": 2, "enabled": False, "expect": {...},
    "justification": "..."}}. Unknown ids are an error, so a typo cannot silently
    leave a control as it was."""
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(CONTROL_IDS))
    if unknown:
        raise ValueError("unknown control id(s) in overrides: %s (known: %s)"
                         % (", ".join(unknown), ", ".join(CONTROL_IDS)))
    out = []
    for base in CONTROLS:
        control = copy.deepcopy(base)
        override = overrides.get(control["id"]) or {}
        if "level" in override:
            control["level"] = int(override["level"])
        if override.get("expect"):
            control["expect"].update(override["expect"])
            control["expect_overridden"] = True
        control["enabled"] = override.get("enabled", True)
        control["justification"] = override.get("justification")
        if control["level"] <= level:
            out.append(control)
    return out
