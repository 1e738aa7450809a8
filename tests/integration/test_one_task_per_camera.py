"""Issue 14: an audit is one task per camera plus the report once, and the role enforces a
whole level in one task per camera; the site data is read by the action plugin from the
camera's ipcam_* variables (site_vars), so nothing else runs per camera. Counted from the
results Ansible records for each host (a skipped task is still a task a fork ran)."""

import collections
import json
import os

from tests.integration.ansible_run import ROOT, run_playbook
from tests.conftest import cameras_of

AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")
ENFORCE = os.path.join(ROOT, "playbooks", "enforce.yml")
CAMERAS = cameras_of()  # every registered vendor


def tasks_per_host(run):
    """{host: [task, ...]} of the tasks that ran (or were skipped) per camera, leaving out
    the run_once tasks, which run on one host for the whole fleet."""
    per_host = collections.defaultdict(list)
    once = collections.Counter(r["task"] for r in run.records)
    for r in run.records:
        if once[r["task"]] > 1 or len(CAMERAS) == 1:
            per_host[r["host"]].append(r["task"])
    return dict(per_host)


def test_an_audit_is_one_task_per_camera(fleet, tmp_path):
    run = run_playbook(AUDIT, fleet.inventory, {"ipcam_level": 3, "ipcam_report_dir": str(tmp_path)})
    assert run.rc == 0, run
    assert tasks_per_host(run) == {cam: ["TS-0014-2 | Evaluate every control of the camera's level"]
                                   for cam in CAMERAS}, tasks_per_host(run)
    # the whole fleet's report was written by the run_once tasks
    report = json.loads((tmp_path / "ts-0014-2-compliance.json").read_text())
    assert sorted(c["name"] for c in report["cameras"]) == sorted(CAMERAS)
    for cam in CAMERAS:
        assert fleet.control.counters(cam)["writes"] == 0, cam


SITE = {"ipcam_level": 2, "ipcam_ntp_servers": ["192.0.2.123"], "ipcam_allow_format": True,
        "ipcam_sd_passphrase": "One-Task-Passphrase-1"}
WHOLE_LEVEL = "TS-0014-2 | Enforce and evaluate every control of level 2"


def whole_level(run, cam):
    found = [r for r in run.results(host=cam) if r["task"].endswith(WHOLE_LEVEL)]
    assert len(found) == 1, run
    return found[0]


def test_enforcing_a_level_is_one_task_per_camera_and_the_second_run_changes_nothing(fleet):
    run = run_playbook(ENFORCE, fleet.inventory, SITE)
    assert run.rc == 0, run
    assert {h: [t.split(" : ", 1)[-1] for t in ts] for h, ts in tasks_per_host(run).items()} == {
        cam: [WHOLE_LEVEL] for cam in CAMERAS}, tasks_per_host(run)
    for cam in CAMERAS:
        result = whole_level(run, cam)["result"]
        assert result["changed"] is True, (cam, result)
        status = {c["id"]: c["status"] for c in result["ansible_facts"]["ipcam_compliance"]["controls"]}
        # what the level enforces is evaluated after the writes, in the same task
        assert status["5.2.5"] == "pass" and status["5.2.1"] != "fail", (cam, status)
        assert fleet.control.state(cam)["network"]["http"]["enabled"] is False, cam
    again = run_playbook(ENFORCE, fleet.inventory, SITE)
    assert again.rc == 0, again
    assert [whole_level(again, cam)["result"]["changed"] for cam in CAMERAS] == [False] * len(CAMERAS)


def test_skip_tags_leave_a_clause_alone_in_the_whole_level_task(fleet):
    run = run_playbook(ENFORCE, fleet.inventory, SITE, extra_args=["--skip-tags", "rule_5.2.5,rule_5.3.2"])
    assert run.rc == 0, run
    for cam in CAMERAS:
        result = whole_level(run, cam)["result"]
        assert {"5.2.5", "5.3.2"} <= set(result["not_enforced_here"]), cam
        # plain HTTP stays on (both clauses that switch it off were skipped), telnet went off
        assert fleet.control.state(cam)["network"]["http"]["enabled"] is True, cam
        assert "5.2.5" not in result["controls"] and "5.2.1" in result["controls"], cam
        # still evaluated: skipped from enforcement only
        status = {c["id"]: c["status"] for c in result["ansible_facts"]["ipcam_compliance"]["controls"]}
        assert status["5.2.5"] == "fail", (cam, status)


def test_bad_site_variables_fail_before_any_request(fleet, tmp_path):
    before = {cam: fleet.control.counters(cam)["requests"] for cam in CAMERAS}
    run = run_playbook(AUDIT, fleet.inventory, {"ipcam_level": 3, "ipcam_report_dir": str(tmp_path),
                                                "ipcam_probe_timeout": "soon"})
    assert run.rc != 0
    for cam in CAMERAS:
        msg = run.result("TS-0014-2 | Evaluate every control of the camera's level", cam)["result"]["msg"]
        assert "invalid site variables" in msg and "ipcam_probe_timeout" in msg, msg
        assert fleet.control.counters(cam)["requests"] == before[cam], cam
