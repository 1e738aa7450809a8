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
probes of a pass run concurrently in one asyncio loop, and the pass as a whole is cut
off at `pass_bound()`. A probe stops earlier as soon as its answer is definite (a reply,
an ICMP port-unreachable seen as ECONNREFUSED on a connected UDP socket, a TCP accept or
reset: probe_sockets.py), so a pass of refusals and replies ends when the last of them
arrives; only true silence waits for the deadline, and stays "no answer" (an SSDP device
may wait up to MX = 1 s, a WS-Discovery one up to 500 ms, before it answers: 1.5 s by
default). What reached a socket before the deadline counts even when this process, short
of CPU, reads it late. Each probe says why it stopped (`ended_by`: "replies",
"refusal", "deadline"; UDP probes also `elapsed_until_answer`), and the pass lists the
services that waited for the deadline (`waited_for_silence`).
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
from ansible_collections.camsec.ipcam.plugins.module_utils import probe_sockets as sockets
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
# HTTP, HTTPS and RTSP never speak first: waiting for their banner would only make every
# pass with one of them open wait BANNER_WAIT_S for silence.
SPEAKS_SECOND = (80, 443, 554, 8080, 8443)
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
        self.thread.join(pass_bound(self.config) + 5)
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


def pass_bound(config):
    """How long a pass may take at most: the timeout, plus the grace periods the TLS and
    RTSP probes may take on a connection the camera accepted (one for a TLS handshake in
    flight; one per RTSP request while the camera keeps answering: probe_tls,
    probe_rtsp), plus a margin for closing sockets. Only a camera that answers, slowly,
    uses them; silence ends at the timeout."""
    graces = 0
    if "tls" in config["services"]:
        graces = 1
    if "rtsp" in config["services"]:
        graces = max(graces, probe_rtsp.requests_of(config.get("rtsp_paths") or
                                                    probe_rtsp.DEFAULT_PATHS))
    return config["timeout"] * (1 + graces) + PASS_MARGIN_S


async def _pass(address, config, host=None):
    deadline = time.monotonic() + config["timeout"]
    probes = {"snmp": _snmp, "mdns": _mdns, "ssdp": _ssdp, "wsd": _wsd, "tcp": _tcp,
              # the certificate is checked against the name the camera is managed at
              "tls": lambda a, c, d: probe_tls.probe(a, c, d, host=host),
              "rtsp": probe_rtsp.probe}
    names = [n for n in SERVICES if n in config["services"]]
    tasks = [asyncio.ensure_future(_guarded(probes[n], address, config, deadline)) for n in names]
    # Each probe ends on its own definite answer; the pass ends with the last of them.
    done, pending = await asyncio.wait(tasks, timeout=pass_bound(config))
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=PASS_MARGIN_S)
    out = {}
    for name, task in zip(names, tasks):
        if task in done and not task.cancelled():
            out[name] = task.result()
        else:
            out[name] = {"answered": False, "error": "no result within the pass bound",
                         "ended_by": "deadline"}
    # The services whose probe had to wait for the deadline (true silence, or a
    # filtered TCP port): the pass ended early exactly when this is empty.
    out["waited_for_silence"] = sorted(n for n in names if out[n].get("ended_by") == "deadline")
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

ENDED_BY = {sockets.REPLIED: "replies", sockets.REFUSED: "refusal", sockets.SILENT: "deadline"}


def _udp_exchange(address, port, payloads, deadline, read, done, multicast=False):
    """Send every payload (to the camera, or to the SSDP group), then collect the
    camera's replies until `done(replies)`, an ICMP port-unreachable or the deadline
    (probe_sockets.UdpExchange): the finished exchange."""
    return sockets.udp_exchange(address, port, payloads, deadline, read, done,
                                multicast_group=msgs.SSDP_MULTICAST if multicast else None)


class _NothingAsked(object):
    """The exchange of no requests (no community to try): answered as much as it will be."""
    replies = []
    outcome = sockets.REPLIED
    elapsed_until_answer = 0.0
    wakeups = 0


async def _nothing_asked():
    return _NothingAsked()


def _ended(exchanges):
    """Why a probe made of these exchanges stopped, and when it knew: `ended_by`
    "deadline" (one of them waited for silence, which stays "no answer"), else
    "refusal" (the port is closed: ICMP port-unreachable) or "replies" (every request
    answered as much as it will be); `elapsed_until_answer` in seconds from the send, None for
    silence. Counted, not timed, by the tests: a closed port ends by "refusal"."""
    outcomes = [e.outcome for e in exchanges]
    if not outcomes or sockets.SILENT in outcomes:
        ended = sockets.SILENT  # it stopped when that one's deadline came
    elif sockets.REFUSED in outcomes:
        ended = sockets.REFUSED
    else:
        ended = sockets.REPLIED
    times = [e.elapsed_until_answer for e in exchanges if e.outcome == ended]
    return {"ended_by": ENDED_BY[ended],
            "elapsed_until_answer": max(times) if ended != sockets.SILENT and times else None,
            "wakeups": sum(e.wakeups for e in exchanges)}


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
    # A wrong community gets no reply at all (an agent only counts it), so an agent that
    # knows one community of two still leaves this exchange waiting for the deadline.
    v1v2, (v3, v3_exchanges) = await asyncio.gather(
        _udp_exchange(address, port, payloads, deadline, msgs.read_snmp_response,
                      lambda replies: len(replies) >= len(payloads))
        if payloads else _nothing_asked(),
        _snmp_v3(address, port, config["snmp_v3"], v3_msg_id, deadline))
    answered, evidence = [], []
    for data, reply in v1v2.replies:
        ask = asks.get(reply["request_id"])
        if ask is None or ask[0] != reply["version"]:
            continue  # not one of our requests
        version, shown = ask[0], ask[2]
        answered.append((version, shown))
        proof = {"version": version, "community": shown, "sys_descr": reply["sys_descr"]}
        if shown != CONFIGURED:  # the reply echoes the community: keep the site's own out
            proof["first_bytes"] = msgs.first_bytes(data)
        evidence.append(proof)
    versions = sorted(set(version for version, shown in answered))
    if v3["answered"] or (v3.get("authenticated") or {}).get("answered"):
        versions.append("v3")
    out = {
        "answered": bool(versions),
        "port": port,
        "versions": versions,
        "communities": sorted(set(shown for version, shown in answered)),
        "tried_communities": [shown for community, shown in communities],
        "v3": v3,
        "evidence": evidence,
    }
    out.update(_ended([v1v2] + v3_exchanges))
    return out


async def _snmp_v3(address, port, creds, msg_id, deadline):
    """SNMPv3: the engine discovery (no credentials needed: an agent with v3 on reports
    its engine ID), then, with credentials, a GET at the user's security level with the
    engine's boots and time from that report. Says whether the agent accepted them;
    never shows the passwords. Returns (result, the exchanges made)."""
    discovery = await _udp_exchange(address, port, [msgs.snmp_v3_discovery(msg_id, msg_id)],
                                    deadline, lambda d: msgs.read_snmp_v3_report(d, msg_id),
                                    lambda replies: True)
    found = discovery.replies
    out = {"answered": bool(found)}
    if not found:
        if creds:
            out["authenticated"] = {"user": creds["username"], "answered": False}
        return out, [discovery]
    data, report = found[0]
    out.update(engine_id=report["engine_id"], report=report["report"],
               first_bytes=msgs.first_bytes(data))
    if not creds:
        return out, [discovery]
    engine = bytes(bytearray.fromhex(report["engine_id"]))
    keys = msgs.snmp_v3_keys(creds, engine)
    get_id = msg_id + 1
    request = msgs.snmp_v3_get_sysdescr(creds["username"], keys, engine, report["boots"],
                                        report["time"], get_id, get_id)
    # Sent once, never repeated: it carries the credentials (a retry could count as a
    # second failed authentication on the agent).
    get = await _udp_exchange(address, port, [request], deadline,
                              lambda d: msgs.read_snmp_v3_response(d, get_id, keys),
                              lambda replies: True)
    checked = {"user": creds["username"], "answered": bool(get.replies)}
    if get.replies:
        checked.update(get.replies[0][1])
    out["authenticated"] = checked
    return out, [discovery, get]


def _mdns_complete(replies, asked, payloads):
    """Every query answered, or the DNS-SD enumeration answered and every camera type it
    lists (among those asked) answered too: a responder stays silent about a type it
    does not have, so waiting for those would only wait for the deadline."""
    if len(replies) >= len(payloads):
        return True
    found = {}
    for data, reply in replies:
        name = asked.get(reply["id"])
        if name is not None:
            found.setdefault(name, []).extend(reply["names"])
    if msgs.SERVICE_ENUMERATION not in found:
        return False
    listed = set(found[msgs.SERVICE_ENUMERATION]) & set(asked.values())
    return listed <= set(found)


async def _mdns(address, config, deadline):
    if not msgs.HAS_DNSPYTHON:
        raise RuntimeError("the dnspython Python package is required for the mDNS probe")
    port = config["ports"]["mdns"]
    names = (msgs.SERVICE_ENUMERATION,) + msgs.CAMERA_SERVICE_TYPES
    ids = _request_ids(len(names))
    asked = dict(zip([i & 0xFFFF for i in ids], names))
    payloads = [msgs.mdns_query(name, qid) for qid, name in asked.items()]
    exchange = await _udp_exchange(address, port, payloads, deadline, msgs.read_mdns_answer,
                                   lambda replies: _mdns_complete(replies, asked, payloads))
    found, evidence = {}, []
    for data, reply in exchange.replies:
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
    out = {"answered": bool(found), "port": port, "service_types": types,
           "instances": instances[:16], "evidence": evidence}
    out.update(_ended([exchange]))
    return out


async def _ssdp(address, config, deadline):
    port = config["ports"]["ssdp"]
    modes = ["unicast"]
    if config["ssdp_multicast"] and ":" not in address:
        modes.append("multicast")
    exchanges = []
    try:
        for mode in modes:
            exchange = sockets.UdpExchange(
                address, port, msgs.read_ssdp_response, lambda replies: True,
                multicast_group=msgs.SSDP_MULTICAST if mode == "multicast" else None).open()
            exchanges.append(exchange)
            if mode == "multicast":
                sockets.prepare_multicast(exchange.sender, address, port)
            exchange.send([msgs.ssdp_m_search()])
        # One reply, either way, is the answer: the other need not wait for its deadline.
        # A refused unicast proves nothing about the group (minidlna listens there only).
        tasks = [asyncio.ensure_future(e.collect(deadline)) for e in exchanges]
        try:
            pending = set(tasks)
            while pending:
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                if any(e.outcome == sockets.REPLIED for e in exchanges):
                    break
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for exchange in exchanges:
            exchange.close()
    out = {"answered": False, "port": port, "modes": modes}
    for mode, exchange in zip(modes, exchanges):
        if exchange.replies and not out["answered"]:
            data, reply = exchange.replies[0]
            out.update(answered=True, answered_to=mode, server=reply["server"],
                       usn=reply["usn"], location=reply["location"],
                       first_bytes=msgs.first_bytes(data))
    replied = [e for e in exchanges if e.outcome == sockets.REPLIED]
    out.update(_ended(replied[:1] or exchanges))
    return out


async def _wsd(address, config, deadline):
    port = config["ports"]["wsd"]
    message_id, payload = msgs.wsd_probe()
    exchange = await _udp_exchange(
        address, port, [payload], deadline,
        lambda data: msgs.read_wsd_probe_matches(data, message_id), lambda replies: True)
    out = {"answered": bool(exchange.replies), "port": port,
           "types": "dn:NetworkVideoTransmitter"}
    if exchange.replies:
        data, reply = exchange.replies[0]
        out.update(xaddrs=reply["xaddrs"], scopes=reply["scopes"],
                   first_bytes=msgs.first_bytes(data))
    out.update(_ended([exchange]))
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
    out["ended_by"] = "deadline" if out["filtered"] else "replies"
    return out


async def _tcp_port(address, port, deadline):
    """open (connected), closed (refused) or filtered (no answer before the deadline).
    A service that speaks first (telnet, ssh, ftp) leaves its first bytes as evidence."""
    state, sock, _elapsed = await sockets.tcp_connect(address, port, deadline)
    if state != "open":
        return state, None
    banner = None
    try:
        wait = min(BANNER_WAIT_S, deadline - time.monotonic())
        if port not in SPEAKS_SECOND and wait > 0:
            loop = asyncio.get_running_loop()
            try:
                data = await asyncio.wait_for(loop.sock_recv(sock, msgs.EVIDENCE_BYTES), wait)
            except asyncio.TimeoutError:
                data = _recv_now(sock)  # a banner that came in time, read late, counts
            banner = msgs.first_bytes(data) if data else None
    except OSError:
        pass
    finally:
        sock.close()
    return "open", banner


def _recv_now(sock):
    try:
        return sock.recv(msgs.EVIDENCE_BYTES, socket.MSG_DONTWAIT)
    except OSError:
        return None
