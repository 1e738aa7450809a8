"""The input checkers the runner applies before any request (input_checks.py), and the
redaction of its last-resort failure (unexpected_errors.py)."""

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import args, input_checks, runner
from ansible_collections.camsec.ipcam.plugins.module_utils import unexpected_errors
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

SQUARE = [[0.1, 0.1], [0.3, 0.1], [0.3, 0.4], [0.1, 0.4]]
BOW_TIE = [[0.1, 0.1], [0.3, 0.4], [0.3, 0.1], [0.1, 0.4]]


# -- host ------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", [
    "192.0.2.10", "2001:db8::1", "[2001:db8::1]", "::1", "cam-01.site.example", "localhost",
    "CAM.Example.", "fe80::1%eth0",
])
def test_addresses_and_host_names_are_accepted(host):
    input_checks.check_host(host, "host")


@pytest.mark.parametrize("host, phrase", [
    ("https://192.0.2.10", "a scheme"),
    ("admin@192.0.2.10", "user information"),
    ("192.0.2.10/admin", "a path"),
    ("192.0.2.10?x=1", "a query"),
    ("cam#frag", "a fragment"),
    ("192.0.2.10:8443", "a port cannot be given in the host"),
    ("cam.example:443", "a port cannot be given in the host"),
    ("[192.0.2.10]", "brackets are only for IPv6"),
    ("cam example", "contains a space"),
    ("cam\r\nX-Injected: 1", "control character (CR)"),
    ("cam\x00", "control character (NUL)"),
    ("", "is empty"),
    ("   ", "is empty"),
    ("10.0.0.01", "not a valid IP address"),
    ("cam_01", "neither an IP address nor a valid host name"),
])
def test_bad_hosts_are_refused_naming_the_option(host, phrase):
    with pytest.raises(InputError) as caught:
        input_checks.check_host(host, "servers item 2: host")
    assert str(caught.value).startswith("servers item 2: host"), caught.value
    assert phrase in str(caught.value), caught.value


@pytest.mark.parametrize("host", [None, 42, True, ["a"]])
def test_a_host_that_is_not_a_string_is_refused(host):
    with pytest.raises(InputError, match="^host must be a host name or an IP address"):
        input_checks.check_host(host, "host")


# -- control characters ----------------------------------------------------------------------

@pytest.mark.parametrize("char, name", [
    ("\r", "CR"), ("\n", "LF"), ("\x00", "NUL"), ("\t", "TAB"), ("\x7f", "DEL"),
    ("\x85", "U+0085"), (u"\u2028", "U+2028"),
])
def test_control_characters_in_a_secret_are_named_but_the_value_is_not_shown(char, name):
    secret = "s3cret-Value" + char + "tail"
    with pytest.raises(InputError) as caught:
        input_checks.check_text(secret, "users item 1: password", secret=True)
    msg = str(caught.value)
    assert msg.startswith("users item 1: password") and "(%s)" % name in msg, msg
    assert "s3cret" not in msg and "tail" not in msg, msg


def test_a_plain_value_with_a_control_character_is_quoted_in_the_message():
    with pytest.raises(InputError) as caught:
        input_checks.check_text("viewer\n", "probes.snmp_v3.username")
    assert "'viewer\\n'" in str(caught.value)


def test_printable_text_and_none_pass():
    input_checks.check_text(u"pässword with spaces & <xml>", "password", secret=True)
    input_checks.check_text(None, "password", secret=True)


def test_a_user_name_with_a_colon_is_refused():
    with pytest.raises(InputError, match="^username 'ad:min' contains ':'"):
        input_checks.check_username("ad:min", "username")
    input_checks.check_username("admin", "username")


# -- polygons --------------------------------------------------------------------------------

@pytest.mark.parametrize("polygon", [
    SQUARE,
    [[0.1, 0.1], [0.5, 0.1], [0.3, 0.4]],                              # triangle
    [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.3, 0.2], [0.1, 0.5]],      # concave
    [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]],                  # the whole picture
])
def test_simple_polygons_do_not_intersect_themselves(polygon):
    assert input_checks.self_intersection(polygon) is None


def test_a_point_given_twice_in_a_row_is_one_corner():
    doubled = [SQUARE[0], SQUARE[1], SQUARE[1], SQUARE[2], SQUARE[3], SQUARE[0]]
    assert input_checks.self_intersection(doubled) is None


@pytest.mark.parametrize("polygon, edges", [
    (BOW_TIE, (1, 3)),
    ([[0.1, 0.1], [0.5, 0.1], [0.1, 0.5], [0.5, 0.5]], (2, 4)),
    # a pentagram: the corners of a pentagon taken every second one
    ([[0.5, 0.0], [0.8, 0.9], [0.0, 0.35], [1.0, 0.35], [0.2, 0.9]], (1, 3)),
    # a vertex on a non-adjacent edge (touching counts)
    ([[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.3, 0.1], [0.1, 0.5]], (1, 3)),
    # an edge folding back over the one before it
    ([[0.1, 0.1], [0.5, 0.1], [0.3, 0.1], [0.3, 0.4]], (1, 2)),
])
def test_crossing_or_touching_polygons_are_found(polygon, edges):
    assert input_checks.self_intersection(polygon) == edges


def test_edges_are_numbered_by_the_point_they_start_from():
    doubled = [BOW_TIE[0], BOW_TIE[0], BOW_TIE[1], BOW_TIE[2], BOW_TIE[3]]
    assert input_checks.self_intersection(doubled) == (1, 4)


def test_a_bow_tie_mask_is_refused_with_its_option_and_name():
    with pytest.raises(InputError) as caught:
        input_checks.check_masks([{"name": "ok", "polygon": SQUARE},
                                  {"name": "door", "polygon": BOW_TIE}], "masks")
    msg = str(caught.value)
    assert msg.startswith("masks item 2 (mask door): the polygon crosses itself"), msg


def test_a_merged_mask_without_polygon_is_left_to_the_camera_read():
    input_checks.check_masks([{"name": "door", "polygon": None}], "masks", skip_without_polygon=True)
    with pytest.raises(InputError, match="needs at least 3 points, got 0"):
        input_checks.check_masks([{"name": "door", "polygon": None}], "masks")


# -- numbers ---------------------------------------------------------------------------------

def connection(**overrides):
    params = dict(host="127.0.0.1", username="admin", password="pw", vendor="auto",
                  use_https=True, https_port=443, http_port=80, validate_certs=True,
                  ca_path=None, timeout=10, task_timeout=120, allow_basic_over_http=False)
    params.update(overrides)
    return params


@pytest.mark.parametrize("overrides, phrase", [
    ({"timeout": 0}, "timeout must be from 1 to 300, got 0"),
    ({"timeout": 301}, "timeout must be from 1 to 300, got 301"),
    ({"task_timeout": 5, "timeout": 10}, "task_timeout (5) must be at least timeout (10)"),
    ({"task_timeout": 3601}, "task_timeout must be from 1 to 3600, got 3601"),
    ({"https_port": 0}, "https_port must be from 1 to 65535, got 0"),
    ({"http_port": 70000}, "http_port must be from 1 to 65535, got 70000"),
])
def test_connection_numbers_are_bounded(overrides, phrase):
    with pytest.raises(InputError) as caught:
        input_checks.check_connection(connection(**overrides))
    assert phrase in str(caught.value)


def test_the_defaults_pass_every_module_check():
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    for module in args.MODULE_OPTIONS:
        extra = {"level": 1} if module in ("compliance_facts", "baseline") else {}
        validated = ArgumentSpecValidator(args.argument_spec(module)).validate(
            dict(host="192.0.2.10", **extra))
        assert not validated.error_messages, (module, validated.error_messages)
        input_checks.check(module, validated.validated_parameters)


# -- the last resort -------------------------------------------------------------------------

DIGEST_HEADER = ('Digest username="admin", realm="cam", nonce="8f2c1e77aa", uri="/x", '
                 'response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, '
                 'cnonce="0a4f113b"')


@pytest.mark.parametrize("text", [
    "Invalid leading whitespace, reserved character(s), or return character(s) in header "
    "value: %r" % DIGEST_HEADER,
    "{'Authorization': %r, 'Accept': '*/*'}" % DIGEST_HEADER,
    "Authorization: Basic YWRtaW46aHVudGVyMg==",
    "sent Basic YWRtaW46aHVudGVyMg== to the camera",
    "GET /axis-cgi/pwdgrp.cgi?action=add&user=op&pwd=hunter2&grp=users failed",
    "<wsse:Password Type=\"...#PasswordDigest\">q2WNhtQ2ag==</wsse:Password>"
    "<wsse:Nonce>abcdef==</wsse:Nonce>",
])
def test_redaction_removes_credentials(text):
    out = unexpected_errors.redact(text, ["hunter2"])
    for leaked in ("8f2c1e77aa", "6629fae4", "0a4f113b", "YWRtaW46aHVudGVyMg", "hunter2",
                   "q2WNhtQ2ag", "abcdef=="):
        assert leaked not in out, out


def test_redaction_removes_the_password_in_its_encoded_forms():
    password = "p@ss word/\n1"
    text = "a %s b %s c %r" % (password, "p%40ss%20word%2F%0A1", password)
    out = unexpected_errors.redact(text, [password])
    assert "ss word" not in out and "ss%20word" not in out, out


def test_secret_values_come_from_the_no_log_options():
    params = dict(connection(password="conn-pw"), users=[{"name": "op", "password": "user-pw"}])
    found = unexpected_errors.secret_values(args.argument_spec("accounts"), params)
    assert sorted(found) == ["conn-pw", "user-pw"]


def invalid_header():
    import requests
    return requests.exceptions.InvalidHeader(
        "Invalid leading whitespace, reserved character(s), or return character(s) in header "
        "value: %r" % ('Digest username="admin", nonce="8f2c1e77aa", response="6629fae4", '
                       'password secret-pw'))


def unicode_error():
    return UnicodeEncodeError("latin-1", u"secret-pw \u2603", 10, 11, "ordinal not in range(256)")


@pytest.mark.parametrize("make_error, kind", [
    (lambda: ValueError("password secret-pw refused; header value: 'Digest response=\"abc123\"'"),
     "ValueError"),
    (invalid_header, "InvalidHeader"),
    (unicode_error, "UnicodeEncodeError"),
    (lambda: TypeError("can't concat str to bytes"), "TypeError"),
])
def test_an_unexpected_exception_becomes_a_named_redacted_failure(monkeypatch, make_error, kind):
    def explode(driver, params, check_mode):
        raise make_error()

    def fake_driver(transport, vendor):
        # as the transport records a call: the path without the address
        transport.calls.append(("GET", "axis-cgi/param.cgi?action=list&pwd=secret-pw"))
        return object()

    monkeypatch.setattr(runner, "driver_for", fake_driver)
    monkeypatch.setattr(runner.TASKS["time_sync"], "run", explode)
    params = dict(connection(password="secret-pw"), ntp=True, ntp_servers=None, state="merged",
                  max_offset=5.0)
    result = runner.run("time_sync", params, False)
    assert result["failed"] is True and result["changed"] is False
    msg = result["msg"]
    assert msg.startswith("camera 127.0.0.1: time_sync, during GET /axis-cgi/param.cgi: "
                          "unexpected error %s" % kind), msg
    for leaked in ("secret-pw", "abc123", "8f2c1e77aa", "6629fae4"):
        assert leaked not in msg, msg


def test_an_exception_before_any_request_says_so(monkeypatch):
    def no_transport(params):
        raise TypeError("unexpected keyword")

    monkeypatch.setattr(runner, "open_camera", no_transport)
    result = runner.run("camera_facts", dict(connection(), gather_subset=["all"], probe=False,
                                             probes=None), False)
    assert result["msg"] == ("camera 127.0.0.1: camera_facts, before any request: unexpected "
                             "error TypeError: unexpected keyword"), result
