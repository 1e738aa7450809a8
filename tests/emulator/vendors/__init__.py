"""The emulator's vendor registry: one line per vendor package (contract: README.md).

Packages are imported on first use, by name, so that a vendor's route modules may import
the shared emulator modules (which read this registry) without an import cycle.
"""

import importlib

NAMES = (
    "axis",
    "hikvision",
    "onvif",
    "dahua",
    "hanwha",
)


_loaded = {}


def get(name):
    """The vendor package `tests.emulator.vendors.<name>`."""
    package = _loaded.get(name)
    if package is None:
        if name not in NAMES:
            raise ValueError("unknown vendor %r (known: %s)" % (name, ", ".join(NAMES)))
        package = _loaded[name] = importlib.import_module("%s.%s" % (__name__, name))
    return package


def all_vendors():
    return [get(name) for name in NAMES]
