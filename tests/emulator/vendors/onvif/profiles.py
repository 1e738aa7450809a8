"""Profiles of ONVIF cameras of other makers. Where each fact comes from, with [SEEN] /
[3P] / [INF] marks: profiles.md beside this file. The first is the emulator's reference
ONVIF device, whose answers onvif*.py give by default.

Keys of their own (beside the common ones in __init__.py):
- onvif: how the firmware writes SOAP (onvif_soap.style_of fills in DEFAULT_STYLE):
  - prefix: the Envelope's prefix ("env", "s", "SOAP-ENV"); declaration: the XML
    declaration; header: "" (no Header) or the Header as sent, {p} standing for the
    prefix; namespaces: extra prefixes declared on the Envelope (gSOAP's long lists);
    http_headers: headers on every SOAP reply (Server: gSOAP/2.7);
  - no_credentials: "digest" (a 401 Digest challenge, Core's way; the default) or
    "fault" (env:Sender/ter:NotAuthorized with no_credentials_reason);
  - refusal: "fault" (a NotAuthorized fault at the fault status; the default) or
    "basic" (HTTP 401 with WWW-Authenticate Basic realm=basic_realm, the fault as body);
  - not_authorized_reason: the Reason of a wrong password; {left} = attempts left;
  - bare_sender_faults: env:Sender faults other than NotAuthorized carry no Subcode and
    an empty Reason;
  - action_not_supported_reason: the Reason of ter:ActionNotSupported ("" for none).
- media: stream and snapshot URIs (keys: profiles/__init__.py; sources: media.md).

Not emulated (fleet-wide ports, see profiles.md): Reolink's ONVIF port 8000, Tapo's 2020,
gSOAP boxes on 8899/888, Tapo's single /onvif/service endpoint and its corrupt 500
status line.
"""

GSOAP_NAMESPACES = {
    "SOAP-ENC": "http://www.w3.org/2003/05/soap-encoding",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsd": "http://www.w3.org/2001/XMLSchema",
    "wsa": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "wsdd": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
    "wsa5": "http://www.w3.org/2005/08/addressing",
    "xmime": "http://tempuri.org/xmime.xsd",
}

PROFILES = [
    {
        "name": "onvif-reference",
        "vendor": "onvif",
        "identity": {"model": "IPC-ONVIF-200", "firmware": "2.4.1"},
    },
    {
        # Dahua IPC (and Amcrest / IMOU / Lorex OEMs), firmware 2.8xx.
        "name": "dahua-ipc-2.8xx",
        "vendor": "onvif",
        "identity": {"manufacturer": "Dahua", "model": "IPC-K42",
                     "firmware": "2.800.0000000.0.R", "hardware_id": "1.00"},
        # Every fault at 400: NotAuthorized is (seen); the rest assumed alike. 30 attempts
        # before the lockout, counted down in the fault text.
        "faults": {"soap_fault_status": 400, "lockout_after": 30},
        "media": {"profile_tokens": ["MediaProfile000", "MediaProfile001"],
                  "rtsp_path": "/cam/realmonitor", "uri_port_always": True,
                  "rtsp_query": "channel=1&subtype={index0}&unicast=true&proto=Onvif",
                  "snapshot_path": "/onvifsnapshot/media_service/snapshot",
                  "snapshot_query": "channel=1&subtype={index0}"},
        "onvif": {
            "prefix": "s",
            "declaration": '<?xml version="1.0" encoding="utf-8" standalone="yes" ?>',
            "header": "<{p}:Header/>",
            "namespaces": {"sc": "http://www.w3.org/2003/05/soap-encoding",
                           "wsnt": "http://docs.oasis-open.org/wsn/b-2",
                           "wsrf-bf": "http://docs.oasis-open.org/wsrf/bf-2",
                           "d": "http://schemas.xmlsoap.org/ws/2005/04/discovery"},
            "not_authorized_reason": "Sender not Authorized. Invalid username or password! "
                                     "You still have {left} attempt(s).",
        },
    },
    {
        # Reolink E1 Zoom / RLC-5xx on firmware v3.0, gSOAP.
        "name": "reolink-v3.0-gsoap",
        "vendor": "onvif",
        "identity": {"manufacturer": "Reolink", "model": "E1 Zoom",
                     "firmware": "v3.0.0.136_20121108", "hardware_id": "IPC_513SD5"},
        "faults": {"soap_fault_status": 400},
        # [INF] the optional discovery and protocol operations: no recording shows them.
        "missing": ["onvif:GetDiscoveryMode", "onvif:SetDiscoveryMode",
                    "onvif:GetNetworkProtocols", "onvif:SetNetworkProtocols"],
        "onvif": {
            "prefix": "SOAP-ENV",
            "header": "<{p}:Header></{p}:Header>",
            "namespaces": dict(GSOAP_NAMESPACES, ns1="http://www.onvif.org/ver20/media/wsdl"),
            "bare_sender_faults": True,
            "action_not_supported_reason": "Optional Action Not Implemented",
        },
        "media": {"profile_tokens": ["000", "001"], "uri_port_always": True,
                  "rtsp_path": ["/Preview_01_main", "/Preview_01_sub"],
                  "snapshot_port": 80, "snapshot_path": "/cgi-bin/api.cgi",
                  "snapshot_query": "cmd=onvifSnapPic&channel=0"},
    },
    {
        # TP-Link Tapo C200 (and C100/C310/C320WS): Media1 only, gSOAP.
        "name": "tapo-c200-1.3",
        "vendor": "onvif",
        "identity": {"manufacturer": "tp-link", "model": "C200",
                     "firmware": "1.3.5 Build 230307 Rel.6847n", "hardware_id": "1.0"},
        "media2": False,
        "missing": ["onvif:GetSnapshotUri"],
        "media": {"profile_tokens": ["profile_1", "profile_2"], "uri_port_always": True,
                  "rtsp_path": ["/stream1", "/stream2"]},
        "onvif": {
            "prefix": "SOAP-ENV",
            "namespaces": dict(GSOAP_NAMESPACES,
                               chan="http://schemas.microsoft.com/ws/2005/02/duplex"),
            "header": "<{p}:Header></{p}:Header>",
            "not_authorized_reason": "Authority failure",
            "action_not_supported_reason": "",
        },
    },
    {
        # Bosch FLEXIDOME indoor 5100i IR, firmware 8.71.0066: a full capture.
        "name": "bosch-flexidome-5100i-8.71",
        "vendor": "onvif",
        "identity": {"manufacturer": "Bosch", "model": "FLEXIDOME indoor 5100i IR",
                     "firmware": "8.71.0066", "hardware_id": "F000B543"},
        "media": {"profile_tokens": ["0", "1", "2", "3"], "rtsp_path": "/rtsp_tunnel",
                  "rtsp_query": "p={index0}&line=1&inst={index}&vcd=2",
                  "snapshot_path": "/snap.jpg", "snapshot_query": "JpegCam=1"},
        "onvif": {
            "prefix": "SOAP-ENV",
            "declaration": '<?xml version="1.0" encoding="UTF-8"?>',
            "header": "",
            "namespaces": {"SOAP-ENC": "http://www.w3.org/2003/05/soap-encoding"},
        },
    },
    {
        # No-name gSOAP 2.7 box (XiongMai class): HTTP 401 Basic for a refused login.
        "name": "gsoap-noname-xm",
        "vendor": "onvif",
        "identity": {"manufacturer": "IPCAM", "model": "gm8135_v2", "firmware": "V2.4.0",
                     "hardware_id": "gm8135"},
        "faults": {"soap_fault_status": 400},
        # [INF] a minimal ONVIF stack: no recording shows these answered.
        "missing": ["onvif:GetNTP", "onvif:SetNTP", "onvif:GetDiscoveryMode",
                    "onvif:SetDiscoveryMode", "onvif:GetUsers", "onvif:CreateUsers",
                    "onvif:SetUser", "onvif:DeleteUsers"],
        "onvif": {
            "prefix": "SOAP-ENV",
            "namespaces": dict(GSOAP_NAMESPACES, xs="http://www.w3.org/2000/10/XMLSchema"),
            "http_headers": {"Server": "gSOAP/2.7"},
            "no_credentials": "fault",
            "no_credentials_reason": "Authentication required",
            "refusal": "basic",
            "basic_realm": "gSOAP Web Service",
            "action_not_supported_reason": "Optional Action Not Implemented",
        },
    },
    {
        # Vivotek (Panasonic, Digital Barriers alike): a login even for the clock.
        "name": "vivotek-auth-dt",
        "vendor": "onvif",
        "identity": {"manufacturer": "VIVOTEK", "model": "FD9389-HV",
                     "firmware": "FD9389-VVTK-0101a", "hardware_id": "1"},
        "faults": {"onvif_pre_auth_login": True},
        "onvif": {
            "prefix": "env",
            "namespaces": {"xs": "http://www.w3.org/2000/10/XMLSchema",
                           "wsse": "http://docs.oasis-open.org/wss/2004/01/"
                                   "oasis-200401-wss-wssecurity-secext-1.0.xsd"},
            "no_credentials": "fault",
            "no_credentials_reason": "An error was discovered processing the "
                                     "<wsse:Security> header.",
        },
    },
    {
        # Stream and snapshot on ports and paths no fixed list guesses, built from three
        # recordings (media.md): the RTSP port a user moved to 10554 (Hikvision
        # adminAccesses), Bosch's rtsp_tunnel stream path, and Hikvision's ONVIF
        # snapshot on a web server at port 8100, Media1 only, as that firmware was.
        "name": "onvif-nonstandard-media",
        "vendor": "onvif",
        "identity": {"manufacturer": "ONVIF", "model": "IPC-MEDIA-8100", "firmware": "5.2.0"},
        "media2": False,
        "media": {"profile_tokens": ["Profile_1", "Profile_2"],
                  "rtsp_port": 10554, "rtsp_path": "/rtsp_tunnel",
                  "rtsp_query": "p={index0}&line=1&inst={index}&vcd=2",
                  "snapshot_port": 8100, "snapshot_path": "/onvif-http/snapshot",
                  "snapshot_query": "{token}"},
        "state": {"network.rtsp.port": 10554},
    },
]
