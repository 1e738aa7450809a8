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
