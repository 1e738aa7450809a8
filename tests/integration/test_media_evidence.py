"""5.5.1 judged where the camera itself says its stream and snapshot are (issue #11 item 4).

One emulator with a profile whose stream and snapshot live on ports and paths no fixed
list guesses (onvif-nonstandard-media: RTSP 10554 /rtsp_tunnel?..., snapshot on its own
web server at :8100/onvif-http/snapshot?Profile_N, Media1 only), a Media2 device with
other paths on the usual ports (Bosch), a device without GetSnapshotUri (Tapo), and every
vendor's reference profile. Served without a login (ONVIF: an Anonymous user; Axis and
Hikvision: anonymous viewing, their factory setting), 5.5.1 fails naming those URIs; with
a login required, it passes; no request of it is a failed login.
"""


from tests.conftest import expected, one_camera_per_profile
from tests.integration.ansible_run import run_playbook

NAMES = ["onvif-nonstandard-media", "bosch-flexidome-5100i-8.71", "tapo-c200-1.3",
         "onvif-reference", "axis-os11", "hikvision-v5.7"]
TASK = "Judge 5.5.1"


profiles_emulator, fleet = one_camera_per_profile(NAMES, "media")


def open_to_anonymous(fleet, cam):
    """Where anonymous access is a user of level Anonymous (ONVIF: the vendor package's
    EXPECTED["accounts"]), add one; Axis and Hikvision ship with anonymous viewing on."""
    if expected(fleet.cameras[cam]["vendor"], "accounts")["anonymous_access"] != "user":
        return
    admin = fleet.control.state(cam)["users"][0]
    fleet.control.drift(cam, {"users": [admin, {"username": "guest", "password": "",
                                                "level": "Anonymous"}]})


def private_data(fleet):
    run = run_playbook("media_evidence.yml", fleet.inventory)
    out = {}
    for cam in fleet.cameras:
        record = run.result(TASK, cam)
        assert record["status"] == "ok", (cam, record["result"].get("msg"))
        controls = record["result"]["ansible_facts"]["ipcam_compliance"]["controls"]
        (control,) = [c for c in controls if c["id"] == "5.5.1"]
        out[fleet.cameras[cam]["profile"]] = control
    return out


def test_open_stream_and_snapshot_fail_naming_the_cameras_own_uris(fleet):
    for cam in fleet.cameras:
        open_to_anonymous(fleet, cam)
    results = private_data(fleet)
    address = {p: fleet.cameras[c]["address"] for p, c in fleet.by_profile.items()}

    odd = results["onvif-nonstandard-media"]
    assert odd["status"] == "fail", odd
    assert odd["evidence"]["media"]["source"] == "camera"
    assert [p["service"] for p in odd["evidence"]["media"]["profiles"]] == ["Media", "Media"]
    for n in (1, 2):
        snapshot = "http://%s:8100/onvif-http/snapshot?Profile_%d" % (address["onvif-nonstandard-media"], n)
        stream = "rtsp://%s:10554/rtsp_tunnel?p=%d&line=1&inst=%d&vcd=2" % (
            address["onvif-nonstandard-media"], n - 1, n)
        assert "HTTP GET /onvif-http/snapshot?Profile_%d answered HTTP 200 (image/jpeg) without " \
               "credentials (the camera's snapshot URI %s)" % (n, snapshot) in odd["reason"]
        assert "RTSP DESCRIBE %s answered 200 (application/sdp) without credentials" % stream \
            in odd["reason"]
        assert stream in odd["actual"]["stream"]["unauthenticated"]
    # Nothing was guessed: the fixed paths and port 554 were not what decided.
    assert "/onvif/snapshot" not in odd["reason"] and ":554/" not in odd["reason"]

    bosch = results["bosch-flexidome-5100i-8.71"]
    assert bosch["status"] == "fail"
    assert [p["service"] for p in bosch["evidence"]["media"]["profiles"]] == ["Media2"] * 4
    assert "GET /snap.jpg?JpegCam=1 answered HTTP 200" in bosch["reason"]
    assert "/rtsp_tunnel?p=3&line=1&inst=4&vcd=2 answered 200" in bosch["reason"]

    tapo = results["tapo-c200-1.3"]
    assert tapo["status"] == "fail"
    unsupported = tapo["evidence"]["media"]["unsupported"]
    assert set(unsupported) == {"profile_1.snapshot_uri", "profile_2.snapshot_uri"}
    assert all("GetSnapshotUri" in why and "ActionNotSupported" in why for why in unsupported.values())
    assert "a fixed path: the camera did not name its snapshot URI: ONVIF GetSnapshotUri" in tapo["reason"]
    assert "/stream2 answered 200" in tapo["reason"]

    for name, snapshot, stream in (
            ("onvif-reference", "/onvif/snapshot", "/onvif/media/profile1"),
            ("axis-os11", "/axis-cgi/jpg/image.cgi", "/axis-media/media.amp"),
            ("hikvision-v5.7", "/ISAPI/Streaming/channels/101/picture", "/Streaming/Channels/101")):
        result = results[name]
        assert result["status"] == "fail", (name, result)
        assert "GET %s answered HTTP 200 (image/jpeg)" % snapshot in result["reason"], name
        assert "%s answered 200 (application/sdp)" % stream in result["reason"], name
    assert results["onvif-reference"]["evidence"]["media"]["source"] == "camera"
    for cam in fleet.cameras:
        assert fleet.control.counters(cam)["failed_logins"] == 0, cam


def test_a_login_required_everywhere_passes_with_the_refusals_as_evidence(fleet):
    for cam in fleet.cameras:
        fleet.control.drift(cam, {"access.anonymous_viewer": False})
    results = private_data(fleet)
    for name, result in results.items():
        assert result["status"] == "pass", (name, result["reason"])
        assert result["actual"]["snapshot"]["unauthenticated"] == [], name
        assert result["actual"]["stream"]["unauthenticated"] == [], name
    odd = results["onvif-nonstandard-media"]
    checks = odd["evidence"]["snapshot"]
    assert sorted((c["port"], c["path"], c["status"], c["protected"]) for c in checks) == [
        (8100, "/onvif-http/snapshot?Profile_1", 401, True),
        (8100, "/onvif-http/snapshot?Profile_2", 401, True)]
    ports = odd["evidence"]["stream"]["ports"]
    assert set(ports) == {"10554"} and ports["10554"]["state"] == "open"
    assert all(p["status"] == 401 for p in ports["10554"]["paths"].values())
    for cam in fleet.cameras:
        assert fleet.control.counters(cam)["failed_logins"] == 0, cam
