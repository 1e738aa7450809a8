"""The transport's safety properties, against the real emulator (no mocks).

Every error a test provokes is checked with `assert_clear()`: the message names the
camera and the call, and never holds the password.
"""

import http.server
import threading
import time

import pytest
import requests
from requests.auth import HTTPBasicAuth

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, DeviceFault, TransientError)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import RETRIES
from tests.conftest import camera_of

AXIS, HIKVISION = camera_of("axis"), camera_of("hikvision")
PARAM_CGI = "/axis-cgi/param.cgi"
BRAND = {"action": "list", "group": "root.Brand"}
DEVICE_INFO = "/ISAPI/System/deviceInfo"


def assert_clear(exc, cam, call, *secrets):
    text = str(exc)
    assert "camera %s" % cam in text, text
    assert call in text, text
    for secret in secrets:
        assert secret not in text, text


def sent(t, path):
    """How many times the transport sent a request for this path."""
    return sum(1 for _method, target in t.calls if target.split("?")[0] == path.lstrip("/"))


def let_late_replies_land(started, latency_s):
    """The emulator counts a delayed request only when its latency has passed, even if
    the client gave up long before: wait for it, so the next test's counters are its own."""
    time.sleep(max(0.0, started + latency_s + 0.3 - time.time()))


def prime(t, cam):
    """One successful read, so the digest handshake is done and later counts are exact."""
    if cam == AXIS:
        t.request("GET", PARAM_CGI, params=BRAND)
    else:
        t.request("GET", DEVICE_INFO)


# -- TLS ------------------------------------------------------------------------------

def test_tls_is_verified_by_default(fresh_fleet, make_transport):
    t = make_transport(AXIS, ca_path=None)
    assert t.session.verify is True
    with pytest.raises(CameraError) as err:
        t.request("GET", PARAM_CGI, params=BRAND, call="VAPIX brand")
    assert not isinstance(err.value, CameraUnreachable)
    assert "TLS verification failed" in str(err.value)
    assert "ca_path" in str(err.value)
    assert_clear(err.value, AXIS, "VAPIX brand", fresh_fleet.password())
    assert len(t.calls) == 1, "a certificate failure must not be retried"
    assert fresh_fleet.control.counters(AXIS)["requests"] == 0, "no HTTP went over the failed TLS"


def test_tls_with_the_emulator_ca_works(fresh_fleet, make_transport):
    t = make_transport(AXIS)
    assert t.base_url().startswith("https://")
    resp = t.request("GET", PARAM_CGI, params=BRAND)
    assert "root.Brand.Brand=AXIS" in resp.text


# -- authentication -------------------------------------------------------------------

@pytest.mark.parametrize("cam,path,params", [(AXIS, PARAM_CGI, BRAND),
                                             (HIKVISION, DEVICE_INFO, None)])
def test_digest_auth_works(fresh_fleet, make_transport, cam, path, params):
    t = make_transport(cam)
    resp = t.request("GET", path, params=params)
    assert resp.status_code == 200
    assert resp.request.headers["Authorization"].startswith("Digest ")
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


@pytest.mark.parametrize("cam,path,params", [(AXIS, PARAM_CGI, BRAND),
                                             (HIKVISION, DEVICE_INFO, None)])
def test_wrong_password_fails_once_and_sends_nothing_more(fresh_fleet, make_transport,
                                                          cam, path, params):
    wrong = "Wrong-Secret-4711"
    t = make_transport(cam, password=wrong)
    with pytest.raises(AuthError) as err:
        t.request("GET", path, params=params, call="first read")
    assert_clear(err.value, cam, "first read", wrong, fresh_fleet.password())
    assert "not retried" in str(err.value)
    before = fresh_fleet.control.counters(cam)
    assert before["failed_logins"] == 1
    calls = len(t.calls)

    with pytest.raises(AuthError):
        t.request("GET", path, params=params, call="second read")
    with pytest.raises(AuthError):
        t.request("POST", path, data=b"x", call="a write")
    after = fresh_fleet.control.counters(cam)
    assert after["failed_logins"] == 1
    assert after["requests"] == before["requests"]
    assert after["by_path"] == before["by_path"]
    assert len(t.calls) == calls, "the transport sent a request after a refused login"


# -- retries: only transient replies, and never a request that carried credentials -------

def test_http_500_on_a_read_is_a_fault_and_not_asked_again(fresh_fleet, make_transport):
    """A 500 is an answer: the camera got the request (with its credentials)."""
    control = fresh_fleet.control
    t = make_transport(AXIS)
    prime(t, AXIS)
    control.reset_counters(AXIS)
    control.faults(AXIS, http_500=1)  # a second try would succeed: so it must not happen
    with pytest.raises(DeviceFault) as err:
        t.request("GET", PARAM_CGI, params={"action": "list", "group": "root.SNMP"},
                  call="VAPIX list SNMP")
    assert "fault: HTTP 500, injected failure" in str(err.value)
    assert_clear(err.value, AXIS, "VAPIX list SNMP", fresh_fleet.password())
    assert control.counters(AXIS)["by_path"][PARAM_CGI] == 1
    assert control.counters(AXIS)["credentialed"] == 1


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_transient_reply_to_a_credentialed_read_is_not_repeated(fresh_fleet, make_transport,
                                                                  status):
    control = fresh_fleet.control
    t = make_transport(HIKVISION)
    prime(t, HIKVISION)
    control.reset_counters(HIKVISION)
    control.faults(HIKVISION, http_500=1, http_500_status=status)
    with pytest.raises(TransientError) as err:
        t.request("GET", DEVICE_INFO, call="ISAPI GET deviceInfo")
    assert "transient: HTTP %d" % status in str(err.value)
    assert "not retried, because the request carried credentials" in str(err.value)
    assert_clear(err.value, HIKVISION, "ISAPI GET deviceInfo", fresh_fleet.password())
    assert control.counters(HIKVISION)["requests"] == 1
    assert control.counters(HIKVISION)["credentialed"] == 1


def test_a_transient_reply_to_an_anonymous_read_is_retried_and_bounded(fresh_fleet,
                                                                      make_transport):
    """No credentials, nothing to lock: a 503 is asked again, at most 1 + RETRIES times."""
    control = fresh_fleet.control
    t = make_transport(AXIS)
    control.reset_counters(AXIS)
    control.faults(AXIS, http_500=2, http_500_status=503)
    resp = t.request("GET", PARAM_CGI, params=BRAND, anonymous=True, expect=(401,))
    assert resp.status_code == 401  # the third attempt reached the camera: a challenge
    assert control.counters(AXIS)["by_path"][PARAM_CGI] == 3
    assert control.counters(AXIS)["credentialed"] == 0

    control.reset_counters(AXIS)
    control.faults(AXIS, http_500=-1, http_500_status=503)
    started = time.time()
    with pytest.raises(TransientError):
        t.request("GET", PARAM_CGI, params=BRAND, anonymous=True, expect=(401,))
    assert RETRIES == 2
    assert control.counters(AXIS)["by_path"][PARAM_CGI] == 1 + RETRIES
    assert control.counters(AXIS)["credentialed"] == 0
    assert time.time() - started < 5, "the back-off is bounded"


def test_http_500_on_a_write_is_not_retried(fresh_fleet, make_transport):
    control = fresh_fleet.control
    t = make_transport(AXIS)
    prime(t, AXIS)
    control.reset_counters(AXIS)
    control.faults(AXIS, http_500=1)  # a retry would succeed: so it must not happen
    with pytest.raises(CameraError) as err:
        t.request("GET", PARAM_CGI, params={"action": "update", "root.Network.UPnP.Enabled": "no"},
                  idempotent=False, call="VAPIX update UPnP")
    assert "HTTP 500" in str(err.value)
    assert_clear(err.value, AXIS, "VAPIX update UPnP", fresh_fleet.password())
    counters = control.counters(AXIS)
    assert counters["by_path"][PARAM_CGI] == 1
    assert counters["writes"] == 0
    # and a POST is non-idempotent by default
    control.faults(AXIS, http_500=1)
    with pytest.raises(CameraError):
        t.request("POST", PARAM_CGI, data={"action": "update", "root.Network.UPnP.Enabled": "no"})
    assert control.counters(AXIS)["by_path"][PARAM_CGI] == 2
    assert control.state(AXIS)["discovery"]["upnp"] is True


def test_a_dropped_credentialed_read_is_not_repeated(fresh_fleet, make_transport):
    """The connection broke after the request was sent: the camera may have counted it."""
    control = fresh_fleet.control
    t = make_transport(HIKVISION)
    prime(t, HIKVISION)
    control.faults(HIKVISION, drop_connection=1)  # a retry would go through
    before = sent(t, DEVICE_INFO)
    with pytest.raises(CameraUnreachable) as err:
        t.request("GET", DEVICE_INFO, call="ISAPI GET deviceInfo")
    assert "the connection broke before a reply" in str(err.value)
    assert sent(t, DEVICE_INFO) - before == 1
    assert_clear(err.value, HIKVISION, "ISAPI GET deviceInfo", fresh_fleet.password())


def test_a_dropped_anonymous_read_is_retried_and_bounded(fresh_fleet, make_transport):
    control = fresh_fleet.control
    t = make_transport(HIKVISION)
    control.faults(HIKVISION, drop_connection=1)
    resp = t.request("GET", DEVICE_INFO, anonymous=True, expect=(401,))
    assert resp.status_code == 401
    assert sent(t, DEVICE_INFO) == 2, "one dropped attempt, one retry"
    control.faults(HIKVISION, drop_connection=-1)
    with pytest.raises(CameraUnreachable):
        t.request("GET", DEVICE_INFO, anonymous=True, expect=(401,), call="ISAPI GET deviceInfo")
    assert sent(t, DEVICE_INFO) == 2 + 1 + RETRIES


def test_a_refused_connection_is_retried_even_with_credentials(fresh_fleet, make_transport):
    """Refused before a byte was sent: nothing reached a camera, so trying again is safe."""
    t = make_transport(AXIS, https_port=1)  # nothing listens on port 1
    with pytest.raises(CameraUnreachable) as err:
        t.request("GET", PARAM_CGI, params=BRAND, call="VAPIX list Brand")
    assert "cannot connect" in str(err.value)
    assert len(t.calls) == 1 + RETRIES
    assert fresh_fleet.control.counters(AXIS)["credentialed"] == 0


def test_a_dropped_connection_on_a_write_is_not_retried(fresh_fleet, make_transport):
    control = fresh_fleet.control
    t = make_transport(HIKVISION)
    prime(t, HIKVISION)
    control.faults(HIKVISION, drop_connection=1)  # a retry would go through
    with pytest.raises(CameraUnreachable):
        t.request("PUT", "/ISAPI/System/Network/UPnP", data=b"<UPnP/>", call="ISAPI PUT UPnP")
    assert sent(t, "/ISAPI/System/Network/UPnP") == 1
    assert control.counters(HIKVISION)["writes"] == 0


def test_errors_raised_inside_requests_name_the_call_and_quote_no_header(fresh_fleet,
                                                                        make_transport):
    """A user name with CR/LF makes http.client refuse the Authorization header it would
    build: the error names camera and call, and quotes neither header nor password."""
    t = make_transport(HIKVISION, username="admin\r\nX-Evil: 1")
    with pytest.raises(CameraError) as err:
        t.request("GET", DEVICE_INFO, call="ISAPI GET deviceInfo")
    text = str(err.value)
    assert_clear(err.value, HIKVISION, "ISAPI GET deviceInfo", fresh_fleet.password())
    for leak in ("Digest", "nonce", "response=", "X-Evil"):
        assert leak not in text, text


# -- time -----------------------------------------------------------------------------

def test_latency_above_the_timeout_fails_within_the_timeout(fresh_fleet, make_transport):
    fresh_fleet.control.faults(AXIS, latency_ms=2500)
    t = make_transport(AXIS, timeout=1)
    started = time.time()
    with pytest.raises(CameraUnreachable) as err:
        t.request("GET", PARAM_CGI, params=BRAND, call="VAPIX brand")
    elapsed = time.time() - started
    let_late_replies_land(started, 2.5)
    assert 0.9 <= elapsed < 2.5, elapsed
    assert "no answer within 1" in str(err.value)
    assert len(t.calls) == 1, "a timed-out read is not retried (it would only wait again)"
    assert_clear(err.value, AXIS, "VAPIX brand", fresh_fleet.password())


def test_task_time_budget_stops_a_sequence_of_calls(fresh_fleet, make_transport):
    fresh_fleet.control.faults(AXIS, latency_ms=600)
    t = make_transport(AXIS, timeout=10, task_timeout=2)
    started = time.time()
    done = 0
    with pytest.raises(CameraUnreachable) as err:
        for i in range(20):  # 20 x 0.6 s would be 12 s without the budget
            t.request("GET", PARAM_CGI, params={"action": "list", "group": "root.Brand", "n": i})
            done += 1
    elapsed = time.time() - started
    let_late_replies_land(time.time(), 0.6)
    assert elapsed < 3.0, elapsed
    assert done < 4
    assert "time budget of 2s ran out" in str(err.value)
    assert_clear(err.value, AXIS, "GET %s" % PARAM_CGI, fresh_fleet.password())


def test_spent_budget_sends_nothing(fresh_fleet, make_transport):
    t = make_transport(AXIS, task_timeout=1)
    prime(t, AXIS)
    before = fresh_fleet.control.counters(AXIS)["requests"]
    calls = len(t.calls)
    time.sleep(1.1)
    with pytest.raises(CameraUnreachable) as err:
        t.request("GET", PARAM_CGI, params={"action": "list", "group": "root.SNMP"},
                  call="VAPIX list SNMP")
    assert "time budget of 1s ran out" in str(err.value)
    assert_clear(err.value, AXIS, "VAPIX list SNMP")
    assert len(t.calls) == calls
    assert fresh_fleet.control.counters(AXIS)["requests"] == before


# -- untrusted replies ------------------------------------------------------------------

@pytest.mark.parametrize("fault,words", [("hostile_xml", "refused hostile XML"),
                                         ("malformed_xml", "malformed XML")])
def test_bad_xml_raises_a_clear_error(fresh_fleet, make_transport, fault, words):
    fresh_fleet.control.faults(HIKVISION, **{fault: 1})
    t = make_transport(HIKVISION)
    started = time.time()
    with pytest.raises(CameraError) as err:
        t.get_xml(DEVICE_INFO, call="ISAPI GET deviceInfo")
    assert time.time() - started < 5
    assert words in str(err.value)
    assert_clear(err.value, HIKVISION, "ISAPI GET deviceInfo", fresh_fleet.password())
    # the fault was one reply: a fresh read parses
    again = make_transport(HIKVISION).get_xml(DEVICE_INFO)
    assert again.tag.endswith("DeviceInfo")


def test_response_size_cap(fresh_fleet, make_transport):
    normal = make_transport(HIKVISION).request("GET", DEVICE_INFO)
    assert len(normal.content) > 200
    t = make_transport(HIKVISION, max_response_bytes=200)
    with pytest.raises(CameraError) as err:
        t.request("GET", DEVICE_INFO, call="ISAPI GET deviceInfo")
    assert "200-byte limit" in str(err.value)
    assert_clear(err.value, HIKVISION, "ISAPI GET deviceInfo", fresh_fleet.password())


def test_password_in_a_reply_is_redacted(fresh_fleet, make_transport):
    # The emulator's 404 body is "not found": with "found" as the password, an error
    # that quotes the body must hide it.
    t = make_transport(AXIS, password="found")
    with pytest.raises(CameraError) as err:
        t.request("GET", "/no-such-cgi", call="GET missing")
    assert "HTTP 404" in str(err.value)
    assert "not ********" in str(err.value)
    assert_clear(err.value, AXIS, "GET missing", "found")


# -- Basic authentication ----------------------------------------------------------------

def _all_authorization_headers(resp):
    return [r.request.headers.get("Authorization") for r in list(resp.history) + [resp]]


def test_axis_basic_policy_over_http_still_gets_digest(fresh_fleet, make_transport):
    """With `http_auth_policy: basic` the emulated Axis camera takes Basic over plain
    HTTP from a client that sends it unasked, but it only ever challenges with Digest
    (tests/emulator/auth.py). The transport must keep to Digest: no password in clear."""
    control = fresh_fleet.control
    control.drift(AXIS, {"network.http_auth_policy": "basic"})
    address = fresh_fleet.cameras[AXIS]["address"]
    url = "http://%s%s" % (address, PARAM_CGI)
    raw = requests.Session()
    raw.trust_env = False
    # the premise: this camera would accept the password in clear text over HTTP
    assert raw.get(url, params=BRAND, auth=HTTPBasicAuth("root", fresh_fleet.password()),
                   timeout=5).status_code == 200
    control.drift(AXIS, {"network.http_auth_policy": "digest"})
    assert raw.get(url, params=BRAND, auth=HTTPBasicAuth("root", fresh_fleet.password()),
                   timeout=5).status_code == 401
    control.drift(AXIS, {"network.http_auth_policy": "basic"})

    t = make_transport(AXIS, use_https=False)
    resp = t.request("GET", PARAM_CGI, params=BRAND)
    assert resp.url.startswith("http://")
    assert resp.status_code == 200
    headers = [h for h in _all_authorization_headers(resp) if h]
    assert headers and all(h.startswith("Digest ") for h in headers), headers
    raw.close()


class _BasicOnly(http.server.BaseHTTPRequestHandler):
    """A device that offers only Basic (the emulator never does): what it was sent."""
    seen = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        auth = self.headers.get("Authorization")
        _BasicOnly.seen.append(auth)
        if auth and auth.startswith("Basic "):
            body, status = b"ok", 200
        else:
            body, status = b"who are you", 401
        self.send_response(status)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="legacy"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def basic_only_device():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BasicOnly)
    _BasicOnly.seen = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_basic_over_plain_http_is_refused_unless_allowed(basic_only_device):
    from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport
    secret = "Plain-Text-Secret-1"
    t = Transport(camera="legacy-cam", host="127.0.0.1", username="admin", password=secret,
                  use_https=False, http_port=basic_only_device, timeout=5, task_timeout=20)
    with pytest.raises(CameraError) as err:
        t.request("GET", "/status", call="GET status")
    assert "Basic authentication over plain HTTP" in str(err.value)
    assert_clear(err.value, "legacy-cam", "GET status", secret)
    assert not any(h and h.startswith("Basic ") for h in _BasicOnly.seen), _BasicOnly.seen
    t.close()

    allowed = Transport(camera="legacy-cam", host="127.0.0.1", username="admin",
                        password=secret, use_https=False, http_port=basic_only_device,
                        timeout=5, task_timeout=20, allow_basic_over_http=True)
    assert allowed.request("GET", "/status").content == b"ok"
    assert _BasicOnly.seen[-1].startswith("Basic ")
    allowed.close()


def test_a_reply_that_failed_to_parse_is_not_served_from_the_cache(fresh_fleet, make_transport):
    """A malformed reply must not be replayed by the per-task cache: the next read of the
    same resource goes to the camera again (and succeeds once the camera answers well)."""
    cam = camera_of("hikvision")
    fresh_fleet.control.faults(cam, malformed_xml=1)
    transport = make_transport(cam)
    with pytest.raises(CameraError, match="malformed XML"):
        transport.get_xml("/ISAPI/System/deviceInfo")
    before = fresh_fleet.control.counters(cam)["by_path"].get("/ISAPI/System/deviceInfo", 0)
    root = transport.get_xml("/ISAPI/System/deviceInfo")
    assert root is not None
    after = fresh_fleet.control.counters(cam)["by_path"].get("/ISAPI/System/deviceInfo", 0)
    assert after == before + 1, "the second read was served from the cache"


def test_a_refused_tls_version_is_not_called_a_certificate_problem(fresh_fleet, make_transport):
    """A camera that accepts TLS 1.0 only: the handshake fails on the version, and the
    message must not send the user hunting for a CA file."""
    fresh_fleet.control.drift(AXIS, {"network.https.tls_versions": ["TLSv1"]})
    t = make_transport(AXIS)
    with pytest.raises(CameraError) as err:
        t.request("GET", PARAM_CGI, params=BRAND, call="VAPIX brand")
    assert "TLS handshake failed" in str(err.value), str(err.value)
    assert "ca_path" not in str(err.value)
    assert_clear(err.value, AXIS, "VAPIX brand", fresh_fleet.password())
