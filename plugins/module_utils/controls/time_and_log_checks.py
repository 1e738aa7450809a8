# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pass/fail judgements of the time and logging areas (5.2.7): each gives (status, actual,
reason)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas.remote_logging import (
    current_servers, public_server)
from ansible_collections.camsec.ipcam.plugins.module_utils.areas.time_sync import in_sync
from ansible_collections.camsec.ipcam.plugins.module_utils.hostnames import lenient_host

# What 5.2.7 expects of each area unless the catalog or inventory says otherwise.
TIME_EXPECT = {"ntp": True, "min_servers": 1, "allow_dhcp": False, "servers": [],
               "max_offset": 5.0}
LOGGING_EXPECT = {"enabled": True, "min_servers": 1, "servers": [], "protocols": None}


def time_in_order(current, expect=None):
    """5.2.7, time part: (status, actual, reason) with status pass | fail | manual.

    expect keys (TIME_EXPECT): ntp (bool), min_servers (int), allow_dhcp (servers
    from DHCP count), servers (hosts that must be among the static servers), max_offset
    (seconds; None: the offset is not judged)."""
    want = dict(TIME_EXPECT)
    want.update(expect or {})
    servers = [lenient_host(h) for h in current.get("ntp_servers") or []]
    offset = current.get("offset_s")
    actual = {"ntp": current.get("ntp"), "ntp_servers": servers,
              "from_dhcp": current.get("from_dhcp"), "offset_s": offset,
              "in_sync": in_sync(offset, want["max_offset"])}
    problems = []
    if want["ntp"] and not current.get("ntp"):
        problems.append("NTP is off (the clock is set by hand)")
    if want["ntp"] and current.get("from_dhcp") and not want["allow_dhcp"]:
        problems.append("NTP servers come from DHCP, which anyone on the LAN can answer")
    servers_unread = current.get("unsupported", {}).get("ntp_servers")
    if want["ntp"] and not servers_unread and len(servers) < want["min_servers"] and not (
            current.get("from_dhcp") and want["allow_dhcp"]):
        problems.append("%d static NTP server%s, expected at least %d"
                        % (len(servers), "" if len(servers) == 1 else "s", want["min_servers"]))
    missing = [h for h in (lenient_host(s) for s in want["servers"] or [])
               if h not in servers and not servers_unread]
    if missing:
        problems.append("NTP server%s %s missing" % ("" if len(missing) == 1 else "s",
                                                     ", ".join(missing)))
    if actual["in_sync"] is False:
        problems.append("the clock is %.1f s off the controller's (at most %s s allowed)"
                        % (offset, want["max_offset"]))
    if problems:
        return "fail", actual, "; ".join(problems)
    if want["ntp"] and servers_unread:
        return "manual", actual, "NTP is on, but which servers it uses cannot be read: %s" \
            % servers_unread
    if want["max_offset"] is not None and offset is None:
        return ("manual", actual, "NTP is configured, but the clock offset could not be "
                "measured: %s" % current.get("unsupported", {}).get(
                    "offset_s", "the camera reports no time"))
    return "pass", actual, None


def logging_in_order(current, expect=None):
    """5.2.7, logging part: (status, actual, reason) with status pass | fail.

    expect keys (LOGGING_EXPECT): enabled (bool), min_servers (int), servers (hosts that
    must be among the servers), protocols (allowed protocols, e.g. [tls]; None: any)."""
    want = dict(LOGGING_EXPECT)
    want.update(expect or {})
    servers = [public_server(s) for s in current_servers(current)]
    actual = {"enabled": bool(current.get("enabled")), "servers": servers}
    problems = []
    if want["enabled"] and not current.get("enabled"):
        problems.append("remote syslog is off")
    if want["enabled"] and len(servers) < want["min_servers"]:
        problems.append("%d syslog server%s, expected at least %d"
                        % (len(servers), "" if len(servers) == 1 else "s", want["min_servers"]))
    hosts = [s["host"] for s in servers]
    missing = [h for h in (lenient_host(s) for s in want["servers"] or []) if h not in hosts]
    if missing:
        problems.append("syslog server%s %s missing" % ("" if len(missing) == 1 else "s",
                                                        ", ".join(missing)))
    if want["protocols"]:
        weak = ["%s over %s" % (s["host"], s["protocol"]) for s in servers
                if s["protocol"] not in want["protocols"]]
        if weak:
            problems.append("%s not allowed (allowed: %s)" % (
                ", ".join(weak), ", ".join(want["protocols"])))
    if problems:
        return "fail", actual, "; ".join(problems)
    return "pass", actual, None
