"""The report filters on an unreachable camera's registered result: its own status and row
in the JSON (valid against the schema), errors of type `unreachable` in JUnit, counted in
`unreachable`, never in `drifted`; stale cached facts of an inactive host still never
stand in, and a registered result that is not `unreachable` is not read."""

import json

import jsonschema
from junitparser import Error, JUnitXml

from ansible_collections.camsec.ipcam.plugins.filter import compliance_report as cr
from tests.unit.test_compliance_report_filter import SCHEMA, control, facts

CAUSE = "camera 192.0.2.11: VAPIX basicdeviceinfo getAllProperties: cannot connect (refused)"


def unreachable_result():
    result = facts([control(cid, "error", reason="unreachable: " + CAUSE) for cid in ("5.2.1", "5.2.2")],
                   host="192.0.2.11")
    compliance = result["ansible_facts"]["ipcam_compliance"]
    compliance.update(status="unreachable", unreachable={"cause": CAUSE, "call": "VAPIX", "network": None})
    return dict(result, unreachable=True, msg="camera 192.0.2.11 is unreachable")


def report_of(hostvars, active):
    return cr.compliance_report(sorted(hostvars), hostvars, active=active, generated_at="2026-11-28T10:00:00Z")


def test_an_unreachable_camera_is_its_own_row_not_drift():
    stale = facts([control("5.2.1", "pass"), control("5.2.2", "pass")])  # an old run's, cached
    hostvars = {
        "ok": facts([control("5.2.1", "pass"), control("5.2.2", "fail")]),
        "dead": dict(stale, ipcam_compliance_result=unreachable_result()),
        "failed": dict(stale, ipcam_compliance_result={"failed": True, "msg": "refused login"}),
    }
    report = report_of(hostvars, active=["ok"])
    jsonschema.validate(report, json.load(open(SCHEMA)), cls=jsonschema.Draft202012Validator)
    cams = {c["name"]: c for c in report["cameras"]}
    dead = cams["dead"]
    assert (dead["status"], dead["evaluated"], dead["compliant"]) == ("unreachable", False, False)
    assert dead["error"] == "unreachable: " + CAUSE
    assert [(c["id"], c["status"]) for c in dead["controls"]] == [("5.2.1", "error"), ("5.2.2", "error")]
    assert dead["summary"]["unreachable"] is True
    assert cams["failed"]["status"] == "unevaluated" and "failed or was unreachable" in cams["failed"]["error"]
    assert cams["ok"]["status"] == "drifted"
    summary = report["summary"]
    assert (summary["unreachable"], summary["unreachable_cameras"]) == (1, ["dead"])
    assert summary["drifted_cameras"] == ["failed", "ok"] and summary["drifted"] == 2
    assert summary["errors_by_control"] == {} and summary["failures_by_control"] == {"5.2.2": 1}
    assert summary["unevaluated_cameras"] == ["dead", "failed"]

    xml = JUnitXml.fromstring(cr.compliance_report_junit(report).encode())
    suites = {s.name: s for s in xml}
    kinds = [(type(case.result[0]), case.result[0].type, case.result[0].message) for case in suites["dead"]]
    assert kinds == [(Error, "unreachable", "unreachable: " + CAUSE)] * 2
    rows = cr.compliance_report_csv(report).splitlines()
    assert sum(1 for r in rows if r.startswith("dead,") and ",error," in r and "unreachable: camera" in r) == 2


def test_an_active_host_with_unreachable_facts_is_unreachable_too():
    """With ignore_unreachable the host stays in the play; its result is the same row."""
    hostvars = {"dead": unreachable_result()}
    report = report_of(hostvars, active=["dead"])
    assert report["cameras"][0]["status"] == "unreachable"
    assert report["summary"]["drifted"] == 0 and report["summary"]["unreachable"] == 1
