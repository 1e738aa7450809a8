"""5.5.1 (access to private data needs authentication) against the emulator, through
compliance_facts in-process: the vendor's snapshot path asked over HTTP(S) and its
stream path over RTSP (the rtsp probe), both without credentials. The insecure Axis and
Hikvision cameras let anonymous viewers in (fail, naming the path and the protocol);
the hardened preset refuses (pass); ONVIF's anonymous access is a user of level
Anonymous; a closed RTSP port passes the stream part; the probe switched off leaves it
`manual`; and no request of the evaluation ever counts as a failed login.
Also the RTSP probe (probe_rtsp.py) on its own, and the snapshot GETs (private_data.py).
"""

import os
import socket
import threading
import time

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.camsec.ipcam.plugins.module_utils import args, probes, runner
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.registry import BY_NAME, DRIVERS, driver_for
from ansible_collections.camsec.ipcam.plugins.module_utils import private_data
from tests.unit.compliance_run import CAMERAS, controls_of, run_compliance
from tests.conftest import VENDORS, Lookup, camera_of, vendor_package



def media_path(vendor, what):
    """The emulated camera's own snapshot or stream path, with its query (the vendor
    package's MEDIA): what the collection asks the camera at, and names in its results."""
    media = vendor_package(vendor).MEDIA
    path, query = media["%s_path" % what], media.get("%s_query" % what)
    return path + ("?" + query if query else "")


SNAPSHOT = Lookup(lambda vendor: media_path(vendor, "snapshot"))
STREAM = Lookup(lambda vendor: media_path(vendor, "rtsp"))
# The stream paths the RTSP pass asks before the vendor is known: every registered
# driver's (the plugin's registry).
KNOWN_STREAMS = sorted(set(path for driver in DRIVERS for path in driver.STREAM_PATHS))
FAST = {"timeout": 0.8}  # the emulator answers at once


def evaluate(emulator, cam, probes_given=None, controls=None, level=1):
    return controls_of(run_compliance(emulator, cam, level, controls=controls,
                                      probes=dict(FAST, **(probes_given or {}))))


def stream_url(emulator, cam, path=None):
    return "rtsp://%s:554%s" % (emulator.cameras[cam]["address"], path or STREAM[CAMERAS[cam]])


def wait_for_port(host, port, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("port %d of %s did not open" % (port, host))


def add_anonymous_onvif_user(emulator):
    admin = emulator.control.state(camera_of("onvif"))["users"][0]
    emulator.control.drift(camera_of("onvif"), {"users": [admin, {"username": "guest", "password": "",
                                                          "level": "Anonymous"}]})


# -- 5.5.1 through compliance_facts -----------------------------------------------------

@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_insecure_vendor_camera_fails_naming_snapshot_and_stream(fresh_fleet, cam):
    vendor = CAMERAS[cam]
    control = evaluate(fresh_fleet, cam)["5.5.1"]
    assert control["status"] == "fail"
    assert control["expected"] == {"unauthenticated_snapshot": False, "unauthenticated_stream": False}
    assert control["reason"] == (
        "snapshot: HTTPS GET %s answered HTTP 200 (image/jpeg) without credentials; "
        "stream: RTSP DESCRIBE %s answered 200 (application/sdp) without credentials"
        % (SNAPSHOT[vendor], stream_url(fresh_fleet, cam)))
    assert control["actual"] == {
        "snapshot": {"unauthenticated": [SNAPSHOT[vendor]]},
        "stream": {"rtsp_port_open": True, "unauthenticated": [STREAM[vendor]]}}
    assert control["evidence"]["snapshot"] == [{
        "path": SNAPSHOT[vendor], "scheme": "https", "port": 443, "uri": None, "status": 200,
        "protected": False, "content_type": "image/jpeg", "error": None}]
    # Axis and Hikvision are asked at the paths their own APIs document.
    assert control["evidence"]["media"]["source"] == "fallback"
    stream = control["evidence"]["stream"]
    assert stream["probe"] == "rtsp" and stream["port"] == 554
    assert stream["options"]["public"] == ["OPTIONS", "DESCRIBE"]
    assert "recordings" in control["evidence"]["scope"]
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_secure_camera_passes_with_the_refusals_as_evidence(fresh_fleet, cam):
    vendor = CAMERAS[cam]
    fresh_fleet.control.preset(cam, "secure")
    control = evaluate(fresh_fleet, cam)["5.5.1"]
    assert control["status"] == "pass", control["reason"]
    assert control["reason"] is None
    assert control["actual"] == {"snapshot": {"unauthenticated": []},
                                 "stream": {"rtsp_port_open": True, "unauthenticated": []}}
    (snapshot,) = control["evidence"]["snapshot"]
    assert (snapshot["path"], snapshot["status"], snapshot["protected"]) == (SNAPSHOT[vendor], 401, True)
    stream = control["evidence"]["stream"]
    # Where the camera named its stream URI (ONVIF's GetStreamUri: media source "camera"),
    # on 554, the probe pass's answer serves; else the known paths were asked.
    named = control["evidence"]["media"]["source"] == "camera"
    assert named or vendor != "onvif", control["evidence"]["media"]
    paths = stream["ports"]["554"]["paths"] if named else stream["paths"]
    own = paths[STREAM[vendor]]
    assert own["status"] == 401 and own["auth_required"] is True and own["schemes"] == ["Digest"]
    assert own["basic_offered"] is False
    # The other vendors' paths were asked too (the pass starts before the vendor is
    # known); this camera does not serve them.
    others = [p for p in paths if p not in BY_NAME[vendor].STREAM_PATHS]
    assert len(others) == len(KNOWN_STREAMS) - len(BY_NAME[vendor].STREAM_PATHS)
    assert all(paths[p]["status"] == 404 for p in others)
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


def test_onvif_camera_with_an_anonymous_user_fails_and_without_passes(fresh_fleet):
    control = evaluate(fresh_fleet, camera_of("onvif"))["5.5.1"]
    assert control["status"] == "pass", control["reason"]  # no Anonymous user from the factory
    add_anonymous_onvif_user(fresh_fleet)
    control = evaluate(fresh_fleet, camera_of("onvif"))["5.5.1"]
    assert control["status"] == "fail"
    reasons = control["reason"].split("; ")
    address = fresh_fleet.cameras[camera_of("onvif")]["address"]
    assert reasons[0] == ("snapshot: HTTPS GET /onvif/snapshot answered HTTP 200 (image/jpeg) "
                          "without credentials (the camera's snapshot URI https://%s/onvif/snapshot)"
                          % address)
    assert reasons[1] == ("stream: RTSP DESCRIBE %s answered 200 (application/sdp) without "
                          "credentials (the camera's stream URI of profile Profile_1)"
                          % stream_url(fresh_fleet, camera_of("onvif")))
    assert fresh_fleet.control.counters(camera_of("onvif"))["failed_logins"] == 0


def test_rtsp_probe_off_leaves_the_stream_part_manual(fresh_fleet):
    fresh_fleet.control.preset(camera_of("axis"), "secure")
    control = evaluate(fresh_fleet, camera_of("axis"),
                       probes_given={"services": ["snmp", "tcp", "tls"]})["5.5.1"]
    assert control["status"] == "manual"
    assert control["reason"] == ("stream: the stream can only be asked for on the network, and "
                                 "the RTSP probe is switched off (ipcam_probe_rtsp)")
    assert control["actual"]["snapshot"] == {"unauthenticated": []}
    assert "rtsp" not in fresh_fleet.control.counters(camera_of("axis"))  # nothing was sent to 554


def test_rtsp_probe_off_still_fails_an_open_snapshot(fresh_fleet):
    control = evaluate(fresh_fleet, camera_of("hikvision"), probes_given={"services": ["tcp"]})["5.5.1"]
    assert control["status"] == "fail"  # the worst part decides
    assert control["reason"].startswith("snapshot: HTTPS GET /ISAPI/Streaming/channels/101/picture")
    assert "stream: the stream can only be asked for on the network" in control["reason"]


def test_rtsp_off_passes_the_stream_part_as_a_closed_port(fresh_fleet):
    """A closed RTSP port means no stream to read: that part passes, and says why."""
    fresh_fleet.control.preset(camera_of("hikvision"), "secure")
    fresh_fleet.control.drift(camera_of("hikvision"), {"network.rtsp.enabled": False})
    controls = evaluate(fresh_fleet, camera_of("hikvision"))
    control = controls["5.5.1"]
    assert control["status"] == "pass", control["reason"]
    assert control["actual"]["stream"] == {"rtsp_port_open": False}
    assert control["evidence"]["stream"]["state"] == "closed"
    assert control["evidence"]["stream"]["evidence"] == ("port closed: RTSP is off, so there is "
                                                         "no stream to read")
    assert controls["5.2.2"]["actual"] == {"open": [443]}


def test_anonymous_viewer_with_rtsp_off_fails_on_the_snapshot_only(fresh_fleet):
    fresh_fleet.control.drift(camera_of("axis"), {"network.rtsp.enabled": False})
    control = evaluate(fresh_fleet, camera_of("axis"))["5.5.1"]
    assert control["status"] == "fail"
    assert control["reason"].startswith("snapshot: ") and "stream:" not in control["reason"]


def test_an_evaluation_never_counts_a_failed_login(fresh_fleet):
    """Hikvision's lockout is on in the secure preset (5 failures in a row): however
    often 5.5.1 is evaluated, nothing it sends is a failed login."""
    fresh_fleet.control.preset(camera_of("hikvision"), "secure")
    for _ in range(6):
        assert evaluate(fresh_fleet, camera_of("hikvision"))["5.5.1"]["status"] == "pass"
    counters = fresh_fleet.control.counters(camera_of("hikvision"))
    assert counters["failed_logins"] == 0 and counters["locked"] is False
    assert counters["rtsp"]["DESCRIBE"] == 6 * len(KNOWN_STREAMS)  # the known paths, each pass
    assert counters["by_path"][SNAPSHOT["hikvision"]] == 6


def test_the_site_may_allow_an_unauthenticated_stream(fresh_fleet):
    """An expectation of true (a public webcam, say) leaves that part unchecked."""
    controls = {"5.5.1": {"expect": {"unauthenticated_stream": True}}}
    control = evaluate(fresh_fleet, camera_of("axis"), controls=controls)["5.5.1"]
    assert control["status"] == "fail"
    assert "stream" not in control["actual"] and "stream" not in control["evidence"]
    assert control["reason"].startswith("snapshot: ")


def test_a_bad_expectation_is_refused(fresh_fleet):
    spec = args.argument_spec("compliance_facts")
    validated = ArgumentSpecValidator(spec).validate({
        "host": fresh_fleet.cameras[camera_of("axis")]["address"], "username": "root",
        "password": fresh_fleet.password(), "ca_path": fresh_fleet.ca_path(), "level": 1,
        "probes": FAST, "controls": {"5.5.1": {"expect": {"unauthenticated_stream": "no"}}}})
    result = runner.run("compliance_facts", validated.validated_parameters, False)
    assert result["failed"] and "5.5.1 expects unauthenticated_stream as true or false" in result["msg"]


def test_a_stream_path_the_camera_does_not_serve_is_manual(fresh_fleet):
    """The site names a stream path that is not this camera's (404): unknown, not a pass."""
    fresh_fleet.control.preset(camera_of("axis"), "secure")
    control = evaluate(fresh_fleet, camera_of("axis"),
                       probes_given={"rtsp_paths": ["/Streaming/Channels/102"]})["5.5.1"]
    assert control["status"] == "manual"
    assert control["reason"].startswith(
        "stream: RTSP DESCRIBE %s answered 404 without credentials; name the camera's stream "
        "path in probes.rtsp_paths" % stream_url(fresh_fleet, camera_of("axis"), "/Streaming/Channels/102"))


# -- the snapshot GETs on their own (private_data.py) -------------------------------------

@pytest.mark.parametrize("use_https", [True, False])
def test_snapshot_get_sends_no_authorization_header(fresh_fleet, make_transport, use_https):
    """The second Transport has no credentials: the camera's 401 is `protected`, the
    task's own transport is untouched, and no failed login is counted."""
    fresh_fleet.control.preset(camera_of("hikvision"), "secure")
    fresh_fleet.control.drift(camera_of("hikvision"), {"network.http.enabled": True})
    wait_for_port(fresh_fleet.cameras[camera_of("hikvision")]["address"], 80)  # reopened asynchronously
    transport = make_transport(camera_of("hikvision"), use_https=use_https)
    driver = driver_for(transport, "hikvision")
    checks = private_data.snapshot_checks(driver)
    assert checks == [{"path": SNAPSHOT["hikvision"], "scheme": "https" if use_https else "http",
                       "port": 443 if use_https else 80, "uri": None,
                       "status": 401, "protected": True, "content_type": None, "error": None}]
    assert transport.auth_failure is None and transport.calls == []
    assert fresh_fleet.control.counters(camera_of("hikvision"))["failed_logins"] == 0


def test_snapshot_path_missing_is_neither_open_nor_protected(fresh_fleet, make_transport, monkeypatch):
    monkeypatch.setattr(BY_NAME["axis"], "SNAPSHOT_PATHS", ("/no/such/snapshot.jpg",))
    driver = driver_for(make_transport(camera_of("axis"), use_https=True), "axis")
    (check,) = private_data.snapshot_checks(driver)
    assert check["status"] == 404 and check["protected"] is None
    assert "HTTP 404" in check["error"] and "not supported" in check["error"]


# -- the RTSP probe on its own (probe_rtsp.py) ---------------------------------------------

def rtsp_probe(emulator, cam, **options):
    found = probes.run(emulator.cameras[cam]["address"],
                       probes.settings(services=["rtsp"], timeout=0.8, **options))
    assert found["answering"] == []  # "answering" is for the discovery services
    return found["rtsp"]


def test_probe_reports_each_path(fresh_fleet):
    found = rtsp_probe(fresh_fleet, camera_of("axis"))
    assert found["state"] == "open" and found["answered"] is True and found["error"] is None
    assert found["options"] == {"status": 200, "public": ["OPTIONS", "DESCRIBE"],
                                "server": "camera-emulator RTSP", "error": None}
    assert sorted(found["paths"]) == KNOWN_STREAMS
    axis = found["paths"][STREAM["axis"]]
    assert axis == {"url": stream_url(fresh_fleet, camera_of("axis")), "answered": True, "status": 200,
                    "auth_required": False, "schemes": [], "basic_offered": False,
                    "server": "camera-emulator RTSP", "content_type": "application/sdp", "error": None}
    assert found["paths"][STREAM["hikvision"]]["status"] == 404
    counters = fresh_fleet.control.counters(camera_of("axis"))
    assert counters["rtsp"] == {"OPTIONS": 1, "DESCRIBE": len(KNOWN_STREAMS)}
    assert counters["failed_logins"] == 0


def test_probe_of_a_closed_port(fresh_fleet):
    fresh_fleet.control.drift(camera_of("onvif"), {"network.rtsp.enabled": False})
    found = rtsp_probe(fresh_fleet, camera_of("onvif"))
    assert found["state"] == "closed" and found["answered"] is False
    assert found["error"] == "connection refused on TCP port 554"
    assert found["paths"] == {}


def test_probe_of_a_port_that_speaks_http(fresh_fleet):
    found = rtsp_probe(fresh_fleet, camera_of("axis"), rtsp_port=80, rtsp_paths=["/"])
    assert found["state"] == "open" and found["answered"] is False
    assert found["paths"]["/"]["error"].startswith("not an RTSP reply: 'HTTP/1.1 ")
    assert found["error"].startswith("no RTSP reply on TCP port 80: ")


@pytest.fixture
def basic_offering_server():
    """A tiny RTSP server that offers Basic next to Digest (some cameras do), and
    closes the connection after every reply: the probe must reconnect, never resend."""
    host = "127.%d.253.9" % (os.getpid() % 200 + 20)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    listener.listen(8)
    listener.settimeout(5)
    seen = []

    def serve():
        for _ in range(4):
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                seen.append(data.decode("latin-1"))
                cseq = [line.split(":", 1)[1].strip() for line in data.decode("latin-1").split("\r\n")
                        if line.lower().startswith("cseq:")]
                conn.sendall(("RTSP/1.0 401 Unauthorized\r\nCSeq: %s\r\nServer: fake\r\n"
                              "WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc\"\r\n"
                              "WWW-Authenticate: Basic realm=\"cam\"\r\nConnection: close\r\n\r\n"
                              % (cseq[0] if cseq else "0")).encode("latin-1"))
    worker = threading.Thread(target=serve, daemon=True)
    worker.start()
    yield host, listener.getsockname()[1], seen
    listener.close()
    worker.join(5)


def test_probe_reports_basic_offered_and_reconnects_without_resending(basic_offering_server):
    host, port, seen = basic_offering_server
    found = probes.run(host, probes.settings(services=["rtsp"], timeout=1.0, rtsp_port=port,
                                             rtsp_paths=["/live", "/live2"]))["rtsp"]
    assert found["basic_offered"] == ["/live", "/live2"]
    assert found["paths"]["/live"]["schemes"] == ["Digest", "Basic"]
    assert found["paths"]["/live"]["auth_required"] is True
    assert [r.split(" ", 2)[:2] for r in seen] == [
        ["OPTIONS", "rtsp://%s:%d/live" % (host, port)], ["DESCRIBE", "rtsp://%s:%d/live" % (host, port)],
        ["DESCRIBE", "rtsp://%s:%d/live2" % (host, port)]]
    assert not any("authorization" in r.lower() for r in seen)  # never any credentials


def test_settings_carry_the_rtsp_options():
    config = probes.settings_from_params({"services": ["rtsp"], "rtsp_port": 8554,
                                          "rtsp_paths": ["live/ch1"]})
    assert config["rtsp_port"] == 8554 and config["rtsp_paths"] == ["/live/ch1"]
    defaults = probes.settings()
    assert "rtsp" in defaults["services"] and defaults["rtsp_port"] == 554
    assert defaults["rtsp_paths"] == KNOWN_STREAMS
    # every emulated vendor's own stream is among them
    assert [v for v in VENDORS if STREAM[v] not in KNOWN_STREAMS] == []
