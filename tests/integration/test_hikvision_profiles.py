"""The collection against every Hikvision firmware profile of the emulator (issue #11): a
resource one firmware lacks (Bonjour, ssh, telnetd) is that one field unsupported, with the
call and the camera's words, whether the camera says notSupport at HTTP 403 or 404, and
never "access denied"; Bonjour is read and written in its adminAccesses entry where the
firmware lists one; TLS1_3Enable is honoured; an encrypted SD card passes 5.1.1.2."""

import os


from tests.emulator import profiles
from tests.conftest import one_camera_per_profile
from tests.integration.ansible_run import ROOT, run_playbook

AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")
NAMES = profiles.BY_VENDOR["hikvision"]
BONJOUR_PATH = "/ISAPI/System/Network/Bonjour"
LISTS_BONJOUR = ("hikvision-v5.7", "hik-ds2td1228-5.5.98", "hik-ds2cd2386g2-5.7.15")


profiles_emulator, fleet = one_camera_per_profile(NAMES, "hik-profiles")


def facts_by_profile(fleet):
    run = run_playbook("facts.yml", fleet.inventory)
    out = {}
    for name, cam in fleet.cam_of.items():
        record = run.result("Read camera facts", cam)
        assert record["status"] == "ok", (name, record["result"].get("msg"))
        out[name] = record["result"]["ansible_facts"]["ipcam"]
    return out


def test_facts_degrade_per_field_on_every_profile(fleet):
    for cam in fleet.cam_of.values():
        fleet.control.reset_counters(cam)
    facts = facts_by_profile(fleet)
    for name, got in facts.items():
        assert got["errors"] == {}, (name, got["errors"])
        assert got["identity"]["firmware"] == profiles.PROFILES[name]["identity"]["firmware"]
        for field, why in got["unsupported"].items():
            assert "access denied" not in why, (name, field, why)
        for area in ("discovery", "protocols", "storage", "time", "logging", "accounts"):
            assert area in got["settings"], (name, area)

    old = facts["hik-ds2cd2532f-5.2.0"]
    for field, path in (("discovery.bonjour", BONJOUR_PATH),
                        ("protocols.ssh", "/ISAPI/System/Network/ssh")):
        why = old["unsupported"][field]
        assert path in why and "notSupport" in why and "HTTP 403" in why, (field, why)
    assert "TLS1_1Enable" in old["unsupported"]["protocols.tls_min_version"]
    # The rest of the same areas still read.
    assert set(old["settings"]["discovery"]) >= {"upnp", "snmp", "ws_discovery"}
    assert "bonjour" not in old["settings"]["discovery"]
    assert old["settings"]["protocols"]["telnet"] is False
    assert "ssh" not in old["settings"]["protocols"]
    assert old["settings"]["storage"]["slots"][0]["encrypted"] is False

    g2 = facts["hik-ds2cd2386g2-5.7.15"]
    why = g2["unsupported"]["protocols.telnet"]
    assert "/ISAPI/System/Network/telnetd" in why and "HTTP 404" in why, why
    assert g2["settings"]["protocols"]["ssh"] is False
    assert g2["settings"]["discovery"]["bonjour"] is False  # its adminAccesses entry is off
    assert g2["settings"]["protocols"]["tls_min_version"] == "TLSv1.2"

    assert facts["hikvision-v5.7"]["settings"]["discovery"]["bonjour"] is True
    thermal = facts["hik-ds2td1228-5.5.98"]
    assert thermal["settings"]["storage"]["slots"][0]["encrypted"] is True
    assert thermal["settings"]["protocols"]["tls_min_version"] == "TLSv1.2"
    assert facts["hik-ds2cd2443g0-5.6.5"]["settings"]["protocols"]["tls_min_version"] == "TLSv1.1"
    assert facts["hik-ds2cd2443g0-5.6.5"]["settings"]["storage"]["slots"] == []

    for name in LISTS_BONJOUR:  # read where the firmware lists it, nowhere else
        by_path = fleet.control.counters(fleet.cam_of[name])["by_path"]
        assert BONJOUR_PATH not in by_path, (name, by_path)


def test_discovery_off_applies_what_each_firmware_has(fleet):
    args = {"upnp": False, "bonjour": False, "on_unsupported": "warn"}
    applied = run_playbook("discovery.yml", fleet.inventory, args, diff=True)
    again = run_playbook("discovery.yml", fleet.inventory, args)
    for name, cam in fleet.cam_of.items():
        first = applied.result("Set discovery services", cam)
        assert first["status"] == "ok", (name, first["result"].get("msg"))
        assert first["result"]["changed"] is True, name
        assert again.result("Set discovery services", cam)["result"]["changed"] is False, name
        state = fleet.control.state(cam)["discovery"]
        assert state["upnp"] is False, name
        if name in LISTS_BONJOUR:
            assert state["bonjour"] is False, name
            assert BONJOUR_PATH not in fleet.control.counters(cam)["by_path"], name
        else:
            # No Bonjour API on this firmware: said, not silently skipped.
            warnings = " ".join(first["result"].get("warnings", []))
            assert "bonjour" in warnings and "notSupport" in warnings, (name, warnings)


def test_protocols_tls_floor_and_services_per_firmware(fleet):
    args = {"telnet": False, "ssh": False, "tls_min_version": "TLSv1.3",
            "on_unsupported": "warn"}
    check = run_playbook("protocols.yml", fleet.inventory, args, check=True, diff=True)
    applied = run_playbook("protocols.yml", fleet.inventory, args, diff=True)
    again = run_playbook("protocols.yml", fleet.inventory, args)
    task = "Set network protocols"
    for name, cam in fleet.cam_of.items():
        for run in (check, applied, again):
            record = run.result(task, cam)
            assert record["status"] == "ok", (name, record["result"].get("msg"))
        assert again.result(task, cam)["result"]["changed"] is False, name
        versions = fleet.control.state(cam)["network"]["https"]["tls_versions"]
        if name == "hik-ds2cd2532f-5.2.0":
            # No TLS switches: left as it was, and the module says why.
            assert versions == ["TLSv1", "TLSv1.1", "TLSv1.2"]
            warnings = " ".join(applied.result(task, cam)["result"].get("warnings", []))
            assert "tls_min_version" in warnings and "ssh" in warnings, warnings
        else:
            assert check.result(task, cam)["result"]["changed"] is True, name
            assert versions == ["TLSv1.3"], (name, versions)
    g2 = fleet.control.state(fleet.cam_of["hikvision-v5.7"])
    assert g2["network"]["https"]["enabled"] is True


def test_level_3_audit_gives_per_control_results_on_every_firmware(fleet, tmp_path):
    run = run_playbook(AUDIT, fleet.inventory, {"ipcam_level": 3,
                                                "ipcam_report_dir": str(tmp_path)})
    for name, cam in fleet.cam_of.items():
        found = [r for r in run.results(host=cam) if r["action"].endswith("compliance_facts")]
        assert len(found) == 1, (name, run)
        assert found[0]["status"] == "ok", (name, found[0]["result"].get("msg"))
        controls = {c["id"]: c for c in
                    found[0]["result"]["ansible_facts"]["ipcam_compliance"]["controls"]}
        assert len(controls) > 10, name
        assert [c for c in controls.values() if c["status"] == "error"] == [], name
        assert not [c for c in controls.values() if "access denied" in str(c.get("reason"))]
        sd = controls["5.1.1.2"]["status"]
        if name == "hik-ds2td1228-5.5.98":
            assert sd == "pass", controls["5.1.1.2"]  # the card reports itself encrypted
        elif name == "hik-ds2cd2443g0-5.6.5":
            assert sd == "pass", controls["5.1.1.2"]  # no card in the slot
        else:
            assert sd == "fail", (name, controls["5.1.1.2"])
