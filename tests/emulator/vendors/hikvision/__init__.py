"""Hikvision: ISAPI (isapi*.py) and Hikvision's ONVIF, with the firmware profiles
(profiles.py, sources in profiles.md). Contract: ../README.md."""

from ...state import sd_slot
from ..onvif import service as onvif_service
from . import isapi, isapi_masks, isapi_users
from .profiles import PROFILES  # noqa: F401 (an attribute of the contract)

NAME = "hikvision"
IDENTITY = {"manufacturer": "HIKVISION", "model": "DS-2CD2143G2-I", "firmware": "V5.7.3",
            "hardware_id": "88"}
FACTORY_USERNAME = "admin"
FACTORY_PASSWORD = isapi_users.FACTORY_PASSWORD
USERNAME_RULE = isapi_users.USERNAME_RULE
LIMITS = {"max_masks": 4, "max_points": 4, "mask_types": ["Color"]}
MASK_GRID = (isapi_masks.GRID_W, isapi_masks.GRID_H)  # the "normalized screen"
HTTP_HANDLERS = (isapi.handle, onvif_service.handle)
API_SNAPSHOT_PATHS = (isapi.SNAPSHOT_PATH,)
SNMP_ENTERPRISE = 39165
SNMP_OBJECT_ID = (1, 3, 6, 1, 4, 1, 39165, 1, 1)
MDNS_SERVICES = {"_http._tcp.local.": ["path=/"]}
MEDIA = {"rtsp_path": "/Streaming/Channels/101",
         "snapshot_path": "/ISAPI/Streaming/channels/101/picture",
         "profile_tokens": ["Profile_1"]}
# What a technician does by hand on the site visit of `make demo` (tests/demo.py), for
# what the collection audits but does not enforce on this vendor: (why, state changes).
MANUAL_HARDENING = (
    ("removes the SD card (ISAPI cannot encrypt SD cards)",
     {"storage.slots.0.present": False, "storage.slots.0.recordings": 0}),
    ("moves the stream to SRTP (5.5.2 is audited, not enforced)",
     {"network.rtsp.enabled": False, "network.srtp.enabled": True}),
)


# What the collection should conclude about this vendor's reference firmware
# (hikvision-v5.7), read by the generic tests (contract: ../README.md, "EXPECTED"), with why.
EXPECTED = {
    # 5.5.2: the encrypted form of the stream, the emulator switch that turns it on and
    # the port the evidence names (the SRTP entry of adminAccesses, port 322).
    "encrypted_stream": {"name": "SRTP", "switch": "network.srtp.enabled", "port": 322},
    # 5.4.1: the vendor API calls the unauthenticated probe makes after ONVIF's.
    "unauthenticated_calls": ["ISAPI GET /ISAPI/System/deviceInfo"],
    # 5.4.2: the user lists read (ISAPI Security/users and ONVIF GetUsers).
    "passwords_disclosed_by": ["ISAPI GET /ISAPI/Security/users", "ONVIF GetUsers"],
    # 5.3.3 with a radio added (wireless.present): its id, and why the factory radio
    # fails (WPA/WPA2 mixed, WPS on: ISAPI says both).
    "wireless": {"radio_id": "2", "factory_reason": (
        "wireless interface 2 is on with wpa_wpa2 (securityMode WPA/WPA2-personal; allowed: "
        "wpa2, wpa2_wpa3, wpa3); wireless interface 2 has WPS on")},
    # The audit of the factory camera, per level: SNMP v1/v2c "public" (5.3.1), plain
    # HTTP (5.2.5, 5.3.2), anonymous viewers let in and the lockout off (5.4.1) and so an
    # open snapshot and stream (5.5.1); an unencrypted SD card with recordings (5.1.1.2);
    # NTP and remote syslog off (5.2.7); plain RTSP (5.5.2); UPnP, Bonjour, SNMP,
    # WS-Discovery on (5.3.2.2).
    "insecure_fails": {
        1: {"5.3.1", "5.2.5", "5.4.1", "5.5.1"},
        2: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2"},
        3: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2",
            "5.3.2.2"},
    },
    # After enforce.yml (or the baseline module) at the level: ISAPI cannot encrypt the
    # SD card (5.1.1.2 from level 2); 5.5.2 is audit only.
    "enforced_fails": {1: set(), 2: {"5.1.1.2", "5.5.2"}, 3: {"5.1.1.2", "5.5.2"}},
    # The controls of the baseline module's plan on the factory camera at level 2 (no SD
    # encryption: 5.1.1.2 is not planned).
    "baseline_plan": {"5.3.1", "5.2.7", "5.4.1", "5.2.1", "5.2.5", "5.3.2"},
    # camera_facts (gather_subset: all) after the discovery drift below: what it reports
    # and what it may send per path (Bonjour: an adminAccesses entry on G2;
    # Network/capabilities: is there a radio; device_service: GetSystemDateAndTime,
    # GetServices, GetDiscoveryMode).
    "camera_facts": {
        "drift": {"discovery.bonjour": False, "discovery.snmp.v1": False,
                  "discovery.snmp.v2c": False, "discovery.snmp.v3": True},
        "discovery": {"upnp": True, "bonjour": False, "snmp": True, "snmp_versions": ["v3"],
                      "ws_discovery": True},
        "reads": {"/ISAPI/System/deviceInfo": 1, "/ISAPI/System/Network/SNMP": 1,
                  "/ISAPI/System/Network/UPnP": 1,
                  "/ISAPI/System/Video/inputs/channels/1/privacyMask": 1,
                  "/ISAPI/System/Video/inputs/channels/1/privacyMask/capabilities": 1,
                  "/ISAPI/ContentMgmt/Storage": 1, "/ISAPI/Security/users": 1,
                  "/ISAPI/Security/illegalLoginLock": 1, "/ISAPI/Security/userCheck": 1,
                  "/ISAPI/Security/UserPermission/anonymouslogin": 1,
                  "/ISAPI/Security/adminAccesses": 1, "/ISAPI/System/Network/ssh": 1,
                  "/ISAPI/System/Network/telnetd": 1, "/ISAPI/System/time": 1,
                  "/ISAPI/System/time/ntpServers": 1, "/ISAPI/System/logServer": 1,
                  "/ISAPI/System/Network/capabilities": 1,
                  "/onvif/device_service": 3},
    },
    # accounts: anonymous viewing is a switch (UserPermission/anonymouslogin); the login
    # lockout is a setting (illegalLoginLock).
    "accounts": {"anonymous_access": "switch", "lockout_setting": True},
    # time_sync: ISAPI has no "servers from DHCP" setting (reported false, so no diff key).
    "time": {"from_dhcp": False},
    # network_protocols: what the camera drifts to over the factory state, what the task
    # asks (adminAccesses, System/Network/ssh and telnetd; no FTP switch), the diff, and
    # the settings after.
    "network_protocols": {
        "drift": {"network.ssh": True, "network.telnet": True},
        "want": {"http": False, "https": True, "ssh": False, "telnet": False},
        "diff": ({"http": True, "ssh": True, "telnet": True},
                 {"http": False, "ssh": False, "telnet": False}),
        "after": {"http": False, "https": True, "ssh": False, "telnet": False},
    },
    # privacy_masks: the video source as the driver names it (the ISAPI channel) and a
    # mask's name by its number (the privacyMask region id).
    "privacy_masks": {"video_source": "channel-1", "mask_name": "region-%d"},
    # 5.2.7: whether the API reads and sets remote syslog (System/logServer).
    "remote_syslog": True,
}

def state_defaults(state, secure):
    """Anonymous viewers let in from the factory. No SD encryption API: the hardened
    (compliant) way is no card in the slot."""
    state["access"]["anonymous_viewer"] = not secure
    slot = sd_slot("1", secure, encryption_supported=False)
    if secure:
        slot.update(present=False, recordings=0, mounted=False)
    state["storage"]["slots"] = [slot]


def realm(camera):
    return "DS-" + str(camera.get("identity.serial", ""))


def lockout_setting(camera):
    """Hikvision shows and enforces its own lockout (illegalLoginLock)."""
    access = camera.state.get("access") or {}
    if not access.get("lockout_enabled"):
        return 0
    return max(1, int(access.get("lockout_attempts") or 0))
