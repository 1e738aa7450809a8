"""Firmware versions (module_utils/firmware.py): parsing the vendors' formats, numeric
comparison, per-model minimums from inventory; and the firmware area's read model."""

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import firmware
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import firmware as firmware_area
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

MINIMUMS = {"P3265-LVE": "11.8.0", "DS-2CD2143G2-I": "V5.7.0"}


@pytest.mark.parametrize("text,parsed", [
    ("11.8.64", (11, 8, 64)),
    ("V5.7.3", (5, 7, 3)),
    ("v5.7.3", (5, 7, 3)),
    ("V5.7.3 build 230316", (5, 7, 3)),
    ("V5.7.3 Build 230316", (5, 7, 3)),
    ("V5.5.800build 210628", (5, 5, 800)),
    ("5.7.3_build230316", (5, 7, 3)),
    ("2.4.1 (230101)", (2, 4, 1)),
    ("10.12.182-1", (10, 12, 182)),
    ("11.8.64.beta", (11, 8, 64)),
    ("  9.80.1  ", (9, 80, 1)),
    ("11", (11,)),
    (11, (11,)),
    ("", None),
    ("build 230101", None),
    ("unknown", None),
    ("V", None),
    (None, None),
    (True, None),
])
def test_parse_version(text, parsed):
    assert firmware.parse_version(text) == parsed


@pytest.mark.parametrize("a,b,order", [
    ("11.8.64", "11.8.0", 1),
    ("11.8.0", "11.8.0", 0),
    ("11.8", "11.8.0", 0),
    ("11.10.0", "11.9.9", 1),      # numeric, not string order
    ("9.80.1", "10.0", -1),
    ("V5.7.3 build 230316", "V5.7.0", 1),
    ("V5.6.9", "5.7.0", -1),
    ("V5.7.0 build 991231", "V5.7.0 build 010101", 0),  # builds are ignored
    ((1, 2), "1.2.1", -1),
])
def test_compare_versions(a, b, order):
    assert firmware.compare_versions(a, b) == order
    assert firmware.compare_versions(b, a) == -order


def test_compare_versions_refuses_what_it_cannot_read():
    with pytest.raises(ValueError, match="'nightly'"):
        firmware.compare_versions("nightly", "1.0")


@pytest.mark.parametrize("model,version,result,compliant", [
    ("P3265-LVE", "11.8.64", "at_or_above", True),
    ("P3265-LVE", "11.8.0", "at_or_above", True),
    ("P3265-LVE", "11.7.99", "below", False),
    ("DS-2CD2143G2-I", "V5.7.3 build 230316", "at_or_above", True),
    ("DS-2CD2143G2-I", "V5.6.0", "below", False),
    ("ds-2cd2143g2-i", "V5.7.0", "at_or_above", True),   # case-insensitive model
    ("AXIS P3265-LVE", "11.8.1", "at_or_above", True),   # vendor name in front
    ("IPC-ONVIF-200", "2.4.1", "no_minimum", None),
    (None, "2.4.1", "no_minimum", None),
    ("P3265-LVE", None, "unknown", None),
    ("P3265-LVE", "n/a", "unknown", None),
])
def test_check_minimum(model, version, result, compliant):
    out = firmware.check_minimum(model, version, MINIMUMS)
    assert (out["result"], out["compliant"]) == (result, compliant)
    assert out["model"] == model and out["version"] == version
    if result == "no_minimum":
        assert out["minimum"] is None
        assert out["reason"] == "no minimum defined for model %s" % (model or "(unknown model)")
    elif result == "below":
        assert out["reason"] == "firmware %s is below the minimum %s for %s" % (
            version, out["minimum"], model)
    elif result == "at_or_above":
        assert out["reason"] is None


def test_check_minimum_without_minimums():
    assert firmware.check_minimum("P3265-LVE", "11.8.64", {})["result"] == "no_minimum"
    assert firmware.check_minimum("P3265-LVE", "11.8.64", None)["result"] == "no_minimum"


def test_validate_minimums():
    assert firmware.validate_minimums(MINIMUMS) == MINIMUMS
    assert firmware.validate_minimums(None) == {}
    with pytest.raises(InputError, match="firmware minimum for X: 'latest'"):
        firmware.validate_minimums({"X": "latest"})
    with pytest.raises(InputError, match="mapping"):
        firmware.validate_minimums(["11.8.0"])


class FakeDriver(object):
    def __init__(self, ident):
        self.ident = ident

    def identity(self):
        return self.ident


def test_area_reads_identity_and_evaluate_uses_it():
    current = firmware_area.read(FakeDriver({"manufacturer": "HIKVISION", "model": "DS-2CD2143G2-I",
                                             "firmware": "V5.7.3", "serial": "x"}))
    assert current == {"manufacturer": "HIKVISION", "model": "DS-2CD2143G2-I",
                       "version": "V5.7.3", "version_parsed": [5, 7, 3], "unsupported": {}}
    assert firmware.evaluate(current, MINIMUMS)["result"] == "at_or_above"
    assert firmware_area.plan(current, {}) == []

    blank = firmware_area.read(FakeDriver({"model": "X", "firmware": None}))
    assert blank["version_parsed"] is None and "version" in blank["unsupported"]
