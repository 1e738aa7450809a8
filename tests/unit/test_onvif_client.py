"""The collection's ONVIF client (protocols/soap.py) and ONVIF driver against the emulator.

Every SOAP body the client sends, and every reply it gets, is checked against the
official ONVIF schemas (tests/onvif_schema.py). The bodies are captured by a Transport
subclass that records what goes through `request` and calls through to the emulator.
"""

import time

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import model
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import privacy_masks
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.driver import OnvifDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import AuthError
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.soap import OnvifFault
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport
from tests.emulator import vendors
from tests.onvif_schema import fault_codes, validate_soap
from tests.conftest import camera_of, cameras_of, vendor_of

pytestmark = pytest.mark.usefixtures("onvif_schemas")

ONVIF_CAM = camera_of("onvif")
ALL_CAMS = {cam: vendor_of(cam) for cam in cameras_of()}
DOOR = [[0.10, 0.10], [0.30, 0.10], [0.30, 0.40], [0.10, 0.40]]
WINDOW = [[0.60, 0.20], [0.90, 0.20], [0.75, 0.50]]


class RecordingTransport(Transport):
    """A real Transport that keeps every body it was asked to send and every reply."""

    def __init__(self, *args, **kwargs):
        super(RecordingTransport, self).__init__(*args, **kwargs)
        self.exchanges = []

    def request(self, method, path, **kwargs):
        entry = {"method": method, "path": path, "sent": kwargs.get("data"), "reply": None}
        self.exchanges.append(entry)
        return super(RecordingTransport, self).request(method, path, **kwargs)

    def _check_status(self, resp, call, expect):
        # Every reply, including those the transport turns into errors (a refusal).
        self.exchanges[-1]["reply"] = resp.content


def operation(envelope):
    body = envelope.find("{http://www.w3.org/2003/05/soap-envelope}Body")
    return body[0].tag.rsplit("}", 1)[-1]


def validate_all(t):
    """Validate what was sent and received; returns (operations sent, reply envelopes)."""
    sent, replies = [], []
    for ex in t.exchanges:
        assert ex["method"] == "POST" and ex["path"].startswith("/onvif/"), ex
        sent.append(operation(validate_soap(ex["sent"])))
        if ex["reply"] is not None:
            replies.append(validate_soap(ex["reply"]))
    return sent, replies


@pytest.fixture
def onvif_driver(fresh_fleet, make_transport):
    def make(cam=ONVIF_CAM, **kwargs):
        return OnvifDriver(make_transport(cam, cls=RecordingTransport, **kwargs))
    return make


@pytest.mark.parametrize("cam", sorted(ALL_CAMS))
def test_reads_are_schema_valid(fresh_fleet, onvif_driver, cam):
    vendor = ALL_CAMS[cam]
    drv = onvif_driver(cam)
    ident = drv.identity()
    assert ident["manufacturer"] == vendors.get(vendor).IDENTITY["manufacturer"]
    assert ident["model"] == vendors.get(vendor).IDENTITY["model"]
    assert ident["serial"] == fresh_fleet.control.state(cam)["identity"]["serial"]
    assert drv.capabilities() == {"onvif": True, "media2": True}
    assert drv.read_ws_discovery() is True  # insecure factory state
    masks = drv.read_privacy_masks()
    assert masks["video_sources"] == [{"token": "VideoSourceConfig_1", "width": 1920,
                                       "height": 1080}]
    assert masks["max_masks"] == vendors.get(vendor).LIMITS["max_masks"]
    assert masks["max_points"] == vendors.get(vendor).LIMITS["max_points"]
    assert masks["types"] == vendors.get(vendor).LIMITS["mask_types"]
    assert masks["masks"] == []

    sent, replies = validate_all(drv.t)
    assert set(sent) == {"GetSystemDateAndTime", "GetDeviceInformation", "GetServices",
                         "GetDiscoveryMode", "GetVideoSourceConfigurations",
                         "GetMaskOptions", "GetMasks"}
    assert sent[0] == "GetSystemDateAndTime", "the clock is learnt before the first token"
    assert sent.count("GetServices") == 1, "services are asked once per task"
    assert all(fault_codes(r) == [] for r in replies)
    assert fresh_fleet.control.counters(cam)["failed_logins"] == 0


def test_set_discovery_mode_is_schema_valid(fresh_fleet, onvif_driver):
    drv = onvif_driver()
    drv.write_ws_discovery(False)
    assert fresh_fleet.control.state(ONVIF_CAM)["discovery"]["ws_discovery"] is False
    assert drv.read_ws_discovery() is False
    drv.write_ws_discovery(True)
    assert fresh_fleet.control.state(ONVIF_CAM)["discovery"]["ws_discovery"] is True
    assert drv.read_ws_discovery() is True
    sent, _ = validate_all(drv.t)
    assert sent.count("SetDiscoveryMode") == 2
    # a write empties the read cache: each read after a write went to the camera
    assert sent.count("GetDiscoveryMode") == 2


def _apply(drv, current, desired):
    changes = privacy_masks.plan(current, desired)
    applied = []
    if changes:
        privacy_masks.apply(drv, changes, current, {}, applied)
    # the driver applies deletions first (room for new masks), so compare as sets
    assert len(applied) == len(changes) and all(c in applied for c in changes)
    drv.forget_reads()
    return changes


def test_mask_create_update_delete_are_schema_valid(fresh_fleet, onvif_driver):
    control = fresh_fleet.control
    drv = onvif_driver()
    current = drv.read_privacy_masks()

    # create two
    desired = {"state": "merged", "masks": [
        {"name": "door", "polygon": DOOR},
        {"name": "window", "polygon": WINDOW, "type": "Blurred"}]}
    changes = _apply(drv, current, desired)
    assert [c["action"] for c in changes] == ["create", "create"]
    stored = control.state(ONVIF_CAM)["privacy_masks"]
    assert len(stored) == 2
    by_type = {m["type"]: m for m in stored}
    assert model.polygons_match(by_type["Color"]["polygon"], DOOR)
    assert by_type["Color"]["color"] == "black"
    assert model.polygons_match(by_type["Blurred"]["polygon"], WINDOW)

    # the camera's grid rounds the points: a re-run plans nothing
    current = drv.read_privacy_masks()
    assert len(current["masks"]) == 2
    assert privacy_masks.plan(current, desired) == []

    # overridden with the door only, disabled and red: one update, one delete
    desired = {"state": "overridden", "masks": [
        {"name": "door", "polygon": DOOR, "enabled": False, "color": "red"}]}
    changes = _apply(drv, current, desired)
    assert sorted(c["action"] for c in changes) == ["delete", "update"]
    stored = control.state(ONVIF_CAM)["privacy_masks"]
    assert len(stored) == 1
    assert stored[0]["enabled"] is False
    assert stored[0]["color"] == "red"
    assert model.polygons_match(stored[0]["polygon"], DOOR)

    # deleted
    current = drv.read_privacy_masks()
    changes = _apply(drv, current, {"state": "deleted", "masks": [{"polygon": DOOR}]})
    assert [c["action"] for c in changes] == ["delete"]
    assert control.state(ONVIF_CAM)["privacy_masks"] == []

    sent, replies = validate_all(drv.t)
    for op in ("GetVideoSourceConfigurations", "GetMaskOptions", "GetMasks",
               "CreateMask", "SetMask", "DeleteMask"):
        assert op in sent, (op, sent)
    assert sent.count("CreateMask") == 2 and sent.count("DeleteMask") == 2
    assert all(fault_codes(r) == [] for r in replies)


def test_camera_refusal_of_a_mask_is_a_schema_valid_fault(fresh_fleet, onvif_driver):
    """A camera at its limit answers CreateMask with a fault; the client reports it."""
    drv = onvif_driver()
    current = drv.read_privacy_masks()
    current["max_masks"] = 99  # pretend the camera claimed more room than it has
    masks = [{"polygon": [[0.05 * i, 0.0], [0.05 * i + 0.04, 0.0], [0.05 * i, 0.04]]}
             for i in range(vendors.get("onvif").LIMITS["max_masks"] + 1)]
    changes = privacy_masks.plan(current, {"state": "merged", "masks": masks})
    applied = []
    with pytest.raises(OnvifFault) as err:
        privacy_masks.apply(drv, changes, current, {}, applied)
    assert err.value.subcode.endswith("MaxMasks")
    assert "MaxMasks" in str(err.value)
    assert "camera %s" % ONVIF_CAM in str(err.value) and "CreateMask" in str(err.value)
    assert len(applied) == vendors.get("onvif").LIMITS["max_masks"]
    _, replies = validate_all(drv.t)
    assert fault_codes(replies[-1]) == ["Receiver", "Action", "MaxMasks"]


def test_clock_skew_is_learnt(fresh_fleet, onvif_driver):
    control = fresh_fleet.control
    control.faults(ONVIF_CAM, clock_skew_s=3600)

    drv = onvif_driver()
    assert drv.identity()["model"] == vendors.get("onvif").IDENTITY["model"]
    assert abs(drv.onvif.clock_offset - 3600) < 5
    sent, _ = validate_all(drv.t)
    assert sent == ["GetSystemDateAndTime", "GetDeviceInformation"]

    # the same call without the offset: the token is an hour old to the camera
    blind = onvif_driver()
    blind.onvif.clock_offset = 0.0
    with pytest.raises(AuthError) as err:
        blind.identity()
    sent, replies = validate_all(blind.t)
    assert sent == ["GetDeviceInformation"]
    assert fault_codes(replies[-1]) == ["Sender", "NotAuthorized"]
    assert "camera %s" % ONVIF_CAM in str(err.value)
    assert "GetDeviceInformation" in str(err.value)
    assert "clock" in str(err.value), "the camera's reason (its clock) should reach the user"
    assert fresh_fleet.password() not in str(err.value)
    # a stale token is not a password guess: the account is not pushed towards lockout
    assert control.counters(ONVIF_CAM)["failed_logins"] == 0


def test_wrong_password_is_one_failed_login(fresh_fleet, onvif_driver):
    control = fresh_fleet.control
    wrong = "Not-The-Password-9"
    drv = onvif_driver(password=wrong)
    with pytest.raises(AuthError) as err:
        drv.identity()
    text = str(err.value)
    assert "camera %s" % ONVIF_CAM in text and "GetDeviceInformation" in text
    assert wrong not in text and fresh_fleet.password() not in text
    counters = control.counters(ONVIF_CAM)
    assert counters["failed_logins"] == 1
    exchanges = len(drv.t.exchanges)

    started = time.time()
    for read in (drv.read_ws_discovery, drv.read_privacy_masks, drv.identity):
        with pytest.raises(AuthError):
            read()
    assert time.time() - started < 1
    after = control.counters(ONVIF_CAM)
    assert after["failed_logins"] == 1
    assert after["requests"] == counters["requests"], "requests were sent after the refusal"
    assert [ex["reply"] for ex in drv.t.exchanges[exchanges:]] == [None] * 3
    sent, replies = validate_all(drv.t)
    assert fault_codes(replies[-1]) == ["Sender", "NotAuthorized"]
