"""Issue 14: the run's shared evaluator (plugins/plugin_utils/evaluator_*.py). Ansible's
workers hand it their validated options and it runs the camera modules' logic in one warm
process. Shown here against the emulator with real ansible-playbook runs: the same results
as the in-worker path, the process ends with the run, and a request it accepted is never
evaluated a second time when it dies."""

import json
import os
import signal
import subprocess
import tempfile
import time

import pytest

from tests.conftest import camera_of, cameras_of
from tests.polling import wait_until
from tests.integration.ansible_run import BIN, ROOT, env_for_ansible, run_playbook

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="Linux only (abstract sockets)")

CAMERAS = cameras_of()
TASK = "compliance_facts with site_vars"


def play(tmp_path, extra_task=None):
    task = {"name": TASK, "camsec.ipcam.compliance_facts": {"site_vars": True, "fail_on_drift": False}}
    task.update(extra_task or {})
    path = tmp_path / "evaluate.yml"
    path.write_text(json.dumps([{"name": "evaluate", "hosts": "cameras", "gather_facts": False,
                                 "tasks": [task]}]))
    return str(path)


def statuses(run):
    out = {}
    for r in run.results(task=TASK):
        facts = r["result"]["ansible_facts"]["ipcam_compliance"]
        out[r["host"]] = ({c["id"]: c["status"] for c in facts["controls"]}, r["result"]["evaluated_in"])
    return out


def evaluators_of(main_pid):
    """pids of the evaluator processes of the ansible-playbook run whose main pid this is."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if any(a.endswith(b"evaluator_service.py") for a in argv) and str(main_pid).encode() in argv[2:5]:
            found.append(int(entry))
    return found


def test_the_shared_evaluator_gives_what_the_worker_gives(fleet, tmp_path):
    book = play(tmp_path)
    shared = run_playbook(book, fleet.inventory, {"ipcam_level": 3, "ipcam_evaluator": "always"})
    worker = run_playbook(book, fleet.inventory, {"ipcam_level": 3, "ipcam_evaluator": "never"})
    assert shared.rc == 0 and worker.rc == 0, (shared, worker)
    by_shared, by_worker = statuses(shared), statuses(worker)
    assert sorted(by_shared) == sorted(CAMERAS)
    for cam in CAMERAS:
        assert by_shared[cam][1] == "shared evaluator", cam
        assert by_worker[cam][1] == "worker", cam
        assert by_shared[cam][0] == by_worker[cam][0], cam


def test_auto_uses_the_worker_for_a_small_play(fleet, tmp_path):
    run = run_playbook(play(tmp_path), fleet.inventory, {"ipcam_level": 1})
    assert run.rc == 0, run
    assert {v[1] for v in statuses(run).values()} == {"worker"}


def test_a_bad_ipcam_evaluator_is_refused_before_any_request(fleet, tmp_path):
    cam = CAMERAS[0]
    fleet.control.reset_counters(cam)
    run = run_playbook(play(tmp_path), fleet.inventory, {"ipcam_level": 1, "ipcam_evaluator": "sometimes"},
                       limit=cam)
    assert run.rc != 0, run
    result = run.result(TASK, cam)["result"]
    # the camera is named as the other input errors name it: by the address the task uses
    assert result["msg"].startswith("camera 127."), result
    assert "invalid ipcam_evaluator 'sometimes'" in result["msg"], result
    assert fleet.control.counters(cam)["requests"] == 0


def start_playbook(book, inventory, extra_vars, limit=None):
    records = tempfile.NamedTemporaryFile(prefix="results-", suffix=".jsonl", delete=False)
    records.close()
    args = [os.path.join(BIN, "ansible-playbook"), "-i", inventory, book, "-e", json.dumps(extra_vars)]
    if limit:
        args += ["--limit", limit]
    proc = subprocess.Popen(args, cwd=ROOT, env=env_for_ansible({"RECORD_RESULTS_FILE": records.name}),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, records.name


def finish(proc, records, timeout=300):
    output, _ = proc.communicate(timeout=timeout)
    with open(records) as f:
        found = [json.loads(line) for line in f if line.strip()]
    os.unlink(records)
    return output, found


def test_the_shared_evaluator_ends_with_the_run(fleet, tmp_path):
    proc, records = start_playbook(play(tmp_path), fleet.inventory, {"ipcam_level": 2, "ipcam_evaluator": "always"})
    seen = wait_until(lambda: evaluators_of(proc.pid), 60)
    output, results = finish(proc, records)
    assert proc.returncode == 0, output[-3000:]
    assert seen, "no evaluator process of the run was seen while it ran\n" + output[-2000:]
    assert {r["result"]["evaluated_in"] for r in results if r["task"] == TASK} == {"shared evaluator"}
    # it notices that ansible-playbook is gone within a poll (0.5 s); bounded wait here
    wait_until(lambda: not evaluators_of(proc.pid), 15)
    assert evaluators_of(proc.pid) == [], "the evaluator outlived its run"


def test_an_evaluator_that_dies_after_accepting_is_not_tried_again(fleet, tmp_path):
    """The camera answers slowly; the evaluator is killed while it waits for the camera.
    The task fails and says why, and the worker does not evaluate the camera itself
    afterwards: no second login (the camera may count failed ones)."""
    cam = camera_of("hikvision")
    fleet.control.faults(cam, latency_ms=3000)
    try:
        fleet.control.reset_counters(cam)
        proc, records = start_playbook(play(tmp_path), fleet.inventory,
                                       {"ipcam_level": 1, "ipcam_evaluator": "always"}, limit=cam)
        pids = wait_until(lambda: evaluators_of(proc.pid), 60)
        assert pids, "no evaluator started"
        # wait until its first request is at the camera, then end it
        assert wait_until(lambda: fleet.control.counters(cam)["requests"] >= 1, 60)
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        at_kill = fleet.control.counters(cam)["requests"]
        output, results = finish(proc, records)
        time.sleep(4)  # a request still in flight would arrive within the 3 s latency
        after = fleet.control.counters(cam)["requests"]
    finally:
        fleet.control.clear_faults(cam)
    assert proc.returncode != 0, output[-3000:]
    [record] = [r for r in results if r["task"] == TASK]
    result = record["result"]
    assert record["status"] == "failed", record
    assert "shared evaluator took the task but gave no outcome" in result["msg"], result["msg"]
    assert "not tried again" in result["msg"] and result["msg"].startswith("camera 127."), result["msg"]
    # what reached the camera is what the evaluator had sent before it died (one request at
    # most still on its way), not a second evaluation of ~20 requests by the worker
    assert after - at_kill <= 1, (at_kill, after)
