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
