"""Shared fixtures: one emulator fleet per test session (one camera per vendor)."""

import pytest

from tests.emulator.client import EmulatorProcess

VENDOR_OF = {"cam-0001": "axis", "cam-0002": "hikvision", "cam-0003": "onvif"}


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    """A running emulator with cam-0001 (axis), cam-0002 (hikvision), cam-0003 (onvif)."""
    with EmulatorProcess(tmp_path_factory.mktemp("emulator"), cameras=3) as emu:
        emu.cameras = {c["id"]: c for c in emu.control.cameras()}
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
