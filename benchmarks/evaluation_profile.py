"""What one camera's compliance_facts evaluation costs the controller (issue 14: <= 20 ms
of CPU a camera, one keep-alive HTTPS connection a camera a task for the API calls).

    .venv/bin/python benchmarks/evaluation_profile.py [--level 3] [--top 15] [--profiles all]

Starts the emulator with one camera per firmware profile (tests/emulator/profiles; by
default one per vendor: axis-os11, hikvision-v5.7, onvif-reference), then for each camera
runs the evaluation in-process (runner.run('compliance_facts', params, False), the path
the action plugin takes) twice: with the network probes off, then on. Each is run once
untimed (imports, the TLS context), then timed warm (time.process_time: every thread of
this process, so the probe pass's own thread counts), then once more under cProfile with
a CPU clock. Per camera it prints: CPU ms; the TCP connections this process opened to the camera and the TLS handshakes it
completed (counted by wrapping socket.socket.connect and ssl.SSLSocket.do_handshake /
SSLObject.do_handshake in this script; the probes' sockets too, so "probes on" shows what
they add); and the camera's own counters (tests/emulator/camera.py): HTTP requests
(every Transport's, Digest challenges included), TCP connections accepted, those that
carried HTTP, TLS handshakes), and the top functions of the first camera's profile.

Loopback only; the emulator is stopped after. Nothing here asserts on time.
"""

import argparse
import cProfile
import http.client
import os
import pstats
import socket
import ssl
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
# EVALUATION_COLLECTIONS: another installed copy (e.g. an older commit's, for "before")
sys.path.insert(0, os.environ.get("EVALUATION_COLLECTIONS") or os.path.join(ROOT, ".collections"))

from tests.emulator.client import EmulatorProcess  # noqa: E402

DEFAULT_PROFILES = ("axis-os11", "hikvision-v5.7", "onvif-reference")
USERNAME = {"axis": "root", "hikvision": "admin", "onvif": "admin"}
PROBES_OFF = {"services": []}


class Counts(object):
    """TCP connects and completed TLS handshakes of this process, by peer address."""

    def __init__(self):
        self.connects = {}
        self.handshakes = {}
        self.requests = {}

    def reset(self):
        self.connects.clear()
        self.handshakes.clear()
        self.requests.clear()

    def of(self, address):
        return self.connects.get(address, 0), self.handshakes.get(address, 0)


COUNTS = Counts()


def _peer(sock):
    try:
        return sock.getpeername()[0]
    except (OSError, AttributeError):
        return None


def install_counters():
    """Wrap connect (every TCP connection, the probes' too: UDP sockets are left out) and
    the two handshake entry points (ssl sockets; the TLS probe's memory-BIO objects)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_handshake = ssl.SSLSocket.do_handshake
    real_obj_handshake = ssl.SSLObject.do_handshake
    real_putrequest = http.client.HTTPConnection.putrequest

    def count(table, address):
        table[address] = table.get(address, 0) + 1

    # counted before the call: a non-blocking connect (the probes' asyncio) raises
    def connect(self, address):
        if self.type == socket.SOCK_STREAM:
            count(COUNTS.connects, address[0])
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.type == socket.SOCK_STREAM:
            count(COUNTS.connects, address[0])
        return real_connect_ex(self, address)

    def putrequest(self, method, url, *args, **kwargs):
        count(COUNTS.requests, self.host)
        return real_putrequest(self, method, url, *args, **kwargs)

    def handshake(self, *args, **kwargs):
        result = real_handshake(self, *args, **kwargs)
        count(COUNTS.handshakes, _peer(self))
        return result

    def obj_handshake(self):
        result = real_obj_handshake(self)  # raises SSLWantReadError until it completes
        count(COUNTS.handshakes, "memory-bio")
        return result

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    ssl.SSLSocket.do_handshake = handshake
    ssl.SSLObject.do_handshake = obj_handshake
    http.client.HTTPConnection.putrequest = putrequest


def params_for(emu, cam, level, probes):
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    from ansible_collections.camsec.ipcam.plugins.module_utils import args
    info = emu.cameras[cam]
    vendor = info["vendor"]
    given = {"host": info["address"], "username": USERNAME[vendor], "password": emu.password(),
             "ca_path": emu.ca_path(), "vendor": vendor, "level": level, "controls": {},
             "probes": probes}
    validated = ArgumentSpecValidator(args.argument_spec("compliance_facts")).validate(given)
    assert not validated.error_messages, validated.error_messages
    return validated.validated_parameters


def measure(emu, cam, level, probes, top, show):
    from ansible_collections.camsec.ipcam.plugins.module_utils import runner
    params = params_for(emu, cam, level, probes)
    runner.run("compliance_facts", dict(params), False)  # warm-up: untimed
    COUNTS.reset()
    emu.control.reset_counters(cam)
    started = time.process_time()
    result = runner.run("compliance_facts", dict(params), False)
    cpu = time.process_time() - started
    at_camera = emu.control.counters(cam)
    connects, handshakes = COUNTS.of(emu.cameras[cam]["address"])
    handshakes += COUNTS.handshakes.get("memory-bio", 0)
    prof = cProfile.Profile(time.process_time)
    prof.runcall(runner.run, "compliance_facts", dict(params), False)
    facts = result.get("ansible_facts", {}).get("ipcam_compliance", {})
    address = emu.cameras[cam]["address"]
    row = {"cam": cam, "profile": emu.cameras[cam].get("profile"), "cpu_ms": 1000 * cpu,
           "requests": at_camera["requests"], "sent": COUNTS.requests.get(address, 0),
           "api_conns": sum(at_camera.get("api_connections", {}).values()),
           "cam_conns": sum(at_camera.get("connections", {}).values()),
           "cam_hs": at_camera.get("tls_handshakes"), "connects": connects, "handshakes": handshakes,
           "status": facts.get("status", result.get("msg", "?")[:60])}
    if show:
        stats = pstats.Stats(prof, stream=sys.stdout).strip_dirs()
        print("\n--- %s (%s), probes %s: cProfile, top %d by own time"
              % (cam, row["profile"], "on" if probes is None else "off", top))
        stats.sort_stats("tottime").print_stats(top)
        print("--- the same, top %d by cumulative time" % top)
        stats.sort_stats("cumulative").print_stats(top)
    return row


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--level", type=int, default=3, choices=(1, 2, 3))
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--profiles", default=",".join(DEFAULT_PROFILES),
                   help="comma-separated firmware profiles, or 'all'")
    p.add_argument("--no-top", action="store_true", help="no cProfile listings")
    args = p.parse_args()
    if args.profiles == "all":
        from tests.emulator.profiles import PROFILES
        names = list(PROFILES)
    else:
        names = args.profiles.split(",")
    install_counters()
    print("level %d, %d cameras, %d CPUs, load average %s"
          % (args.level, len(names), os.cpu_count(), open("/proc/loadavg").read().strip()))
    rows = []
    with tempfile.TemporaryDirectory(prefix="evaluation-profile-") as state, \
            EmulatorProcess(state, cameras=len(names), profiles=names) as emu:
        emu.cameras = {c["id"]: c for c in emu.control.cameras()}
        for i, cam in enumerate(sorted(emu.cameras)):
            for probes in (PROBES_OFF, None):
                show = not args.no_top and i == 0
                rows.append(dict(measure(emu, cam, args.level, probes, args.top, show),
                                 probes="off" if probes is PROBES_OFF else "on"))
    print("\ncounted here: TCP connects and TLS handshakes of this process to the camera;"
          "\nat the camera (emulator counters): HTTP requests, TCP connections accepted, those"
          " that carried HTTP (API), TLS handshakes")
    print("%-9s %-26s %-6s %7s | %5s %5s | %8s %6s %5s %6s  %s" % (
        "camera", "profile", "probes", "CPU ms", "TCP", "TLS", "requests", "conns", "API",
        "TLS", "status"))
    for r in rows:
        print("%-9s %-26s %-6s %7.1f | %5d %5d | %8s %6s %5s %6s  %s" % (
            r["cam"], r["profile"], r["probes"], r["cpu_ms"], r["connects"], r["handshakes"],
            r["requests"], r["cam_conns"], r["api_conns"], r["cam_hs"], r["status"]))
    off = [r["cpu_ms"] for r in rows if r["probes"] == "off"]
    on = [r["cpu_ms"] for r in rows if r["probes"] == "on"]
    print("\nCPU ms a camera, probes off: max %.1f, mean %.1f; probes on: max %.1f, mean %.1f"
          % (max(off), sum(off) / len(off), max(on), sum(on) / len(on)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
