"""Hanwha Wisenet over SUNAPI (contract: ../README.md; sources: profiles.md).

Routes: sunapi.py (the /stw-cgi/ dispatcher, Digest, the lockout's HTTP 490, JSON or
key=value replies, `NG` errors), sunapi_security.py (ssl, tlsversion, rsa, guest, users,
and the unauthenticated /init-cgi/pw_init.cgi), sunapi_config.py (network.cgi, system.cgi,
image.cgi). ONVIF is the shared service.
"""

import re

from ...state import sd_slot
from ..onvif import service as onvif
from . import sunapi
from .profiles import PROFILES  # noqa: F401 (an attribute of the contract)

NAME = "hanwha"
# SUNAPI's deviceinfo example (a PNM-C7083RVD on 2.21.01) [SEEN]; the ONVIF manufacturer
# string as the Application Programmer's Guide's pw_init reply writes it [SEEN].
IDENTITY = {"manufacturer": "Hanwha Vision", "model": "PNM-C7083RVD",
            "firmware": "2.21.01_20220517_R276", "hardware_id": "PNM-C7083RVD"}
SERIAL_PREFIX = "HV"
FACTORY_USERNAME = "admin"
# Samsung Techwin / early Wisenet: admin / 4321 [3P: the web UI's change-password redirect].
FACTORY_PASSWORD = "4321"
USERNAME_RULE = (re.compile(r"[A-Za-z0-9]+\Z"), 16)  # [INF]
# [INF] 32 polygon masks of 4 to 8 points on a 0..1000 grid (the driver says the same).
LIMITS = {"max_masks": 32, "max_points": 8, "mask_types": ["Color"]}
MASK_GRID = (1000, 1000)
HTTP_HANDLERS = (sunapi.handle, onvif.handle)
API_SNAPSHOT_PATHS = ()
SNMP_ENTERPRISE = 36849  # [INF] Samsung Techwin's IANA enterprise number
SNMP_OBJECT_ID = (1, 3, 6, 1, 4, 1, 36849, 1, 1)  # [INF]
MDNS_SERVICES = {"_http._tcp.local.": ["path=/"]}  # [INF] Bonjour's web service
MEDIA = {"rtsp_path": "/profile2/media.smp",  # [3P]
         "snapshot_path": "/stw-cgi/video.cgi",
         "snapshot_query": "msubmenu=snapshot&action=view",
         "profile_tokens": ["profile2"]}
FAULTS = {"hanwha_initialized": True}
# What a technician does by hand on `make demo`'s site visit, for what the collection
# audits but cannot enforce on Hanwha: the stream (5.5.2), and remote syslog, which SUNAPI
# has no setting for (the web page neither [INF]) is left as the audit reports it.
MANUAL_HARDENING = (
    ("moves the stream to RTSPS (5.5.2 is audited, not enforced)",
     {"network.rtsp.enabled": False, "network.rtsps.enabled": True}),
)  # False: pw_init says the first password is not set


def state_defaults(state, secure):
    """Factory: guest (anonymous) viewing on, as the other vendors ship it [INF: SUNAPI's
    example reply shows a configured camera with it off]; NTP servers only as given
    (SUNAPI has no "NTP from DHCP" setting [SEEN: system.cgi date]); an SD card that can
    be encrypted (DASConfig), encrypted in the hardened preset. A profile whose firmware
    has no DASConfig changes the slot (profiles.py)."""
    state["access"]["anonymous_viewer"] = not secure
    state["time"]["from_dhcp"] = False
    slot = sd_slot("1", secure, encryption_supported=True)
    if secure:
        slot.update(encryption_enabled=True, encrypted=True, filesystem="ext4",
                    passphrase="factory-secure-passphrase")
    state["storage"]["slots"] = [slot]


def realm(camera):
    """iPolis_<MAC> [INF: the realm name Samsung Techwin firmware is known by]."""
    return "iPolis_" + camera.get("identity.mac", "").replace(":", "").upper()


def lockout_setting(camera):
    """5 wrong passwords in a row lock the account (HTTP 490) [SEEN]; not a setting."""
    return 5


# What the collection should conclude about this vendor's reference firmware
# (hanwha-wisenet-x-2.21), read by the generic tests (contract: ../README.md, "EXPECTED").
EXPECTED = {
    # 5.5.2: the stream's encrypted form is ONVIF Media2's RTSPS (SUNAPI is not asked).
    "encrypted_stream": {"name": "RTSPS", "switch": "network.rtsps.enabled", "port": 322},
    # 5.4.1: the SUNAPI call the unauthenticated probe makes after ONVIF's.
    "unauthenticated_calls": ["SUNAPI system.cgi deviceinfo/view"],
    # 5.4.2: the user lists read (security.cgi users, then ONVIF GetUsers).
    "passwords_disclosed_by": ["SUNAPI security.cgi users/view", "ONVIF GetUsers"],
    # 5.3.3: read over ONVIF (SUNAPI's Wifi submenu is for NVRs), as on a plain ONVIF camera.
    "wireless": {"radio_id": "wlan0", "factory_reason": (
        "wireless interface wlan0 is on with wpa_wpa2 (Dot11 Security Mode PSK Algorithm Any; "
        "allowed: wpa2, wpa2_wpa3, wpa3)")},
    # The audit of the factory camera, per level: SNMP v1/v2c (5.3.1), plain HTTP (5.2.5,
    # 5.3.2), guest viewing on (5.4.1) and so an open snapshot and stream (5.5.1); an
    # unencrypted SD card with recordings (5.1.1.2); NTP off, no remote syslog (5.2.7);
    # plain RTSP (5.5.2); UPnP, Bonjour, SNMP, WS-Discovery on (5.3.2.2).
    "insecure_fails": {
        1: {"5.3.1", "5.2.5", "5.4.1", "5.5.1"},
        2: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2"},
        3: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2",
            "5.3.2.2"},
    },
    # After enforce.yml (or the baseline module): all enforced but 5.5.2 (audit only).
    "enforced_fails": {1: set(), 2: {"5.5.2"}, 3: {"5.5.2"}},
    # The baseline module's plan on the factory camera at level 2.
    "baseline_plan": {"5.3.1", "5.1.1.2", "5.2.7", "5.4.1", "5.2.1", "5.2.5", "5.3.2"},
    # camera_facts after the drift: SUNAPI paths are one per CGI, so the reads per path
    # count the submenus read through it (network.cgi: upnpdiscovery, bonjour, snmp,
    # http, https; security.cgi: ssl, tlsversion, users, guest; system.cgi: deviceinfo,
    # storageinfo, date (the 5.4.1 probe's deviceinfo without a login is the one extra
    # read the test allows); image.cgi: privacy; pw_init.cgi without a login;
    # device_service and media2_service: the ONVIF helper's clock, services, discovery
    # mode and media URIs).
    "camera_facts": {
        "drift": {"discovery.upnp": False, "discovery.snmp.v1": False},
        "discovery": {"upnp": False, "bonjour": True, "snmp": True, "snmp_versions": ["v2c"],
                      "ws_discovery": True},
        "reads": {"/stw-cgi/network.cgi": 5, "/stw-cgi/security.cgi": 4,
                  "/stw-cgi/system.cgi": 3, "/stw-cgi/image.cgi": 1,
                  "/init-cgi/pw_init.cgi": 1,
                  "/onvif/device_service": 5, "/onvif/media2_service": 3},
    },
    # accounts: anonymous viewing is a switch (security.cgi guest); the lockout is the
    # firmware's fixed 5 (HTTP 490), not a setting, so it reads lockout true, 5 attempts
    # (not "unsupported"); a role change needs the user's password (users update takes
    # Index, UserID and Password together): without it the driver refuses, sending nothing.
    "accounts": {"anonymous_access": "switch", "lockout_setting": False,
                 "fixed_lockout": 5, "role_change_needs_password": True},
    # time_sync: SUNAPI has no NTP-from-DHCP setting (reported false, no diff key).
    "time": {"from_dhcp": False},
    # network_protocols: SUNAPI sets HTTP/HTTPS (ssl Policy); no SSH/telnet/FTP switch.
    "network_protocols": {
        "drift": {"network.telnet": True},
        "want": {"http": False, "https": True},
        "diff": ({"http": True}, {"http": False}),
        "after": {"http": False, "https": True},
    },
    # privacy_masks: channel 0 as the driver names it, and the camera's own mask names.
    "privacy_masks": {"video_source": "channel-0", "mask_name": "PrivacyMask_%d"},
    # 5.2.7: SUNAPI has no remote syslog setting.
    "remote_syslog": False,
}
