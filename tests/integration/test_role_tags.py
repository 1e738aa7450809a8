"""The baseline role's clause tags select exactly one control: `--tags rule_5.2.5` on the
insecure fleet turns plain HTTP off and touches nothing else (SNMP, anonymous access, the
SD card stay as they were), and the evaluation still runs (it is tagged `always`). An
audit (ipcam_audit_only) runs no clause task at all."""

import os

from tests.integration.ansible_run import ROOT, run_playbook
from tests.conftest import cameras_of

ENFORCE = os.path.join(ROOT, "playbooks", "enforce.yml")
AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")
CAMERAS = cameras_of()  # every registered vendor
EVALUATION = "camsec.ipcam.compliance_facts"


def task_name(record):
    return record["task"].split(" : ", 1)[-1]  # without the "camsec.ipcam.baseline : " prefix


def clause_tasks(run):
    """The clause tasks that ran (not skipped), by name, from the recorded results."""
    return sorted({task_name(r) for r in run.records
                   if task_name(r)[:1].isdigit() and r["status"] != "skipped"})


def test_one_rule_tag_enforces_one_control(fleet):
    before = {cam: fleet.control.state(cam) for cam in CAMERAS}
    run = run_playbook(ENFORCE, fleet.inventory, {"ipcam_level": 1},
                       extra_args=["--tags", "rule_5.2.5"])
    assert run.rc == 0, run
    assert clause_tasks(run) == ["5.2.5 | Web management over HTTPS only"], clause_tasks(run)
    for cam in CAMERAS:
        after = fleet.control.state(cam)
        assert after["network"]["http"]["enabled"] is False, cam
        assert after["discovery"] == before[cam]["discovery"], cam
        assert after["access"] == before[cam]["access"], cam
        assert after["storage"] == before[cam]["storage"], cam
        evaluation = [r for r in run.results(host=cam) if r["action"] == EVALUATION]
        assert [r["status"] for r in evaluation] == ["ok"], cam
        status = {c["id"]: c["status"] for c in
                  evaluation[0]["result"]["ansible_facts"]["ipcam_compliance"]["controls"]}
        assert status["5.2.5"] == "pass" and status["5.3.1"] == "fail", (cam, status)


def test_an_audit_runs_no_clause_task(fleet, tmp_path):
    run = run_playbook(AUDIT, fleet.inventory, {"ipcam_level": 3, "ipcam_report_dir": str(tmp_path)})
    assert run.rc == 0, run
    assert clause_tasks(run) == []
    assert [task_name(r) for r in run.records if task_name(r)[:1].isdigit()] == [], \
        "an audit should not even list the clause tasks as skipped"
    for cam in CAMERAS:
        assert fleet.control.counters(cam)["writes"] == 0, cam
