"""network_protocols against the emulator: check/diff, apply, the network (port 80 really
closed, HTTPS answering; TLS 1.0/1.1 really refused in handshakes), idempotence, the
management-path safety rule (also around raising the oldest TLS version), unsupported
settings, and the password never shown."""

import json
import socket
import ssl

import pytest
import requests

from tests.integration.ansible_run import run_playbook
from tests.integration.conftest import address
from tests.test_emulator.test_tls_versions import openssl, py_handshake, s_client  # noqa: F401 - openssl is a fixture
from tests.conftest import camera_of, cameras_of, expected, per_camera
from tests.polling import wait_until

TASK = "Set network protocols"

# Per vendor: what the camera drifts to (on top of the factory state, where HTTP and HTTPS
# are both on), what the task asks (only what the vendor's API can set), the diff and the
# settings after: EXPECTED["network_protocols"] of the vendor package, with why.
CASES = per_camera(lambda vendor: expected(vendor, "network_protocols"))
CAMS = cameras_of()  # every registered vendor
STATE_KEYS = {"http": ("http", "enabled"), "https": ("https", "enabled"), "ssh": ("ssh",),
              "telnet": ("telnet",), "ftp": ("ftp",)}


def network_state(fleet, cam, keys):
    network = fleet.control.state(cam)["network"]
    out = {}
    for key in keys:
        value = network
        for part in STATE_KEYS[key]:
            value = value[part]
        out[key] = value
    return out


def port_open(addr, port):
    try:
        with socket.create_connection((addr, port), timeout=1):
            return True
    except OSError:
        return False


def https_answers(fleet, cam):
    """Any HTTP reply over verified TLS (401 for a request without credentials)."""
    resp = requests.get("https://%s/" % address(fleet, cam), verify=fleet.ca_path(), timeout=5)
    return resp.status_code > 0


def leaks(run, secret):
    return [place for place, text in (("stdout", run.stdout), ("stderr", run.stderr),
                                      ("records", json.dumps(run.records)))
            if secret in text]


@pytest.mark.parametrize("cam", CAMS)
def test_vendor_camera_goes_https_only(fleet, cam):
    case = CASES[cam]
    addr = address(fleet, cam)
    fleet.control.drift(cam, case["drift"])
    assert port_open(addr, 80)
    before_state = fleet.control.state(cam)
    args = dict(case["want"], target=cam)

    check = run_playbook("protocols.yml", fleet.inventory, args, check=True, diff=True)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["diff"] == {"before": case["diff"][0], "after": case["diff"][1]}
    assert fleet.control.state(cam) == before_state, "check mode changed the camera"
    assert port_open(addr, 80)

    real = run_playbook("protocols.yml", fleet.inventory, args, diff=True, verbosity=3)
    assert real.rc == 0, real
    res = real.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["plan"] == check.result(TASK, cam)["result"]["plan"], \
        "check mode and the real run disagree"
    assert res["plan"][-1]["key"] == "http", "HTTP goes off last, after everything else"
    assert network_state(fleet, cam, case["after"]) == case["after"]
    assert {k: res["protocols"][k] for k in case["after"]} == case["after"]
    assert res["management_scheme"] == "https"
    assert wait_until(lambda: not port_open(addr, 80)), "port 80 still accepts connections"
    with pytest.raises(requests.ConnectionError):
        requests.get("http://%s/" % addr, timeout=2)
    assert https_answers(fleet, cam)
    assert leaks(real, fleet.password()) == [], "the password was shown"
    assert leaks(check, fleet.password()) == []

    again = run_playbook("protocols.yml", fleet.inventory, args)
    assert again.rc == 0, (again.stdout[-5000:], again.stderr[-5000:], again.records)
    assert again.result(TASK, cam)["result"]["changed"] is False


@pytest.mark.parametrize("cam", CAMS)
def test_http_only_camera_is_moved_to_https_without_losing_it(fleet, cam):
    """The task starts over plain HTTP (use_https: false) on a camera without HTTPS: HTTPS
    is turned on first, proven, then HTTP goes off and the task reads back over HTTPS."""
    addr = address(fleet, cam)
    fleet.control.drift(cam, {"network.https.enabled": False})
    assert wait_until(lambda: not port_open(addr, 443))

    run = run_playbook("protocols.yml", fleet.inventory,
                       {"target": cam, "http": False, "use_https": False}, diff=True)
    assert run.rc == 0, run
    res = run.result(TASK, cam)["result"]
    assert [(c["key"], c["after"]) for c in res["plan"]] == [("https", True), ("http", False)]
    assert "management path" in res["plan"][0]["reason"]
    assert res["diff"] == {"before": {"https": False, "http": True},
                           "after": {"https": True, "http": False}}
    assert (res["protocols"]["http"], res["protocols"]["https"]) == (False, True)
    assert res["management_scheme"] == "https"
    assert network_state(fleet, cam, ["http", "https"]) == {"http": False, "https": True}
    assert wait_until(lambda: not port_open(addr, 80))
    assert https_answers(fleet, cam)

    again = run_playbook("protocols.yml", fleet.inventory, {"target": cam, "http": False})
    assert again.rc == 0, again
    assert again.result(TASK, cam)["result"]["changed"] is False


@pytest.mark.parametrize("cam", CAMS)
def test_https_that_does_not_come_up_leaves_http_on(fleet, cam):
    addr = address(fleet, cam)
    fleet.control.drift(cam, {"network.https.enabled": False})
    fleet.control.faults(cam, https_broken=True)  # HTTPS on is accepted, 443 stays closed

    run = run_playbook("protocols.yml", fleet.inventory,
                       {"target": cam, "http": False, "https": True, "use_https": False,
                        "cam_timeout": 2})
    assert run.rc != 0
    res = run.result(TASK, cam)
    assert res["status"] == "failed"
    msg = res["result"]["msg"]
    assert msg.startswith("camera %s: HTTPS check before turning HTTP off: " % addr), msg
    assert "HTTPS does not answer at https://%s:443" % addr in msg
    assert "HTTP was left on" in msg
    assert res["result"]["changed"] is True
    assert [(c["key"], c["after"]) for c in res["result"]["applied"]] == [("https", True)]
    assert [(c["key"], c["after"]) for c in res["result"]["not_applied"]] == [("http", False)]
    # HTTP is still on, and really answers
    assert network_state(fleet, cam, ["http", "https"]) == {"http": True, "https": True}
    assert port_open(addr, 80)
    assert not port_open(addr, 443)
    assert leaks(run, fleet.password()) == []


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("onvif")])
def test_telnet_where_the_api_cannot_set_it_fails_by_default(fleet, cam):
    before = fleet.control.state(cam)
    run = run_playbook("protocols.yml", fleet.inventory,
                       {"target": cam, "telnet": False, "http": False})
    assert run.rc != 0
    res = run.result(TASK, cam)
    assert res["status"] == "failed"
    msg = res["result"]["msg"]
    assert "not supported by this camera's API: telnet: " in msg
    assert ("VAPIX has no API for telnet" if cam == camera_of("axis")
            else "ONVIF's NetworkProtocols list has only HTTP, HTTPS and RTSP") in msg
    assert fleet.control.counters(cam)["writes"] == 0
    assert fleet.control.state(cam) == before, "nothing may change when the task refuses"


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("onvif")])
def test_telnet_where_the_api_cannot_set_it_warns_and_does_the_rest(fleet, cam):
    addr = address(fleet, cam)
    run = run_playbook("protocols.yml", fleet.inventory,
                       {"target": cam, "telnet": False, "http": False, "on_unsupported": "warn"})
    assert run.rc == 0, run
    res = run.result(TASK, cam)["result"]
    assert any(w.startswith("telnet: ") and "left as it is" in w for w in res["warnings"])
    assert "telnet" in res["unsupported"] and "telnet" not in res["protocols"]
    assert [c["key"] for c in res["plan"]] == ["http"]
    assert network_state(fleet, cam, ["http"]) == {"http": False}
    assert wait_until(lambda: not port_open(addr, 80))


def test_http_and_https_both_off_is_refused(fleet):
    cam = camera_of("hikvision")
    run = run_playbook("protocols.yml", fleet.inventory,
                       {"target": cam, "http": False, "https": False})
    assert run.rc != 0
    msg = run.result(TASK, cam)["result"]["msg"]
    assert "invalid input, nothing was changed" in msg and "cannot both be off" in msg
    assert fleet.control.counters(cam)["writes"] == 0


def test_axis_reports_basic_over_http(fleet):
    cam = camera_of("axis")
    fleet.control.drift(cam, {"network.http_auth_policy": "basic_digest"})
    run = run_playbook("protocols.yml", fleet.inventory, {"target": cam})
    assert run.rc == 0, run
    res = run.result(TASK, cam)["result"]
    assert res["changed"] is False
    assert res["protocols"]["http_auth_basic"] is True
    assert (res["protocols"]["http_port"], res["protocols"]["https_port"]) == (80, 443)


def test_delegated_module_keeps_the_safety_rule(fleet, jumphost_inventory):
    """The real module on a jump host (AnsiballZ): starts over HTTP on an HTTP-only camera,
    ends over HTTPS with HTTP off."""
    cam = camera_of("hikvision")
    addr = address(fleet, cam)
    fleet.control.drift(cam, {"network.https.enabled": False})
    run = run_playbook("protocols_delegated.yml", fleet.inventory,
                       {"target": cam, "use_https": False}, verbosity=3,
                       extra_args=["-i", jumphost_inventory])
    assert run.rc == 0, run
    assert "AnsiballZ_network_protocols.py" in run.stdout
    res = run.result("Set network protocols on the jump host", cam)["result"]
    assert res["_ansible_delegated_vars"]["ansible_host"] == "jumphost"
    assert [(c["key"], c["after"]) for c in res["plan"]] == [("https", True), ("http", False)]
    assert res["management_scheme"] == "https"
    assert network_state(fleet, cam, ["http", "https"]) == {"http": False, "https": True}
    assert wait_until(lambda: not port_open(addr, 80))
    assert leaks(run, fleet.password()) == []


# -- the oldest TLS version (5.3.2) -----------------------------------------------------------
# A camera drifted back to old firmware defaults: its HTTPS accepts TLS 1.0 and 1.1 again.
OLD_TLS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]
TLS_CASES = {
    # Axis: root.HTTPS.AllowTLS1/AllowTLS11 (AllowSSLV3 stays no); the setting reads TLSv1
    camera_of("axis"): {"before": "TLSv1"},
    # Hikvision: TLS1_1Enable/TLS1_2Enable of the HTTPS entry; TLS 1.0 follows TLS1_1Enable
    camera_of("hikvision"): {"before": "TLSv1.1"},
}


def tls_versions(fleet, cam):
    return fleet.control.state(cam)["network"]["https"]["tls_versions"]


def https_connections(fleet, cam):
    return fleet.control.counters(cam).get("https_connections", 0)


@pytest.mark.parametrize("cam", sorted(TLS_CASES))
def test_old_tls_versions_are_switched_off(fleet, cam, openssl):
    before_value = TLS_CASES[cam]["before"]
    fleet.control.drift(cam, {"network.https.tls_versions": OLD_TLS})
    assert py_handshake(fleet, "TLSv1.1", cam) == "TLSv1.1"
    before_state = fleet.control.state(cam)
    args = {"target": cam, "tls_min_version": "TLSv1.2"}

    check = run_playbook("protocols.yml", fleet.inventory, args, check=True, diff=True)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["diff"] == {"before": {"tls_min_version": before_value},
                           "after": {"tls_min_version": "TLSv1.2"}}
    assert res["plan"] == [{"area": "protocols", "key": "tls_min_version", "action": "set",
                            "before": before_value, "after": "TLSv1.2"}]
    assert fleet.control.state(cam) == before_state, "check mode changed the camera"
    assert py_handshake(fleet, "TLSv1.1", cam) == "TLSv1.1"

    fleet.control.reset_counters(cam)
    real = run_playbook("protocols.yml", fleet.inventory, args, diff=True, verbosity=3)
    assert real.rc == 0, real
    res = real.result(TASK, cam)["result"]
    assert res["changed"] is True and res["plan"] == check.result(TASK, cam)["result"]["plan"]
    assert res["protocols"]["tls_min_version"] == "TLSv1.2"
    assert res["management_scheme"] == "https"
    assert tls_versions(fleet, cam) == ["TLSv1.2", "TLSv1.3"]
    # The task's own session survived its setting: its HTTPS connection, the path checks
    # before and after the write (a client offering TLS 1.2 and newer only) and the task's
    # reconnect for the read-back are four connections; without the reconnect, three.
    assert https_connections(fleet, cam) == 4
    # What the port really does now, seen by two third-party clients
    assert isinstance(py_handshake(fleet, "TLSv1.1", cam), ssl.SSLError)
    assert isinstance(py_handshake(fleet, "TLSv1", cam), ssl.SSLError)
    assert s_client(openssl, fleet, "TLSv1.1", cam)[0] is None
    assert s_client(openssl, fleet, "TLSv1.2", cam)[0] == "TLSv1.2"
    assert leaks(real, fleet.password()) == []

    again = run_playbook("protocols.yml", fleet.inventory, args)
    assert again.rc == 0, again
    assert again.result(TASK, cam)["result"]["changed"] is False


def test_hikvision_raises_the_floor_to_tls_1_3_and_never_lowers_it(fleet):
    cam = camera_of("hikvision")
    run = run_playbook("protocols.yml", fleet.inventory,
                       {"target": cam, "tls_min_version": "TLSv1.3"}, diff=True)
    assert run.rc == 0, run
    res = run.result(TASK, cam)["result"]
    assert res["diff"] == {"before": {"tls_min_version": "TLSv1.2"},
                           "after": {"tls_min_version": "TLSv1.3"}}
    assert tls_versions(fleet, cam) == ["TLSv1.3"]
    assert isinstance(py_handshake(fleet, "TLSv1.2", cam), ssl.SSLError)
    assert py_handshake(fleet, "TLSv1.3", cam) == "TLSv1.3"
    # the baseline's TLSv1.2 asks nothing of a camera that is already stricter
    lower = run_playbook("protocols.yml", fleet.inventory, {"target": cam, "tls_min_version": "TLSv1.2"})
    assert lower.rc == 0, lower
    assert lower.result(TASK, cam)["result"]["changed"] is False
    assert tls_versions(fleet, cam) == ["TLSv1.3"]


def test_tls_1_3_floor_on_a_camera_without_tls_1_3_writes_nothing(fleet):
    """The path check before the write, with a real TLS stack: this camera speaks TLS 1.1
    and 1.2 only, so a client that offers TLS 1.3 alone gets no answer, and TLS 1.2 is not
    switched off (which would have left HTTPS with no version at all)."""
    cam = camera_of("hikvision")
    addr = address(fleet, cam)
    fleet.control.drift(cam, {"network.https.tls_versions": ["TLSv1.1", "TLSv1.2"]})
    before = fleet.control.state(cam)
    fleet.control.reset_counters(cam)
    run = run_playbook("protocols.yml", fleet.inventory,
                       {"target": cam, "tls_min_version": "TLSv1.3", "cam_timeout": 2})
    assert run.rc != 0
    res = run.result(TASK, cam)["result"]
    msg = res["msg"]
    assert msg.startswith("camera %s: HTTPS check before raising the oldest TLS version to "
                          "TLSv1.3: HTTPS does not answer at https://%s:443 to a client offering "
                          "TLSv1.3 and newer only (" % (addr, addr)), msg
    assert "nothing was written" in msg
    assert res["applied"] == [] and [c["key"] for c in res["not_applied"]] == ["tls_min_version"]
    assert fleet.control.counters(cam)["writes"] == 0
    assert fleet.control.state(cam) == before
    assert py_handshake(fleet, "TLSv1.2", cam) == "TLSv1.2"


def test_axis_cannot_raise_the_floor_to_tls_1_3(fleet):
    cam = camera_of("axis")
    fleet.control.drift(cam, {"network.https.tls_versions": OLD_TLS})
    before = fleet.control.state(cam)
    fleet.control.reset_counters(cam)  # the drift itself counted as a write
    run = run_playbook("protocols.yml", fleet.inventory, {"target": cam, "tls_min_version": "TLSv1.3"})
    assert run.rc != 0
    msg = run.result(TASK, cam)["result"]["msg"]
    assert "not supported by this camera's API: tls_min_version: VAPIX has switches for SSLv3, " \
           "TLS 1.0 and TLS 1.1 only" in msg, msg
    assert fleet.control.counters(cam)["writes"] == 0
    assert fleet.control.state(cam) == before

    warn = run_playbook("protocols.yml", fleet.inventory,
                        {"target": cam, "tls_min_version": "TLSv1.3", "on_unsupported": "warn"})
    assert warn.rc == 0, warn
    res = warn.result(TASK, cam)["result"]
    assert res["changed"] is False and res["plan"] == []
    assert any(w.startswith("tls_min_version=TLSv1.3: VAPIX has switches") for w in res["warnings"])
    assert fleet.control.state(cam) == before


def test_onvif_has_no_tls_setting_it_can_validate(fleet):
    cam = camera_of("onvif")
    fleet.control.drift(cam, {"network.https.tls_versions": OLD_TLS})
    before = fleet.control.state(cam)
    fleet.control.reset_counters(cam)  # the drift itself counted as a write
    run = run_playbook("protocols.yml", fleet.inventory, {"target": cam, "tls_min_version": "TLSv1.2"})
    assert run.rc != 0
    msg = run.result(TASK, cam)["result"]["msg"]
    assert "tls_min_version: ONVIF sets TLS versions only through the Advanced Security service " \
           "(tas:SetEnabledTLSVersions)" in msg, msg
    assert "cannot be validated" in msg
    assert fleet.control.counters(cam)["writes"] == 0

    warn = run_playbook("protocols.yml", fleet.inventory,
                        {"target": cam, "tls_min_version": "TLSv1.2", "http": False,
                         "on_unsupported": "warn"})
    assert warn.rc == 0, warn
    res = warn.result(TASK, cam)["result"]
    assert [c["key"] for c in res["plan"]] == ["http"], "the rest is still done"
    assert any(w.startswith("tls_min_version: ONVIF sets TLS versions") and "left as it is" in w
               for w in res["warnings"])
    assert "tls_min_version" not in res["protocols"]
    assert tls_versions(fleet, cam) == before["network"]["https"]["tls_versions"]
    assert py_handshake(fleet, "TLSv1.1", cam) == "TLSv1.1", "nothing changed the TLS versions"
