"""Cameras that misbehave: settings that do not stick, refused logins, no answer, hostile
or broken XML, server errors. Each fails the task with a message that names the camera, the
call and the cause, within its time budget, and without making things worse."""

import socket
import threading
import time

import pytest
import yaml

from tests.integration.ansible_run import run_playbook
from tests.conftest import camera_of, cameras_of, factory_username, vendor_of

CAMS = cameras_of()  # every registered vendor
FACTS = "Read camera facts"
DOOR = [[0.1, 0.1], [0.3, 0.1], [0.3, 0.4], [0.1, 0.4]]


@pytest.mark.parametrize("playbook, task, target, nonsticky, extra, what", [
    ("discovery.yml", "Set discovery services", camera_of("axis"), ["discovery.upnp"],
     {"upnp": False, "bonjour": False}, "upnp is on, expected off"),
    ("masks.yml", "Set privacy masks", camera_of("hikvision") + ":" + camera_of("onvif"), ["privacy_masks"],
     {"masks": [{"name": "door", "polygon": DOOR}]}, "mask door is absent, expected"),
])
def test_a_setting_the_camera_does_not_keep_fails_the_task(fleet, playbook, task, target,
                                                           nonsticky, extra, what):
    cams = target.split(":")
    for cam in cams:
        fleet.control.faults(cam, nonsticky=nonsticky)
    run = run_playbook(playbook, fleet.inventory, dict(extra, target=target))
    assert run.rc != 0
    for cam in cams:
        record = run.result(task, cam)
        assert record["status"] == "failed", record
        msg = record["result"]["msg"]
        assert "read back after write: the camera accepted the change but did not keep it" in msg, msg
        assert what in msg, msg
        assert record["result"]["applied"], "the result must say what was sent"
        assert fleet.control.counters(cam)["writes"] >= 1  # it was written, and not kept


def test_encryption_not_kept_stops_before_the_format(fleet):
    """The Axis camera takes the passphrase call but forgets it. Formatting would then erase
    the card and leave it unencrypted: each step of the sequence is read back, so the format
    never runs, the card is mounted again and keeps its recordings, and the task fails."""
    cam = camera_of("axis")
    fleet.control.faults(cam, nonsticky=["storage.slots.0.encryption_enabled"])
    run = run_playbook("storage.yml", fleet.inventory, {
        "target": cam, "sd_passphrase": "Sd-Card-Passphrase-4b7f", "allow_format": True})
    assert run.rc != 0
    record = run.result("Protect removable storage", cam)
    assert record["status"] == "failed", record
    msg = record["result"]["msg"]
    assert "VAPIX disks enablediskencryption SD_DISK (read back)" in msg, msg
    assert "did not keep it: encryption is not enabled; the card was not formatted" in msg, msg
    assert "Sd-Card-Passphrase-4b7f" not in msg
    card = fleet.control.state(cam)["storage"]["slots"][0]
    assert (card["recordings"], card["filesystem"], card["mounted"], card["encrypted"]) == \
        (37, "vfat", True, False), card


def test_a_wrong_password_costs_exactly_one_failed_login(fleet):
    """camera_facts makes 7 to 10 calls on each of these cameras (test_camera_facts); the
    first refused login must stop them all. lockout_after=2 would lock a second try out."""
    for cam in CAMS:
        fleet.control.faults(cam, lockout_after=2)
    run = run_playbook("facts.yml", fleet.inventory, {"bad_password": "not-the-password"})
    assert run.rc != 0
    for cam in CAMS:
        record = run.result(FACTS, cam)
        assert record["status"] == "failed"
        msg = record["result"]["msg"]
        assert "refused the credentials of user '%s'" % factory_username(vendor_of(cam)) in msg, msg
        assert "not retried" in msg
        counters = fleet.control.counters(cam)
        assert counters["failed_logins"] == 1, (cam, counters)
        assert counters["locked"] is False


class BlackHole:
    """A camera that accepts TCP connections and never says a word (hung firmware): the
    test's own listener, so it can count how many times the collection tried."""

    def __init__(self, address, port):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((address, port))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.connections = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while not self.stopping.is_set():
            try:
                self.connections.append(self.sock.accept()[0])
            except socket.timeout:
                continue

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=5)
        for conn in self.connections + [self.sock]:
            conn.close()


def test_an_unreachable_camera_fails_within_its_timeout(fleet, tmp_path):
    """`timeout: 1` in the task, and cameras that never answer in time: the three emulator
    cameras answer 6 s late, a black hole never answers, and at one address nothing
    listens. `duration` is each task's wall time from its start (ansible-playbook's own
    start-up left out): well under the 6 s a reply would take, on a busy machine too.
    The black hole counts the attempts: one, so the time is the timeout's, not retries'."""
    timeout, latency_s = 1, 6
    for cam in CAMS:
        fleet.control.faults(cam, latency_ms=latency_s * 1000)
    block = fleet.first_address.rsplit(".", 1)[0]
    refused, hole = block + ".200", block + ".201"  # in our loopback block, never served
    with open(fleet.inventory) as f:
        port = yaml.safe_load(f)["all"]["children"]["cameras"]["vars"]["ipcam_https_port"]
    extra_inventory = tmp_path / "unreachable.yml"
    extra_inventory.write_text(yaml.safe_dump({"all": {"children": {"cameras": {"hosts": {
        name: {"ansible_host": address, "ipcam_vendor": "axis", "ipcam_username": "root",
               "ipcam_password": "unused"}
        for name, address in (("cam-refused", refused), ("cam-hung", hole))}}}}}))

    with BlackHole(hole, port) as black_hole:
        run = run_playbook("facts.yml", fleet.inventory, {"cam_timeout": timeout},
                           extra_args=["-i", str(extra_inventory)])
        attempts = len(black_hole.connections)
    assert run.rc != 0
    for cam in CAMS + ("cam-hung", "cam-refused"):
        record = run.result(FACTS, cam)
        assert record["status"] == "failed", record
        msg = record["result"]["msg"]
        if cam == "cam-refused":
            # refused connections are retried (0.2 s + 0.6 s back-off), then reported
            assert "cannot connect" in msg and "Connection refused" in msg, msg
        else:
            assert "no answer within %ss" % timeout in msg, msg
        assert record["duration"] < latency_s, (cam, record["duration"])
    assert attempts == 1, "a call that timed out was tried %d times" % attempts

    # The emulator still sleeps on each request it was sent; let those land before the
    # next test, or they would show up in its counters.
    deadline = time.monotonic() + latency_s + 5
    while time.monotonic() < deadline and not all(
            fleet.control.counters(cam)["requests"] for cam in CAMS):
        time.sleep(0.2)


def test_hostile_or_malformed_xml_is_named_and_the_other_parts_still_read(fleet):
    """Both faults go through the one safe parser (defusedxml, DTDs refused); between the
    cameras, each fault meets a SOAP reply and hostile XML meets an ISAPI reply too. The
    part whose reply was refused is listed in `errors` with the call and the cause, and a
    warning names the camera; every other part is still read (one bad reply never sinks
    the task)."""
    faults = {camera_of("axis"): ("malformed_xml", "malformed XML ("),
              camera_of("hikvision"): ("hostile_xml", "refused hostile XML (DTDForbidden)"),
              camera_of("onvif"): ("hostile_xml", "refused hostile XML (DTDForbidden)")}
    for cam, (fault, _) in faults.items():
        fleet.control.faults(cam, **{fault: 1})
    run = run_playbook("facts.yml", fleet.inventory)
    for cam, (_, cause) in faults.items():
        record = run.result(FACTS, cam)
        assert record["status"] == "ok", record["result"].get("msg")
        facts = record["result"]["ansible_facts"]["ipcam"]
        (part, why), = facts["errors"].items()
        call = "ISAPI GET /ISAPI/" if cam == camera_of("hikvision") else "ONVIF Get"
        assert call in why and cause in why, why
        warnings = " ".join(record["result"]["warnings"])
        assert ("camera %s: %s could not be read" % (fleet.cameras[cam]["address"], part)) \
            in warnings, warnings
        assert len(facts["settings"]) >= 6, sorted(facts["settings"])
        assert fleet.control.counters(cam)["writes"] == 0


def test_http_500_on_a_read_is_a_fault_asked_once(fleet):
    """A 500 is the camera's answer to a request that carried credentials: never asked
    again (cameras count repeats towards their lockout); the part is named in `errors`
    with the call and the cause, and the rest is read."""
    paths = {camera_of("axis"): "/axis-cgi/param.cgi", camera_of("hikvision"): "/ISAPI/System/Network/UPnP",
             camera_of("onvif"): "/onvif/media2_service"}
    for cam, path in paths.items():
        fleet.control.faults(cam, http_500=1, http_500_path=path)
    run = run_playbook("facts.yml", fleet.inventory)
    for cam, path in paths.items():
        record = run.result(FACTS, cam)
        assert record["status"] == "ok", record["result"].get("msg")
        errors = record["result"]["ansible_facts"]["ipcam"]["errors"]
        assert len(errors) == 1, errors
        why = list(errors.values())[0]
        assert "fault: HTTP 500" in why and "injected failure" in why, why
        counters = fleet.control.counters(cam)
        assert counters["failed_logins"] == 0


def test_a_transient_reply_to_the_anonymous_clock_read_is_asked_again(fleet):
    """GetSystemDateAndTime carries no credentials: a 503 before it is retried, once."""
    cam, path = camera_of("onvif"), "/onvif/device_service"
    run = run_playbook("facts.yml", fleet.inventory, {"target": cam})
    assert run.rc == 0, run
    normal = fleet.control.counters(cam)["by_path"][path]
    fleet.control.reset_counters(cam)
    fleet.control.faults(cam, http_500=1, http_500_path=path, http_500_status=503)
    run = run_playbook("facts.yml", fleet.inventory, {"target": cam})
    assert run.rc == 0, run
    counters = fleet.control.counters(cam)
    assert counters["by_path"][path] == normal + 1, counters
    assert counters["failed_logins"] == 0


def test_http_500_on_a_write_is_not_retried_and_the_card_stays_in_service(fleet):
    """enablediskencryption.cgi is only ever written. The card was unmounted just before
    it: the task mounts it again, so the camera goes on recording."""
    cam, passphrase = camera_of("axis"), "Sd-Card-Passphrase-4b7f"
    path = "/axis-cgi/disks/properties/enablediskencryption.cgi"
    fleet.control.faults(cam, http_500=1, http_500_path=path)
    run = run_playbook("storage.yml", fleet.inventory,
                       {"target": cam, "sd_passphrase": passphrase, "allow_format": True})
    assert run.rc != 0
    res = run.result("Protect removable storage", cam)["result"]
    assert "VAPIX disks enablediskencryption SD_DISK: fault: HTTP 500" in res["msg"], res["msg"]
    assert res["changed"] is False and res["applied"] == []
    assert [c["key"] for c in res["not_applied"]] == ["slot SD_DISK"]
    assert fleet.control.counters(cam)["by_path"][path] == 1
    card = fleet.control.state(cam)["storage"]["slots"][0]
    assert (card["mounted"], card["encrypted"], card["recordings"]) == (True, False, 37)
    assert passphrase not in run.stdout + run.stderr


def test_dropped_connections_fail_the_task_rather_than_hide_a_capability(fleet):
    """Every attempt at the first ONVIF call is dropped. That is no answer, not "the
    camera has no Media2 service": the task must fail, not report media2: false."""
    cam = camera_of("onvif")
    fleet.control.faults(cam, drop_connection=3)
    run = run_playbook("facts.yml", fleet.inventory,
                       {"target": cam, "subset": ["capabilities", "privacy_masks"]})
    record = run.result(FACTS, cam)
    assert record["status"] == "failed", record["result"].get("ansible_facts")
    assert "ONVIF GetSystemDateAndTime: the connection broke before a reply" in \
        record["result"]["msg"]

