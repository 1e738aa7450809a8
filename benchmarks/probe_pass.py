"""How long a probe pass takes per camera, on 100 emulated cameras: every service on
(the insecure factory state), then every service off (the secure preset).

    .venv/bin/python benchmarks/probe_pass.py [--cameras 100] [--workers 10] [--timeout 1.5]

Passes run in `--workers` threads at once, as Ansible's forks would run the cameras of
a play; each pass is timed on its own. A pass sends everything at once and ends when
every probe has a definite answer (a reply, an ICMP port-unreachable, a TCP accept or
reset); only silence waits for `timeout`. The third run probes as many addresses where
nothing listens at all (every port closed: the kernel refuses), which should end long
before the timeout. Per run: how many passes had to wait for silence (and for which
services), and how many TLS/RTSP grace periods were used.
Traffic goes only to loopback addresses; the emulator is stopped after.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, ".collections"))

from ansible_collections.camsec.ipcam.plugins.module_utils import probes  # noqa: E402
from tests.emulator.client import EmulatorProcess  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def probe_all(addresses, config, workers):
    """(per-camera seconds, exposures, wall seconds) of one pass per camera."""
    todo = list(addresses)
    lock = threading.Lock()
    times, found = [], {}

    def work():
        while True:
            with lock:
                if not todo:
                    return
                address = todo.pop()
            started = time.monotonic()
            exposure = probes.run(address, config)
            took = time.monotonic() - started
            with lock:
                times.append(took)
                found[address] = exposure

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    return times, found, time.monotonic() - started


def report(label, times, found, wall, expect_answering):
    answering = {tuple(e["answering"]) for e in found.values()}
    wrong = [a for a, e in found.items() if e["answering"] != expect_answering]
    print("%-26s cameras %3d  per camera: mean %.3f s  p95 %.3f s  max %.3f s   wall %.1f s"
          % (label, len(times), statistics.mean(times), percentile(times, 0.95), max(times), wall))
    print("%-26s answering: %s%s" % ("", sorted(answering),
                                      "  (%d cameras not as expected)" % len(wrong) if wrong else ""))
    waited = {}
    for e in found.values():
        key = ",".join(e.get("waited_for_silence") or []) or "-"
        waited[key] = waited.get(key, 0) + 1
    graces = sum((e.get("tls") or {}).get("graced") or 0 for e in found.values())
    graces_rtsp = sum((e.get("rtsp") or {}).get("graced") or 0 for e in found.values())
    errors = sum(1 for e in found.values() for s in ("tls", "rtsp")
                 if "within the timeout" in str((e.get(s) or {}).get("error") or "")
                 or "no time left" in repr(e.get(s)))
    print("%-26s waited for silence: %s; grace periods used: tls %d, rtsp %d; "
          "tls/rtsp out of time: %d" % ("", ", ".join("%s x%d" % kv for kv in sorted(waited.items())),
                                        graces, graces_rtsp, errors))
    return not wrong


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cameras", type=int, default=100)
    p.add_argument("--workers", type=int, default=10)
    p.add_argument("--timeout", type=float, default=probes.DEFAULT_TIMEOUT_S)
    args = p.parse_args()
    config = probes.settings(timeout=args.timeout)
    print("probe pass: services %s, timeout %.1f s, %d workers, python %s"
          % (",".join(config["services"]), config["timeout"], args.workers, sys.version.split()[0]))
    with tempfile.TemporaryDirectory(prefix="ipcam-bench-") as state_dir:
        t0 = time.monotonic()
        with EmulatorProcess(state_dir, cameras=args.cameras, state="insecure") as emu:
            addresses = [c["address"] for c in emu.control.cameras()]
            print("emulator: %d cameras ready in %.1f s" % (len(addresses), time.monotonic() - t0))
            # The emulator makes a camera's TLS context on its first HTTPS connection, in
            # its one event loop: untimed, touch port 443 of every camera first, so that
            # the emulator's start-up work does not show up as probe time.
            warm = time.monotonic()
            probe_all(addresses, probes.settings(services=["tcp"], tcp_ports=[443], timeout=5),
                      args.workers)
            print("warm-up: HTTPS of every camera touched in %.1f s (not timed below)"
                  % (time.monotonic() - warm))
            ok = report("every service on:", *probe_all(addresses, config, args.workers),
                        expect_answering=["mdns", "snmp", "ssdp", "wsd"])
            emu.control.fleet_preset("secure")
            ok &= report("every service off:", *probe_all(addresses, config, args.workers),
                         expect_answering=[])
            # a loopback block nothing is bound to: every port refuses
            parts = emu.first_address.split(".")
            nothing = ["127.%s.%d.%d" % (parts[1], (int(parts[2]) + 100) % 256, i + 1)
                       for i in range(len(addresses))]
            ok &= report("nothing listening:", *probe_all(nothing, config, args.workers),
                         expect_answering=[])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
