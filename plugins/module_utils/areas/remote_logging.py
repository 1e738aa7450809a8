# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `logging`: remote syslog on, to the servers given (5.2.7).

Read model (drivers return it):
    {"enabled": bool,
     "servers": [{"host", "port", "protocol"}],   protocol udp | tcp | tls; a driver may
                                                  add vendor fields (severity, format),
                                                  which are kept on rewrite, never compared
     "max_servers": int|None,                     how many the camera keeps
     "protocols": [..]|None,                      the protocols the camera offers
     "unsupported": {key: reason}}

A server is identified by its host: naming a host already there changes its port or
protocol. States (the order of servers is not significant):
merged      add the servers that are missing, update the ones named; keep the others
overridden  exactly these servers
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError
from ansible_collections.camsec.ipcam.plugins.module_utils.hostnames import lenient_host, normalise_host

NAME = "logging"
STATES = ("merged", "overridden")
PROTOCOLS = ("udp", "tcp", "tls")
# RFC 5426 (UDP) and RFC 6587 practice (TCP) use 514; RFC 5425 (TLS) uses 6514.
DEFAULT_PORTS = {"udp": 514, "tcp": 514, "tls": 6514}
SERVER_KEYS = ("host", "port", "protocol")


def read(driver):
    return driver.read_logging()


def public(current):
    out = dict((k, v) for k, v in current.items() if not k.startswith("_"))
    out["servers"] = [public_server(s) for s in current.get("servers") or []]
    return out


def public_server(server):
    return dict((k, server.get(k)) for k in SERVER_KEYS)


def normalise_server(raw, where):
    if not isinstance(raw, dict):
        raise InputError("%s must be a dict with host, port and protocol, got %r" % (where, raw))
    unknown = set(raw) - set(SERVER_KEYS)
    if unknown:
        raise InputError("%s: unknown key%s %s" % (
            where, "" if len(unknown) == 1 else "s", ", ".join(sorted(unknown))))
    host = normalise_host(raw.get("host"), where)
    protocol = raw.get("protocol")
    protocol = "udp" if protocol is None else str(protocol).strip().lower()
    if protocol not in PROTOCOLS:
        raise InputError("%s: protocol %r is not one of %s" % (
            where, raw.get("protocol"), ", ".join(PROTOCOLS)))
    port = raw.get("port")
    if port is None:
        port = DEFAULT_PORTS[protocol]
    if isinstance(port, bool):
        raise InputError("%s: port must be a number from 1 to 65535, got %r" % (where, port))
    try:
        port = int(port)
    except (TypeError, ValueError):
        raise InputError("%s: port must be a number from 1 to 65535, got %r" % (where, port))
    if not 1 <= port <= 65535:
        raise InputError("%s: port must be a number from 1 to 65535, got %d" % (where, port))
    return {"host": host, "port": port, "protocol": protocol}


def validate(desired):
    """The desired servers, normalised; InputError before anything is read or sent."""
    state = desired.get("state") or "merged"
    if state not in STATES:
        raise InputError("state must be one of %s, got %r" % (", ".join(STATES), state))
    wanted = desired.get("servers")
    if wanted is None:
        return None
    if not isinstance(wanted, (list, tuple)):
        raise InputError("servers must be a list of {host, port, protocol}")
    servers = []
    for i, raw in enumerate(wanted):
        server = normalise_server(raw, "servers item %d" % (i + 1))
        if server["host"] in [s["host"] for s in servers]:
            raise InputError("servers: %s is listed twice (a host is one server; give it once "
                             "with its port and protocol)" % server["host"])
        servers.append(server)
    return servers


def current_servers(current):
    out = []
    for server in current.get("servers") or []:
        entry = dict(server)
        entry["host"] = lenient_host(server.get("host"))
        entry["protocol"] = str(server.get("protocol") or "").lower()
        try:
            entry["port"] = int(server.get("port"))
        except (TypeError, ValueError):
            entry["port"] = DEFAULT_PORTS.get(entry["protocol"])
        out.append(entry)
    return out


def _keys(servers):
    return sorted((s["host"], s["port"], s["protocol"]) for s in servers)


def plan(current, desired):
    """desired: {"enabled": bool|None, "servers": [..]|None, "state": merged|overridden}."""
    wanted = validate(desired)
    state = desired.get("state") or "merged"
    have = current_servers(current)
    final = have
    changes = []
    if wanted is not None:
        offered = current.get("protocols")
        for server in wanted:
            if offered and server["protocol"] not in offered:
                raise InputError("server %s: this camera does not offer syslog over %s (it "
                                 "offers %s)" % (server["host"], server["protocol"],
                                                 ", ".join(offered)))
        by_host = dict((s["host"], s) for s in have)
        if state == "merged":
            named = dict((s["host"], s) for s in wanted)
            final = [_merge(s, named[s["host"]]) if s["host"] in named else s for s in have]
            final += [s for s in wanted if s["host"] not in by_host]
        else:
            final = [_merge(by_host[s["host"]], s) if s["host"] in by_host else s for s in wanted]
        limit = current.get("max_servers")
        if limit is not None and len(final) > limit:
            raise InputError(
                "this camera keeps at most %d syslog server%s; the task would leave %d (%s)%s"
                % (limit, "" if limit == 1 else "s", len(final),
                   ", ".join(s["host"] for s in final),
                   "; state merged keeps the servers already there (%s): use state "
                   "overridden to replace them" % ", ".join(s["host"] for s in have)
                   if state == "merged" and have else ""))
        if _keys(final) != _keys(have):
            change = _change("servers", [public_server(s) for s in have],
                             [public_server(s) for s in final])
            change["_final"] = final
            changes.append(change)
    enabled = desired.get("enabled")
    final_enabled = bool(current.get("enabled")) if enabled is None else bool(enabled)
    if final_enabled and not final:
        raise InputError("remote logging on needs a server: the camera has none; give servers")
    if enabled is not None and bool(current.get("enabled")) != final_enabled:
        changes.append(_change("enabled", bool(current.get("enabled")), final_enabled))
    return changes


def _merge(existing, wanted):
    """The user's host, port and protocol over what the camera had (its vendor fields stay)."""
    merged = dict(existing)
    merged.update(wanted)
    return merged


def _change(key, before, after):
    return {"area": NAME, "key": key, "action": "set", "before": before, "after": after}


def apply(driver, changes, current, secrets, applied):
    values = {}
    for change in changes:
        values[change["key"]] = change.get("_final", change["after"])
    driver.write_logging(values, current)
    applied.extend(changes)


def diff(current, changes):
    return (dict((c["key"], c["before"]) for c in changes),
            dict((c["key"], c["after"]) for c in changes))
