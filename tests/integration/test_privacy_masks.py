"""privacy_masks against the emulator, every vendor at once: check/diff, apply, the state the
camera keeps, idempotence through the vendors' rounding, and the resource-module states.

Each run targets all three cameras (Axis and ONVIF through ONVIF Media2, Hikvision through
ISAPI); the assertions are per camera. A "twice" run executes the same task again right
after the first one (a new task, a new HTTP session), which is what a second run does.
"""

from tests.integration.ansible_run import run_playbook
from tests.conftest import cameras_of, expected, per_camera, vendor_of, vendor_package

TASK = "Set privacy masks"
AGAIN = "Set privacy masks again"
CAMS = cameras_of()  # every registered vendor
TOLERANCE = 0.005  # model.POLYGON_TOLERANCE: what the collection calls "the same place"

# The video source as each driver names it (the Media2 configuration token on Axis and
# ONVIF, the ISAPI channel on Hikvision): EXPECTED["privacy_masks"] of the vendor package.
SOURCE = per_camera(lambda vendor: expected(vendor, "privacy_masks")["video_source"])

# Off every vendor's grid (Axis/ONVIF 2000x2000 steps over -1..1, Hikvision 704x576): each
# camera stores these points rounded, so a naive re-run would see a change.
DOOR = [[0.12345, 0.11111], [0.33333, 0.11111], [0.33333, 0.45678], [0.12345, 0.45678]]


def on_camera(token, polygon, name=None):
    """A mask as the emulator keeps it, drifted in behind the collection's back (a mask made
    in the camera's web UI, say). Token PrivacyMask_<n> is Hikvision region <n>."""
    return {"token": token, "name": name or token, "video_source": "VideoSourceConfig_1",
            "polygon": polygon, "type": "Color", "color": "black", "enabled": True}


KEEP = on_camera("PrivacyMask_3", [[0.6, 0.6], [0.9, 0.6], [0.9, 0.9], [0.6, 0.9]])
# How each driver names that mask (and mask 1) when it reads it back.
KEEP_NAME = per_camera(lambda vendor: expected(vendor, "privacy_masks")["mask_name"] % 3)
DOOR_NAME = per_camera(lambda vendor: expected(vendor, "privacy_masks")["mask_name"] % 1)


def close(a, b):
    return len(a) == len(b) and all(abs(p[0] - q[0]) <= TOLERANCE and abs(p[1] - q[1]) <= TOLERANCE
                                    for p, q in zip(a, b))


def rounded(polygon):
    return [[round(x, 4), round(y, 4)] for x, y in polygon]


def masks_in(emulator, cam):
    return emulator.control.state(cam)["privacy_masks"]


def drift_masks(emulator, masks):
    for cam in CAMS:
        emulator.control.drift(cam, {"privacy_masks": masks})
        emulator.control.reset_counters(cam)  # the drift itself counts as a write


def read_mask(result, name):
    """The mask the task read from the camera, by the name the driver gives it."""
    found = [m for m in result["privacy_masks"]["masks"] if m["name"] == name]
    assert len(found) == 1, result["privacy_masks"]
    return found[0]


def test_merged_adds_a_mask_keeps_the_others_and_is_idempotent(fleet):
    drift_masks(fleet, [KEEP])
    before = {cam: fleet.control.state(cam) for cam in CAMS}
    ev = {"masks": [{"name": "door", "polygon": DOOR}]}

    check = run_playbook("masks.yml", fleet.inventory, ev, check=True, diff=True)
    assert check.rc == 0, check
    for cam in CAMS:
        res = check.result(TASK, cam)["result"]
        assert res["changed"] is True
        assert res["diff"] == {
            "before": {"mask door": None},
            "after": {"mask door": {"name": "door", "video_source": SOURCE[cam], "enabled": True,
                                    "type": "Color", "color": "black", "polygon": rounded(DOOR)}}}, cam
        assert [c["action"] for c in res["plan"]] == ["create"]
        assert fleet.control.state(cam) == before[cam], "check mode changed %s" % cam
        assert fleet.control.counters(cam)["writes"] == 0

    real = run_playbook("masks.yml", fleet.inventory, dict(ev, twice=True), diff=True)
    assert real.rc == 0, real
    for cam in CAMS:
        res = real.result(TASK, cam)["result"]
        assert res["changed"] is True
        assert res["plan"] == check.result(TASK, cam)["result"]["plan"], \
            "check mode and the real run disagree on %s" % cam
        masks = masks_in(fleet, cam)
        assert len(masks) == 2, masks
        door = [m for m in masks if close(m["polygon"], DOOR)]
        assert len(door) == 1 and door[0]["enabled"] is True, masks
        assert door[0]["polygon"] != DOOR, "the camera did not round: the re-run proves nothing"
        # Same token: ISAPI takes the whole region list in one PUT, and a region the task
        # did not name must keep its id (the camera's UI and other tools know it by it).
        keep = [m for m in masks if m["token"] == KEEP["token"]]
        assert len(keep) == 1 and close(keep[0]["polygon"], KEEP["polygon"]), \
            "merged touched a mask the user did not name on %s: %s" % (cam, masks)

        again = real.result(AGAIN, cam)["result"]
        assert again["changed"] is False, again["plan"]
        # One write for the first task (a CreateMask, or Hikvision's one PUT of the list);
        # none for the second.
        assert fleet.control.counters(cam)["writes"] == 1


def test_overridden_deletes_unnamed_masks_then_deleted_removes_the_named_one(fleet):
    drift_masks(fleet, [on_camera("PrivacyMask_1", DOOR), KEEP])
    before = {cam: fleet.control.state(cam) for cam in CAMS}
    # The same door as the camera's mask 1, named by polygon only (within the tolerance).
    door = [[x + 0.001, y - 0.001] for x, y in DOOR]
    ev = {"mask_state": "overridden", "masks": [{"polygon": door}]}

    check = run_playbook("masks.yml", fleet.inventory, ev, check=True, diff=True)
    assert check.rc == 0, check
    for cam in CAMS:
        res = check.result(TASK, cam)["result"]
        key = "mask %s" % KEEP_NAME[cam]
        assert res["changed"] is True
        assert res["diff"] == {"before": {key: read_mask(res, KEEP_NAME[cam])},
                               "after": {key: None}}, cam
        assert close(res["diff"]["before"][key]["polygon"], KEEP["polygon"])
        assert fleet.control.state(cam) == before[cam], "check mode changed %s" % cam

    real = run_playbook("masks.yml", fleet.inventory, dict(ev, twice=True), diff=True)
    assert real.rc == 0, real
    for cam in CAMS:
        res = real.result(TASK, cam)["result"]
        assert res["plan"] == check.result(TASK, cam)["result"]["plan"], cam
        masks = masks_in(fleet, cam)
        assert [m["token"] for m in masks] == ["PrivacyMask_1"], masks
        assert close(masks[0]["polygon"], DOOR)
        assert real.result(AGAIN, cam)["result"]["changed"] is False
        assert fleet.control.counters(cam)["writes"] == 1

    # deleted: only the mask named (by polygon again), and the check run says exactly that
    before = {cam: fleet.control.state(cam) for cam in CAMS}
    ev = {"mask_state": "deleted", "masks": [{"polygon": door}]}
    check = run_playbook("masks.yml", fleet.inventory, ev, check=True, diff=True)
    assert check.rc == 0, check
    for cam in CAMS:
        res = check.result(TASK, cam)["result"]
        key = "mask %s" % DOOR_NAME[cam]
        assert res["diff"] == {"before": {key: read_mask(res, DOOR_NAME[cam])},
                               "after": {key: None}}, cam
        assert fleet.control.state(cam) == before[cam], "check mode changed %s" % cam

    real = run_playbook("masks.yml", fleet.inventory, dict(ev, twice=True), diff=True)
    assert real.rc == 0, real
    for cam in CAMS:
        assert real.result(TASK, cam)["result"]["plan"] == check.result(TASK, cam)["result"]["plan"]
        assert masks_in(fleet, cam) == []
        assert real.result(AGAIN, cam)["result"]["changed"] is False


def test_gathered_reads_and_changes_nothing(fleet):
    drift_masks(fleet, [KEEP])
    before = {cam: fleet.control.state(cam) for cam in CAMS}
    run = run_playbook("masks.yml", fleet.inventory, {"mask_state": "gathered"}, diff=True)
    assert run.rc == 0, run
    for cam in CAMS:
        res = run.result(TASK, cam)["result"]
        assert res["changed"] is False and res["plan"] == []
        assert len(res["gathered"]) == 1, res["gathered"]
        mask = res["gathered"][0]
        assert mask["name"] == KEEP_NAME[cam] and mask["video_source"] == SOURCE[cam]
        assert close(mask["polygon"], KEEP["polygon"]) and mask["enabled"] is True
        assert res["privacy_masks"]["max_masks"] == vendor_package(vendor_of(cam)).LIMITS["max_masks"]
        assert fleet.control.state(cam) == before[cam]
        assert fleet.control.counters(cam)["writes"] == 0

