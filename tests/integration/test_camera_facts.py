"""camera_facts against the emulator: what it reports is what the camera holds (after drift
behind the collection's back), in check mode and out of it, without writing, reading every
resource once per task."""

from tests.integration.ansible_run import run_playbook, without_offset
from tests.conftest import camera_of, cameras_of, expected, per_camera, vendor_of

TASK = "Read camera facts"
CAMS = cameras_of()  # every registered vendor
MASK = {"token": "PrivacyMask_2", "name": "PrivacyMask_2", "video_source": "VideoSourceConfig_1",
        "polygon": [[0.2, 0.2], [0.4, 0.2], [0.4, 0.5], [0.2, 0.5]], "type": "Color",
        "color": "black", "enabled": True}
# Per camera, from its vendor package's EXPECTED["camera_facts"]: the discovery settings
# changed behind the collection's back and what camera_facts then reports.
DRIFT = per_camera(lambda vendor: expected(vendor, "camera_facts")["drift"])
DISCOVERY = per_camera(lambda vendor: expected(vendor, "camera_facts")["discovery"])


# What one camera_facts task (gather_subset: all) may send per path. A plain resource is
# read once. Some paths serve several resources, and are allowed one request per resource
# the task needs:
#   param.cgi       (Axis) the discovery group, the web/protocol group, the anonymous-viewer
#                   parameter, the RTSP/RTSPS groups (streaming), the interface and wireless
#                   groups (wireless): five `list` queries
#   device_service  GetSystemDateAndTime (the WS-Security clock; no login), GetServices,
#                   GetDiscoveryMode, GetNetworkProtocols, and where ONVIF is the whole API
#                   also GetDeviceInformation, GetUsers, GetNTP and GetNetworkInterfaces
#                   (wireless)
#   media2_service  GetVideoSourceConfigurations, GetMaskOptions, GetMasks (one source);
#                   GetServiceCapabilities, GetProfiles, GetStreamUri RtspsUnicast (streaming)
# The emulator cannot tell operations apart, so `requests` (what the collection says it
# sent) must also equal the sum: a repeated operation would show there.
# On top of that the first request of the task's HTTP session may be sent twice: the camera
# answers it with a Digest challenge (401), and later requests reuse the nonce.
# Per camera: EXPECTED["camera_facts"]["reads"] of its vendor package, with why.
READS = per_camera(lambda vendor: expected(vendor, "camera_facts")["reads"])


def assert_each_resource_read_once(fleet, run):
    for cam in CAMS:
        by_path = fleet.control.counters(cam)["by_path"]
        allowed = READS[cam]
        assert set(by_path) <= set(allowed), "unexpected reads on %s: %s" % (cam, by_path)
        extra = {p: n - allowed[p] for p, n in by_path.items() if n > allowed[p]}
        assert sum(extra.values()) <= 1, "%s read a resource twice: %s" % (cam, extra)
        assert run.result(TASK, cam)["result"]["requests"] == sum(allowed.values()), cam


def test_facts_describe_the_drifted_camera_and_read_each_resource_once(fleet):
    for cam in CAMS:
        fleet.control.drift(cam, dict(DRIFT[cam], privacy_masks=[MASK]))
        fleet.control.reset_counters(cam)
    before = {cam: fleet.control.state(cam) for cam in CAMS}

    check = run_playbook("facts.yml", fleet.inventory, check=True, diff=True)
    assert check.rc == 0, check
    for cam in CAMS:
        assert fleet.control.counters(cam)["writes"] == 0
        fleet.control.reset_counters(cam)  # the real run's reads are counted on their own
    real = run_playbook("facts.yml", fleet.inventory, diff=True)
    assert real.rc == 0, real
    assert_each_resource_read_once(fleet, real)
    for cam in CAMS:
        res = real.result(TASK, cam)["result"]
        assert res["changed"] is False and not res.get("diff")
        facts = res["ansible_facts"]["ipcam"]
        assert without_offset(facts) == without_offset(
            check.result(TASK, cam)["result"]["ansible_facts"]["ipcam"]), \
            "check mode reads differently on %s" % cam

        # hardware_id is left out: each API means something else by it (Hikvision's
        # deviceInfo has hardwareVersion, not the ONVIF HardwareId the emulator keeps).
        ident = before[cam]["identity"]
        assert {k: facts["identity"][k] for k in ("manufacturer", "model", "firmware", "serial")} == \
            {k: ident[k] for k in ("manufacturer", "model", "firmware", "serial")}, cam
        assert facts["vendor"] == vendor_of(cam)
        assert facts["settings"]["discovery"] == DISCOVERY[cam], cam

        masks = facts["settings"]["privacy_masks"]["masks"]
        assert len(masks) == 1 and masks[0]["enabled"] is True, masks
        assert all(abs(p[0] - q[0]) <= 0.005 and abs(p[1] - q[1]) <= 0.005
                   for p, q in zip(masks[0]["polygon"], MASK["polygon"]))

        assert fleet.control.state(cam) == before[cam], "camera_facts changed %s" % cam
        assert fleet.control.counters(cam)["writes"] == 0

    axis = real.result(TASK, camera_of("axis"))["result"]["ansible_facts"]["ipcam"]
    card = axis["settings"]["storage"]["slots"][0]
    assert (card["id"], card["present"], card["encryption_supported"], card["encrypted"],
            card["recording"]) == ("SD_DISK", True, True, False, True)
    # What VAPIX cannot tell is listed with the reason, never guessed (telnet is judged by
    # the TCP probe in the audit; lockout and the password self-check are not in VAPIX, nor
    # SRTP on its own: RTSPS is Axis's encrypted stream).
    assert sorted(axis["unsupported"]) == ["accounts.default_password", "accounts.lockout",
                                           "accounts.lockout_attempts", "protocols.telnet",
                                           "streaming.srtp"], \
        axis["unsupported"]
    assert axis["settings"]["accounts"]["users"] == [{"name": "root", "role": "admin"}]
    assert axis["settings"]["accounts"]["anonymous_access"] is True
    assert axis["settings"]["protocols"]["http"] is True and axis["settings"]["protocols"]["https"] is True

    hik = real.result(TASK, camera_of("hikvision"))["result"]["ansible_facts"]["ipcam"]
    card = hik["settings"]["storage"]["slots"][0]
    assert (card["present"], card["encryption_supported"], card["recording"]) == (True, False, True)
    assert "no SD-card encryption endpoint" in hik["unsupported"]["storage.encryption"]

    onvif = real.result(TASK, camera_of("onvif"))["result"]["ansible_facts"]["ipcam"]
    assert "storage" not in onvif["settings"], "ONVIF cannot see SD cards: no guessing"
    assert "ONVIF defines no operation to list SD cards" in onvif["unsupported"]["storage"]
    assert set(onvif["unsupported"]) >= {"discovery.upnp", "discovery.bonjour", "discovery.snmp"}
    assert "ONVIF" in onvif["unsupported"]["logging"] and "logging" not in onvif["settings"]
    assert onvif["settings"]["time"]["ntp"] is False
    for facts in (axis, hik, onvif):
        assert fleet.password() not in str(facts), "no password is ever read"
        assert all(set(u) == {"name", "role"} for u in facts["settings"]["accounts"]["users"])
