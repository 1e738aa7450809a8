"""Axis firmware profiles (sources: README.md). The first is the emulator's reference
AXIS OS firmware, whose answers the vapix_*.py modules give by default."""

PROFILES = [
    {
        "name": "axis-os11",
        "vendor": "axis",
        "identity": {"model": "P3265-LVE", "firmware": "11.8.64"},
    },
]
