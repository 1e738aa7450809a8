"""Hanwha firmware profiles (sources, fact by fact: profiles.md beside this file). The
first is the reference firmware.

Vendor-specific key `sunapi` (read by sunapi*.py):
- version: the CGIVersion deviceinfo reports;
- pw_init: the firmware has /init-cgi/pw_init.cgi (SUNAPI 2.5.5 and later) [SEEN];
- sd_encryption: storageinfo carries DASConfig (IsDASEncryptEnable...) [SEEN the field];
- password_strength: deviceinfo's PasswordStrength (None: the field is absent).
The key `missing` names SUNAPI calls this firmware answers `NG 600 Submenu Not Found`,
as "<cgi>.cgi:<submenu>".
"""

PROFILES = [
    {
        # Wisenet P/X on 2.21: SUNAPI 2.6.1, JSON, tlsversion, rsa, pw_init, SD encryption.
        "name": "hanwha-wisenet-x-2.21",
        "vendor": "hanwha",
        "identity": {"model": "PNM-C7083RVD", "firmware": "2.21.01_20220517_R276"},
        "sunapi": {"version": "2.6.1", "pw_init": True, "sd_encryption": True,
                   "password_strength": "Strong"},
        "state": {"network.https.tls_versions": ["TLSv1.2", "TLSv1.3"]},
    },
    {
        # An older SUNAPI 2.5.4 firmware [INF: model and version illustrative]: no
        # tlsversion, no rsa (passwords go in the query), no pw_init.cgi (came with
        # 2.5.5 [SEEN]), no SD encryption, no PasswordStrength.
        "name": "hanwha-wisenet-q-1.41",
        "vendor": "hanwha",
        "identity": {"model": "QNV-6010R", "firmware": "1.41.00_20190426"},
        "sunapi": {"version": "2.5.4", "pw_init": False, "sd_encryption": False,
                   "password_strength": None},
        "missing": ["security.cgi:tlsversion", "security.cgi:rsa"],
        # No way to encrypt a card: the hardened preset has none in the slot (as
        # Hikvision's); the factory one has a plain card with recordings.
        "state": {"network.https.tls_versions": ["TLSv1", "TLSv1.1", "TLSv1.2"],
                  "storage.slots.0.encryption_supported": False,
                  "storage.slots.0.encryption_enabled": False,
                  "storage.slots.0.encrypted": False, "storage.slots.0.passphrase": None,
                  "storage.slots.0.present": False, "storage.slots.0.mounted": False,
                  "storage.slots.0.filesystem": "vfat"},
        "factory": {"storage.slots.0.present": True, "storage.slots.0.mounted": True,
                    "storage.slots.0.recordings": 37},
        # `make demo`'s site visit for this firmware (replaces the vendor's
        # MANUAL_HARDENING; contract: ../README.md). The card cannot be encrypted, so it
        # comes out. TLS 1.0/1.1 has no switch here (no tlsversion submenu): the honest
        # fix is the vendor's firmware update, emulated by what the audit can see of it,
        # the versions the HTTPS port accepts [INF: which release drops them]; attesting
        # would hide a finding the TLS probe measures.
        "manual_hardening": (
            ("moves the stream to RTSPS (5.5.2 is audited, not enforced)",
             {"network.rtsp.enabled": False, "network.rtsps.enabled": True}),
            ("removes the SD card (no DASConfig on this firmware: it cannot be encrypted)",
             {"storage.slots.0.present": False, "storage.slots.0.mounted": False,
              "storage.slots.0.recordings": 0}),
            ("updates the firmware to a release whose HTTPS accepts TLS 1.2 and later only "
             "(this one has no TLS-version setting)",
             {"network.https.tls_versions": ["TLSv1.2", "TLSv1.3"]}),
        ),
    },
]
