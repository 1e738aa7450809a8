"""A plain ONVIF camera of another maker, and the ONVIF service every vendor may serve
(service.py and onvif_*.py), with the firmware profiles (profiles.py, sources in
profiles.md). Contract: ../README.md."""

from . import onvif_media2, onvif_users, service
from .profiles import PROFILES  # noqa: F401 (an attribute of the contract)

NAME = "onvif"
IDENTITY = {"manufacturer": "Generic", "model": "IPC-ONVIF-200", "firmware": "2.4.1",
            "hardware_id": "1"}
FACTORY_USERNAME = "admin"
FACTORY_PASSWORD = "admin"
USERNAME_RULE = onvif_users.USERNAME_RULE
LIMITS = {"max_masks": 8, "max_points": 6, "mask_types": ["Color", "Blurred"]}
MASK_GRID = onvif_media2.GRID
HTTP_HANDLERS = (service.handle,)
API_SNAPSHOT_PATHS = ()
# A generic ONVIF camera is typically an embedded Linux box answering with Net-SNMP's OID.
SNMP_ENTERPRISE = 8072
SNMP_OBJECT_ID = (1, 3, 6, 1, 4, 1, 8072, 3, 2, 10)
MDNS_SERVICES = {"_http._tcp.local.": ["path=/"]}
MEDIA = {"rtsp_path": "/onvif/media/profile1", "snapshot_path": "/onvif/snapshot",
         "profile_tokens": ["Profile_1"]}
# What a technician does by hand on the site visit of `make demo` (tests/demo.py), for
# what the collection audits but does not enforce on this vendor: (why, state changes).
MANUAL_HARDENING = (
    ("switches SNMP, UPnP and Bonjour off in the web page (ONVIF has no operation for "
     "them; the probes heard them)",
     {"discovery.snmp.enabled": False, "discovery.upnp": False, "discovery.bonjour": False}),
    ("moves the stream to RTSPS (5.5.2 is audited, not enforced)",
     {"network.rtsp.enabled": False, "network.rtsps.enabled": True}),
)


# What the collection should conclude about this vendor's reference firmware
# (onvif-reference), read by the generic tests (contract: ../README.md, "EXPECTED"), with why.
EXPECTED = {
    # 5.5.2: the encrypted form of the stream (Media2 RtspsUnicast), the emulator switch
    # that turns it on and the port the evidence names.
    "encrypted_stream": {"name": "RTSPS", "switch": "network.rtsps.enabled", "port": 322},
    # 5.4.1: no vendor API besides ONVIF's calls.
    "unauthenticated_calls": [],
    # 5.4.2: the user list read (ONVIF GetUsers).
    "passwords_disclosed_by": ["ONVIF GetUsers"],
    # 5.3.3 with a radio added (wireless.present): its id (GetNetworkInterfaces), and why
    # the factory radio fails (PSK with Algorithm Any; ONVIF has no WPS setting).
    "wireless": {"radio_id": "wlan0", "factory_reason": (
        "wireless interface wlan0 is on with wpa_wpa2 (Dot11 Security Mode PSK Algorithm Any; "
        "allowed: wpa2, wpa2_wpa3, wpa3)")},
    # The audit of the factory camera, per level: SNMP v1/v2c "public" heard by the probe
    # (5.3.1: the API has no SNMP operation); plain HTTP (5.2.5, 5.3.2); no Anonymous user
    # and no lockout setting (5.4.1 manual), so snapshot and stream refuse (5.5.1 passes);
    # its API cannot list SD cards (5.1.1.2 manual); NTP off (5.2.7); plain RTSP (5.5.2);
    # WS-Discovery on, SSDP, mDNS and SNMP heard (5.3.2.2).
    "insecure_fails": {
        1: {"5.3.1", "5.2.5"},
        2: {"5.3.1", "5.2.5", "5.2.7", "5.3.2", "5.5.2"},
        3: {"5.3.1", "5.2.5", "5.2.7", "5.3.2", "5.5.2", "5.3.2.2"},
    },
    # After enforce.yml (or the baseline module) at the level: ONVIF defines no operation
    # for SNMP, UPnP or Bonjour, and the probes still hear them (5.3.1, 5.3.2.2); 5.5.2 is
    # audit only.
    "enforced_fails": {1: {"5.3.1"}, 2: {"5.3.1", "5.5.2"}, 3: {"5.3.1", "5.3.2.2", "5.5.2"}},
    # The controls of the baseline module's plan on the factory camera at level 2 (no
    # syslog, SNMP, UPnP, Bonjour or SD-card operations).
    "baseline_plan": {"5.2.7", "5.2.1", "5.2.5", "5.3.2"},
    # camera_facts (gather_subset: all) after the discovery drift below: what it reports
    # (ONVIF reads WS-Discovery only) and what it may send per path (device_service:
    # GetSystemDateAndTime, GetServices, GetDiscoveryMode, GetNetworkProtocols,
    # GetDeviceInformation, GetUsers, GetNTP, GetNetworkInterfaces; media2_service:
    # GetVideoSourceConfigurations, GetMaskOptions, GetMasks, GetServiceCapabilities,
    # GetProfiles, GetStreamUri RtspsUnicast).
    "camera_facts": {
        "drift": {"discovery.ws_discovery": False},
        "discovery": {"ws_discovery": False},
        "reads": {"/onvif/device_service": 8, "/onvif/media2_service": 6},
    },
    # accounts: anonymous access is a user of level Anonymous (deleted to turn it off); no
    # login-lockout setting.
    "accounts": {"anonymous_access": "user", "lockout_setting": False},
    # time_sync: GetNTP reports FromDHCP.
    "time": {"from_dhcp": True},
    # network_protocols: what the camera drifts to over the factory state (telnet: there,
    # but ONVIF cannot see it), what the task asks (Get/SetNetworkProtocols: HTTP, HTTPS,
    # RTSP only), the diff, and the settings after.
    "network_protocols": {
        "drift": {"network.telnet": True},
        "want": {"http": False, "https": True},
        "diff": ({"http": True}, {"http": False}),
        "after": {"http": False, "https": True},
    },
    # privacy_masks: the video source as the driver names it (the Media2 configuration
    # token) and a mask's name by its number.
    "privacy_masks": {"video_source": "VideoSourceConfig_1", "mask_name": "PrivacyMask_%d"},
    # 5.2.7: whether the API reads and sets remote syslog (ONVIF defines no operation for
    # it: 5.2.7's logging part is `manual`).
    "remote_syslog": False,
}

def state_defaults(state, secure):
    """Anonymous access is an ONVIF user of level Anonymous, and this camera ships
    without one; no SD slot."""
    state["access"]["anonymous_viewer"] = False
    state["storage"]["slots"] = []


def realm(camera):
    """Its model (inferred: no recording of a generic camera's realm)."""
    return camera.get("identity.model", "camera")
