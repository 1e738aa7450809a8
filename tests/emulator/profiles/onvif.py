"""Profiles of ONVIF cameras of other makers (sources: README.md). The first is the
emulator's reference ONVIF device, whose answers onvif*.py give by default."""

PROFILES = [
    {
        "name": "onvif-reference",
        "vendor": "onvif",
        "identity": {"model": "IPC-ONVIF-200", "firmware": "2.4.1"},
    },
]
