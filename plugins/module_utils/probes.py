# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Active network probes: what a camera really answers, whatever its API claims.

The only place in the collection that sends raw UDP or TCP. One probe pass asks one
camera, from the controller, every selected service at once:

- snmp: v1 and v2c GETs of sysDescr with the site's community and well-known defaults,
  an SNMPv3 engine discovery (answers without credentials when v3 is on), and, with
  credentials, an authenticated v3 GET (pysnmp);
- mdns: unicast DNS-SD queries to UDP 5353 (dnspython builds and reads the packets);
- ssdp: a unicast M-SEARCH to UDP 1900, optionally a multicast one whose replies are
  kept only when they come from the camera's address;
- wsd: a directed WS-Discovery Probe for dn:NetworkVideoTransmitter to UDP 3702;
- tcp: connect checks of a port list (with the first bytes of any banner);
- tls: a handshake per TLS version and one that verifies the certificate, on the HTTPS
  port (probe_tls.py, which documents its result);
- rtsp: OPTIONS, then DESCRIBE of the known stream paths, without credentials, on the
  RTSP port (probe_rtsp.py, which documents its result).

Bounds: every probe stops at the same deadline (`timeout` after the pass starts), the
probes of a pass run concurrently in one asyncio loop, and the pass as a whole is
cut off at `timeout + PASS_MARGIN_S`. Silence costs exactly `timeout`, so a pass takes
about `timeout` whatever answers (1.5 s by default: an SSDP device may wait up to
MX = 1 s, a WS-Discovery one up to 500 ms, before it answers).
Every socket is closed before `run()` returns. From the caller's view a pass is a
plain function call: the loop lives and dies inside it (in its own thread if the
caller already runs a loop).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import ipaddress
import random
import socket
import threading
import time

from ansible_collections.camsec.ipcam.plugins.module_utils import probe_messages as msgs
from ansible_collections.camsec.ipcam.plugins.module_utils import probe_rtsp
from ansible_collections.camsec.ipcam.plugins.module_utils import probe_tls

SERVICES = ("snmp", "mdns", "ssdp", "wsd", "tcp", "tls", "rtsp")
# The probes that report what they found on their own, rather than "answering" discovery.
NOT_DISCOVERY = ("tcp", "tls", "rtsp")
# The settings-model key each probe checks (5.3.2.2 speaks of UPnP and Bonjour).
SETTING_OF = {"snmp": "snmp", "mdns": "bonjour", "ssdp": "upnp", "wsd": "ws_discovery"}
DEFAULT_PORTS = {"snmp": 161, "mdns": 5353, "ssdp": 1900, "wsd": 3702}
DEFAULT_TCP_PORTS = (21, 22, 23, 80, 443, 554)  # ftp, ssh, telnet, http, https, rtsp
DEFAULT_COMMUNITIES = ("public", "private")
DEFAULT_TIMEOUT_S = 1.5
PASS_MARGIN_S = 0.4
BANNER_WAIT_S = 0.3  # telnet, ssh and ftp speak first; http and rtsp wait for us
CONFIGURED = "(the configured community)"  # shown instead of the site's own community


def settings(services=None, timeout=None, ports=None, tcp_ports=None, snmp_community=None,
             snmp_default_communities=None, snmp_v3=None, ssdp_multicast=False,
             tls_port=None, cert_min_days=None, ca_path=None, rtsp_port=None, rtsp_paths=None):
    """A complete probe configuration, defaults filled in. `ca_path` (the connection's)
    is what the TLS probe verifies the certificate against (None: the system CAs).
    `rtsp_paths` None: the known stream paths of every supported vendor."""
    return {
        "services": sorted(set(SERVICES if services is None else services)),
        "timeout": float(timeout or DEFAULT_TIMEOUT_S),
        "ports": dict(DEFAULT_PORTS, **{k: int(v) for k, v in (ports or {}).items() if v}),
        "tcp_ports": sorted(set(int(p) for p in (
            DEFAULT_TCP_PORTS if tcp_ports is None else tcp_ports))),
        "snmp_community": snmp_community or None,
        "snmp_default_communities": list(DEFAULT_COMMUNITIES if snmp_default_communities is None
                                         else snmp_default_communities),
        "snmp_v3": snmp_v3 or None,
        "ssdp_multicast": bool(ssdp_multicast),
        "tls_port": int(tls_port or probe_tls.DEFAULT_PORT),
        "cert_min_days": int(probe_tls.DEFAULT_CERT_MIN_DAYS if cert_min_days is None
                             else cert_min_days),
        "ca_path": ca_path or None,
        "rtsp_port": int(rtsp_port or probe_rtsp.DEFAULT_PORT),
        "rtsp_paths": list(probe_rtsp.DEFAULT_PATHS) if not rtsp_paths else
        ["/" + str(p).lstrip("/") for p in rtsp_paths],
    }


def settings_from_params(probes, ca_path=None, https_port=None):
    """Probe settings from a module's `probes` option (see args.PROBE_OPTIONS) and the
    connection's `ca_path` and `https_port` (the TLS probe's port unless tls_port is given)."""
    probes = probes or {}
    ports = {name: probes.get("%s_port" % name) for name in DEFAULT_PORTS}
    v3 = probes.get("snmp_v3") or None
    if v3 and not v3.get("username"):
        v3 = None
    return settings(services=probes.get("services"), timeout=probes.get("timeout"),
                    ports=ports, tcp_ports=probes.get("tcp_ports"),
                    snmp_community=probes.get("snmp_community"),
                    snmp_default_communities=probes.get("snmp_default_communities"),
                    snmp_v3=v3, ssdp_multicast=probes.get("ssdp_multicast"),
                    tls_port=probes.get("tls_port") or https_port,
                    cert_min_days=probes.get("cert_min_days"), ca_path=ca_path,
                    rtsp_port=probes.get("rtsp_port"), rtsp_paths=probes.get("rtsp_paths"))


def run(host, config):
    """One probe pass against `host`: the camera's exposure, as plain data."""
    started = time.monotonic()
    try:
        address = resolve(host)
    except (OSError, ValueError) as exc:
        return {"host": host, "address": None, "probed": [], "answering": [],
                "error": "cannot resolve %s: %s" % (host, exc)}
    results = _run_coroutine(lambda: _pass(address, config, host))
    exposure = {"host": host, "address": address, "probed": list(config["services"]),
                "timeout_s": config["timeout"]}
    exposure.update(results)
    # the discovery services that answered; tcp, tls and rtsp say what they found on their own
    exposure["answering"] = sorted(s for s in config["services"]
                                   if s not in NOT_DISCOVERY and (results.get(s) or {}).get("answered"))
    exposure["elapsed_s"] = round(time.monotonic() - started, 3)
    return exposure


class Background(object):
    """A probe pass in a thread of its own, so that it overlaps the camera's API reads
    (compliance_facts): result() waits for it, bounded."""

    def __init__(self, host, config):
        self.config = config
        self.value = None
        self.thread = threading.Thread(target=self._work, args=(host, config),
                                       name="ipcam-probes-%s" % host)
        self.thread.daemon = True
        self.thread.start()

    def _work(self, host, config):
        try:
            self.value = run(host, config)
        except Exception as exc:  # pylint: disable=broad-except
            self.value = {"host": host, "probed": [], "answering": [],
                          "error": "probe pass failed: %s" % exc}

    def result(self):
        self.thread.join(self.config["timeout"] + PASS_MARGIN_S + 5)
        if self.value is None:
            return {"probed": [], "answering": [], "error": "probe pass did not finish"}
        return self.value


def resolve(host):
    """The IP address to probe. A name is resolved once, up front, so that no probe
    waits on DNS inside the timed pass."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, None, socket.AF_UNSPEC, socket.SOCK_DGRAM)
    if not infos:
        raise ValueError("no address")
    return infos[0][4][0]


def _run_coroutine(factory):
    """asyncio.run, also from a thread whose loop is already running."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    box = {}
    worker = threading.Thread(target=lambda: box.update(value=asyncio.run(factory())))
    worker.start()
    worker.join()
    return box.get("value", {})


async def _pass(address, config, host=None):
    deadline = time.monotonic() + config["timeout"]
    probes = {"snmp": _snmp, "mdns": _mdns, "ssdp": _ssdp, "wsd": _wsd, "tcp": _tcp,
              # the certificate is checked against the name the camera is managed at
              "tls": lambda a, c, d: probe_tls.probe(a, c, d, host=host),
              "rtsp": probe_rtsp.probe}
    names = [n for n in SERVICES if n in config["services"]]
    tasks = [asyncio.ensure_future(_guarded(probes[n], address, config, deadline)) for n in names]
    done, pending = await asyncio.wait(tasks, timeout=config["timeout"] + PASS_MARGIN_S)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=PASS_MARGIN_S)
    out = {}
    for name, task in zip(names, tasks):
        if task in done and not task.cancelled():
            out[name] = task.result()
        else:
            out[name] = {"answered": False, "error": "no result within the pass bound"}
    return out


async def _guarded(probe, address, config, deadline):
    """A probe's failure (a missing library, a socket error) is its own result: the
    other probes of the pass go on."""
    try:
        return await probe(address, config, deadline)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # pylint: disable=broad-except
        return {"answered": False, "error": "%s: %s" % (type(exc).__name__, exc)}


# -- UDP: send, then collect the replies that come from the camera ------------------------

class _Collector(asyncio.DatagramProtocol):
    """Keeps datagrams from one address, any source port: WS-Discovery publishers
    answer from another socket than the one on port 3702, so the socket is not
    connected and replies are filtered by address instead."""

    def __init__(self, address, read, done):
        self.address = address
        self.read = read
        self.done = done
        self.replies = []
        self.finished = asyncio.Event()

    def datagram_received(self, data, addr):
        if addr[0] != self.address:
            return
        parsed = self.read(data)
        if parsed is None:
            return
        self.replies.append((data, parsed))
        if self.done(self.replies):
            self.finished.set()

    def error_received(self, exc):
        pass  # ICMP unreachable: the same as silence for a probe


async def _udp_exchange(address, port, payloads, deadline, read, done, multicast=False):
    """Send every payload (to the camera, or to the SSDP group), then collect the
    camera's replies until `done(replies)` or the deadline."""
    loop = asyncio.get_running_loop()
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.setblocking(False)
        sock.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
        if multicast:
            _prepare_multicast(sock, address, port)
        transport, protocol = await loop.create_datagram_endpoint(
            lambda: _Collector(address, read, done), sock=sock)
    except BaseException:
        sock.close()
        raise
    try:
        target = msgs.SSDP_MULTICAST if multicast else (address, port)
        for payload in payloads:
            transport.sendto(payload, target)
        remaining = deadline - time.monotonic()
        if remaining > 0:
            try:
                await asyncio.wait_for(protocol.finished.wait(), remaining)
            except asyncio.TimeoutError:
                pass
        return protocol.replies
    finally:
        transport.close()


def _prepare_multicast(sock, address, port):
    """Send the SSDP multicast out of the interface that reaches the camera: the one
    the routing table picks for its address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((address, port))
        local = probe.getsockname()[0]
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(local))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)


def _request_ids(count):
    start = random.randint(1, 2 ** 30)
    return list(range(start, start + count))


# -- the probes --------------------------------------------------------------------------

async def _snmp(address, config, deadline):
    if not msgs.HAS_PYSNMP:
        raise RuntimeError("the pysnmp Python package is required for the SNMP probe")
    port = config["ports"]["snmp"]
    communities = []
    if config["snmp_community"]:
        communities.append((config["snmp_community"], CONFIGURED))
    for community in config["snmp_default_communities"]:
        if community not in [known for known, shown in communities]:
            communities.append((community, community))
    asks, ids = {}, _request_ids(2 * len(communities) + 1)
    for version in ("v1", "v2c"):
        for community, shown in communities:
            asks[ids.pop()] = (version, community, shown)
    payloads = [msgs.snmp_get_sysdescr(ask[0], ask[1], rid) for rid, ask in asks.items()]
    v3_msg_id = ids.pop()
    results = await asyncio.gather(
        _udp_exchange(address, port, payloads, deadline, msgs.read_snmp_response,
                      lambda replies: len(replies) >= len(payloads)),
        _snmp_v3(address, port, config["snmp_v3"], v3_msg_id, deadline))
    answered, evidence = [], []
    for data, reply in results[0]:
        ask = asks.get(reply["request_id"])
        if ask is None or ask[0] != reply["version"]:
            continue  # not one of our requests
        version, shown = ask[0], ask[2]
        answered.append((version, shown))
        proof = {"version": version, "community": shown, "sys_descr": reply["sys_descr"]}
        if shown != CONFIGURED:  # the reply echoes the community: keep the site's own out
            proof["first_bytes"] = msgs.first_bytes(data)
        evidence.append(proof)
    v3 = results[1]
    versions = sorted(set(version for version, shown in answered))
    if v3["answered"] or (v3.get("authenticated") or {}).get("answered"):
        versions.append("v3")
    return {
        "answered": bool(versions),
        "port": port,
        "versions": versions,
        "communities": sorted(set(shown for version, shown in answered)),
        "tried_communities": [shown for community, shown in communities],
        "v3": v3,
        "evidence": evidence,
    }


async def _snmp_v3(address, port, creds, msg_id, deadline):
    """SNMPv3: the engine discovery (no credentials needed: an agent with v3 on reports
    its engine ID), then, with credentials, a GET at the user's security level with the
    engine's boots and time from that report. Says whether the agent accepted them;
    never shows the passwords."""
    found = await _udp_exchange(address, port, [msgs.snmp_v3_discovery(msg_id, msg_id)],
                                deadline, lambda d: msgs.read_snmp_v3_report(d, msg_id),
                                lambda replies: True)
    out = {"answered": bool(found)}
    if not found:
        if creds:
            out["authenticated"] = {"user": creds["username"], "answered": False}
        return out
    data, report = found[0]
    out.update(engine_id=report["engine_id"], report=report["report"],
               first_bytes=msgs.first_bytes(data))
    if not creds:
        return out
    engine = bytes(bytearray.fromhex(report["engine_id"]))
    keys = msgs.snmp_v3_keys(creds, engine)
    get_id = msg_id + 1
    request = msgs.snmp_v3_get_sysdescr(creds["username"], keys, engine, report["boots"],
                                        report["time"], get_id, get_id)
    replies = await _udp_exchange(address, port, [request], deadline,
                                  lambda d: msgs.read_snmp_v3_response(d, get_id, keys),
                                  lambda replies: True)
    checked = {"user": creds["username"], "answered": bool(replies)}
    if replies:
        checked.update(replies[0][1])
    out["authenticated"] = checked
    return out


async def _mdns(address, config, deadline):
    if not msgs.HAS_DNSPYTHON:
        raise RuntimeError("the dnspython Python package is required for the mDNS probe")
    port = config["ports"]["mdns"]
    names = (msgs.SERVICE_ENUMERATION,) + msgs.CAMERA_SERVICE_TYPES
    ids = _request_ids(len(names))
    asked = dict(zip([i & 0xFFFF for i in ids], names))
    payloads = [msgs.mdns_query(name, qid) for qid, name in asked.items()]
    replies = await _udp_exchange(address, port, payloads, deadline, msgs.read_mdns_answer,
                                  lambda replies: len(replies) >= len(payloads))
    found, evidence = {}, []
    for data, reply in replies:
        name = asked.get(reply["id"])
        if name is None:
            continue
        found.setdefault(name, []).extend(reply["names"])
        evidence.append({"query": name, "answers": reply["names"][:8],
                         "first_bytes": msgs.first_bytes(data)})
    types = sorted(set(found.get(msgs.SERVICE_ENUMERATION, [])) |
                   set(n for n in found if n != msgs.SERVICE_ENUMERATION))
    instances = sorted(set(i for n, v in found.items() if n != msgs.SERVICE_ENUMERATION
                           for i in v))
    return {"answered": bool(found), "port": port, "service_types": types,
            "instances": instances[:16], "evidence": evidence}


async def _ssdp(address, config, deadline):
    port = config["ports"]["ssdp"]
    jobs = [_udp_exchange(address, port, [msgs.ssdp_m_search()], deadline,
                          msgs.read_ssdp_response, lambda replies: True)]
    if config["ssdp_multicast"] and ":" not in address:
        jobs.append(_udp_exchange(address, port, [msgs.ssdp_m_search()], deadline,
                                  msgs.read_ssdp_response, lambda replies: True,
                                  multicast=True))
    results = await asyncio.gather(*jobs)
    out = {"answered": False, "port": port, "modes": ["unicast"] +
           (["multicast"] if len(jobs) > 1 else [])}
    for mode, replies in zip(("unicast", "multicast"), results):
        if replies and not out["answered"]:
            data, reply = replies[0]
            out.update(answered=True, answered_to=mode, server=reply["server"],
                       usn=reply["usn"], location=reply["location"],
                       first_bytes=msgs.first_bytes(data))
    return out


async def _wsd(address, config, deadline):
    port = config["ports"]["wsd"]
    message_id, payload = msgs.wsd_probe()
    replies = await _udp_exchange(
        address, port, [payload], deadline,
        lambda data: msgs.read_wsd_probe_matches(data, message_id), lambda replies: True)
    out = {"answered": bool(replies), "port": port, "types": "dn:NetworkVideoTransmitter"}
    if replies:
        data, reply = replies[0]
        out.update(xaddrs=reply["xaddrs"], scopes=reply["scopes"],
                   first_bytes=msgs.first_bytes(data))
    return out


async def _tcp(address, config, deadline):
    ports = config["tcp_ports"]
    states = await asyncio.gather(*[_tcp_port(address, p, deadline) for p in ports])
    out = {"open": [], "closed": [], "filtered": [], "banners": {}}
    for port, (state, banner) in zip(ports, states):
        out[state].append(port)
        if banner:
            out["banners"][str(port)] = banner
    out["probed_ports"] = list(ports)
    out["answered"] = bool(out["open"])
    return out


async def _tcp_port(address, port, deadline):
    """open (connected), closed (refused) or filtered (no answer before the deadline).
    A service that speaks first (telnet, ssh, ftp) leaves its first bytes as evidence."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return "filtered", None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(address, port),
                                                remaining)
    except asyncio.TimeoutError:
        return "filtered", None
    except ConnectionRefusedError:
        return "closed", None
    except OSError:
        return "filtered", None  # unreachable: nothing answers from there
    banner = None
    try:
        wait = min(BANNER_WAIT_S, deadline - time.monotonic())
        if wait > 0:
            data = await asyncio.wait_for(reader.read(msgs.EVIDENCE_BYTES), wait)
            banner = msgs.first_bytes(data) if data else None
    except (asyncio.TimeoutError, OSError):
        pass
    finally:
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), 0.2)
        except (asyncio.TimeoutError, OSError):
            pass
    return "open", banner
