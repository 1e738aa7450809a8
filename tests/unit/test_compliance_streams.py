"""5.5.2 (privacy in transmission: encrypted streams where supported) against the
emulator, through compliance_facts in-process, on every vendor: the factory state (plain
RTSP on, RTSPS/SRTP off) fails; RTSPS (Axis, ONVIF) or SRTP (Hikvision) on with plain RTSP
off passes, after the state is changed through the emulator's control interface; plain
RTSP beside an encrypted stream still fails; a firmware that cannot stream encrypted is
`manual` with the reason, never a pass. The facts come over the vendors' own APIs:
param.cgi root.Network.RTSP / RTSPS, ISAPI adminAccesses RTSP / SRTP, ONVIF
GetNetworkProtocols and Media2 GetServiceCapabilities / GetStreamUri RtspsUnicast.
"""

import pytest

from tests.unit.compliance_run import CAMERAS, controls_of, run_compliance
from tests.conftest import Lookup, camera_of, cameras_of, expected

# The encrypted stream per vendor (name, the emulator switch, the port), from the vendor
# package's EXPECTED["encrypted_stream"].
ENCRYPTED = Lookup(lambda vendor: expected(vendor, "encrypted_stream")["switch"])
NAME = Lookup(lambda vendor: expected(vendor, "encrypted_stream")["name"])
PORT = Lookup(lambda vendor: expected(vendor, "encrypted_stream")["port"])
ALL = cameras_of()  # every registered vendor
NO_PROBES = {"services": [], "timeout": 0.8}  # 5.5.2 and 5.3.3 read the API only


def evaluate(emulator, cam, controls=None):
    return controls_of(run_compliance(emulator, cam, 2, controls=controls,
                                      probes=NO_PROBES))["5.5.2"]


@pytest.mark.parametrize("cam", ALL)
def test_factory_camera_fails_on_plain_rtsp_and_no_encrypted_stream(fresh_fleet, cam):
    vendor = CAMERAS[cam]
    control = evaluate(fresh_fleet, cam)
    assert control["status"] == "fail"
    assert control["expected"] == {"plain_rtsp": False, "encrypted_stream": True}
    key = NAME[vendor].lower()
    assert control["actual"] == {"plain_rtsp": True, "encrypted_on": [],
                                 "encrypted_possible": [key]}
    assert control["reason"].startswith(
        "plain RTSP is on (port 554): the stream travels unencrypted although the camera can "
        "stream over %s; %s is off: the camera serves no encrypted stream" % (NAME[vendor], NAME[vendor]))
    assert control["evidence"]["rtsp"] is True and control["evidence"][key] is False


@pytest.mark.parametrize("cam", ALL)
def test_encrypted_stream_on_and_plain_rtsp_off_passes(fresh_fleet, cam):
    vendor = CAMERAS[cam]
    fresh_fleet.control.drift(cam, {ENCRYPTED[vendor]: True, "network.rtsp.enabled": False})
    control = evaluate(fresh_fleet, cam)
    key = NAME[vendor].lower()
    assert control["status"] == "pass", control
    assert control["actual"] == {"plain_rtsp": False, "encrypted_on": [key],
                                 "encrypted_possible": [key]}
    assert control["evidence"]["%s_port" % key] == PORT[vendor]


@pytest.mark.parametrize("cam", ALL)
def test_plain_rtsp_beside_the_encrypted_stream_still_fails(fresh_fleet, cam):
    vendor = CAMERAS[cam]
    fresh_fleet.control.drift(cam, {ENCRYPTED[vendor]: True})
    control = evaluate(fresh_fleet, cam)
    assert control["status"] == "fail"
    assert control["reason"] == (
        "plain RTSP is on (port 554): the stream travels unencrypted although the camera can "
        "stream over %s" % NAME[vendor])


def test_onvif_camera_without_secure_streaming_is_manual_with_the_reason(fresh_fleet):
    fresh_fleet.control.drift(camera_of("onvif"), {"network.rtsps.supported": False})
    control = evaluate(fresh_fleet, camera_of("onvif"))
    assert control["status"] == "manual"
    assert control["actual"]["encrypted_possible"] == []
    assert "ONVIF Media2 GetServiceCapabilities: the camera says SecureRTSPStreaming=false" \
        in control["reason"]
    assert "ipcam_attestations['5.5.2']" in control["reason"]
    # With plain RTSP off nothing streams in clear text: that passes.
    fresh_fleet.control.drift(camera_of("onvif"), {"network.rtsp.enabled": False})
    assert evaluate(fresh_fleet, camera_of("onvif"))["status"] == "pass"


def test_onvif_refusal_of_rtsps_is_quoted(fresh_fleet):
    """RTSPS supported but off: GetStreamUri RtspsUnicast answers a fault, quoted."""
    control = evaluate(fresh_fleet, camera_of("onvif"))
    assert "ONVIF GetStreamUri" in control["reason"] and "InvalidStreamSetup" in control["reason"]


def test_site_that_allows_plain_rtsp_judges_the_encrypted_part_only(fresh_fleet):
    controls = {"5.5.2": {"expect": {"plain_rtsp": True}, "justification": "VMS without RTSPS"}}
    fresh_fleet.control.drift(camera_of("axis"), {"network.rtsps.enabled": True})
    assert evaluate(fresh_fleet, camera_of("axis"), controls)["status"] == "pass"
