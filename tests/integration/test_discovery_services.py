"""discovery_services against the emulator: check/diff, apply, the network, idempotence."""

import pytest

from tests import netcheck
from tests.integration.ansible_run import run_playbook
from tests.integration.conftest import address
from tests.conftest import VENDORS, camera_of, cameras_of

TASK = "Set discovery services"
ALL_OFF = {"upnp": False, "bonjour": False, "snmp": False, "ws_discovery": False,
           "on_unsupported": "warn"}


# Every vendor API that switches UPnP, Bonjour and SNMP itself (all but plain ONVIF, below).
@pytest.mark.parametrize("cam", [camera_of(v) for v in VENDORS if v != "onvif"])
def test_vendor_camera_goes_silent(fleet, cam):
    addr = address(fleet, cam)
    assert netcheck.exposure(addr) == {"snmp": True, "bonjour": True, "upnp": True,
                                       "ws_discovery": True}
    before_state = fleet.control.state(cam)

    check = run_playbook("discovery.yml", fleet.inventory, dict(ALL_OFF, target=cam),
                         check=True, diff=True)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["diff"] == {"before": {"upnp": True, "bonjour": True, "snmp": True, "ws_discovery": True},
                           "after": {"upnp": False, "bonjour": False, "snmp": False, "ws_discovery": False}}
    assert fleet.control.state(cam) == before_state, "check mode changed the camera"
    assert netcheck.exposure(addr)["upnp"] is True

    real = run_playbook("discovery.yml", fleet.inventory, dict(ALL_OFF, target=cam), diff=True)
    assert real.rc == 0, real
    res = real.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["plan"] == check.result(TASK, cam)["result"]["plan"], "check mode and the real run disagree"
    state = fleet.control.state(cam)["discovery"]
    assert (state["upnp"], state["bonjour"], state["ws_discovery"], state["snmp"]["enabled"]) == \
        (False, False, False, False)
    assert netcheck.exposure(addr) == {"snmp": False, "bonjour": False, "upnp": False,
                                       "ws_discovery": False}

    again = run_playbook("discovery.yml", fleet.inventory, dict(ALL_OFF, target=cam))
    assert again.rc == 0, again
    assert again.result(TASK, cam)["result"]["changed"] is False


def test_onvif_only_camera_sets_ws_discovery_and_says_what_it_cannot(fleet):
    cam = camera_of("onvif")
    addr = address(fleet, cam)
    real = run_playbook("discovery.yml", fleet.inventory, dict(ALL_OFF, target=cam), diff=True)
    assert real.rc == 0, real
    res = real.result(TASK, cam)["result"]
    assert res["diff"] == {"before": {"ws_discovery": True}, "after": {"ws_discovery": False}}
    assert set(res["unsupported"]) == {"upnp", "bonjour", "snmp"}
    assert any("UPnP" in w for w in res.get("warnings", []))
    assert netcheck.wsd_answers(addr) is False
    # the camera still answers what ONVIF cannot switch: we must not claim otherwise
    assert netcheck.ssdp_answers(addr) is True

    again = run_playbook("discovery.yml", fleet.inventory, dict(ALL_OFF, target=cam))
    assert again.result(TASK, cam)["result"]["changed"] is False


def test_onvif_only_camera_fails_by_default_on_unsupported(fleet):
    cam = camera_of("onvif")
    run = run_playbook("discovery.yml", fleet.inventory, {"target": cam, "upnp": False})
    assert run.rc != 0
    res = run.result(TASK, cam)
    assert res["status"] == "failed"
    assert "ONVIF defines no operation for UPnP" in res["result"]["msg"]
    assert fleet.control.counters(cam)["writes"] == 0


def test_snmpv3_only_exception(fleet):
    cam = camera_of("axis")
    addr = address(fleet, cam)
    run = run_playbook("discovery.yml", fleet.inventory,
                       {"target": cam, "snmp": True, "snmp_versions": ["v3"]}, diff=True)
    assert run.rc == 0, run
    res = run.result(TASK, cam)["result"]
    assert res["diff"]["after"] == {"snmp_versions": ["v3"]}
    snmp = fleet.control.state(cam)["discovery"]["snmp"]
    assert (snmp["enabled"], snmp["v1"], snmp["v2c"], snmp["v3"]) == (True, False, False, True)
    assert netcheck.snmp_answers(addr) is False  # v2c with "public" no longer answers
    again = run_playbook("discovery.yml", fleet.inventory,
                         {"target": cam, "snmp": True, "snmp_versions": ["v3"]})
    assert again.result(TASK, cam)["result"]["changed"] is False


def test_whole_fleet_in_one_run(fleet):
    run = run_playbook("discovery.yml", fleet.inventory, ALL_OFF)
    assert run.rc == 0, run
    assert {r["host"] for r in run.results(TASK) if r["result"]["changed"]} == \
        set(cameras_of())  # every registered vendor
