"""Input the camera cannot take fails the task with a message that says what is wrong,
before anything is written: one playbook, one task per kind of mistake, every vendor."""

from tests.integration.ansible_run import run_playbook
from tests.conftest import VENDORS, camera_of, cameras_of, vendor_of, vendor_package

CAMS = cameras_of()  # every registered vendor
MAX_MASKS = {cam: vendor_package(vendor_of(cam)).LIMITS["max_masks"] for cam in CAMS}
NOTHING_CHANGED = "invalid input, nothing was changed"


def square(i):
    x = 0.02 * (i % 40)
    return [[x, 0.1], [x + 0.01, 0.1], [x + 0.01, 0.2], [x, 0.2]]


def test_bad_masks_and_vendor_fail_clearly_and_write_nothing(fleet):
    before = {cam: fleet.control.state(cam) for cam in CAMS}
    too_many = {cam: [{"name": "m%d" % i, "polygon": square(i)} for i in range(MAX_MASKS[cam] + 1)]
                for cam in CAMS}
    run = run_playbook("bad_input.yml", fleet.inventory, {"too_many_by_host": too_many})

    expected = {
        "Point outside the picture": "point 2 [1.2, 0.1] is outside the picture",
        "Fewer than 3 points": "a polygon needs at least 3 points, got 2",
        "Not a number": "point 2 ['left', 0.1]: 'left' is not a number",
        # the collection's vendors are the emulator's (each package's NAME), checked
        # against the drivers' registry
        "Unknown vendor": "unknown vendor 'acme'; choose one of %s" % ", ".join(("auto",) + tuple(sorted(VENDORS))),
    }
    for cam in CAMS:
        for task, phrase in dict(expected, **{
                "More masks than the camera allows":
                    "would hold %d masks, but the camera allows at most %d"
                    % (MAX_MASKS[cam] + 1, MAX_MASKS[cam])}).items():
            record = run.result(task, cam)
            assert record["status"] == "failed", (task, cam, record["result"])
            msg = record["result"]["msg"]
            assert NOTHING_CHANGED in msg and phrase in msg, (task, cam, msg)
            assert record["result"]["changed"] is False

    # Hikvision regions are quadrilaterals: exactly 4 points.
    for task, phrase in (("Hikvision with 3 points", "needs at least 4 points per mask, got 3"),
                         ("Hikvision with 5 points", "takes at most 4 points per mask, got 5")):
        record = run.result(task, camera_of("hikvision"))
        assert record["status"] == "failed" and phrase in record["result"]["msg"], record
        for cam in (camera_of("axis"), camera_of("onvif")):
            assert run.result(task, cam)["status"] == "skipped"

    for cam in CAMS:
        assert fleet.control.counters(cam)["writes"] == 0, cam
        assert fleet.control.state(cam) == before[cam], cam
