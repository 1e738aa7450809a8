# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # The network probes (plugins/module_utils/probes.py), shared by camera_facts and
    # compliance_facts. Keep in step with args.PROBE_OPTIONS.
    DOCUMENTATION = r'''
options:
  probes:
    description:
      - Settings of the network probes, which check from the controller what the camera
        really answers on the network, whatever its API says.
      - All probes of a camera run at the same time; a whole pass takes about O(probes.timeout)
        seconds (silence is only known when the timeout has passed).
      - The probes need the C(pysnmp) and C(dnspython) Python packages on the host that runs the task.
      - Every port option is a number from 1 to 65535, checked before anything is sent.
    type: dict
    suboptions:
      services:
        description:
          - Which probes to run. Leave one out where a firewall between the controller and
            the cameras would make it meaningless (the baseline role's C(ipcam_probe_*) toggles).
          - V(snmp) v1/v2c GETs with the communities below, an SNMPv3 engine discovery, and an
            authenticated v3 GET when O(probes.snmp_v3) is given (UDP 161).
          - V(mdns) DNS-SD queries for the service list and common camera service types (UDP 5353).
          - V(ssdp) a UPnP M-SEARCH (UDP 1900).
          - V(wsd) a WS-Discovery Probe for C(dn:NetworkVideoTransmitter) (UDP 3702).
          - V(tcp) connect checks of O(probes.tcp_ports).
          - V(tls) TLS handshakes on O(probes.tls_port), one per protocol version (TLSv1 to TLSv1.3),
            and one that verifies the certificate against O(ca_path) (or the system CAs without it).
            A version the controller's own TLS library cannot offer is reported as untestable.
          - V(rtsp) an RTSP OPTIONS, then a DESCRIBE of each of O(probes.rtsp_paths), on O(probes.rtsp_port),
            never with credentials (so it can never count as a failed login); reports per path the
            status, whether a login is required (401) and the authentication schemes offered.
        type: list
        elements: str
        choices: [snmp, mdns, ssdp, wsd, tcp, tls, rtsp]
        default: [snmp, mdns, ssdp, wsd, tcp, tls, rtsp]
      timeout:
        description:
          - Seconds each probe waits for an answer; the pass ends at most 0.4 s later.
            More than 0 and at most 60.
          - 1.5 s leaves room for SSDP devices that wait up to MX = 1 s and WS-Discovery
            devices that wait up to 500 ms before they answer.
        type: float
        default: 1.5
      snmp_community:
        description:
          - The read community configured on the cameras, tried first. Never shown in the
            results (they say C(the configured community) instead).
        type: str
      snmp_default_communities:
        description:
          - Well-known communities to try as well; an answer to one of them is reported with its name.
        type: list
        elements: str
        default: [public, private]
      snmp_v3:
        description:
          - SNMPv3 credentials for an authenticated GET; the results say whether the agent accepted
            them. The passwords are never shown.
          - Without them the probe still sees whether SNMPv3 answers (engine discovery needs no credentials).
        type: dict
        suboptions:
          username:
            description: USM user name.
            type: str
            required: true
          auth_protocol:
            description: Authentication protocol.
            type: str
            default: sha
            choices: [md5, sha, sha224, sha256, sha384, sha512, none]
          auth_password:
            description: Authentication passphrase.
            type: str
          priv_protocol:
            description: Privacy protocol. Default V(aes) when O(probes.snmp_v3.priv_password) is given, else V(none).
            type: str
            choices: [des, aes, none]
          priv_password:
            description: Privacy passphrase.
            type: str
      tcp_ports:
        description:
          - TCP ports to try to connect to (telnet, SSH, FTP, HTTP, HTTPS, RTSP by default), each 1 to 65535.
          - A port is V(open) (connected), V(closed) (refused) or V(filtered) (no answer in time).
        type: list
        elements: int
        default: [21, 22, 23, 80, 443, 554]
      ssdp_multicast:
        description:
          - Also send the M-SEARCH to the SSDP multicast group, out of the interface that
            reaches the camera, and keep only replies from the camera's address.
          - Only useful when the controller shares the camera's network segment; some responders
            (minidlna, for one) listen on the multicast group only and never hear a unicast search.
        type: bool
        default: false
      snmp_port:
        description: UDP port of the SNMP agent.
        type: int
        default: 161
      mdns_port:
        description: UDP port of the mDNS responder.
        type: int
        default: 5353
      ssdp_port:
        description: UDP port of the SSDP responder (unicast search).
        type: int
        default: 1900
      wsd_port:
        description: UDP port of the WS-Discovery target service.
        type: int
        default: 3702
      tls_port:
        description:
          - TCP port of the camera's HTTPS server, for the V(tls) probe.
          - Default is the connection's O(https_port).
        type: int
      cert_min_days:
        description:
          - The V(tls) probe flags a certificate that expires in fewer days than this (C(expires_soon)).
          - From 0 to 3650.
        type: int
        default: 30
      rtsp_port:
        description:
          - TCP port of the camera's RTSP server, for the V(rtsp) probe. Default 554.
        type: int
      rtsp_paths:
        description:
          - Stream paths the V(rtsp) probe asks for (DESCRIBE), such as C(/Streaming/Channels/102).
          - Default is the documented main-stream path of every vendor the collection has a driver
            for (for example Axis C(/axis-media/media.amp), Hikvision C(/Streaming/Channels/101)), and
            C(/onvif/media/profile1), the path of the test emulator's ONVIF cameras (a real ONVIF camera
            names its own stream URI in C(GetStreamUri), which this collection does not call yet, so list
            it here). Control 5.5.1 judges the camera's own vendor's path, or every path given here when
            none of them is.
        type: list
        elements: str
'''
