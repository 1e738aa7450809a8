"""The ONVIF firmware profiles on the wire (tests/emulator/vendors/onvif/profiles.py): each answers
in its own envelope, refuses a login its own way, and lacks what its firmware lacks.
Replies are read by namespace URI, as a client must: the prefixes differ per profile."""

import pytest
import requests
from defusedxml import ElementTree as SafeET

from tests.emulator import profiles
from tests.emulator.client import EmulatorProcess
from tests.test_emulator.test_onvif import NS, envelope, token_header

ENV = NS["env"]
NAMES = [n for n in profiles.BY_VENDOR["onvif"] if n != "onvif-reference"]
DEVICE = "/onvif/device_service"
SESSION = requests.Session()
SESSION.trust_env = False


@pytest.fixture(scope="module")
def emu(tmp_path_factory):
    with EmulatorProcess(tmp_path_factory.mktemp("onvif-profiles"), cameras=len(NAMES),
                         profiles=NAMES) as emu:
        emu.by_profile = {c["profile"]: c for c in emu.control.cameras()}
        for cam in emu.by_profile.values():
            emu.control.clear_faults(cam["id"])
        yield emu


def send(emu, profile, body, user=None, password=None, path=DEVICE):
    cam = emu.by_profile[profile]
    header = token_header(user, password) if user else ""
    return SESSION.post("http://%s%s" % (cam["address"], path), data=envelope(body, header),
                        timeout=10,
                        headers={"Content-Type": "application/soap+xml; charset=utf-8"})


def fault_of(resp):
    """(code, [subcodes], reason) of a SOAP fault reply, read by namespace only."""
    root = SafeET.fromstring(resp.content)
    fault = root.find("{%s}Body/{%s}Fault" % (ENV, ENV))
    assert fault is not None, resp.text
    code = fault.find("{%s}Code" % ENV)
    values = [v.text for v in code.iter("{%s}Value" % ENV)]
    reason = fault.find("{%s}Reason/{%s}Text" % (ENV, ENV))
    return values[0], values[1:], (reason.text or "") if reason is not None else None


def envelope_prefix(resp):
    text = resp.content.decode()
    start = text.index("<", text.index("?>") + 2) if text.startswith("<?xml") else 0
    return text[start + 1:text.index(":Envelope", start)]


def admin(emu, profile):
    return emu.by_profile[profile]["id"], "admin", emu.password()


def test_every_onvif_profile_answers_the_clock_in_its_own_envelope(emu):
    expected = {"dahua-ipc-2.8xx": "s", "reolink-v3.0-gsoap": "SOAP-ENV",
                "tapo-c200-1.3": "SOAP-ENV", "bosch-flexidome-5100i-8.71": "SOAP-ENV",
                "gsoap-noname-xm": "SOAP-ENV"}
    for name, prefix in expected.items():
        resp = send(emu, name, "<tds:GetSystemDateAndTime/>")
        assert resp.status_code == 200, (name, resp.text)
        assert envelope_prefix(resp) == prefix, (name, resp.text[:200])
        root = SafeET.fromstring(resp.content)
        year = root.find("{%s}Body/{%s}GetSystemDateAndTimeResponse/{%s}SystemDateAndTime/"
                         "{%s}UTCDateTime/{%s}Date/{%s}Year"
                         % (ENV, NS["tds"], NS["tds"], NS["tt"], NS["tt"], NS["tt"]))
        assert year is not None and int(year.text) > 2000, name
    dahua = send(emu, "dahua-ipc-2.8xx", "<tds:GetSystemDateAndTime/>")
    assert dahua.text.startswith('<?xml version="1.0" encoding="utf-8" standalone="yes" ?>')
    assert "<s:Header/>" in dahua.text
    bosch = send(emu, "bosch-flexidome-5100i-8.71", "<tds:GetSystemDateAndTime/>")
    assert "Header" not in bosch.text and "\n" not in bosch.text
    assert "<SOAP-ENV:Header></SOAP-ENV:Header>" in send(
        emu, "reolink-v3.0-gsoap", "<tds:GetSystemDateAndTime/>").text


def test_dahua_refuses_at_400_and_counts_the_attempts_down(emu):
    cam, user, _ = admin(emu, "dahua-ipc-2.8xx")
    emu.control.clear_faults(cam)
    emu.control.reset_counters(cam)
    lefts = []
    for _ in range(2):
        resp = send(emu, "dahua-ipc-2.8xx", "<tds:GetDeviceInformation/>", user, "wrong-1")
        assert resp.status_code == 400, resp.text
        code, subcodes, reason = fault_of(resp)
        assert (code, subcodes) == ("s:Sender", ["ter:NotAuthorized"])
        assert reason.startswith("Sender not Authorized. Invalid username or password!")
        lefts.append(int(reason.split("You still have ")[1].split(" ")[0]))
    assert lefts == [29, 28]
    assert emu.control.counters(cam)["failed_logins"] == 2
    emu.control.clear_faults(cam)


def test_reolink_sends_a_bare_sender_fault_and_lacks_discovery_mode(emu):
    cam, user, password = admin(emu, "reolink-v3.0-gsoap")
    resp = send(emu, "reolink-v3.0-gsoap",
                "<tds:SetNTP><tds:FromDHCP>maybe</tds:FromDHCP></tds:SetNTP>", user, password)
    assert resp.status_code == 400, resp.text
    assert fault_of(resp) == ("SOAP-ENV:Sender", [], "")
    assert '<SOAP-ENV:Text xml:lang="en"/>' in resp.text
    for operation in ("GetDiscoveryMode", "GetNetworkProtocols"):
        resp = send(emu, "reolink-v3.0-gsoap", "<tds:%s/>" % operation, user, password)
        assert resp.status_code == 400, (operation, resp.text)
        assert fault_of(resp) == ("SOAP-ENV:Receiver", ["ter:ActionNotSupported"],
                                  "Optional Action Not Implemented"), operation
    # What it has still answers.
    assert send(emu, "reolink-v3.0-gsoap", "<tds:GetNTP/>", user, password).status_code == 200


def test_tapo_is_media1_only_and_names_its_refusal(emu):
    cam, user, password = admin(emu, "tapo-c200-1.3")
    resp = send(emu, "tapo-c200-1.3",
                "<tds:GetServices><tds:IncludeCapability>false</tds:IncludeCapability>"
                "</tds:GetServices>")
    assert resp.status_code == 200, resp.text
    namespaces = [n.text for n in SafeET.fromstring(resp.content).iter("{%s}Namespace" % NS["tds"])]
    assert NS["tds"] in namespaces and NS["tr2"] not in namespaces, namespaces
    media2 = send(emu, "tapo-c200-1.3", "<tr2:GetProfiles/>", user, password,
                  path="/onvif/media2_service")
    assert media2.status_code == 404
    resp = send(emu, "tapo-c200-1.3", "<tds:GetDeviceInformation/>", user, "wrong-1")
    assert resp.status_code == 400
    assert fault_of(resp) == ("SOAP-ENV:Sender", ["ter:NotAuthorized"], "Authority failure")
    emu.control.clear_faults(cam)


def test_gsoap_box_refuses_with_a_basic_challenge(emu):
    cam, user, password = admin(emu, "gsoap-noname-xm")
    emu.control.clear_faults(cam)
    for who in ((None, None), (user, "wrong-1")):
        resp = send(emu, "gsoap-noname-xm", "<tds:GetDeviceInformation/>", *who)
        assert resp.status_code == 401, (who, resp.text)
        assert resp.headers["WWW-Authenticate"] == 'Basic realm="gSOAP Web Service"'
        assert resp.headers["Server"] == "gSOAP/2.7"
        code, subcodes, _ = fault_of(resp)
        assert (code, subcodes) == ("SOAP-ENV:Sender", ["ter:NotAuthorized"])
    assert emu.control.counters(cam)["failed_logins"] == 1  # only the wrong password
    # The clock is open; the NTP servers are not implemented.
    assert send(emu, "gsoap-noname-xm", "<tds:GetSystemDateAndTime/>").status_code == 200
    resp = send(emu, "gsoap-noname-xm", "<tds:GetNTP/>", user, password)
    assert fault_of(resp)[1] == ["ter:ActionNotSupported"]
    assert fault_of(send(emu, "gsoap-noname-xm", "<tds:GetUsers/>", user, password))[1] == [
        "ter:ActionNotSupported"]
    emu.control.clear_faults(cam)


def test_vivotek_wants_a_login_for_its_clock(emu):
    cam, user, password = admin(emu, "vivotek-auth-dt")
    resp = send(emu, "vivotek-auth-dt", "<tds:GetSystemDateAndTime/>")
    assert resp.status_code == 400, resp.text
    assert fault_of(resp) == ("env:Sender", ["ter:NotAuthorized"],
                              "An error was discovered processing the <wsse:Security> header.")
    assert emu.control.counters(cam)["failed_logins"] == 0
    assert send(emu, "vivotek-auth-dt", "<tds:GetSystemDateAndTime/>", user,
                password).status_code == 200
