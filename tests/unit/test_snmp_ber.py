"""The SNMP v1/v2c GET and response codec of probe_messages (written by hand since issue 14:
pyasn1 took ~1 ms a message) against pysnmp/pyasn1 themselves: the same request bytes,
and the same reading of responses that pysnmp builds."""

import pytest

from pyasn1.codec.ber import encoder
from pysnmp.proto import api

from ansible_collections.camsec.ipcam.plugins.module_utils import probe_messages as msgs

VERSION_NUMBER = {"v1": 0, "v2c": 1}


def pysnmp_request(version, community, request_id):
    mod = api.PROTOCOL_MODULES[VERSION_NUMBER[version]]
    pdu = mod.GetRequestPDU()
    mod.apiPDU.set_defaults(pdu)
    mod.apiPDU.set_request_id(pdu, request_id)
    mod.apiPDU.set_varbinds(pdu, [(mod.ObjectIdentifier(msgs.SYS_DESCR), mod.null)])
    message = mod.Message()
    mod.apiMessage.set_defaults(message)
    mod.apiMessage.set_community(message, community)
    mod.apiMessage.set_pdu(message, pdu)
    return encoder.encode(message)


def pysnmp_response(version, request_id, value, oid=msgs.SYS_DESCR, error_status=0, pdu_type="response"):
    mod = api.PROTOCOL_MODULES[VERSION_NUMBER[version]]
    pdu = mod.GetResponsePDU() if pdu_type == "response" else mod.GetRequestPDU()
    mod.apiPDU.set_defaults(pdu)
    mod.apiPDU.set_request_id(pdu, request_id)
    mod.apiPDU.set_error_status(pdu, error_status)
    mod.apiPDU.set_varbinds(pdu, [(mod.ObjectIdentifier(oid), value)])
    message = mod.Message()
    mod.apiMessage.set_defaults(message)
    mod.apiMessage.set_community(message, "public")
    mod.apiMessage.set_pdu(message, pdu)
    return encoder.encode(message)


@pytest.mark.parametrize("version", ["v1", "v2c"])
@pytest.mark.parametrize("community", ["public", "private", "x", "c" * 200])
@pytest.mark.parametrize("request_id", [0, 1, 127, 128, 255, 256, 65535, 2 ** 23, 2 ** 30, 2 ** 31 - 1])
def test_requests_are_the_bytes_pysnmp_writes(version, community, request_id):
    assert msgs.snmp_get_sysdescr(version, community, request_id) == pysnmp_request(version, community, request_id)


@pytest.mark.parametrize("version", ["v1", "v2c"])
@pytest.mark.parametrize("text", [b"AXIS M3045-V Network Camera", b"", b"D" * 300, b"bytes \x00\xff\x10 inside"])
@pytest.mark.parametrize("request_id", [5, 128, 2 ** 30])
def test_responses_read_as_pysnmp_reads_them(version, text, request_id):
    mod = api.PROTOCOL_MODULES[VERSION_NUMBER[version]]
    value = mod.OctetString(text)
    got = msgs.read_snmp_response(pysnmp_response(version, request_id, value))
    assert got == {"version": version, "request_id": request_id, "error_status": 0,
                   "sys_descr": value.prettyPrint()[:msgs.EVIDENCE_BYTES]}


def test_other_values_and_errors():
    v2c = api.PROTOCOL_MODULES[1]
    got = msgs.read_snmp_response(pysnmp_response("v2c", 9, v2c.Integer(42), error_status=2))
    assert got == {"version": "v2c", "request_id": 9, "error_status": 2, "sys_descr": "42"}
    assert msgs.read_snmp_response(pysnmp_response("v2c", 9, v2c.null))["sys_descr"] == ""
    # another OID than sysDescr.0: no description
    other = pysnmp_response("v1", 9, v2c.OctetString(b"x"), oid=(1, 3, 6, 1, 2, 1, 1, 5, 0))
    assert msgs.read_snmp_response(other)["sys_descr"] == ""


@pytest.mark.parametrize("data", [
    b"", b"\x30", b"\x30\x05\x02\x01", b"not snmp at all", b"\x30\x82\xff\xff\x02\x01\x01",
    pysnmp_response("v2c", 7, api.PROTOCOL_MODULES[1].OctetString(b"x"), pdu_type="request"),
    msgs.snmp_v3_discovery(11, 11),
])
def test_what_is_not_a_v1_v2c_response_is_none(data):
    assert msgs.read_snmp_response(data) is None


def test_a_cut_response_is_none():
    whole = pysnmp_response("v2c", 7, api.PROTOCOL_MODULES[1].OctetString(b"abc"))
    for size in range(len(whole)):
        assert msgs.read_snmp_response(whole[:size]) is None, size
    assert msgs.read_snmp_response(whole)["sys_descr"] == "abc"
