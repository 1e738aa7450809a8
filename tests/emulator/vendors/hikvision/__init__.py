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
