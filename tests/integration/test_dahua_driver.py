"""What is special to Dahua (issue #15), through the driver against the emulator's two
Dahua firmwares (tests/emulator/vendors/dahua/profiles.md):

- a refused login, whatever its form (CGI 401 to a wrong password, a locked account, the
  RPC2 lockout codes IN_BLACK_LIST 268632073 and HAS_BEEN_LOCKED 268632081), is an
  AuthError after ONE credentialed request, and nothing is sent after it;
- the older firmware's missing tables are per-field `unsupported` with the call and the
  camera's words, while the other fields read and apply;
- SD-card encryption goes over RPC2 where the firmware has SDEncrypt, and is refused
  without a request where it does not;
- bad input (a mask that is no rectangle) sends nothing.
"""

import os
import sys

import pytest

from tests.conftest import one_camera_per_profile
from tests.integration.ansible_run import ROOT

COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers import registry  # noqa: E402
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua import rpc2  # noqa: E402
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua.driver import DahuaDriver  # noqa: E402
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (  # noqa: E402
    AuthError, DeviceFault, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport  # noqa: E402

NEW, OLD = "dahua-v2.840", "dahua-v2.622"
dahua_emulator, fleet = one_camera_per_profile([NEW, OLD], "dahua")


def driver(fleet, profile, password=None, user="admin"):
    cam = fleet.cam_of[profile]
    t = Transport(cam, fleet.cameras[cam]["address"], user,
                  fleet.password() if password is None else password,
                  use_https=True, ca_path=fleet.ca_path())
    return DahuaDriver(t)


def credentialed(fleet, profile):
    return fleet.control.counters(fleet.cam_of[profile])["credentialed"]


def requests(fleet, profile):
    return fleet.control.counters(fleet.cam_of[profile])["requests"]


@pytest.mark.parametrize("profile", [NEW, OLD])
def test_vendor_auto_picks_the_dahua_driver(fleet, profile):
    d = driver(fleet, profile)
    chosen = registry.driver_for(d.t, "auto")
    assert type(chosen) is DahuaDriver
    assert chosen.identity()["model"] == fleet.control.state(fleet.cam_of[profile])["identity"]["model"]


@pytest.mark.parametrize("profile", [NEW, OLD])
def test_wrong_password_is_one_credentialed_request_and_nothing_after(fleet, profile):
    d = driver(fleet, profile, password="not-the-password")
    fleet.control.reset_counters(fleet.cam_of[profile])
    with pytest.raises(AuthError) as caught:
        d.read_discovery()
    assert "refused the credentials of user 'admin'" in str(caught.value)
    assert fleet.cam_of[profile] in str(caught.value) and "CGI configManager" in str(caught.value)
    sent = requests(fleet, profile)
    assert credentialed(fleet, profile) == 1
    for call in (d.read_protocols, d.read_accounts, d.read_storage):
        with pytest.raises(AuthError):
            call()
    with pytest.raises(AuthError):
        d.rpc2.login()
    assert requests(fleet, profile) == sent  # the refusal ended the task's requests


@pytest.mark.parametrize("code, fault, word", [
    (rpc2.HAS_BEEN_LOCKED, {"lockout_after": 1}, "HAS_BEEN_LOCKED"),
    (rpc2.IN_BLACK_LIST, {"dahua_blacklisted": True}, "IN_BLACK_LIST"),
])
def test_rpc2_lockout_codes_are_refused_logins(fleet, code, fault, word):
    cam = fleet.cam_of[NEW]
    if "lockout_after" in fault:
        # One failed RPC2 login locks the account (the camera's own counter).
        fleet.control.faults(cam, **fault)
        with pytest.raises(AuthError):
            driver(fleet, NEW, password="wrong").rpc2.login()
    else:
        fleet.control.faults(cam, **fault)
    d = driver(fleet, NEW)
    fleet.control.reset_counters(cam)
    with pytest.raises(AuthError) as caught:
        d.rpc2.call("SDEncrypt.encrypt", {"name": "/dev/mmc0", "password": "x"})
    assert word in str(caught.value) and str(code) in str(caught.value)
    assert "not retried" in str(caught.value)
    assert d.t.auth_failure is caught.value  # recorded: no later request of the task goes out
    sent = requests(fleet, NEW)
    with pytest.raises(AuthError):
        d.read_discovery()
    assert requests(fleet, NEW) == sent


def test_locked_account_refuses_cgi_without_more_requests(fleet):
    cam = fleet.cam_of[OLD]
    fleet.control.faults(cam, lockout_after=1)
    with pytest.raises(AuthError):
        driver(fleet, OLD, password="wrong").identity()
    d = driver(fleet, OLD)  # the right password, but the account is locked now
    fleet.control.reset_counters(cam)
    with pytest.raises(AuthError) as caught:
        d.read_time()
    assert "locked" in str(caught.value)
    assert credentialed(fleet, OLD) <= 1


def test_older_firmware_lacks_tables_per_field(fleet):
    d = driver(fleet, OLD)
    discovery = d.read_discovery()
    assert "bonjour" not in discovery and "Bonjour" in discovery["unsupported"]["bonjour"]
    assert "HTTP 400" in discovery["unsupported"]["bonjour"]
    assert discovery["upnp"] is True and discovery["snmp"] is True
    protocols = d.read_protocols()
    assert "ssh" not in protocols and "SSHD" in protocols["unsupported"]["ssh"]
    assert protocols["telnet"] is False and protocols["https"] is True
    accounts = d.read_accounts()
    assert accounts["lockout"] is None and "LoginFailureAlarm" in accounts["unsupported"]["lockout"]
    assert accounts["users"] == [{"name": "admin", "role": "admin"}]
    # The rest still applies, and reads back.
    d.write_discovery({"upnp": False, "snmp": False})
    d.forget_reads()
    after = d.read_discovery()
    assert after["upnp"] is False and after["snmp"] is False
    state = fleet.control.state(fleet.cam_of[OLD])
    assert state["discovery"]["upnp"] is False and state["discovery"]["snmp"]["enabled"] is False


def test_newer_firmware_reads_and_writes_every_table(fleet):
    d = driver(fleet, NEW)
    d.write_discovery({"bonjour": False, "snmp_versions": ["v3"]})
    d.write_protocols({"ssh": True, "telnet": False})
    d.write_access({"lockout": True, "lockout_attempts": 3, "anonymous_access": False}, {})
    d.write_time({"ntp": True, "ntp_servers": ["192.0.2.123"]}, {})
    d.forget_reads()
    assert d.read_discovery()["snmp_versions"] == ["v3"]
    assert d.read_protocols()["ssh"] is True
    accounts = d.read_accounts()
    assert (accounts["lockout"], accounts["lockout_attempts"], accounts["anonymous_access"]) == \
        (True, 3, False)
    time = d.read_time()
    assert time["ntp"] is True and time["ntp_servers"] == ["192.0.2.123"]
    state = fleet.control.state(fleet.cam_of[NEW])
    assert state["access"]["lockout_enabled"] is True and state["access"]["anonymous_viewer"] is False
    assert state["time"]["ntp_servers"] == ["192.0.2.123"]


def test_sd_encryption_over_rpc2_where_the_firmware_has_it(fleet):
    d = driver(fleet, NEW)
    slot = d.read_storage()["slots"][0]
    assert slot["encryption_supported"] is True and slot["encrypted"] is False
    d.enable_storage_encryption(slot["id"], "card-pass-phrase")
    d.forget_reads()
    slot = d.read_storage()["slots"][0]
    assert slot["encrypted"] is True
    assert fleet.control.state(fleet.cam_of[NEW])["storage"]["slots"][0]["passphrase"] == \
        "card-pass-phrase"


def test_sd_encryption_refused_without_a_request_on_older_firmware(fleet):
    d = driver(fleet, OLD)
    storage = d.read_storage()
    slot = storage["slots"][0]
    assert slot["encryption_supported"] is False and "SDEncrypt" in storage["unsupported"]["encryption"]
    cam = fleet.cam_of[OLD]
    fleet.control.reset_counters(cam)
    with pytest.raises(Unsupported):
        d.enable_storage_encryption(slot["id"], "card-pass-phrase")
    by_path = fleet.control.counters(cam)["by_path"]
    assert not [p for p in by_path if p.startswith("/RPC2")], by_path
    # And RPC2 itself says so, in the device's words, where a client asks anyway.
    with pytest.raises(Exception) as caught:
        d.rpc2.call("SDEncrypt.encrypt", {"name": slot["id"], "password": "x"})
    assert "Method not found!" in str(caught.value)


def test_a_mask_that_is_no_rectangle_sends_nothing(fleet):
    d = driver(fleet, NEW)
    d.read_privacy_masks()
    cam = fleet.cam_of[NEW]
    fleet.control.reset_counters(cam)
    slanted = {"name": "m", "enabled": True, "type": "Color", "color": "black",
               "video_source": "channel-1", "polygon": [[0.1, 0.1], [0.4, 0.2], [0.3, 0.5], [0.1, 0.4]]}
    d.forget_reads()
    before = requests(fleet, NEW)
    with pytest.raises(Unsupported):
        d.apply_masks("channel-1", [], [slanted], [])
    # The covers are read first (one GET); no setConfig follows.
    by_path = fleet.control.counters(cam)["by_path"]
    assert requests(fleet, NEW) - before <= 2 and fleet.control.counters(cam)["writes"] == 0, by_path


def test_masks_round_trip_on_the_cover_grid(fleet):
    d = driver(fleet, OLD)
    box = {"name": "door", "enabled": True, "type": "Color", "color": "black",
           "video_source": "channel-1", "polygon": [[0.1, 0.2], [0.35, 0.2], [0.35, 0.6], [0.1, 0.6]]}
    d.apply_masks("channel-1", [], [box], [])
    d.forget_reads()
    masks = d.read_privacy_masks()
    assert masks["max_masks"] == 4 and masks["rectangle_only"] is True
    (read,) = masks["masks"]
    assert read["enabled"] is True
    assert all(abs(a - b) < 0.001 for p, q in zip(read["polygon"], box["polygon"]) for a, b in zip(p, q))


def test_a_declined_write_quotes_the_device(fleet):
    d = driver(fleet, NEW)
    with pytest.raises(DeviceFault) as caught:
        d.cgi.set_config("LoginFailureAlarm", [("TryLoginTimes", 99)])
    assert "declined" in str(caught.value) and "Error" in str(caught.value)
    assert "CGI configManager setConfig LoginFailureAlarm" in str(caught.value)


def test_user_password_never_in_an_error(fleet):
    d = driver(fleet, NEW)
    with pytest.raises(DeviceFault) as caught:
        d.create_user("bad name!", "viewer", "Secret-Pass-77")
    assert "Secret-Pass-77" not in str(caught.value)
