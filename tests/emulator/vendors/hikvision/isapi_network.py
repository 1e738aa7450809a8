"""Hikvision ISAPI network services that a hardening baseline turns off: UPnP, Bonjour,
SNMP, SSH and telnet (/ISAPI/System/Network/...). Each is a GET and a PUT of one small
document mapped onto the emulator's state.
"""

from . import isapi_xml
from .isapi_xml import BadValue, bool_of, child, int_of, settings_put, text_of

SNMP_PORT = 161
MAX_COMMUNITY_LEN = 32  # [INF: Hikvision's web UI limit is not in the reference]


# -- UPnP [3P] ----------------------------------------------------------------------------
def upnp_get(req):
    cam = req.camera
    name = "%s - %s" % (cam.get("identity.model", ""), cam.get("identity.serial", ""))
    return isapi_xml.document(cam, "UPnP", [
        ("enabled", bool(cam.get("discovery.upnp"))),
        ("name", name),
    ])


def _upnp_writes(cam, doc):
    # <name> is accepted and not kept: it is a label, not a setting anyone audits.
    return {"discovery.upnp": bool_of(doc, "enabled", required=True)}


upnp_put = settings_put("UPnP", _upnp_writes)


# -- Bonjour (unverified: the path is only in someone's probe list; the body is inferred) -
def bonjour_get(req):
    return isapi_xml.document(req.camera, "Bonjour",
                              [("enabled", bool(req.camera.get("discovery.bonjour")))])


bonjour_put = settings_put(
    "Bonjour", lambda cam, doc: {"discovery.bonjour": bool_of(doc, "enabled", True)})


# -- SSH [3P] and telnet (the <Telnetd> body is [INF]) --------------------------------------
def ssh_get(req):
    return isapi_xml.document(req.camera, "SSH",
                              [("enabled", bool(req.camera.get("network.ssh")))])


ssh_put = settings_put("SSH",
                       lambda cam, doc: {"network.ssh": bool_of(doc, "enabled", True)})


def telnetd_get(req):
    return isapi_xml.document(req.camera, "Telnetd",
                              [("enabled", bool(req.camera.get("network.telnet")))])


telnetd_put = settings_put(
    "Telnetd", lambda cam, doc: {"network.telnet": bool_of(doc, "enabled", True)})


# -- SNMP [3P: body shape from Hikvision's web-UI JS, in the reference] ---------------------
def snmp_get(req):
    cam = req.camera
    snmp = cam.get("discovery.snmp") or {}
    read, write = snmp.get("read_community", ""), snmp.get("write_community", "")
    users = [
        ("SNMPUser", [
            ("id", i),
            ("userName", u.get("username", "")),
            ("snmpAuthenticationMethod", u.get("auth", "none")),
            ("snmpPrivacyMethod", u.get("privacy", "none")),
        ])
        for i, u in enumerate(snmp.get("v3_users") or [], start=1) if isinstance(u, dict)
    ]
    return isapi_xml.document(cam, "SNMP", [
        # [INF: the reference elides SNMPv1c's children; taken to mirror SNMPv2c's]
        ("SNMPv1c", [
            ("enabled", bool(snmp.get("v1"))),
            ("writeCommunity", write),
            ("readCommunity", read),
        ]),
        ("SNMPv2c", [
            ("notificationEnabled", False),
            ("SNMPTrapReceiverList", [
                ("SNMPTrapReceiver", [
                    ("id", 1),
                    ("ReceiverAddress", [("addressingFormatType", "ipaddress"),
                                         ("ipAddress", "0.0.0.0")]),
                    ("notificationType", "trap"),
                    ("communityString", None),
                ]),
            ]),
            ("enabled", bool(snmp.get("v2c"))),
            ("writeCommunity", write),
            ("readCommunity", read),
        ]),
        ("SNMPAdvanced", [
            ("localEngineID", None),
            ("SNMPUserList", users),
            ("enabled", bool(snmp.get("v3"))),
        ]),
        ("listenPort", SNMP_PORT),
    ])


def _community(section, tag):
    value = text_of(section, tag)
    if value is not None and (len(value) > MAX_COMMUNITY_LEN
                              or any(ord(c) < 32 for c in value)):
        raise BadValue("<%s> too long or not printable" % tag)
    return value


def _snmp_writes(cam, doc):
    """Only what the body carries changes. The emulator keeps one read and one write
    community for v1 and v2c, so a body that gives the two versions different
    communities is refused rather than half kept."""
    sections = {tag: child(doc, tag) for tag in ("SNMPv1c", "SNMPv2c", "SNMPAdvanced")}
    if all(s is None for s in sections.values()) and child(doc, "listenPort") is None:
        raise isapi_xml.BadXml("<SNMP> carries none of SNMPv1c, SNMPv2c, SNMPAdvanced")
    # The port is fixed (the emulator answers SNMP on the fleet's port): any other is
    # refused so a client does not believe it moved.
    port = int_of(doc, "listenPort", 1, 65535)
    if port is not None and port != SNMP_PORT:
        raise BadValue("listenPort cannot be changed")

    current = cam.get("discovery.snmp") or {}
    versions = {"v1": current.get("v1"), "v2c": current.get("v2c"), "v3": current.get("v3")}
    writes = {}
    for key, tag in (("v1", "SNMPv1c"), ("v2c", "SNMPv2c"), ("v3", "SNMPAdvanced")):
        section = sections[tag]
        if section is None:
            continue
        enabled = bool_of(section, "enabled")
        if enabled is not None:
            versions[key] = enabled
            writes["discovery.snmp." + key] = enabled
    for state_key, tag in (("read_community", "readCommunity"),
                           ("write_community", "writeCommunity")):
        given = {_community(s, tag) for s in (sections["SNMPv1c"], sections["SNMPv2c"])
                 if s is not None} - {None}
        if len(given) > 1:
            raise BadValue("SNMPv1c and SNMPv2c %s differ" % tag)
        if given:
            writes["discovery.snmp." + state_key] = given.pop()
    writes["discovery.snmp.enabled"] = any(bool(v) for v in versions.values())
    return writes


snmp_put = settings_put("SNMP", _snmp_writes)
