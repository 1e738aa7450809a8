"""Shared fixtures: one emulator fleet per test session, one camera per registered
emulator vendor (tests/emulator/vendors), on its reference firmware profile.

Tests choose cameras by vendor and profile, never by position:
- VENDORS: every registered vendor, in registry order; `@pytest.mark.parametrize("vendor",
  VENDORS)` (or the `vendor` fixture) runs a test for each, so a vendor is tested by
  registering its emulator package;
- camera_of(vendor, profile=None): the session fleet's camera of that vendor (and
  profile: its reference firmware when None), e.g. camera_of("axis");
- vendor_of(cam), factory_username(vendor), vendor_package(vendor): what a test needs to
  know about a camera without a table of its own.
"""

import re

import pytest

from tests.emulator import profiles as emulator_profiles
from tests.emulator import vendors as emulator_vendors
from tests.emulator.client import EmulatorProcess

VENDORS = tuple(emulator_vendors.NAMES)

# The session fleet: (vendor, profile) of each camera, in the order the emulator numbers
# them; the emulator fixture checks that the running fleet is this one.
SESSION_FLEET = tuple((vendor, emulator_profiles.BY_VENDOR[vendor][0]) for vendor in VENDORS)
SESSION_CAMERAS = {"cam-%04d" % i: vp for i, vp in enumerate(SESSION_FLEET, start=1)}


def camera_of(vendor, profile=None):
    """The id of the session fleet's camera of `vendor` running `profile` (None: the
    vendor's reference firmware)."""
    if vendor not in VENDORS:
        raise ValueError("no emulator vendor %r (registered: %s)" % (vendor, ", ".join(VENDORS)))
    want = (vendor, profile or emulator_profiles.BY_VENDOR[vendor][0])
    for cam, vendor_profile in SESSION_CAMERAS.items():
        if vendor_profile == want:
            return cam
    raise ValueError("the session fleet has no %s camera on profile %s" % want)


def cameras_of(vendors=VENDORS):
    """The session fleet's camera of each of `vendors`, in that order."""
    return tuple(camera_of(vendor) for vendor in vendors)


def vendor_of(cam):
    return SESSION_CAMERAS[cam][0]


def vendor_package(vendor):
    """The emulator's vendor package: its facts (IDENTITY, LIMITS, FACTORY_USERNAME...)."""
    return emulator_vendors.get(vendor)


def factory_username(vendor):
    return vendor_package(vendor).FACTORY_USERNAME


def reference_identity(vendor):
    """manufacturer, model, firmware, hardware_id of the vendor's reference firmware (its
    first profile over the package's IDENTITY): what the session fleet's camera reports."""
    identity = dict(vendor_package(vendor).IDENTITY)
    identity.update(emulator_profiles.get(emulator_profiles.BY_VENDOR[vendor][0])["identity"])
    return identity


def firmware_above(vendor):
    """A firmware version one step above the reference camera's (its last number plus
    one, the leading `V` kept): a minimum the camera is below."""
    return _version_of(vendor, lambda numbers: numbers[:-1] + [numbers[-1] + 1])


def firmware_at_or_under(vendor):
    """A firmware version at or under the reference camera's (its first two numbers,
    the leading `V` kept; a missing segment counts as 0): a minimum the camera meets."""
    return _version_of(vendor, lambda numbers: numbers[:2])


def _version_of(vendor, change):
    firmware = reference_identity(vendor)["firmware"]
    match = re.match(r"\s*([vV]?)(\d+(?:\.\d+)*)", firmware)
    if not match:
        raise ValueError("%s: no version number in the reference firmware %r" % (vendor, firmware))
    numbers = [int(n) for n in match.group(2).split(".")]
    return match.group(1) + ".".join(str(n) for n in change(numbers))


class Lookup(object):
    """A table read on lookup: `Lookup(fn)[key]` is `fn(key)`. A per-vendor table built
    from the packages this way fails the test of a vendor that lacks the fact, not the
    collection of the whole test module."""

    def __init__(self, fn):
        self.fn = fn

    def __getitem__(self, key):
        return self.fn(key)


def per_camera(fn):
    """{cam: fn(vendor of cam)}, read on lookup (Lookup)."""
    return Lookup(lambda cam: fn(vendor_of(cam)))


def expected(vendor, key):
    """What the collection should conclude about the vendor's reference firmware, from
    the package's EXPECTED dict (tests/emulator/vendors/README.md, "EXPECTED")."""
    table = getattr(vendor_package(vendor), "EXPECTED", None)
    if table is None or key not in table:
        raise KeyError("the emulator package of %s has no EXPECTED[%r]: add it (see "
                       "tests/emulator/vendors/README.md)" % (vendor, key))
    return table[key]


VENDOR_OF = {cam: vendor for cam, (vendor, _profile) in SESSION_CAMERAS.items()}


@pytest.fixture(params=VENDORS)
def vendor(request):
    """Each registered emulator vendor in turn."""
    return request.param


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    """A running emulator with one camera per registered vendor (SESSION_FLEET)."""
    with EmulatorProcess(tmp_path_factory.mktemp("emulator"), cameras=len(SESSION_FLEET),
                         profiles=[profile for _vendor, profile in SESSION_FLEET]) as emu:
        emu.cameras = {c["id"]: c for c in emu.control.cameras()}
        running = {cam: (c["vendor"], c["profile"]) for cam, c in emu.cameras.items()}
        assert running == SESSION_CAMERAS, (running, SESSION_CAMERAS)
        yield emu


@pytest.fixture
def fresh_fleet(emulator):
    """Every camera back in its insecure factory state, faults cleared, counters zero."""
    emulator.control.fleet_preset("insecure")
    yield emulator
    emulator.control.fleet_preset("insecure")


def one_camera_per_profile(names, label):
    """Fixtures for a test module about firmware profiles (tests/emulator/profiles): a
    module-scoped emulator with one camera per named profile, in order, and `fleet`, that
    emulator with every camera in its insecure factory state (faults cleared, counters
    zero) before and after each test. The emulator knows each camera both ways:
    `cam_of[profile]` (also `by_profile`) and `profile_of[cam]`.

    In the module: `profiles_emulator, fleet = one_camera_per_profile(NAMES, "hik")`."""
    @pytest.fixture(scope="module", name="profiles_emulator")
    def profiles_emulator(tmp_path_factory):
        with EmulatorProcess(tmp_path_factory.mktemp(label), cameras=len(names),
                             profiles=list(names)) as emu:
            emu.cameras = {c["id"]: c for c in emu.control.cameras()}
            emu.cam_of = emu.by_profile = {c["profile"]: cam for cam, c in emu.cameras.items()}
            emu.profile_of = {cam: c["profile"] for cam, c in emu.cameras.items()}
            yield emu

    @pytest.fixture(name="fleet")
    def fleet(profiles_emulator):
        profiles_emulator.control.fleet_preset("insecure")
        yield profiles_emulator
        profiles_emulator.control.fleet_preset("insecure")

    return profiles_emulator, fleet
