"""The collection against every ONVIF firmware profile (tests/emulator/vendors/onvif/profiles.py):
an optional operation the firmware answers ter:ActionNotSupported makes its field
`unsupported` (the call and the camera's words) while everything else reads and applies;
a wrong password costs one request with credentials, whatever the refusal looks like
(HTTP 400 fault, 401 Basic challenge, a login wanted even for the clock)."""


from tests.emulator import profiles
from tests.conftest import one_camera_per_profile
from tests.integration.ansible_run import run_playbook

NAMES = profiles.BY_VENDOR["onvif"]
FACTS = "Read camera facts"
NOT_IMPLEMENTED = "ter:ActionNotSupported at HTTP 400: Optional Action Not Implemented"
# What each profile's firmware lacks, as camera_facts must list it: field -> call.
LACKING = {
    "reolink-v3.0-gsoap": {"discovery.ws_discovery": "ONVIF GetDiscoveryMode",
                           "protocols.http": "ONVIF GetNetworkProtocols",
                           "protocols.https": "ONVIF GetNetworkProtocols",
                           # 5.5.2 reads plain RTSP from the same operation
                           "streaming.rtsp": "ONVIF GetNetworkProtocols"},
    "gsoap-noname-xm": {"discovery.ws_discovery": "ONVIF GetDiscoveryMode",
                        "time.ntp_servers": "ONVIF GetNTP",
                        "time.from_dhcp": "ONVIF GetNTP",
                        "accounts": "ONVIF GetUsers"},
}


profiles_emulator, fleet = one_camera_per_profile(NAMES, "onvif-profiles")


def test_facts_list_what_each_firmware_lacks_and_read_the_rest(fleet):
    run = run_playbook("facts.yml", fleet.inventory)
    assert run.rc == 0, run
    for name, cam in fleet.cam_of.items():
        facts = run.result(FACTS, cam)["result"]["ansible_facts"]["ipcam"]
        assert facts["errors"] == {}, (name, facts["errors"])
        assert facts["identity"]["model"] == profiles.PROFILES[name]["identity"]["model"]
        lacking = LACKING.get(name, {})
        onvif_said = {k: v for k, v in facts["unsupported"].items() if "ActionNotSupported" in v}
        assert sorted(onvif_said) == sorted(lacking), (name, onvif_said)
        for field, call in lacking.items():
            assert onvif_said[field].startswith(call) or onvif_said[field].startswith(
                "users: " + call), (name, field, onvif_said[field])
            assert NOT_IMPLEMENTED in onvif_said[field], (name, onvif_said[field])
        state = fleet.control.state(cam)
        settings = facts["settings"]
        # The fields that are there were read, and match the camera.
        if "discovery.ws_discovery" not in lacking:
            assert settings["discovery"]["ws_discovery"] == state["discovery"]["ws_discovery"]
        if "protocols.http" not in lacking:
            assert settings["protocols"]["http"] == state["network"]["http"]["enabled"]
        assert settings["time"]["ntp"] == state["time"]["ntp_enabled"], name
        assert settings["time"]["offset_s"] is not None, name
        if "time.ntp_servers" not in lacking:
            assert settings["time"]["ntp_servers"] == state["time"]["ntp_servers"], name
        if "accounts" not in lacking:
            assert [u["name"] for u in settings["accounts"]["users"]] == [
                u["username"] for u in state["users"]], name
    # Lacking calls are not refusals: nothing counted against the account.
    gsoap = fleet.control.counters(fleet.cam_of["gsoap-noname-xm"])
    assert gsoap["failed_logins"] == 0, gsoap


def test_a_wrong_password_costs_one_credentialed_request_on_every_profile(fleet):
    run = run_playbook("facts.yml", fleet.inventory, {"bad_password": "Not-The-Password-1"})
    assert run.rc != 0
    for name, cam in fleet.cam_of.items():
        record = run.result(FACTS, cam)
        msg = record["result"]["msg"]
        assert record["status"] == "failed", (name, record)
        assert "refused login" in msg and "refused the credentials of user 'admin'" in msg, msg
        assert "not retried" in msg and "Not-The-Password-1" not in msg, msg
        counters = fleet.control.counters(cam)
        assert counters["credentialed"] == 1, (name, counters)
        assert counters["failed_logins"] == 1, (name, counters)
    dahua = run.result(FACTS, fleet.cam_of["dahua-ipc-2.8xx"])["result"]["msg"]
    assert "HTTP 400" in dahua and "You still have 29 attempt(s)." in dahua, dahua
    gsoap = run.result(FACTS, fleet.cam_of["gsoap-noname-xm"])["result"]["msg"]
    assert "HTTP 401" in gsoap and "Basic" not in gsoap, gsoap


def test_a_field_the_firmware_lacks_is_refused_before_any_write(fleet):
    targets = ",".join(fleet.cam_of[n] for n in ("reolink-v3.0-gsoap", "gsoap-noname-xm",
                                                 "dahua-ipc-2.8xx"))
    run = run_playbook("discovery.yml", fleet.inventory, {"ws_discovery": False,
                                                          "target": targets})
    for name in ("reolink-v3.0-gsoap", "gsoap-noname-xm"):
        cam = fleet.cam_of[name]
        record = run.result("Set discovery services", cam)
        msg = record["result"].get("msg", "")
        assert record["status"] == "failed" and "not supported" in msg, (name, record)
        assert "GetDiscoveryMode" in msg and "Optional Action Not Implemented" in msg, msg
        assert fleet.control.counters(cam)["writes"] == 0, name
        assert fleet.control.state(cam)["discovery"]["ws_discovery"] is True
    dahua = run.result("Set discovery services", fleet.cam_of["dahua-ipc-2.8xx"])
    assert dahua["status"] == "ok" and dahua["result"]["changed"] is True, dahua
    assert fleet.control.state(fleet.cam_of["dahua-ipc-2.8xx"])["discovery"]["ws_discovery"] \
        is False

    # The time area of a firmware without GetNTP: servers refused before any write; NTP
    # itself (GetSystemDateAndTime / SetSystemDateAndTime) still applies.
    cam = fleet.cam_of["gsoap-noname-xm"]
    run = run_playbook("time_sync.yml", fleet.inventory, {"ntp_servers": ["192.0.2.123"],
                                                          "target": cam})
    record = run.result("Set time sync", cam)
    assert record["status"] == "failed", record
    assert "not supported" in record["result"]["msg"] and "GetNTP" in record["result"]["msg"]
    assert fleet.control.state(cam)["time"]["ntp_servers"] == []
    run = run_playbook("time_sync.yml", fleet.inventory, {"ntp": True, "target": cam})
    record = run.result("Set time sync", cam)
    assert record["status"] == "ok" and record["result"]["changed"] is True, record
    assert fleet.control.state(cam)["time"]["ntp_enabled"] is True


def test_a_bare_sender_fault_is_a_fault_not_a_refused_login(fleet):
    """Reolink's gSOAP answers a value it refuses with env:Sender, no subcode, no words:
    a fault of the call, not a refused login (the login was fine)."""
    cam = fleet.cam_of["reolink-v3.0-gsoap"]
    # The emulated firmware takes passwords of at most 64 characters; the module leaves
    # the limit to the camera.
    run = run_playbook("accounts.yml", fleet.inventory, {
        "accounts_users": [{"name": "operator1", "role": "operator",
                            "password": "Lo0ng-" + "x" * 64}], "target": cam})
    record = run.result("Manage accounts", cam)
    msg = record["result"].get("msg", "")
    assert record["status"] == "failed", record
    assert "refused login" not in msg and "ONVIF CreateUsers" in msg, msg
    assert "fault: ONVIF SOAP-ENV:Sender at HTTP 400" in msg, msg
    assert "x" * 64 not in msg
    counters = fleet.control.counters(cam)
    assert counters["failed_logins"] == 0, counters
    assert [u["username"] for u in fleet.control.state(cam)["users"]] == ["admin"]
