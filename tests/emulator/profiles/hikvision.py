"""Hikvision firmware profiles (sources: README.md). The first is the emulator's
reference firmware, whose answers the isapi_*.py modules give by default."""

PROFILES = [
    {
        "name": "hikvision-v5.7",
        "vendor": "hikvision",
        "identity": {"model": "DS-2CD2143G2-I", "firmware": "V5.7.3"},
    },
]
