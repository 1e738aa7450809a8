"""compliance_facts against a camera that cannot be reached, in-process against the
emulator: the result is Ansible's `unreachable` with a message that names the camera and
the cause, the facts say `unreachable` (never drifted), every control is `error` with
reason "unreachable: <cause>" and none passes; the first failed connection ends the
evaluation. And 5.2.2 never passes on silence: with every probed port filtered there is
no evidence of which ports are open."""

import time

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog, exposure, probes
from tests.filtered_address import filtered_address
from tests.unit.compliance_run import run_compliance
from tests.conftest import camera_of

FAST = {"timeout": 0.8}


def assert_unreachable(result, address, level):
    assert result.get("unreachable") is True, result
    assert not result.get("failed")
    assert result["msg"].startswith("camera %s is unreachable, so it was not evaluated at level %d: "
                                    "camera %s: " % (address, level, address)), result["msg"]
    assert "drift" not in result["msg"]
    facts = result["ansible_facts"]["ipcam_compliance"]
    assert facts["status"] == "unreachable"
    assert facts["summary"]["unreachable"] is True and facts["summary"]["compliant"] is False
    ids = [c["id"] for c in facts["controls"]]
    assert ids == [c["id"] for c in catalog.controls(level)], "one result per control of the level"
    cause = facts["unreachable"]["cause"]
    assert cause in result["msg"]
    for control in facts["controls"]:
        assert control["status"] == "error", control
        assert control["reason"] == "unreachable: " + cause
    assert facts["summary"]["counts"]["error"] == len(ids)
    return facts


def test_a_camera_that_drops_every_connection_is_unreachable_not_drifted(fresh_fleet):
    cam = camera_of("axis")
    address = fresh_fleet.cameras[cam]["address"]
    fresh_fleet.control.faults(cam, down_until=time.time() + 120)
    result = run_compliance(fresh_fleet, cam, level=2, probes=FAST)
    facts = assert_unreachable(result, address, 2)
    # The camera is up on the network (its ports answer): the evidence shows that it is
    # the management API alone that does not answer.
    heard = facts["unreachable"]["network"]
    assert heard["silent"] is False and 443 in heard["tcp_open"], heard
    # One read was tried, then nothing else: the transport's attempts at the identity call.
    assert result["requests"] <= 3, result["requests"]


def test_nothing_listening_is_unreachable_after_one_read(fresh_fleet):
    block = fresh_fleet.first_address.rsplit(".", 1)[0]
    address = block + ".211"  # in the emulator's loopback block, never served: refused
    result = run_compliance(fresh_fleet, camera_of("hikvision"), level=1, host=address, probes=FAST)
    facts = assert_unreachable(result, address, 1)
    assert "ISAPI GET /ISAPI/System/deviceInfo" in facts["unreachable"]["cause"]
    assert result["requests"] <= 3, result["requests"]
    heard = facts["unreachable"]["network"]
    assert heard["tcp_open"] == [] and heard["tcp_closed"] == [21, 22, 23, 80, 443, 554], heard


def test_a_filtered_camera_gives_up_within_one_connect_timeout(fresh_fleet):
    """Every packet dropped: the first connect waits for the timeout, and that ends the
    evaluation (before, each of the eight areas waited again). Bound: 3x the timeout."""
    connect_timeout = 2
    with filtered_address() as address:
        started = time.monotonic()
        result = run_compliance(fresh_fleet, camera_of("onvif"), level=2, host=address,
                                timeout=connect_timeout, probes=FAST)
        elapsed = time.monotonic() - started
    facts = assert_unreachable(result, address, 2)
    assert elapsed < 3 * connect_timeout, elapsed
    assert result["requests"] == 1, result["requests"]
    heard = facts["unreachable"]["network"]
    assert heard["silent"] is True, heard
    assert heard["tcp_filtered"] == [21, 22, 23, 80, 443, 554]


def test_the_port_check_does_not_pass_when_every_port_is_filtered():
    """5.2.2 on the real probe's result against an address that drops everything: no
    port open, so nothing outside the allow-list, yet no evidence either."""
    control = [c for c in catalog.controls(1) if c["id"] == "5.2.2"][0]
    with filtered_address() as address:
        config = probes.settings(services=["tcp"], timeout=0.8)
        network = exposure.NetworkView(address, config, {"tcp"})
        status, actual, evidence, reason = catalog.record("5.2.2")["evaluate"](
            control, None, {"network": network})
    assert status == "error", (status, reason)
    assert evidence["filtered"] == [21, 22, 23, 80, 443, 554] and evidence["open"] == []
    assert reason.startswith("no probed TCP port gave a definite answer (21, 22, 23, 80, 443, 554: "
                             "no reply before the timeout)"), reason


def test_the_port_check_still_passes_on_a_camera_that_answers(fresh_fleet):
    """The same evaluator with real answers (open and refused ports) judges as before."""
    control = run_compliance(fresh_fleet, camera_of("axis"), level=1, probes=FAST)
    ports = [c for c in control["ansible_facts"]["ipcam_compliance"]["controls"] if c["id"] == "5.2.2"][0]
    assert ports["status"] == "pass", ports
    assert ports["evidence"]["closed"] == [21, 22, 23]


def test_vendor_auto_on_a_camera_that_cannot_be_identified_is_unreachable(fresh_fleet):
    """`vendor: auto` identifies the camera before the evaluation: a camera that does not
    answer even that is unreachable too, never a plain failure or drift."""
    block = fresh_fleet.first_address.rsplit(".", 1)[0]
    address = block + ".212"  # in the emulator's loopback block, never served: refused
    result = run_compliance(fresh_fleet, camera_of("onvif"), level=2, host=address, vendor="auto",
                            probes=FAST)
    facts = assert_unreachable(result, address, 2)
    assert "ONVIF GetSystemDateAndTime" in facts["unreachable"]["cause"]
    assert result["requests"] <= 3, result["requests"]
