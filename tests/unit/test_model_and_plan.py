"""Pure unit tests of the settings model and the area planners, with plain dict inputs
shaped as the drivers return them (no emulator, no network)."""

import copy

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import model
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import discovery, privacy_masks, storage
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError, Unsupported

SQUARE = [[0.1, 0.1], [0.3, 0.1], [0.3, 0.3], [0.1, 0.3]]
TRIANGLE = [[0.6, 0.6], [0.9, 0.6], [0.75, 0.9]]
STRIP = [[0.0, 0.9], [1.0, 0.9], [1.0, 1.0], [0.0, 1.0]]


def shifted(polygon, dx, dy=0.0):
    return [[x + dx, y + dy] for x, y in polygon]


# -- model: polygons ----------------------------------------------------------------------

def test_normalise_polygon_rounds_and_keeps_garbage_for_validation():
    assert model.normalise_polygon([[0.123456, "0.5"], (1, 0)]) == [[0.1235, 0.5], [1.0, 0.0]]
    assert model.normalise_polygon([["x", 1], [0.1]]) == [["x", 1], [0.1]]


@pytest.mark.parametrize("dx,match", [(0.0, True), (0.004, True), (0.0049, True),
                                      (-0.0049, True), (0.0051, False), (-0.006, False),
                                      (0.02, False)])
def test_polygons_match_within_tolerance(dx, match):
    assert model.POLYGON_TOLERANCE == 0.005
    assert model.polygons_match(SQUARE, model.normalise_polygon(shifted(SQUARE, dx))) is match
    assert model.polygons_match(SQUARE, model.normalise_polygon(shifted(SQUARE, 0, dx))) is match


def test_polygons_match_needs_same_points_in_order():
    assert model.polygons_match(SQUARE, SQUARE[:3]) is False
    assert model.polygons_match(SQUARE, SQUARE[1:] + SQUARE[:1]) is False


def test_vendor_grid_rounding_is_within_tolerance():
    """Hikvision keeps points on a 704x576 grid, Axis on 1920x1080: what comes back after
    a write must match what was asked, or re-runs are never idempotent."""
    for columns, rows in ((704, 576), (1920, 1080), (2000, 2000)):
        back = [[round(x * columns) / columns, round(y * rows) / rows] for x, y in TRIANGLE]
        assert model.polygons_match(TRIANGLE, model.normalise_polygon(back))


# -- model: masks --------------------------------------------------------------------------

def test_normalise_mask_fills_defaults_and_source():
    mask = model.normalise_mask({"polygon": SQUARE, "enabled": None, "color": None}, "VS1")
    assert mask == {"name": "", "enabled": True, "type": "Color", "color": "black",
                    "polygon": SQUARE, "video_source": "VS1"}
    given = model.normalise_mask({"name": 7, "polygon": SQUARE, "enabled": 0,
                                  "video_source": "VS2", "type": "Blurred"}, "VS1")
    assert (given["name"], given["enabled"], given["video_source"], given["type"]) == \
        ("7", False, "VS2", "Blurred")


def test_masks_equal_compares_what_the_camera_keeps():
    a = model.normalise_mask({"polygon": SQUARE}, "VS1")
    assert model.masks_equal(a, dict(a, polygon=shifted(SQUARE, 0.003), name="other"))
    assert not model.masks_equal(a, dict(a, enabled=False))
    assert not model.masks_equal(a, dict(a, color="red"))
    assert not model.masks_equal(a, dict(a, type="Blurred"))
    assert not model.masks_equal(a, dict(a, polygon=shifted(SQUARE, 0.01)))


LIMITS = {"max_points": 4, "min_points": 3, "types": ["Color", "Blurred"]}


@pytest.mark.parametrize("polygon,limits,words", [
    (SQUARE[:2], LIMITS, "at least 3 points"),
    (SQUARE[:3], dict(LIMITS, min_points=4), "at least 4 points per mask"),
    (SQUARE + [[0.2, 0.2]], LIMITS, "at most 4 points"),
    ([[0.1, 0.1], [1.2, 0.1], [0.5, 0.5]], LIMITS, "point 2 [1.2, 0.1] is outside the picture"),
    ([[0.1, 0.1], [0.2, -0.01], [0.5, 0.5]], LIMITS, "point 2"),
    ([[0.1, 0.1], [0.2, "a"], [0.5, 0.5]], LIMITS, "point 2 [0.2, 'a']: 'a' is not a number"),
    # YAML's yes/no must not pass as 1.0/0.0
    ([[0.1, 0.1], [True, 0.2], [0.5, 0.5]], LIMITS, "point 2 [True, 0.2]: True is not a number"),
    ([[0.1, 0.1], [0.2, False], [0.5, 0.5]], LIMITS, "False is not a number"),
    ([[0.1, 0.1], [0.2], [0.5, 0.5]], LIMITS, "point 2 must be [x, y]"),
])
def test_validate_mask_refuses(polygon, limits, words):
    mask = model.normalise_mask({"polygon": polygon}, "VS1")
    with pytest.raises(InputError) as err:
        model.validate_mask(mask, limits, "mask door")
    assert str(err.value).startswith("mask door: ")
    assert words in str(err.value)


def test_validate_mask_type_and_accepts_good_masks():
    ok = model.normalise_mask({"polygon": SQUARE}, "VS1")
    model.validate_mask(ok, LIMITS, "m")
    model.validate_mask(model.normalise_mask({"polygon": [[0, 0], [1, 0], [1, 1]]}, "VS1"), LIMITS, "m")
    with pytest.raises(InputError) as err:
        model.validate_mask(dict(ok, type="Pixelated"), LIMITS, "m")
    assert "'Pixelated' is not offered by this camera (it offers Color, Blurred)" in str(err.value)


def test_validate_mask_without_declared_limits():
    """A driver that does not report a limit (None) imposes none beyond the model's."""
    mask = model.normalise_mask({"polygon": SQUARE + [[0.2, 0.2]]}, "VS1")
    model.validate_mask(mask, {"max_points": None, "min_points": None, "types": None}, "m")
    with pytest.raises(InputError):
        model.validate_mask(dict(mask, polygon=SQUARE[:2]), {"min_points": None}, "m")


def test_diff_dicts_keeps_only_differences():
    before, after = model.diff_dicts({"a": 1, "b": 2, "c": 3}, {"a": 1, "b": 5, "d": 4})
    assert before == {"b": 2, "c": 3, "d": None}
    assert after == {"b": 5, "c": None, "d": 4}


# -- discovery -------------------------------------------------------------------------------

VENDOR_DISCOVERY = {"upnp": True, "bonjour": True, "snmp": True, "snmp_versions": ["v1", "v2c"],
                    "ws_discovery": True}
ONVIF_DISCOVERY = {"ws_discovery": True,
                   "unsupported": {"upnp": "no UPnP API", "bonjour": "no Bonjour API",
                                   "snmp": "no SNMP API"}}


def test_discovery_plans_only_what_differs():
    changes = discovery.plan(VENDOR_DISCOVERY, {"upnp": False, "bonjour": True, "snmp": None,
                                                "ws_discovery": False})
    assert changes == [
        {"area": "discovery", "key": "upnp", "action": "set", "before": True, "after": False},
        {"area": "discovery", "key": "ws_discovery", "action": "set", "before": True,
         "after": False}]
    assert discovery.diff(VENDOR_DISCOVERY, changes) == (
        {"upnp": True, "ws_discovery": True}, {"upnp": False, "ws_discovery": False})
    assert discovery.plan(VENDOR_DISCOVERY, {}) == []
    assert discovery.plan(VENDOR_DISCOVERY, dict(VENDOR_DISCOVERY)) == []


def test_discovery_unsupported_fails_or_is_skipped():
    with pytest.raises(Unsupported) as err:
        discovery.plan(ONVIF_DISCOVERY, {"upnp": False, "ws_discovery": False})
    assert "upnp: no UPnP API" in str(err.value)
    changes = discovery.plan(ONVIF_DISCOVERY, {"upnp": False, "snmp": False,
                                               "snmp_versions": ["v3"], "ws_discovery": False,
                                               "_on_unsupported": "warn"})
    assert [c["key"] for c in changes] == ["ws_discovery"]


def test_discovery_snmp_versions():
    plan = discovery.plan(VENDOR_DISCOVERY, {"snmp": True, "snmp_versions": ["v3", "v3"]})
    assert plan == [{"area": "discovery", "key": "snmp_versions", "action": "set",
                     "before": ["v1", "v2c"], "after": ["v3"]}]
    # order and duplicates do not make a change
    assert discovery.plan(VENDOR_DISCOVERY, {"snmp_versions": ["v2c", "v1", "v1"]}) == []
    # versions are moot when SNMP goes off, and when it is off and stays off
    assert [c["key"] for c in discovery.plan(VENDOR_DISCOVERY, {"snmp": False,
                                                                "snmp_versions": ["v3"]})] == ["snmp"]
    off = dict(VENDOR_DISCOVERY, snmp=False, snmp_versions=[])
    assert discovery.plan(off, {"snmp_versions": ["v3"]}) == []
    # turning SNMP on with versions plans both
    assert [c["key"] for c in discovery.plan(off, {"snmp": True, "snmp_versions": ["v3"]})] == \
        ["snmp", "snmp_versions"]


# -- privacy masks ------------------------------------------------------------------------------

def camera(masks=(), max_masks=4, max_points=6, min_points=3, types=("Color", "Blurred"),
           sources=("VS1",)):
    """What a driver's read_privacy_masks() returns."""
    return {"video_sources": [{"token": s, "width": 1920, "height": 1080} for s in sources],
            "max_masks": max_masks, "max_points": max_points, "min_points": min_points,
            "types": list(types), "masks": [dict(m) for m in masks]}


def on_camera(name, polygon, source="VS1", **kw):
    mask = {"name": name, "token": name, "video_source": source, "enabled": True,
            "polygon": polygon, "type": "Color", "color": "black"}
    mask.update(kw)
    return mask


def actions(changes):
    return sorted((c["action"], c["key"]) for c in changes)


def test_masks_gathered_plans_nothing():
    assert privacy_masks.plan(camera([on_camera("Mask_1", SQUARE)]),
                              {"state": "gathered", "masks": [{"polygon": STRIP}]}) == []


def test_masks_merged_adds_and_keeps_the_rest():
    current = camera([on_camera("Mask_1", SQUARE)])
    changes = privacy_masks.plan(current, {"masks": [{"name": "strip", "polygon": STRIP}]})
    assert actions(changes) == [("create", "mask strip")]
    created = changes[0]["after"]
    assert created["video_source"] == "VS1" and created["color"] == "black"
    assert changes[0]["video_source"] == "VS1"
    assert len(changes[0]["_final"]) == 2, "the kept mask and the new one"


def test_masks_matched_by_geometry_within_tolerance_are_left_alone():
    current = camera([on_camera("Mask_1", model.normalise_polygon(shifted(SQUARE, 0.004)))])
    for state in ("merged", "replaced", "overridden"):
        assert privacy_masks.plan(current, {"state": state, "masks": [{"polygon": SQUARE}]}) == []
    # just outside the tolerance it is another mask
    assert actions(privacy_masks.plan(current, {"masks": [{"polygon": shifted(SQUARE, 0.01)}]})) \
        == [("create", "mask #1")]


def test_masks_matched_by_name_where_the_camera_keeps_names():
    current = camera([on_camera("door", SQUARE)])
    changes = privacy_masks.plan(current, {"masks": [{"name": "door", "polygon": TRIANGLE}]})
    assert actions(changes) == [("update", "mask door")]
    assert changes[0]["before"]["polygon"] == SQUARE
    assert changes[0]["after"]["polygon"] == TRIANGLE
    assert changes[0]["after"]["token"] == "door", "the update keeps the camera's handle"


def test_masks_merged_updates_only_the_given_attributes():
    current = camera([on_camera("Mask_1", SQUARE, color="red", type="Blurred")])
    changes = privacy_masks.plan(current, {"masks": [{"polygon": SQUARE, "enabled": False}]})
    assert actions(changes) == [("update", "mask Mask_1")]
    after = changes[0]["after"]
    assert (after["enabled"], after["color"], after["type"]) == (False, "red", "Blurred")


def test_masks_merged_update_by_name_without_polygon():
    """merged: "update the attributes given for matched ones" - a mask named as the
    camera names it can be switched off without repeating its geometry."""
    current = camera([on_camera("door", SQUARE)])
    changes = privacy_masks.plan(current, {"masks": [{"name": "door", "enabled": False}]})
    assert actions(changes) == [("update", "mask door")]
    assert changes[0]["after"]["polygon"] == SQUARE
    assert changes[0]["after"]["enabled"] is False
    # a new mask still needs its geometry
    with pytest.raises(InputError) as err:
        privacy_masks.plan(current, {"masks": [{"name": "window", "enabled": False}]})
    assert "mask window: a polygon needs at least 3 points" in str(err.value)


def test_masks_replaced_resets_what_is_not_given():
    current = camera([on_camera("Mask_1", SQUARE, color="red", type="Blurred"),
                      on_camera("Mask_2", TRIANGLE)])
    changes = privacy_masks.plan(current, {"state": "replaced", "masks": [{"polygon": SQUARE}]})
    assert actions(changes) == [("update", "mask Mask_1")]
    after = changes[0]["after"]
    assert (after["color"], after["type"], after["enabled"]) == ("black", "Color", True)
    assert after["name"] == "Mask_1"
    assert len(changes[0]["_final"]) == 2, "replaced never deletes what is not named"


def test_masks_overridden_deletes_what_is_not_named():
    current = camera([on_camera("Mask_1", SQUARE), on_camera("Mask_2", TRIANGLE),
                      on_camera("Mask_3", STRIP)])
    changes = privacy_masks.plan(current, {"state": "overridden", "masks": [
        {"polygon": TRIANGLE}, {"name": "new", "polygon": [[0.4, 0.4], [0.5, 0.4], [0.5, 0.5]]}]})
    assert actions(changes) == [("create", "mask new"), ("delete", "mask Mask_1"),
                                ("delete", "mask Mask_3")]
    final = changes[0]["_final"]
    assert sorted(m["name"] for m in final) == ["Mask_2", "new"]
    assert privacy_masks.plan(current, {"state": "overridden", "masks": []}) != []
    assert len(privacy_masks.plan(current, {"state": "overridden", "masks": []})) == 3


def test_masks_deleted_removes_only_the_named():
    current = camera([on_camera("Mask_1", SQUARE), on_camera("door", TRIANGLE)])
    changes = privacy_masks.plan(current, {"state": "deleted", "masks": [
        {"polygon": shifted(SQUARE, 0.002)}, {"name": "door"}, {"polygon": STRIP}]})
    assert actions(changes) == [("delete", "mask Mask_1"), ("delete", "mask door")]
    assert all(c["after"] is None for c in changes)
    assert changes[0]["_final"] == []
    assert privacy_masks.plan(current, {"state": "deleted", "masks": [{"polygon": STRIP}]}) == []


def test_masks_per_video_source():
    current = camera([on_camera("Mask_1", SQUARE, source="VS2")], sources=("VS1", "VS2"))
    # the same geometry on another source is another mask
    changes = privacy_masks.plan(current, {"masks": [{"polygon": SQUARE}]})
    assert actions(changes) == [("create", "mask #1")]
    assert changes[0]["video_source"] == "VS1"
    assert privacy_masks.plan(current, {"video_source": "VS2", "masks": [{"polygon": SQUARE}]}) == []
    with pytest.raises(InputError) as err:
        privacy_masks.plan(current, {"masks": [{"name": "x", "polygon": SQUARE,
                                               "video_source": "VS9"}]})
    assert "mask x: video source 'VS9' does not exist on this camera (it has VS1, VS2)" \
        in str(err.value)
    with pytest.raises(InputError) as err:
        privacy_masks.plan(camera(sources=()), {"masks": [{"polygon": SQUARE}]})
    assert "no video source" in str(err.value)


def test_masks_max_masks():
    full = camera([on_camera("Mask_%d" % i, shifted(TRIANGLE, -0.1 * i)) for i in range(1, 4)],
                  max_masks=4)
    assert actions(privacy_masks.plan(full, {"masks": [{"polygon": SQUARE}]})) == \
        [("create", "mask #1")]
    with pytest.raises(InputError) as err:
        privacy_masks.plan(full, {"masks": [{"polygon": SQUARE}, {"polygon": STRIP}]})
    assert "video source VS1 would hold 5 masks, but the camera allows at most 4" in str(err.value)
    # overridden frees the room of what it deletes
    changes = privacy_masks.plan(full, {"state": "overridden", "masks": [
        {"polygon": SQUARE}, {"polygon": STRIP}]})
    assert len(changes[0]["_final"]) == 2
    with pytest.raises(InputError):
        privacy_masks.plan(camera(max_masks=0), {"masks": [{"polygon": SQUARE}]})


def test_masks_validation_before_anything():
    current = camera(max_points=4, types=("Color",))
    with pytest.raises(InputError) as err:
        privacy_masks.plan(current, {"masks": [{"name": "ok", "polygon": SQUARE},
                                               {"name": "big", "polygon": SQUARE + [[0.2, 0.2]]}]})
    assert "mask big: this camera takes at most 4 points per mask, got 5" in str(err.value)
    with pytest.raises(InputError) as err:
        privacy_masks.plan(current, {"masks": [{"polygon": SQUARE, "type": "Blurred"}]})
    assert "mask 1: mask type 'Blurred' is not offered" in str(err.value)
    with pytest.raises(InputError):
        privacy_masks.plan(current, {"masks": [{"polygon": [[0.1, 0.1], [2, 0.1], [0.5, 0.5]]}]})
    # deleting does not validate geometry a camera could not hold
    assert privacy_masks.plan(current, {"state": "deleted",
                                        "masks": [{"polygon": SQUARE + [[0.2, 0.2]]}]}) == []


def test_masks_plan_does_not_touch_its_input():
    current = camera([on_camera("Mask_1", SQUARE), on_camera("Mask_2", TRIANGLE)])
    desired = {"state": "overridden", "masks": [{"polygon": SQUARE, "enabled": False}]}
    frozen = (copy.deepcopy(current), copy.deepcopy(desired))
    privacy_masks.plan(current, desired)
    assert (current, desired) == frozen


def test_masks_diff_shows_before_and_after():
    current = camera([on_camera("Mask_1", SQUARE)])
    changes = privacy_masks.plan(current, {"state": "overridden", "masks": [{"name": "t",
                                                                              "polygon": TRIANGLE}]})
    before, after = privacy_masks.diff(current, changes)
    assert before == {"mask t": None, "mask Mask_1": current["masks"][0]}
    assert after["mask Mask_1"] is None and after["mask t"]["polygon"] == TRIANGLE


# -- storage ---------------------------------------------------------------------------------

def slot(**kw):
    s = {"id": "SD_DISK", "present": True, "encryption_supported": True,
         "encryption_enabled": False, "encrypted": False, "locked": False,
         "filesystem": "vfat", "recording": False}
    s.update(kw)
    return s


ENCRYPT = {"encryption": True, "allow_format": False, "have_passphrase": True}


def test_storage_nothing_to_do():
    assert storage.plan({"slots": [slot()]}, dict(ENCRYPT, encryption=False)) == []
    assert storage.plan({"slots": [slot(encrypted=True)]}, ENCRYPT) == []
    assert storage.plan({"slots": [slot(present=False, encryption_supported=False)]}, ENCRYPT) == []
    assert storage.plan({"slots": []}, ENCRYPT) == []


def test_storage_encrypting_an_empty_card_is_a_destructive_step():
    changes = storage.plan({"slots": [slot()]}, ENCRYPT)
    assert changes == [{"area": "storage", "key": "slot SD_DISK", "slot": "SD_DISK",
                        "action": "enable_encryption_and_format", "destructive": True,
                        "before": {"encrypted": False, "filesystem": "vfat", "recording": False},
                        "after": {"encrypted": True}}]
    assert storage.diff({}, changes) == ({"slot SD_DISK": changes[0]["before"]},
                                         {"slot SD_DISK": {"encrypted": True}})


def test_storage_refuses_to_erase_recordings_unless_allowed():
    with pytest.raises(InputError) as err:
        storage.plan({"slots": [slot(recording=37)]}, ENCRYPT)
    assert "slot SD_DISK holds recordings" in str(err.value)
    assert "allow_format: true" in str(err.value)
    changes = storage.plan({"slots": [slot(recording=37)]}, dict(ENCRYPT, allow_format=True))
    assert changes[0]["before"]["recording"] is True


def test_storage_refuses_without_passphrase():
    with pytest.raises(InputError) as err:
        storage.plan({"slots": [slot()]}, dict(ENCRYPT, have_passphrase=False))
    assert "give a passphrase" in str(err.value)


def test_storage_card_the_api_cannot_encrypt():
    with pytest.raises(Unsupported) as err:
        storage.plan({"slots": [slot(id="1", encryption_supported=False)]}, ENCRYPT)
    assert "slot 1 holds a card" in err.value.reason
    assert "remove the card" in err.value.reason
