"""plugin_utils/json_indent.py writes what json.dumps(indent=2, separators=(",", ": "),
default=str) writes, byte for byte, whole or in pieces (issue 14: the report's JSON
without json's pure-Python indenting encoder)."""

import json
import os

import pytest

from ansible_collections.camsec.ipcam.plugins.plugin_utils import json_indent

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "compliance_results_level3.json")


class Odd(object):
    def __str__(self):
        return "odd \u00e9"


CASES = [
    {}, [], {"a": {}}, {"a": [], "b": [{}], "c": [[]]}, "x\u00e9\u2603\"\\\n\t", 1, -2.5, 1e300, 0.1,
    float("nan"), float("inf"), -float("inf"), None, True, False,
    {1: "a", 2.5: "b", True: 1, None: 2}, {"t": (1, 2, (3,))}, {"o": Odd()},
    [1, [2, [3, [4, {"x": [5]}]]]],
    {"cameras": [{"name": "c%d" % i, "controls": [{"id": "5.1", "actual": {"k": [1, 2, None]}}]}
                 for i in range(30)]},
]


def reference(value):
    return json.dumps(value, indent=2, separators=(",", ": "), default=str)


@pytest.mark.parametrize("value", CASES)
def test_same_text_as_json(value):
    assert json_indent.dumps(value) == reference(value)


@pytest.mark.parametrize("chunk", [1, 100, 1 << 16])
@pytest.mark.parametrize("value", CASES)
def test_same_text_in_pieces(value, chunk):
    got = list(json_indent.pieces(value, chunk))
    assert "".join(got) == reference(value)
    assert all(len(p) >= chunk for p in got[:-1])


def test_a_recorded_fleet_report_is_the_same_text():
    with open(DATA) as f:
        camera = json.load(f)
    report = {"summary": {"cameras": 40}, "cameras": [dict(camera, name="cam-%04d" % i) for i in range(40)]}
    assert "".join(json_indent.pieces(report)) == reference(report)


def test_keys_json_cannot_write_are_refused():
    with pytest.raises(TypeError):
        json_indent.dumps({(1, 2): "tuple key"})
