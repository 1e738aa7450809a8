"""Load does not turn a healthy camera's probe results into `error` or `manual` (issue 14).

One compliance_facts audit (level 3, every probe on, the default 1.5 s probe timeout) of
an emulated fleet, first with 1 fork (the reference), then with 50 forks while two CPU
burners (bounded: they stop on their own after BURN_S) keep both cores of the machine
busy (BURNERS processes). Every camera is healthy (the insecure factory state: everything answers), so
every control's status must be the same in both runs, and no reason may come from a
probe that ran out of time. Statuses are compared, not durations.
"""

import subprocess
import sys
import time

import pytest
import yaml

from tests.emulator.client import EmulatorProcess
from tests.integration.ansible_run import run_playbook

CAMERAS = 12
# 12 burners on 2 cores: enough that the probe code before this change reported healthy
# cameras wrong in this run (5.5.1 manual, "no time left in the pass"; 5.3.2 error, "no
# TLS handshake completed"), seen 2026-12-07 with 12 and 16 burners. Bounded: each stops on its own after
# BURN_S, and all are killed as soon as the run ends.
BURNERS = 12
BURN_S = 90
TASK = "Evaluate every control"
PLAY = [{"name": "Audit", "hosts": "cameras", "gather_facts": False, "tasks": [
    # API calls get 30 s (not 10): the emulator's one process serves every camera's HTTPS
    # on the same starved cores, and this test is about the probe pass, not that.
    {"name": TASK, "camsec.ipcam.compliance_facts": {"site_vars": True, "level": 3,
                                                    "timeout": 30}}]}]
# What the probes say when they ran out of time (probes.py, probe_tls.py, probe_rtsp.py):
# none of it may appear in a healthy camera's reasons.
PROBE_TIMEOUTS = ("no TLS handshake completed", "no RTSP reply", "no time left in the pass",
                  "within the timeout", "no result within the pass bound",
                  "probe pass did not finish", "no answer on TCP port")
BURNER = ("import time\nend = time.monotonic() + %d\nwhile time.monotonic() < end:\n"
          "    sum(range(1000))\n" % BURN_S)


@pytest.fixture(scope="module")
def load_fleet(tmp_path_factory):
    with EmulatorProcess(tmp_path_factory.mktemp("load"), cameras=CAMERAS) as emu:
        yield emu


def statuses(run):
    """{camera: {control: (status, reason)}} of the evaluation, and the cameras whose
    management API could not be reached (the emulator's HTTPS, starved of CPU, is not
    the probe pass: those are left out of the comparison, and counted)."""
    out, missing = {}, []
    for record in run.results(task=TASK):
        facts = (record["result"].get("ansible_facts") or {}).get("ipcam_compliance") or {}
        if record["status"] == "unreachable" or facts.get("status") == "unreachable" \
                or not facts.get("controls"):
            missing.append(record["host"])
            continue
        out[record["host"]] = {c["id"]: (c["status"], c.get("reason") or "")
                               for c in facts["controls"]}
    return out, missing


def audit(emu, play, forks):
    return run_playbook(str(play), emu.inventory, extra_args=("-f", str(forks)), timeout=180)


def test_fifty_forks_on_a_busy_machine_report_what_one_fork_reports(load_fleet, tmp_path):
    play = tmp_path / "audit.yml"
    play.write_text(yaml.safe_dump(PLAY, sort_keys=False))
    # 1 fork first: the reference, and the emulator's per-camera TLS set-up done
    reference = audit(load_fleet, play, 1)
    assert reference.rc in (0, 2), reference
    quiet, quiet_missing = statuses(reference)
    assert quiet_missing == [] and len(quiet) == CAMERAS, reference

    burners = [subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(BURNERS)]
    try:
        loaded_run = audit(load_fleet, play, 50)
    finally:
        for proc in burners:
            proc.kill()
            proc.wait(timeout=10)
    loaded, unreachable = statuses(loaded_run)
    assert len(loaded) + len(unreachable) == CAMERAS, loaded_run
    assert len(loaded) >= CAMERAS * 3 // 4, ("too few cameras reached to compare", unreachable)

    timed_out = [(cam, control, status, reason) for run in (quiet, loaded)
                 for cam, controls in run.items() for control, (status, reason) in controls.items()
                 if status in ("error", "manual") and any(p in reason for p in PROBE_TIMEOUTS)]
    assert timed_out == []
    changed = [(cam, control, quiet[cam][control], loaded[cam].get(control))
               for cam in loaded for control in quiet[cam]
               if loaded[cam].get(control, (None,))[0] != quiet[cam][control][0]]
    assert changed == []
    # the probes ran: 5.3.2.2 judged the probes' evidence on every camera, both times
    assert all(controls["5.3.2.2"][0] == "fail" for controls in loaded.values())
