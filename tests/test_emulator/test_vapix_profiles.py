"""The emulator's Axis firmware profiles on the wire, seen by a plain HTTP client: what each
firmware lacks is answered the way the recorded devices answer (vendors/axis/profiles.md)."""

import defusedxml.ElementTree as SafeET
import pytest
import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from tests.emulator import profiles
from tests.emulator.client import EmulatorProcess

NAMES = profiles.BY_VENDOR["axis"]
TIMEOUT = 10


class Cam:
    def __init__(self, emu, cam):
        self.emu = emu
        self.id = cam["id"]
        self.address = cam["address"]
        user = emu.control.state(self.id)["users"][0]["username"]
        self.digest = HTTPDigestAuth(user, emu.password())
        self.basic = HTTPBasicAuth(user, emu.password())

    def get(self, path, params=None, auth="digest"):
        auth = self.digest if auth == "digest" else auth
        return requests.get("http://%s%s" % (self.address, path), params=params, auth=auth,
                            timeout=TIMEOUT)

    def post_json(self, path, body):
        return requests.post("http://%s%s" % (self.address, path), json=body, auth=self.digest,
                             timeout=TIMEOUT)

    def params(self, group):
        resp = self.get("/axis-cgi/param.cgi", {"action": "list", "group": group})
        assert resp.status_code == 200, resp.text
        return resp.text


@pytest.fixture(scope="module")
def axis(tmp_path_factory):
    with EmulatorProcess(tmp_path_factory.mktemp("vapix-profiles"), cameras=len(NAMES),
                         vendors="axis", profiles=NAMES) as emu:
        cams = {c["profile"]: Cam(emu, c) for c in emu.control.cameras()}
        yield cams
        emu.control.fleet_preset("insecure")


def test_a_5x_camera_answers_absent_cgis_with_its_web_servers_html_404(axis):
    old = axis["axis-p5512-5.51.7"]
    for path in ("/axis-cgi/basicdeviceinfo.cgi", "/axis-cgi/ntp.cgi",
                 "/axis-cgi/remotesyslog.cgi", "/axis-cgi/ssh.cgi", "/axis-cgi/disks/list.cgi",
                 "/axis-cgi/apidiscovery.cgi"):
        resp = old.get(path)
        assert resp.status_code == 404, path
        assert resp.headers["Content-Type"] == "text/html; charset=ISO-8859-1"
        assert "The requested URL %s was not found on this server." % path in resp.text
    # A 9.80 camera lacks fewer: ntp.cgi and the disks API are there.
    companion = axis["axis-companion-9.80.2.2"]
    assert companion.get("/axis-cgi/ssh.cgi").status_code == 404
    resp = companion.post_json("/axis-cgi/ntp.cgi", {"apiVersion": "1.0",
                                                     "method": "getNTPInfo"})
    assert resp.status_code == 200 and "client" in resp.json()["data"]


def test_a_missing_group_is_an_error_line_among_the_groups_that_are_there(axis):
    text = axis["axis-companion-9.80.2.2"].params("root.Network.FTP,root.HTTPS")
    lines = text.splitlines()
    assert "# Error: Error -1 getting param in group 'root.Network.FTP'" in lines
    assert "root.HTTPS.AllowTLS1=no" in lines and "root.HTTPS.Enabled=yes" in lines
    assert not any(line.startswith("root.HTTPS.AllowSSLV3") for line in lines)
    # 5.x lists no TLS switches at all; the reference lists all three.
    assert "AllowTLS" not in axis["axis-p5512-5.51.7"].params("root.HTTPS")
    assert "root.HTTPS.AllowSSLV3=no" in axis["axis-os11"].params("root.HTTPS").splitlines()
    # Writing a parameter the firmware lacks changes nothing.
    resp = axis["axis-p5512-5.51.7"].get("/axis-cgi/param.cgi", {
        "action": "update", "root.Network.SSH.Enabled": "no", "root.Network.FTP.Enabled": "no"})
    assert resp.text.startswith("# Error: Error setting 'root.Network.SSH.Enabled'")
    assert "root.Network.FTP.Enabled=yes" in axis["axis-p5512-5.51.7"].params("root.Network.FTP")


def test_root_time_reads_and_writes_the_clock_settings(axis):
    cam = axis["axis-m5525-e-8.40.1.1"]
    lines = cam.params("root.Time").splitlines()
    assert "root.Time.SyncSource=None" in lines and "root.Time.NTP.Server=0.0.0.0" in lines
    assert "root.Time.ObtainFromDHCP=yes" in lines
    resp = cam.get("/axis-cgi/param.cgi", {"action": "update", "root.Time.SyncSource": "NTP",
                                           "root.Time.NTP.Server": "192.0.2.7",
                                           "root.Time.ObtainFromDHCP": "no"})
    assert resp.text.strip() == "OK"
    state = cam.emu.control.state(cam.id)["time"]
    assert (state["ntp_enabled"], state["ntp_servers"], state["from_dhcp"]) == (
        True, ["192.0.2.7"], False)
    assert "root.Time.NTP.Server=192.0.2.7" in cam.params("root.Time.NTP").splitlines()
    bad = cam.get("/axis-cgi/param.cgi", {"action": "update",
                                          "root.Time.NTP.Server": "not a host!"})
    assert bad.text.startswith("# Error")
    assert cam.emu.control.state(cam.id)["time"]["ntp_servers"] == ["192.0.2.7"]
    # The reference (AXIS OS 11) keeps to ntp.cgi: no root.Time group.
    assert axis["axis-os11"].params("root.Time").startswith("# Error: Error -1")


def test_identity_parameters_name_the_device_as_recorded(axis):
    lines = axis["axis-companion-9.80.2.2"].params("root.Brand").splitlines()
    assert "root.Brand.ProdShortName=AXIS Companion Bullet LE" in lines
    assert "root.Brand.ProdNbr=C Bullet LE" in lines
    old = axis["axis-p5512-5.51.7"].params("root.Brand,root.Properties.Firmware").splitlines()
    assert "root.Brand.ProdType=PTZ Dome Network Camera" in old
    assert "root.Properties.Firmware.Version=5.51.7" in old


def test_basic_auth_where_the_firmware_policy_allows_it(axis):
    old, companion = axis["axis-p5512-5.51.7"], axis["axis-companion-9.80.2.2"]
    query = {"action": "list", "group": "root.Brand"}
    assert old.get("/axis-cgi/param.cgi", query, auth=old.basic).status_code == 200
    assert companion.get("/axis-cgi/param.cgi", query, auth=companion.basic).status_code == 401


def test_the_980_disk_list_has_the_recorded_attribute_set(axis):
    resp = axis["axis-companion-9.80.2.2"].get("/axis-cgi/disks/list.cgi", {"diskid": "all"})
    disk = SafeET.fromstring(resp.content).find("./disks/disk")
    assert disk.get("encryptionenabled") == "false" and disk.get("diskencrypted") == "false"
    assert "diskencryptionenabled" not in disk.attrib
    ref = axis["axis-os11"].get("/axis-cgi/disks/list.cgi", {"diskid": "all"})
    assert "diskencryptionenabled" in SafeET.fromstring(ref.content).find("./disks/disk").attrib
