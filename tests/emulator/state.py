"""Default camera state, per vendor, in the emulator's internal (vendor-neutral) shape:
the common defaults here, the vendor's (identity, factory account, limits, its
state_defaults hook) from its package (vendors/), then the firmware profile's.

Every vendor API of the emulator renders and changes this one dict, so a setting
written through VAPIX is what ONVIF and the network responders see too.

Geometry of privacy masks is kept as fractions 0..1 of the picture (x right, y down);
each vendor API quantises to its own grid on write, as real cameras do.
"""

import copy

from . import vendors

# Account levels kept in state["users"]; ONVIF calls "Viewer" "User".
USER_LEVELS = ("Administrator", "Operator", "Viewer", "Anonymous")
MAX_USERS = 16

# The hardened preset's NTP and syslog servers (TEST-NET-1: never a real host).
SITE_NTP = "192.0.2.123"
SITE_SYSLOG = {"host": "192.0.2.20", "port": 6514, "protocol": "tls"}


def default_state(vendor, index, secure=False, username=None, password="admin", profile=None):
    """The state of camera number `index` fresh from the factory (or hardened), as the
    firmware of `profile` (profiles/) ships it."""
    state = _vendor_state(vendor, index, secure, username, password)
    if profile:
        state["identity"].update(profile.get("identity", {}))
        # "factory": settings as that firmware ships them; the hardened preset overrides.
        changes = dict(profile.get("state", {}))
        if not secure:
            changes.update(profile.get("factory", {}))
        for path, value in sorted(changes.items()):
            node = state
            parts = path.split(".")
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
            if isinstance(node, list):
                node[int(parts[-1])] = copy.deepcopy(value)
            else:
                node[parts[-1]] = copy.deepcopy(value)
    return state


def _vendor_state(vendor, index, secure, username, password):
    package = vendors.get(vendor)
    ident = dict(package.IDENTITY)
    prefix = getattr(package, "SERIAL_PREFIX", None) or vendor[:2].upper()
    ident["serial"] = "%s%08d" % (prefix, index)
    ident["mac"] = "02:00:%02x:%02x:%02x:%02x" % (
        (index >> 24) & 255, (index >> 16) & 255, (index >> 8) & 255, index & 255)
    on = not secure
    state = {
        "vendor": vendor,
        "identity": ident,
        "users": [
            {"username": username or package.FACTORY_USERNAME, "password": password,
             "level": "Administrator"},
        ],
        "discovery": {
            "upnp": on,
            "upnp_nat_traversal": False,
            "bonjour": on,
            "ws_discovery": on,
            "snmp": {
                "enabled": on,
                "v1": on,
                "v2c": on,
                "v3": False,
                "read_community": "public",
                "write_community": "private",
                "v3_users": [],
            },
        },
        "network": {
            "http": {"enabled": on, "port": 80},
            # TLS versions offered and days the certificate is valid from now (tls.py)
            "https": {"enabled": True, "port": 443, "tls_versions": ["TLSv1.2", "TLSv1.3"],
                      "cert_days": 365},
            "rtsp": {"enabled": True, "port": 554},
            # RTSP over TLS with SRTP (5.5.2): offered by the hardware (`supported`), off
            # from the factory. Port 322 as Hikvision's SRTP entry and Axis use it [INF].
            "rtsps": {"enabled": secure, "port": 322, "supported": True},
            "ssh": False,
            "telnet": False,
            "ftp": False,
            "zeroconf": True,
            "dev_manage": {"enabled": True, "port": 8000},
            "http_auth_policy": "digest",
        },
        "video_sources": [
            {"token": "VideoSourceConfig_1", "source_token": "VideoSource_1",
             "channel": 1, "width": 1920, "height": 1080},
        ],
        "privacy_masks": [],
        "privacy_mask_color": "black",  # Axis: one colour for every mask of the image
        "mask_limits": copy.deepcopy(package.LIMITS),
        # The vendor's state_defaults() says which slots and who may view anonymously.
        "storage": {"slots": []},
        # Anonymous viewing and login lockout (5.4.1). Only some vendors show and enforce
        # the lockout setting (their lockout_setting hook, camera.Camera.login_failed).
        "access": {"anonymous_viewer": False, "lockout_enabled": secure,
                   "lockout_attempts": 5},
        # Hardened: NTP from a static server, logs to a syslog server over TLS (5.2.7).
        "time": {"ntp_enabled": secure, "ntp_servers": [SITE_NTP] if secure else [],
                 "from_dhcp": not secure},
        "logging": {"syslog_enabled": secure,
                    "syslog_servers": [dict(SITE_SYSLOG)] if secure else []},
        # A Wi-Fi radio (5.3.3): absent on most models (a profile's `state` adds one).
        # security: none | wep | wpa | wpa2 | wpa3 | wpa_wpa2 (WPA and WPA2 both accepted);
        # each vendor API shows it its own way. WPS push-button on from the factory, as on
        # the recorded M1065-LW (profiles/streams-wireless.md).
        "wireless": {"present": False, "enabled": True, "ssid": "camera-net",
                     "security": "wpa2" if secure else "wpa_wpa2", "wps": not secure},
    }
    package.state_defaults(state, secure)
    return state


def sd_slot(slot_id, secure, encryption_supported):
    """An SD card slot with a card in it, as a vendor's state_defaults() starts from:
    mounted, unencrypted, with recordings unless hardened (the hook changes the rest)."""
    return {
        "id": slot_id,
        "present": True,
        "encryption_supported": encryption_supported,
        "encryption_enabled": False,
        "encrypted": False,
        "locked": False,
        "mounted": True,
        "filesystem": "vfat",
        "capacity_mb": 61035,
        "recordings": 0 if secure else 37,
        "passphrase": None,
    }
