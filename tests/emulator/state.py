"""Default camera state, per vendor, in the emulator's internal (vendor-neutral) shape.

Every vendor API of the emulator renders and changes this one dict, so a setting
written through VAPIX is what ONVIF and the network responders see too.

Geometry of privacy masks is kept as fractions 0..1 of the picture (x right, y down);
each vendor API quantises to its own grid on write, as real cameras do.
"""

import copy

IDENTITY = {
    "axis": {
        "manufacturer": "AXIS",
        "model": "P3265-LVE",
        "firmware": "11.8.64",
        "hardware_id": "7A3",
    },
    "hikvision": {
        "manufacturer": "HIKVISION",
        "model": "DS-2CD2143G2-I",
        "firmware": "V5.7.3",
        "hardware_id": "88",
    },
    "onvif": {
        "manufacturer": "Generic",
        "model": "IPC-ONVIF-200",
        "firmware": "2.4.1",
        "hardware_id": "1",
    },
}

DEFAULT_USERNAME = {"axis": "root", "hikvision": "admin", "onvif": "admin"}

# The password each vendor ships with (what Hikvision's userCheck calls "default").
FACTORY_PASSWORD = {"axis": "pass", "hikvision": "12345", "onvif": "admin"}

# Account levels kept in state["users"]; ONVIF calls "Viewer" "User".
USER_LEVELS = ("Administrator", "Operator", "Viewer", "Anonymous")
MAX_USERS = 16

# What each vendor's hardware can do (not settings: these never change at run time).
LIMITS = {
    "axis": {"max_masks": 32, "max_points": 8, "mask_types": ["Color", "Pixelated"]},
    "hikvision": {"max_masks": 4, "max_points": 4, "mask_types": ["Color"]},
    "onvif": {"max_masks": 8, "max_points": 6, "mask_types": ["Color", "Blurred"]},
}

# Grid a vendor stores mask points on: Hikvision's "normalized screen" is 704x576,
# Axis stores pixels of the 1920x1080 capture, ONVIF devices keep ~1/1000 of the
# -1..1 window. Rounding to these grids is what makes naive re-runs non-idempotent.
MASK_GRID = {"axis": (1920, 1080), "hikvision": (704, 576), "onvif": (2000, 2000)}


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
    ident = dict(IDENTITY[vendor])
    ident["serial"] = "%s%08d" % (vendor[:2].upper(), index)
    ident["mac"] = "02:00:%02x:%02x:%02x:%02x" % (
        (index >> 24) & 255, (index >> 16) & 255, (index >> 8) & 255, index & 255)
    on = not secure
    state = {
        "vendor": vendor,
        "identity": ident,
        "users": [
            {"username": username or DEFAULT_USERNAME[vendor], "password": password,
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
        "mask_limits": copy.deepcopy(LIMITS[vendor]),
        "storage": {"slots": _default_slots(vendor, secure)},
        "access": _default_access(vendor, secure),
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
    return state


def _default_access(vendor, secure):
    """Anonymous viewing and login lockout (5.4.1). From the factory Axis and Hikvision
    let anonymous viewers in; ONVIF anonymous access is a user of level Anonymous
    instead, and a plain ONVIF camera ships without one. Only Hikvision shows and enforces
    the lockout setting (camera.Camera.login_failed)."""
    return {"anonymous_viewer": not secure and vendor != "onvif",
            "lockout_enabled": secure,
            "lockout_attempts": 5}


def _default_slots(vendor, secure):
    if vendor == "onvif":
        return []  # a plain ONVIF camera without an SD slot
    slot = {
        "id": "SD_DISK" if vendor == "axis" else "1",
        "present": True,
        "encryption_supported": vendor == "axis",
        "encryption_enabled": False,
        "encrypted": False,
        "locked": False,
        "mounted": True,
        "filesystem": "vfat",
        "capacity_mb": 61035,
        "recordings": 0 if secure else 37,
        "passphrase": None,
    }
    if secure and vendor == "axis":
        slot.update(encryption_enabled=True, encrypted=True, filesystem="ext4",
                    passphrase="factory-secure-passphrase")
    elif secure:
        # Hikvision has no SD encryption API: the compliant way is no card in the slot.
        slot.update(present=False, recordings=0, mounted=False)
    return [slot]
