"""UPnP (SSDP) responder of the emulator: answers M-SEARCH sent to <address>:1900.

Only search requests are answered (no NOTIFY announcements: there is no multicast on
the loopback fleet). A search for `ssdp:all` gets one reply per advertised target,
as real devices send.
"""

import asyncio
import email.utils
import uuid

PORT_NAME = "ssdp"

DEVICE_TYPE = "urn:schemas-upnp-org:device:Basic:1"
ROOT_DEVICE = "upnp:rootdevice"
MAX_AGE_S = 1800
# A name space of our own, so that the device UUID is stable across restarts and
# fleets but cannot collide with UUIDs derived the same way by other software.
UUID_NAMESPACE = uuid.UUID("6f1c2a7e-3b0d-5c4e-9a8f-1d2e3f405162")


def device_uuid(camera):
    """The camera's UPnP UDN (without 'uuid:'), derived from its serial and MAC."""
    ident = camera.get("identity") or {}
    return str(uuid.uuid5(UUID_NAMESPACE, "%s/%s/%s" % (
        camera.vendor, ident.get("serial", camera.id), ident.get("mac", ""))))


def location(camera):
    port = getattr(camera, "http_port", 80)
    host = camera.address if port == 80 else "%s:%d" % (camera.address, port)
    return "http://%s/upnp/rootdesc.xml" % host


def server_header(camera):
    ident = camera.get("identity") or {}
    return "Linux/4.14 UPnP/1.0 %s-%s/%s" % (
        str(ident.get("manufacturer", "")).replace(" ", "_"),
        str(ident.get("model", "")).replace(" ", "_"), ident.get("firmware", ""))


def parse_search(data):
    """The ST of a valid M-SEARCH, else None. Header names are case-insensitive."""
    text = data.decode("utf-8", "replace")
    lines = text.replace("\r\n", "\n").split("\n")
    if lines[0].split() != ["M-SEARCH", "*", "HTTP/1.1"]:
        return None
    headers = {}
    for line in lines[1:64]:  # a search request is a handful of lines
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().upper()] = value.strip()
    if headers.get("MAN", "").strip('"') != "ssdp:discover":
        return None
    return headers.get("ST") or None


def targets(camera):
    """(ST, USN) of everything this device advertises."""
    udn = "uuid:" + device_uuid(camera)
    return [(ROOT_DEVICE, udn + "::" + ROOT_DEVICE), (udn, udn),
            (DEVICE_TYPE, udn + "::" + DEVICE_TYPE)]


def replies(camera, search_target):
    advertised = targets(camera)
    if search_target == "ssdp:all":
        chosen = advertised
    else:
        chosen = [(st, usn) for st, usn in advertised if st.lower() == search_target.lower()]
    date = email.utils.formatdate(camera.now(), usegmt=True)
    return [("HTTP/1.1 200 OK\r\n"
             "CACHE-CONTROL: max-age=%d\r\n"
             "DATE: %s\r\n"
             "EXT:\r\n"
             "LOCATION: %s\r\n"
             "SERVER: %s\r\n"
             "ST: %s\r\n"
             "USN: %s\r\n"
             "BOOTID.UPNP.ORG: 1\r\n"
             "CONFIGID.UPNP.ORG: 1\r\n"
             "\r\n" % (MAX_AGE_S, date, location(camera), server_header(camera), st, usn)
             ).encode() for st, usn in chosen]


class Responder(asyncio.DatagramProtocol):
    def __init__(self, camera):
        self.camera = camera
        self.transport = None
        self.ignored = 0  # malformed datagrams, for debugging

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.camera.count_udp(PORT_NAME)
        if not self.camera.get("discovery.upnp") and not self.camera.stuck_on(PORT_NAME):
            return
        try:
            search_target = parse_search(data)
            out = replies(self.camera, search_target) if search_target else []
        except Exception:  # noqa: BLE001 - a device drops what it cannot parse
            self.ignored += 1
            return
        if self.transport is not None:
            for reply in out:
                self.transport.sendto(reply, addr)
