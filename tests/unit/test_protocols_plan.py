"""The protocols area without a camera: the planner (order, the implicit HTTPS, refusals,
unsupported, the oldest TLS version only ever raised), the apply sequence of the safety
rule with a fake driver (also around raising the TLS floor), and the evaluation helpers the
compliance catalog calls."""

import ssl

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import baseline, catalog
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import protocols
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import protocol_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import Driver
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, InputError, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport

AXIS_LIKE = {"http": True, "https": True, "http_port": 80, "https_port": 443, "ssh": True,
             "ftp": True, "http_auth_basic": False,
             "unsupported": {"telnet": "no telnet API"}}
ONVIF_LIKE = {"http": True, "https": False, "http_port": 80, "https_port": 443,
              "unsupported": {"telnet": "no telnet", "ssh": "no ssh", "ftp": "no ftp",
                              "http_auth_basic": "no policy"}}


def keys(changes):
    return [(c["key"], c["after"]) for c in changes]


# -- plan ------------------------------------------------------------------------------------

def test_nothing_asked_nothing_planned():
    assert protocols.plan(AXIS_LIKE, {}) == []
    assert protocols.plan(AXIS_LIKE, {"http": True, "ssh": True}) == []


def test_services_first_then_on_then_off():
    changes = protocols.plan(AXIS_LIKE, {"http": False, "https": True, "ssh": False, "ftp": False})
    assert keys(changes) == [("ssh", False), ("ftp", False), ("http", False)]
    assert changes[0] == {"area": "protocols", "key": "ssh", "action": "set", "before": True,
                          "after": False}


def test_http_off_turns_https_on_first_with_a_reason():
    changes = protocols.plan(ONVIF_LIKE, {"http": False})
    assert keys(changes) == [("https", True), ("http", False)]
    assert "management path once HTTP is off" in changes[0]["reason"]
    assert "reason" not in changes[1]


def test_https_asked_explicitly_has_no_reason():
    changes = protocols.plan(ONVIF_LIKE, {"http": False, "https": True})
    assert keys(changes) == [("https", True), ("http", False)]
    assert "reason" not in changes[0]


def test_https_off_turns_http_on_first():
    current = dict(ONVIF_LIKE, http=False, https=True)
    assert keys(protocols.plan(current, {"https": False})) == [("http", True), ("https", False)]


def test_http_already_off_adds_nothing():
    current = dict(ONVIF_LIKE, http=False, https=True)
    assert protocols.plan(current, {"http": False}) == []


@pytest.mark.parametrize("current", [AXIS_LIKE, ONVIF_LIKE, dict(AXIS_LIKE, http=False)])
def test_both_off_is_refused(current):
    with pytest.raises(InputError, match="cannot both be off"):
        protocols.plan(current, {"http": False, "https": False})


def test_http_off_refused_when_https_cannot_be_read():
    current = {"http": True, "unsupported": {"https": "no HTTPS parameter"}}
    with pytest.raises(Unsupported, match="cannot turn HTTP off safely.*no HTTPS parameter"):
        protocols.plan(current, {"http": False})


def test_unsupported_fails_by_default_and_is_skipped_with_warn():
    with pytest.raises(Unsupported, match="^telnet: no telnet API$"):
        protocols.plan(AXIS_LIKE, {"telnet": False, "ssh": False})
    changes = protocols.plan(AXIS_LIKE, {"telnet": False, "ssh": False, "_on_unsupported": "warn"})
    assert keys(changes) == [("ssh", False)]


def test_diff_shows_only_the_changes():
    changes = protocols.plan(ONVIF_LIKE, {"http": False})
    assert protocols.diff(ONVIF_LIKE, changes) == ({"https": False, "http": True},
                                                   {"https": True, "http": False})


# -- apply: the safety rule, with a fake driver ----------------------------------------------

FLOORS = {"TLSv1.2": ssl.TLSVersion.TLSv1_2, "TLSv1.3": ssl.TLSVersion.TLSv1_3}


class FakeDriver(Driver):
    """Holds protocol settings; `answers` says which schemes a fresh transport reaches,
    `tls_answers` which oldest versions a client may insist on and still be answered."""

    def __init__(self, state, answers=("http", "https"), use_https=False, refuse=False,
                 tls_answers=("TLSv1.2", "TLSv1.3")):
        self.state = dict(state)
        self.answers = set(answers)
        self.tls_answers = set(tls_answers)
        self.refuse = refuse
        self.t = Transport("cam-x", "192.0.2.1", "admin", "s3cret-Pw", use_https=use_https,
                           timeout=1, task_timeout=30)
        self.camera = "cam-x"
        self.events = []

    def read_protocols(self):
        return dict(self.state, unsupported={})

    def write_protocols(self, values):
        scheme = "https" if self.t.use_https else "http"
        self.events.append(("write", values, scheme))
        self.state.update(values)

    def management_check(self, transport):
        scheme = "https" if transport.use_https else "http"
        floor = transport.tls_min_version
        if floor is not None:
            assert transport._oldest == FLOORS[floor]  # the client's own minimum
            self.events.append(("check", scheme, floor))
            if floor not in self.tls_answers:
                raise CameraError(self.camera, "GET /", "TLS handshake failed (TLSV1_ALERT_PROTOCOL_VERSION)")
            return
        self.events.append(("check", scheme))
        if self.refuse:
            raise AuthError(self.camera, "GET /", "refused")
        if scheme not in self.answers:
            raise CameraUnreachable(self.camera, "GET /", "cannot connect (refused)")

    def forget_reads(self):
        pass


@pytest.fixture(autouse=True)
def fast_path_checks(monkeypatch):
    monkeypatch.setattr(protocols, "PATH_CHECK_INTERVAL_S", 0.01)


def test_http_off_proves_https_then_moves_the_task_over_then_writes():
    driver = FakeDriver({"http": True, "https": False})
    result = converge(driver, protocols, {"http": False}, check_mode=False)
    assert driver.events == [("write", {"https": True}, "http"), ("check", "https"),
                             ("write", {"http": False}, "https")]
    assert result["changed"] is True and driver.t.use_https is True
    assert result["current"]["http"] is False


def test_https_not_answering_leaves_http_on_and_says_what_was_applied():
    driver = FakeDriver({"http": True, "https": False}, answers=("http",))
    with pytest.raises(CameraError) as info:
        converge(driver, protocols, {"http": False}, check_mode=False)
    err = info.value
    assert str(err).startswith("camera cam-x: HTTPS check before turning HTTP off: HTTPS does "
                               "not answer at https://192.0.2.1:443 (cannot connect (refused)); "
                               "HTTP was left on")
    assert driver.state == {"http": True, "https": True}
    assert keys(err.details["applied"]) == [("https", True)]
    assert keys(err.details["not_applied"]) == [("http", False)]
    assert driver.t.use_https is False, "the task stays on the path that works"
    assert len([e for e in driver.events if e[0] == "check"]) >= 2, "HTTPS is given time"


def test_a_refused_login_on_the_new_path_is_not_repeated():
    driver = FakeDriver({"http": True, "https": True}, refuse=True)
    with pytest.raises(CameraError, match="HTTP was left on"):
        converge(driver, protocols, {"http": False}, check_mode=False)
    assert [e for e in driver.events if e[0] == "check"] == [("check", "https")]
    assert driver.state["http"] is True


def test_check_mode_writes_nothing():
    driver = FakeDriver({"http": True, "https": False})
    result = converge(driver, protocols, {"http": False}, check_mode=True)
    assert keys(result["plan"]) == [("https", True), ("http", False)]
    assert driver.events == []


def test_on_scheme_copies_the_task_settings_and_not_the_session():
    t = Transport("cam-x", "192.0.2.1", "admin", "pw", use_https=False, https_port=8443,
                  http_port=8080, ca_path="/etc/ca.pem", timeout=3, task_timeout=60,
                  allow_basic_over_http=True)
    fresh = t.on_scheme("https")
    assert fresh.base_url() == "https://192.0.2.1:8443"
    assert (fresh.session.verify, fresh.username, fresh.password, fresh.timeout,
            fresh.allow_basic_over_http) == ("/etc/ca.pem", "admin", "pw", 3, True)
    assert fresh.session is not t.session and fresh.cache == {}
    unverified = Transport("cam-x", "192.0.2.1", validate_certs=False)
    assert unverified.on_scheme("https").session.verify is False


# -- the oldest TLS version ------------------------------------------------------------------

HIK_LIKE = {"http": True, "https": True, "ssh": False, "telnet": True, "tls_min_version": "TLSv1.1",
            "unsupported": {"ftp": "no FTP switch"}}
AXIS_TLS = dict(AXIS_LIKE, tls_min_version="TLSv1",
                unsupported={"telnet": "no telnet API", "tls_min_version=TLSv1.3": "no TLS 1.2 switch"})
ONVIF_TLS = dict(ONVIF_LIKE, unsupported=dict(ONVIF_LIKE["unsupported"], tls_min_version="no tas here"))


@pytest.mark.parametrize("have,want,planned", [
    ("TLSv1.1", "TLSv1.2", True), ("TLSv1", "TLSv1.3", True), ("SSLv3", "TLSv1.2", True),
    ("TLSv1.2", "TLSv1.2", False), ("TLSv1.2", "TLSv1.3", True),
    ("TLSv1.3", "TLSv1.2", False),  # stricter than asked: never lowered
])
def test_tls_floor_is_only_raised(have, want, planned):
    changes = protocols.plan(dict(HIK_LIKE, tls_min_version=have), {"tls_min_version": want})
    assert changes == ([{"area": "protocols", "key": "tls_min_version", "action": "set",
                         "before": have, "after": want}] if planned else [])


def test_tls_floor_comes_after_https_on_and_before_http_off():
    current = dict(HIK_LIKE, https=False)
    changes = protocols.plan(current, {"http": False, "telnet": False, "tls_min_version": "TLSv1.2"})
    assert keys(changes) == [("telnet", False), ("https", True), ("tls_min_version", "TLSv1.2"),
                             ("http", False)]
    assert protocols.diff(current, changes)[1]["tls_min_version"] == "TLSv1.2"


def test_tls_floor_unsupported_fails_or_is_left_alone():
    with pytest.raises(Unsupported, match="^tls_min_version: no tas here$"):
        protocols.plan(ONVIF_TLS, {"tls_min_version": "TLSv1.2", "http": False})
    changes = protocols.plan(ONVIF_TLS, {"tls_min_version": "TLSv1.2", "http": False,
                                         "_on_unsupported": "warn"})
    assert keys(changes) == [("https", True), ("http", False)]


def test_tls_floor_a_value_the_api_cannot_reach():
    assert keys(protocols.plan(AXIS_TLS, {"tls_min_version": "TLSv1.2"})) == [("tls_min_version", "TLSv1.2")]
    with pytest.raises(Unsupported, match="^tls_min_version: no TLS 1.2 switch$"):
        protocols.plan(AXIS_TLS, {"tls_min_version": "TLSv1.3"})
    assert protocols.plan(AXIS_TLS, {"tls_min_version": "TLSv1.3", "_on_unsupported": "warn"}) == []


def test_tls_floor_not_reported_or_not_a_choice():
    with pytest.raises(Unsupported, match="did not report it"):
        protocols.plan(AXIS_LIKE, {"tls_min_version": "TLSv1.2"})
    with pytest.raises(InputError, match="TLSv1.2, TLSv1.3"):
        protocols.plan(HIK_LIKE, {"tls_min_version": "TLSv1.1"})


def test_asked_unsupported_names_keys_and_values_asked_for():
    unsupported = AXIS_TLS["unsupported"]
    assert protocols.asked_unsupported(unsupported, {"tls_min_version": "TLSv1.2"}) == []
    assert protocols.asked_unsupported(unsupported, {"tls_min_version": "TLSv1.3", "telnet": False}) == [
        ("telnet", "no telnet API"), ("tls_min_version=TLSv1.3", "no TLS 1.2 switch")]
    assert protocols.asked_unsupported(unsupported, {"telnet": None}) == []


def test_public_leaves_out_the_values_only_a_task_asking_for_them_needs():
    shown = protocols.public(AXIS_TLS)
    assert shown["unsupported"] == {"telnet": "no telnet API"}
    assert shown["tls_min_version"] == "TLSv1"
    assert "tls_min_version=TLSv1.3" in AXIS_TLS["unsupported"], "the model itself is not changed"


def _closes(driver):
    """Record the task's own connections being dropped (protocols.reconnect)."""
    reconnect = driver.t.reconnect

    def recorded():
        driver.events.append(("reconnect", ))
        reconnect()
    driver.t.reconnect = recorded


def test_tls_floor_checked_before_and_after_the_write_then_the_task_reconnects():
    driver = FakeDriver({"http": False, "https": True, "tls_min_version": "TLSv1.2"}, use_https=True)
    _closes(driver)
    result = converge(driver, protocols, {"tls_min_version": "TLSv1.3"}, check_mode=False)
    assert driver.events == [("check", "https", "TLSv1.3"),
                             ("write", {"tls_min_version": "TLSv1.3"}, "https"),
                             ("check", "https", "TLSv1.3"), ("reconnect", )]
    assert result["changed"] is True and result["current"]["tls_min_version"] == "TLSv1.3"
    assert driver.t.use_https is True


def test_tls_floor_the_camera_cannot_meet_writes_nothing():
    driver = FakeDriver({"http": False, "https": True, "tls_min_version": "TLSv1.2"},
                        use_https=True, tls_answers=("TLSv1.2", ))
    with pytest.raises(CameraError) as info:
        converge(driver, protocols, {"tls_min_version": "TLSv1.3"}, check_mode=False)
    msg = str(info.value)
    assert msg.startswith("camera cam-x: HTTPS check before raising the oldest TLS version to "
                          "TLSv1.3: HTTPS does not answer at https://192.0.2.1:443 to a client "
                          "offering TLSv1.3 and newer only (TLS handshake failed"), msg
    assert "nothing was written" in msg
    assert [e for e in driver.events if e[0] == "write"] == []
    assert driver.state["tls_min_version"] == "TLSv1.2"
    assert info.value.details["applied"] == []


def test_tls_floor_with_https_off_is_written_without_path_checks():
    driver = FakeDriver({"http": True, "https": False, "tls_min_version": "TLSv1"})
    converge(driver, protocols, {"tls_min_version": "TLSv1.2"}, check_mode=False)
    assert driver.events == [("write", {"tls_min_version": "TLSv1.2"}, "http")]


def test_tls_floor_over_https_turned_on_in_the_same_run():
    driver = FakeDriver({"http": True, "https": False, "tls_min_version": "TLSv1.1"})
    _closes(driver)
    converge(driver, protocols, {"http": False, "tls_min_version": "TLSv1.2"}, check_mode=False)
    assert driver.events == [("write", {"https": True}, "http"),
                             ("check", "https", "TLSv1.2"),
                             ("write", {"tls_min_version": "TLSv1.2"}, "http"),
                             ("check", "https", "TLSv1.2"), ("reconnect", ),
                             ("check", "https"), ("write", {"http": False}, "https")]


def test_on_scheme_with_a_tls_floor_offers_only_that_and_newer():
    t = Transport("cam-x", "192.0.2.1", "admin", "pw", ca_path="/etc/ca.pem")
    fresh = t.on_scheme("https", tls_min_version="TLSv1.3")
    assert fresh.tls_min_version == "TLSv1.3" and fresh._oldest == ssl.TLSVersion.TLSv1_3
    assert fresh.session.verify == "/etc/ca.pem"
    assert t.tls_min_version is None and t._oldest is None
    t.close()
    fresh.close()


@pytest.mark.parametrize("minimum,wanted", [
    (None, "TLSv1.2"),            # the catalog's 5.3.2 expectation
    ("TLSv1.3", "TLSv1.3"),
    ("TLSv1.1", None),            # a lenient site minimum asks nothing: the floor is only raised
])
def test_baseline_5_3_2_raises_the_tls_floor_from_its_expectation(minimum, wanted):
    overrides = {"5.3.2": {"expect": {"min_tls_version": minimum}}} if minimum else {}
    want, control_ids = baseline.desired_state(catalog.controls(2, overrides), [], None, False)["protocols"]
    assert want.get("tls_min_version") == wanted
    assert want["_on_unsupported"] == "warn" and "5.3.2" in control_ids


class _OnvifLikeDriver(FakeDriver):
    def read_protocols(self):
        return dict(self.state, unsupported={"tls_min_version": "no tas here"})


def test_baseline_warns_where_the_tls_floor_cannot_be_set():
    driver = _OnvifLikeDriver({"http": False, "https": True, "telnet": False, "ssh": False,
                               "ftp": False}, use_https=True)
    only_5_3_2 = dict((cid, {"enabled": False}) for cid in catalog.CONTROL_IDS if cid != "5.3.2")
    result = baseline.enforce(driver, 2, only_5_3_2, [], None, False, check_mode=True)
    assert result["warnings"] == ["5.3.2: no tas here (left as it is)"]
    assert result["plan"] == [] and result["controls"]["5.3.2"]["status"] == "ok"


# -- evaluation helpers ------------------------------------------------------------------------

def test_services_off():
    assert protocol_checks.services_off({"telnet": False, "ssh": False, "ftp": False})[0] == "pass"
    status, actual, reason = protocol_checks.services_off(dict(AXIS_LIKE))
    assert status == "fail" and reason == "ssh, ftp on" and actual == {"ssh": True, "ftp": True}
    assert protocol_checks.services_off(dict(AXIS_LIKE), allowed=("ssh", "ftp"))[0] == "manual"
    assert protocol_checks.services_off(dict(AXIS_LIKE), allowed=("ssh", "ftp", "telnet"))[0] == "pass"
    status, _, reason = protocol_checks.services_off(ONVIF_LIKE)
    assert status == "manual" and "telnet: no telnet" in reason


def test_https_only():
    assert protocol_checks.https_only({"http": False, "https": True})[0] == "pass"
    assert protocol_checks.https_only(AXIS_LIKE)[:1] == ("fail",)
    assert protocol_checks.https_only({"http": False, "https": False})[2] == "HTTPS is off"
    assert protocol_checks.https_only({"http": False, "unsupported": {"https": "x"}})[0] == "manual"


def test_no_basic_over_http():
    assert protocol_checks.no_basic_over_http({"http": False, "http_auth_basic": True})[0] == "pass"
    assert protocol_checks.no_basic_over_http({"http": True, "http_auth_basic": True})[0] == "fail"
    assert protocol_checks.no_basic_over_http({"http": True, "http_auth_basic": False})[0] == "pass"
    status, _, reason = protocol_checks.no_basic_over_http(ONVIF_LIKE)
    assert status == "manual" and "no policy" in reason
