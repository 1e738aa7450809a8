"""The level-2 audit of a whole emulated fleet, then enforce, then the audit again: what a
site runs. Prints wall time, controller CPU, and per camera the HTTP requests and the
duration of the evaluation task.

    .venv/bin/python benchmarks/audit_fleet.py [--cameras 60] [--forks 20] [--level 2]

playbooks/audit.yml and playbooks/enforce.yml run with ansible-playbook exactly as a user
runs them (ANSIBLE_CONFIG=ansible.cfg, the collection from .collections), with the
emulator's inventory plus inventories/demo for the site data. Results come back through
the integration tests' callback (one JSON line per task and host). Loopback only; the
emulator is stopped after. Nothing here asserts on time.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile

from playbook_run import ROOT, require_collection, run_playbook

sys.path.insert(0, ROOT)

from tests.emulator.client import EmulatorProcess  # noqa: E402

EVALUATION = "camsec.ipcam.compliance_facts"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(label, playbook, emu, forks, level, work, timeout):
    args = ["-f", str(forks), "-i", emu.inventory,
            "-i", os.path.join(ROOT, "inventories", "demo"), os.path.join(ROOT, "playbooks", playbook),
            "-e", "ipcam_level=%d" % level, "-e", "ipcam_report_dir=%s" % os.path.join(work, "reports")]
    proc = run_playbook(args, os.path.join(work, label + ".jsonl"), timeout)
    lines = proc["records"]
    evaluations = [r for r in lines if r["action"] == EVALUATION]
    failing = {}
    for r in evaluations:
        for control in r["result"].get("ansible_facts", {}).get("ipcam_compliance", {}).get("controls", []):
            if control["status"] in ("fail", "error"):
                failing[control["id"]] = failing.get(control["id"], 0) + 1
    return {"label": label, "rc": proc["rc"], "wall": proc["wall"], "cpu": proc["cpu"],
            "requests": [r["result"].get("requests", 0) for r in evaluations],
            "durations": [r["duration"] for r in evaluations if r.get("duration") is not None],
            "evaluated": len(evaluations), "failing": failing,
            "changed_tasks": sum(1 for r in lines if r["result"].get("changed"))}


def show(result, cameras):
    print("%-8s rc %d  wall %6.1f s  controller CPU %6.1f s (%.2f s a camera)  evaluated %d/%d"
          % (result["label"], result["rc"], result["wall"], result["cpu"],
             result["cpu"] / cameras, result["evaluated"], cameras))
    if result["requests"]:
        print("         HTTP requests of the evaluation a camera: mean %.1f, max %d"
              % (statistics.mean(result["requests"]), max(result["requests"])))
    if result["durations"]:
        # The callback's duration is from the task's start to this host's result: with
        # forks, the last host's is the evaluation task's wall time.
        print("         evaluation results after the task's start: mean %.2f s, p95 %.2f s, last %.2f s"
              % (statistics.mean(result["durations"]), percentile(result["durations"], 0.95),
                 max(result["durations"])))
    print("         changed task results: %d" % result["changed_tasks"])
    print("         failing controls: %s" % (", ".join("%s x%d" % kv for kv in sorted(result["failing"].items()))
                                             or "none"))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cameras", type=int, default=60)
    p.add_argument("--forks", type=int, default=20)
    p.add_argument("--level", type=int, default=2, choices=(1, 2, 3))
    p.add_argument("--timeout", type=int, default=1800, help="per ansible-playbook run (s)")
    args = p.parse_args()
    require_collection()
    work = tempfile.mkdtemp(prefix="audit-fleet-")
    first = "127.%d.0.1" % random.randint(150, 250)
    print("%d cameras (axis, hikvision, onvif), level %d, -f %d; load average %s"
          % (args.cameras, args.level, args.forks, " ".join("%.1f" % x for x in os.getloadavg())))
    with EmulatorProcess(os.path.join(work, "emulator"), cameras=args.cameras,
                         first_address=first, timeout=600) as emu:
        for label, playbook in (("audit", "audit.yml"), ("enforce", "enforce.yml"),
                                ("re-audit", "audit.yml")):
            show(run(label, playbook, emu, args.forks, args.level, work, args.timeout), args.cameras)


if __name__ == "__main__":
    main()
