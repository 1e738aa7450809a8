"""playbooks/audit.yml through ansible-runner, the way AWX runs a job: a private data
directory, the project checked out into it, the jsonfile fact cache in the job's
artifacts, credentials injected as environment variables by a custom credential type
(docs/awx.md), and the job's status decided by ipcam_fail_on_drift.

Credentials: AWX gives a job template one credential of each credential type, so one
IPCAM_USERNAME serves the whole inventory. The emulator's factory accounts differ per
vendor (Axis `root`, the others `admin`); as docs/awx.md recommends, the site gives every
camera the same audit account, here added to each camera through the emulator. The
inventory copy has no ipcam_username, ipcam_password or ipcam_ca_path, so the modules can
only have them from the environment (host vars would win over it)."""

import json
import os
import shutil
import sys

import ansible_runner
import pytest
import yaml
from ansible.release import __version__ as ANSIBLE_CORE_VERSION

from tests.conftest import VENDOR_OF
from tests.integration.ansible_run import ROOT
from tests.conftest import camera_of, cameras_of, expected

BIN = os.path.dirname(sys.executable)
CAMERAS = cameras_of()  # every registered vendor
AUDIT_USER = {"username": "ipcam-audit", "password": "Audit-Only-7f3a9c", "level": "Administrator"}
SUMMARY = "ipcam_compliance_summary"
# ansible-core 2.19 names a host's cache entry s1_<host> and wraps the facts in
# {"__payload__": "<JSON>"}; earlier versions used <host> and the facts themselves.
CACHE_WRAPPED = tuple(int(p) for p in ANSIBLE_CORE_VERSION.split(".")[:2]) >= (2, 19)
CACHE_KEY_PREFIX = "s1_" if CACHE_WRAPPED else ""


def cache_entry(facts):
    return {"__payload__": json.dumps(facts)} if CACHE_WRAPPED else facts


SITE_ANSIBLE_CFG = """\
[defaults]
gathering = explicit
retry_files_enabled = False
"""


@pytest.fixture
def awx_fleet(fleet):
    """The hardened fleet (compliant at level 3), each camera with the audit account."""
    fleet.control.fleet_preset("secure")
    for cam in CAMERAS:
        users = fleet.control.state(cam)["users"]
        # The hardened preset keeps plain RTSP on (the emulator's RTSP tests use it), and
        # 5.5.2 wants only the encrypted stream (the vendor package's EXPECTED).
        encrypted = expected(VENDOR_OF[cam], "encrypted_stream")["switch"]
        fleet.control.drift(cam, {"users": users + [dict(AUDIT_USER)],
                                  "network.rtsp.enabled": False, encrypted: True})
    yield fleet
    fleet.control.fleet_preset("insecure")


@pytest.fixture
def job(awx_fleet, tmp_path):
    """Runs audit.yml as one AWX job: a new private data directory per job, laid out as
    AWX does (the project checked out into project/, the inventory, and the credential's
    file injector output, the cameras' CA, below env/). Returns (runner, artifacts, project)."""
    with open(awx_fleet.inventory) as f:
        inventory = yaml.safe_load(f)
    cameras = inventory["all"]["children"]["cameras"]
    ca_pem = cameras["vars"].pop("ipcam_ca_path")
    for group in cameras["children"].values():
        for host_vars in group["hosts"].values():
            del host_vars["ipcam_username"], host_vars["ipcam_password"]
    inventory_text = yaml.safe_dump(inventory)
    assert "ipcam_username" not in inventory_text and "ipcam_password" not in inventory_text

    def run(ident, extravars, seed_facts=None):
        pdd = tmp_path / ("job-" + ident)
        project = pdd / "project"
        shutil.copytree(os.path.join(ROOT, "playbooks"), project / "playbooks")
        (project / "ansible.cfg").write_text(SITE_ANSIBLE_CFG)
        (pdd / "inventory").mkdir()
        (pdd / "inventory" / "hosts.yml").write_text(inventory_text)
        ca_file = pdd / "env" / "tmp_ipcam_ca.pem"
        ca_file.parent.mkdir()
        shutil.copy(ca_pem, ca_file)
        if seed_facts:  # AWX writes the hosts' stored facts into the cache before a job
            cache = pdd / "artifacts" / ident / "fact_cache"
            cache.mkdir(parents=True)
            for host, facts in seed_facts.items():
                (cache / (CACHE_KEY_PREFIX + host)).write_text(json.dumps(cache_entry(facts)))
        runner = ansible_runner.run(
            private_data_dir=str(pdd), project_dir=str(project), playbook="playbooks/audit.yml",
            inventory=str(pdd / "inventory" / "hosts.yml"), ident=ident, extravars=extravars,
            quiet=True, timeout=600,
            envvars={
                "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
                "ANSIBLE_CONFIG": str(project / "ansible.cfg"),
                "ANSIBLE_COLLECTIONS_PATH": os.path.join(ROOT, ".collections"),
                "ANSIBLE_CACHE_PLUGIN": "jsonfile",
                # AWX's custom credential type (docs/awx.md) injects these:
                "IPCAM_USERNAME": AUDIT_USER["username"],
                "IPCAM_PASSWORD": AUDIT_USER["password"],
                "IPCAM_CA_PATH": str(ca_file),
            })
        artifacts = pdd / "artifacts" / ident
        # ansible-runner points the jsonfile cache at the job's artifacts (as AWX expects)
        assert runner.config.env["ANSIBLE_CACHE_PLUGIN_CONNECTION"] == str(artifacts / "fact_cache")
        return runner, artifacts, project

    return run


def stats_event(runner):
    events = [e for e in runner.events if e.get("event") == "playbook_on_stats"]
    assert len(events) == 1
    return events[0]["event_data"]


def untag(value):
    """ansible-core 2.19 keeps data tags in the cache: {"value": 3, "tags": [...],
    "__ansible_type": "_AnsibleTaggedInt"}. Plain values, as an API consumer reads them."""
    if isinstance(value, dict):
        if "__ansible_type" in value and "value" in value:
            return untag(value["value"])
        return {k: untag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [untag(v) for v in value]
    return value


def cached_facts(artifacts, host):
    """A host's entry in the jsonfile fact cache: `<host>` holding the facts (ansible-core
    up to 2.18, and what AWX writes), or, from 2.19 on, `s1_<host>` holding them as JSON
    text under `__payload__`."""
    cache = artifacts / "fact_cache"
    path = cache / ("s1_" + host) if (cache / ("s1_" + host)).exists() else cache / host
    with open(path) as f:
        facts = json.load(f)
    if "__payload__" in facts:
        facts = json.loads(facts["__payload__"])
    return untag(facts)


def failed_controls(facts):
    return {c["id"] for c in facts["ipcam_compliance"]["controls"] if c["status"] == "fail"}


@pytest.mark.slow
def test_audit_job_caches_facts_publishes_summary_and_fails_exactly_on_drift(awx_fleet, job):
    extravars = {"ipcam_level": 3, "ipcam_fail_on_drift": True}

    # 1. Hardened fleet: the job succeeds.
    runner, artifacts, project = job("1", extravars)
    assert (runner.status, runner.rc) == ("successful", 0), runner.stdout.read()[-3000:]
    for cam in CAMERAS:
        facts = cached_facts(artifacts, cam)
        report = facts["ipcam_compliance"]
        assert report["level"] == 3 and report["summary"]["compliant"] is True
        assert report["camera"]["host"] == awx_fleet.cameras[cam]["address"]
        assert {c["id"] for c in report["controls"]} >= {"5.1.1.2", "5.3.2.2", "5.5.1.2", "5.3.1"}
    event = stats_event(runner)
    summary = event["artifact_data"][SUMMARY]
    assert (summary["cameras"], summary["compliant"], summary["drifted"]) == (len(CAMERAS), len(CAMERAS), 0)
    assert summary["level"] == 3 and summary["drifted_cameras"] == []
    assert summary["counts"]["fail"] == 0 and summary["counts"]["error"] == 0
    # ipcam_report_dir left at its default: "reports" under the directory the job runs
    # in, which for ansible-runner (and AWX) is the project directory
    reports = project / "reports"
    assert sorted(os.listdir(reports)) == ["ts-0014-2-compliance.csv", "ts-0014-2-compliance.html",
                                           "ts-0014-2-compliance.json", "ts-0014-2-compliance.xml"]
    assert sorted(summary["report_files"]) == sorted(str(reports / name) for name in os.listdir(reports))
    assert runner.stats["failures"] == {}

    # 2. The Axis camera's UPnP is switched on behind the collection's back: the job fails,
    #    for that camera only, and the cache and the artifacts say why.
    awx_fleet.control.drift(camera_of("axis"), {"discovery.upnp": True})
    runner, artifacts, project = job("2", extravars)
    assert (runner.status, runner.rc) == ("failed", 2)
    assert runner.stats["failures"] == {camera_of("axis"): 1}
    facts = cached_facts(artifacts, camera_of("axis"))
    assert failed_controls(facts) == {"5.3.2.2"}
    drift = [c for c in facts["ipcam_compliance"]["controls"] if c["id"] == "5.3.2.2"][0]
    assert drift["reason"] == "upnp is on (expected off)" and drift["actual"]["upnp"] is True
    for cam in CAMERAS:
        if cam != camera_of("axis"):
            assert cached_facts(artifacts, cam)["ipcam_compliance"]["summary"]["compliant"] is True
    summary = stats_event(runner)["artifact_data"][SUMMARY]
    assert (summary["compliant"], summary["drifted"]) == (len(CAMERAS) - 1, 1)
    assert summary["drifted_cameras"] == [camera_of("axis")]
    assert summary["failures_by_control"] == {"5.3.2.2": 1}
    with open(project / "reports" / "ts-0014-2-compliance.json") as f:
        assert json.load(f)["summary"] == {k: v for k, v in summary.items()
                                           if k not in ("generated_at", "report_files")}


@pytest.mark.slow
def test_stale_cached_facts_do_not_stand_in_for_a_camera_that_failed(awx_fleet, job):
    """AWX seeds the fact cache with each host's stored facts. The Hikvision camera's password is
    rotated behind our back, so it cannot be evaluated: the report says so instead of
    repeating last week's result, while the cache keeps the stale facts (AWX stores
    facts only for hosts whose cache entry the job rewrote): check evaluated_at."""
    stale = {"ipcam_compliance": {
        "level": 3, "evaluated_at": "2026-01-01T00:00:00Z",
        "camera": {"vendor": "hikvision", "host": awx_fleet.cameras[camera_of("hikvision")]["address"]},
        "controls": [{"id": "5.3.2.2", "level": 3, "title": "t", "source": "standard",
                      "kind": "enforce", "status": "pass", "expected": {}, "actual": {},
                      "evidence": None, "reason": None}],
        "summary": {"compliant": True}}}
    awx_fleet.control.drift(camera_of("hikvision"), {"users.1.password": "Rotated-Elsewhere-91"})
    runner, artifacts, project = job("stale", {"ipcam_level": 3, "ipcam_report_dir": "out"},
                            seed_facts={cam: stale for cam in CAMERAS})
    assert runner.status == "failed"
    assert set(runner.stats["failures"]) == {camera_of("hikvision")}
    summary = stats_event(runner)["artifact_data"][SUMMARY]
    assert summary["unevaluated_cameras"] == [camera_of("hikvision")]
    assert summary["drifted_cameras"] == [camera_of("hikvision")]
    assert summary["compliant"] == len(CAMERAS) - 1
    assert cached_facts(artifacts, camera_of("hikvision")) == stale
    for cam in CAMERAS:
        if cam != camera_of("hikvision"):
            assert cached_facts(artifacts, cam)["ipcam_compliance"]["evaluated_at"] > "2026-01-01T00:00:00Z"
    with open(project / "out" / "ts-0014-2-compliance.json") as f:
        cam = [c for c in json.load(f)["cameras"] if c["name"] == camera_of("hikvision")][0]
    assert cam["evaluated"] is False and "failed or was unreachable" in cam["error"]
