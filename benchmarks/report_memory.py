"""Issue 14: the cost of the report step per camera, the old filter chain against the
action camsec.ipcam.compliance_report, at 100, 300 and 1,000 cameras.

Each camera's ansible_facts.ipcam_compliance is a copy of one real compliance_facts result
(level 3, recorded from the emulator: tests/unit/data/compliance_results_level3.json), given
a name and an address of its own; one camera in 20 is unreachable (its registered result,
and not in ansible_play_hosts). The hosts live in a real InventoryManager and
VariableManager, and both variants read them through a real HostVars, as in a play.

  old: the role before issue 14: the filter compliance_report of commit BEFORE (read from
       git), then to_nice_json, compliance_report_csv, _junit, _html and _console, each
       over the report, as the role's tasks called them (their set_fact and copy tasks,
       and the copies Ansible makes of their results, are not counted here).
  new: the action's builder (plugin_utils/report_build.py) and its pieces() of the four
       formats, one at a time, gathered and encoded as the action compares and writes them
       (report_files.sync_file), and the console text (the file I/O left out).

Each (variant, size) runs in a fresh Python: CPU time of the step (time.process_time, no
tracing), the growth of the process's peak RSS during it, then the step again under
tracemalloc for its peak of traced allocations. Prints one line per run and a table; no
figure is asserted. Run from the project root:
  .venv/bin/python benchmarks/report_memory.py [--sizes 100,300,1000]
"""

import argparse
import copy
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "tests", "unit", "data", "compliance_results_level3.json")
# The last commit with the filter chain the role used before issue 14.
BEFORE = "2f6b0e8"
UNREACHABLE_EVERY = 20


def collection_on_path():
    """The working tree as ansible_collections.camsec.ipcam, without installing it."""
    top = tempfile.mkdtemp(prefix="report-memory-")
    os.makedirs(os.path.join(top, "ansible_collections", "camsec"))
    os.symlink(ROOT, os.path.join(top, "ansible_collections", "camsec", "ipcam"))
    sys.path.insert(0, top)


def old_filter_module():
    source = subprocess.run(["git", "-C", ROOT, "show", "%s:plugins/filter/compliance_report.py" % BEFORE],
                            check=True, capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader("old_compliance_report", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, "old_compliance_report.py", "exec"), module.__dict__)  # pylint: disable=exec-used
    return module


def fleet(size):
    """(hosts, active, hostvars, groups) of `size` cameras in a real inventory."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.vars.hostvars import HostVars
    from ansible.vars.manager import VariableManager

    with open(RESULTS) as f:
        recorded = json.load(f)
    loader = DataLoader()
    inventory = InventoryManager(loader=loader, sources=[])
    inventory.add_group("cameras")
    variables = VariableManager(loader=loader, inventory=inventory)
    hosts, active = [], []
    for n in range(size):
        name = "cam-%04d" % (n + 1)
        inventory.add_host(name, group="cameras")
        host = inventory.get_host(name)
        host.set_variable("ansible_host", "127.160.%d.%d" % (n // 250, n % 250 + 1))
        hosts.append(name)
        if n % UNREACHABLE_EVERY == UNREACHABLE_EVERY - 1:
            result = copy.deepcopy(recorded["unreachable"])
            variables.set_nonpersistent_facts(name, {"ipcam_compliance_result": result})
            continue
        facts = copy.deepcopy(recorded["drifted"]["ansible_facts"]["ipcam_compliance"])
        facts["camera"]["serial"] = "AX%06d" % n
        facts["camera"]["host"] = "127.160.%d.%d" % (n // 250, n % 250 + 1)
        variables.set_host_facts(name, {"ipcam_compliance": facts})
        active.append(name)
    hostvars = HostVars(inventory=inventory, variable_manager=variables, loader=loader)
    groups = {"all": list(hosts), "ungrouped": [], "cameras": list(hosts)}
    return hosts, active, hostvars, groups


def old_step(old, hosts, active, hostvars, groups):
    from ansible.plugins.filter.core import to_nice_json
    from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_console import (
        compliance_report_console)
    from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_html import compliance_report_html

    report = old.compliance_report(hosts, hostvars, active=active, level=3,
                                   generated_at="2026-12-07T00:00:00Z", previous=None)
    texts = [to_nice_json(report, indent=2, sort_keys=False) + "\n", old.compliance_report_csv(report),
             old.compliance_report_junit(report), compliance_report_html(report, previous=None, groups=groups),
             compliance_report_console(report, previous=None)]
    return sum(len(t) for t in texts)


def new_step(hosts, active, hostvars, groups):
    from ansible_collections.camsec.ipcam.plugins.action.compliance_report import pieces
    from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_console import (
        compliance_report_console)
    from ansible_collections.camsec.ipcam.plugins.plugin_utils.report_build import build_report
    from ansible_collections.camsec.ipcam.plugins.plugin_utils.report_files import _buffered

    report = build_report(hosts, hostvars, active=active, level=3, generated_at="2026-12-07T00:00:00Z")
    # as the action does: one format at a time, in the pieces it compares and writes
    chars = 0
    for fmt in ("json", "csv", "junit", "html"):
        for text in _buffered(pieces(fmt, report, None, groups)):
            chars += len(text)
            text.encode("utf-8", "replace")
    return chars + len(compliance_report_console(report, previous=None))


def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def measure(variant, size):
    collection_on_path()
    old = old_filter_module() if variant == "old" else None
    hosts, active, hostvars, groups = fleet(size)

    def step():
        if old is not None:
            return old_step(old, hosts, active, hostvars, groups)
        return new_step(hosts, active, hostvars, groups)

    rss_before = rss_kb()
    cpu = time.process_time()
    out_chars = step()
    cpu = time.process_time() - cpu
    peak_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    tracemalloc.start()
    step()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"variant": variant, "cameras": size, "cpu_s": round(cpu, 3),
            "cpu_ms_per_camera": round(cpu * 1000 / size, 3),
            "rss_peak_growth_kb": peak_growth, "rss_kb_per_camera": round(peak_growth / size, 1),
            "traced_peak_kb": traced_peak // 1024, "traced_kb_per_camera": round(traced_peak / 1024 / size, 1),
            "output_chars": out_chars}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--one", nargs=2, metavar=("VARIANT", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for variant in ("old", "new"):
            proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--one", variant, str(size)],
                                  check=True, capture_output=True, text=True, cwd=ROOT)
            rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), flush=True)
    print("load average: %.1f %.1f %.1f" % os.getloadavg())
    print("%-4s %6s %8s %12s %14s %14s %10s" % ("step", "cams", "cpu s", "cpu ms/cam", "rss KB/cam",
                                                "traced KB/cam", "out chars"))
    for r in rows:
        print("%-4s %6d %8.2f %12.2f %14.1f %14.1f %10d" % (
            r["variant"], r["cameras"], r["cpu_s"], r["cpu_ms_per_camera"], r["rss_kb_per_camera"],
            r["traced_kb_per_camera"], r["output_chars"]))


if __name__ == "__main__":
    main()
