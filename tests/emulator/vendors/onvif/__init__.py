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


def state_defaults(state, secure):
    """Anonymous access is an ONVIF user of level Anonymous, and this camera ships
    without one; no SD slot."""
    state["access"]["anonymous_viewer"] = False
    state["storage"]["slots"] = []


def realm(camera):
    """Its model (inferred: no recording of a generic camera's realm)."""
    return camera.get("identity.model", "camera")
