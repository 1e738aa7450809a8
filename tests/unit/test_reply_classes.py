"""Each reply class, as each API sends it, against the emulator: a call the firmware
lacks is asked once and reported `not supported`; a fault is a fault at HTTP 400 and at
500; the device's own words reach the message (replies.py, transport.py, protocols/)."""

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils import replies, xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    DeviceFault, UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hikvision.isapi import IsapiClient
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.soap import (
    OnvifClient, OnvifFault, OnvifUnsupported, el)
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.axis.vapix import VapixClient
from tests.conftest import camera_of

AXIS, HIKVISION, ONVIF = camera_of("axis"), camera_of("hikvision"), camera_of("onvif")


def asked(control, cam, path):
    return control.counters(cam)["by_path"].get(path, 0)


@pytest.mark.parametrize("cam", [AXIS, HIKVISION, ONVIF])
@pytest.mark.parametrize("soap_status", [400, 500])
def test_an_unknown_onvif_operation_is_unsupported_and_asked_once(fresh_fleet, make_transport,
                                                                  cam, soap_status):
    control = fresh_fleet.control
    control.faults(cam, soap_fault_status=soap_status)
    client = OnvifClient(make_transport(cam))
    client.sync_clock()
    control.reset_counters(cam)
    with pytest.raises(OnvifUnsupported) as err:
        client.call("device", "GetGeoLocation", el("tds:GetGeoLocation"))
    text = str(err.value)
    assert "not supported by this camera: ONVIF ter:ActionNotSupported at HTTP %d" % soap_status \
        in text, text
    assert isinstance(err.value, UnsupportedCall)
    assert asked(control, cam, "/onvif/device_service") == 1
    assert control.counters(cam)["credentialed"] == 1
    assert control.counters(cam)["failed_logins"] == 0


@pytest.mark.parametrize("soap_status", [400, 500])
def test_an_onvif_fault_is_a_fault_at_either_status(fresh_fleet, make_transport, soap_status):
    control = fresh_fleet.control
    control.faults(ONVIF, soap_fault_status=soap_status)
    client = OnvifClient(make_transport(ONVIF))
    client.sync_clock()
    control.reset_counters(ONVIF)
    with pytest.raises(OnvifFault) as err:  # a token that names nothing: ter:NoConfig
        client.call("media2", "GetMasks", el("tr2:GetMasks", children=[
            el("tr2:ConfigurationToken", "no-such-token")]))
    assert not isinstance(err.value, UnsupportedCall)
    assert "fault: ONVIF" in str(err.value) and "at HTTP %d" % soap_status in str(err.value)
    assert asked(control, ONVIF, "/onvif/media2_service") == 1


def test_a_non_xml_500_from_onvif_is_a_fault_not_malformed_xml(fresh_fleet, make_transport):
    control = fresh_fleet.control
    client = OnvifClient(make_transport(ONVIF))
    client.sync_clock()
    control.reset_counters(ONVIF)
    control.faults(ONVIF, http_500=1, http_500_path="/onvif/device_service")
    with pytest.raises(DeviceFault) as err:
        client.call("device", "GetDeviceInformation")
    assert "fault: HTTP 500 without a SOAP reply: injected failure" in str(err.value)
    assert "malformed" not in str(err.value).lower()
    assert asked(control, ONVIF, "/onvif/device_service") == 1


@pytest.mark.parametrize("status", [403, 404])
def test_an_isapi_resource_the_firmware_lacks_is_unsupported_and_asked_once(
        fresh_fleet, make_transport, status):
    control = fresh_fleet.control
    control.faults(HIKVISION, isapi_not_supported_status=status)
    client = IsapiClient(make_transport(HIKVISION))
    client.get("/ISAPI/System/deviceInfo")  # the Digest handshake, so counts are exact
    control.reset_counters(HIKVISION)
    path = "/ISAPI/System/Network/WirelessServer"
    with pytest.raises(UnsupportedCall) as err:
        client.get(path)
    text = str(err.value)
    assert "not supported by this camera (HTTP %d" % status in text, text
    assert "notSupport" in text and "access denied" not in text
    assert asked(control, HIKVISION, path) == 1
    # the transport still works: notSupport is no refusal
    assert xmltools.local(client.get("/ISAPI/System/deviceInfo").tag) == "DeviceInfo"
    assert control.counters(HIKVISION)["failed_logins"] == 0


def test_an_isapi_put_fault_quotes_the_device(fresh_fleet, make_transport):
    control = fresh_fleet.control
    client = IsapiClient(make_transport(HIKVISION))
    root = client.get("/ISAPI/System/Network/UPnP")
    root.append(root[0].__class__("{%s}Bogus" % root.tag[1:].split("}")[0]))
    root[-1].text = "x" * 5
    control.reset_counters(HIKVISION)
    bad = xmltools.parse(b"<UPnP><enabled>maybe</enabled></UPnP>")
    with pytest.raises(DeviceFault) as err:
        client.put("/ISAPI/System/Network/UPnP", bad)
    assert "fault: HTTP 400" in str(err.value) and "statusCode" in str(err.value), str(err.value)
    assert asked(control, HIKVISION, "/ISAPI/System/Network/UPnP") == 1


def test_a_vapix_group_the_firmware_lacks_is_unsupported_and_asked_once(fresh_fleet,
                                                                       make_transport):
    control = fresh_fleet.control
    client = VapixClient(make_transport(AXIS))
    client.params(["root.Brand"])  # the Digest handshake, so counts are exact
    control.reset_counters(AXIS)
    with pytest.raises(UnsupportedCall) as err:
        client.params(["root.NoSuchGroup"])
    assert "not supported by this camera (# Error" in str(err.value), str(err.value)
    assert asked(control, AXIS, "/axis-cgi/param.cgi") == 1


@pytest.mark.parametrize("body, status, kind", [
    (b"<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope'><s:Body><s:Fault>"
     b"<s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>wsse:FailedAuthentication"
     b"</s:Value></s:Subcode></s:Code><s:Reason><s:Text>no</s:Text></s:Reason></s:Fault>"
     b"</s:Body></s:Envelope>", 500, replies.REFUSED),
    (b"<ResponseStatus><statusCode>4</statusCode><subStatusCode>notSupport</subStatusCode>"
     b"</ResponseStatus>", 403, replies.UNSUPPORTED),
    (b"<ResponseStatus><statusCode>4</statusCode><subStatusCode>badAuthorization"
     b"</subStatusCode></ResponseStatus>", 403, replies.REFUSED),
    (b"<ResponseStatus><statusCode>2</statusCode><subStatusCode>deviceBusy</subStatusCode>"
     b"</ResponseStatus>", 503, replies.FAULT),
    (b"", 503, replies.TRANSIENT),
    (b"Bad Gateway", 502, replies.TRANSIENT),
    (b"", 404, replies.UNSUPPORTED),
    (b"", 401, replies.REFUSED),
    (b"oops", 500, replies.FAULT),
])
def test_the_classification_table(body, status, kind):
    """The table replies.py promises, reply by reply (the emulator tests above send the
    same classes over the wire; these are the forms it does not produce)."""
    assert replies.classify_http(status, body).kind == kind
