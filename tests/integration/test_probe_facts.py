"""The probes through ansible-playbook, as a user runs them: camera_facts with
`probe: true` returns ansible_facts.ipcam.exposure for each camera, within the time
bound and without secrets in the output; the baseline role's audit passes the probe
toggles (ipcam_probe_*), per camera, to compliance_facts."""

import time

from tests.integration.ansible_run import run_playbook
from tests.conftest import camera_of, cameras_of

TASK = "Read camera facts and probe the network"
AUDIT = "TS-0014-2 | Evaluate every control of level {{ ipcam_level }}"
CAMS = cameras_of()  # every registered vendor
V3_USER = {"name": "auditor", "auth_protocol": "SHA", "auth_password": "Auth-Pass-Secret-1",
           "priv_protocol": "AES", "priv_password": "Priv-Pass-Secret-2"}


def evaluation(run, cam):
    # the role evaluates in its whole-level task (baseline with evaluate), or compliance_facts
    found = [r for r in run.results(host=cam) if r["action"] in (
        "camsec.ipcam.compliance_facts", "camsec.ipcam.baseline")
        and "ipcam_compliance" in r["result"].get("ansible_facts", {})]
    assert len(found) == 1, run
    return {c["id"]: c for c in found[0]["result"]["ansible_facts"]["ipcam_compliance"]["controls"]}


def test_camera_facts_probe_reports_the_exposure(fleet):
    fleet.control.preset(camera_of("hikvision"), "secure")
    fleet.control.drift(camera_of("axis"), {"discovery.snmp.read_community": "Site-Community-31",
                                     "discovery.snmp.v3": True, "discovery.snmp.v3_users": [V3_USER]})
    started = time.monotonic()
    run = run_playbook("probe_facts.yml", fleet.inventory, {
        "site_community": "Site-Community-31",
        "snmp_v3": {"username": "auditor", "auth_password": "Auth-Pass-Secret-1",
                    "priv_password": "Priv-Pass-Secret-2"}}, verbosity=3)
    took = time.monotonic() - started
    assert run.rc == 0, run
    exposure = {cam: run.result(TASK, cam)["result"]["ansible_facts"]["ipcam"]["exposure"]
                for cam in CAMS}
    assert exposure[camera_of("axis")]["answering"] == ["mdns", "snmp", "ssdp", "wsd"]
    snmp = exposure[camera_of("axis")]["snmp"]
    assert snmp["communities"] == ["(the configured community)", "private"]  # writes read too
    assert snmp["v3"]["authenticated"]["accepted"] is True
    assert exposure[camera_of("hikvision")]["answering"] == []
    assert exposure[camera_of("hikvision")]["tcp"]["open"] == [443, 554]  # HTTPS and RTSP
    assert exposure[camera_of("onvif")]["answering"] == ["mdns", "snmp", "ssdp", "wsd"]
    assert exposure[camera_of("onvif")]["ssdp"]["first_bytes"].startswith("HTTP/1.1 200 OK")
    for cam in CAMS:
        assert exposure[cam]["elapsed_s"] <= 1.0 + 0.4 + 0.8  # generous: CI may be busy
        assert exposure[cam]["address"] == fleet.cameras[cam]["address"]
    for secret in ("Site-Community-31", "Auth-Pass-Secret-1", "Priv-Pass-Secret-2"):
        assert secret not in run.stdout and secret not in repr(run.records)
    assert took < 60


def test_role_audit_passes_the_probe_toggles_per_camera(fleet, tmp_path):
    """Level 3 on a secure fleet where the ONVIF camera still answers SSDP (a firmware
    bug): it fails with the network's evidence; with ipcam_probe_ssdp off for it, the
    ONVIF camera's UPnP cannot be judged at all (manual), and the Axis camera passes on
    its API's word, marked as not verified on the network."""
    fleet.control.fleet_preset("secure")
    fleet.control.faults(camera_of("onvif"), udp_stuck_on=["ssdp"])
    try:
        run = run_playbook("probe_facts.yml", fleet.inventory,
                           {"audit": True, "ipcam_level": 3, "target": camera_of("axis") + "," + camera_of("onvif"),
                            "ipcam_probe_timeout": 1.0})
        assert run.rc == 0, run
        onvif = evaluation(run, camera_of("onvif"))["5.3.2.2"]
        assert onvif["status"] == "fail"
        assert onvif["reason"].startswith("upnp: the camera answers SSDP (evidence: UDP 1900")
        assert evaluation(run, camera_of("axis"))["5.3.2.2"]["status"] == "pass"
        assert evaluation(run, camera_of("axis"))["5.2.2"]["status"] == "pass"

        off = run_playbook("probe_facts.yml", fleet.inventory,
                           {"audit": True, "ipcam_level": 3, "target": camera_of("axis") + "," + camera_of("onvif"),
                            "ipcam_probe_timeout": 1.0, "ipcam_probe_ssdp": False,
                            "ipcam_probe_tcp": False})
        assert off.rc == 0, off
        onvif = evaluation(off, camera_of("onvif"))["5.3.2.2"]
        assert onvif["status"] == "manual" and "ipcam_probe_ssdp" in onvif["reason"]
        axis = evaluation(off, camera_of("axis"))
        assert axis["5.3.2.2"]["status"] == "pass"
        assert list(axis["5.3.2.2"]["evidence"]["not_verified_on_the_network"]) == ["upnp"]
        assert axis["5.2.2"]["status"] == "manual"
    finally:
        fleet.control.clear_faults(camera_of("onvif"))
