"""What an audit and an enforcement cost the controller, as a multiple of Ansible's own floor
(issue 14), on N emulated cameras.

    .venv/bin/python benchmarks/fleet_ratio.py --cameras N [--level 3] [--forks 50] [--rounds 2]
    .venv/bin/python benchmarks/fleet_ratio.py --profile [--level 3]

Each round, on the same inventory (the emulator's plus inventories/demo for the site data)
and the same forks, one after the other:
  floor     one ansible.builtin.set_fact task per camera: Ansible's own cost a host
  audit     playbooks/audit.yml at --level, the fleet reset to the insecure preset first
  enforce   playbooks/enforce.yml at level 2 on that fully insecure fleet
  re-audit  playbooks/audit.yml at --level again, on the fleet enforce left (compliant at
            level 2; at level 3 what level 3 adds still fails)
Before the first round, one untimed TLS handshake with every camera (see warm_up).
The rounds interleave the kinds, so a change of load on the machine touches each of them.
Each run gives wall time, controller CPU (ansible-playbook and every process it ran,
the shared evaluator too: playbook_run.py), the
peak PSS of ansible-playbook's process tree (smaps_rollup of every process, sampled every
100 ms), ansible-playbook's own peak RSS (VmHWM), the CPU a camera, and what the
evaluation reported (cameras compliant, controls in error or manual, hosts failed or
unreachable). The summary puts the median of each kind beside the floor's median.

--profile: one compliance_facts evaluation of one emulated camera (axis) in-process, as
tests/unit/compliance_run.py runs it (no site data), under cProfile with a CPU-time clock,
after a cold and a warm evaluation timed without the profiler; prints the top functions.

Loopback only; the emulator is stopped after; every ansible-playbook run has a timeout.
Nothing here asserts on time.
"""

import argparse
import os
import random
import signal
import socket
import ssl
import statistics
import sys
import tempfile

import yaml

from playbook_run import ROOT, SUBREAPER, require_collection, run_playbook, write_play

sys.path.insert(0, ROOT)
from tests.emulator.client import EmulatorProcess  # noqa: E402
from tests.emulator.vendors import NAMES as VENDORS  # noqa: E402

EVALUATION = ("camsec.ipcam.compliance_facts", "camsec.ipcam.baseline")
KINDS = ("floor", "audit", "enforce", "re-audit")


def evaluation_summary(records):
    """What the evaluation results of one run say, and which hosts failed any task."""
    s = {"evaluated": 0, "compliant": 0, "unreachable": 0, "error": 0, "manual": 0,
         "error_cameras": 0, "hosts_failed": len({r["host"] for r in records
                                                  if r["status"] not in ("ok", "skipped")})}
    for r in records:
        # the audit's compliance_facts, or the role's whole-level baseline task (evaluate)
        facts = r["result"].get("ansible_facts", {}).get("ipcam_compliance")
        if r["action"] not in EVALUATION or (not facts and r["status"] != "unreachable"):
            continue
        facts = facts or {}
        s["evaluated"] += 1
        s["compliant"] += facts.get("status") == "compliant"
        s["unreachable"] += facts.get("status") == "unreachable" or r["status"] == "unreachable"
        statuses = [c["status"] for c in facts.get("controls", [])]
        s["error"] += statuses.count("error")
        s["manual"] += statuses.count("manual")
        s["error_cameras"] += "error" in statuses
    return s


def warm_up(emu):
    """One TLS handshake with every camera, untimed: the emulator makes a camera's TLS
    context (and on a cold start its key and certificate) on its first HTTPS connection,
    in its one event loop; 50 forks' first contacts at once otherwise wait behind that and
    the first run's cameras time out (no answer within 10 s). Returns the failures."""
    with open(emu.inventory) as f:
        port = yaml.safe_load(f)["all"]["children"]["cameras"]["vars"]["ipcam_https_port"]
    context = ssl.create_default_context(cafile=emu.ca_path())
    context.check_hostname = False
    failed = []
    for cam in emu.control.cameras():
        try:
            with socket.create_connection((cam["address"], port), timeout=30) as raw:
                with context.wrap_socket(raw):
                    pass
        except OSError as e:
            failed.append("%s: %s" % (cam["id"], e))
    return failed


def one_run(kind, emu, books, args, work):
    if kind == "audit":
        # the first audit and the enforcement of this round see a fully insecure fleet
        # camera by camera: the control interface's client waits 10 s a call, and a fleet
        # preset of 300 cameras under load took longer
        for cam in emu.control.cameras():
            emu.control.preset(cam["id"], "insecure")
    level = 2 if kind == "enforce" else args.level
    argv = ["-f", str(args.forks), "-i", emu.inventory,
            "-i", os.path.join(ROOT, "inventories", "demo"), books[kind]]
    if kind != "floor":
        argv += ["-e", "ipcam_level=%d" % level,
                 "-e", "ipcam_report_dir=%s" % os.path.join(work, "reports")]
    load = os.getloadavg()[0]
    r = run_playbook(argv, os.path.join(work, kind + ".jsonl"), args.timeout, memory=True)
    r.update(kind=kind, load_before=load, load_after=os.getloadavg()[0],
             summary=evaluation_summary(r["records"]))
    return r


def show_run(n, r):
    s = r["summary"]
    print("%-8s rc %d  wall %7.1f s  CPU %7.1f s (%5.1f ms a camera)  peak PSS %6.0f MB"
          " (%d procs)  parent RSS %4.0f MB  load %.1f->%.1f"
          % (r["kind"], r["rc"], r["wall"], r["cpu"], 1000 * r["cpu"] / n, r["peak_pss_mb"],
             r["peak_processes"], r["parent_rss_mb"], r["load_before"], r["load_after"]))
    if r["kind"] != "floor":
        print("         evaluated %d/%d, compliant %d, unreachable %d, hosts with a failed task %d,"
              " controls in error %d (on %d cameras), manual %d"
              % (s["evaluated"], n, s["compliant"], s["unreachable"], s["hosts_failed"],
                 s["error"], s["error_cameras"], s["manual"]))
    if r["rc"] not in (0, 2) or (r["kind"] == "floor" and r["rc"]):
        print("         output tail:\n" + r["output"][-1500:])
    sys.stdout.flush()


def show_summary(n, runs):
    med = {k: {m: statistics.median(r[m] for r in runs if r["kind"] == k)
               for m in ("wall", "cpu", "peak_pss_mb", "parent_rss_mb")} for k in KINDS}
    floor = med["floor"]
    print("\nmedians over %d rounds, %d cameras (ratio to the floor in brackets)"
          % (sum(r["kind"] == "floor" for r in runs), n))
    print("%-9s %16s %16s %16s %18s %17s" % ("", "wall s", "CPU s", "CPU ms/camera",
                                            "peak PSS MB", "parent RSS MB"))
    for k in KINDS:
        m = med[k]
        print("%-9s %8.1f (%5.1fx) %8.1f (%5.1fx) %8.1f (%5.1fx) %9.0f (%5.1fx) %8.0f (%5.1fx)"
              % (k, m["wall"], m["wall"] / floor["wall"], m["cpu"], m["cpu"] / floor["cpu"],
                 1000 * m["cpu"] / n, m["cpu"] / floor["cpu"], m["peak_pss_mb"],
                 m["peak_pss_mb"] / floor["peak_pss_mb"], m["parent_rss_mb"],
                 m["parent_rss_mb"] / floor["parent_rss_mb"]))


def profile(level, top):
    """cProfile (CPU clock) of one warm compliance_facts evaluation of one camera."""
    import cProfile
    import pstats
    import time
    sys.path.insert(0, os.path.join(ROOT, ".collections"))
    from tests.unit.compliance_run import run_compliance
    with tempfile.TemporaryDirectory(prefix="fleet-ratio-profile-") as state, \
            EmulatorProcess(state, cameras=3) as emu:
        emu.cameras = {c["id"]: c for c in emu.control.cameras()}
        started = time.process_time()
        run_compliance(emu, "cam-0001", level=level)  # imports, TLS context: untimed
        cold = time.process_time() - started
        started = time.process_time()
        run_compliance(emu, "cam-0001", level=level)
        warm_plain = time.process_time() - started
        prof = cProfile.Profile(time.process_time)
        started = time.process_time()
        result = prof.runcall(run_compliance, emu, "cam-0001", level=level)
        warm = time.process_time() - started
        print("compliance_facts, cam-0001 (axis), level %d, in-process: CPU %.1f ms cold (first"
              " evaluation; the modules imported before), %.1f ms warm, %.1f ms warm under the profiler;"
              " %s, %d controls" % (level, 1000 * cold, 1000 * warm_plain, 1000 * warm,
                                    result["ansible_facts"]["ipcam_compliance"]["status"],
                                    len(result["ansible_facts"]["ipcam_compliance"]["controls"])))
        stats = pstats.Stats(prof, stream=sys.stdout).strip_dirs()
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cameras", type=int, default=100)
    p.add_argument("--level", type=int, default=3, choices=(1, 2, 3))
    p.add_argument("--forks", type=int, default=50)
    p.add_argument("--rounds", type=int, default=2, help="each kind runs this many times (>= 2)")
    p.add_argument("--timeout", type=int, default=3600, help="per ansible-playbook run (s)")
    p.add_argument("--profile", action="store_true", help="profile one evaluation instead")
    p.add_argument("--top", type=int, default=25, help="functions --profile prints")
    args = p.parse_args()
    require_collection()
    if args.profile:
        return profile(args.level, args.top)
    # SIGTERM ends the run like Ctrl-C: the emulator is stopped on the way out
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    rounds = max(2, min(args.rounds, 20))
    work = tempfile.mkdtemp(prefix="fleet-ratio-")
    books = {"floor": write_play(os.path.join(work, "floor.yml"), [
        {"name": "floor", "ansible.builtin.set_fact": {"benchmark_marker": True}}]),
        "audit": os.path.join(ROOT, "playbooks", "audit.yml"),
        "enforce": os.path.join(ROOT, "playbooks", "enforce.yml"),
        "re-audit": os.path.join(ROOT, "playbooks", "audit.yml")}
    if not SUBREAPER:
        sys.exit("this kernel refused PR_SET_CHILD_SUBREAPER: the shared evaluator's CPU could not be"
                 " counted (benchmarks/playbook_run.py)")
    print("%d cameras (%s, in turn), audit level %d, enforce level 2, -f %d, %d rounds;"
          " %d CPUs, load average %s" % (args.cameras, ", ".join(VENDORS), args.level, args.forks, rounds,
                                         os.cpu_count(), open("/proc/loadavg").read().strip()))
    first = "127.%d.0.1" % random.randint(150, 250)
    runs = []
    with EmulatorProcess(os.path.join(work, "emulator"), cameras=args.cameras,
                         first_address=first, timeout=600) as emu:
        failed = warm_up(emu)
        print("warm-up: a TLS handshake with each camera, %d failed%s"
              % (len(failed), (": " + "; ".join(failed[:3])) if failed else ""))
        for i in range(rounds):
            print("-- round %d" % (i + 1))
            for kind in KINDS:
                runs.append(one_run(kind, emu, books, args, work))
                show_run(args.cameras, runs[-1])
    show_summary(args.cameras, runs)
    print("load average at the end: %s" % open("/proc/loadavg").read().strip())
    print("work dir (reports, results): %s" % work)


if __name__ == "__main__":
    sys.exit(main())
