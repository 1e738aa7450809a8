"""playbooks/audit.yml and the role camsec.ipcam.report against the emulator, at levels 1-3:
the JSON report validates against docs/compliance-report.schema.json, the JUnit file has
one case per camera and control, the CSV has the same rows; insecure, enforced, attested,
card-removed and drifted fleets give exactly the failures their state implies; with
ipcam_fail_on_drift only the drifted camera fails and the reports are still written."""

import csv
import json
import os
import sys

import jsonschema
import pytest
import yaml
from junitparser import Error, Failure, JUnitXml, Skipped

from tests.integration.ansible_run import ROOT, run_playbook

COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog  # noqa: E402
from tests.conftest import (VENDORS, Lookup, camera_of, cameras_of, expected, firmware_at_or_under,
                            per_camera, reference_identity, vendor_of)

AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")
ENFORCE = os.path.join(ROOT, "playbooks", "enforce.yml")
SCHEMA = os.path.join(ROOT, "docs", "compliance-report.schema.json")
PREFIX = "ts-0014-2-compliance"
CAMERAS = cameras_of()  # every registered vendor
DRIFT_TASK = "TS-0014-2 | Fail the cameras that drifted"
PASSPHRASE = "Sd-Card-Passphrase-4b7f"

# The site's data (inventory) the Part 1 controls are judged against: the approved
# firmware of each emulated model (the emulator's own versions, so 5.2.1 passes on it),
# and the NTP and syslog servers of the emulator's hardened preset.
SITE = {
    "ipcam_firmware_minimums": {reference_identity(vendor)["model"]: firmware_at_or_under(vendor)
                                for vendor in VENDORS},
    "ipcam_ntp_servers": ["192.0.2.123"],
    "ipcam_syslog_servers": [{"host": "192.0.2.20", "port": 6514, "protocol": "tls"}],
}

# What the insecure factory state implies, per camera and level, with compliance_facts'
# default network probes on: each vendor package's EXPECTED["insecure_fails"] says which
# controls fail on its reference firmware, and why (tests/emulator/vendors/<vendor>/
# __init__.py). On every camera 5.2.1 passes (telnet, FTP, SSH off; firmware at the SITE
# minimum); 5.2.2 passes (only 80, 443 and 554 (RTSP) of the probed TCP ports are open,
# all allowed); 5.4.2 passes (the task logs in as the factory account, with a password
# that is not the factory one); 5.5.1.2 passes (masks supported, none declared); 5.3.3
# passes (no radio); 5.4.3 is `manual` (no users declared), 5.2.3 and the attest controls
# (5.1.3.2, 5.1.4, 5.2.4) are `manual` without evidence, and so is everything not
# evaluated yet.
INSECURE_FAILS = Lookup(lambda level: {cam: set(expected(vendor_of(cam), "insecure_fails")[level])
                                        for cam in CAMERAS})
# After playbooks/enforce.yml at the level, what the camera cannot enforce still fails
# (EXPECTED["enforced_fails"], with why); 5.5.2 is audit only (no enforcement yet): the
# streams stay as they were, and it fails wherever the factory stream is plain RTSP.
ENFORCED_FAILS = Lookup(lambda level: {cam: set(expected(vendor_of(cam), "enforced_fails")[level])
                                        for cam in CAMERAS})
# What a site does about the ONVIF camera: switch the services off in the camera's own
# web interface (here: behind the collection's back, through the emulator).
ONVIF_SWITCHED_OFF_BY_HAND = {"discovery.snmp.enabled": False, "discovery.upnp": False,
                              "discovery.bonjour": False}
# 5.5.2 is audit only: the site moves each stream to its encrypted form by hand too (plain
# RTSP off; the vendor's encrypted stream on, EXPECTED["encrypted_stream"]).
STREAMS_ENCRYPTED_BY_HAND = per_camera(lambda vendor: {
    "network.rtsp.enabled": False, expected(vendor, "encrypted_stream")["switch"]: True})
TABLE_HINT = ("the failing controls differ from what the emulator's state implies: when the "
              "catalog or an evaluator changes, update INSECURE_FAILS / ENFORCED_FAILS and "
              "their explanation")
STATUS_OF_RESULT = {Failure: "fail", Error: "error"}


def level_controls(level):
    return {c["id"]: c for c in catalog.controls(level)}


def audit(directory, level, inventory, fail_on_drift=False, **extra):
    extra_vars = dict(SITE, ipcam_level=level, ipcam_report_dir=str(directory), **extra)
    if fail_on_drift:
        extra_vars["ipcam_fail_on_drift"] = True
    run = run_playbook(AUDIT, inventory, extra_vars)
    assert os.path.exists(os.path.join(directory, PREFIX + ".json")), run
    return run, read_reports(directory)


def enforce(inventory, level):
    run = run_playbook(ENFORCE, inventory, dict(SITE, ipcam_level=level, ipcam_sd_passphrase=PASSPHRASE,
                                                ipcam_allow_format=True))
    assert run.rc == 0, run
    return run


def read_reports(directory, prefix=PREFIX):
    """The three files, cross-checked: returns the JSON report."""
    with open(os.path.join(directory, prefix + ".json"), encoding="utf-8") as f:
        report = json.load(f)
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = ["%s: %s" % (e.json_path, e.message) for e in validator.iter_errors(report)]
    assert errors == [], "the JSON report does not validate against the schema"

    expected = sorted((cam["name"], ctl["id"] or "", ctl["status"])
                      for cam in report["cameras"] for ctl in cam["controls"])
    titles = {(cam["name"], ctl["id"] or ""): ctl["title"]
              for cam in report["cameras"] for ctl in cam["controls"]}
    assert len(titles) == len(expected), "a camera/control pair appears twice in the JSON"

    with open(os.path.join(directory, prefix + ".csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["camera", "host", "vendor", "model", "firmware", "level",
                                     "control", "title", "source", "kind", "status", "expected",
                                     "actual", "evidence", "reason"]
        rows = list(reader)
    assert sorted((r["camera"], r["control"], r["status"]) for r in rows) == expected
    for row in rows:
        for column in ("expected", "actual", "evidence"):
            if row[column]:
                json.loads(row[column])

    xml = JUnitXml.fromfile(os.path.join(directory, prefix + ".xml"))
    cases = []
    for suite in xml:
        for case in suite:
            results = list(case.result)
            assert len(results) <= 1
            if not results:
                status = "pass"
            elif isinstance(results[0], Skipped):
                status = results[0].type
                assert status in ("manual", "not_applicable")
            else:
                status = STATUS_OF_RESULT[type(results[0])]
            if results:
                assert results[0].message, "no reason given for %s %s" % (case.classname, case.name)
            control = case.name.split(" ", 1)[0] if case.name[0].isdigit() else ""
            assert case.name == ("%s %s" % (control, titles[(case.classname, control)])).strip()
            cases.append((case.classname, control, status))
    assert sorted(cases) == expected, "JUnit cases and the JSON report disagree"
    return report


def by_camera(report):
    return {cam["name"]: cam for cam in report["cameras"]}


def failing(report):
    return {cam["name"]: {c["id"] for c in cam["controls"] if c["status"] == "fail"}
            for cam in report["cameras"]}


def result(report, cam, control):
    found = [c for c in by_camera(report)[cam]["controls"] if c["id"] == control]
    assert len(found) == 1
    return found[0]


def published_summary(run):
    # The report action publishes it (its result's ansible_stats, as set_stats' own).
    records = [r for r in run.records if r["action"] == "camsec.ipcam.compliance_report"]
    assert len(records) == 1, "the report action must run once"
    stats = records[0]["result"]["ansible_stats"]
    assert stats["per_host"] is False
    return stats["data"]["ipcam_compliance_summary"]


def inventory_with(emulator, tmp_path, host_vars):
    """A copy of the emulator's inventory with extra host vars {host: {var: value}}."""
    with open(emulator.inventory) as f:
        inventory = yaml.safe_load(f)
    for group in inventory["all"]["children"]["cameras"]["children"].values():
        for host, hvars in group["hosts"].items():
            hvars.update(host_vars.get(host, {}))
    path = tmp_path / "inventory.yml"
    path.write_text(yaml.safe_dump(inventory))
    return str(path)


@pytest.mark.slow
@pytest.mark.parametrize("level", [1, 2, 3])
def test_insecure_fleet_fails_exactly_what_its_state_implies(fleet, tmp_path, level):
    run, report = audit(tmp_path, level, fleet.inventory)
    assert run.rc == 0, run  # an audit without ipcam_fail_on_drift does not fail on drift
    controls = level_controls(level)
    assert len(report["cameras"]) == len(CAMERAS)
    for cam in report["cameras"]:
        assert cam["evaluated"] and cam["level"] == level
        assert [c["id"] for c in cam["controls"]] == list(controls), "one result per control of the level"
    assert failing(report) == INSECURE_FAILS[level], TABLE_HINT
    for ids in INSECURE_FAILS[level].values():
        assert all(controls[cid]["evaluated"] for cid in ids)
    assert by_camera(report)[camera_of("axis")]["camera"]["vendor"] == "axis"
    assert by_camera(report)[camera_of("hikvision")]["camera"]["model"]
    assert "its API cannot switch SNMP" in result(report, camera_of("onvif"), "5.3.1")["reason"]
    private = result(report, camera_of("hikvision"), "5.5.1")["reason"]
    assert "GET /ISAPI/Streaming/channels/101/picture answered HTTP 200" in private
    assert "RTSP DESCRIBE rtsp://" in private and "/Streaming/Channels/101 answered 200" in private
    if level == 3:
        reason = result(report, camera_of("onvif"), "5.3.2.2")["reason"]
        assert "ws_discovery is on" in reason and "the camera answers SSDP" in reason

    summary = report["summary"]
    assert summary["level"] == level
    assert (summary["cameras"], summary["evaluated"]) == (len(CAMERAS), len(CAMERAS))
    # in the report's camera order (the inventory's)
    drifted = [c["name"] for c in report["cameras"] if INSECURE_FAILS[level][c["name"]]]
    assert summary["drifted_cameras"] == drifted
    assert summary["compliant_cameras"] == [c["name"] for c in report["cameras"]
                                            if c["name"] not in drifted]
    assert summary["counts"]["fail"] == sum(len(ids) for ids in INSECURE_FAILS[level].values())
    assert sum(summary["counts"].values()) == len(CAMERAS) * len(controls)
    per_control = {}
    for ids in INSECURE_FAILS[level].values():
        for cid in ids:
            per_control[cid] = per_control.get(cid, 0) + 1
    assert summary["failures_by_control"] == per_control

    stats = published_summary(run)
    assert {k: v for k, v in stats.items() if k not in ("generated_at", "report_files")} == summary
    assert stats["generated_at"] == report["generated_at"]
    assert sorted(stats["report_files"]) == sorted(
        os.path.join(os.path.realpath(str(tmp_path)), PREFIX + ext) for ext in (".json", ".csv", ".xml", ".html"))
    assert sorted(os.listdir(tmp_path)) == sorted(PREFIX + ext for ext in (".csv", ".json", ".xml", ".html"))


@pytest.mark.slow
@pytest.mark.parametrize("level", [1, 2, 3])
def test_enforce_attest_and_drift(fleet, tmp_path, level):
    enforce(fleet.inventory, level)

    # 1. After enforcement every control the camera can enforce passes; what it cannot
    #    enforce still fails, with the reason (ENFORCED_FAILS).
    run, report = audit(tmp_path / "enforced", level, fleet.inventory)
    assert run.rc == 0, run
    assert failing(report) == ENFORCED_FAILS[level], TABLE_HINT
    for cam in (camera_of("axis"), camera_of("hikvision")):
        assert result(report, cam, "5.3.1")["status"] == "pass"
    assert "its API cannot switch SNMP" in result(report, camera_of("onvif"), "5.3.1")["reason"]
    for cam in CAMERAS:
        web = result(report, cam, "5.2.5")
        assert web["status"] == "pass", web["reason"]
        assert web["actual"]["web"] == {"http": False, "https": True}
        assert web["evidence"]["certificate"]["verified"] is True
        assert result(report, cam, "5.2.1")["status"] == "pass"
    state = fleet.control.state(camera_of("axis"))
    assert state["network"]["http"]["enabled"] is False and state["network"]["https"]["enabled"]
    # 5.4.1: anonymous access off everywhere; the login lockout is a setting on Hikvision
    # only, so Axis and ONVIF stay `manual` for that part, with the reason.
    assert result(report, camera_of("hikvision"), "5.4.1")["status"] == "pass"
    assert fleet.control.state(camera_of("hikvision"))["access"]["lockout_enabled"] is True
    for cam in (camera_of("axis"), camera_of("onvif")):
        authn = result(report, cam, "5.4.1")
        assert authn["status"] == "manual" and "login lockout" in authn["reason"]
        assert authn["actual"]["anonymous_access"] is False
    assert state["access"]["anonymous_viewer"] is False
    # 5.4.2: the task logs in as each vendor's factory account with a site password: its
    # own login answers the question, with no extra login.
    for cam in CAMERAS:
        passwords = result(report, cam, "5.4.2")
        assert passwords["status"] == "pass", passwords["reason"]
        assert passwords["actual"]["login_attempt"]["made"] is False
    assert fleet.control.counters(camera_of("axis"))["failed_logins"] == 0
    if level >= 2:
        for cam in (camera_of("axis"), camera_of("hikvision")):
            assert result(report, cam, "5.2.7")["status"] == "pass"
        onvif_logs = result(report, camera_of("onvif"), "5.2.7")
        assert onvif_logs["status"] == "manual" and "syslog" in onvif_logs["reason"]
        assert onvif_logs["actual"]["time"]["ntp_servers"] == ["192.0.2.123"]
    if level >= 2:
        for cam in CAMERAS:
            assert result(report, cam, "5.5.1.2")["status"] == "pass"
        assert result(report, camera_of("axis"), "5.1.1.2")["status"] == "pass"
        assert "cannot encrypt" in result(report, camera_of("hikvision"), "5.1.1.2")["reason"]
        assert result(report, camera_of("onvif"), "5.1.1.2")["status"] == "manual"
    if level == 3:
        for cam in (camera_of("axis"), camera_of("hikvision")):
            assert result(report, cam, "5.3.2.2")["status"] == "pass"
        onvif = result(report, camera_of("onvif"), "5.3.2.2")
        assert onvif["actual"]["ws_discovery"] is False  # what ONVIF can switch, it did
        assert "ws_discovery" not in onvif["reason"] and "its API cannot report or switch" in onvif["reason"]

    # 2. The site switches off by hand what ONVIF cannot switch, and attests the Hikvision
    #    card (in its host vars): 5.1.1.2 becomes `manual` with the evidence, not `pass`.
    #    Nothing fails, so ipcam_fail_on_drift fails nothing.
    fleet.control.drift(camera_of("onvif"), ONVIF_SWITCHED_OFF_BY_HAND)
    for cam in CAMERAS:
        fleet.control.drift(cam, STREAMS_ENCRYPTED_BY_HAND[cam])
    attestation = {"evidence": "SD slot sealed with tamper label 0042", "by": "site survey 2026-11"}
    attested_inventory = inventory_with(fleet, tmp_path, {camera_of("hikvision"): {"ipcam_attestations": {
        "5.1.1.2": attestation}}})
    run, report = audit(tmp_path / "attested", level, attested_inventory, fail_on_drift=True)
    assert run.rc == 0, run
    assert failing(report) == {cam: set() for cam in CAMERAS}
    assert report["summary"]["drifted"] == 0 and report["summary"]["compliant"] == len(CAMERAS)
    # Compliant cameras leave before the fail step (meta end_host, no fork per camera).
    assert {r["host"]: r["status"] for r in run.results(DRIFT_TASK)} == {}
    if level >= 2:
        hik = result(report, camera_of("hikvision"), "5.1.1.2")
        assert hik["status"] == "manual" and hik["evidence"] == attestation
        assert "accepted on the attestation" in hik["reason"]

    # 3. The compliant way for Hikvision: no card in the slot. Then the Axis camera is
    #    changed behind the collection's back. Level 3 demands UPnP off (5.3.2.2); levels
    #    1 and 2 do not, but demand SNMP as v3 only (5.3.1), so SNMP v2c is switched on too.
    fleet.control.drift(camera_of("hikvision"), {"storage.slots.0.present": False})
    fleet.control.drift(camera_of("axis"), {"discovery.upnp": True})
    if level < 3:
        fleet.control.drift(camera_of("axis"), {"discovery.snmp.v2c": True})
    run, report = audit(tmp_path / "drifted", level, fleet.inventory, fail_on_drift=True)
    assert run.rc != 0, run
    assert {r["host"]: r["status"] for r in run.results(DRIFT_TASK)} == {camera_of("axis"): "failed"}
    failed = run.result(DRIFT_TASK, camera_of("axis"))["result"]["msg"]
    if level == 3:
        assert failing(report) == dict({cam: set() for cam in CAMERAS}, **{camera_of("axis"): {"5.3.2.2"}})
        drift = result(report, camera_of("axis"), "5.3.2.2")
        assert drift["reason"] == "upnp is on (expected off)"
        assert drift["actual"]["upnp"] is True
        assert "5.3.2.2" in failed
    else:
        assert failing(report) == dict({cam: set() for cam in CAMERAS}, **{camera_of("axis"): {"5.3.1"}})
        drift = result(report, camera_of("axis"), "5.3.1")
        assert "v2c" in drift["reason"]
        assert "5.3.2.2" not in level_controls(level)  # UPnP on is no failure below level 3
        assert "5.3.1" in failed
    if level >= 2:
        assert result(report, camera_of("hikvision"), "5.1.1.2")["status"] == "pass"
    assert report["summary"]["drifted_cameras"] == [camera_of("axis")]
    assert published_summary(run)["drifted_cameras"] == [camera_of("axis")]


@pytest.mark.slow
def test_camera_that_cannot_be_evaluated_is_an_error_row(fleet, tmp_path):
    """The ONVIF camera's password is changed behind our back: its evaluation fails, so it has no
    compliance facts; it still appears in every report, as an error, and the others are
    reported as usual. Also: only the selected formats are written, in a directory the
    role creates, under the chosen prefix."""
    fleet.control.drift(camera_of("onvif"), {"users.0.password": "Rotated-Elsewhere-77"})
    out = tmp_path / "new" / "dir"
    run = run_playbook(AUDIT, fleet.inventory, {
        "ipcam_level": 2, "ipcam_report_dir": str(out), "ipcam_report_prefix": "nightly",
        "ipcam_report_formats": ["json", "junit"]})
    assert run.rc != 0, run  # the camera that could not be evaluated fails the run
    evaluation = [r for r in run.results(host=camera_of("onvif")) if r["action"] == "camsec.ipcam.compliance_facts"]
    assert [r["status"] for r in evaluation] == ["failed"]
    assert sorted(os.listdir(tmp_path)) == ["new"]
    assert sorted(os.listdir(out)) == ["nightly.json", "nightly.xml"]
    assert oct(os.stat(out).st_mode & 0o777) == "0o750"
    assert oct(os.stat(out / "nightly.json").st_mode & 0o777) == "0o640"

    with open(SCHEMA) as f:
        schema = json.load(f)
    with open(out / "nightly.json") as f:
        report = json.load(f)
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    cam = by_camera(report)[camera_of("onvif")]
    assert cam["evaluated"] is False and cam["compliant"] is False
    assert "failed or was unreachable" in cam["error"]
    assert cam["camera"]["host"] == fleet.cameras[camera_of("onvif")]["address"]
    assert cam["camera"]["vendor"] == "onvif" and cam["level"] == 2
    assert [(c["id"], c["status"]) for c in cam["controls"]] == [(None, "error")]
    assert report["summary"]["unevaluated_cameras"] == [camera_of("onvif")]
    assert camera_of("onvif") in report["summary"]["drifted_cameras"]
    assert by_camera(report)[camera_of("axis")]["evaluated"] is True

    xml = JUnitXml.fromfile(str(out / "nightly.xml"))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == set(CAMERAS)
    cases = list(suites[camera_of("onvif")])
    assert len(cases) == 1 and isinstance(cases[0].result[0], Error)
    assert "failed or was unreachable" in cases[0].result[0].message
    assert len(list(suites[camera_of("axis")])) == len(level_controls(2))
    assert published_summary(run)["unevaluated_cameras"] == [camera_of("onvif")]
