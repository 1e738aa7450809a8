"""compliance_facts with the network probes, against the emulator: 5.3.2.2 passes only
when the API says off and the network is silent; "the API says off but the camera
answers" is its own failure (the emulator's `udp_stuck_on` fault is that firmware bug);
the ONVIF camera, whose API cannot report UPnP, Bonjour or SNMP, is judged by its
probes alone; 5.3.1 hears SNMP v1/v2c; 5.2.2 compares open ports with the allow-list.
"""

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.camsec.ipcam.plugins.module_utils import args, runner
from tests.unit.compliance_run import CAMERAS, controls_of, run_compliance
from tests.conftest import camera_of

FAST = {"timeout": 0.8}  # the emulator answers at once
DISCOVERY_KEYS = ("upnp", "bonjour", "snmp", "ws_discovery")


def evaluate(emulator, cam, level=3, probes=None, controls=None):
    return controls_of(run_compliance(emulator, cam, level, controls=controls,
                                      probes=dict(FAST, **(probes or {}))))


def secure(emulator, cam):
    emulator.control.preset(cam, "secure")


# -- 5.3.2.2: the API's claim and the network's truth -------------------------------------

@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_insecure_vendor_camera_fails_on_its_api_with_network_evidence(fresh_fleet, cam):
    control = evaluate(fresh_fleet, cam)["5.3.2.2"]
    assert control["status"] == "fail"
    assert control["reason"] == ("upnp is on (expected off); bonjour is on (expected off); "
                                 "snmp is on (expected off); ws_discovery is on (expected off)")
    network = control["evidence"]["network"]
    assert sorted(network) == sorted(DISCOVERY_KEYS)
    assert all(network[k]["answered"] for k in DISCOVERY_KEYS)
    assert network["upnp"]["evidence"].startswith("UDP 1900 (unicast): HTTP/1.1 200 OK")


def test_insecure_onvif_camera_is_judged_by_its_probes(fresh_fleet):
    control = evaluate(fresh_fleet, camera_of("onvif"))["5.3.2.2"]
    assert control["status"] == "fail"
    reasons = control["reason"].split("; ")
    assert reasons[0].startswith("upnp: the camera answers SSDP (evidence: UDP 1900")
    assert any(r.startswith("bonjour: the camera answers mDNS/DNS-SD (evidence: UDP 5353: "
                            "DNS-SD lists _http._tcp.local.)") for r in reasons)
    assert any(r.startswith("snmp: the camera answers SNMP (evidence: UDP 161: v1 community 'public'")
               for r in reasons)
    assert "ws_discovery is on (expected off)" in reasons
    assert "its API cannot report or switch it" in control["reason"]
    assert control["actual"] == {"ws_discovery": True}


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_secure_camera_passes_with_the_silence_as_evidence(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    controls = evaluate(fresh_fleet, cam)
    control = controls["5.3.2.2"]
    assert control["status"] == "pass", control["reason"]
    assert control["evidence"]["state"] == "enforced_off"
    network = control["evidence"]["network"]
    assert {k: v["answered"] for k, v in network.items()} == dict.fromkeys(DISCOVERY_KEYS, False)
    assert "not_verified_on_the_network" not in control["evidence"]
    snmp = controls["5.3.1"]
    # Both parts pass: no SNMP v1/v2c heard, and no Basic authentication over plain HTTP.
    assert snmp["status"] == "pass", snmp["reason"]
    assert snmp["actual"]["http"]["http_auth_basic"] is False or snmp["actual"]["http"]["http"] is False
    assert snmp["evidence"]["network"]["answered_v1_v2c"] is False
    assert controls["5.2.2"]["status"] == "pass"
    assert controls["5.2.2"]["actual"] == {"open": [443, 554]}  # RTSP stays on (allowed)


@pytest.mark.parametrize("cam,service,key,protocol", [
    (camera_of("axis"), "ssdp", "upnp", "SSDP"),
    (camera_of("hikvision"), "mdns", "bonjour", "mDNS/DNS-SD"),
    (camera_of("axis"), "snmp", "snmp", "SNMP"),
    (camera_of("hikvision"), "wsd", "ws_discovery", "WS-Discovery"),
    (camera_of("onvif"), "wsd", "ws_discovery", "WS-Discovery"),
])
def test_api_says_off_but_the_camera_answers(fresh_fleet, cam, service, key, protocol):
    """The firmware bug the probes exist for: the setting (and so the API) says off,
    the responder still answers."""
    secure(fresh_fleet, cam)
    fresh_fleet.control.faults(cam, udp_stuck_on=[service])
    try:
        control = evaluate(fresh_fleet, cam)["5.3.2.2"]
    finally:
        fresh_fleet.control.clear_faults(cam)
    assert control["status"] == "fail"
    assert control["reason"].startswith(
        "%s: the API says off but the camera answers %s (evidence: " % (key, protocol))
    assert control["actual"][key] is False  # the API's claim, kept as the actual value
    assert control["evidence"]["network"][key]["answered"] is True


def test_a_switched_off_probe_leaves_the_api_alone_to_judge(fresh_fleet):
    secure(fresh_fleet, camera_of("axis"))
    control = evaluate(fresh_fleet, camera_of("axis"),
                       probes={"services": ["snmp", "mdns", "wsd", "tcp"]})["5.3.2.2"]
    assert control["status"] == "pass"
    assert control["evidence"]["not_verified_on_the_network"] == {
        "upnp": "the SSDP probe is switched off (ipcam_probe_ssdp)"}
    assert "upnp" not in control["evidence"]["network"]
    assert fresh_fleet.control.counters(camera_of("axis"))["udp"].get("ssdp", 0) == 0


def test_onvif_camera_is_manual_only_where_its_probe_is_off(fresh_fleet):
    secure(fresh_fleet, camera_of("onvif"))
    control = evaluate(fresh_fleet, camera_of("onvif"),
                       probes={"services": ["snmp", "wsd", "tcp"]})["5.3.2.2"]
    assert control["status"] == "manual"
    assert control["reason"].startswith("the camera's API cannot report upnp, bonjour and "
                                        "the SSDP probe is switched off (ipcam_probe_ssdp); "
                                        "the mDNS/DNS-SD probe is switched off (ipcam_probe_mdns)")


def test_snmpv3_only_exception(fresh_fleet):
    """An exception allows SNMPv3: v3 answering is fine, v1/v2c answering is not."""
    cam = camera_of("axis")
    secure(fresh_fleet, cam)
    fresh_fleet.control.drift(cam, {"discovery.snmp.enabled": True, "discovery.snmp.v3": True})
    exception = {"5.3.2.2": {"expect": {"snmp": "v3_only"}, "justification": "NMS over SNMPv3"}}
    control = evaluate(fresh_fleet, cam, controls=exception)["5.3.2.2"]
    assert control["status"] == "pass", control["reason"]
    assert control["evidence"]["network"]["snmp"]["answered"] is True  # v3 discovery
    fresh_fleet.control.faults(cam, udp_stuck_on=["snmp"])
    try:
        controls = evaluate(fresh_fleet, cam, controls=exception)
    finally:
        fresh_fleet.control.clear_faults(cam)
    assert controls["5.3.2.2"]["reason"].startswith(
        "snmp: the API says only v3 is on but the camera answers SNMP v1/v2c (evidence: UDP 161: ")
    assert controls["5.3.1"]["status"] == "fail"
    assert "although its API says they are off" in controls["5.3.1"]["reason"]


# -- 5.3.1 and 5.2.2 --------------------------------------------------------------------

def test_onvif_camera_answering_snmp_v2c_fails_5_3_1(fresh_fleet):
    control = evaluate(fresh_fleet, camera_of("onvif"), level=1)["5.3.1"]
    assert control["status"] == "fail"
    assert control["reason"].startswith("snmp: the camera answers SNMP v1/v2c and its API cannot "
                                        "switch SNMP")
    assert "community 'public'" in control["reason"]


def test_onvif_camera_without_the_snmp_probe_is_manual_for_5_3_1(fresh_fleet):
    control = evaluate(fresh_fleet, camera_of("onvif"), level=1, probes={"services": ["tcp"]})["5.3.1"]
    assert control["status"] == "manual"
    assert "ipcam_probe_snmp" in control["reason"]


def test_open_port_outside_the_allow_list_fails_5_2_2(fresh_fleet):
    controls = {"5.2.2": {"expect": {"allowed_tcp_ports": [443, 554]}}}
    control = evaluate(fresh_fleet, camera_of("hikvision"), level=1, controls=controls)["5.2.2"]
    assert control["status"] == "fail"
    assert control["reason"] == "TCP port 80 (http) open but not in the allow-list [443, 554]"
    assert control["evidence"]["probed_ports"] == [21, 22, 23, 80, 443, 554]
    assert control["evidence"]["scope"].startswith("only the probed ports")


def test_5_2_2_without_the_tcp_probe_is_manual(fresh_fleet):
    control = evaluate(fresh_fleet, camera_of("axis"), level=1,
                       probes={"services": ["snmp"]})["5.2.2"]
    assert control["status"] == "manual"
    assert control["reason"].endswith("the TCP probe is switched off (ipcam_probe_tcp)")


def test_a_bad_allow_list_is_refused_before_anything_is_sent(fresh_fleet):
    spec = args.argument_spec("compliance_facts")
    validated = ArgumentSpecValidator(spec).validate({
        "host": fresh_fleet.cameras[camera_of("axis")]["address"], "username": "root",
        "password": fresh_fleet.password(), "ca_path": fresh_fleet.ca_path(), "level": 1,
        "controls": {"5.2.2": {"expect": {"allowed_tcp_ports": "80,443"}}}})
    result = runner.run("compliance_facts", validated.validated_parameters, False)
    assert result["failed"] and "allowed_tcp_ports" in result["msg"]
    assert fresh_fleet.control.counters(camera_of("axis"))["udp"] == {}


def test_only_the_probes_the_controls_need_are_sent(fresh_fleet):
    """5.3.2.2 switched off: only SNMP (5.3.1) and TCP (5.2.2) are probed."""
    off = {"5.3.2.2": {"enabled": False, "justification": "not in scope for this site"}}
    evaluate(fresh_fleet, camera_of("hikvision"), controls=off)
    assert set(fresh_fleet.control.counters(camera_of("hikvision"))["udp"]) == {"snmp"}


def test_secrets_stay_out_of_the_results(fresh_fleet):
    community = "Site-Community-5521"
    fresh_fleet.control.drift(camera_of("axis"), {"discovery.snmp.read_community": community})
    controls = evaluate(fresh_fleet, camera_of("axis"), probes={
        "snmp_community": community,
        "snmp_v3": {"username": "auditor", "auth_password": "Auth-Secret-1",
                    "priv_password": "Priv-Secret-2"}})
    assert controls["5.3.1"]["status"] == "fail"
    assert "(the configured community)" in controls["5.3.1"]["evidence"]["network"]["evidence"]
    text = repr(controls)
    for secret in (community, "Auth-Secret-1", "Priv-Secret-2"):
        assert secret not in text
