"""The `time` and `logging` areas: host normalisation, planners (merged / overridden,
limits, bad input), the 5.2.7 evaluators, and the ONVIF driver's SetNTP and
SetSystemDateAndTime requests checked against the ONVIF schema."""

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import remote_logging, time_sync
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import time_and_log_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.driver import OnvifDriver
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError
from ansible_collections.camsec.ipcam.plugins.module_utils.hostnames import normalise_host
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport
from tests.onvif_schema import validate_soap
from tests.conftest import camera_of


def time_state(**kw):
    state = {"ntp": False, "ntp_servers": [], "from_dhcp": True, "offset_s": 0.2,
             "max_servers": None, "unsupported": {}}
    state.update(kw)
    return state


def log_state(**kw):
    state = {"enabled": False, "servers": [], "max_servers": 2,
             "protocols": ["udp", "tcp", "tls"], "unsupported": {}}
    state.update(kw)
    return state


def by_key(changes):
    return dict((c["key"], (c["before"], c["after"])) for c in changes)


# -- host names -------------------------------------------------------------------------------

@pytest.mark.parametrize("given,expected", [
    ("NTP.Example.NET.", "ntp.example.net"),
    ("  192.0.2.1 ", "192.0.2.1"),
    ("2001:DB8:0:0::1", "2001:db8::1"),
    ("[2001:db8::1]", "2001:db8::1"),
    ("time-1.example", "time-1.example"),
])
def test_hosts_are_normalised(given, expected):
    assert normalise_host(given, "x") == expected


@pytest.mark.parametrize("given,message", [
    ("", "host is empty"),
    ("   ", "host is empty"),
    (None, "must be a host name"),
    (True, "must be a host name"),
    ("bad host", "neither an IP address nor a valid host name"),
    ("-lead.example", "neither an IP address"),
    ("300.1.1.1", "not a valid IP address"),
    ("a" * 64 + ".example", "neither an IP address"),
])
def test_bad_hosts_are_refused_with_the_place(given, message):
    with pytest.raises(InputError) as err:
        normalise_host(given, "servers item 2")
    assert "servers item 2" in str(err.value) and message in str(err.value)


# -- time planner ---------------------------------------------------------------------------

def test_time_factory_camera_gets_servers_static_and_ntp_on():
    changes = time_sync.plan(time_state(), {"ntp": True, "ntp_servers": ["NTP1.example"]})
    assert [c["key"] for c in changes] == ["ntp_servers", "from_dhcp", "ntp"]
    assert by_key(changes) == {"ntp_servers": ([], ["ntp1.example"]),
                               "from_dhcp": (True, False), "ntp": (False, True)}
    before, after = time_sync.diff(time_state(), changes)
    assert before == {"ntp_servers": [], "from_dhcp": True, "ntp": False}
    assert "offset_s" not in after  # the offset is reported, never planned


def test_time_merged_keeps_the_camera_servers_and_is_idempotent():
    current = time_state(ntp=True, from_dhcp=False, ntp_servers=["10.9.9.9"])
    changes = time_sync.plan(current, {"ntp": True, "ntp_servers": ["ntp1.example"],
                                       "state": "merged"})
    assert by_key(changes) == {"ntp_servers": (["10.9.9.9"], ["10.9.9.9", "ntp1.example"])}
    done = time_state(ntp=True, from_dhcp=False, ntp_servers=["10.9.9.9", "NTP1.example."])
    assert time_sync.plan(done, {"ntp": True, "ntp_servers": ["ntp1.example"]}) == []


def test_time_overridden_removes_the_others_and_ignores_order():
    current = time_state(ntp=True, from_dhcp=False, ntp_servers=["10.9.9.9", "ntp1.example"])
    changes = time_sync.plan(current, {"ntp_servers": ["ntp1.example"], "state": "overridden"})
    assert by_key(changes) == {"ntp_servers": (["10.9.9.9", "ntp1.example"], ["ntp1.example"])}
    assert time_sync.plan(current, {"ntp_servers": ["ntp1.example", "10.9.9.9"],
                                    "state": "overridden"}) == []


def test_time_without_servers_leaves_them_and_dhcp_alone():
    assert time_sync.plan(time_state(ntp=True), {"ntp": True}) == []
    assert by_key(time_sync.plan(time_state(), {"ntp": True})) == {"ntp": (False, True)}


def test_time_ntp_off_is_planned_and_needs_no_server():
    current = time_state(ntp=True, from_dhcp=False, ntp_servers=["ntp1.example"])
    assert by_key(time_sync.plan(current, {"ntp": False})) == {"ntp": (True, False)}
    assert by_key(time_sync.plan(current, {"ntp": False, "ntp_servers": [],
                                           "state": "overridden"})) == {
        "ntp_servers": (["ntp1.example"], []), "ntp": (True, False)}


@pytest.mark.parametrize("current,desired,message", [
    (time_state(), {"ntp_servers": ["ok.example", "OK.example"]}, "listed twice"),
    (time_state(), {"ntp_servers": ["bad host"]}, "ntp_servers item 1"),
    (time_state(), {"ntp_servers": [""]}, "host is empty"),
    (time_state(), {"ntp_servers": "ntp1.example"}, "must be a list"),
    (time_state(), {"state": "replaced"}, "state must be one of merged, overridden"),
    (time_state(from_dhcp=False), {"ntp": True}, "NTP on needs a server"),
    (time_state(ntp=True, ntp_servers=["a.example"]), {"ntp": True, "ntp_servers": [],
                                                       "state": "overridden"},
     "NTP on needs a server"),
    (time_state(max_servers=1, ntp_servers=["10.9.9.9"]), {"ntp_servers": ["ntp1.example"]},
     "at most 1 NTP server; the task would leave 2 (10.9.9.9, ntp1.example); state merged "
     "keeps the servers already there (10.9.9.9): use state overridden"),
    (time_state(max_servers=1), {"ntp_servers": ["a.example", "b.example"],
                                 "state": "overridden"}, "at most 1 NTP server"),
])
def test_time_bad_input_is_refused_before_any_write(current, desired, message):
    with pytest.raises(InputError) as err:
        time_sync.plan(current, desired)
    assert message in str(err.value)


def test_time_from_dhcp_unsupported_is_not_planned():
    current = time_state(unsupported={"from_dhcp": "no such setting"})
    assert "from_dhcp" not in by_key(time_sync.plan(current, {"ntp_servers": ["a.example"]}))


@pytest.mark.parametrize("offset,max_offset,expected", [
    (0.4, 5, True), (-5.0, 5, True), (120.2, 5, False), (-6, 5, False), (None, 5, None),
    (3, None, None)])
def test_in_sync(offset, max_offset, expected):
    assert time_sync.in_sync(offset, max_offset) is expected


def test_time_evaluate_5_2_7():
    good = time_state(ntp=True, from_dhcp=False, ntp_servers=["ntp1.example"])
    assert time_and_log_checks.time_in_order(good)[0] == "pass"
    assert time_and_log_checks.time_in_order(time_state())[0] == "fail"
    status, actual, reason = time_and_log_checks.time_in_order(dict(good, offset_s=120.0))
    assert status == "fail" and actual["in_sync"] is False and "120.0 s off" in reason
    status, _, reason = time_and_log_checks.time_in_order(dict(good, from_dhcp=True, ntp_servers=[]))
    assert status == "fail" and "DHCP" in reason
    assert time_and_log_checks.time_in_order(dict(good, from_dhcp=True, ntp_servers=[]),
                              {"allow_dhcp": True})[0] == "pass"
    status, _, reason = time_and_log_checks.time_in_order(good, {"servers": ["ntp2.example"]})
    assert status == "fail" and "ntp2.example missing" in reason
    unmeasured = dict(good, offset_s=None, unsupported={"offset_s": "ONVIF is off"})
    assert time_and_log_checks.time_in_order(unmeasured)[0] == "manual"
    assert time_and_log_checks.time_in_order(unmeasured, {"max_offset": None})[0] == "pass"


# -- logging planner ------------------------------------------------------------------------

SYSLOG = {"host": "Syslog.Example", "port": None, "protocol": "tls"}


def test_logging_factory_camera_gets_a_server_and_is_turned_on():
    changes = remote_logging.plan(log_state(), {"enabled": True, "servers": [SYSLOG]})
    assert by_key(changes) == {
        "servers": ([], [{"host": "syslog.example", "port": 6514, "protocol": "tls"}]),
        "enabled": (False, True)}
    assert [c["key"] for c in changes] == ["servers", "enabled"]


@pytest.mark.parametrize("protocol,port", [("udp", 514), ("tcp", 514), ("tls", 6514)])
def test_logging_default_ports(protocol, port):
    server = remote_logging.normalise_server({"host": "a.example", "protocol": protocol}, "x")
    assert server == {"host": "a.example", "port": port, "protocol": protocol}


def test_logging_merged_keeps_others_updates_named_and_keeps_vendor_fields():
    other = {"host": "10.9.9.9", "port": 514, "protocol": "udp", "severity": "Debug"}
    mine = {"host": "syslog.example", "port": 514, "protocol": "udp", "severity": "Notice"}
    current = log_state(enabled=True, servers=[other, mine])
    changes = remote_logging.plan(current, {"servers": [SYSLOG], "state": "merged"})
    assert by_key(changes)["servers"][1] == [
        {"host": "10.9.9.9", "port": 514, "protocol": "udp"},
        {"host": "syslog.example", "port": 6514, "protocol": "tls"}]
    final = changes[0]["_final"]
    assert [s.get("severity") for s in final] == ["Debug", "Notice"]  # kept, never compared


def test_logging_overridden_removes_others_and_order_is_not_significant():
    a = {"host": "a.example", "port": 514, "protocol": "udp"}
    b = {"host": "b.example", "port": 514, "protocol": "udp"}
    current = log_state(enabled=True, servers=[a, b])
    changes = remote_logging.plan(current, {"servers": [dict(b)], "state": "overridden"})
    assert by_key(changes) == {"servers": ([a, b], [b])}
    assert remote_logging.plan(current, {"servers": [b, a], "state": "overridden"}) == []
    assert remote_logging.plan(current, {"servers": [a], "state": "merged"}) == []


def test_logging_disable_keeps_servers():
    a = {"host": "a.example", "port": 514, "protocol": "udp"}
    changes = remote_logging.plan(log_state(enabled=True, servers=[a]), {"enabled": False})
    assert by_key(changes) == {"enabled": (True, False)}


@pytest.mark.parametrize("current,desired,message", [
    (log_state(), {"servers": [{"host": "a.example"}, {"host": "b.example"},
                               {"host": "c.example"}]},
     "at most 2 syslog servers; the task would leave 3 (a.example, b.example, c.example)"),
    (log_state(max_servers=1, servers=[{"host": "10.9.9.9", "port": 514, "protocol": "udp"}]),
     {"servers": [{"host": "a.example"}]},
     "state merged keeps the servers already there (10.9.9.9): use state overridden"),
    (log_state(), {"servers": [{"host": "a.example", "protocol": "sctp"}]},
     "protocol 'sctp' is not one of udp, tcp, tls"),
    (log_state(), {"servers": [{"host": ""}]}, "servers item 1: host is empty"),
    (log_state(), {"servers": [{"host": "a.example", "port": 0}]}, "port must be a number"),
    (log_state(), {"servers": [{"host": "a.example", "port": "x"}]}, "port must be a number"),
    (log_state(), {"servers": [{"host": "a.example", "port": True}]}, "port must be a number"),
    (log_state(), {"servers": [{"host": "a.example"}, {"host": "A.example."}]}, "listed twice"),
    (log_state(), {"servers": [{"host": "a.example", "colour": "red"}]}, "unknown key colour"),
    (log_state(), {"servers": ["a.example"]}, "must be a dict"),
    (log_state(protocols=["udp", "tls"]), {"servers": [{"host": "a.example", "protocol": "tcp"}]},
     "does not offer syslog over tcp (it offers udp, tls)"),
    (log_state(), {"enabled": True}, "remote logging on needs a server"),
    (log_state(enabled=True, servers=[{"host": "a.example", "port": 514, "protocol": "udp"}]),
     {"enabled": True, "servers": [], "state": "overridden"}, "needs a server"),
])
def test_logging_bad_input_is_refused_before_any_write(current, desired, message):
    with pytest.raises(InputError) as err:
        remote_logging.plan(current, desired)
    assert message in str(err.value)


def test_logging_evaluate_5_2_7():
    tls = {"host": "syslog.example", "port": 6514, "protocol": "tls"}
    udp = {"host": "10.9.9.9", "port": 514, "protocol": "udp"}
    assert time_and_log_checks.logging_in_order(log_state(enabled=True, servers=[tls]))[0] == "pass"
    status, _, reason = time_and_log_checks.logging_in_order(log_state(servers=[tls]))
    assert status == "fail" and "remote syslog is off" in reason
    status, _, reason = time_and_log_checks.logging_in_order(log_state(enabled=True))
    assert status == "fail" and "0 syslog servers" in reason
    status, _, reason = time_and_log_checks.logging_in_order(log_state(enabled=True, servers=[tls, udp]),
                                                {"protocols": ["tls"]})
    assert status == "fail" and "10.9.9.9 over udp not allowed" in reason
    status, _, reason = time_and_log_checks.logging_in_order(log_state(enabled=True, servers=[udp]),
                                                {"servers": ["SYSLOG.example"]})
    assert status == "fail" and "syslog.example missing" in reason


# -- the ONVIF driver's setters against the schema -------------------------------------------

class RecordingTransport(Transport):
    def __init__(self, *args, **kwargs):
        super(RecordingTransport, self).__init__(*args, **kwargs)
        self.sent = []

    def request(self, method, path, **kwargs):
        if path.startswith("/onvif/"):
            self.sent.append(kwargs.get("data"))
        return super(RecordingTransport, self).request(method, path, **kwargs)


def _operations(transport):
    names = []
    for body in transport.sent:
        envelope = validate_soap(body)  # raises when the schema refuses it
        names.append(envelope.find("{http://www.w3.org/2003/05/soap-envelope}Body")[0]
                     .tag.rsplit("}", 1)[-1])
    return names


def test_onvif_driver_time_writes_are_schema_valid(fresh_fleet, make_transport, onvif_schemas):
    cam = camera_of("onvif")
    t = make_transport(cam, cls=RecordingTransport, use_https=False)
    drv = OnvifDriver(t)
    desired = {"ntp": True, "state": "overridden",
               "ntp_servers": ["192.0.2.7", "2001:db8::7", "ntp1.example"]}
    result = converge(drv, time_sync, desired, check_mode=False)
    assert result["changed"] is True
    sent = _operations(t)
    assert sent.index("SetNTP") < sent.index("SetSystemDateAndTime")
    state = fresh_fleet.control.state(cam)["time"]
    assert state == {"ntp_enabled": True, "from_dhcp": False,
                     "ntp_servers": ["192.0.2.7", "2001:db8::7", "ntp1.example"]}
    assert abs(result["current"]["offset_s"]) <= 1.5

    # NTP off: manual time (with UTCDateTime) first, then the servers go.
    t2 = make_transport(cam, cls=RecordingTransport, use_https=False)
    result = converge(OnvifDriver(t2), time_sync,
                      {"ntp": False, "ntp_servers": [], "state": "overridden"}, False)
    sent = _operations(t2)
    assert sent.index("SetSystemDateAndTime") < sent.index("SetNTP")
    assert fresh_fleet.control.state(cam)["time"] == {
        "ntp_enabled": False, "from_dhcp": False, "ntp_servers": []}
