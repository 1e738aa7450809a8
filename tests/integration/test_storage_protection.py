"""storage_protection against the emulator: Axis encrypts (formatting only when allowed),
Hikvision has no encryption API (compliant only without a card), ONVIF cannot even see
the card."""

import pytest

from tests.integration.ansible_run import run_playbook
from tests.conftest import VENDORS, camera_of

TASK = "Protect removable storage"
AGAIN = "Protect removable storage again"
PASSPHRASE = "Sd-Card-Passphrase-4b7f"


def slot(emulator, cam):
    return emulator.control.state(cam)["storage"]["slots"][0]


def test_cards_that_cannot_be_protected_now_are_refused_with_the_reason(fleet):
    """Factory state: Axis and Hikvision hold a card with recordings; the ONVIF camera
    has no slot, but ONVIF cannot tell us that."""
    before = {cam: fleet.control.state(cam) for cam in (camera_of("axis"), camera_of("hikvision"), camera_of("onvif"))}
    run = run_playbook("storage.yml", fleet.inventory, {"sd_passphrase": PASSPHRASE})
    assert run.rc != 0

    axis = run.result(TASK, camera_of("axis"))
    assert axis["status"] == "failed"
    assert "slot SD_DISK holds recordings" in axis["result"]["msg"]
    assert "formats the card, which erases them" in axis["result"]["msg"]
    assert "allow_format: true" in axis["result"]["msg"]

    hik = run.result(TASK, camera_of("hikvision"))
    assert hik["status"] == "failed"
    assert "offers no way to encrypt it" in hik["result"]["msg"]
    assert "remove the card" in hik["result"]["msg"]

    onvif = run.result(TASK, camera_of("onvif"))
    assert onvif["status"] == "failed"
    assert "ONVIF defines no operation to list SD cards or to encrypt them" in onvif["result"]["msg"]
    assert "attestation for 5.1.1.2" in onvif["result"]["msg"]

    for cam, state in before.items():
        assert fleet.control.counters(cam)["writes"] == 0, cam
        assert fleet.control.state(cam) == state, cam
    assert slot(fleet, camera_of("axis"))["recordings"] == 37


def test_axis_card_is_encrypted_when_formatting_is_allowed(fleet):
    cam = camera_of("axis")
    before = fleet.control.state(cam)
    ev = {"target": cam, "sd_passphrase": PASSPHRASE, "allow_format": True}

    check = run_playbook("storage.yml", fleet.inventory, ev, check=True, diff=True)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["diff"] == {
        "before": {"slot SD_DISK": {"encrypted": False, "filesystem": "vfat", "recording": True}},
        "after": {"slot SD_DISK": {"encrypted": True}}}
    assert [(c["action"], c["destructive"]) for c in res["plan"]] == \
        [("enable_encryption_and_format", True)]
    assert fleet.control.state(cam) == before, "check mode touched the card"
    assert fleet.control.counters(cam)["writes"] == 0

    real = run_playbook("storage.yml", fleet.inventory, dict(ev, twice=True), diff=True)
    assert real.rc == 0, real
    res = real.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["plan"] == check.result(TASK, cam)["result"]["plan"], "check mode and the real run disagree"
    card = slot(fleet, cam)
    assert (card["encryption_enabled"], card["encrypted"], card["filesystem"], card["recordings"],
            card["mounted"]) == (True, True, "ext4", 0, True)
    assert card["passphrase"] == PASSPHRASE  # the task's passphrase reached the camera
    assert res["storage"]["slots"][0]["encrypted"] is True  # what the task read back

    writes = fleet.control.counters(cam)["writes"]
    again = real.result(AGAIN, cam)["result"]
    assert again["changed"] is False and again["plan"] == []
    assert fleet.control.counters(cam)["writes"] == writes



@pytest.mark.parametrize("vendor", VENDORS)
def test_every_vendor_whose_card_can_be_encrypted_is_encrypted_through_the_module(fleet, vendor):
    """Every registered vendor: where the reference camera holds a card its API can encrypt
    (the emulator's factory state says so: Axis edge storage, Dahua RPC2 SDEncrypt, Hanwha
    DASConfig), check mode plans without writing, the real run encrypts and reads it back,
    a second run has nothing to do; elsewhere the task is refused and writes nothing."""
    cam = camera_of(vendor)
    slots = fleet.control.state(cam)["storage"]["slots"]
    before = fleet.control.state(cam)
    ev = {"target": cam, "sd_passphrase": PASSPHRASE, "allow_format": True}
    if not (slots and slots[0].get("encryption_supported")):
        # No card its API can encrypt (Hikvision), or none it can see (ONVIF): refused with
        # the reason, even with formatting allowed, and nothing written.
        refused = run_playbook("storage.yml", fleet.inventory, ev)
        assert refused.rc != 0 and refused.result(TASK, cam)["status"] == "failed", refused
        assert fleet.control.counters(cam)["writes"] == 0
        assert fleet.control.state(cam) == before
        return
    check = run_playbook("storage.yml", fleet.inventory, ev, check=True, diff=True)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    [(slot_key, after)] = res["diff"]["after"].items()
    assert slot_key.startswith("slot ") and after == {"encrypted": True}
    assert res["diff"]["before"][slot_key]["encrypted"] is False
    assert fleet.control.state(cam) == before, "check mode touched the card"
    assert fleet.control.counters(cam)["writes"] == 0

    real = run_playbook("storage.yml", fleet.inventory, dict(ev, twice=True), diff=True)
    assert real.rc == 0, real
    res = real.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["plan"] == check.result(TASK, cam)["result"]["plan"], "check mode and the real run disagree"
    card = slot(fleet, cam)
    assert (card["encryption_enabled"], card["encrypted"], card["mounted"]) == (True, True, True)
    assert card["passphrase"] == PASSPHRASE
    assert res["storage"]["slots"][0]["encrypted"] is True  # what the task read back
    writes = fleet.control.counters(cam)["writes"]
    again = real.result(AGAIN, cam)["result"]
    assert again["changed"] is False and again["plan"] == []
    assert fleet.control.counters(cam)["writes"] == writes

def card_state(emulator, cam):
    card = slot(emulator, cam)
    return {k: card[k] for k in ("encryption_enabled", "encrypted", "mounted", "filesystem",
                                 "recordings")}


FORMAT_CGI = "/axis-cgi/disks/format.cgi"


def test_a_format_that_fails_mid_encryption_is_reported_and_a_rerun_finishes_it(fleet):
    """The camera's format job fails after encryption was enabled (fault
    disk_format_fails). The task fails quoting the camera, reports the encryption it did
    enable as changed, says the card is left unmounted and why, and what is left. A re-run
    without allow_format refuses (the card still holds recordings); check mode shows the
    steps left; a re-run with allow_format finishes, and a third run has nothing to do."""
    cam = camera_of("axis")
    addr = fleet.cameras[cam]["address"]
    fleet.control.faults(cam, disk_format_fails=1)
    ev = {"target": cam, "sd_passphrase": PASSPHRASE, "allow_format": True}

    failed = run_playbook("storage.yml", fleet.inventory, ev)
    assert failed.rc != 0
    record = failed.result(TASK, cam)
    assert record["status"] == "failed", record
    res = record["result"]
    msg = res["msg"]
    # The camera, the call, the camera's own words.
    assert msg.startswith("camera %s: VAPIX disks format.cgi SD_DISK: job " % addr), msg
    assert "failed at 50%: camera error" in msg, msg
    assert "Format failed: could not create the encrypted file system" in msg, msg
    # The state the card is left in, and why it is not mounted again.
    assert "the card is left UNMOUNTED, so the camera does not record to it" in msg, msg
    assert "mounting it back was refused (VAPIX disks mount.cgi" in msg, msg
    assert "Cannot mount: not encrypted" in msg, msg
    # What is done, what is left.
    assert "Slot SD_DISK stopped part-way: done: enable_encryption; still to do: format, " \
        "mount; run the task again to finish" in msg, msg
    assert res["changed"] is True
    assert [(c["key"], c["action"], c["after"]) for c in res["applied"]] == \
        [("slot SD_DISK", "enable_encryption", {"encryption_enabled": True})]
    assert [(c["key"], c["action"], c["destructive"], c["before"], c["after"])
            for c in res["not_applied"]] == \
        [("slot SD_DISK", "format_and_mount", True,
          {"encryption_enabled": True, "encrypted": False, "mounted": False,
           "filesystem": "vfat", "recording": True},
          {"encrypted": True, "mounted": True})]
    half_done = {"encryption_enabled": True, "encrypted": False, "mounted": False,
                 "filesystem": "vfat", "recordings": 37}
    assert card_state(fleet, cam) == half_done
    assert fleet.control.counters(cam)["by_path"][FORMAT_CGI] == 1, "the format was repeated"
    assert PASSPHRASE not in failed.stdout + failed.stderr

    # Without allow_format the re-run refuses to erase the recordings the card still holds.
    fleet.control.reset_counters(cam)
    refused = run_playbook("storage.yml", fleet.inventory,
                           {"target": cam, "sd_passphrase": PASSPHRASE})
    assert refused.rc != 0
    msg = refused.result(TASK, cam)["result"]["msg"]
    assert "slot SD_DISK has encryption enabled but is not formatted yet" in msg, msg
    assert "allow_format: true" in msg, msg
    assert fleet.control.counters(cam)["writes"] == 0
    assert card_state(fleet, cam) == half_done

    # Check mode shows the steps left, and needs no passphrase: the camera has it.
    check = run_playbook("storage.yml", fleet.inventory, {"target": cam, "allow_format": True},
                         check=True, diff=True)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert [(c["action"], c["destructive"]) for c in res["plan"]] == [("format_and_mount", True)]
    assert res["diff"] == {
        "before": {"slot SD_DISK": {"encryption_enabled": True, "encrypted": False,
                                    "mounted": False, "filesystem": "vfat", "recording": True}},
        "after": {"slot SD_DISK": {"encrypted": True, "mounted": True}}}
    assert fleet.control.counters(cam)["writes"] == 0
    assert card_state(fleet, cam) == half_done

    # A clean re-run finishes the job, and a third run has nothing left to do.
    rerun = run_playbook("storage.yml", fleet.inventory, dict(ev, twice=True), diff=True)
    assert rerun.rc == 0, rerun
    res = rerun.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert [c["action"] for c in res["plan"]] == ["format_and_mount"]
    assert card_state(fleet, cam) == {"encryption_enabled": True, "encrypted": True,
                                      "mounted": True, "filesystem": "ext4", "recordings": 0}
    assert slot(fleet, cam)["passphrase"] == PASSPHRASE
    read_back = res["storage"]["slots"][0]
    assert (read_back["encrypted"], read_back["mounted"]) == (True, True)
    writes = fleet.control.counters(cam)["writes"]
    again = rerun.result(AGAIN, cam)["result"]
    assert again["changed"] is False and again["plan"] == []
    assert fleet.control.counters(cam)["writes"] == writes


def test_an_empty_card_left_part_way_is_finished_without_allow_format(fleet):
    """Encryption enabled, the format not done, and nothing on the card: finishing the
    format loses nothing, so it needs no allow_format."""
    cam = camera_of("axis")
    fleet.control.drift(cam, {"storage.slots.0.mounted": False, "storage.slots.0.recordings": 0,
                              "storage.slots.0.encryption_enabled": True,
                              "storage.slots.0.passphrase": PASSPHRASE})
    run = run_playbook("storage.yml", fleet.inventory, {"target": cam})
    assert run.rc == 0, run
    res = run.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert [c["action"] for c in res["plan"]] == ["format_and_mount"]
    assert card_state(fleet, cam) == {"encryption_enabled": True, "encrypted": True,
                                      "mounted": True, "filesystem": "ext4", "recordings": 0}


def test_an_encrypted_card_left_unmounted_is_mounted_and_keeps_its_recordings(fleet):
    """The format finished but the mount did not: the card is encrypted and recorded
    nothing since. It shows as "disconnected", yet it is there: the re-run mounts it and
    formats nothing, so what it holds stays."""
    cam = camera_of("axis")
    fleet.control.drift(cam, {"storage.slots.0.mounted": False, "storage.slots.0.recordings": 5,
                              "storage.slots.0.encryption_enabled": True,
                              "storage.slots.0.encrypted": True,
                              "storage.slots.0.filesystem": "ext4",
                              "storage.slots.0.passphrase": PASSPHRASE})
    check = run_playbook("storage.yml", fleet.inventory, {"target": cam}, check=True, diff=True)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert [(c["action"], c["destructive"]) for c in res["plan"]] == [("mount", False)]
    assert slot(fleet, cam)["mounted"] is False

    run = run_playbook("storage.yml", fleet.inventory, {"target": cam})
    assert run.rc == 0, run
    assert run.result(TASK, cam)["result"]["changed"] is True
    assert card_state(fleet, cam) == {"encryption_enabled": True, "encrypted": True,
                                      "mounted": True, "filesystem": "ext4", "recordings": 5}
    assert FORMAT_CGI not in fleet.control.counters(cam)["by_path"]


def test_an_http_500_on_format_cgi_is_not_repeated_and_the_card_state_is_said(fleet):
    """The camera answers format.cgi itself with a 500: whether the job started is
    unknown, so the request is not sent again. Encryption was enabled (changed), the card
    is left unmounted, and a re-run (the 500 was once) finishes it."""
    cam = camera_of("axis")
    fleet.control.faults(cam, http_500=1, http_500_path=FORMAT_CGI)
    ev = {"target": cam, "sd_passphrase": PASSPHRASE, "allow_format": True}
    failed = run_playbook("storage.yml", fleet.inventory, ev)
    assert failed.rc != 0
    res = failed.result(TASK, cam)["result"]
    assert "VAPIX disks format.cgi SD_DISK" in res["msg"], res["msg"]
    assert "500" in res["msg"], res["msg"]
    assert "the card is left UNMOUNTED" in res["msg"], res["msg"]
    assert "still to do: format, mount" in res["msg"], res["msg"]
    assert res["changed"] is True
    assert [c["action"] for c in res["applied"]] == ["enable_encryption"]
    assert fleet.control.counters(cam)["by_path"][FORMAT_CGI] == 1
    assert card_state(fleet, cam)["recordings"] == 37

    rerun = run_playbook("storage.yml", fleet.inventory, ev)
    assert rerun.rc == 0, rerun
    assert card_state(fleet, cam) == {"encryption_enabled": True, "encrypted": True,
                                      "mounted": True, "filesystem": "ext4", "recordings": 0}


def test_a_mount_that_fails_says_the_card_is_left_unmounted(fleet):
    """Only the mount is left, and the camera answers it with a 500: nothing changed, and
    the task says the card stays unmounted, as read from the camera after the error."""
    cam, mount_cgi = camera_of("axis"), "/axis-cgi/disks/mount.cgi"
    fleet.control.drift(cam, {"storage.slots.0.mounted": False, "storage.slots.0.recordings": 0,
                              "storage.slots.0.encryption_enabled": True,
                              "storage.slots.0.encrypted": True,
                              "storage.slots.0.filesystem": "ext4",
                              "storage.slots.0.passphrase": PASSPHRASE})
    fleet.control.faults(cam, http_500=1, http_500_path=mount_cgi)
    run = run_playbook("storage.yml", fleet.inventory, {"target": cam})
    assert run.rc != 0
    res = run.result(TASK, cam)["result"]
    assert res["msg"].startswith("camera %s: VAPIX disks mount.cgi mount: "
                                 % fleet.cameras[cam]["address"]), res["msg"]
    assert "the card is left UNMOUNTED, so the camera does not record to it " \
        "(status 'disconnected')" in res["msg"], res["msg"]
    assert res["changed"] is False and res["applied"] == []
    assert fleet.control.counters(cam)["by_path"][mount_cgi] == 1
    assert slot(fleet, cam)["mounted"] is False


def test_hikvision_without_a_card_is_compliant(fleet):
    cam = camera_of("hikvision")
    fleet.control.drift(cam, {"storage.slots.0.present": False})
    fleet.control.reset_counters(cam)
    run = run_playbook("storage.yml", fleet.inventory, {"target": cam, "sd_passphrase": PASSPHRASE},
                       diff=True)
    assert run.rc == 0, run
    res = run.result(TASK, cam)["result"]
    assert res["changed"] is False
    assert res["msg"] == "no removable storage present: compliant with 5.1.1.2"
    assert res["diff"] == {"before": {}, "after": {}}
    assert fleet.control.counters(cam)["writes"] == 0
