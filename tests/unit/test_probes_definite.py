"""The probe pass ends on definite answers and never loses one to a late process
(issue 14; plugins/module_utils/probe_sockets.py): a closed UDP port is known closed from
the kernel's ICMP port-unreachable, a camera that answers everything ends the pass
without waiting for the deadline, a reply that reached the socket before the deadline
counts when it is read after it, a TCP connect the kernel completed counts when it is
noticed late, and a TLS handshake caught by the deadline on an accepted connection gets
one grace period. Asserted on what the probes report (`ended_by`, `waited_for_silence`,
`wakeups`, `graced`), not on wall-clock durations.
"""

import asyncio
import datetime
import os
import select
import socket
import threading
import time

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import probe_messages as msgs
from ansible_collections.camsec.ipcam.plugins.module_utils import probe_sockets as sockets
from ansible_collections.camsec.ipcam.plugins.module_utils import probes
from tests.conftest import camera_of

UDP = ("snmp", "mdns", "ssdp", "wsd")
# Long: an answer that is definite must end the pass long before it, and a test that
# waited for it would show in the time the suite takes, not in an assertion.
LONG = 20.0


def free_loopback():
    """A loopback address with nothing bound on it: every UDP port there is closed."""
    return "127.%d.%d.%d" % (os.getpid() % 200 + 20, 253, 11)


def address(emulator, cam):
    return emulator.cameras[cam]["address"]


# -- refusals: a closed port is an answer -------------------------------------------------

def test_closed_udp_ports_are_known_closed_without_the_timeout():
    found = probes.run(free_loopback(), probes.settings(services=UDP, timeout=LONG))
    assert found["answering"] == [] and found["waited_for_silence"] == []
    for service in UDP:
        result = found[service]
        assert result["answered"] is False, service  # closed is not running
        assert result["ended_by"] == "refusal", (service, result)
        assert result["elapsed_until_answer"] is not None
        # one wake-up for the ICMP, at most one more for a second exchange of the probe
        assert result["wakeups"] <= 2 * 2, (service, result)
    assert found["snmp"]["v3"] == {"answered": False}


def test_closed_tcp_ports_end_the_pass_too():
    found = probes.run(free_loopback(), probes.settings(
        services=["tcp", "tls", "rtsp"], tcp_ports=[21, 23, 80], timeout=LONG))
    assert found["waited_for_silence"] == []
    assert found["tcp"]["closed"] == [21, 23, 80] and found["tcp"]["ended_by"] == "replies"
    assert found["tls"]["error"] == "connection refused on TCP port 443"
    assert found["rtsp"]["state"] == "closed" and found["rtsp"]["ended_by"] == "refusal"


def test_an_insecure_camera_that_answers_everything_ends_the_pass(fresh_fleet):
    """Every service the camera runs answers: nothing waits for the 20 s deadline.
    (SNMP is left out: the factory camera has v3 off, and its silence is real.)"""
    found = probes.run(address(fresh_fleet, camera_of("axis")), probes.settings(
        services=["mdns", "ssdp", "wsd", "tcp", "tls", "rtsp"], timeout=LONG,
        ca_path=fresh_fleet.ca_path()))
    assert found["waited_for_silence"] == [], found
    assert found["answering"] == ["mdns", "ssdp", "wsd"]
    assert found["mdns"]["service_types"] == ["_axis-video._tcp.local.", "_http._tcp.local."]
    assert found["mdns"]["ended_by"] == "replies"  # the unlisted types were not waited for
    assert found["tcp"]["open"] == [80, 443, 554] and found["tcp"]["closed"] == [21, 22, 23]
    assert found["tls"]["versions"]["TLSv1.3"] is True and found["tls"]["graced"] == 0
    assert found["rtsp"]["answered"] is True and found["rtsp"]["graced"] == 0


def test_silence_still_waits_and_stays_no_answer(fresh_fleet):
    """The secure camera's responders are bound and say nothing: true silence, which is
    waited for (to the deadline) and reported as no answer, never as closed."""
    fresh_fleet.control.preset(camera_of("hikvision"), "secure")
    found = probes.run(address(fresh_fleet, camera_of("hikvision")),
                       probes.settings(services=UDP, timeout=0.8))
    assert found["waited_for_silence"] == sorted(UDP)
    for service in UDP:
        assert found[service]["answered"] is False
        assert found[service]["ended_by"] == "deadline"
        assert found[service]["elapsed_until_answer"] is None


def test_a_partial_snmp_answer_waits_for_the_silent_rest(fresh_fleet):
    """public answers, the other community does not (an agent only counts a wrong one):
    the probe keeps both facts and ends by the deadline."""
    fresh_fleet.control.drift(camera_of("onvif"), {"discovery.snmp.write_community": "other-secret-12"})
    snmp = probes.run(address(fresh_fleet, camera_of("onvif")), probes.settings(
        services=["snmp"], timeout=0.8))["snmp"]
    assert snmp["communities"] == ["public"] and snmp["ended_by"] == "deadline"


# -- lateness: what the kernel received before the deadline counts ------------------------

def wait_readable(exchange, limit=10.0):
    """Until a reply sits in one of the exchange's sockets (not read): bounded."""
    _, _, _ = select.select(exchange.sockets, [], [], limit)


def test_a_reply_in_the_socket_buffer_after_the_deadline_counts(fresh_fleet):
    """Send, let the camera reply, then sleep past the deadline in the event loop's own
    thread (a process that did not get the CPU), then collect: the reply is counted."""
    cam = address(fresh_fleet, camera_of("axis"))

    async def late():
        exchange = sockets.UdpExchange(cam, probes.DEFAULT_PORTS["ssdp"],
                                       msgs.read_ssdp_response, lambda replies: True).open()
        try:
            deadline = time.monotonic() + 0.2
            exchange.send([msgs.ssdp_m_search()])
            wait_readable(exchange)
            while time.monotonic() <= deadline:
                time.sleep(0.05)  # blocks the loop: nothing reads the socket meanwhile
            await exchange.collect(deadline)
            return exchange
        finally:
            exchange.close()

    exchange = asyncio.run(late())
    assert exchange.outcome == sockets.REPLIED and len(exchange.replies) == 1
    assert exchange.wakeups == 0  # the deadline had passed: read once, without waiting
    assert exchange.replies[0][1]["server"]


def test_a_refusal_that_came_before_the_deadline_counts_when_read_late():
    async def late():
        exchange = sockets.UdpExchange(free_loopback(), 3702, lambda data: data,
                                       lambda replies: True).open()
        try:
            deadline = time.monotonic() + 0.1
            exchange.send([b"probe"])
            wait_readable(exchange)
            while time.monotonic() <= deadline:
                time.sleep(0.05)
            await exchange.collect(deadline)
            return exchange
        finally:
            exchange.close()

    exchange = asyncio.run(late())
    assert exchange.outcome == sockets.REFUSED and exchange.wakeups == 0


def test_a_tcp_connect_the_kernel_completed_counts_when_noticed_late(fresh_fleet):
    cam = address(fresh_fleet, camera_of("axis"))
    for port, expected in ((443, "open"), (23, "closed")):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            sock.connect_ex((cam, port))
            select.select([], [sock], [], 10)  # the kernel has its answer...
            time.sleep(0.1)  # ...and the process looks only now
            assert sockets.connect_state(sock) == expected
        finally:
            sock.close()

    async def past_deadline():
        state, sock, _ = await sockets.tcp_connect(cam, 443, time.monotonic() - 1.0)
        if sock is not None:
            sock.close()
        return state
    # a deadline already gone still reads what the kernel knows (loopback connects at once)
    assert asyncio.run(past_deadline()) == "open"


def test_mdns_complete_once_the_listed_types_answered():
    asked = {1: msgs.SERVICE_ENUMERATION, 2: "_axis-video._tcp.local.", 3: "_http._tcp.local.",
             4: "_rtsp._tcp.local."}
    payloads = [b""] * 4
    enum = (b"", {"id": 1, "names": ["_axis-video._tcp.local."]})
    axis = (b"", {"id": 2, "names": ["cam._axis-video._tcp.local."]})
    assert not probes._mdns_complete([enum], asked, payloads)
    assert probes._mdns_complete([enum, axis], asked, payloads)
    assert not probes._mdns_complete([axis], asked, payloads)  # no list: wait for all


# -- TLS: one grace period for a handshake on an accepted connection ----------------------

@pytest.fixture
def late_tls_server(tmp_path):
    """A TLS server that accepts at once but starts its handshakes only when released:
    a camera (or a controller) that had no CPU for a while."""
    from tests.unit.test_probe_tls import serve_tls  # one TLS test server
    release = threading.Event()
    server = serve_tls(tmp_path, "late.example", before_handshake=lambda: release.wait(15))
    yield server.server_address[1], release
    release.set()
    server.shutdown()
    server.server_close()


def test_a_handshake_late_past_the_deadline_completes_in_its_grace(late_tls_server):
    port, release = late_tls_server
    timeout = 2.0
    started = time.monotonic()
    pending = probes.Background("127.0.0.1", probes.settings(services=["tls"], tls_port=port,
                                                             timeout=timeout))
    while time.monotonic() < started + timeout + 0.3:  # the first deadline is gone
        time.sleep(0.05)
    release.set()
    tls = pending.result()["tls"]
    assert tls["answered"] is True, tls
    assert tls["versions"]["TLSv1.2"] is True and tls["versions"]["TLSv1.3"] is True
    assert tls["graced"] >= 2  # TLS 1.2 and 1.3 finished in their grace period
    assert tls["certificate"]["subject"] == "O=Test\\, Inc.,CN=late.example"


def test_an_unreachable_camera_whose_udp_ports_refuse_is_not_silent():
    """For a camera whose API cannot be reached, the pass's refusals say the address is
    up (exposure.heard); they never count as a running service."""
    from ansible_collections.camsec.ipcam.plugins.module_utils import exposure
    view = exposure.NetworkView(free_loopback(), probes.settings(services=UDP, timeout=LONG),
                                set(UDP))
    heard = view.heard()
    assert heard["udp_refused"] == sorted(UDP) and heard["answered"] == []
    assert heard["silent"] is False
    assert all(view.verdict(s)["answered"] is False for s in UDP)
