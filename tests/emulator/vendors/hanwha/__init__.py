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
    """Factory: guest (anonymous) login off, as SUNAPI's example reply shows it [SEEN]; an
    SD card that can be encrypted (DASConfig), encrypted in the hardened preset. A profile
    whose firmware has no DASConfig changes the slot (profiles.py)."""
    state["access"]["anonymous_viewer"] = False
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
