"""What the network shows, asked with third-party clients: is a camera's discovery
service answering? Used by the integration tests to check that "off" means silent."""

import socket
import subprocess
import uuid

import dns.message
import dns.query
import dns.exception

TIMEOUT_S = 1.0


def snmp_answers(address, community="public", version="2c"):
    """Net-SNMP's snmpget asks for sysDescr; True when the camera answered."""
    proc = subprocess.run(["snmpget", "-v" + version, "-c", community, "-t", "1", "-r", "0",
                           "-On", address, "1.3.6.1.2.1.1.1.0"],
                          capture_output=True, text=True, timeout=10)
    return proc.returncode == 0 and "1.3.6.1.2.1.1.1.0" in proc.stdout


def mdns_answers(address):
    """A DNS-SD service enumeration (dnspython) to the camera's UDP 5353."""
    query = dns.message.make_query("_services._dns-sd._udp.local.", "PTR")
    try:
        reply = dns.query.udp(query, address, port=5353, timeout=TIMEOUT_S)
    except dns.exception.Timeout:
        return False
    return bool(reply.answer)


def _udp_exchange(address, port, payload):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(TIMEOUT_S)
        sock.sendto(payload, (address, port))
        try:
            data, _ = sock.recvfrom(65535)
            return data
        except socket.timeout:
            return None


def ssdp_answers(address):
    """A unicast SSDP M-SEARCH for every device to the camera's UDP 1900."""
    payload = ("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
               "MX: 1\r\nST: ssdp:all\r\n\r\n").encode()
    data = _udp_exchange(address, 1900, payload)
    return bool(data) and data.startswith(b"HTTP/1.1 200")


WSD_PROBE = """<?xml version="1.0" encoding="UTF-8"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"
 xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"
 xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"
 xmlns:dn="http://www.onvif.org/ver10/network/wsdl">
<s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>
<a:MessageID>urn:uuid:%s</a:MessageID>
<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>
<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>"""


def wsd_answers(address):
    """A directed WS-Discovery Probe for dn:NetworkVideoTransmitter to UDP 3702."""
    data = _udp_exchange(address, 3702, (WSD_PROBE % uuid.uuid4()).encode())
    return bool(data) and b"ProbeMatch" in data


def exposure(address):
    return {"snmp": snmp_answers(address), "bonjour": mdns_answers(address),
            "upnp": ssdp_answers(address), "ws_discovery": wsd_answers(address)}
