"""Dahua (and its OEMs, e.g. Amcrest): HTTP CGI (cgi.py, tables.py), RPC2 (rpc2.py) and
the shared ONVIF service, with the firmware profiles (profiles.py, sources in
profiles.md). Contract: ../README.md."""

from ...state import sd_slot
from ..onvif import service as onvif_service
from . import cgi, rpc2, tables
from .profiles import PROFILES  # noqa: F401 (an attribute of the contract)

NAME = "dahua"
IDENTITY = {"manufacturer": "Dahua", "model": "IPC-HDW3849HP-AS-PV",
            "firmware": "2.840.0000000.3.R", "hardware_id": "1.00"}
SERIAL_PREFIX = "7M0"
FACTORY_USERNAME = "admin"
FACTORY_PASSWORD = "admin"  # [INF] profiles.md
USERNAME_RULE = cgi.USERNAME_RULE
LIMITS = {"max_masks": 4, "max_points": 4, "mask_types": ["Color"]}
MASK_GRID = (tables.GRID, tables.GRID)
HTTP_HANDLERS = (cgi.handle, rpc2.handle, onvif_service.handle)
API_SNAPSHOT_PATHS = ()  # /cgi-bin/snapshot.cgi is the shared snapshot endpoint's
SNMP_ENTERPRISE = 1004849  # [INF]
SNMP_OBJECT_ID = (1, 3, 6, 1, 4, 1, 1004849, 1)  # [INF]
MDNS_SERVICES = {"_http._tcp.local.": ["path=/"]}  # [INF]
MEDIA = {"rtsp_path": "/cam/realmonitor", "rtsp_query": "channel=1&subtype=0",
         "snapshot_path": "/cgi-bin/snapshot.cgi", "snapshot_query": "channel=1",
         "profile_tokens": ["MediaProfile00000"]}
# What a technician does by hand on the site visit of `make demo` (tests/demo.py), for
# what the collection audits but does not enforce on this vendor: (why, state changes).
# The reference firmware encrypts its card over RPC2 (enforced); the older one's own
# site visit (its profile's manual_hardening) takes the card out instead.
MANUAL_HARDENING = (
    ("moves the stream to RTSPS (5.5.2 is audited, not enforced)",
     {"network.rtsp.enabled": False, "network.rtsps.enabled": True}),
)
FAULTS = {"dahua_blacklisted": False}  # RPC2 logins answer IN_BLACK_LIST


def state_defaults(state, secure):
    """Anonymous ONVIF from the factory (UserGlobal.OnvifLoginCheck false) [INF]; an SD
    card that the firmware can encrypt, encrypted in the hardened preset."""
    state["access"]["anonymous_viewer"] = not secure
    slot = sd_slot("/dev/mmc0", secure, encryption_supported=True)
    if secure:
        slot.update(encryption_enabled=True, encrypted=True, filesystem="ext4",
                    passphrase="factory-secure-passphrase")
    state["storage"]["slots"] = [slot]


def realm(camera):
    return "Login to " + str(camera.get("identity.serial", ""))


def lockout_setting(camera):
    """LoginFailureAlarm: the camera's own lockout, where the firmware has the table."""
    if camera.lacks("config:LoginFailureAlarm"):
        return 0
    access = camera.state.get("access") or {}
    if not access.get("lockout_enabled"):
        return 0
    return max(1, int(access.get("lockout_attempts") or 0))


# What the collection should conclude about this vendor's reference firmware
# (dahua-v2.840), read by the generic tests (contract: ../README.md, "EXPECTED"), with why.
EXPECTED = {
    # 5.5.2: no CGI/RPC2 stream setting is public, so the driver asks ONVIF Media2 (the
    # camera says SecureRTSPStreaming and serves GetStreamUri RtspsUnicast on port 322).
    "encrypted_stream": {"name": "RTSPS", "switch": "network.rtsps.enabled", "port": 322},
    # 5.4.1: the CGI call the unauthenticated probe makes after ONVIF's (magicBox).
    "unauthenticated_calls": ["CGI magicBox getDeviceType"],
    # 5.4.2: the user lists read (userManager getUserInfoAll, then ONVIF GetUsers).
    "passwords_disclosed_by": ["CGI userManager getUserInfoAll", "ONVIF GetUsers"],
    # 5.3.3: read over ONVIF (no Dahua CGI Wi-Fi table is used), as on a plain ONVIF
    # camera: PSK with Algorithm Any; ONVIF has no WPS setting.
    "wireless": {"radio_id": "wlan0", "factory_reason": (
        "wireless interface wlan0 is on with wpa_wpa2 (Dot11 Security Mode PSK Algorithm Any; "
        "allowed: wpa2, wpa2_wpa3, wpa3)")},
    # The audit of the factory camera, per level: SNMP v1/v2c (5.3.1), plain HTTP (5.2.5,
    # 5.3.2), ONVIF without a login (OnvifLoginCheck false: 5.4.1) and so an open
    # snapshot and stream (5.5.1); an unencrypted SD card with recordings (5.1.1.2); NTP
    # off (5.2.7; syslog is `manual`: no Dahua setting); plain RTSP beside Media2's RTSPS
    # (5.5.2); UPnP, Bonjour, SNMP, WS-Discovery on (5.3.2.2).
    "insecure_fails": {
        1: {"5.3.1", "5.2.5", "5.4.1", "5.5.1"},
        2: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2"},
        3: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2",
            "5.3.2.2"},
    },
    # After enforce.yml (or the baseline module): the card is encrypted over RPC2
    # SDEncrypt; everything else enforced but 5.5.2 (audit only).
    "enforced_fails": {1: set(), 2: {"5.5.2"}, 3: {"5.5.2"}},
    # The baseline module's plan on the factory camera at level 2 (5.1.1.2: SDEncrypt).
    "baseline_plan": {"5.3.1", "5.1.1.2", "5.2.7", "5.4.1", "5.2.1", "5.2.5", "5.3.2"},
    # camera_facts after the drift: CGI paths are one per .cgi, so the reads per path
    # count the tables and actions read through it. configManager: UPnP, Bonjour, SNMP,
    # Web, Https, SSHD, Telnet, NTP, VideoWidget, LoginFailureAlarm, UserGlobal;
    # magicBox: getVendor, getDeviceType, getSoftwareVersion, getSerialNo,
    # getHardwareVersion; storageDevice getDeviceAllInfo; userManager getUserInfoAll
    # (the session's first request may go twice, once for the Digest challenge: the
    # test allows that one); device_service and media2_service: the ONVIF helper's
    # clock, services, discovery mode, network protocols and interfaces, and Media2's
    # capabilities, profiles and RTSPS stream URI (5.5.2).
    "camera_facts": {
        "drift": {"discovery.bonjour": False, "discovery.snmp.v1": False,
                  "discovery.snmp.v2c": False, "discovery.snmp.v3": True},
        "discovery": {"upnp": True, "bonjour": False, "snmp": True, "snmp_versions": ["v3"],
                      "ws_discovery": True},
        "reads": {"/cgi-bin/configManager.cgi": 11, "/cgi-bin/magicBox.cgi": 5,
                  "/cgi-bin/storageDevice.cgi": 1, "/cgi-bin/userManager.cgi": 1,
                  "/onvif/device_service": 5, "/onvif/media2_service": 3},
    },
    # accounts: anonymous (ONVIF) viewing is a switch (UserGlobal.OnvifLoginCheck); the
    # login lockout is a setting (LoginFailureAlarm Enable, TryLoginTimes).
    "accounts": {"anonymous_access": "switch", "lockout_setting": True},
    # time_sync: the NTP table has no "from DHCP" key (reported false, no diff key).
    "time": {"from_dhcp": False},
    # network_protocols: the Web, Https, SSHD and Telnet tables are switches; no FTP
    # table (unsupported), so the task does not ask for it.
    "network_protocols": {
        "drift": {"network.ssh": True, "network.telnet": True},
        "want": {"http": False, "https": True, "ssh": False, "telnet": False},
        "diff": ({"http": True, "ssh": True, "telnet": True},
                 {"http": False, "ssh": False, "telnet": False}),
        "after": {"http": False, "https": True, "ssh": False, "telnet": False},
    },
    # privacy_masks: channel 1 as the driver names it, and a VideoWidget cover by its
    # 1-based number (Covers[0] is cover-1; the emulator keeps it as PrivacyMask_1).
    "privacy_masks": {"video_source": "channel-1", "mask_name": "cover-%d"},
    # 5.2.7: no Dahua configuration name for remote syslog is public (logging manual).
    "remote_syslog": False,
}
