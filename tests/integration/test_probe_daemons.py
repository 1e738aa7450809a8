"""The probe pass's definite answers against real third-party daemons (issue 14): Net-SNMP's
snmpd and minidlna, started by the tests of test_probe_responders.py's fixtures (their
own instances here). A daemon that answers everything ends its probe without waiting
for the (long) timeout; a stopped snmpd is a closed port, known from the kernel's ICMP
port-unreachable, not from waiting; what is really silent still waits and stays "no
answer". Asserted on `ended_by`, not on durations.
"""

from tests.integration.test_probe_responders import (  # noqa: F401 - fixtures used by name
    V3, first_answer, netns, snmp_pass, snmpd, start_minidlna, stop, udp_pass)

# An answer that is definite ends the probe long before this; waiting for it would show
# in how long the suite takes, not in an assertion.
LONG = 20.0


def test_snmpd_v3_with_credentials_answers_everything_and_ends_the_probe(snmpd):
    snmp = snmp_pass(snmpd["address"], snmp_default_communities=[], snmp_v3=V3,
                     timeout=LONG)["snmp"]
    assert snmp["versions"] == ["v3"] and snmp["v3"]["authenticated"]["accepted"] is True
    assert snmp["ended_by"] == "replies" and snmp["elapsed_until_answer"] is not None


def test_snmpd_silent_about_an_unknown_community_waits_for_it(snmpd):
    """snmpd knows "public", not "private": a wrong community gets no reply at all, which
    is waited for to the deadline, and "private" stays unanswered."""
    snmp = snmp_pass(snmpd["address"], timeout=0.8)["snmp"]
    assert snmp["communities"] == ["public"] and snmp["answered"] is True
    assert snmp["ended_by"] == "deadline"


def test_snmpd_stopped_is_a_closed_port_known_at_once(snmpd):
    """Last of the SNMP tests here: the agent is stopped, its port closed; the kernel
    answers ICMP port-unreachable, and the probe says so without waiting 20 s."""
    stop(snmpd["proc"])
    found = snmp_pass(snmpd["address"], snmp_v3=V3, timeout=LONG)
    snmp = found["snmp"]
    assert snmp["answered"] is False and found["answering"] == []  # closed: not running
    assert snmp["ended_by"] == "refusal", snmp
    assert found["waited_for_silence"] == []
    assert snmp["v3"] == {"answered": False,
                          "authenticated": {"user": "auditor", "answered": False}}


def test_minidlna_multicast_answer_ends_the_ssdp_probe(netns, tmp_path):
    daemon = start_minidlna(netns, tmp_path)
    try:
        assert first_answer(netns, "ssdp", ssdp_multicast=True), "minidlna never answered"
        # one reply, to the multicast search, is the answer: the unicast search (which
        # minidlna does not hear) is not waited for
        ssdp = udp_pass(netns, "ssdp", ssdp_multicast=True, timeout=LONG)["ssdp"]
        assert ssdp["answered_to"] == "multicast" and "MiniDLNA" in ssdp["server"]
        assert ssdp["ended_by"] == "replies"
    finally:
        daemon.terminate()
        netns.stop(daemon)
    # stopped: the group is silent (no ICMP for a multicast), waited for, no answer
    gone = udp_pass(netns, "ssdp", ssdp_multicast=True, timeout=1.0)["ssdp"]
    assert gone["answered"] is False and gone["ended_by"] == "deadline"
