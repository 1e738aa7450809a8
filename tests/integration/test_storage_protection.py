"""storage_protection against the emulator: Axis encrypts (formatting only when allowed),
Hikvision has no encryption API (compliant only without a card), ONVIF cannot even see
the card."""

from tests.integration.ansible_run import run_playbook

TASK = "Protect removable storage"
AGAIN = "Protect removable storage again"
PASSPHRASE = "Sd-Card-Passphrase-4b7f"


def slot(emulator, cam):
    return emulator.control.state(cam)["storage"]["slots"][0]


def test_cards_that_cannot_be_protected_now_are_refused_with_the_reason(fleet):
    """Factory state: Axis and Hikvision hold a card with recordings; the ONVIF camera
    has no slot, but ONVIF cannot tell us that."""
    before = {cam: fleet.control.state(cam) for cam in ("cam-0001", "cam-0002", "cam-0003")}
    run = run_playbook("storage.yml", fleet.inventory, {"sd_passphrase": PASSPHRASE})
    assert run.rc != 0

    axis = run.result(TASK, "cam-0001")
    assert axis["status"] == "failed"
    assert "slot SD_DISK holds recordings" in axis["result"]["msg"]
    assert "formats the card, which erases them" in axis["result"]["msg"]
    assert "allow_format: true" in axis["result"]["msg"]

    hik = run.result(TASK, "cam-0002")
    assert hik["status"] == "failed"
    assert "offers no way to encrypt it" in hik["result"]["msg"]
    assert "remove the card" in hik["result"]["msg"]

    onvif = run.result(TASK, "cam-0003")
    assert onvif["status"] == "failed"
    assert "ONVIF defines no operation to list SD cards or to encrypt them" in onvif["result"]["msg"]
    assert "attestation for 5.1.1.2" in onvif["result"]["msg"]

    for cam, state in before.items():
        assert fleet.control.counters(cam)["writes"] == 0, cam
        assert fleet.control.state(cam) == state, cam
    assert slot(fleet, "cam-0001")["recordings"] == 37


def test_axis_card_is_encrypted_when_formatting_is_allowed(fleet):
    cam = "cam-0001"
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


def test_hikvision_without_a_card_is_compliant(fleet):
    cam = "cam-0002"
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
