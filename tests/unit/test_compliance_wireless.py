"""5.3.3 (Wi-Fi: off where a camera has it, or WPA2/WPA3 only and WPS off) against the
emulator, through compliance_facts in-process, on every vendor. The reference models have
no radio (pass, evidence: no wireless interface); a radio is added through the emulator's
control interface (`wireless.present`, as the tapo-c200-1.3 profile has one) and read
over the vendors' APIs: param.cgi root.Network.Interface / root.Network.Wireless, ISAPI
System/Network/capabilities, interfaces, interfaces/<id>/wireless and /WPS, ONVIF
GetNetworkInterfaces (Dot11). The factory radio (WPA and WPA2 mixed, WPS on) fails;
WPA2 with WPS off passes where the API can tell, and is `manual` with the reason where it
cannot (Axis's WPA-PSK does not say which WPA; ONVIF has no WPS setting); a radio that is
off passes.
"""

import pytest

from tests.unit.compliance_run import CAMERAS, controls_of, run_compliance
from tests.conftest import Lookup, camera_of, cameras_of, expected

ALL = cameras_of()  # every registered vendor
NO_PROBES = {"services": [], "timeout": 0.8}  # 5.5.2 and 5.3.3 read the API only
# The radio's id and why the factory radio fails, per vendor (EXPECTED["wireless"]).
WIRELESS = Lookup(lambda vendor: expected(vendor, "wireless"))


def evaluate(emulator, cam, controls=None):
    return controls_of(run_compliance(emulator, cam, 1, controls=controls,
                                      probes=NO_PROBES))["5.3.3"]


@pytest.mark.parametrize("cam", ALL)
def test_camera_without_a_radio_passes(fresh_fleet, cam):
    control = evaluate(fresh_fleet, cam)
    assert control["status"] == "pass", control
    assert control["actual"] == {"interfaces": []}
    assert control["evidence"]["wireless_interfaces"] == 0


@pytest.mark.parametrize("cam", ALL)
def test_factory_radio_fails(fresh_fleet, cam):
    vendor = CAMERAS[cam]
    fresh_fleet.control.drift(cam, {"wireless.present": True})
    control = evaluate(fresh_fleet, cam)
    assert control["status"] == "fail", control
    radio = control["actual"]["interfaces"][0]
    assert radio["id"] == WIRELESS[vendor]["radio_id"] and radio["enabled"] is True
    assert control["reason"] == WIRELESS[vendor]["factory_reason"]


@pytest.mark.parametrize("cam", ALL)
def test_radio_switched_off_passes(fresh_fleet, cam):
    fresh_fleet.control.drift(cam, {"wireless.present": True, "wireless.enabled": False})
    control = evaluate(fresh_fleet, cam)
    assert control["status"] == "pass", control
    assert control["actual"]["interfaces"][0]["enabled"] is False


def test_hikvision_wpa2_without_wps_passes(fresh_fleet):
    fresh_fleet.control.drift(camera_of("hikvision"), {"wireless.present": True, "wireless.security": "wpa2",
                                           "wireless.wps": False})
    control = evaluate(fresh_fleet, camera_of("hikvision"))
    assert control["status"] == "pass", control
    assert control["actual"]["interfaces"] == [
        {"id": "2", "enabled": True, "security": "wpa2", "wps": False}]


def test_hikvision_open_radio_fails(fresh_fleet):
    fresh_fleet.control.drift(camera_of("hikvision"), {"wireless.present": True, "wireless.security": "none",
                                           "wireless.wps": False})
    control = evaluate(fresh_fleet, camera_of("hikvision"))
    assert control["status"] == "fail"
    assert "is on with none (securityMode disable" in control["reason"]


def test_axis_wpa_psk_without_wps_is_manual_with_the_reason(fresh_fleet):
    fresh_fleet.control.drift(camera_of("axis"), {"wireless.present": True, "wireless.security": "wpa2",
                                           "wireless.wps": False})
    control = evaluate(fresh_fleet, camera_of("axis"))
    assert control["status"] == "manual"
    assert control["reason"].startswith(
        "wireless interface I1 is on and its Method WPA-PSK does not say which security mode it uses")


def test_onvif_wpa2_radio_is_manual_because_wps_cannot_be_read(fresh_fleet):
    fresh_fleet.control.drift(camera_of("onvif"), {"wireless.present": True, "wireless.security": "wpa2"})
    control = evaluate(fresh_fleet, camera_of("onvif"))
    assert control["status"] == "manual"
    assert control["actual"]["interfaces"][0]["security"] == "wpa2"
    assert "ONVIF's Dot11 configuration has no WPS setting" in control["reason"]


def test_onvif_wep_radio_fails_even_without_wps(fresh_fleet):
    fresh_fleet.control.drift(camera_of("onvif"), {"wireless.present": True, "wireless.security": "wep"})
    control = evaluate(fresh_fleet, camera_of("onvif"))
    assert control["status"] == "fail"
    assert "is on with wep (Dot11 Security Mode WEP" in control["reason"]


def test_bad_expectation_is_refused_before_anything_is_sent(fresh_fleet):
    result = run_compliance(fresh_fleet, camera_of("hikvision"), 1, probes=NO_PROBES, controls={
        "5.3.3": {"expect": {"allowed_security": ["wpa9"]}}})
    assert result.get("failed")
    assert "5.3.3 expects allowed_security" in result["msg"]
