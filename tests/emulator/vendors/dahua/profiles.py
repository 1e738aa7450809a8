"""Dahua firmware profiles (sources, fact by fact: profiles.md beside this file). The
first is the emulator's reference firmware.

`manual_hardening` (contract: ../README.md): the site visit of `make demo` for that
firmware, instead of the vendor's MANUAL_HARDENING.
Vendor-specific key `dahua`: basic_auth (the CGI takes HTTP Basic as well as Digest).
`missing` names what a firmware lacks: "config:<Table>" (configManager answers 400
Error), "<cgi>:<action>" (likewise), "rpc2:<method>" (RPC2 answers Method not found!).
"""

PROFILES = [
    {
        # Current IPC firmware (V2.840): every table below, SD encryption over RPC2.
        "name": "dahua-v2.840",
        "vendor": "dahua",
        "identity": {"model": "IPC-HDW3849HP-AS-PV", "firmware": "2.840.0000000.3.R"},
        "dahua": {"basic_auth": False},
        "missing": [],
    },
    {
        # Older firmware (V2.622, Amcrest-era): no Bonjour, SSHD or LoginFailureAlarm
        # table, no magicBox getVendor, no SDEncrypt; takes Basic as well as Digest.
        # Its card cannot be encrypted: the hardened preset has no card in the slot.
        "name": "dahua-v2.622",
        "vendor": "dahua",
        "identity": {"model": "IPC-HDW4431C-A", "firmware": "2.622.0000000.18.R"},
        "dahua": {"basic_auth": True},
        "missing": ["config:Bonjour", "config:SSHD", "config:LoginFailureAlarm",
                    "magicBox:getVendor", "rpc2:SDEncrypt.encrypt"],
        # Media1 only [INF: the firmware predates ONVIF Profile T's Media2]: no RTSPS.
        "media2": False,
        "state": {"storage.slots.0.encryption_supported": False,
                  "storage.slots.0.encryption_enabled": False,
                  "storage.slots.0.encrypted": False, "storage.slots.0.passphrase": None,
                  "storage.slots.0.filesystem": "vfat", "storage.slots.0.present": False},
        "factory": {"storage.slots.0.present": True},
        # The site visit for this firmware (replaces the vendor's MANUAL_HARDENING): its
        # card cannot be encrypted, so it comes out; with no Media2 there is no RTSPS to
        # move the stream to, so 5.5.2 stays `manual` (plain RTSP, nothing better).
        "manual_hardening": (
            ("removes the SD card (firmware without RPC2 SDEncrypt cannot encrypt it)",
             {"storage.slots.0.present": False, "storage.slots.0.recordings": 0}),
        ),
    },
]
