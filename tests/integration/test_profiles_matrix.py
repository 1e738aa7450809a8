"""Every firmware profile of the emulator (tests/emulator/profiles), one camera each, through
the core modules and a level-3 audit (issue #11).

What may differ between profiles is only what the firmware lacks: a part the camera cannot
report is listed in camera_facts' `unsupported` with the call and the camera's words, and a
module asked to change it says so (warns, with on_unsupported=warn) while everything else
is applied, read back and idempotent. Nothing else may fail, on any profile.
"""

import os


from tests.emulator import profiles
from tests.conftest import one_camera_per_profile
from tests.integration.ansible_run import ROOT, run_playbook

AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")
FACTS = "Read camera facts"
NAMES = sorted(profiles.PROFILES, key=lambda n: (profiles.PROFILES[n]["vendor"], n))


profiles_emulator, fleet = one_camera_per_profile(NAMES, "profiles")


def facts_of(fleet):
    run = run_playbook("facts.yml", fleet.inventory)
    out = {}
    for cam in fleet.cameras:
        record = run.result(FACTS, cam)
        assert record["status"] == "ok", (fleet.profile_of[cam], record["result"].get("msg"))
        out[cam] = record["result"]["ansible_facts"]["ipcam"]
    return out


def test_camera_facts_all_subsets_on_every_profile(fleet):
    for cam, facts in facts_of(fleet).items():
        profile = profiles.PROFILES[fleet.profile_of[cam]]
        assert facts["errors"] == {}, (profile["name"], facts["errors"])
        assert facts["identity"]["model"] == profile["identity"].get(
            "model", facts["identity"]["model"]), profile["name"]
        assert facts["identity"]["firmware"], profile["name"]
        for area in ("discovery", "privacy_masks", "storage", "firmware", "protocols", "time",
                     "logging", "accounts"):
            # Each part either read, or said why not: never silently missing.
            assert area in facts["settings"] or area in facts["unsupported"], \
                (profile["name"], area, facts["unsupported"])
        for field, why in facts["unsupported"].items():
            assert why and "access denied" not in why, (profile["name"], field, why)


def unsupported_fields(facts, area):
    return {key.split(".", 1)[1] for key in facts["unsupported"] if key.startswith(area + ".")} | (
        {"*"} if area in facts["unsupported"] else set())


def converge_twice(fleet, playbook, task, extra):
    """Check mode, then apply, then apply again: returns the three runs' results by camera."""
    runs = [run_playbook(playbook, fleet.inventory, extra, check=True, diff=True),
            run_playbook(playbook, fleet.inventory, extra, diff=True),
            run_playbook(playbook, fleet.inventory, extra)]
    return [{cam: run.result(task, cam) for cam in fleet.cameras} for run in runs]


def test_discovery_services_on_every_profile(fleet):
    before = facts_of(fleet)
    check, applied, again = converge_twice(fleet, "discovery.yml", "Set discovery services", {
        "upnp": False, "bonjour": False, "snmp": False, "ws_discovery": False,
        "on_unsupported": "warn"})
    for cam in fleet.cameras:
        name = fleet.profile_of[cam]
        lacking = unsupported_fields(before[cam], "discovery")
        for record in (check[cam], applied[cam], again[cam]):
            assert record["status"] == "ok", (name, record["result"].get("msg"))
        settable = [k for k in ("upnp", "bonjour", "snmp", "ws_discovery")
                    if k not in lacking and "*" not in lacking]
        if any(before[cam]["settings"].get("discovery", {}).get(k) for k in settable):
            assert check[cam]["result"]["changed"] is True, name
            assert applied[cam]["result"]["changed"] is True, name
        assert again[cam]["result"]["changed"] is False, (name, again[cam]["result"])
        state = fleet.control.state(cam)["discovery"]
        for key, path in (("upnp", ("upnp",)), ("bonjour", ("bonjour",)),
                          ("ws_discovery", ("ws_discovery",)), ("snmp", ("snmp", "enabled"))):
            if key in settable:
                value = state
                for part in path:
                    value = value[part]
                assert value is False, (name, key)
        if lacking:
            warnings = " ".join(applied[cam]["result"].get("warnings", []))
            assert warnings, (name, lacking)


def test_network_protocols_on_every_profile(fleet):
    before = facts_of(fleet)
    check, applied, again = converge_twice(fleet, "protocols.yml", "Set network protocols", {
        "telnet": False, "ssh": False, "ftp": False, "on_unsupported": "warn"})
    for cam in fleet.cameras:
        name = fleet.profile_of[cam]
        for record in (check[cam], applied[cam], again[cam]):
            assert record["status"] == "ok", (name, record["result"].get("msg"))
        assert again[cam]["result"]["changed"] is False, (name, again[cam]["result"])
        state = fleet.control.state(cam)["network"]
        lacking = unsupported_fields(before[cam], "protocols")
        for key in ("telnet", "ssh", "ftp"):
            if key not in lacking and "*" not in lacking:
                assert state[key] is False, (name, key)


def test_time_sync_on_every_profile(fleet):
    before = facts_of(fleet)
    check, applied, again = converge_twice(fleet, "time_sync.yml", "Set time sync", {
        "ntp": True, "ntp_servers": ["192.0.2.123"]})
    for cam in fleet.cameras:
        name = fleet.profile_of[cam]
        lacking = unsupported_fields(before[cam], "time")
        if "*" in lacking or "ntp" in lacking or "ntp_servers" in lacking:
            # The firmware cannot say or set it: the module says so, and writes nothing.
            msg = applied[cam]["result"].get("msg", "")
            assert applied[cam]["status"] == "failed" and "not supported" in msg, (name, msg)
            continue
        for record in (check[cam], applied[cam], again[cam]):
            assert record["status"] == "ok", (name, record["result"].get("msg"))
        assert check[cam]["result"]["changed"] is True, name
        assert applied[cam]["result"]["changed"] is True, name
        assert again[cam]["result"]["changed"] is False, (name, again[cam]["result"])
        time_state = fleet.control.state(cam)["time"]
        assert time_state["ntp_enabled"] is True and "192.0.2.123" in time_state["ntp_servers"], \
            (name, time_state)


def test_a_level_3_audit_on_every_profile(fleet, tmp_path):
    run = run_playbook(AUDIT, fleet.inventory, {"ipcam_level": 3,
                                                "ipcam_report_dir": str(tmp_path)})
    for cam in fleet.cameras:
        name = fleet.profile_of[cam]
        found = [r for r in run.results(host=cam) if r["action"].endswith("compliance_facts")]
        assert len(found) == 1, (name, run)
        record = found[0]
        assert record["status"] == "ok", (name, record["result"].get("msg"))
        report = record["result"]["ansible_facts"]["ipcam_compliance"]
        errors = [(c["id"], c["reason"]) for c in report["controls"] if c["status"] == "error"]
        assert errors == [], (name, errors)
        for control in report["controls"]:
            assert "access denied" not in str(control.get("reason")), (name, control)
            if control["status"] == "manual":
                assert control["reason"], (name, control)
    assert os.path.exists(os.path.join(str(tmp_path), "ipcam-compliance.json")) or \
        any(f.endswith(".json") for f in os.listdir(str(tmp_path)))


ENFORCE = os.path.join(ROOT, "playbooks", "enforce.yml")


def test_level_2_enforcement_runs_to_the_end_on_every_profile(fleet):
    """A part one firmware lacks (an ONVIF camera without GetNTP, an Axis 5.x without the
    disks API) is warned about, and the camera's other controls are still enforced: no
    task fails on any profile, and a second run changes nothing."""
    site = {"ipcam_level": 2, "ipcam_ntp_servers": ["192.0.2.123"],
            "ipcam_syslog_servers": [{"host": "192.0.2.20"}], "ipcam_allow_format": True,
            "ipcam_sd_passphrase": "Profiles-Matrix-Passphrase-1"}
    first = run_playbook(ENFORCE, fleet.inventory, site)
    failed = [(fleet.profile_of[r["host"]], r["task"], r["result"].get("msg"))
              for r in first.records if r["status"] == "failed"]
    assert failed == [] and first.rc == 0, failed
    for cam in fleet.cameras:
        state = fleet.control.state(cam)
        assert not state["network"]["telnet"] and not state["network"]["ftp"], fleet.profile_of[cam]
    second = run_playbook(ENFORCE, fleet.inventory, site)
    changed = [(fleet.profile_of[r["host"]], r["task"]) for r in second.records
               if r["result"].get("changed") and r["status"] == "ok"]
    assert second.rc == 0 and changed == [], changed
