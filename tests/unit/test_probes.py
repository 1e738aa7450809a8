"""The network probes (plugins/module_utils/probes.py) against the emulator: every
service on and off for each vendor, what the evidence holds (and what it must not:
the site's community, SNMPv3 passwords), and the time bound of a pass: all probes of a
camera run at once, so a pass takes about `timeout` whatever answers, even with a
blackholed TCP port.
"""

import asyncio
import os
import socket
import threading
import time

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import probes
from tests.conftest import VENDORS, camera_of, cameras_of, reference_identity, vendor_of, vendor_package

CAMERAS = {cam: vendor_of(cam) for cam in cameras_of()}
# Each vendor's reference model (in sysDescr and the SSDP server line) and the mDNS
# service types it advertises, from its emulator package.
MODEL = {vendor: reference_identity(vendor)["model"] for vendor in VENDORS}
SERVICE_TYPES = {vendor: sorted(vendor_package(vendor).MDNS_SERVICES) for vendor in VENDORS}
# The emulator state that switches each probed service off (tests/emulator/state.py).
OFF = {"snmp": {"discovery.snmp.enabled": False}, "mdns": {"discovery.bonjour": False},
       "ssdp": {"discovery.upnp": False}, "wsd": {"discovery.ws_discovery": False}}
UDP = ("snmp", "mdns", "ssdp", "wsd")
QUICK = 0.8  # the emulator answers at once: a short timeout keeps the suite fast
# Wall-time bounds are checked with a generous margin (a busy CI machine stretches them);
# run one after the other, the probes of a pass would take several times longer.
MARGIN = 0.8
V3_USER = {"name": "auditor", "auth_protocol": "SHA", "auth_password": "auth-pass-1",
           "priv_protocol": "AES", "priv_password": "priv-pass-1"}
V3_CREDS = {"username": "auditor", "auth_protocol": "sha", "auth_password": "auth-pass-1",
            "priv_protocol": "aes", "priv_password": "priv-pass-1"}


def address(emulator, cam):
    return emulator.cameras[cam]["address"]


def probe(emulator, cam, timeout=QUICK, **options):
    return probes.run(address(emulator, cam), probes.settings(timeout=timeout, **options))


def open_fds():
    return len(os.listdir("/proc/self/fd"))


# -- every service on, then every service off, for each vendor ---------------------------

@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_insecure_camera_answers_every_discovery_service(fresh_fleet, cam):
    vendor = CAMERAS[cam]
    found = probe(fresh_fleet, cam)
    assert found["answering"] == ["mdns", "snmp", "ssdp", "wsd"]
    snmp = found["snmp"]
    assert snmp["versions"] == ["v1", "v2c"]
    assert snmp["communities"] == ["private", "public"]  # the write community reads too
    assert all(MODEL[vendor] in e["sys_descr"] for e in snmp["evidence"])
    assert snmp["v3"] == {"answered": False}
    assert found["mdns"]["service_types"] == SERVICE_TYPES[vendor]
    assert found["mdns"]["instances"]
    assert found["ssdp"]["answered_to"] == "unicast"
    assert found["ssdp"]["first_bytes"].startswith("HTTP/1.1 200 OK\r\n")
    assert MODEL[vendor] in found["ssdp"]["server"]
    assert found["wsd"]["xaddrs"] == ["http://%s/onvif/device_service" % address(fresh_fleet, cam)]
    assert "ProbeMatch" in found["wsd"]["first_bytes"] or found["wsd"]["first_bytes"]
    assert found["tcp"]["open"] == [80, 443, 554]  # 554: the emulator's RTSP listener
    assert found["tcp"]["closed"] == [21, 22, 23]
    counters = fresh_fleet.control.counters(cam)["udp"]
    assert counters["snmp"] == 2 * 2 + 1  # v1 and v2c x (public, private) + v3 discovery
    assert counters["mdns"] == 1 + 6 and counters["ssdp"] == 1 and counters["wsd"] == 1


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_secure_camera_is_silent(fresh_fleet, cam):
    fresh_fleet.control.preset(cam, "secure")
    found = probe(fresh_fleet, cam)
    assert found["answering"] == []
    for service in UDP:
        assert found[service]["answered"] is False
        assert "error" not in found[service]
    assert found["snmp"]["versions"] == [] and found["snmp"]["evidence"] == []
    assert found["tcp"]["open"] == [443, 554]  # the secure preset turns plain HTTP off
    # silence is not absence of traffic: every probe reached the camera
    assert set(fresh_fleet.control.counters(cam)["udp"]) == {"snmp", "mdns", "ssdp", "wsd"}


@pytest.mark.parametrize("service", UDP)
@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_each_service_off_on_its_own(fresh_fleet, cam, service):
    fresh_fleet.control.drift(cam, OFF[service])
    found = probe(fresh_fleet, cam, services=UDP)
    assert found["answering"] == sorted(set(UDP) - {service})
    assert found[service]["answered"] is False
    assert "tcp" not in found  # not asked for


def test_services_not_asked_for_are_not_probed(fresh_fleet):
    found = probe(fresh_fleet, camera_of("axis"), services=["ssdp"])
    assert found["probed"] == ["ssdp"] and set(found) & set(probes.SERVICES) == {"ssdp"}
    assert fresh_fleet.control.counters(camera_of("axis"))["udp"] == {"ssdp": 1}


# -- SNMP ---------------------------------------------------------------------------------

def test_snmp_versions_follow_the_state(fresh_fleet):
    fresh_fleet.control.drift(camera_of("hikvision"), {"discovery.snmp.v1": False})
    assert probe(fresh_fleet, camera_of("hikvision"), services=["snmp"])["snmp"]["versions"] == ["v2c"]
    fresh_fleet.control.drift(camera_of("hikvision"), {"discovery.snmp.v1": True, "discovery.snmp.v2c": False})
    assert probe(fresh_fleet, camera_of("hikvision"), services=["snmp"])["snmp"]["versions"] == ["v1"]


def test_configured_community_works_but_is_never_shown(fresh_fleet):
    secret = "Site-Community-93x"
    fresh_fleet.control.drift(camera_of("onvif"), {"discovery.snmp.read_community": secret,
                                           "discovery.snmp.write_community": "other-secret-11"})
    found = probe(fresh_fleet, camera_of("onvif"), services=["snmp"], snmp_community=secret)
    snmp = found["snmp"]
    assert snmp["answered"] and snmp["communities"] == [probes.CONFIGURED]
    assert snmp["tried_communities"] == [probes.CONFIGURED, "public", "private"]
    assert all("first_bytes" not in e for e in snmp["evidence"])  # the reply echoes it
    assert secret not in repr(found) and secret.encode().hex() not in repr(found)
    # without it, the defaults find nothing: SNMP looks silent (and the results say what was tried)
    blind = probe(fresh_fleet, camera_of("onvif"), services=["snmp"])["snmp"]
    assert blind["answered"] is False and blind["tried_communities"] == ["public", "private"]


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_snmpv3_answers_discovery_without_credentials(fresh_fleet, cam):
    fresh_fleet.control.drift(cam, {"discovery.snmp.v1": False, "discovery.snmp.v2c": False,
                                    "discovery.snmp.v3": True, "discovery.snmp.v3_users": [V3_USER]})
    snmp = probe(fresh_fleet, cam, services=["snmp"])["snmp"]
    assert snmp["answered"] and snmp["versions"] == ["v3"]
    assert snmp["v3"]["answered"] and snmp["v3"]["engine_id"].startswith("80")
    assert snmp["v3"]["report"] == "1.3.6.1.6.3.15.1.1.4.0"  # usmStatsUnknownEngineIDs
    assert snmp["communities"] == [] and snmp["evidence"] == []


def test_snmpv3_authenticated_get(fresh_fleet):
    fresh_fleet.control.drift(camera_of("axis"), {"discovery.snmp.v3": True,
                                           "discovery.snmp.v3_users": [V3_USER]})
    good = probe(fresh_fleet, camera_of("axis"), services=["snmp"], snmp_v3=V3_CREDS)["snmp"]["v3"]
    assert good["authenticated"]["accepted"] is True
    assert MODEL["axis"] in good["authenticated"]["sys_descr"]
    wrong = dict(V3_CREDS, auth_password="not-the-password")
    found = probe(fresh_fleet, camera_of("axis"), services=["snmp"], snmp_v3=wrong)
    refused = found["snmp"]["v3"]["authenticated"]
    assert refused["accepted"] is False and refused["answered"] is True
    assert refused["error"] == "wrong digest (authentication password)"
    stranger = probe(fresh_fleet, camera_of("axis"), services=["snmp"],
                     snmp_v3=dict(V3_CREDS, username="stranger"))["snmp"]["v3"]["authenticated"]
    assert stranger["error"] == "unknown user name"
    bad_priv = probe(fresh_fleet, camera_of("axis"), services=["snmp"],
                     snmp_v3=dict(V3_CREDS, priv_password="wrong-priv-1"))["snmp"]["v3"]["authenticated"]
    assert bad_priv["accepted"] is False and bad_priv["answered"] is True
    for secret in ("auth-pass-1", "priv-pass-1", "not-the-password"):
        assert secret not in repr(found)


@pytest.mark.parametrize("auth,priv", [("md5", "des"), ("sha", "none"), ("none", "none")])
def test_snmpv3_other_security_levels(fresh_fleet, auth, priv):
    user = {"name": "u-%s-%s" % (auth, priv), "auth_protocol": auth.upper(),
            "auth_password": "auth-pass-2", "priv_protocol": priv.upper(),
            "priv_password": "priv-pass-2"}
    fresh_fleet.control.drift(camera_of("hikvision"), {"discovery.snmp.v3": True,
                                           "discovery.snmp.v3_users": [user]})
    creds = {"username": user["name"], "auth_protocol": auth, "auth_password": "auth-pass-2",
             "priv_protocol": priv, "priv_password": "priv-pass-2"}
    checked = probe(fresh_fleet, camera_of("hikvision"), services=["snmp"], snmp_v3=creds)["snmp"]["v3"]
    assert checked["authenticated"]["accepted"] is True, checked
    assert MODEL["hikvision"] in checked["authenticated"]["sys_descr"]


def test_snmpv3_get_to_a_silent_agent(fresh_fleet):
    found = probe(fresh_fleet, camera_of("hikvision"), services=["snmp"], snmp_v3=V3_CREDS)
    assert found["snmp"]["v3"]["authenticated"]["answered"] is False
    assert found["elapsed_s"] < QUICK + probes.PASS_MARGIN_S + MARGIN


# -- faults: a responder that runs although the settings say off --------------------------

def test_stuck_responders_answer_although_the_state_says_off(fresh_fleet):
    fresh_fleet.control.preset(camera_of("axis"), "secure")
    fresh_fleet.control.faults(camera_of("axis"), udp_stuck_on=["ssdp", "snmp"])
    try:
        found = probe(fresh_fleet, camera_of("axis"), services=UDP)
    finally:
        fresh_fleet.control.clear_faults(camera_of("axis"))
    assert found["answering"] == ["snmp", "ssdp"]
    assert fresh_fleet.control.state(camera_of("axis"))["discovery"]["upnp"] is False


# -- the bound: concurrency, silence, a blackholed port ----------------------------------

def test_a_silent_pass_takes_the_timeout_once_not_per_probe(fresh_fleet):
    """Every probe of a secure camera waits the full timeout; run one after the other
    they would take 5 x 1.5 s. Concurrently the pass takes 1.5 s (bound: about 2 s)."""
    fresh_fleet.control.preset(camera_of("hikvision"), "secure")
    started = time.monotonic()
    found = probe(fresh_fleet, camera_of("hikvision"), timeout=None)  # the default: 1.5 s
    took = time.monotonic() - started
    assert found["timeout_s"] == probes.DEFAULT_TIMEOUT_S == 1.5
    assert probes.DEFAULT_TIMEOUT_S - 0.05 <= took <= 2.0 + MARGIN, took
    assert found["elapsed_s"] <= took + 0.001  # rounded to ms


def test_an_answering_pass_is_bounded_too(fresh_fleet):
    started = time.monotonic()
    found = probe(fresh_fleet, camera_of("axis"), timeout=None,
                  snmp_v3=V3_CREDS, ssdp_multicast=False)
    took = time.monotonic() - started
    assert found["answering"] == ["mdns", "snmp", "ssdp", "wsd"]
    assert took <= 2.0 + MARGIN, took


@pytest.fixture
def blackholed_port():
    """A TCP port that never answers a SYN: a listener whose accept queue is full
    (backlog 0, one connection queued and never accepted), so the kernel drops new
    SYNs, as a firewall's DROP rule would. On a loopback address of its own."""
    host = "127.%d.%d.%d" % (os.getpid() % 200 + 20, 254, 7)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):  # enough to fill the queue whatever the kernel's slack
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect((host, port))
        except BlockingIOError:
            pass
        fillers.append(s)
    time.sleep(0.1)
    yield host, port
    for s in fillers:
        s.close()
    listener.close()


def test_blackholed_tcp_port_does_not_stretch_the_pass(blackholed_port):
    host, port = blackholed_port
    started = time.monotonic()
    found = probes.run(host, probes.settings(services=["tcp"], tcp_ports=[port], timeout=1.0))
    took = time.monotonic() - started
    assert found["tcp"]["filtered"] == [port] and found["tcp"]["open"] == []
    assert 0.95 <= took <= 1.0 + probes.PASS_MARGIN_S + MARGIN, took


def test_blackholed_port_with_every_probe_of_a_camera(fresh_fleet, blackholed_port):
    """The camera's own UDP probes and a TCP connect that hangs, in one pass."""
    host, port = blackholed_port
    started = time.monotonic()
    found = probes.run(host, probes.settings(tcp_ports=[port, 23], timeout=1.0))
    took = time.monotonic() - started
    assert found["tcp"]["filtered"] == [port] and found["tcp"]["closed"] == [23]
    assert took <= 1.0 + probes.PASS_MARGIN_S + MARGIN, took


def test_pass_closes_every_socket(fresh_fleet):
    probe(fresh_fleet, camera_of("axis"))  # warm up: imports, pysnmp's caches
    before = open_fds()
    probe(fresh_fleet, camera_of("axis"), snmp_v3=V3_CREDS)
    probe(fresh_fleet, camera_of("onvif"), services=["tcp", "ssdp"])
    assert open_fds() == before


def test_a_pass_runs_from_inside_a_running_event_loop(fresh_fleet):
    """The caller may already run asyncio (a plugin in an async context): the pass then
    gets a loop of its own in a thread, and still returns a plain result."""
    async def caller():
        return probe(fresh_fleet, camera_of("hikvision"), services=["ssdp"])
    assert asyncio.run(caller())["ssdp"]["answered"] is True


def test_background_pass_overlaps_other_work(fresh_fleet):
    started = time.monotonic()
    pending = probes.Background(address(fresh_fleet, camera_of("axis")), probes.settings(timeout=1.0))
    time.sleep(0.5)  # the API reads of a task happen here
    found = pending.result()
    assert found["answering"] == ["mdns", "snmp", "ssdp", "wsd"]
    assert time.monotonic() - started <= 1.0 + probes.PASS_MARGIN_S + MARGIN
    assert not any(t.name.startswith("ipcam-probes-") for t in threading.enumerate())


def test_many_cameras_probed_in_parallel_threads(fresh_fleet):
    """As Ansible forks would: three passes at once take no longer than one."""
    results = {}

    def work(cam):
        results[cam] = probe(fresh_fleet, cam, timeout=1.0)
    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(cam,)) for cam in CAMERAS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert time.monotonic() - started <= 1.0 + probes.PASS_MARGIN_S + MARGIN
    assert all(r["answering"] == ["mdns", "snmp", "ssdp", "wsd"] for r in results.values())


def test_unresolvable_host_is_an_error_not_a_hang():
    started = time.monotonic()
    found = probes.run("camera.invalid", probes.settings(timeout=1.0))
    assert found["error"].startswith("cannot resolve camera.invalid")
    assert found["answering"] == [] and time.monotonic() - started < 5


def test_settings_from_module_params():
    config = probes.settings_from_params({
        "services": ["snmp", "tcp"], "timeout": 0.5, "snmp_port": 16161, "mdns_port": None,
        "tcp_ports": [23, 22, 23], "snmp_v3": {"username": None}, "snmp_community": "",
        "snmp_default_communities": []})
    assert config["services"] == ["snmp", "tcp"] and config["timeout"] == 0.5
    assert config["ports"] == {"snmp": 16161, "mdns": 5353, "ssdp": 1900, "wsd": 3702}
    assert config["tcp_ports"] == [22, 23]
    assert config["snmp_v3"] is None and config["snmp_community"] is None
    assert config["snmp_default_communities"] == []
    assert probes.settings_from_params(None) == probes.settings()
