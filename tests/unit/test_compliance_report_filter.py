"""The report filters (plugins/filter/compliance_report.py) on hand-made facts: error rows
for hosts without results, CSV quoting, XML escaping, the JSON schema in docs/."""

import copy
import csv
import io
import json
import os

import jsonschema
import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from ansible_collections.camsec.ipcam.plugins.filter import compliance_report as cr

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "docs", "compliance-report.schema.json")
NASTY = 'a, "quoted"\nsecond line; <tag> & \x01 \u6f22\u5b57'


def control(cid, status, level=1, **extra):
    out = {"id": cid, "level": level, "title": "Title of %s" % cid, "source": "assumed",
           "kind": "enforce", "status": status, "expected": {"on": False},
           "actual": {"on": status != "pass"}, "evidence": None,
           "reason": None if status == "pass" else "reason of %s" % cid}
    out.update(extra)
    return out


def facts(controls, level=1, **camera):
    ident = {"vendor": "axis", "model": "P3265-LVE", "firmware": "11.8.64",
             "serial": "AX1", "host": "192.0.2.10"}
    ident.update(camera)
    return {"ansible_facts": {"ipcam_compliance": {
        "level": level, "camera": ident, "evaluated_at": "2026-11-28T10:00:00Z",
        "controls": controls, "summary": {}}}}


@pytest.fixture
def hostvars():
    return {
        "good": facts([control("5.3.1", "pass"), control("5.2.1", "manual")]),
        "bad": facts([control("5.3.1", "fail"), control("5.2.1", "error"),
                      control("5.2.2", "not_applicable", reason="disabled by override: x")],
                     host="192.0.2.11", vendor="hikvision"),
        "nofacts": {"ansible_host": "192.0.2.12", "ipcam_vendor": "onvif", "ansible_facts": {}},
        # failed earlier in this run: its facts are stale ones from the fact cache
        "failed": facts([control("5.3.1", "pass"), control("5.2.1", "pass")], host="192.0.2.13"),
    }


@pytest.fixture
def schema():
    with open(SCHEMA) as f:
        return json.load(f)


def validate(schema, report):
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = ["%s: %s" % (e.json_path, e.message) for e in validator.iter_errors(report)]
    assert errors == []


def test_every_host_is_in_the_report(hostvars, schema):
    report = cr.compliance_report(["good", "bad", "nofacts", "failed"], hostvars,
                                  active=["good", "bad", "nofacts"], generated_at="2026-11-28T10:00:01Z")
    validate(schema, report)
    by_name = {c["name"]: c for c in report["cameras"]}
    assert list(by_name) == ["good", "bad", "nofacts", "failed"]
    assert by_name["good"]["compliant"] is True
    assert by_name["bad"]["summary"]["failed"] == ["5.3.1"]
    assert by_name["bad"]["summary"]["errors"] == ["5.2.1"]
    for name, why in (("nofacts", "not set for this host"), ("failed", "failed or was unreachable")):
        cam = by_name[name]
        assert cam["evaluated"] is False and cam["compliant"] is False
        assert why in cam["error"]
        assert [(c["id"], c["status"]) for c in cam["controls"]] == [(None, "error")]
    assert by_name["nofacts"]["camera"]["host"] == "192.0.2.12"
    assert by_name["nofacts"]["camera"]["vendor"] == "onvif"
    assert by_name["nofacts"]["level"] == 1  # the level the evaluated cameras agree on

    summary = report["summary"]
    assert summary["level"] == 1 and summary["levels"] == [1]
    assert (summary["cameras"], summary["evaluated"], summary["compliant"], summary["drifted"]) == (4, 2, 1, 3)
    assert summary["drifted_cameras"] == ["bad", "nofacts", "failed"]
    assert summary["unevaluated_cameras"] == ["nofacts", "failed"]
    assert summary["counts"] == {"pass": 1, "fail": 1, "manual": 1, "not_applicable": 1, "error": 3}
    assert summary["failures_by_control"] == {"5.3.1": 1}
    assert summary["errors_by_control"] == {"5.2.1": 1}


def test_mixed_levels_and_explicit_level(hostvars, schema):
    hostvars["good"]["ansible_facts"]["ipcam_compliance"]["level"] = 2
    report = cr.compliance_report(["good", "bad", "nofacts"], hostvars, level=3,
                                  generated_at="2026-11-28T10:00:01Z")
    validate(schema, report)
    assert report["summary"]["level"] is None
    assert report["summary"]["levels"] == [1, 2, 3]
    assert report["cameras"][2]["level"] == 3


def test_bad_input_is_refused(hostvars):
    from ansible.errors import AnsibleFilterError
    with pytest.raises(AnsibleFilterError):
        cr.compliance_report("good", hostvars)
    with pytest.raises(AnsibleFilterError):
        cr.compliance_report_csv({"not": "a report"})


def test_csv_quotes_whatever_the_camera_reports(hostvars):
    hostvars["good"]["ansible_facts"]["ipcam_compliance"]["camera"]["model"] = NASTY
    hostvars["good"]["ansible_facts"]["ipcam_compliance"]["controls"][1]["reason"] = NASTY
    hostvars["bad"]["ansible_facts"]["ipcam_compliance"]["camera"]["firmware"] = "=HYPERLINK(\"x\")"
    report = cr.compliance_report(["good", "bad", "nofacts"], hostvars)
    text = cr.compliance_report_csv(report)
    assert text.startswith(",".join(cr.CSV_COLUMNS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["camera"], r["control"], r["status"]) for r in rows] == [
        ("good", "5.3.1", "pass"), ("good", "5.2.1", "manual"),
        ("bad", "5.3.1", "fail"), ("bad", "5.2.1", "error"), ("bad", "5.2.2", "not_applicable"),
        ("nofacts", "", "error")]
    assert rows[0]["model"] == NASTY and rows[1]["reason"] == NASTY
    assert rows[2]["firmware"] == "'=HYPERLINK(\"x\")"  # not a formula in a spreadsheet
    assert json.loads(rows[2]["expected"]) == {"on": False}
    assert rows[0]["evidence"] == ""
    raw = list(csv.DictReader(io.StringIO(cr.compliance_report_csv(report, escape_formulas=False), newline="")))
    assert raw[2]["firmware"] == "=HYPERLINK(\"x\")"


def test_junit_escapes_and_maps_statuses(hostvars, tmp_path):
    hostvars["bad"]["ansible_facts"]["ipcam_compliance"]["controls"][0]["reason"] = NASTY
    report = cr.compliance_report(["good", "bad", "nofacts"], hostvars)
    path = tmp_path / "r.xml"
    path.write_text(cr.compliance_report_junit(report), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    cases = {}
    for suite in xml:
        for case in suite:
            cases[(case.classname, case.name)] = case
    assert set(cases) == {("good", "5.3.1 Title of 5.3.1"), ("good", "5.2.1 Title of 5.2.1"),
                          ("bad", "5.3.1 Title of 5.3.1"), ("bad", "5.2.1 Title of 5.2.1"),
                          ("bad", "5.2.2 Title of 5.2.2"), ("nofacts", "Compliance evaluation")}
    assert cases[("good", "5.3.1 Title of 5.3.1")].is_passed
    failure = cases[("bad", "5.3.1 Title of 5.3.1")].result
    assert [type(r) for r in failure] == [Failure]
    assert failure[0].message == NASTY.replace("\x01", "\ufffd")
    assert [type(r) for r in cases[("bad", "5.2.1 Title of 5.2.1")].result] == [Error]
    skipped = cases[("bad", "5.2.2 Title of 5.2.2")].result
    assert [type(r) for r in skipped] == [Skipped] and skipped[0].message == "disabled by override: x"
    assert [type(r) for r in cases[("good", "5.2.1 Title of 5.2.1")].result] == [Skipped]
    assert [type(r) for r in cases[("nofacts", "Compliance evaluation")].result] == [Error]
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (6, 1, 2, 2)


def test_input_is_not_modified(hostvars):
    before = copy.deepcopy(hostvars)
    cr.compliance_report(["good", "bad"], hostvars)
    assert hostvars == before
