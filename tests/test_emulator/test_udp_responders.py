"""The emulator's UDP responders, checked with clients we did not write: Net-SNMP's
snmpget/snmpwalk, dnspython and python-zeroconf, a plain-socket SSDP M-SEARCH, and the
wsdiscovery package's Probe builder and parser.

Each service must answer while the camera's state says it is on, be completely silent
while it is off, and count every datagram either way. Silence is a 1 s timeout.
"""

import os
import shutil
import socket
import subprocess

import dns.exception
import dns.message
import dns.query
import dns.rdatatype
import pytest
from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api
from wsdiscovery.actions.probe import constructProbe
from wsdiscovery.message import createSOAPMessage, parseSOAPMessage
from wsdiscovery.qname import QName
from wsdiscovery.scope import Scope
from zeroconf import IPVersion, ServiceInfo, Zeroconf
from tests.conftest import camera_of, cameras_of, vendor_of, vendor_package

CAMERAS = cameras_of()  # every registered vendor  # axis, hikvision, onvif (tests/conftest.py)
TIMEOUT_S = 1

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYSTEM = "1.3.6.1.2.1.1"
SNMP_ENGINE_ID = "1.3.6.1.6.3.10.2.1.1.0"
V3_USER = {"name": "auditor", "auth_protocol": "SHA", "auth_password": "auth-pass-1",
           "priv_protocol": "AES", "priv_password": "priv-pass-1"}
V3_AUTHPRIV = ["-v3", "-l", "authPriv", "-u", "auditor", "-a", "SHA", "-A", "auth-pass-1",
               "-x", "AES", "-X", "priv-pass-1"]

# The mDNS service types each camera advertises: its vendor package's MDNS_SERVICES.
SERVICE_TYPES = {cam: set(vendor_package(vendor_of(cam)).MDNS_SERVICES) for cam in cameras_of()}
NVT = QName("http://www.onvif.org/ver10/network/wsdl", "NetworkVideoTransmitter")
ENUMERATE_SERVICES = "_services._dns-sd._udp.local."


def address(emulator, cam):
    return emulator.cameras[cam]["address"]


def udp_count(emulator, cam, service):
    return emulator.control.counters(cam)["udp"].get(service, 0)


def identity(emulator, cam):
    return emulator.control.state(cam)["identity"]


def send_and_collect(payload, target, expect=1):
    """The datagrams that come back: stops at `expect` of them, or after TIMEOUT_S of
    quiet (so asking for one more than expected proves there is no extra one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(TIMEOUT_S)
        sock.sendto(payload, target)
        out = []
        while len(out) < expect:
            try:
                out.append(sock.recvfrom(65535)[0])
            except socket.timeout:
                break
        return out


# -- SNMP (Net-SNMP command-line tools) ----------------------------------------------------

@pytest.fixture(scope="module")
def net_snmp(tmp_path_factory):
    """Run a Net-SNMP tool with no MIBs, no user config, one try of TIMEOUT_S."""
    if not shutil.which("snmpget"):
        pytest.skip("Net-SNMP command-line tools are not installed")
    home = tmp_path_factory.mktemp("net-snmp")
    env = dict(os.environ, MIBS="", SNMPCONFPATH=str(home), SNMP_PERSISTENT_DIR=str(home))

    def run(tool, *args):
        cmd = [tool, "-t", str(TIMEOUT_S), "-r", "0", "-On"] + list(args)
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=20)
    return run


def value_of(result):
    """The value printed by `-Oqv`, quotes of strings removed."""
    return result.stdout.strip().strip('"')


def snmp_get_answered(addr):
    """A v2c GET of sysDescr, sent with pysnmp's message API (no Net-SNMP needed here)."""
    mod = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
    pdu = mod.GetRequestPDU()
    mod.apiPDU.set_defaults(pdu)
    mod.apiPDU.set_varbinds(pdu, [(mod.ObjectIdentifier(SYS_DESCR), mod.null)])
    msg = mod.Message()
    mod.apiMessage.set_defaults(msg)
    mod.apiMessage.set_community(msg, "public")
    mod.apiMessage.set_pdu(msg, pdu)
    replies = send_and_collect(encoder.encode(msg), (addr, 161))
    if not replies:
        return False
    reply, _ = decoder.decode(replies[0], asn1Spec=mod.Message())
    return mod.apiPDU.get_request_id(mod.apiMessage.get_pdu(reply)) == \
        mod.apiPDU.get_request_id(pdu)


@pytest.mark.parametrize("cam", CAMERAS)
def test_snmpget_v2c_reads_sysdescr(fresh_fleet, net_snmp, cam):
    ident = identity(fresh_fleet, cam)
    got = net_snmp("snmpget", "-v2c", "-c", "public", "-Oqv", address(fresh_fleet, cam),
                   SYS_DESCR)
    assert got.returncode == 0, got.stderr
    for part in (ident["manufacturer"], ident["model"], ident["firmware"]):
        assert part in value_of(got)
    assert udp_count(fresh_fleet, cam, "snmp") == 1


@pytest.mark.parametrize("cam", CAMERAS)
def test_snmp_off_is_silent_but_counted(fresh_fleet, net_snmp, cam):
    fresh_fleet.control.drift(cam, {"discovery.snmp.enabled": False})
    got = net_snmp("snmpget", "-v2c", "-c", "public", address(fresh_fleet, cam), SYS_DESCR)
    assert got.returncode != 0
    assert "Timeout" in got.stderr + got.stdout
    assert udp_count(fresh_fleet, cam, "snmp") == 1


@pytest.mark.parametrize("cam", CAMERAS)
def test_snmpget_v1(fresh_fleet, net_snmp, cam):
    got = net_snmp("snmpget", "-v1", "-c", "public", "-Oqv", address(fresh_fleet, cam),
                   SYS_DESCR)
    assert got.returncode == 0, got.stderr
    assert identity(fresh_fleet, cam)["model"] in value_of(got)


def test_each_version_switches_on_its_own(fresh_fleet, net_snmp):
    addr = address(fresh_fleet, camera_of("axis"))
    fresh_fleet.control.drift(camera_of("axis"), {"discovery.snmp.v2c": False})
    assert "Timeout" in net_snmp("snmpget", "-v2c", "-c", "public", addr, SYS_DESCR).stderr
    assert net_snmp("snmpget", "-v1", "-c", "public", addr, SYS_DESCR).returncode == 0
    fresh_fleet.control.drift(camera_of("axis"), {"discovery.snmp.v2c": True,
                                           "discovery.snmp.v1": False})
    assert "Timeout" in net_snmp("snmpget", "-v1", "-c", "public", addr, SYS_DESCR).stderr
    assert net_snmp("snmpget", "-v2c", "-c", "public", addr, SYS_DESCR).returncode == 0


def test_wrong_community_is_silent(fresh_fleet, net_snmp):
    got = net_snmp("snmpget", "-v2c", "-c", "not-the-community",
                   address(fresh_fleet, camera_of("hikvision")), SYS_DESCR)
    assert got.returncode != 0 and "Timeout" in got.stderr
    assert udp_count(fresh_fleet, camera_of("hikvision"), "snmp") == 1


def test_community_follows_the_state(fresh_fleet, net_snmp):
    addr = address(fresh_fleet, camera_of("onvif"))
    fresh_fleet.control.drift(camera_of("onvif"), {"discovery.snmp.read_community": "s3cret"})
    assert "Timeout" in net_snmp("snmpget", "-v2c", "-c", "public", addr, SYS_DESCR).stderr
    assert net_snmp("snmpget", "-v2c", "-c", "s3cret", addr, SYS_DESCR).returncode == 0


@pytest.mark.parametrize("tool,version", [("snmpwalk", "-v1"), ("snmpwalk", "-v2c"),
                                          ("snmpbulkwalk", "-v2c")])
@pytest.mark.parametrize("cam", CAMERAS)
def test_walk_of_the_system_group(fresh_fleet, net_snmp, cam, tool, version):
    got = net_snmp(tool, version, "-c", "public", "-Oq", address(fresh_fleet, cam), SYSTEM)
    assert got.returncode == 0, got.stderr
    rows = dict(line.split(" ", 1) for line in got.stdout.strip().splitlines())
    assert sorted(rows) == [".1.3.6.1.2.1.1.%d.0" % i for i in range(1, 8)]
    assert rows[".1.3.6.1.2.1.1.2.0"].startswith(".1.3.6.1.4.1.")
    assert rows[".1.3.6.1.2.1.1.5.0"].strip('"') == cam
    assert rows[".1.3.6.1.2.1.1.7.0"] == "72"


def test_unknown_object_v2c_and_v1(fresh_fleet, net_snmp):
    addr = address(fresh_fleet, camera_of("axis"))
    v2c = net_snmp("snmpget", "-v2c", "-c", "public", addr, "1.3.6.1.2.1.2.1.0")
    assert "No Such Object" in v2c.stdout
    v1 = net_snmp("snmpget", "-v1", "-c", "public", addr, "1.3.6.1.2.1.2.1.0")
    assert "noSuchName" in v1.stderr + v1.stdout


def enable_v3(emulator, cam, users=(V3_USER,)):
    emulator.control.drift(cam, {"discovery.snmp.v3": True,
                                 "discovery.snmp.v3_users": list(users)})


@pytest.mark.parametrize("cam", CAMERAS)
def test_snmpv3_authpriv_sha_aes(fresh_fleet, net_snmp, cam):
    enable_v3(fresh_fleet, cam)
    got = net_snmp("snmpget", *V3_AUTHPRIV, "-Oqv", address(fresh_fleet, cam), SYS_DESCR)
    assert got.returncode == 0, got.stderr
    assert identity(fresh_fleet, cam)["model"] in value_of(got)


def test_snmpv3_other_levels_and_protocols(fresh_fleet, net_snmp):
    enable_v3(fresh_fleet, camera_of("hikvision"), [
        {"name": "md5des", "auth_protocol": "MD5", "auth_password": "auth-pass-2",
         "priv_protocol": "DES", "priv_password": "priv-pass-2"},
        {"name": "signer", "auth_protocol": "SHA", "auth_password": "auth-pass-3",
         "priv_protocol": "none", "priv_password": ""},
        {"name": "anyone", "auth_protocol": "none", "auth_password": "",
         "priv_protocol": "none", "priv_password": ""},
    ])
    addr = address(fresh_fleet, camera_of("hikvision"))
    for level in (["-l", "authPriv", "-u", "md5des", "-a", "MD5", "-A", "auth-pass-2",
                   "-x", "DES", "-X", "priv-pass-2"],
                  ["-l", "authNoPriv", "-u", "signer", "-a", "SHA", "-A", "auth-pass-3"],
                  ["-l", "noAuthNoPriv", "-u", "anyone"]):
        got = net_snmp("snmpwalk", "-v3", *level, "-Oq", addr, SYSTEM)
        assert got.returncode == 0, (level, got.stderr)
        assert len(got.stdout.strip().splitlines()) == 7


def test_snmpv3_refusals_are_reported(fresh_fleet, net_snmp):
    enable_v3(fresh_fleet, camera_of("axis"))
    addr = address(fresh_fleet, camera_of("axis"))
    wrong_auth = list(V3_AUTHPRIV)
    wrong_auth[wrong_auth.index("auth-pass-1")] = "not-the-password"
    assert "Authentication failure" in net_snmp("snmpget", *wrong_auth, addr, SYS_DESCR).stderr
    wrong_priv = list(V3_AUTHPRIV)
    wrong_priv[wrong_priv.index("priv-pass-1")] = "not-the-password"
    assert "Decryption error" in net_snmp("snmpget", *wrong_priv, addr, SYS_DESCR).stderr
    stranger = list(V3_AUTHPRIV)
    stranger[stranger.index("auditor")] = "stranger"
    assert "Unknown user name" in net_snmp("snmpget", *stranger, addr, SYS_DESCR).stderr
    # USM lets it through; access control wants the user's own level (authPriv).
    weak = net_snmp("snmpget", "-v3", "-l", "noAuthNoPriv", "-u", "auditor", addr, SYS_DESCR)
    assert "authorizationError" in weak.stderr + weak.stdout


def test_snmpv3_off_is_silent(fresh_fleet, net_snmp):
    enable_v3(fresh_fleet, camera_of("onvif"))
    fresh_fleet.control.drift(camera_of("onvif"), {"discovery.snmp.v3": False})
    got = net_snmp("snmpget", *V3_AUTHPRIV, address(fresh_fleet, camera_of("onvif")), SYS_DESCR)
    assert got.returncode != 0 and "Timeout" in got.stderr


def test_snmpv3_time_window_report(fresh_fleet, net_snmp):
    """Given the engine ID, Net-SNMP skips discovery but still sends boots=0, time=0
    first, trusting the authenticated notInTimeWindow report to set its clock: two
    datagrams, and the second one succeeds."""
    cam = camera_of("axis")
    addr = address(fresh_fleet, cam)
    enable_v3(fresh_fleet, cam)
    engine = net_snmp("snmpget", "-v2c", "-c", "public", "-Oqv", "-Ox", addr, SNMP_ENGINE_ID)
    engine_hex = value_of(engine).replace(" ", "")
    assert engine_hex.startswith("80")  # RFC 3411 format bit
    fresh_fleet.control.reset_counters(cam)
    got = net_snmp("snmpget", *V3_AUTHPRIV, "-e", "0x" + engine_hex, addr, SYS_DESCR)
    assert got.returncode == 0, got.stderr
    assert udp_count(fresh_fleet, cam, "snmp") == 2


# -- Bonjour (dnspython and python-zeroconf, unicast to <address>:5353) --------------------

def mdns_query(addr, name, rdtype):
    query = dns.message.make_query(name, rdtype)
    return query, dns.query.udp(query, addr, port=5353, timeout=TIMEOUT_S)


@pytest.mark.parametrize("cam", CAMERAS)
def test_mdns_enumerates_services(fresh_fleet, cam):
    query, reply = mdns_query(address(fresh_fleet, cam), ENUMERATE_SERVICES, "PTR")
    assert reply.id == query.id and reply.question == query.question  # legacy unicast
    types = {rd.target.to_text() for rrset in reply.answer for rd in rrset}
    assert types == SERVICE_TYPES[cam]
    assert all(rrset.ttl <= 10 for rrset in reply.answer)
    assert udp_count(fresh_fleet, cam, "mdns") == 1


@pytest.mark.parametrize("cam", CAMERAS)
def test_mdns_instance_resolves_with_zeroconf(fresh_fleet, cam):
    addr = address(fresh_fleet, cam)
    ident = identity(fresh_fleet, cam)
    _, reply = mdns_query(addr, "_http._tcp.local.", "PTR")
    instance = reply.answer[0][0].target
    assert instance.labels[0].decode().startswith("%s %s - " % (ident["manufacturer"],
                                                                ident["model"]))
    extra = {(r.name, r.rdtype) for r in reply.additional}
    assert {(instance, dns.rdatatype.SRV), (instance, dns.rdatatype.TXT)} <= extra
    assert all(r.ttl <= 10 for r in reply.answer + reply.additional)
    zc = Zeroconf(interfaces=["127.0.0.1"], unicast=True, ip_version=IPVersion.V4Only)
    try:
        name = ".".join(label.decode() for label in instance.labels)
        info = ServiceInfo("_http._tcp.local.", name)
        assert info.request(zc, TIMEOUT_S * 1000, addr=addr, port=5353)
    finally:
        zc.close()
    assert info.server == "%s.local." % cam
    assert info.parsed_addresses() == [addr]
    assert info.port == 80


def test_mdns_host_address(fresh_fleet):
    addr = address(fresh_fleet, camera_of("hikvision"))
    _, reply = mdns_query(addr, camera_of("hikvision") + ".local.", "A")
    assert [rd.address for rrset in reply.answer for rd in rrset] == [addr]


@pytest.mark.parametrize("cam", CAMERAS)
def test_mdns_off_is_silent(fresh_fleet, cam):
    fresh_fleet.control.drift(cam, {"discovery.bonjour": False})
    with pytest.raises(dns.exception.Timeout):
        mdns_query(address(fresh_fleet, cam), ENUMERATE_SERVICES, "PTR")
    assert udp_count(fresh_fleet, cam, "mdns") == 1


def test_mdns_unknown_name_is_silent(fresh_fleet):
    with pytest.raises(dns.exception.Timeout):
        mdns_query(address(fresh_fleet, camera_of("axis")),
                   camera_of("hikvision") + ".local.", "A")


# -- UPnP (SSDP M-SEARCH on a plain socket) ------------------------------------------------

def m_search(addr, st, man='"ssdp:discover"', expect=1):
    request = ("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: %s\r\nMX: 1\r\n"
               "ST: %s\r\n\r\n" % (man, st)).encode()
    return [parse_ssdp(d) for d in send_and_collect(request, (addr, 1900), expect)]


def parse_ssdp(data):
    status, *lines = data.decode().split("\r\n")
    headers = {}
    for line in lines:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().upper()] = value.strip()
    return status, headers


@pytest.mark.parametrize("st", ["ssdp:all", "upnp:rootdevice",
                                "urn:schemas-upnp-org:device:Basic:1"])
@pytest.mark.parametrize("cam", CAMERAS)
def test_ssdp_m_search_answered(fresh_fleet, cam, st):
    addr = address(fresh_fleet, cam)
    replies = m_search(addr, st, expect=3 if st == "ssdp:all" else 1)
    assert len(replies) == (3 if st == "ssdp:all" else 1)
    for status, headers in replies:
        assert status == "HTTP/1.1 200 OK"
        assert {"CACHE-CONTROL", "EXT", "LOCATION", "SERVER", "ST", "USN"} <= set(headers)
        assert headers["LOCATION"] == "http://%s/upnp/rootdesc.xml" % addr
        assert headers["USN"].startswith("uuid:")
        assert "max-age=" in headers["CACHE-CONTROL"]
        if st != "ssdp:all":
            assert headers["ST"] == st


def test_ssdp_uuid_is_stable_and_searchable(fresh_fleet):
    addr = address(fresh_fleet, camera_of("hikvision"))
    _, root = m_search(addr, "upnp:rootdevice")[0]
    udn = root["USN"].split("::")[0]
    assert m_search(addr, "upnp:rootdevice")[0][1]["USN"] == root["USN"]
    replies = m_search(addr, udn, expect=2)  # waits out the quiet: exactly one
    assert [h["USN"] for _, h in replies] == [udn]
    other = m_search(address(fresh_fleet, camera_of("onvif")), "upnp:rootdevice")[0][1]["USN"]
    assert other != root["USN"]


@pytest.mark.parametrize("cam", CAMERAS)
def test_ssdp_off_is_silent(fresh_fleet, cam):
    fresh_fleet.control.drift(cam, {"discovery.upnp": False})
    assert m_search(address(fresh_fleet, cam), "ssdp:all") == []
    assert udp_count(fresh_fleet, cam, "ssdp") == 1


def test_ssdp_ignores_bad_searches(fresh_fleet):
    addr = address(fresh_fleet, camera_of("axis"))
    assert m_search(addr, "ssdp:all", man="ssdp:alive") == []
    assert m_search(addr, "urn:schemas-upnp-org:device:Printer:1") == []


# -- WS-Discovery (Probe built and ProbeMatches parsed by the wsdiscovery package) --------
# The package's ThreadedWSDiscovery cannot be used for a directed probe here: it binds
# 0.0.0.0:3702 (taken by the cameras) and never reads the socket its unicast probes
# leave from. Its message builder and parser are used over a plain socket instead.

def probe(addr, types=None, scopes=None):
    env = constructProbe(types, scopes)
    data = createSOAPMessage(env).encode()
    replies = [parseSOAPMessage(d, addr) for d in send_and_collect(data, (addr, 3702))]
    return env, replies


@pytest.mark.parametrize("types", [None, [NVT]], ids=["any-type", "nvt"])
@pytest.mark.parametrize("cam", CAMERAS)
def test_ws_discovery_probe_matches(fresh_fleet, cam, types):
    addr = address(fresh_fleet, cam)
    ident = identity(fresh_fleet, cam)
    env, replies = probe(addr, types)
    assert len(replies) == 1
    reply = replies[0]
    assert reply.getAction() == "http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches"
    assert reply.getRelatesTo() == env.getMessageId()
    assert reply.getMessageId() != env.getMessageId()
    (match,) = reply.getProbeResolveMatches()
    assert match.getXAddrs() == ["http://%s/onvif/device_service" % addr]
    assert match.getEPR().startswith("urn:uuid:")
    types = {(t.getNamespace(), t.getLocalname()) for t in match.getTypes()}  # no QName ==
    assert (NVT.getNamespace(), NVT.getLocalname()) in types
    scopes = {str(s) for s in match.getScopes()}
    assert "onvif://www.onvif.org/type/video_encoder" in scopes
    assert "onvif://www.onvif.org/hardware/%s" % ident["model"] in scopes
    assert "onvif://www.onvif.org/name/%s" % ident["manufacturer"] in scopes
    assert udp_count(fresh_fleet, cam, "wsd") == 1


def test_ws_discovery_scope_filter(fresh_fleet):
    addr = address(fresh_fleet, camera_of("hikvision"))
    _, hit = probe(addr, [NVT], [Scope("onvif://www.onvif.org/name/HIKVISION")])
    assert len(hit) == 1
    _, miss = probe(addr, [NVT], [Scope("onvif://www.onvif.org/name/AXIS")])
    assert miss == []


def test_ws_discovery_other_types_are_silent(fresh_fleet):
    _, replies = probe(address(fresh_fleet, camera_of("onvif")), [QName("urn:example", "Printer")])
    assert replies == []


@pytest.mark.parametrize("cam", CAMERAS)
def test_ws_discovery_off_is_silent(fresh_fleet, cam):
    fresh_fleet.control.drift(cam, {"discovery.ws_discovery": False})
    _, replies = probe(address(fresh_fleet, cam), [NVT])
    assert replies == []
    assert udp_count(fresh_fleet, cam, "wsd") == 1


# -- every responder survives garbage --------------------------------------------------------

BOMB = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>')


@pytest.mark.parametrize("port,service", [(161, "snmp"), (5353, "mdns"), (1900, "ssdp"),
                                          (3702, "wsd")])
def test_garbage_is_dropped_and_service_goes_on(fresh_fleet, port, service):
    addr = address(fresh_fleet, camera_of("axis"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for junk in (b"", b"\x30\x82\xff\xff\x02", b"\xff" * 300, BOMB):
            sock.sendto(junk, (addr, port))
    # The next well-formed request is answered (and the junk was counted).
    if service == "snmp":
        assert snmp_get_answered(addr)
    elif service == "mdns":
        assert mdns_query(addr, ENUMERATE_SERVICES, "PTR")[1].answer
    elif service == "ssdp":
        assert m_search(addr, "upnp:rootdevice")
    else:
        assert probe(addr, [NVT])[1]
    assert udp_count(fresh_fleet, camera_of("axis"), service) == 5
