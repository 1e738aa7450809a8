"""Axis firmware profiles through the collection (issue #11): on older firmware a missing
CGI or parameter group becomes `unsupported` for its field, with the call and the camera's
words, and everything else is read, set and read back; time falls back to root.Time.*
where ntp.cgi is absent.

One emulator with one camera per Axis profile (tests/emulator/vendors/axis/profiles.py)."""

import os


from tests.emulator import profiles
from tests.conftest import one_camera_per_profile
from tests.integration.ansible_run import ROOT, run_playbook

NAMES = profiles.BY_VENDOR["axis"]
FACTS = "Read camera facts"
P5512, M5525, COMPANION = "axis-p5512-5.51.7", "axis-m5525-e-8.40.1.1", "axis-companion-9.80.2.2"
SITE_NTP = "192.0.2.123"


profiles_emulator, fleet = one_camera_per_profile(NAMES, "axis-profiles")


def facts(fleet, extra=None, names=None):
    run = run_playbook("facts.yml", fleet.inventory, extra)
    out = {}
    for name, cam in fleet.cam_of.items():
        if names is not None and name not in names:
            continue
        record = run.result(FACTS, cam)
        assert record["status"] == "ok", (name, record["result"].get("msg"))
        out[name] = record["result"]["ansible_facts"]["ipcam"]
    return out


def test_every_profile_reads_all_subsets_and_names_what_it_lacks(fleet):
    got = facts(fleet)
    for name, ipcam in got.items():
        identity = profiles.PROFILES[name]["identity"]
        assert ipcam["errors"] == {}, (name, ipcam["errors"])
        assert ipcam["identity"]["model"] == identity["model"], name
        assert ipcam["identity"]["firmware"] == identity["firmware"], name
        for area in ("discovery", "storage", "protocols", "time", "logging", "accounts"):
            assert area in ipcam["settings"] or area in ipcam["unsupported"], (name, area)

    # 5.51.7: no basicdeviceinfo.cgi: identity (and hardware id) from param.cgi; no disks
    # API, no remotesyslog.cgi, no ssh.cgi nor SSH parameter, no TLS switches.
    old = got[P5512]
    assert old["identity"]["hardware_id"] == "18C.2"
    assert "list.cgi" in old["unsupported"]["storage"] and "404" in old["unsupported"]["storage"]
    assert "remotesyslog" in old["unsupported"]["logging"]
    assert "# Error: Error -1 getting param in group 'root.Network.SSH'" in \
        old["unsupported"]["protocols.ssh"]
    assert "AllowTLS1" in old["unsupported"]["protocols.tls_min_version"]
    assert "storage" not in old["settings"] and "logging" not in old["settings"]
    # ... and the rest is read, from the firmware's own answers.
    assert old["settings"]["protocols"]["ftp"] is True              # factory: FTP on
    assert old["settings"]["protocols"]["http_auth_basic"] is True  # basic_digest
    assert old["settings"]["time"]["max_servers"] == 1              # root.Time.NTP.Server
    assert old["settings"]["discovery"]["upnp"] is True

    # 8.40: ssh from the parameter, time from root.Time, no remote syslog.
    mid = got[M5525]
    assert mid["settings"]["protocols"]["ssh"] is False
    assert "protocols.ssh" not in mid["unsupported"]
    assert mid["settings"]["time"]["max_servers"] == 1
    assert "remotesyslog" in mid["unsupported"]["logging"]
    assert mid["settings"]["storage"]["slots"], mid["settings"]["storage"]

    # 9.80: ntp.cgi (its static list), storage, but no FTP group: only ftp is unsupported,
    # with the camera's words, and the other protocol fields of that same call still read.
    companion = got[COMPANION]
    assert companion["settings"]["time"]["max_servers"] == 5
    assert "root.Network.FTP" in companion["unsupported"]["protocols.ftp"]
    assert "# Error" in companion["unsupported"]["protocols.ftp"]
    assert companion["settings"]["protocols"]["https"] is True
    assert companion["settings"]["protocols"]["tls_min_version"]
    assert companion["settings"]["storage"]["slots"][0]["id"] == "SD_DISK"
    assert companion["settings"]["discovery"]["bonjour"] is False   # Companion factory


def test_time_through_root_time_where_ntp_cgi_is_absent(fleet):
    targets = [fleet.cam_of[P5512], fleet.cam_of[M5525], fleet.cam_of[COMPANION]]
    extra = {"ntp": True, "ntp_servers": [SITE_NTP], "ntp_state": "overridden",
             "target": ",".join(targets)}
    check = run_playbook("time_sync.yml", fleet.inventory, extra, check=True, diff=True)
    for cam in targets:
        record = check.result("Set time sync", cam)
        assert record["status"] == "ok" and record["result"]["changed"] is True, record
        assert fleet.control.state(cam)["time"]["ntp_enabled"] is False  # check mode
    for cam in targets:
        fleet.control.reset_counters(cam)
    applied = run_playbook("time_sync.yml", fleet.inventory, extra, diff=True)
    for cam in targets:
        record = applied.result("Set time sync", cam)
        assert record["status"] == "ok" and record["result"]["changed"] is True, record
        state = fleet.control.state(cam)["time"]
        assert state["ntp_enabled"] is True and state["ntp_servers"] == [SITE_NTP], state
        assert state["from_dhcp"] is False, state  # DHCP-given servers switched off
        by_path = fleet.control.counters(cam)["by_path"]
        if cam == fleet.cam_of[COMPANION]:
            assert by_path.get("/axis-cgi/ntp.cgi", 0) >= 2  # the JSON API: read, set, read
        else:
            # The 404 is asked once; the write and the read-back go through param.cgi.
            assert by_path.get("/axis-cgi/ntp.cgi", 0) == 1, by_path
    again = run_playbook("time_sync.yml", fleet.inventory, extra)
    for cam in targets:
        assert again.result("Set time sync", cam)["result"]["changed"] is False

    # One parameter holds one server: asking for two is refused before any write.
    two = dict(extra, ntp_servers=[SITE_NTP, "192.0.2.124"], target=fleet.cam_of[P5512])
    refused = run_playbook("time_sync.yml", fleet.inventory, two).result(
        "Set time sync", fleet.cam_of[P5512])
    assert refused["status"] == "failed" and "at most 1 NTP server" in refused["result"]["msg"]
    assert fleet.control.state(fleet.cam_of[P5512])["time"]["ntp_servers"] == [SITE_NTP]


def test_an_onvif_fault_on_ws_discovery_leaves_the_vapix_fields(fleet):
    cam = fleet.cam_of[COMPANION]
    fleet.control.faults(cam, missing=["onvif:GetDiscoveryMode"])
    ipcam = facts(fleet, {"subset": ["discovery"], "target": cam}, [COMPANION])[COMPANION]
    assert "GetDiscoveryMode" in ipcam["unsupported"]["discovery.ws_discovery"]
    assert "ActionNotSupported" in ipcam["unsupported"]["discovery.ws_discovery"]
    assert ipcam["settings"]["discovery"]["snmp"] is not None
    assert "ws_discovery" not in ipcam["settings"]["discovery"]

    run = run_playbook("discovery.yml", fleet.inventory, {
        "snmp": False, "ws_discovery": False, "on_unsupported": "warn", "target": cam})
    record = run.result("Set discovery services", cam)
    assert record["status"] == "ok", record["result"].get("msg")
    assert any("ws_discovery" in w for w in record["result"].get("warnings", []))
    state = fleet.control.state(cam)["discovery"]
    assert state["snmp"]["enabled"] is False and state["ws_discovery"] is True


def test_protocols_apply_what_the_firmware_has_and_warn_about_the_rest(fleet):
    targets = [fleet.cam_of[P5512], fleet.cam_of[COMPANION]]
    extra = {"ssh": False, "ftp": False, "https": True, "on_unsupported": "warn",
             "target": ",".join(targets)}
    run = run_playbook("protocols.yml", fleet.inventory, extra, diff=True)
    for cam in targets:
        record = run.result("Set network protocols", cam)
        assert record["status"] == "ok", record["result"].get("msg")
        assert any("ssh" in w for w in record["result"].get("warnings", [])), record
    assert fleet.control.state(fleet.cam_of[P5512])["network"]["ftp"] is False
    again = run_playbook("protocols.yml", fleet.inventory, extra)
    for cam in targets:
        assert again.result("Set network protocols", cam)["result"]["changed"] is False


def test_a_level_3_audit_judges_what_each_firmware_reports(fleet, tmp_path):
    run = run_playbook(os.path.join(ROOT, "playbooks", "audit.yml"), fleet.inventory,
                       {"ipcam_level": 3, "ipcam_report_dir": str(tmp_path)})
    for name, cam in fleet.cam_of.items():
        found = [r for r in run.results(host=cam) if r["action"].endswith("compliance_facts")]
        assert len(found) == 1, (name, run)
        assert found[0]["status"] == "ok", (name, found[0]["result"].get("msg"))
        controls = found[0]["result"]["ansible_facts"]["ipcam_compliance"]["controls"]
        errors = [(c["id"], c["reason"]) for c in controls if c["status"] == "error"]
        assert errors == [], (name, errors)
        by_id = {c["id"]: c for c in controls}
        if name == P5512:
            # No disks API: the SD encryption control cannot pass, and says why.
            sd = [c for c in controls if "404" in str(c.get("reason"))
                  and c["status"] == "manual"]
            assert sd, (name, [(c["id"], c["status"], c["reason"]) for c in controls])
        for control in by_id.values():
            assert control["status"] != "pass" or "not supported" not in str(control["reason"])


def test_storage_on_firmware_without_the_disks_api(fleet):
    """5.x has no disks API (list.cgi answers 404): storage_protection says so, in the
    camera's words, failing by default and warning with on_unsupported=warn (as the
    baseline role asks); nothing is written either way."""
    cam = fleet.cam_of[P5512]
    before = fleet.control.state(cam)["storage"]
    strict = run_playbook("storage.yml", fleet.inventory, {"target": cam})
    record = strict.result("Protect removable storage", cam)
    assert record["status"] == "failed", record
    msg = record["result"]["msg"]
    assert "not supported by this camera's API" in msg and "disks list.cgi" in msg, msg
    assert "HTTP 404, HTTP 404" not in msg, msg

    lenient = run_playbook("storage.yml", fleet.inventory, {"target": cam,
                                                           "on_unsupported": "warn"})
    record = lenient.result("Protect removable storage", cam)
    assert record["status"] == "ok" and record["result"]["changed"] is False, record
    assert any("list.cgi" in w for w in record["result"]["warnings"]), record["result"]
    assert fleet.control.counters(cam)["writes"] == 0
    assert fleet.control.state(cam)["storage"] == before
