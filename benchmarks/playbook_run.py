"""Shared by the benchmarks that run ansible-playbook: the environment they run it in, one
timed run (wall time, controller CPU, optionally the memory of its process tree) and the
per-task results the integration tests' callback recorded.

Controller CPU is ansible-playbook and every process it ran: the RUSAGE_CHILDREN delta
around the run, so the benchmark runs one playbook at a time and nothing else of its own
ends meanwhile (the emulator is a child too, but it is not waited for until it stops).
"Every process it ran" includes those that outlive the worker that started them (the
collection's shared evaluator, which a worker starts and which stops on its own once
ansible-playbook has ended): this process makes itself their subreaper (Linux prctl
PR_SET_CHILD_SUBREAPER), so they become its children when their parent ends, and after
each run it waits for every such process before it reads its CPU.
"""

import ctypes
import json
import os
import resource
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
CALLBACKS = os.path.join(ROOT, "tests", "integration", "callbacks")


def require_collection():
    if not os.path.exists(os.path.join(ROOT, ".collections", "ansible_collections", "camsec",
                                       "ipcam", "MANIFEST.json")):
        sys.exit("the collection is not installed: run `make collection` first")


def ansible_env(records):
    """The project's ansible.cfg and installed collection; results as JSON lines in `records`."""
    return dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
                ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, ".collections"),
                ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
                ANSIBLE_CALLBACKS_ENABLED="record_results", RECORD_RESULTS_FILE=records,
                ANSIBLE_NOCOLOR="1", PATH=BIN + os.pathsep + os.environ["PATH"])


def write_play(path, tasks, hosts="cameras"):
    """A one-play playbook (JSON is YAML) with these tasks and no fact gathering."""
    with open(path, "w") as f:
        json.dump([{"name": "benchmark", "hosts": hosts, "gather_facts": False,
                    "tasks": tasks}], f, indent=1)
    return path


def read_records(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def _children(pid):
    """Direct children of pid, all its threads (Linux /proc/<pid>/task/<tid>/children)."""
    found = []
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                found.extend(int(c) for c in f.read().split())
    except OSError:  # the process ended meanwhile
        pass
    return found


def _field_kb(path, name):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples a process tree every `interval` s: the peak of the sum of every process's
    PSS (smaps_rollup; shared pages are split between the processes that share them, so
    the sum does not count a page twice) and the root's own peak RSS (VmHWM)."""

    def __init__(self, pid, interval=0.1, known=()):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.known = set(known)  # this process's children before the run: not the run's
        self.peak_pss_kb = self.peak_processes = self.parent_hwm_kb = self.samples = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            # ansible-playbook's tree, and what of it was handed to this process (subreaper)
            todo = [self.pid] + [pid for pid in _children(os.getpid())
                                 if pid not in self.known and pid != self.pid]
            tree = []
            while todo and len(tree) < 10000:  # bounded even if /proc lies
                pid = todo.pop()
                tree.append(pid)
                todo.extend(_children(pid))
            pss = sum(_field_kb("/proc/%d/smaps_rollup" % pid, "Pss:") for pid in tree)
            hwm = _field_kb("/proc/%d/status" % self.pid, "VmHWM:")
            if pss > self.peak_pss_kb:
                self.peak_pss_kb, self.peak_processes = pss, len(tree)
            self.parent_hwm_kb = max(self.parent_hwm_kb, hwm)
            self.samples += 1
            self.done.wait(self.interval)


PR_SET_CHILD_SUBREAPER = 36
ADOPTED_WAIT_S = 60.0  # the shared evaluator stops within a second of ansible-playbook


def become_subreaper():
    """Orphans of the processes this one starts become its children (Linux), so that their
    CPU is counted when they are waited for. Returns whether the kernel agreed."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


SUBREAPER = become_subreaper()


def wait_adopted(known, bound_s=ADOPTED_WAIT_S):
    """Wait for (and so count the CPU of) every child of this process not in `known`: the
    processes a run left behind that were handed to this one. Returns those still running
    after bound_s (killed then, and waited for)."""
    deadline = time.monotonic() + bound_s
    left = []
    while True:
        adopted = [pid for pid in _children(os.getpid()) if pid not in known]
        for pid in adopted:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        left = [pid for pid in _children(os.getpid()) if pid not in known]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    for pid in left:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (OSError, ChildProcessError):
            pass
    return left


def run_playbook(args, records, timeout, memory=False):
    """Run `ansible-playbook args...` from the project root. Returns rc, wall (s), cpu (s),
    the recorded results, the output's tail and, with memory=True, peak_pss_mb (the tree),
    parent_rss_mb (ansible-playbook's VmHWM) and the number of samples."""
    if os.path.exists(records):
        os.unlink(records)
    known = set(_children(os.getpid()))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen([os.path.join(BIN, "ansible-playbook")] + list(args), cwd=ROOT,
                            env=ansible_env(records), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    sampler = TreeMemory(proc.pid, known=known) if memory else None
    if sampler:
        sampler.start()
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
        output += "\n[benchmark: killed after %d s]" % timeout
    wall = time.perf_counter() - started
    killed = wait_adopted(known | {proc.pid})
    if killed:
        output += "\n[benchmark: %d process(es) left by the run still ran after %d s: killed]" % (
            len(killed), ADOPTED_WAIT_S)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"rc": proc.returncode, "wall": wall,
              "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
              "records": read_records(records), "output": output[-3000:]}
    if sampler:
        sampler.done.set()
        sampler.join(5)
        result.update(peak_pss_mb=sampler.peak_pss_kb / 1024.0,
                      parent_rss_mb=sampler.parent_hwm_kb / 1024.0,
                      peak_processes=sampler.peak_processes, samples=sampler.samples)
    return result
