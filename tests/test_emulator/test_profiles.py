"""Firmware profiles (tests/emulator/profiles): selected with --profiles, mixed in a
default fleet, their wire ways kept across clear_faults, shown in the inventory."""

import yaml

from tests.emulator import profiles
from tests.emulator.client import EmulatorProcess


def test_every_vendor_has_its_reference_profile_first():
    for vendor in ("axis", "hikvision", "onvif"):
        assert profiles.BY_VENDOR[vendor], vendor
        first = profiles.PROFILES[profiles.BY_VENDOR[vendor][0]]
        assert first["vendor"] == vendor


def test_profiles_are_selected_by_name_and_reach_the_inventory(tmp_path):
    names = [profiles.BY_VENDOR[v][-1] for v in ("onvif", "axis", "hikvision")]
    with EmulatorProcess(tmp_path, cameras=3, profiles=names) as emu:
        cams = {c["id"]: c for c in emu.control.cameras()}
        assert [cams["cam-%04d" % i]["profile"] for i in (1, 2, 3)] == names
        assert [cams["cam-%04d" % i]["vendor"] for i in (1, 2, 3)] == ["onvif", "axis",
                                                                       "hikvision"]
        with open(emu.inventory) as f:
            inventory = yaml.safe_load(f)
        hosts = {}
        for group in inventory["all"]["children"]["cameras"]["children"].values():
            hosts.update(group["hosts"])
        assert hosts["cam-0001"]["emulator_profile"] == names[0]
        for i, name in enumerate(names, start=1):
            state = emu.control.state("cam-%04d" % i)
            assert state["profile"] == name
            for key, value in profiles.PROFILES[name]["identity"].items():
                assert state["identity"][key] == value


def test_a_default_fleet_mixes_each_vendors_profiles(tmp_path):
    count = len(profiles.BY_VENDOR) * max(len(v) for v in profiles.BY_VENDOR.values())
    with EmulatorProcess(tmp_path, cameras=count) as emu:
        seen = {}
        for cam in emu.control.cameras():
            seen.setdefault(cam["vendor"], set()).add(cam["profile"])
        for vendor, names in profiles.BY_VENDOR.items():
            assert seen[vendor] == set(names), vendor
