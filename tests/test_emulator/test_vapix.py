"""The emulator's Axis VAPIX, driven the way a third-party client would: `requests` with
HTTP Digest against the Axis camera of the session emulator."""

import json
import time

import defusedxml.ElementTree as SafeET
import pytest
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth
from tests.conftest import camera_of
from tests.polling import wait_until

AXIS = camera_of("axis")
TIMEOUT = 10
GRID_W, GRID_H = 1920, 1080


class Axis:
    """One Axis camera of the emulator, seen from a client."""

    def __init__(self, emulator):
        self.emu = emulator
        self.address = emulator.cameras[AXIS]["address"]
        self.username = emulator.control.state(AXIS)["users"][0]["username"]
        self.password = emulator.password()
        self.auth = HTTPDigestAuth(self.username, self.password)
        self.replies = []  # every reply body, to look for leaked secrets

    def url(self, path, scheme="http"):
        return "%s://%s%s" % (scheme, self.address, path)

    def call(self, path, params=None, scheme="http", method="GET", auth="digest", **kw):
        auth = self.auth if auth == "digest" else auth
        verify = self.emu.ca_path() if scheme == "https" else True
        resp = requests.request(method, self.url(path, scheme), params=params, auth=auth,
                                timeout=TIMEOUT, verify=verify, **kw)
        self.replies.append(resp.text)
        return resp

    def params(self, group=None, scheme="http"):
        query = {"action": "list"}
        if group:
            query["group"] = group
        resp = self.call("/axis-cgi/param.cgi", query, scheme=scheme)
        assert resp.status_code == 200, resp.text
        return dict(line.split("=", 1) for line in resp.text.splitlines() if "=" in line)

    def update(self, scheme="http", **values):
        query = [("action", "update")] + list(values.items())
        return self.call("/axis-cgi/param.cgi", query, scheme=scheme).text

    def state(self):
        return self.emu.control.state(AXIS)

    def masks(self):
        resp = self.call("/axis-cgi/privacymask.cgi", {"query": "listpxjson"})
        assert resp.status_code == 200
        return resp.json()["masks"]

    def mask_action(self, **args):
        return self.call("/axis-cgi/privacymask.cgi", args)

    def disks(self, diskid="all"):
        resp = self.call("/axis-cgi/disks/list.cgi", {"diskid": diskid})
        assert resp.status_code == 200
        return SafeET.fromstring(resp.content).findall("./disks/disk")

    def disk(self, cgi, **args):
        resp = self.call("/axis-cgi/disks/" + cgi, args)
        assert resp.status_code == 200
        return SafeET.fromstring(resp.content)


@pytest.fixture
def axis(fresh_fleet):
    return Axis(fresh_fleet)


def http_port_open(axis):
    try:
        requests.get(axis.url("/axis-cgi/param.cgi"), timeout=2)
        return True
    except requests.ConnectionError:
        return False


# -- authentication -----------------------------------------------------------------------
def test_reads_need_digest(axis):
    resp = axis.call("/axis-cgi/param.cgi", {"action": "list"}, auth=None)
    assert resp.status_code == 401
    challenge = resp.headers["WWW-Authenticate"]
    mac = axis.state()["identity"]["mac"].replace(":", "").upper()
    assert challenge.startswith("Digest ") and 'realm="AXIS_%s"' % mac in challenge

    resp = axis.call("/axis-cgi/param.cgi", {"action": "list"})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert "root.Network.UPnP.Enabled=yes" in resp.text.splitlines()


def test_wrong_password_is_one_failed_login(axis):
    before = axis.emu.control.counters(AXIS)["failed_logins"]
    resp = axis.call("/axis-cgi/param.cgi", {"action": "list"},
                     auth=HTTPDigestAuth(axis.username, "wrong-" + axis.password))
    assert resp.status_code == 401
    assert axis.emu.control.counters(AXIS)["failed_logins"] == before + 1


def test_basic_only_where_the_policy_allows_it(axis):
    basic = HTTPBasicAuth(axis.username, axis.password)
    assert axis.call("/axis-cgi/param.cgi", {"action": "list"}, auth=basic).status_code == 401
    # Over HTTPS the password is not in clear, and Axis takes Basic whatever the policy.
    resp = axis.call("/axis-cgi/param.cgi", {"action": "list"}, auth=basic, scheme="https")
    assert resp.status_code == 200

    assert axis.update(**{"root.Network.HTTP.AuthenticationPolicy": "basic"}) == "OK\r\n"
    assert axis.state()["network"]["http_auth_policy"] == "basic"
    assert axis.call("/axis-cgi/param.cgi", {"action": "list"}, auth=basic).status_code == 200
    assert axis.params("Network.HTTP")["root.Network.HTTP.AuthenticationPolicy"] == "basic"


def test_https_serves_the_same_api(axis):
    values = axis.params("Brand", scheme="https")
    model = axis.state()["identity"]["model"]
    assert values == {"root.Brand.Brand": "AXIS", "root.Brand.ProdNbr": model,
                      "root.Brand.ProdShortName": "AXIS " + model,
                      "root.Brand.ProdFullName": "AXIS %s Network Camera" % model,
                      "root.Brand.ProdType": "Network Camera"}


# -- param.cgi ------------------------------------------------------------------------------
def test_list_reports_the_state(axis):
    values = axis.params()
    state = axis.state()
    assert values["root.Properties.Firmware.Version"] == state["identity"]["firmware"]
    assert values["root.Properties.System.SerialNumber"] == state["identity"]["serial"]
    assert values["root.Properties.PrivacyMask.MaxNbrOfPrivacyMasks"] == str(
        state["mask_limits"]["max_masks"])
    assert values["root.Properties.LocalStorage.DiskEncryption"] == "yes"
    assert values["root.Storage.S0.DiskID"] == "SD_DISK"
    assert values["root.SNMP.V1ReadCommunity"] == state["discovery"]["snmp"]["read_community"]
    assert values["root.System.BoaGroupPolicy.admin"] == "both"


def test_list_groups(axis):
    resp = axis.call("/axis-cgi/param.cgi",
                     {"action": "list", "group": "root.Network.UPnP,SNMP.V3,NoSuchGroup"})
    lines = resp.text.splitlines()
    assert lines == [
        "root.Network.UPnP.Enabled=yes",
        "root.Network.UPnP.NATTraversal.Enabled=no",
        "root.SNMP.V3=no",
        "# Error: Error -1 getting param in group 'NoSuchGroup'",
    ]


WRITABLE = [
    # (parameter, new value, state path, state value after)
    ("root.Network.UPnP.Enabled", "no", "discovery.upnp", False),
    ("root.Network.UPnP.NATTraversal.Enabled", "yes", "discovery.upnp_nat_traversal", True),
    ("root.Network.Bonjour.Enabled", "no", "discovery.bonjour", False),
    ("root.Network.ZeroConf.Enabled", "no", "network.zeroconf", False),
    ("root.Network.SSH.Enabled", "yes", "network.ssh", True),
    ("root.Network.FTP.Enabled", "yes", "network.ftp", True),
    ("root.Network.HTTP.AuthenticationPolicy", "basic_digest", "network.http_auth_policy",
     "basic_digest"),
    ("root.SNMP.Enabled", "no", "discovery.snmp.enabled", False),
    ("root.SNMP.V1", "no", "discovery.snmp.v1", False),
    ("root.SNMP.V1ReadCommunity", "r3ad-only", "discovery.snmp.read_community", "r3ad-only"),
    ("root.SNMP.V1WriteCommunity", "wr1te", "discovery.snmp.write_community", "wr1te"),
    ("root.SNMP.V2c", "no", "discovery.snmp.v2c", False),
    ("root.SNMP.V3", "yes", "discovery.snmp.v3", True),
    ("root.HTTPS.Port", "8443", "network.https.port", 8443),
    ("root.HTTPS.Enabled", "no", "network.https.enabled", False),
    ("root.Image.I0.Overlay.MaskWindows.Color", "grey", "privacy_mask_color", "grey"),
]


def _at(state, path):
    for part in path.split("."):
        state = state[part]
    return state


@pytest.mark.parametrize("name,value,path,expected", WRITABLE,
                         ids=[w[0] for w in WRITABLE])
def test_round_trip(axis, name, value, path, expected):
    assert axis.update(**{name: value}) == "OK\r\n"
    assert _at(axis.state(), path) == expected
    assert axis.params(name)[name] == value


def test_update_by_post_form_and_without_root_prefix(axis):
    resp = axis.call("/axis-cgi/param.cgi", method="POST",
                     data={"action": "update", "Network.Bonjour.Enabled": "no",
                           "SNMP.V2c": "no"})
    assert resp.text == "OK\r\n"
    state = axis.state()
    assert state["discovery"]["bonjour"] is False
    assert state["discovery"]["snmp"]["v2c"] is False
    resp = axis.call("/axis-cgi/param.cgi", method="POST",
                     data={"action": "list", "group": "Network.Bonjour"})
    assert resp.text.splitlines() == ["root.Network.Bonjour.Enabled=no"]


@pytest.mark.parametrize("bad", [
    {"root.SNMP.V1": "maybe"},                       # not yes/no
    {"root.Network.NoSuchThing.Enabled": "no"},      # unknown parameter
    {"root.Brand.Brand": "ACME"},                    # read-only
    {"root.HTTPS.Port": "70000"},                    # out of range
    {"root.Image.I0.Overlay.MaskWindows.Color": "pink"},
])
def test_a_bad_update_changes_nothing(axis, bad):
    before = axis.state()
    text = axis.update(**dict({"root.Network.UPnP.Enabled": "no"}, **bad))
    name = next(iter(bad))
    assert text.startswith("# Error: ") and name in text
    assert axis.state() == before


def test_nonsticky_write_answers_ok_but_does_not_stick(axis):
    axis.emu.control.faults(AXIS, nonsticky=["discovery.upnp"])
    assert axis.update(**{"root.Network.UPnP.Enabled": "no",
                          "root.Network.Bonjour.Enabled": "no"}) == "OK\r\n"
    state = axis.state()
    assert state["discovery"]["upnp"] is True
    assert state["discovery"]["bonjour"] is False
    assert axis.params("Network.UPnP")["root.Network.UPnP.Enabled"] == "yes"


def test_https_only_policy_closes_plain_http(axis):
    assert axis.update(**{"root.System.BoaGroupPolicy.admin": "https",
                          "root.System.BoaGroupPolicy.operator": "https",
                          "root.System.BoaGroupPolicy.viewer": "https"}) == "OK\r\n"
    assert axis.state()["network"]["http"]["enabled"] is False
    assert wait_until(lambda: not http_port_open(axis))
    values = axis.params("System.BoaGroupPolicy", scheme="https")
    assert set(values.values()) == {"https"}

    assert axis.update(scheme="https", **{"root.System.BoaGroupPolicy.admin": "both"}) \
        == "OK\r\n"
    assert wait_until(lambda: http_port_open(axis))
    assert axis.params("System.BoaGroupPolicy.admin")[
        "root.System.BoaGroupPolicy.admin"] == "both"


def test_listdefinitions_describes_types(axis):
    resp = axis.call("/axis-cgi/param.cgi", {"action": "listdefinitions",
                                              "listformat": "xmlschema",
                                              "group": "System.BoaGroupPolicy"})
    root = SafeET.fromstring(resp.content)
    ns = {"d": "http://www.axis.com/ParameterDefinitionsSchema"}
    params = root.findall(".//d:parameter", ns)
    assert [p.get("name") for p in params] == ["admin", "operator", "viewer"]
    entries = params[0].findall("./d:type/d:enum/d:entry", ns)
    assert [e.get("value") for e in entries] == ["both", "http", "https"]


# -- privacymask.cgi -------------------------------------------------------------------------
def _fractions_close(polygon, pixels):
    """Within one pixel of the grid: what Axis's rounding allows."""
    assert len(polygon) == len(pixels)
    for (fx, fy), (px, py) in zip(polygon, pixels):
        assert abs(fx * GRID_W - px) <= 1 and abs(fy * GRID_H - py) <= 1


def test_masks_add_update_remove(axis):
    resp = axis.mask_action(action="add", name="door",
                            pxpolygon="100.4,200.6:600,200:600,700:100,700")
    assert resp.status_code == 204 and resp.content == b""

    [mask] = axis.masks()
    assert mask["name"] == "door" and mask["enabled"] is True
    assert mask["pxpolygon"] == [[100, 201], [600, 200], [600, 700], [100, 700]]
    [record] = axis.state()["privacy_masks"]
    assert set(record) == {"token", "name", "video_source", "enabled", "polygon", "type",
                           "color"}
    _fractions_close(record["polygon"], [[100.4, 200.6], [600, 200], [600, 700], [100, 700]])
    # Kept on the grid: the fractions are whole pixels exactly.
    assert all(abs(x * GRID_W - round(x * GRID_W)) < 1e-6 for x, _ in record["polygon"])

    values = axis.params("Image.I0.Overlay.MaskWindows")
    assert values["root.Image.I0.Overlay.MaskWindows.M0.Name"] == "door"
    assert values["root.Image.I0.Overlay.MaskWindows.M0.Enabled"] == "yes"

    # A rectangle by centre and size: odd sizes land on the pixel grid.
    resp = axis.mask_action(action="update", name="door", center="961,541",
                            width="101", height="51")
    assert resp.status_code == 204
    [mask] = axis.masks()
    _fractions_close(axis.state()["privacy_masks"][0]["polygon"],
                     [[910.5, 515.5], [1011.5, 515.5], [1011.5, 566.5], [910.5, 566.5]])
    assert len(mask["pxpolygon"]) == 4

    assert axis.mask_action(action="disable_all").status_code == 204
    assert axis.state()["privacy_masks"][0]["enabled"] is False
    assert axis.params("Image.I0.Overlay.MaskWindows.M0.Enabled")[
        "root.Image.I0.Overlay.MaskWindows.M0.Enabled"] == "no"
    assert axis.update(**{"root.Image.I0.Overlay.MaskWindows.M0.Enabled": "yes"}) == "OK\r\n"
    assert axis.masks()[0]["enabled"] is True

    assert axis.mask_action(action="remove", name="door").status_code == 204
    assert axis.masks() == [] and axis.state()["privacy_masks"] == []


def test_mask_colour_applies_to_every_mask(axis):
    axis.mask_action(action="add", name="a", pxpolygon="0,0:10,0:10,10")
    assert axis.update(**{"root.Image.I0.Overlay.MaskWindows.Color": "mosaic"}) == "OK\r\n"
    [record] = axis.state()["privacy_masks"]
    assert (record["color"], record["type"]) == ("mosaic", "Pixelated")
    assert axis.masks()[0]["color"] == "mosaic"


@pytest.mark.parametrize("args,why", [
    ({"pxpolygon": "0,0:10,0"}, "at least 3"),
    ({"pxpolygon": "0,0:10,0:10,10:0,10:1,1:2,2:3,3:4,4:5,5"}, "too many points"),
    ({"pxpolygon": "0,0:1921,0:10,10"}, "outside"),
    ({"pxpolygon": "0,0:a,0:10,10"}, "invalid"),
    ({}, "no mask geometry"),
    ({"center": "10,10", "width": "5"}, "together"),
])
def test_mask_refusals_are_200_with_text(axis, args, why):
    resp = axis.mask_action(action="add", name="m", **args)
    assert resp.status_code == 200 and why in resp.text
    assert axis.state()["privacy_masks"] == []


def test_mask_count_limit(axis):
    axis.emu.control.drift(AXIS, {"mask_limits.max_masks": 2})
    for name in ("one", "two"):
        assert axis.mask_action(action="add", name=name,
                                pxpolygon="0,0:10,0:10,10").status_code == 204
    resp = axis.mask_action(action="add", name="three", pxpolygon="0,0:10,0:10,10")
    assert resp.status_code == 200 and "maximum number of masks (2)" in resp.text
    assert [m["name"] for m in axis.masks()] == ["one", "two"]
    resp = axis.mask_action(action="add", name="one", pxpolygon="0,0:10,0:10,10")
    assert resp.status_code == 200 and "exists" in resp.text
    resp = axis.mask_action(action="remove", name="nobody")
    assert resp.status_code == 200 and "no mask named" in resp.text


# -- edge storage -----------------------------------------------------------------------------
def test_disk_list_and_capabilities(axis):
    [disk] = axis.disks()
    assert disk.get("diskid") == "SD_DISK"
    assert disk.get("status") == "OK"
    assert disk.get("filesystem") == "vfat"
    assert disk.get("diskencryptionenabled") == "false"
    assert disk.get("diskencrypted") == "false"
    assert disk.get("locked") == "no"
    assert int(disk.get("freesize")) < int(disk.get("totalsize"))
    caps = axis.disk("getcapabilities.cgi", diskid="SD_DISK")
    assert caps.find("./disks/disk").get("encryptionsupported") == "true"


def test_no_card_means_an_empty_list(axis):
    axis.emu.control.drift(AXIS, {"storage.slots.0.present": False})
    assert axis.disks() == []
    assert axis.disk("list.cgi", diskid="all").find("./disks").get("numberofdisks") == "0"
    assert axis.disk("list.cgi", diskid="SD_DISK").find("./error") is not None


def poll_job(axis, jobid, limit_s=5.0):
    deadline = time.time() + limit_s
    seen = []
    while time.time() < deadline:
        job = axis.disk("job.cgi", jobid=jobid).find("./job")
        seen.append(int(job.get("progress")))
        if job.get("status") == "done":
            return seen
        time.sleep(0.05)
    raise AssertionError("job %s did not finish: %s" % (jobid, seen))


def test_sd_encryption_sequence(axis):
    passphrase = "Pp-" + axis.password[::-1] + "-x9"
    assert axis.state()["storage"]["slots"][0]["recordings"] > 0

    job = axis.disk("mount.cgi", action="unmount", diskid="SD_DISK").find("./job")
    assert job is not None
    assert axis.state()["storage"]["slots"][0]["mounted"] is False

    reply = axis.disk("properties/enablediskencryption.cgi", schemaversion="1",
                      diskid="SD_DISK", passphrase=passphrase)
    ns = "{http://www.axis.com/vapix/http_cgi/disks/properties1}"
    assert reply.tag == ns + "DiskPropertiesResponse"
    assert reply.find("./%sSuccess/%sGeneralSuccess" % (ns, ns)) is not None
    [disk] = axis.disks()
    assert (disk.get("diskencryptionenabled"), disk.get("diskencrypted"),
            disk.get("status")) == ("true", "false", "not encrypted")

    job = axis.disk("format.cgi", diskid="SD_DISK", filesystem="ext4").find("./job")
    progress = poll_job(axis, job.get("jobid"))
    assert progress[-1] == 100

    axis.disk("mount.cgi", action="mount", diskid="SD_DISK")
    [disk] = axis.disks("SD_DISK")
    assert (disk.get("diskencrypted"), disk.get("filesystem"), disk.get("status")) == (
        "true", "ext4", "OK")
    assert disk.get("freesize") == disk.get("totalsize")

    slot = axis.state()["storage"]["slots"][0]
    assert (slot["encrypted"], slot["encryption_enabled"], slot["recordings"],
            slot["filesystem"], slot["mounted"]) == (True, True, 0, "ext4", True)
    assert slot["passphrase"] == passphrase
    # The passphrase is kept once, in its field, and never sent back.
    assert json.dumps(axis.state()).count(passphrase) == 1
    assert not any(passphrase in text for text in axis.replies)


def test_disk_refusals_change_nothing(axis):
    passphrase = "never-echo-" + axis.password
    before = axis.state()

    error = axis.disk("format.cgi", diskid="SD_DISK", filesystem="ext4").find("./error")
    assert error is not None and "mounted" in error.get("description")

    reply = axis.disk("properties/enablediskencryption.cgi", schemaversion="1",
                      diskid="SD_DISK", passphrase=passphrase)
    assert reply.find(".//{*}ErrorDescription").text.startswith("Disk is mounted")

    assert axis.disk("format.cgi", diskid="SD_DISK", filesystem="ntfs").find("./error") \
        is not None
    assert axis.disk("job.cgi", jobid="999").find("./error") is not None
    assert axis.state() == before

    # With encryption enabled but the card not yet formatted, it will not mount, and it
    # will not take a file system that cannot be encrypted.
    axis.disk("mount.cgi", action="unmount", diskid="SD_DISK")
    axis.disk("properties/enablediskencryption.cgi", schemaversion="1", diskid="SD_DISK",
              passphrase=passphrase)
    assert axis.disk("mount.cgi", action="mount", diskid="SD_DISK").find("./error") \
        is not None
    assert axis.disk("format.cgi", diskid="SD_DISK", filesystem="vfat").find("./error") \
        is not None
    reply = axis.disk("properties/enablediskencryption.cgi", schemaversion="2",
                      diskid="SD_DISK", passphrase=passphrase)
    assert reply.find(".//{*}GeneralError") is not None
    slot = axis.state()["storage"]["slots"][0]
    assert (slot["recordings"], slot["mounted"], slot["encrypted"]) == (
        before["storage"]["slots"][0]["recordings"], False, False)
    assert not any(passphrase in text for text in axis.replies)

    # Backing out: disable, and the card mounts again as it was.
    reply = axis.disk("properties/disablediskencryption.cgi", schemaversion="1",
                      diskid="SD_DISK")
    assert reply.find(".//{*}GeneralSuccess") is not None
    axis.disk("mount.cgi", action="mount", diskid="SD_DISK")
    slot = axis.state()["storage"]["slots"][0]
    assert (slot["mounted"], slot["passphrase"], slot["encryption_enabled"]) == (
        True, None, False)


def finished_job(axis, jobid, limit_s=5.0):
    """The job element once job.cgi no longer reports it running."""
    deadline = time.time() + limit_s
    while time.time() < deadline:
        job = axis.disk("job.cgi", jobid=jobid).find("./job")
        if job.get("status") != "running":
            return job
        time.sleep(0.05)
    raise AssertionError("job %s still running after %s s" % (jobid, limit_s))


def test_a_failed_format_job_leaves_the_card_encryption_pending(axis):
    """Fault disk_format_fails: the format job stops part-way and job.cgi says why. The
    card keeps its file system and its recordings (only a finished format erases them),
    keeps encryption enabled, and will not mount until a format finishes."""
    axis.emu.control.faults(AXIS, disk_format_fails=1)
    recordings = axis.state()["storage"]["slots"][0]["recordings"]
    assert recordings > 0
    axis.disk("mount.cgi", action="unmount", diskid="SD_DISK")
    axis.disk("properties/enablediskencryption.cgi", schemaversion="1", diskid="SD_DISK",
              passphrase="Pp-pending-" + axis.password)

    job = axis.disk("format.cgi", diskid="SD_DISK", filesystem="ext4").find("./job")
    failed = finished_job(axis, job.get("jobid"))
    assert failed.get("status") == "failed"
    assert 0 < int(failed.get("progress")) < 100, "fails after progress started"
    error = failed.find("./error")
    assert error.get("code") == "51"
    assert error.get("description").startswith("Format failed: ")

    slot = axis.state()["storage"]["slots"][0]
    assert (slot["encryption_enabled"], slot["encrypted"], slot["mounted"],
            slot["filesystem"], slot["recordings"]) == (True, False, False, "vfat", recordings)
    [disk] = axis.disks()
    assert (disk.get("status"), disk.get("diskencryptionenabled"),
            disk.get("diskencrypted")) == ("not encrypted", "true", "false")
    assert int(disk.get("freesize")) < int(disk.get("totalsize"))
    refusal = axis.disk("mount.cgi", action="mount", diskid="SD_DISK").find("./error")
    assert refusal.get("description") == "Cannot mount: not encrypted"

    # The fault was for one job: the next format finishes, and only it erases the card.
    job = axis.disk("format.cgi", diskid="SD_DISK", filesystem="ext4").find("./job")
    done = finished_job(axis, job.get("jobid"))
    assert (done.get("status"), done.get("progress"), done.find("./error")) == ("done", "100", None)
    axis.disk("mount.cgi", action="mount", diskid="SD_DISK")
    slot = axis.state()["storage"]["slots"][0]
    assert (slot["encrypted"], slot["mounted"], slot["filesystem"], slot["recordings"]) == (
        True, True, "ext4", 0)


# -- basicdeviceinfo.cgi ----------------------------------------------------------------------
def _deviceinfo(axis, body, auth=None):
    return axis.call("/axis-cgi/basicdeviceinfo.cgi", method="POST", auth=auth,
                     data=json.dumps(body) if not isinstance(body, str) else body,
                     headers={"Content-Type": "application/json"})


def test_basic_device_info(axis):
    ident = axis.state()["identity"]
    resp = _deviceinfo(axis, {"apiVersion": "1.1", "method": "getAllUnrestrictedProperties"})
    assert resp.status_code == 200
    props = resp.json()["data"]["propertyList"]
    assert (props["Brand"], props["ProdNbr"], props["Version"]) == (
        "AXIS", ident["model"], ident["firmware"])

    resp = _deviceinfo(axis, {"apiVersion": "1.1", "method": "getAllProperties"})
    assert resp.status_code == 401

    resp = _deviceinfo(axis, {"apiVersion": "1.1", "method": "getAllProperties",
                              "context": "c1"}, auth="digest")
    body = resp.json()
    assert body["apiVersion"] == "1.1" and body["context"] == "c1"
    props = body["data"]["propertyList"]
    assert props["SerialNumber"] == ident["serial"]
    assert props["HardwareID"] == ident["hardware_id"]
    assert props["ProdFullName"].startswith("AXIS ")


@pytest.mark.parametrize("body,code", [
    ({"apiVersion": "1.1", "method": "rebootNow"}, 2004),
    ("{not json", 4000),
    ({"apiVersion": "9.0", "method": "getAllProperties"}, 4002),
])
def test_basic_device_info_errors(axis, body, code):
    resp = _deviceinfo(axis, body, auth="digest")
    assert resp.status_code == 200
    assert resp.json()["error"]["code"] == code


def test_paths_that_are_not_vapix_fall_through(axis):
    assert axis.call("/axis-cgi/nosuch.cgi").status_code == 404
    assert axis.call("/axis-cgi/param.cgi", {"action": "list"},
                     method="PUT").status_code == 405
