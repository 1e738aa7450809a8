"""How long the camera emulator takes to start N cameras, what it holds, and whether the
cameras answer.

    .venv/bin/python benchmarks/emulator_startup.py [--cameras 1000] [--sample 6]

Starts `python -m tests.emulator --cameras N` twice in a temporary state dir: a cold
start (no saved state, no certificates) and a warm restart (state and certificates
on disk). For each it prints the time until `ready`, the resident memory (VmRSS and
VmHWM from /proc/<pid>/status), the open file descriptors and the CPU time used.
After the cold start it checks that cameras answer: HTTPS with the emulator's CA
(ONVIF GetSystemDateAndTime and an authenticated vendor read), SNMP GET with
Net-SNMP's snmpget, and the emulator's own request counters; then it times first
HTTPS contact with many cameras at once (each camera's TLS context is made on its
first connection).

Prints figures; asserts nothing about time. Talks to loopback only, every loop bounded.
"""

import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import requests  # noqa: E402
from requests.auth import HTTPDigestAuth  # noqa: E402

from tests.emulator.client import EmulatorProcess  # noqa: E402
from tests.emulator.state import DEFAULT_USERNAME  # noqa: E402

GET_TIME = (b'<?xml version="1.0" encoding="UTF-8"?><s:Envelope '
            b'xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            b'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body>'
            b'<tds:GetSystemDateAndTime/></s:Body></s:Envelope>')
SOAP = {"Content-Type": "application/soap+xml; charset=utf-8"}
VENDOR_READ = {"axis": ("GET", "/axis-cgi/param.cgi?action=list&group=root.Brand"),
               "hikvision": ("GET", "/ISAPI/System/deviceInfo")}


def proc_status(pid):
    """VmRSS, VmHWM (kB), open fds and CPU seconds (user+system) of a process."""
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    fields["cpu_s"] = (int(stat[11]) + int(stat[12])) / float(ticks)  # utime, stime
    fields["fds"] = len(os.listdir("/proc/%d/fd" % pid))
    return fields


def start(state_dir, cameras, first=None, attempts=3):
    """Start the emulator on a free-looking loopback block; (emulator, seconds to ready)."""
    last = None
    for _ in range(attempts):  # another test run may hold the block we picked
        first = first or "127.%d.0.1" % random.randint(150, 250)
        emu = EmulatorProcess(state_dir, cameras=cameras, first_address=first, timeout=600)
        started = time.perf_counter()
        try:
            emu.start()
        except RuntimeError as exc:
            last = exc
            if "in use" not in str(exc):
                raise
            first = None
            continue
        return emu, time.perf_counter() - started
    raise RuntimeError("no free loopback block after %d attempts: %s" % (attempts, last))


def show(label, emu, seconds):
    st = proc_status(emu.proc.pid)
    print("%-14s ready in %6.2f s   VmRSS %4d MB   VmHWM %4d MB   fds %5d   cpu %5.2f s"
          % (label, seconds, st["VmRSS"] // 1024, st["VmHWM"] // 1024, st["fds"], st["cpu_s"]))
    return st


def session(ca):
    s = requests.Session()
    s.trust_env = False
    s.verify = ca
    return s


def sanity(emu, sample):
    cams = emu.control.cameras()
    picks = sorted({0, len(cams) - 1, *random.sample(range(len(cams)), min(sample, len(cams)))})
    password = emu.password()
    ok = 0
    http = session(emu.ca_path())
    print("\nsanity: %d of %d cameras" % (len(picks), len(cams)))
    for i in picks:
        cam = cams[i]
        addr, vendor = cam["address"], cam["vendor"]
        t0 = time.perf_counter()
        r1 = http.post("https://%s/onvif/device_service" % addr, data=GET_TIME, headers=SOAP,
                       timeout=10)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        r2 = http.post("https://%s/onvif/device_service" % addr, data=GET_TIME, headers=SOAP,
                       timeout=10)
        again = time.perf_counter() - t0
        read = "-"
        if vendor in VENDOR_READ:
            method, path = VENDOR_READ[vendor]
            resp = http.request(method, "https://%s%s" % (addr, path), timeout=10,
                                auth=HTTPDigestAuth(DEFAULT_USERNAME[vendor], password))
            read = resp.status_code
        snmp = subprocess.run(["snmpget", "-v2c", "-c", "public", "-t", "1", "-r", "0", "-Oqv",
                               addr, "1.3.6.1.2.1.1.1.0"], capture_output=True, text=True,
                              timeout=10)
        counters = emu.control.counters(cam["id"])
        good = (r1.status_code == 200 and b"UTCDateTime" in r1.content and r2.status_code == 200
                and read in ("-", 200) and snmp.returncode == 0
                and counters["requests"] >= 2 and counters["udp"].get("snmp", 0) >= 1)
        ok += good
        print("  %s %-9s %-15s onvif %d (first %.0f ms, again %.0f ms)  vendor read %s  "
              "snmp %s  counted http %d snmp %d  %s"
              % (cam["id"], vendor, addr, r1.status_code, first * 1000, again * 1000, read,
                 (snmp.stdout.strip()[:28] + "...") if snmp.returncode == 0 else "NO ANSWER",
                 counters["requests"], counters["udp"].get("snmp", 0),
                 "ok" if good else "FAILED"))
    http.close()
    print("  %d/%d cameras answered everything" % (ok, len(picks)))
    return ok == len(picks)


def first_contact(emu, count, workers):
    """HTTPS first contact with `count` cameras at once (each makes its TLS context)."""
    cams = emu.control.cameras()[:count]
    ca = emu.ca_path()

    def one(cam):
        with session(ca) as s:
            return s.post("https://%s/onvif/device_service" % cam["address"], data=GET_TIME,
                          headers=SOAP, timeout=30).status_code

    results = []
    for label in ("first HTTPS contact", "second contact"):
        cpu0 = proc_status(emu.proc.pid)["cpu_s"]
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            codes = list(pool.map(one, cams))
        seconds = time.perf_counter() - t0
        cpu = proc_status(emu.proc.pid)["cpu_s"] - cpu0
        print("%s%s with %d cameras, %d at a time: %.2f s (%.1f ms a camera), emulator CPU "
              "%.2f s (%.1f ms a camera), %d answered 200"
              % ("\n" if not results else "", label, len(cams), workers, seconds,
                 1000 * seconds / len(cams), cpu, 1000 * cpu / len(cams), codes.count(200)))
        results.append(seconds)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cameras", type=int, default=1000)
    p.add_argument("--sample", type=int, default=6, help="cameras to check besides first/last")
    p.add_argument("--contact", type=int, default=300, help="cameras for the first-contact run")
    p.add_argument("--keep", action="store_true", help="keep the temporary state dir")
    args = p.parse_args()
    if not shutil.which("snmpget"):
        sys.exit("snmpget (Net-SNMP) is needed: apt-get install snmp")

    print("emulator start-up: %d cameras, %d CPUs, Python %s"
          % (args.cameras, os.cpu_count(), sys.version.split()[0]))
    with open("/proc/loadavg") as f:
        print("load average before: %s" % " ".join(f.read().split()[:3]))
    state_dir = tempfile.mkdtemp(prefix="emulator-bench-")
    healthy = False
    try:
        emu, seconds = start(state_dir, args.cameras)
        try:
            show("cold start", emu, seconds)
            healthy = sanity(emu, args.sample)
            first_contact(emu, min(args.contact, args.cameras), 16)
            st = proc_status(emu.proc.pid)
            print("after the checks: VmRSS %d MB, VmHWM %d MB, fds %d"
                  % (st["VmRSS"] // 1024, st["VmHWM"] // 1024, st["fds"]))
        finally:
            emu.stop()
        emu, seconds = start(state_dir, args.cameras, first=emu.first_address)
        try:
            print()
            show("warm restart", emu, seconds)
        finally:
            emu.stop()
    finally:
        if args.keep:
            print("state dir kept: %s" % state_dir)
        else:
            shutil.rmtree(state_dir, ignore_errors=True)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
