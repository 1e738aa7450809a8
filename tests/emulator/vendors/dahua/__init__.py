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
MANUAL_HARDENING = (
    ("removes the SD card (firmware without RPC2 SDEncrypt cannot encrypt it)",
     {"storage.slots.0.present": False, "storage.slots.0.recordings": 0}),
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
