"""The filters behind the HTML report and the console summary, on hand-made reports:
comparing findings (time stamps and clock-derived measurements aside), the change
classification, reading a previous report back, and the console table's caps and its
word-boundary shortening (also the demo's)."""

import json
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible.errors import AnsibleFilterError  # noqa: E402
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_changes import (  # noqa: E402
    compliance_report_changes, compliance_report_load, same_findings)
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_console import (  # noqa: E402
    compliance_report_console, shorten)
from tests.demo import shorten as demo_shorten  # noqa: E402


def control(cid, status, reason="because", offset=0.0):
    return {"id": cid, "status": status, "reason": reason,
            "evidence": {"time": {"offset_s": offset}, "certificate": {"days_left": 300}}}


def camera(name, controls, status=None, error=None):
    failing = any(c["status"] in ("fail", "error") for c in controls)
    return {"name": name, "camera": {"vendor": "axis"}, "status": status or ("drifted" if failing else "compliant"),
            "evaluated_at": "2026-01-01T00:00:00Z", "error": error, "compliant": not failing, "controls": controls}


def report(cameras, at="2026-01-01T00:00:01Z"):
    return {"report_format": 1, "generated_at": at, "cameras": cameras,
            "summary": {"cameras": len(cameras), "level": 2, "compliant": 0, "drifted": 0, "unreachable": 0}}


def test_same_findings_ignores_only_time_stamps_and_clock_measurements():
    one = report([camera("a", [control("5.2.1", "fail", offset=0.0)])])
    other = report([camera("a", [control("5.2.1", "fail", offset=-1.0)])], at="2026-02-02T00:00:00Z")
    other["cameras"][0]["evaluated_at"] = "2026-02-02T00:00:00Z"
    other["cameras"][0]["controls"][0]["evidence"]["certificate"]["days_left"] = 299
    assert same_findings(one, other)
    changed = json.loads(json.dumps(other))
    changed["cameras"][0]["controls"][0]["reason"] = "another reason"
    assert not same_findings(one, changed)
    typed = json.loads(json.dumps(other))
    typed["cameras"][0]["compliant"] = 0  # False in Python, not in JSON
    assert not same_findings(one, typed)
    extra = json.loads(json.dumps(other))
    extra["cameras"].append(camera("b", []))
    assert not same_findings(one, extra)


def test_changes_new_fixed_still_and_not_evaluated():
    before = report([camera("a", [control("1", "fail"), control("2", "pass"), control("3", "error")]),
                     camera("b", [control("1", "fail")]),
                     camera("gone", [control("1", "fail")])])
    now = report([camera("a", [control("1", "pass"), control("2", "fail"), control("3", "fail")]),
                  camera("b", [control("1", "error")], status="unreachable"),
                  camera("new", [control("1", "fail")])])
    changes = compliance_report_changes(now, before)
    pairs = {key: sorted((e["camera"], e["control"]) for e in changes[key])
             for key in ("new_failures", "fixed", "still_failing", "not_evaluated")}
    assert pairs == {"new_failures": [("a", "2"), ("new", "1")], "fixed": [("a", "1")],
                     "still_failing": [("a", "3")], "not_evaluated": [("b", "1"), ("gone", "1")]}
    assert changes["has_previous"] and changes["previous_generated_at"] == before["generated_at"]
    assert compliance_report_changes(now, None)["has_previous"] is False


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"report_format": 2, "cameras": []}',
                                  '{"report_format": 1, "cameras": {}}'])
def test_a_previous_report_that_cannot_be_read_is_none(text):
    assert compliance_report_load(text) is None


def test_load_reads_a_report_back():
    original = report([camera("a", [control("1", "fail")])])
    assert compliance_report_load(json.dumps(original)) == original


@pytest.mark.parametrize("shorten_", [shorten, demo_shorten])
def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis(shorten_):
    text = "snmp: SNMP v1/v2c is on: community strings travel in clear text; http: plain HTTP"
    short = shorten_(text, 40)
    assert len(short) <= 40 and short.endswith("\u2026")
    assert text.startswith(short[:-1]) and text[len(short) - 1] in " ;:,", short
    assert shorten_("short  reason\nhere", 40) == "short reason here"


def test_console_table_is_capped_and_counts_the_rest():
    cams = [camera("cam-%03d" % i, [control("5.%d" % n, "fail", "reason %d" % n) for n in range(9)])
            for i in range(30)]
    cams.append(camera("cam-dead", [control("5.1", "error", "unreachable: x")], status="unreachable",
                       error="unreachable: camera 127.0.0.9: no connection"))
    text = compliance_report_console(report(cams), max_cameras=4, max_controls=3)
    lines = text.splitlines()
    assert sum(1 for ln in lines if ln.startswith("cam-")) == 4
    assert lines.count("%-7s  ... and 6 more failing control(s) of this camera" % "") == 4
    assert lines[-1] == "... and 27 more camera(s) with failing controls or unreachable (see the reports)"
    assert "reason 0" in text and "reason 3" not in text
    with pytest.raises(AnsibleFilterError, match="max_cameras must be at least 1"):
        compliance_report_console(report(cams), max_cameras=0)
