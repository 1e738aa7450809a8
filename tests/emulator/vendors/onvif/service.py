"""ONVIF API of the emulator: the SOAP endpoints, authentication, and the Device
service (tds). The Media services are in onvif_media1.py (trt) and onvif_media2.py (tr2),
SOAP plumbing and WS-UsernameToken checks in onvif_soap.py.

Serves POST /onvif/device_service, /onvif/media_service and /onvif/media2_service (not
on a Media1-only firmware); anything else is not ours (handle() returns None) so the
vendor API or the 404 takes it. The snapshot the Media services name is served by
snapshots.py, where the firmware profile's media settings say (fleet.py dispatches it).
Accounts (GetUsers, CreateUsers, SetUser, DeleteUsers) are in onvif_users.py.
"""

import datetime
import ipaddress

from ... import accounts, auth
from . import onvif_media1, onvif_media2
from . import onvif_network, onvif_time, onvif_users
from . import onvif_soap as soap
from ...httpserver import Response
from .onvif_soap import TDS, TR2, el

DEVICE = soap.Service(TDS)
onvif_time.register(DEVICE)  # SetNTP, SetSystemDateAndTime
onvif_users.register(DEVICE)  # GetUsers, CreateUsers, SetUser, DeleteUsers
onvif_network.register(DEVICE)  # GetNetworkInterfaces (the Wi-Fi radio, 5.3.3)
DEVICE_PATH = "/onvif/device_service"
MEDIA1_PATH = "/onvif/media_service"  # Media1 (trt): onvif_media1.py
MEDIA2_PATH = "/onvif/media2_service"
SERVICES = {DEVICE_PATH: DEVICE, MEDIA1_PATH: onvif_media1.MEDIA1, MEDIA2_PATH: onvif_media2.MEDIA2}

# The version of the WSDLs in shared/onvif-specs (26.06), announced by GetServices.
SERVICE_VERSION = (26, 6)


def handle(req):
    service = SERVICES.get(req.path)
    if service is None or (req.path == MEDIA2_PATH and not has_media2(req.camera)):
        return None
    style = soap.style_of(req.camera)
    if req.method != "POST":
        return Response(405, "ONVIF services take SOAP over POST", headers={"Allow": "POST"})
    try:
        header, call = soap.parse_request(req.body)
        operation = service.find(call)
        if operation is None or not operation.pre_auth or req.camera.faults["onvif_pre_auth_login"]:
            # Unknown operations need credentials too: a device does not tell strangers
            # what it does not implement.
            refused = authorize(req, header, style)
            if refused is not None:
                return refused
        if operation is not None and req.camera.lacks("onvif:" + soap.local_name(call.tag)):
            operation = None  # an optional operation this firmware does not implement
        if operation is None:
            raise soap.action_not_supported(
                "%s is not supported at %s" % (soap.local_name(call.tag), req.path))
        return soap.reply(operation.handler(req, call), style=style)
    except soap.SoapFault as fault:
        return fault.response(req.camera.faults["soap_fault_status"], style)


def authorize(req, header, style=soap.DEFAULT_STYLE):
    """None when the caller proved who they are, else the Response that refuses them.

    A WS-UsernameToken in the message wins over HTTP Digest; a bad token is
    env:Sender/ter:NotAuthorized (raised as SoapFault; HTTP 400, or 401 with a Basic
    challenge where the firmware's style says refusal "basic"). No credentials at all is
    a 401 Digest challenge, as Core asks, or the NotAuthorized fault where the style says
    no_credentials "fault" (Vivotek, gSOAP)."""
    realm = req.camera.realm()
    token = soap.username_token(header)
    if token is not None:
        req.user = soap.verify_username_token(req.camera, token)
        return None
    if accounts.serves_without_login(req, "onvif_no_auth"):
        return None  # fault onvif_no_auth: firmware that ships with authentication off
    if not req.header("authorization"):
        if style.get("no_credentials") == "fault":
            raise soap.not_authorized(style.get("no_credentials_reason")
                                      or "no WS-Security header")
        return auth.challenge(req, realm)
    return auth.authenticate(req, realm)


def has_media2(cam):
    """False on a Media1-only firmware (profile media2): GetServices leaves Media2 out."""
    return bool(cam.profile.get("media2", True))


def xaddr(req, path):
    """Where a service answers: the camera's address, in the scheme of this request."""
    cam = req.camera
    default = 443 if req.scheme == "https" else 80
    port = getattr(cam, req.scheme + "_port", default)  # the fleet sets http_port, https_port
    host = cam.address if port == default else "%s:%d" % (cam.address, port)
    return "%s://%s%s" % (req.scheme, host, path)


# -- capabilities -------------------------------------------------------------------

def device_service_capabilities(element):
    """tds:DeviceServiceCapabilities: attributes only (what the device can do)."""
    return el(element,
              el("tds:Network", attrs={"IPFilter": False, "ZeroConfiguration": False,
                                       "IPVersion6": False, "DynDNS": False, "NTP": 2}),
              el("tds:Security", attrs=dict({"TLS1.2": True, "UsernameToken": True,
                                             "HttpDigest": True},
                                            **onvif_users.security_limits())),
              el("tds:System", attrs={"DiscoveryResolve": False, "DiscoveryBye": True,
                                      "RemoteDiscovery": False, "SystemBackup": False,
                                      "SystemLogging": False, "DiscoveryNotSupported": False,
                                      "NetworkConfigNotSupported": False,
                                      "UserConfigNotSupported": False,
                                      "StorageConfiguration": False}))


def legacy_device_capabilities(req):
    """tt:DeviceCapabilities for the old GetCapabilities (elements, not attributes)."""
    major, minor = SERVICE_VERSION
    return el("tt:Device",
              el("tt:XAddr", xaddr(req, DEVICE_PATH)),
              el("tt:Network", el("tt:IPFilter", False), el("tt:ZeroConfiguration", False),
                 el("tt:IPVersion6", False), el("tt:DynDNS", False)),
              el("tt:System", el("tt:DiscoveryResolve", False), el("tt:DiscoveryBye", True),
                 el("tt:RemoteDiscovery", False), el("tt:SystemBackup", False),
                 el("tt:SystemLogging", False), el("tt:FirmwareUpgrade", False),
                 el("tt:SupportedVersions", el("tt:Major", major), el("tt:Minor", minor))),
              el("tt:Security", el("tt:TLS1.1", False), el("tt:TLS1.2", True),
                 el("tt:OnboardKeyGeneration", False), el("tt:AccessPolicyConfig", False),
                 el("tt:X.509Token", False), el("tt:SAMLToken", False),
                 el("tt:KerberosToken", False), el("tt:RELToken", False)))


def legacy_media_capabilities(req):
    """tt:MediaCapabilities for the old GetCapabilities: where Media1 answers."""
    rtsp = bool(req.camera.get("network.rtsp.enabled"))
    return el("tt:Media",
              el("tt:XAddr", xaddr(req, MEDIA1_PATH)),
              el("tt:StreamingCapabilities", el("tt:RTPMulticast", False),
                 el("tt:RTP_TCP", False), el("tt:RTP_RTSP_TCP", rtsp)))


# -- device operations -----------------------------------------------------------------

@DEVICE.operation("GetSystemDateAndTime", pre_auth=True)
def get_system_date_and_time(req, call):
    cam = req.camera
    now = datetime.datetime.fromtimestamp(cam.now(), datetime.timezone.utc)

    def date_time(element):
        return el(element,
                  el("tt:Time", el("tt:Hour", now.hour), el("tt:Minute", now.minute),
                     el("tt:Second", now.second)),
                  el("tt:Date", el("tt:Year", now.year), el("tt:Month", now.month),
                     el("tt:Day", now.day)))

    # The emulated cameras keep local time = UTC.
    return el("tds:GetSystemDateAndTimeResponse",
              el("tds:SystemDateAndTime",
                 el("tt:DateTimeType", "NTP" if cam.get("time.ntp_enabled") else "Manual"),
                 el("tt:DaylightSavings", False),
                 el("tt:TimeZone", el("tt:TZ", "UTC0")),
                 date_time("tt:UTCDateTime"),
                 date_time("tt:LocalDateTime")))


@DEVICE.operation("GetCapabilities", pre_auth=True)
def get_capabilities(req, call):
    categories = {c.text.strip() for c in soap.children(call, TDS, "Category") if c.text}
    if categories and not categories & {"All", "Device", "Media"}:
        raise soap.SoapFault("env:Receiver", ["ter:ActionNotSupported", "ter:NoSuchService"],
                             "only the Device and Media categories are served here; use "
                             "GetServices")
    every = not categories or "All" in categories
    return el("tds:GetCapabilitiesResponse",
              el("tds:Capabilities",
                 legacy_device_capabilities(req) if every or "Device" in categories else None,
                 legacy_media_capabilities(req) if every or "Media" in categories else None))


@DEVICE.operation("GetServices", pre_auth=True)  # PRE_AUTH per camera-apis.md 1.2
def get_services(req, call):
    text = soap.child_text(call, TDS, "IncludeCapability")
    include = soap.parse_bool(text, "IncludeCapability") if text is not None else False
    major, minor = SERVICE_VERSION
    services = (
        (TDS, DEVICE_PATH, lambda: device_service_capabilities("tds:Capabilities")),
        (onvif_media1.TRT, MEDIA1_PATH, lambda: onvif_media1.service_capabilities(req.camera)),
        (TR2, MEDIA2_PATH, lambda: onvif_media2.service_capabilities(req.camera)),
    )
    return el("tds:GetServicesResponse", *[
        el("tds:Service",
           el("tds:Namespace", namespace),
           el("tds:XAddr", xaddr(req, path)),
           el("tds:Capabilities", capabilities()) if include else None,
           el("tds:Version", el("tt:Major", major), el("tt:Minor", minor)))
        for namespace, path, capabilities in services
        if namespace != TR2 or has_media2(req.camera)])


@DEVICE.operation("GetServiceCapabilities")
def get_service_capabilities(req, call):
    return el("tds:GetServiceCapabilitiesResponse",
              device_service_capabilities("tds:Capabilities"))


@DEVICE.operation("GetDeviceInformation")
def get_device_information(req, call):
    ident = req.camera.get("identity", {})
    return el("tds:GetDeviceInformationResponse",
              el("tds:Manufacturer", ident.get("manufacturer", "")),
              el("tds:Model", ident.get("model", "")),
              el("tds:FirmwareVersion", ident.get("firmware", "")),
              el("tds:SerialNumber", ident.get("serial", "")),
              el("tds:HardwareId", ident.get("hardware_id", "")))


DISCOVERY_MODES = {True: "Discoverable", False: "NonDiscoverable"}


@DEVICE.operation("GetDiscoveryMode")
def get_discovery_mode(req, call):
    on = bool(req.camera.get("discovery.ws_discovery"))
    return el("tds:GetDiscoveryModeResponse", el("tds:DiscoveryMode", DISCOVERY_MODES[on]))


@DEVICE.operation("SetDiscoveryMode")
def set_discovery_mode(req, call):
    mode = soap.child_text(call, TDS, "DiscoveryMode")
    if mode not in DISCOVERY_MODES.values():
        raise soap.invalid_arg("DiscoveryMode must be Discoverable or NonDiscoverable")
    req.camera.set("discovery.ws_discovery", mode == "Discoverable")
    return el("tds:SetDiscoveryModeResponse")


# tt:NetworkProtocolType -> key under state["network"]
PROTOCOLS = {"HTTP": "http", "HTTPS": "https", "RTSP": "rtsp"}


@DEVICE.operation("GetNetworkProtocols")
def get_network_protocols(req, call):
    cam = req.camera
    return el("tds:GetNetworkProtocolsResponse", *[
        el("tds:NetworkProtocols",
           el("tt:Name", name),
           el("tt:Enabled", bool(cam.get("network.%s.enabled" % key))),
           el("tt:Port", cam.get("network.%s.port" % key)))
        for name, key in PROTOCOLS.items()])


@DEVICE.operation("SetNetworkProtocols")
def set_network_protocols(req, call):
    changes = []  # checked in full before anything is written
    for proto in soap.children(call, TDS, "NetworkProtocols"):
        name = soap.child_text(proto, soap.TT, "Name")
        if name not in PROTOCOLS:
            raise soap.invalid_arg("no such protocol %r" % name, "ter:ServiceNotSupported")
        enabled = soap.parse_bool(soap.child_text(proto, soap.TT, "Enabled"), "Enabled")
        ports = [soap.parse_int(p.text, "Port") for p in soap.children(proto, soap.TT, "Port")]
        if not ports or not all(0 < p < 65536 for p in ports):
            raise soap.invalid_arg("%s needs a port between 1 and 65535" % name)
        changes.append((PROTOCOLS[name], enabled, ports[0]))  # one port per protocol here
    if not changes:
        raise soap.invalid_arg("no NetworkProtocols given")
    for key, enabled, port in changes:
        req.camera.set("network.%s.port" % key, port)
        req.camera.set("network.%s.enabled" % key, enabled)
    return el("tds:SetNetworkProtocolsResponse")


def network_host(element, host):
    try:
        version = ipaddress.ip_address(host).version
    except ValueError:
        return el(element, el("tt:Type", "DNS"), el("tt:DNSname", host))
    if version == 4:
        return el(element, el("tt:Type", "IPv4"), el("tt:IPv4Address", host))
    return el(element, el("tt:Type", "IPv6"), el("tt:IPv6Address", host))


@DEVICE.operation("GetNTP")
def get_ntp(req, call):
    time_cfg = req.camera.get("time", {})
    return el("tds:GetNTPResponse",
              el("tds:NTPInformation",
                 el("tt:FromDHCP", bool(time_cfg.get("from_dhcp"))),
                 *[network_host("tt:NTPManual", h) for h in time_cfg.get("ntp_servers", [])]))
