"""Run ansible-playbook against the emulator the way a user does, and read the results."""

import copy
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")


class Run:
    def __init__(self, proc, records):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.records = records

    def results(self, task=None, host=None):
        return [r for r in self.records
                if (task is None or r["task"] == task) and (host is None or r["host"] == host)]

    def result(self, task, host):
        found = self.results(task, host)
        assert len(found) == 1, "expected one result of %r on %s, got %d\n%s" % (
            task, host, len(found), self.stdout[-3000:])
        return found[0]

    def __repr__(self):
        return "<Run rc=%d>\n%s\n%s" % (self.rc, self.stdout[-4000:], self.stderr[-2000:])


def env_for_ansible(extra=None):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"),
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(ROOT, ".collections"),
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(os.path.dirname(os.path.abspath(__file__)), "callbacks"),
        "ANSIBLE_CALLBACKS_ENABLED": "record_results",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "PATH": BIN + os.pathsep + env.get("PATH", ""),
    })
    env.update(extra or {})
    return env


def run_playbook(playbook, inventory, extra_vars=None, check=False, diff=False, limit=None,
                 verbosity=0, env=None, timeout=300, extra_args=()):
    path = playbook if os.path.isabs(playbook) else os.path.join(PLAYBOOKS, playbook)
    fd, record_file = tempfile.mkstemp(prefix="results-", suffix=".jsonl")
    os.close(fd)
    args = [os.path.join(BIN, "ansible-playbook"), "-i", inventory, path]
    if extra_vars:
        args += ["-e", json.dumps(extra_vars)]
    if check:
        args.append("--check")
    if diff:
        args.append("--diff")
    if limit:
        args += ["--limit", limit]
    if verbosity:
        args.append("-" + "v" * verbosity)
    args += list(extra_args)
    try:
        proc = subprocess.run(args, cwd=ROOT, env=env_for_ansible(dict(env or {}, RECORD_RESULTS_FILE=record_file)),
                              capture_output=True, text=True, timeout=timeout)
        with open(record_file) as f:
            records = [json.loads(line) for line in f if line.strip()]
    finally:
        os.unlink(record_file)
    return Run(proc, records)


def without_offset(facts):
    """The facts without the clock offset: it is measured at each read (one-second
    resolution, so two reads a moment apart may differ by a second)."""
    facts = copy.deepcopy(facts)
    facts.get("settings", {}).get("time", {}).pop("offset_s", None)
    return facts
