"""Axis: VAPIX (vapix*.py) and Axis's ONVIF, with the AXIS OS firmware profiles
(profiles.py, sources in profiles.md). Contract: ../README.md."""

from ...state import sd_slot
from ..onvif import service as onvif_service
from . import vapix, vapix_masks, vapix_users
from .profiles import PROFILES  # noqa: F401 (an attribute of the contract)

NAME = "axis"
IDENTITY = {"manufacturer": "AXIS", "model": "P3265-LVE", "firmware": "11.8.64",
            "hardware_id": "7A3"}
FACTORY_USERNAME = "root"
FACTORY_PASSWORD = "pass"
USERNAME_RULE = vapix_users.USERNAME_RULE
LIMITS = {"max_masks": 32, "max_points": 8, "mask_types": ["Color", "Pixelated"]}
MASK_GRID = (vapix_masks.GRID_W, vapix_masks.GRID_H)  # pixels of the 1920x1080 capture
HTTP_HANDLERS = (vapix.handle, onvif_service.handle)
API_SNAPSHOT_PATHS = (vapix.SNAPSHOT_PATH,)
SNMP_ENTERPRISE = 368
SNMP_OBJECT_ID = (1, 3, 6, 1, 4, 1, 368, 4)
MDNS_SERVICES = {"_axis-video._tcp.local.": ["macaddress={mac}"], "_http._tcp.local.": ["path=/"]}
MEDIA = {"rtsp_path": "/axis-media/media.amp", "snapshot_path": "/axis-cgi/jpg/image.cgi",
         "profile_tokens": ["profile_1_h264"]}
# What a technician does by hand on the site visit of `make demo` (tests/demo.py), for
# what the collection audits but does not enforce on this vendor: (why, state changes).
MANUAL_HARDENING = (
    ("moves the stream to RTSPS (5.5.2 is audited, not enforced)",
     {"network.rtsp.enabled": False, "network.rtsps.enabled": True}),
)


# What the collection should conclude about this vendor's reference firmware (axis-os11),
# read by the generic tests (contract: ../README.md, "EXPECTED"), with why.
EXPECTED = {
    # 5.5.2: the encrypted form of the stream, the emulator switch that turns it on and
    # the port the evidence names (root.Network.RTSPS).
    "encrypted_stream": {"name": "RTSPS", "switch": "network.rtsps.enabled", "port": 322},
    # 5.4.1: the vendor API calls the unauthenticated probe makes after ONVIF's.
    "unauthenticated_calls": ["VAPIX param.cgi list root.Brand"],
    # 5.4.2: the user lists read (pwdgrp.cgi never shows passwords; ONVIF GetUsers can).
    "passwords_disclosed_by": ["ONVIF GetUsers"],
    # 5.3.3 with a radio added (wireless.present): its id, and why the factory radio
    # fails (WPA-PSK does not say which WPA: WPS on is what fails it).
    "wireless": {"radio_id": "I1", "factory_reason": "wireless interface I1 has WPS on"},
    # The audit of the factory camera, per level: SNMP v1/v2c "public" (5.3.1), plain
    # HTTP (5.2.5, 5.3.2), anonymous viewers let in, no lockout setting (5.4.1) and so an
    # open snapshot and stream (5.5.1); an unencrypted SD card with recordings (5.1.1.2);
    # NTP and remote syslog off (5.2.7); plain RTSP (5.5.2); UPnP, Bonjour, SNMP,
    # WS-Discovery on (5.3.2.2).
    "insecure_fails": {
        1: {"5.3.1", "5.2.5", "5.4.1", "5.5.1"},
        2: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2"},
        3: {"5.3.1", "5.2.5", "5.4.1", "5.5.1", "5.2.7", "5.3.2", "5.5.2", "5.1.1.2",
            "5.3.2.2"},
    },
    # After enforce.yml (or the baseline module) at the level: everything is enforced but
    # 5.5.2 (audit only: the stream stays plain RTSP).
    "enforced_fails": {1: set(), 2: {"5.5.2"}, 3: {"5.5.2"}},
    # The controls of the baseline module's plan on the factory camera at level 2.
    "baseline_plan": {"5.3.1", "5.1.1.2", "5.2.7", "5.4.1", "5.2.1", "5.2.5", "5.3.2"},
    # camera_facts (gather_subset: all) after the discovery drift below: what it reports
    # and what it may send per path (param.cgi: the discovery, web/protocol, anonymous-
    # viewer, RTSP/RTSPS and interface/wireless groups, five `list` queries;
    # device_service: GetSystemDateAndTime, GetServices, GetDiscoveryMode,
    # GetNetworkProtocols; media2_service: GetVideoSourceConfigurations, GetMaskOptions,
    # GetMasks).
    "camera_facts": {
        "drift": {"discovery.upnp": False, "discovery.snmp.v1": False},
        "discovery": {"upnp": False, "bonjour": True, "snmp": True, "snmp_versions": ["v2c"],
                      "ws_discovery": True},
        "reads": {"/axis-cgi/basicdeviceinfo.cgi": 1, "/axis-cgi/param.cgi": 5,
                  "/axis-cgi/disks/list.cgi": 1, "/axis-cgi/disks/getcapabilities.cgi": 1,
                  "/axis-cgi/pwdgrp.cgi": 1, "/axis-cgi/ssh.cgi": 1, "/axis-cgi/ntp.cgi": 1,
                  "/axis-cgi/remotesyslog.cgi": 1,
                  "/onvif/device_service": 4, "/onvif/media2_service": 3},
    },
    # accounts: anonymous viewing is a switch (root.System.BoaProtViewer), not a user; no
    # login-lockout setting.
    "accounts": {"anonymous_access": "switch", "lockout_setting": False},
    # time_sync: ntp.cgi reports whether the NTP servers come from DHCP.
    "time": {"from_dhcp": True},
    # network_protocols: what the camera drifts to over the factory state, what the task
    # asks (what VAPIX can set: BoaGroupPolicy, HTTPS.Enabled, ssh.cgi, Network.FTP; no
    # telnet API), the diff, and the settings after.
    "network_protocols": {
        "drift": {"network.ssh": True, "network.ftp": True},
        "want": {"http": False, "https": True, "ssh": False, "ftp": False},
        "diff": ({"http": True, "ssh": True, "ftp": True},
                 {"http": False, "ssh": False, "ftp": False}),
        "after": {"http": False, "https": True, "ssh": False, "ftp": False},
    },
    # privacy_masks: the video source as the driver names it (the Media2 configuration
    # token) and a mask's name by its number.
    "privacy_masks": {"video_source": "VideoSourceConfig_1", "mask_name": "PrivacyMask_%d"},
    # 5.2.7: whether the API reads and sets remote syslog (remotesyslog.cgi).
    "remote_syslog": True,
}

def state_defaults(state, secure):
    """Anonymous viewers let in from the factory; an SD card that can be encrypted,
    encrypted (ext4, a passphrase) in the hardened preset."""
    state["access"]["anonymous_viewer"] = not secure
    slot = sd_slot("SD_DISK", secure, encryption_supported=True)
    if secure:
        slot.update(encryption_enabled=True, encrypted=True, filesystem="ext4",
                    passphrase="factory-secure-passphrase")
    state["storage"]["slots"] = [slot]


def realm(camera):
    return "AXIS_" + camera.get("identity.mac", "").replace(":", "").upper()
