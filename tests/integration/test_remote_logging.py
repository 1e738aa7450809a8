"""remote_logging against the emulator, per vendor: check/diff, apply, idempotence, merged
and overridden, bad input, a change the camera does not keep, ONVIF-only cameras."""

import pytest

from tests.integration.ansible_run import run_playbook
from tests.conftest import camera_of

TASK = "Set remote logging"
SYSLOG = {"host": "syslog.example.net", "protocol": "tls"}
SYSLOG_OUT = {"host": "syslog.example.net", "port": 6514, "protocol": "tls"}
OTHER = {"host": "10.9.9.9", "port": 514, "protocol": "udp"}  # put there by hand
VENDOR_CAMS = [camera_of("axis"), camera_of("hikvision")]


def run(fleet, cam, check=False, diff=False, **extra):
    return run_playbook("remote_logging.yml", fleet.inventory, dict(extra, target=cam),
                        check=check, diff=diff)


def result_of(run_, cam):
    return run_.result(TASK, cam)


def servers_in_state(fleet, cam):
    return [{k: s[k] for k in ("host", "port", "protocol")}
            for s in fleet.control.state(cam)["logging"]["syslog_servers"]]


@pytest.mark.parametrize("cam", VENDOR_CAMS)
def test_factory_camera_gets_remote_syslog(fleet, cam):
    before_state = fleet.control.state(cam)
    check = run(fleet, cam, check=True, diff=True, servers=[SYSLOG])
    assert check.rc == 0, check
    res = result_of(check, cam)["result"]
    assert res["changed"] is True
    assert res["diff"] == {"before": {"servers": [], "enabled": False},
                           "after": {"servers": [SYSLOG_OUT], "enabled": True}}
    assert fleet.control.state(cam) == before_state, "check mode changed the camera"

    real = run(fleet, cam, diff=True, servers=[SYSLOG])
    assert real.rc == 0, real
    res = result_of(real, cam)["result"]
    assert res["changed"] is True
    assert res["plan"] == result_of(check, cam)["result"]["plan"], \
        "check mode and the real run disagree"
    assert fleet.control.state(cam)["logging"]["syslog_enabled"] is True
    assert servers_in_state(fleet, cam) == [SYSLOG_OUT]
    assert res["logging"] == {"enabled": True, "servers": [SYSLOG_OUT],
                              "max_servers": 2 if cam == camera_of("axis") else 1}

    again = run(fleet, cam, servers=[dict(SYSLOG, host="SYSLOG.example.net")])
    assert again.rc == 0, again
    assert result_of(again, cam)["result"]["changed"] is False


def test_axis_merged_keeps_a_server_the_user_did_not_name_and_overridden_removes_it(fleet):
    cam = camera_of("axis")
    fleet.control.drift(cam, {"logging.syslog_servers": [dict(OTHER, severity="Debug")],
                              "logging.syslog_enabled": True})
    merged = run(fleet, cam, diff=True, servers=[SYSLOG])
    assert merged.rc == 0, merged
    assert result_of(merged, cam)["result"]["diff"] == {
        "before": {"servers": [OTHER]}, "after": {"servers": [OTHER, SYSLOG_OUT]}}
    state = fleet.control.state(cam)["logging"]["syslog_servers"]
    assert servers_in_state(fleet, cam) == [OTHER, SYSLOG_OUT]
    assert state[0]["severity"] == "Debug"  # the camera's own setting of that server stays

    overridden = run(fleet, cam, diff=True, servers=[SYSLOG], log_state="overridden")
    assert overridden.rc == 0, overridden
    assert result_of(overridden, cam)["result"]["diff"] == {
        "before": {"servers": [OTHER, SYSLOG_OUT]}, "after": {"servers": [SYSLOG_OUT]}}
    assert servers_in_state(fleet, cam) == [SYSLOG_OUT]
    again = run(fleet, cam, servers=[SYSLOG], log_state="overridden")
    assert result_of(again, cam)["result"]["changed"] is False


def test_hikvision_keeps_one_server_merged_refuses_overridden_replaces(fleet):
    cam = camera_of("hikvision")
    fleet.control.drift(cam, {"logging.syslog_servers": [OTHER], "logging.syslog_enabled": True})
    fleet.control.reset_counters(cam)
    merged = run(fleet, cam, servers=[SYSLOG])
    assert merged.rc != 0
    msg = result_of(merged, cam)["result"]["msg"]
    assert "at most 1 syslog server" in msg and "use state overridden" in msg
    assert fleet.control.counters(cam)["writes"] == 0

    # naming the host that is there updates it (same server, now over TLS)
    updated = run(fleet, cam, diff=True, servers=[{"host": OTHER["host"], "protocol": "tls"}])
    assert updated.rc == 0, updated
    assert result_of(updated, cam)["result"]["diff"]["after"] == {
        "servers": [{"host": OTHER["host"], "port": 6514, "protocol": "tls"}]}

    overridden = run(fleet, cam, diff=True, servers=[SYSLOG], log_state="overridden")
    assert overridden.rc == 0, overridden
    assert servers_in_state(fleet, cam) == [SYSLOG_OUT]


@pytest.mark.parametrize("cam,servers,message", [
    (camera_of("axis"), [{"host": "a.example"}, {"host": "b.example"}, {"host": "c.example"}],
     "at most 2 syslog servers; the task would leave 3 (a.example, b.example, c.example)"),
    (camera_of("axis"), [{"host": "a.example", "protocol": "sctp"}],
     "value of protocol must be one of: udp, tcp, tls, got: sctp"),
    (camera_of("hikvision"), [{"host": ""}], "servers item 1: host is empty"),
    (camera_of("axis"), [{"host": "  "}], "servers item 1: host is empty"),
    (camera_of("hikvision"), [{"host": "a.example", "protocol": "tcp"}],
     "does not offer syslog over tcp (it offers udp, tls)"),
    (camera_of("axis"), [{"host": "a.example", "port": 70000}], "port must be a number from 1 to 65535"),
    (camera_of("onvif"), [{"host": "a..example"}], "neither an IP address nor a valid host name"),
])
def test_bad_input_fails_clearly_and_changes_nothing(fleet, cam, servers, message):
    fleet.control.reset_counters(cam)
    bad = run(fleet, cam, servers=servers)
    assert bad.rc != 0
    res = result_of(bad, cam)
    assert res["status"] == "failed"
    assert "invalid input, nothing was changed" in res["result"]["msg"]
    assert message in res["result"]["msg"]
    assert fleet.control.counters(cam)["writes"] == 0


@pytest.mark.parametrize("cam", VENDOR_CAMS)
def test_a_change_the_camera_does_not_keep_fails_the_task(fleet, cam):
    # The camera answers OK and keeps none of the servers it is given.
    fleet.control.faults(cam, nonsticky=["logging.syslog_servers"])
    bad = run(fleet, cam, servers=[SYSLOG])
    assert bad.rc != 0
    res = result_of(bad, cam)
    assert res["status"] == "failed"
    assert "accepted the change but did not keep it: servers is []" in res["result"]["msg"]
    assert fleet.control.state(cam)["logging"]["syslog_servers"] == []


@pytest.mark.parametrize("cam", VENDOR_CAMS)
def test_turning_remote_syslog_off_keeps_the_servers(fleet, cam):
    fleet.control.preset(cam, "secure")
    off = run(fleet, cam, diff=True, enabled=False)
    assert off.rc == 0, off
    assert result_of(off, cam)["result"]["diff"] == {"before": {"enabled": True},
                                                     "after": {"enabled": False}}
    logging_state = fleet.control.state(cam)["logging"]
    assert logging_state["syslog_enabled"] is False
    assert [s["host"] for s in logging_state["syslog_servers"]] == ["192.0.2.20"]
    on = run(fleet, cam, diff=True)  # enabled defaults to true
    assert result_of(on, cam)["result"]["diff"] == {"before": {"enabled": False},
                                                    "after": {"enabled": True}}


def test_onvif_only_camera_fails_with_the_reason_or_warns(fleet):
    cam = camera_of("onvif")
    fleet.control.reset_counters(cam)
    failed = run(fleet, cam, servers=[SYSLOG])
    assert failed.rc != 0
    res = result_of(failed, cam)["result"]
    assert "ONVIF defines no operation for remote syslog" in res["msg"]
    assert fleet.control.counters(cam)["writes"] == 0

    warned = run(fleet, cam, servers=[SYSLOG], on_unsupported="warn")
    assert warned.rc == 0, warned
    res = result_of(warned, cam)["result"]
    assert res["changed"] is False
    assert "ONVIF defines no operation for remote syslog" in res["unsupported"]["logging"]
    assert any("5.2.7" in w for w in res["warnings"])
