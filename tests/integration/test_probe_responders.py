"""The probes against real third-party responders that run here, each started by the
test and stopped after, on and off:

- SNMP: Net-SNMP's snmpd (Debian), with a minimal config, on a loopback address of its
  own and UDP 16161 (the `snmp_port` option), v1/v2c communities and a v3 user;
- mDNS: python-zeroconf registering `_axis-video._tcp.local.`, in a network namespace
  (zeroconf needs a multicast-capable interface; loopback is not one);
- SSDP: minidlna (Debian), a UPnP media server, in the namespace. It listens on the
  SSDP multicast group only, so it never hears a unicast M-SEARCH: the probe finds it
  with `ssdp_multicast`, sent out of the interface that reaches the target;
- WS-Discovery: the wsdiscovery package's ThreadedWSPublishing publishing a
  NetworkVideoTransmitter; it binds 0.0.0.0:3702, hence the namespace.

The namespace is joined to the root namespace by a veth pair (tests/netns.py); the
probes run here, in the root namespace, as from a controller. These tests need root and
`ip netns` and fail, not skip, without them.
"""

import os
import random
import shutil
import subprocess
import sys
import time

import pytest

from tests.integration.ansible_run import ROOT
from tests.netns import NetNamespace

COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.camsec.ipcam.plugins.module_utils import probes  # noqa: E402
from tests.polling import wait_until as _wait_until  # noqa: E402

SNMPD = "/usr/sbin/snmpd"
MINIDLNAD = "/usr/sbin/minidlnad"
SNMP_PORT = 16161
SITE_COMMUNITY = "Site-Community-77"
V3 = {"username": "auditor", "auth_protocol": "sha", "auth_password": "auth-pass-1",
      "priv_protocol": "aes", "priv_password": "priv-pass-1"}
SNMPD_CONF = """\
rocommunity public 127.0.0.0/8
rocommunity {community} 127.0.0.0/8
sysDescr Net-SNMP agent standing in for a camera
createUser auditor SHA "auth-pass-1" AES "priv-pass-1"
rouser auditor priv
"""
MINIDLNA_CONF = """\
media_dir={home}/media
db_dir={home}/db
log_dir={home}
network_interface={interface}
port={port}
friendly_name=ipcam-probe-test
inotify=no
notify_interval=900
"""


def wait_until(check, timeout=15.0, step=0.3):
    """Slower defaults: a real daemon (minidlna, avahi) takes seconds to start."""
    return _wait_until(check, timeout, step)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# -- SNMP: Net-SNMP's snmpd on a loopback address ----------------------------------------

@pytest.fixture(scope="module")
def snmpd(tmp_path_factory):
    assert os.path.exists(SNMPD), "Net-SNMP's snmpd is needed (bindep.txt: snmpd)"
    home = tmp_path_factory.mktemp("snmpd")
    conf = home / "snmpd.conf"
    conf.write_text(SNMPD_CONF.format(community=SITE_COMMUNITY))
    address = "127.%d.%d.%d" % (random.randint(20, 250), random.randint(0, 250), 9)
    log = open(home / "snmpd.log", "w")
    # -f foreground, -Lo log to stdout, -C only the config given with -c.
    proc = subprocess.Popen([SNMPD, "-f", "-Lo", "-C", "-c", str(conf), "-p", str(home / "pid"),
                             "udp:%s:%d" % (address, SNMP_PORT)],
                            stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, MIBS="", SNMP_PERSISTENT_DIR=str(home / "persist")))
    try:
        config = probes.settings(services=["snmp"], ports={"snmp": SNMP_PORT}, timeout=1.0)
        assert wait_until(lambda: proc.poll() is None and
                          probes.run(address, config)["snmp"]["answered"]), \
            "snmpd did not answer: %s" % (home / "snmpd.log").read_text()
        yield {"address": address, "proc": proc}
    finally:
        stop(proc)
        log.close()


def snmp_pass(address, **options):
    return probes.run(address, probes.settings(services=["snmp"], ports={"snmp": SNMP_PORT},
                                               **options))


def test_snmpd_answers_v1_and_v2c_with_public(snmpd):
    snmp = snmp_pass(snmpd["address"])["snmp"]
    assert snmp["answered"] and snmp["versions"] == ["v1", "v2c", "v3"]
    assert snmp["communities"] == ["public"]  # "private" is not configured: silence
    assert snmp["tried_communities"] == ["public", "private"]
    assert {e["sys_descr"] for e in snmp["evidence"]} == {"Net-SNMP agent standing in for a camera"}
    assert snmp["evidence"][0]["first_bytes"].startswith("30")  # a BER sequence


def test_snmpd_answers_the_configured_community_without_showing_it(snmpd):
    found = snmp_pass(snmpd["address"], snmp_community=SITE_COMMUNITY,
                      snmp_default_communities=[])
    assert found["snmp"]["communities"] == [probes.CONFIGURED]
    assert SITE_COMMUNITY not in repr(found)


def test_snmpd_v3_discovery_and_authenticated_get(snmpd):
    snmp = snmp_pass(snmpd["address"], snmp_default_communities=[], snmp_v3=V3)["snmp"]
    assert snmp["versions"] == ["v3"]
    assert snmp["v3"]["answered"] and snmp["v3"]["engine_id"].startswith("80001f88")  # Net-SNMP
    checked = snmp["v3"]["authenticated"]
    assert checked["accepted"] is True and checked["sys_descr"].startswith("Net-SNMP agent")
    refused = snmp_pass(snmpd["address"], snmp_default_communities=[],
                        snmp_v3=dict(V3, auth_password="wrong-password-9"))
    assert refused["snmp"]["v3"]["authenticated"]["error"] == "wrong digest (authentication password)"
    assert "wrong-password-9" not in repr(refused) and "auth-pass-1" not in repr(snmp)


def test_snmpd_stopped_is_silent(snmpd, tmp_path):
    """Last of the SNMP tests: the agent is stopped, and every version goes quiet."""
    stop(snmpd["proc"])
    found = snmp_pass(snmpd["address"], snmp_v3=V3, timeout=1.0)
    assert found["snmp"]["answered"] is False and found["answering"] == []
    assert found["snmp"]["v3"] == {"answered": False,
                                   "authenticated": {"user": "auditor", "answered": False}}


# -- mDNS, SSDP, WS-Discovery: in a network namespace ------------------------------------

@pytest.fixture(scope="module")
def netns():
    with NetNamespace() as ns:
        yield ns


def udp_pass(ns, service, **options):
    return probes.run(ns.inside, probes.settings(services=[service], **options))


def first_answer(ns, service, **options):
    """The first pass in which the responder (still starting up) answers."""
    def attempt():
        found = udp_pass(ns, service, **options)
        return found if found[service]["answered"] else None
    return wait_until(attempt)


def test_zeroconf_service_on_and_off(netns):
    responder = netns.python("tests.responders.zeroconf_service", netns.inside)
    try:
        found = first_answer(netns, "mdns")
        assert found, "zeroconf never answered"
        mdns = found["mdns"]
        assert "_axis-video._tcp.local." in mdns["service_types"]
        assert "AXIS M3106-L Mk II - ACCC8E000001._axis-video._tcp.local." in mdns["instances"]
        assert any(e["query"] == "_services._dns-sd._udp.local." for e in mdns["evidence"])
    finally:
        netns.stop(responder)
    assert udp_pass(netns, "mdns")["mdns"]["answered"] is False


def start_minidlna(netns, tmp_path):
    """minidlnad in the namespace, configured in tmp_path; the caller stops it."""
    assert os.path.exists(MINIDLNAD), "minidlna is needed (bindep.txt: minidlna)"
    for sub in ("media", "db"):
        (tmp_path / sub).mkdir()
    conf = tmp_path / "minidlna.conf"
    conf.write_text(MINIDLNA_CONF.format(home=tmp_path, interface=netns.inside_if,
                                         port=random.randint(20000, 29999)))
    # -S: stay in the foreground (as under systemd); -P: its pid file.
    return netns.start([MINIDLNAD, "-f", str(conf), "-S", "-P", str(tmp_path / "pid")],
                       ready=None)


def test_minidlna_answers_a_multicast_search(netns, tmp_path):
    daemon = start_minidlna(netns, tmp_path)
    try:
        found = first_answer(netns, "ssdp", ssdp_multicast=True)
        assert found, (tmp_path / "minidlna.log").read_text() if (tmp_path / "minidlna.log").exists() else ""
        ssdp = found["ssdp"]
        assert ssdp["answered_to"] == "multicast" and ssdp["modes"] == ["unicast", "multicast"]
        assert ssdp["first_bytes"].startswith("HTTP/1.1 200 OK")
        assert "MiniDLNA" in ssdp["server"] and ssdp["usn"].startswith("uuid:")
        assert ssdp["location"].startswith("http://%s:" % netns.inside)
    finally:
        daemon.terminate()
        netns.stop(daemon)
    assert udp_pass(netns, "ssdp", ssdp_multicast=True)["ssdp"]["answered"] is False


def test_wsdiscovery_publisher_on_and_off(netns):
    publisher = netns.python("tests.responders.wsd_publisher", netns.inside)
    try:
        found = first_answer(netns, "wsd")
        assert found, "the WS-Discovery publisher never answered"
        wsd = found["wsd"]
        assert wsd["xaddrs"] == ["http://%s/onvif/device_service" % netns.inside]
        assert "onvif://www.onvif.org/name/ThirdParty" in wsd["scopes"]
        # it answers from another port than 3702: the probe filters by address only
        assert wsd["first_bytes"].startswith("<?xml")
    finally:
        netns.stop(publisher)
    assert udp_pass(netns, "wsd")["wsd"]["answered"] is False


def test_all_responders_at_once_in_one_bounded_pass(netns, tmp_path):
    """zeroconf and the WS-Discovery publisher together: one pass hears both, within
    the bound, and reports silence for the rest."""
    responders = [netns.python("tests.responders.zeroconf_service", netns.inside),
                  netns.python("tests.responders.wsd_publisher", netns.inside)]
    try:
        assert first_answer(netns, "wsd") and first_answer(netns, "mdns")
        started = time.monotonic()
        found = probes.run(netns.inside, probes.settings())
        took = time.monotonic() - started
    finally:
        for proc in responders:
            netns.stop(proc)
    assert found["answering"] == ["mdns", "wsd"]
    assert found["tcp"]["open"] == []
    assert took <= probes.DEFAULT_TIMEOUT_S + probes.PASS_MARGIN_S + 0.8, took  # generous margin


def test_namespace_tools_are_here():
    """The tests above need these; say so plainly instead of skipping."""
    assert os.geteuid() == 0, "run as root (CI does)"
    assert shutil.which("ip"), "iproute2 is needed"
