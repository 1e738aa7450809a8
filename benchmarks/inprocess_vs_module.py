"""One task on many emulated cameras: in-process (the action plugin) vs the module path.

    .venv/bin/python benchmarks/inprocess_vs_module.py [--cameras 200] [--forks 50]
                                                      [--task facts|discovery]

The same task runs three ways with ansible-playbook (ANSIBLE_CONFIG=ansible.cfg,
ANSIBLE_COLLECTIONS_PATH=.collections):
  baseline    ansible.builtin.set_fact on the same hosts: Ansible's own cost per host
  in-process  the task as a role would write it: plugins/action/camera.py runs the
              module's logic in the worker process
  module      the task delegated to `jumphost` (ansible_connection: local): the action
              plugin then runs the real module (AnsiballZ, one new Python per camera)
For each: wall time, controller CPU (ansible-playbook and every process it ran), the
emulator's CPU, per-camera figures, and whether every camera gave the same answer.

--task facts:     camera_facts, gather_subset [identity, discovery] (read-only)
--task discovery: discovery_services, everything off, on a fleet that is already so
                  (emulator --state secure): a check that finds nothing to change

Prints figures; asserts nothing about time. Loopback only; every run has a timeout.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile

from playbook_run import BIN, ROOT, require_collection, run_playbook, write_play

sys.path.insert(0, ROOT)

from tests.emulator.client import EmulatorProcess  # noqa: E402

TASKS = {
    "facts": ("camsec.ipcam.camera_facts", {"gather_subset": ["identity", "discovery"]}),
    "discovery": ("camsec.ipcam.discovery_services",
                  {"upnp": False, "bonjour": False, "snmp": False, "ws_discovery": False,
                   "on_unsupported": "warn"}),
}


def playbook(path, module, args, delegate=None):
    task = {"name": "the task", module: args}
    if delegate:
        task["delegate_to"] = delegate
    return write_play(path, [task])


def cpu_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        stat = f.read().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / float(os.sysconf("SC_CLK_TCK"))


def run(label, book, inventories, forks, emulator_pid, timeout, work):
    args = ["-f", str(forks), book]
    for inventory in inventories:
        args += ["-i", inventory]
    emu_before = cpu_of(emulator_pid)
    proc = run_playbook(args, os.path.join(work, label + ".jsonl"), timeout)
    emu_cpu = cpu_of(emulator_pid) - emu_before
    hosts, status = {}, {}
    for record in proc["records"]:
        hosts[record["host"]] = record["result"]
        status[record["host"]] = record["status"]
    if not hosts:
        sys.exit("%s: no results (rc %d):\n%s" % (label, proc["rc"], proc["output"][-4000:]))
    # a failed result does not always carry failed: true; the callback's status does
    failed = {h: hosts[h].get("msg") for h, st in status.items() if st != "ok"}
    return {"label": label, "wall": proc["wall"], "cpu": proc["cpu"], "emu_cpu": emu_cpu,
            "rc": proc["rc"], "hosts": hosts, "failed": failed}


def comparable(result):
    """What must be the same whichever way the task ran."""
    keep = {k: result.get(k) for k in ("changed", "failed", "unsupported", "vendor")}
    facts = result.get("ansible_facts", {}).get("ipcam")
    if facts:
        keep["facts"] = {k: facts.get(k) for k in ("identity", "discovery")}
    if "diff" in result:
        keep["diff"] = result["diff"]
    return keep


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cameras", type=int, default=200)
    p.add_argument("--forks", type=int, default=50)
    p.add_argument("--task", choices=sorted(TASKS), default="facts")
    p.add_argument("--timeout", type=int, default=900, help="per ansible-playbook run (s)")
    args = p.parse_args()
    module, module_args = TASKS[args.task]

    require_collection()
    work = tempfile.mkdtemp(prefix="inprocess-vs-module-")
    try:
        first = "127.%d.0.1" % random.randint(150, 250)
        state = "secure" if args.task == "discovery" else "insecure"
        with EmulatorProcess(os.path.join(work, "emulator"), cameras=args.cameras,
                             first_address=first, state=state, timeout=600) as emu:
            jump = os.path.join(work, "jumphost.yml")
            with open(jump, "w") as f:
                json.dump({"all": {"hosts": {"jumphost": {
                    "ansible_connection": "local",
                    "ansible_python_interpreter": os.path.join(BIN, "python")}}}}, f)
            inventories = [emu.inventory, jump]
            base = playbook(os.path.join(work, "baseline.yml"), "ansible.builtin.set_fact",
                            {"benchmark_marker": True})
            inproc = playbook(os.path.join(work, "inprocess.yml"), module, module_args)
            viamod = playbook(os.path.join(work, "module.yml"), module, module_args,
                              delegate="jumphost")

            print("%s on %d emulated cameras, -f %d, %d CPUs; load average %s"
                  % (module, args.cameras, args.forks, os.cpu_count(),
                     open("/proc/loadavg").read().split()[0]))
            runs = [run(label, book, inventories, args.forks, emu.proc.pid, args.timeout, work)
                    for label, book in (("baseline", base), ("in-process", inproc),
                                        ("module", viamod))]
            counters = emu.control.counters(emu.control.cameras()[0]["id"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = args.cameras
    print("\n%-11s %8s %10s %10s %12s %12s %7s"
          % ("path", "wall s", "wall/cam", "ctl CPU s", "ctl CPU/cam", "emulator CPU", "failed"))
    for r in runs:
        print("%-11s %8.2f %8.1f ms %10.2f %9.1f ms %10.2f s %7d"
              % (r["label"], r["wall"], 1000 * r["wall"] / n, r["cpu"], 1000 * r["cpu"] / n,
                 r["emu_cpu"], len(r["failed"])))
    base, inproc, viamod = runs
    for r in (inproc, viamod):
        print("%-11s over the set_fact baseline: %.1f ms wall and %.1f ms controller CPU "
              "a camera" % (r["label"], 1000 * (r["wall"] - base["wall"]) / n,
                            1000 * (r["cpu"] - base["cpu"]) / n))
    print("module / in-process: %.1fx wall, %.1fx controller CPU"
          % (viamod["wall"] / inproc["wall"], viamod["cpu"] / inproc["cpu"]))
    print("HTTP requests the first camera counted over the three runs: %d"
          % counters["requests"])

    differ = [h for h in sorted(inproc["hosts"])
              if comparable(inproc["hosts"][h]) != comparable(viamod["hosts"].get(h, {}))]
    same = not differ
    print("both paths gave the same result for every camera: %s" % ("yes" if same else "NO"))
    if differ and os.environ.get("BENCH_DUMP"):
        with open(os.environ["BENCH_DUMP"], "w") as f:
            json.dump({h: {"in-process": inproc["hosts"][h], "module": viamod["hosts"].get(h)}
                       for h in differ}, f, indent=1, default=str)
    for host in differ[:2]:
        print("  %s in-process: %s\n  %s module:     %s"
              % (host, comparable(inproc["hosts"][host]), host,
                 comparable(viamod["hosts"].get(host, {}))))
    for r in (inproc, viamod):
        for host, msg in sorted(r["failed"].items())[:3]:
            print("  %s failed on %s: %s" % (r["label"], host, msg))
    return 0 if same and not inproc["failed"] and not viamod["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
