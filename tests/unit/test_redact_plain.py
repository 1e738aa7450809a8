"""The action plugin's own redaction (plugin_utils/redact.py) takes out what Ansible's
remove_values takes out, and plain_data.plain() gives built-in types for Ansible's tagged
ones (issue 14: both replaced slower generic steps of every camera task)."""

import copy

import pytest

from ansible.module_utils.common.parameters import remove_values
from ansible._internal._datatag._tags import Origin

from ansible_collections.camsec.ipcam.plugins.plugin_utils.plain_data import plain
from ansible_collections.camsec.ipcam.plugins.plugin_utils.redact import redact

SECRETS = {"S3cret-pass", "pass", "12345", "community-x"}

CASES = [
    "S3cret-pass",
    "user admin logged in with S3cret-pass and pass",
    {"password": "S3cret-pass", "nested": {"list": ["a", "community-x", ("pass", 7)]}},
    {"port": 12345, "other": 123456, "flag": True, "none": None, "float": 1.5},
    [{"msg": "camera 127.0.0.1: 401 for S3cret-pass"}, "passpass", ["deep", ["deeper", "12345"]]],
    {"S3cret-pass": "keys are kept"},
    {"controls": ({"id": "5.4.1", "actual": {"users": [{"name": "root", "password": "pass"}]}},)},
]


def normal(value):
    """Lists for tuples: remove_values rebuilds a tuple as a list in some versions."""
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normal(v) for v in value]
    return value


@pytest.mark.parametrize("value", CASES)
def test_redact_takes_out_what_remove_values_takes_out(value):
    before = copy.deepcopy(value)
    assert normal(redact(value, SECRETS)) == normal(remove_values(value, SECRETS))
    assert value == before  # a copy: the input is not changed


def test_redact_without_secrets_is_the_value_itself():
    value = {"a": ["b"]}
    assert redact(value, set()) is value
    assert redact(value, {"", None}) is value


def test_redact_reads_other_types_as_text():
    class Odd(object):
        def __str__(self):
            return "holds S3cret-pass"
    assert redact({"x": Odd(), "b": b"pass"}, SECRETS) == {"x": "holds ********", "b": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}


def test_plain_gives_builtin_types_for_tagged_ones():
    origin = Origin(path="/inventory/hosts.yml")
    user = origin.tag({"name": origin.tag("op"), "uid": origin.tag(5), "w": origin.tag(1.5), "on": True})
    tagged = origin.tag({origin.tag("users"): origin.tag([user]), "t": (origin.tag("a"),), "s": None})
    out = plain(tagged)
    assert out == {"users": [{"name": "op", "uid": 5, "w": 1.5, "on": True}], "t": ["a"], "s": None}

    def types(value):
        if isinstance(value, dict):
            return {type(value)} | set().union(*[types(k) | types(v) for k, v in value.items()])
        if isinstance(value, list):
            return {type(value)} | set().union(*[types(v) for v in value])
        return {type(value)}
    assert types(out) <= {dict, list, str, int, float, bool, type(None)}
