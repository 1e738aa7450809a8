"""compliance_facts for the Part 1 clauses on services, web management, TLS, firmware,
time and logs (compliance_services.py: 5.2.1, 5.2.3, 5.2.5, 5.2.7, 5.3.2) and 5.3.1's
two parts (SNMP v1/v2c, Basic over plain HTTP), in-process against the emulator.

What the network shows comes from the probes: the certificate and the TLS versions from
the TLS probe's handshakes, the telnet/SSH/FTP ports from the TCP probe. The emulator
models no telnet, SSH or FTP daemon, so those ports are closed unless a test opens one.
Inventory mistakes must stop the task before the camera hears anything.
"""

import contextlib
import re
import socket

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import probe_tls
from tests.unit.compliance_run import CAMERAS, LEAVE_OUT, controls_of, run_compliance
from tests.conftest import camera_of, expected, firmware_above, firmware_at_or_under, reference_identity

# Each camera's model and firmware as its vendor package's reference profile has them, a
# minimum just above that firmware (BELOW: the camera is below it) and one it meets.
MODEL = {cam: reference_identity(vendor)["model"] for cam, vendor in CAMERAS.items()}
FIRMWARE = {cam: reference_identity(vendor)["firmware"] for cam, vendor in CAMERAS.items()}
BELOW = {cam: firmware_above(vendor) for cam, vendor in CAMERAS.items()}  # above the camera
AT_OR_UNDER = {cam: firmware_at_or_under(vendor) for cam, vendor in CAMERAS.items()}
FAST = {"timeout": 0.8}  # the emulator answers at once
SITE_NTP = "192.0.2.123"
SITE_SYSLOG = {"host": "192.0.2.20", "port": 6514, "protocol": "tls"}
SITE_TIME_AND_LOGS = {"5.2.7": {"expect": {"ntp_servers": [SITE_NTP],
                                           "syslog_servers": [SITE_SYSLOG]}}}
ATTESTATION = {"evidence": "vendor statement: only signed firmware installs", "by": "auditor"}
OLD_TLS = ("TLSv1", "TLSv1.1")
# Some tests reach the API without verification on purpose (validate_certs: false).
pytestmark = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")


def run_task(emulator, cam, level=1, probes=None, controls=None, attestations=None, ca=True,
             validate_certs=True):
    """The compliance_facts result dict. `ca` False: no ca_path at all, so the API is
    reached without verification and the TLS probe trusts only the system CAs.
    `validate_certs` False with `ca`: the API unverified, the TLS probe still verifies
    against the fleet's CA (an audit of cameras whose certificates are known bad)."""
    return run_compliance(emulator, cam, level, controls=controls, attestations=attestations or {},
                          probes=dict(FAST, **(probes or {})),
                          ca_path=None if ca else LEAVE_OUT,
                          validate_certs=False if (not ca or not validate_certs) else None)


def evaluate(emulator, cam, level=1, **kwargs):
    return controls_of(run_task(emulator, cam, level, **kwargs))


def secure(emulator, cam, **drift):
    """The hardened preset, then `drift` ({"dotted.path": value}) behind its back."""
    emulator.control.preset(cam, "secure")
    if drift:
        emulator.control.drift(cam, drift)


def minimum(cam, version):
    return {MODEL[cam]: version}


@contextlib.contextmanager
def listening(address, port):
    """A silent TCP listener on the camera's address: a daemon its API does not show."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, port))
    except PermissionError:
        sock.close()
        pytest.fail("binding TCP port %d needs root (or net.ipv4.ip_unprivileged_port_start "
                    "<= %d): this test stands in for a daemon on the camera" % (port, port))
    sock.listen(8)
    try:
        yield
    finally:
        sock.close()


# -- 5.2.5: HTTPS only, with a valid certificate (TLS probe) ----------------------------------

@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_5_insecure_camera_fails_on_plain_http(fresh_fleet, cam):
    control = evaluate(fresh_fleet, cam)["5.2.5"]
    assert control["status"] == "fail"
    assert control["reason"] == "web: plain HTTP management is on"
    assert control["actual"]["web"] == {"http": True, "https": True}
    assert control["actual"]["certificate"]["verified"] is True  # only the web part fails


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_5_secure_camera_passes_with_the_certificate_as_evidence(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    control = evaluate(fresh_fleet, cam)["5.2.5"]
    assert control["status"] == "pass", control["reason"]
    assert control["reason"] is None
    evidence = control["evidence"]
    assert evidence["probe"] == "tls" and evidence["port"] == 443
    cert = evidence["certificate"]
    assert cert["verified"] is True and cert["hostname_ok"] is True
    assert cert["self_signed"] is False
    assert cert["subject"] == "CN=%s" % cam and cert["issuer"] == "CN=camera-emulator CA"
    assert 364 <= cert["days_left"] <= 365
    assert control["actual"] == {"web": {"http": False, "https": True}, "certificate": cert}


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("onvif")])
def test_5_2_5_certificate_expiring_within_the_minimum_fails(fresh_fleet, cam):
    secure(fresh_fleet, cam, **{"network.https.cert_days": 10})
    control = evaluate(fresh_fleet, cam)["5.2.5"]
    assert control["status"] == "fail"
    assert re.match(r"^certificate: expires in (9|10) day\(s\) \(at least 30 wanted\)$",
                    control["reason"]), control["reason"]
    assert control["evidence"]["certificate"]["verified"] is True
    # a site that renews later accepts it
    lenient = evaluate(fresh_fleet, cam, controls={"5.2.5": {"expect": {"cert_min_days": 5}}})
    assert lenient["5.2.5"]["status"] == "pass", lenient["5.2.5"]["reason"]


EXPIRED = (r"^certificate: not trusted by the controller's CA bundle \(certificate has expired\); "
           r"expired (3|4) day\(s\) ago$")


@pytest.mark.parametrize("cam", [camera_of("hikvision"), camera_of("onvif")])
def test_5_2_5_expired_certificate_fails(fresh_fleet, cam):
    """The API reached without verification (it could not be otherwise), the certificate
    judged by the TLS probe against the fleet's CA."""
    secure(fresh_fleet, cam, **{"network.https.cert_days": -3})
    control = evaluate(fresh_fleet, cam, validate_certs=False)["5.2.5"]
    assert control["status"] == "fail"
    assert re.match(EXPIRED, control["reason"]), control["reason"]
    cert = control["evidence"]["certificate"]
    assert cert["verified"] is False and -4 <= cert["days_left"] <= -3


def test_5_2_5_expired_certificate_fails_even_when_the_api_cannot_be_reached(fresh_fleet):
    """With the usual verifying connection every API read of this camera fails (its
    certificate expired), so the web part cannot be judged: that part is an `error`, but
    the TLS probe has seen the expired certificate, and by the control's own rule (the
    worst part wins: fail, then error) 5.2.5 must be `fail` with that reason."""
    cam = camera_of("hikvision")
    secure(fresh_fleet, cam, **{"network.https.cert_days": -3})
    control = evaluate(fresh_fleet, cam)["5.2.5"]
    assert control["status"] == "fail" and re.search(EXPIRED[1:], control["reason"] or ""), (
        "BUG in compliance_services.web_5_2_5: a CameraError from the protocols read (TLS "
        "verification of the API call fails on the expired certificate) escapes the "
        "evaluator, so the whole control becomes `error` with the API's message and the TLS "
        "probe's certificate verdict is dropped; expected `fail` naming the expiry, got %r: %r"
        % (control["status"], control["reason"]))


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_5_certificate_not_trusted_without_the_fleet_ca(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    control = evaluate(fresh_fleet, cam, ca=False)["5.2.5"]
    assert control["status"] == "fail"
    assert control["reason"] == ("certificate: not trusted by the controller's CA bundle "
                                 "(self-signed certificate in certificate chain)")
    cert = control["actual"]["certificate"]
    assert cert["verified"] is False and 364 <= cert["days_left"] <= 365


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_5_2_5_certificate_is_manual_without_the_tls_probe(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    control = evaluate(fresh_fleet, cam, probes={"services": ["snmp", "tcp"]})["5.2.5"]
    assert control["status"] == "manual"
    assert control["reason"] == ("certificate: the certificate can only be seen in a TLS "
                                 "handshake, and the TLS probe is switched off (ipcam_probe_tls)")
    assert control["actual"] == {"web": {"http": False, "https": True}, "certificate": None}
    assert control["evidence"] is None


# -- 5.3.2: insecure protocols off, TLS 1.2 or newer (level 2) --------------------------------

@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_3_2_secure_camera_passes(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    control = evaluate(fresh_fleet, cam, level=2)["5.3.2"]
    assert control["status"] == "pass", control["reason"]
    assert control["actual"]["tls"] == {"offered": ["TLSv1.2", "TLSv1.3"]}
    assert control["actual"]["http"] == {"http": False}
    assert control["evidence"] == {"probe": "tls", "port": 443, "offered": ["TLSv1.2", "TLSv1.3"],
                                   "untestable_here": []}
    # telnet and FTP are off (SSH is allowed by 5.3.2's default), by the API or the closed port
    services = control["actual"]["services"]
    assert services["telnet"] is False and services["ftp"] is False


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_3_2_old_tls_versions_fail_or_are_untestable_here(fresh_fleet, cam):
    """What this controller's OpenSSL can offer decides: a version it can offer is seen
    accepted (fail); one it cannot is `manual`, never a pass."""
    secure(fresh_fleet, cam, **{"network.https.tls_versions": ["TLSv1", "TLSv1.1", "TLSv1.2"]})
    control = evaluate(fresh_fleet, cam, level=2)["5.3.2"]
    testable = [v for v in OLD_TLS if probe_tls.cannot_offer(v) is None]
    if testable:
        assert control["status"] == "fail"
        assert control["reason"] == "tls: the HTTPS port accepts %s (older than TLSv1.2)" % (
            ", ".join(testable))
        assert control["actual"]["tls"]["offered"] == testable + ["TLSv1.2"]
    else:
        assert control["status"] == "manual"
        assert control["reason"] == (
            "tls: this controller's TLS library cannot offer TLSv1, TLSv1.1, so whether the "
            "camera accepts it is unknown")
        assert control["evidence"]["untestable_here"] == list(OLD_TLS)


def test_5_3_2_versions_this_controller_cannot_offer_are_manual(fresh_fleet, monkeypatch):
    """The untestable branch on every machine: the probe's record of what this OpenSSL
    refuses to offer is set as a controller without TLSv1/1.1 would have it."""
    cam = camera_of("axis")
    for version in OLD_TLS:
        monkeypatch.setitem(probe_tls._local_support, version,
                            "test OpenSSL will not offer %s: NO_PROTOCOLS_AVAILABLE" % version)
    secure(fresh_fleet, cam, **{"network.https.tls_versions": ["TLSv1", "TLSv1.1", "TLSv1.2"]})
    control = evaluate(fresh_fleet, cam, level=2)["5.3.2"]
    assert control["status"] == "manual"
    assert control["reason"] == (
        "tls: this controller's TLS library cannot offer TLSv1, TLSv1.1, so whether the "
        "camera accepts it is unknown")
    assert control["evidence"]["untestable_here"] == ["TLSv1", "TLSv1.1"]
    assert control["actual"]["tls"] == {"offered": ["TLSv1.2"]}


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_3_2_plain_http_on_fails(fresh_fleet, cam):
    secure(fresh_fleet, cam, **{"network.http.enabled": True})
    control = evaluate(fresh_fleet, cam, level=2)["5.3.2"]
    assert control["status"] == "fail"
    assert control["reason"] == "http: plain HTTP management is on"
    assert control["actual"]["http"] == {"http": True}


def test_5_3_2_telnet_on_fails_where_the_api_shows_it(fresh_fleet):
    cam = camera_of("hikvision")  # ISAPI's /System/Network/telnetd
    secure(fresh_fleet, cam, **{"network.telnet": True})
    control = evaluate(fresh_fleet, cam, level=2)["5.3.2"]
    assert control["status"] == "fail"
    assert control["reason"] == "services: telnet on"
    assert control["actual"]["services"]["telnet"] is True


# -- 5.2.1: approved firmware; telnet, FTP, SSH off unless allowed ----------------------------

@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_1_firmware_below_the_minimum_fails(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    controls = {"5.2.1": {"expect": {"firmware_minimums": minimum(cam, BELOW[cam])}}}
    control = evaluate(fresh_fleet, cam, controls=controls)["5.2.1"]
    assert control["status"] == "fail"
    assert control["reason"] == "firmware: firmware %s is below the minimum %s for %s" % (
        FIRMWARE[cam], BELOW[cam], MODEL[cam])
    assert control["actual"]["firmware"] == {"model": MODEL[cam], "version": FIRMWARE[cam],
                                             "minimum": BELOW[cam]}


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_1_without_a_minimum_for_the_model_is_manual(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    controls = {"5.2.1": {"expect": {"firmware_minimums": {"OTHER-MODEL": "1.0"}}}}
    control = evaluate(fresh_fleet, cam, controls=controls)["5.2.1"]
    assert control["status"] == "manual"
    assert control["reason"] == ("firmware: no minimum defined for model %s; set "
                                 "ipcam_firmware_minimums" % MODEL[cam])


@pytest.mark.parametrize("cam,unreported", [
    (camera_of("axis"), ["telnet"]), (camera_of("hikvision"), ["ftp"]), (camera_of("onvif"), ["telnet", "ssh", "ftp"])])
def test_5_2_1_services_the_api_cannot_report_are_judged_by_the_tcp_probe(fresh_fleet, cam,
                                                                            unreported):
    secure(fresh_fleet, cam)
    controls = {"5.2.1": {"expect": {"firmware_minimums": minimum(cam, AT_OR_UNDER[cam])}}}
    control = evaluate(fresh_fleet, cam, controls=controls)["5.2.1"]
    assert control["status"] == "pass", control["reason"]
    assert control["actual"]["services"] == {"telnet": False, "ssh": False, "ftp": False}
    assert control["actual"]["firmware"]["minimum"] == AT_OR_UNDER[cam]
    # the TCP probe switched off: what the API cannot say stays open
    no_tcp = {"services": ["snmp", "tls"]}
    control = evaluate(fresh_fleet, cam, controls=controls, probes=no_tcp)["5.2.1"]
    assert control["status"] == "manual"
    assert control["reason"].startswith("services: ")
    named = re.findall(r"(?:^services: |; )(telnet|ssh|ftp): ", control["reason"])
    assert named == [k for k in ("telnet", "ssh", "ftp") if k in unreported], control["reason"]
    assert "the TCP port probe (port" in control["reason"]
    assert "firmware" not in control["reason"]


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_5_2_1_ssh_on_fails_unless_allowed(fresh_fleet, cam):
    secure(fresh_fleet, cam, **{"network.ssh": True})
    firmware_ok = {"firmware_minimums": minimum(cam, AT_OR_UNDER[cam])}
    control = evaluate(fresh_fleet, cam, controls={"5.2.1": {"expect": firmware_ok}})["5.2.1"]
    assert control["status"] == "fail"
    assert control["reason"] == "services: ssh on"
    assert control["actual"]["services"]["ssh"] is True
    allowed = dict(firmware_ok, allowed_services=["ssh"])
    control = evaluate(fresh_fleet, cam, controls={"5.2.1": {"expect": allowed}})["5.2.1"]
    assert control["status"] == "pass", control["reason"]
    assert control["actual"]["services"]["ssh"] is True  # on, and allowed


@pytest.mark.parametrize("cam,port,key,api_says_off", [
    (camera_of("axis"), 22, "ssh", True),    # VAPIX says SSH is off
    (camera_of("hikvision"), 21, "ftp", False),   # ISAPI has no FTP switch
])
def test_5_2_1_a_port_that_answers_fails_whatever_the_api_says(fresh_fleet, cam, port, key,
                                                               api_says_off):
    secure(fresh_fleet, cam)
    controls = {"5.2.1": {"expect": {"firmware_minimums": minimum(cam, AT_OR_UNDER[cam])}}}
    with listening(fresh_fleet.cameras[cam]["address"], port):
        control = evaluate(fresh_fleet, cam, controls=controls)["5.2.1"]
    assert control["status"] == "fail"
    assert control["reason"] == "services: %s answers on TCP port %d%s" % (
        key, port, " although the API says it is off" if api_says_off else "")
    assert control["actual"]["services"][key] is True


# -- 5.2.3: approved version and signed updates -------------------------------------------------

@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_3_firmware_ok_needs_the_attestation(fresh_fleet, cam):
    controls = {"5.2.3": {"expect": {"firmware_minimums": minimum(cam, AT_OR_UNDER[cam])}}}
    control = evaluate(fresh_fleet, cam, controls=controls)["5.2.3"]
    assert control["status"] == "manual"
    assert control["reason"] == ("signed_updates: signed firmware only is a vendor property: "
                                 "record evidence in ipcam_attestations['5.2.3']")
    control = evaluate(fresh_fleet, cam, controls=controls,
                       attestations={"5.2.3": ATTESTATION})["5.2.3"]
    assert control["status"] == "pass", control["reason"]
    assert control["evidence"] == ATTESTATION
    assert control["actual"]["signed_updates"] == {"attested": True}


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_5_2_3_firmware_below_the_minimum_fails_even_when_attested(fresh_fleet, cam):
    controls = {"5.2.3": {"expect": {"firmware_minimums": minimum(cam, BELOW[cam])}}}
    control = evaluate(fresh_fleet, cam, controls=controls,
                       attestations={"5.2.3": ATTESTATION})["5.2.3"]
    assert control["status"] == "fail"
    assert control["reason"] == "firmware: firmware %s is below the minimum %s for %s" % (
        FIRMWARE[cam], BELOW[cam], MODEL[cam])


# -- 5.2.7: NTP configured and in sync; remote syslog (level 2) ----------------------------------

@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_7_insecure_camera_fails_on_ntp_and_syslog(fresh_fleet, cam):
    control = evaluate(fresh_fleet, cam, level=2)["5.2.7"]
    assert control["status"] == "fail"
    assert control["reason"].startswith("time: NTP is off (the clock is set by hand); ")
    assert control["actual"]["time"]["ntp"] is False
    if not expected(CAMERAS[cam], "remote_syslog"):  # e.g. ONVIF: no operation for it
        assert "logging: the camera's API cannot configure remote syslog (" in (
            control["reason"])
    else:
        assert "; logging: remote syslog is off; 0 syslog servers, expected at least 1" in (
            control["reason"])
        assert control["actual"]["logging"] == {"enabled": False, "servers": []}


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_5_2_7_secure_vendor_camera_passes_with_the_site_servers(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    control = evaluate(fresh_fleet, cam, level=2, controls=SITE_TIME_AND_LOGS)["5.2.7"]
    assert control["status"] == "pass", control["reason"]
    assert control["actual"]["time"]["ntp_servers"] == [SITE_NTP]
    assert control["actual"]["time"]["in_sync"] is True
    assert control["actual"]["logging"] == {"enabled": True, "servers": [SITE_SYSLOG]}


def test_5_2_7_onvif_camera_is_manual_for_lack_of_a_syslog_api(fresh_fleet):
    cam = camera_of("onvif")
    secure(fresh_fleet, cam)
    control = evaluate(fresh_fleet, cam, level=2, controls=SITE_TIME_AND_LOGS)["5.2.7"]
    assert control["status"] == "manual"
    assert control["reason"].startswith("logging: the camera's API cannot configure remote "
                                        "syslog (ONVIF defines no operation for remote syslog")
    assert "time:" not in control["reason"]  # the time part passed
    assert control["actual"]["time"]["ntp_servers"] == [SITE_NTP]
    assert control["actual"]["logging"] is None


@pytest.mark.parametrize("cam", [camera_of("axis"), camera_of("hikvision")])
def test_5_2_7_a_declared_server_missing_fails_naming_it(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    controls = {"5.2.7": {"expect": {
        "ntp_servers": [SITE_NTP, "192.0.2.124"],
        "syslog_servers": [SITE_SYSLOG, {"host": "192.0.2.21", "port": 514, "protocol": "udp"}]}}}
    control = evaluate(fresh_fleet, cam, level=2, controls=controls)["5.2.7"]
    assert control["status"] == "fail"
    assert control["reason"] == ("time: NTP server 192.0.2.124 missing; "
                                 "logging: syslog server 192.0.2.21 missing")


@pytest.mark.parametrize("cam", sorted(CAMERAS))
def test_5_2_7_clock_off_by_a_minute_fails_with_the_offset(fresh_fleet, cam):
    secure(fresh_fleet, cam)
    fresh_fleet.control.faults(cam, clock_skew_s=60)
    try:
        control = evaluate(fresh_fleet, cam, level=2, controls=SITE_TIME_AND_LOGS)["5.2.7"]
    finally:
        fresh_fleet.control.clear_faults(cam)
    assert control["status"] == "fail"
    offset = control["actual"]["time"]["offset_s"]
    assert 58 <= offset <= 62 and control["actual"]["time"]["in_sync"] is False
    assert control["reason"].startswith(
        "time: the clock is %.1f s off the controller's (at most 5.0 s allowed)" % offset)


def test_5_2_7_a_failed_syslog_read_does_not_hide_the_time_failure(fresh_fleet):
    """One part's API read failing (HTTP 500 from remotesyslog.cgi) makes that part an
    `error`; the time part still fails on its own (NTP off), and fail is the worse."""
    cam = camera_of("axis")
    fresh_fleet.control.faults(cam, http_500=-1, http_500_path="remotesyslog")
    try:
        control = evaluate(fresh_fleet, cam, level=2)["5.2.7"]
    finally:
        fresh_fleet.control.clear_faults(cam)
    assert control["status"] == "fail" and (control["reason"] or "").startswith(
        "time: NTP is off"), (
        "BUG in compliance_services.logs_5_2_7 (_area catches only Unsupported): the "
        "CameraError of the logging read escapes the evaluator, so the whole control is "
        "`error` and the time part's failure is dropped; expected `fail` starting 'time: NTP "
        "is off', got %r: %r" % (control["status"], control["reason"]))


# -- 5.3.1: SNMP only as v3; no Basic authentication over plain HTTP ----------------------------

@pytest.mark.parametrize("policy", ["basic", "basic_digest"])
def test_5_3_1_basic_over_plain_http_fails_and_passes_once_http_is_off(fresh_fleet, policy):
    cam = camera_of("axis")  # VAPIX root.Network.HTTP.AuthenticationPolicy
    secure(fresh_fleet, cam, **{"network.http_auth_policy": policy, "network.http.enabled": True})
    control = evaluate(fresh_fleet, cam)["5.3.1"]
    assert control["status"] == "fail"
    assert control["reason"] == "http: the camera accepts Basic authentication over plain HTTP"
    assert control["actual"]["http"] == {"http": True, "http_auth_basic": True}
    assert control["evidence"]["network"]["answered_v1_v2c"] is False  # the SNMP part passed
    fresh_fleet.control.drift(cam, {"network.http.enabled": False})
    control = evaluate(fresh_fleet, cam)["5.3.1"]
    assert control["status"] == "pass", control["reason"]
    assert control["actual"]["http"] == {"http": False, "http_auth_basic": True}


@pytest.mark.parametrize("cam", [camera_of("hikvision"), camera_of("onvif")])
def test_5_3_1_basic_policy_the_api_cannot_report_is_manual_while_http_is_on(fresh_fleet, cam):
    secure(fresh_fleet, cam, **{"network.http.enabled": True})
    control = evaluate(fresh_fleet, cam)["5.3.1"]
    assert control["status"] == "manual"
    assert control["reason"].startswith("http: plain HTTP is on and ")
    assert "Basic authentication" in control["reason"]
    assert control["actual"]["http"] == {"http": True, "http_auth_basic": None}


# -- inventory mistakes: refused before the camera hears anything -------------------------------

@pytest.mark.parametrize("cam,level,controls,message", [
    (camera_of("axis"), 1, {"5.2.1": {"expect": {"firmware_minimums": {"P3265-LVE": "abc"}}}},
     "firmware minimum for P3265-LVE: 'abc' is not a version number"),
    (camera_of("hikvision"), 1, {"5.2.3": {"expect": {"firmware_minimums": {"DS-2CD2143G2-I": "abc"}}}},
     "firmware minimum for DS-2CD2143G2-I: 'abc' is not a version number"),
    (camera_of("hikvision"), 1, {"5.2.1": {"expect": {"allowed_services": ["rdp"]}}},
     "5.2.1 expects allowed_services as a list of telnet, ssh, ftp, got ['rdp']"),
    (camera_of("onvif"), 2, {"5.3.2": {"expect": {"min_tls_version": "TLSv9"}}},
     "5.3.2 expects min_tls_version as one of SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, "
     "got 'TLSv9'"),
    (camera_of("axis"), 1, {"5.2.5": {"expect": {"cert_min_days": -1}}},
     "5.2.5 expects cert_min_days as a number of days, got -1"),
])
def test_inventory_mistakes_fail_before_any_camera_call(fresh_fleet, cam, level, controls, message):
    before = fresh_fleet.control.counters(cam)
    result = run_task(fresh_fleet, cam, level=level, controls=controls)
    assert result["failed"] is True and result["changed"] is False
    assert "invalid input" in result["msg"]
    assert result["msg"].endswith(message), result["msg"]
    after = fresh_fleet.control.counters(cam)
    assert after["requests"] - before["requests"] == 0
    assert after["udp"] == before["udp"]
