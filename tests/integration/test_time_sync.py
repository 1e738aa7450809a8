"""time_sync against the emulator, per vendor: check/diff, apply, idempotence, merged and
overridden, bad input, a change the camera does not keep, and the clock offset."""

import pytest

from tests.integration.ansible_run import run_playbook
from tests.conftest import camera_of, cameras_of, expected, per_camera, vendor_of

TASK = "Set time sync"
NTP1 = "ntp1.example.net"
OTHER = "10.9.9.9"  # a server the user put there by hand: merged must keep it
CAMS = cameras_of()  # every registered vendor


def factory_diff(vendor):
    """The diff of NTP on with NTP1 on the factory camera: an API without a "servers from
    DHCP" setting (EXPECTED["time"]["from_dhcp"] false, e.g. Hikvision ISAPI) reports it
    false, so its diff has no from_dhcp key."""
    before, after = {"ntp": False, "ntp_servers": []}, {"ntp": True, "ntp_servers": [NTP1]}
    if expected(vendor, "time")["from_dhcp"]:
        before["from_dhcp"], after["from_dhcp"] = True, False
    return before, after


FACTORY_DIFF = per_camera(factory_diff)


def run(fleet, cam, check=False, diff=False, **extra):
    return run_playbook("time_sync.yml", fleet.inventory, dict(extra, target=cam),
                        check=check, diff=diff)


def result_of(run_, cam):
    return run_.result(TASK, cam)


@pytest.mark.parametrize("cam", CAMS)
def test_factory_camera_gets_ntp(fleet, cam):
    before_state = fleet.control.state(cam)
    assert before_state["time"]["ntp_enabled"] is False

    check = run(fleet, cam, check=True, diff=True, ntp_servers=[NTP1])
    assert check.rc == 0, check
    res = result_of(check, cam)["result"]
    assert res["changed"] is True
    before, after = FACTORY_DIFF[cam]
    assert res["diff"] == {"before": before, "after": after}
    assert fleet.control.state(cam) == before_state, "check mode changed the camera"

    real = run(fleet, cam, diff=True, ntp_servers=[NTP1])
    assert real.rc == 0, real
    res = result_of(real, cam)["result"]
    assert res["changed"] is True
    assert res["plan"] == result_of(check, cam)["result"]["plan"], \
        "check mode and the real run disagree"
    time_state = fleet.control.state(cam)["time"]
    assert (time_state["ntp_enabled"], time_state["ntp_servers"]) == (True, [NTP1])
    if expected(vendor_of(cam), "time")["from_dhcp"]:
        assert time_state["from_dhcp"] is False
    assert res["time"]["ntp"] is True and res["time"]["ntp_servers"] == [NTP1]
    assert res["in_sync"] is True and abs(res["offset_s"]) <= 1.5

    again = run(fleet, cam, ntp_servers=[NTP1.upper()])  # names compare in lower case
    assert again.rc == 0, again
    assert result_of(again, cam)["result"]["changed"] is False


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("onvif")])
def test_merged_keeps_a_server_the_user_did_not_name_and_overridden_removes_it(fleet, cam):
    fleet.control.drift(cam, {"time.ntp_servers": [OTHER], "time.from_dhcp": False,
                              "time.ntp_enabled": True})
    merged = run(fleet, cam, diff=True, ntp_servers=[NTP1])
    assert merged.rc == 0, merged
    res = result_of(merged, cam)["result"]
    assert res["diff"] == {"before": {"ntp_servers": [OTHER]},
                           "after": {"ntp_servers": [OTHER, NTP1]}}
    assert fleet.control.state(cam)["time"]["ntp_servers"] == [OTHER, NTP1]

    overridden = run(fleet, cam, diff=True, ntp_servers=[NTP1], ntp_state="overridden")
    assert overridden.rc == 0, overridden
    assert result_of(overridden, cam)["result"]["diff"] == {
        "before": {"ntp_servers": [OTHER, NTP1]}, "after": {"ntp_servers": [NTP1]}}
    assert fleet.control.state(cam)["time"]["ntp_servers"] == [NTP1]
    again = run(fleet, cam, ntp_servers=[NTP1], ntp_state="overridden")
    assert result_of(again, cam)["result"]["changed"] is False


def test_hikvision_keeps_one_server_merged_refuses_overridden_replaces(fleet):
    cam = camera_of("hikvision")
    fleet.control.drift(cam, {"time.ntp_servers": [OTHER], "time.ntp_enabled": True})
    fleet.control.reset_counters(cam)
    merged = run(fleet, cam, ntp_servers=[NTP1])
    assert merged.rc != 0
    res = result_of(merged, cam)
    assert res["status"] == "failed"
    assert "at most 1 NTP server" in res["result"]["msg"]
    assert "use state overridden" in res["result"]["msg"]
    assert fleet.control.counters(cam)["writes"] == 0

    same = run(fleet, cam, ntp_servers=[OTHER])  # merged, already there
    assert result_of(same, cam)["result"]["changed"] is False

    overridden = run(fleet, cam, diff=True, ntp_servers=[NTP1], ntp_state="overridden")
    assert overridden.rc == 0, overridden
    assert result_of(overridden, cam)["result"]["diff"] == {
        "before": {"ntp_servers": [OTHER]}, "after": {"ntp_servers": [NTP1]}}
    assert fleet.control.state(cam)["time"]["ntp_servers"] == [NTP1]


@pytest.mark.parametrize("cam,extra,message", [
    (camera_of("axis"), {"ntp_servers": ["bad host!"]}, "ntp_servers item 1"),
    (camera_of("onvif"), {"ntp_servers": [""]}, "ntp_servers item 1: host is empty"),
    (camera_of("hikvision"), {"ntp_servers": ["a.example", "b.example"], "ntp_state": "overridden"},
     "at most 1 NTP server"),
    (camera_of("axis"), {"ntp_servers": ["s%d.example" % i for i in range(6)]},
     "at most 5 NTP servers"),
    (camera_of("onvif"), {"ntp_servers": [], "ntp_state": "overridden"}, "NTP on needs a server"),
    (camera_of("axis"), {"ntp_servers": [NTP1], "ntp_state": "replaced"},
     "value of state must be one of: merged, overridden"),
    (camera_of("hikvision"), {"ntp_servers": [NTP1], "max_offset": -1}, "max_offset must be more than 0"),
])
def test_bad_input_fails_clearly_and_changes_nothing(fleet, cam, extra, message):
    fleet.control.reset_counters(cam)
    bad = run(fleet, cam, **extra)
    assert bad.rc != 0
    res = result_of(bad, cam)
    assert res["status"] == "failed"
    assert "invalid input, nothing was changed" in res["result"]["msg"]
    assert message in res["result"]["msg"]
    assert fleet.control.counters(cam)["writes"] == 0


@pytest.mark.parametrize("cam", CAMS)
def test_a_change_the_camera_does_not_keep_fails_the_task(fleet, cam):
    # The camera answers OK to every time write and keeps none of the NTP mode.
    fleet.control.faults(cam, nonsticky=["time.ntp_enabled"])
    bad = run(fleet, cam, ntp_servers=[NTP1])
    assert bad.rc != 0
    res = result_of(bad, cam)
    assert res["status"] == "failed"
    assert "accepted the change but did not keep it: ntp is off, expected on" \
        in res["result"]["msg"]
    assert res["result"]["changed"] is True  # the servers were taken: say so
    assert fleet.control.state(cam)["time"]["ntp_enabled"] is False


@pytest.mark.parametrize("cam", CAMS)
def test_clock_offset_is_reported(fleet, cam):
    fleet.control.faults(cam, clock_skew_s=120)
    skewed = run(fleet, cam, check=True, ntp_servers=[NTP1], max_offset=5)
    assert skewed.rc == 0, skewed  # out of sync is reported, not a failure
    res = result_of(skewed, cam)["result"]
    assert abs(res["offset_s"] - 120) <= 1.5
    assert res["in_sync"] is False and res["time"]["in_sync"] is False
    assert any("120" in w or "119" in w for w in res.get("warnings", [])), res
    assert res["changed"] is True  # check mode: the offset is never a change by itself
    assert [c["key"] for c in res["plan"]] != [] and \
        "offset_s" not in [c["key"] for c in res["plan"]]

    fleet.control.faults(cam, clock_skew_s=-3)
    small = run(fleet, cam, check=True, ntp_servers=[NTP1], max_offset=5)
    res = result_of(small, cam)["result"]
    assert abs(res["offset_s"] + 3) <= 1.5 and res["in_sync"] is True


def test_ntp_off_on_a_hardened_camera(fleet):
    cam = camera_of("axis")
    fleet.control.preset(cam, "secure")
    off = run(fleet, cam, diff=True, ntp=False)
    assert off.rc == 0, off
    assert result_of(off, cam)["result"]["diff"] == {"before": {"ntp": True},
                                                     "after": {"ntp": False}}
    time_state = fleet.control.state(cam)["time"]
    assert time_state["ntp_enabled"] is False and time_state["ntp_servers"] == ["192.0.2.123"]
