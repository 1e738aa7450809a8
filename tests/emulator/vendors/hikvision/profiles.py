"""Hikvision firmware profiles (sources, fact by fact: profiles.md beside this file). The
first is the emulator's reference firmware, whose answers the isapi_*.py modules give by
default.

Vendor-specific key `isapi` (read by isapi_xml, isapi_access, isapi_storage, isapi_device):
- namespace: the XML namespace every document is written in (hikvision.com or isapi.org);
- admin_accesses: the entries of /ISAPI/Security/adminAccesses, in order, each a dict:
  id, protocol, and optionally port (its factory port; None: the entry has no <portNo>),
  enabled (factory value), no_enabled (the entry has no <enabled> element), tls (the
  TLS switches of the HTTPS entry, in order), redirect ("before"/"after": where the HTTPS
  entry's <redirectToHttps> sits relative to <protocol>; absent: no such element);
- storage: the shape of /ISAPI/ContentMgmt/Storage: "v5.2" (hddList in the ver10
  namespace, each hdd back in ver20, no <formatType>, no <Encryption>), "g2" (hddList in
  ver10, hdd inheriting it, <formatType> and an inline <Encryption> block) or "isapi.org"
  (hddList and hdd in the isapi.org namespace, <Encryption> inline);
- device_info: deviceInfo elements that differ from isapi_device's defaults (None: the
  element is absent on this firmware).
The key `missing` names resources this firmware answers with notSupport, at the status of
the fault isapi_not_supported_status (403 or 404).
"""

HIKVISION_NS = "http://www.hikvision.com/ver20/XMLSchema"
ISAPI_NS = "http://www.isapi.org/ver20/XMLSchema"

BONJOUR_RESOURCE = "/ISAPI/System/Network/Bonjour"
SSH_RESOURCE = "/ISAPI/System/Network/ssh"
TELNETD_RESOURCE = "/ISAPI/System/Network/telnetd"

# The G2 family on V5.7.x and V5.8.x: ids 1 to 8, then 10 (no 9).
G2_ACCESSES = [
    {"id": 1, "protocol": "HTTP"},
    {"id": 2, "protocol": "HTTPS", "redirect": "after",
     "tls": ["TLS1_1Enable", "TLS1_2Enable", "TLS1_3Enable"]},
    {"id": 3, "protocol": "DEV_MANAGE"},
    {"id": 4, "protocol": "RTSP"},
    {"id": 5, "protocol": "SDK_OVER_TLS", "port": 8443, "enabled": True},
    {"id": 6, "protocol": "WebSocket", "port": 7681, "enabled": True},
    {"id": 7, "protocol": "WebSocketS", "port": 7682, "enabled": False},
    {"id": 8, "protocol": "SRTP", "port": 322, "enabled": False},
    {"id": 10, "protocol": "Bonjour", "port": None},
]

PROFILES = [
    {
        # The G2 family, V5.7.x: hikvision.com namespace, TLS 1.1/1.2/1.3 switches, Bonjour
        # as an adminAccesses entry, the SD card's encryption status inline in Storage.
        "name": "hikvision-v5.7",
        "vendor": "hikvision",
        "identity": {"model": "DS-2CD2143G2-I", "firmware": "V5.7.3"},
        "isapi": {
            "namespace": HIKVISION_NS,
            "admin_accesses": G2_ACCESSES,
            "storage": "g2",
            "device_info": {"firmwareVersionInfo": "B-R-G5-0", "manufacturer": "hikvision",
                            "OEMCode": "1"},
        },
        "state": {"network.https.tls_versions": ["TLSv1.2", "TLSv1.3"],
                  "storage.slots.0.filesystem": "ext4"},
    },
    {
        # Thermal line, V5.5.98: isapi.org namespace, no SDK_OVER_TLS, SRTP/modbusTCP/Bonjour
        # entries, DEV_MANAGE without <enabled>, SSH, and an ENCRYPTED SD card.
        "name": "hik-ds2td1228-5.5.98",
        "vendor": "hikvision",
        "identity": {"model": "DS-2TD1228-2-QA", "firmware": "V5.5.98"},
        "isapi": {
            "namespace": ISAPI_NS,
            "admin_accesses": [
                {"id": 1, "protocol": "HTTP"},
                {"id": 2, "protocol": "HTTPS", "redirect": "after",
                 "tls": ["TLS1_1Enable", "TLS1_2Enable"]},
                {"id": 3, "protocol": "DEV_MANAGE", "no_enabled": True},
                {"id": 4, "protocol": "RTSP"},
                {"id": 5, "protocol": "WebSocket", "port": 7681, "enabled": True},
                {"id": 6, "protocol": "WebSocketS", "port": 7682, "enabled": True},
                {"id": 8, "protocol": "SRTP", "port": 322, "enabled": True},
                {"id": 9, "protocol": "modbusTCP", "port": 502, "enabled": True},
                {"id": 10, "protocol": "Bonjour", "port": None},
            ],
            "storage": "isapi.org",
            "device_info": {"firmwareReleasedDate": "build 240726", "manufacturer": ""},
        },
        "missing": [BONJOUR_RESOURCE],
        "state": {"storage.slots.0.encryption_enabled": True,
                  "storage.slots.0.encrypted": True,
                  "storage.slots.0.filesystem": "ext4",
                  "storage.slots.0.capacity_mb": 30436},
    },
    {
        # 2014: four adminAccesses entries, no TLS switches, no SD encryption, no Bonjour and
        # no SSH resource; what it lacks answers notSupport at HTTP 403.
        "name": "hik-ds2cd2532f-5.2.0",
        "vendor": "hikvision",
        "identity": {"model": "DS-2CD2532F-IWS", "firmware": "V5.2.0"},
        "faults": {"isapi_not_supported_status": 403},
        "isapi": {
            "namespace": HIKVISION_NS,
            "admin_accesses": [
                {"id": 1, "protocol": "HTTP"},
                {"id": 2, "protocol": "HTTPS"},
                {"id": 3, "protocol": "DEV_MANAGE"},
                {"id": 4, "protocol": "RTSP"},
            ],
            "storage": "v5.2",
            "device_info": {"firmwareReleasedDate": "build 140721", "encoderVersion": "V5.0",
                            "telecontrolID": "2", "firmwareVersionInfo": None,
                            "manufacturer": None, "OEMCode": None},
        },
        "missing": [BONJOUR_RESOURCE, SSH_RESOURCE],
        # Without TLS switches the firmware's own TLS offer stands [INF: 1.0 to 1.2].
        "state": {"network.https.tls_versions": ["TLSv1", "TLSv1.1", "TLSv1.2"]},
    },
    {
        # The G2 family as the V5.7.15 recording shows it: Bonjour entry off, and what it
        # lacks answers notSupport at HTTP 404; no telnet resource [INF].
        "name": "hik-ds2cd2386g2-5.7.15",
        "vendor": "hikvision",
        "identity": {"model": "DS-2CD2386G2-IU", "firmware": "V5.7.15"},
        "faults": {"isapi_not_supported_status": 404},
        "isapi": {
            "namespace": HIKVISION_NS,
            "admin_accesses": G2_ACCESSES,
            "storage": "g2",
            "device_info": {"firmwareReleasedDate": "build 240201",
                            "firmwareVersionInfo": "B-R-G5-0", "manufacturer": "hikvision",
                            "OEMCode": "1"},
        },
        "missing": [BONJOUR_RESOURCE, TELNETD_RESOURCE],
        "state": {"discovery.bonjour": False,
                  "network.https.tls_versions": ["TLSv1.2", "TLSv1.3"],
                  "storage.slots.0.filesystem": "ext4"},
    },
    {
        # V5.6.5: TLS 1.1 and 1.2 switches (1.1 on from the factory), SDK_OVER_TLS and
        # WebSocket entries, no Bonjour anywhere, no SD card in the slot.
        "name": "hik-ds2cd2443g0-5.6.5",
        "vendor": "hikvision",
        "identity": {"model": "DS-2CD2443G0-IW", "firmware": "V5.6.5"},
        "faults": {"isapi_not_supported_status": 403},
        "isapi": {
            "namespace": HIKVISION_NS,
            "admin_accesses": [
                {"id": 1, "protocol": "HTTP"},
                {"id": 2, "protocol": "HTTPS", "redirect": "before",
                 "tls": ["TLS1_1Enable", "TLS1_2Enable"]},
                {"id": 3, "protocol": "DEV_MANAGE"},
                {"id": 4, "protocol": "RTSP"},
                {"id": 5, "protocol": "SDK_OVER_TLS", "port": 8443, "enabled": True},
                {"id": 6, "protocol": "WebSocket", "port": 7681, "enabled": True},
                {"id": 7, "protocol": "WebSocketS", "port": 7682, "enabled": False},
            ],
            "storage": "g2",
            "device_info": {"firmwareReleasedDate": "build 200316",
                            "firmwareVersionInfo": "B-R-G1-0"},
        },
        "missing": [BONJOUR_RESOURCE],
        "state": {"network.https.tls_versions": ["TLSv1.1", "TLSv1.2", "TLSv1.3"],
                  "storage.slots.0.present": False},
    },
]
