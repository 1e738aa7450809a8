# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `time`: NTP on, with static servers, and the camera's clock offset (5.2.7).

Read model (drivers return it):
    {"ntp": bool,               time set by NTP (not manually)
     "ntp_servers": [host],     the static NTP servers
     "from_dhcp": bool,         servers taken from DHCP instead of the static list
     "offset_s": float|None,    camera clock minus the controller's, in seconds
     "max_servers": int|None,   how many static servers the camera keeps (None: not said)
     "unsupported": {key: reason}}

The offset is measured (ONVIF GetSystemDateAndTime, round-trip midpoint, one-second
resolution), reported, and never planned: no setting changes it.

States for `ntp_servers` (the order of servers is not significant):
merged      add the servers that are missing; keep the camera's others
overridden  the static list becomes exactly these servers
Giving servers also turns "servers from DHCP" off: anyone on the LAN can answer DHCP.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError, Unsupported
from ansible_collections.camsec.ipcam.plugins.module_utils.hostnames import lenient_host, normalise_host

NAME = "time"
STATES = ("merged", "overridden")
KEYS = ("ntp", "ntp_servers", "from_dhcp")


def read(driver):
    return driver.read_time()


def public(current):
    return dict((k, v) for k, v in current.items() if not k.startswith("_"))


def validate(desired):
    """The desired servers, normalised; InputError before anything is read or sent."""
    state = desired.get("state") or "merged"
    if state not in STATES:
        raise InputError("state must be one of %s, got %r" % (", ".join(STATES), state))
    wanted = desired.get("ntp_servers")
    if wanted is None:
        return None
    if not isinstance(wanted, (list, tuple)):
        raise InputError("ntp_servers must be a list of host names or addresses")
    servers = []
    for i, raw in enumerate(wanted):
        host = normalise_host(raw, "ntp_servers item %d" % (i + 1))
        if host in servers:
            raise InputError("ntp_servers: %s is listed twice" % host)
        servers.append(host)
    return servers


def plan(current, desired):
    """desired: {"ntp": bool|None, "ntp_servers": [..]|None, "state": merged|overridden}."""
    wanted = validate(desired)
    state = desired.get("state") or "merged"
    unsupported = current.get("unsupported", {})
    have = [lenient_host(h) for h in current.get("ntp_servers") or []]
    final, from_dhcp = have, bool(current.get("from_dhcp"))
    changes = []
    if wanted is not None and "ntp_servers" in unsupported:
        # The firmware cannot list its servers (ONVIF GetNTP not implemented): nothing is
        # written that could not be read back.
        raise Unsupported("ntp_servers: %s" % unsupported["ntp_servers"])
    if wanted is not None:
        if state == "merged":
            final = have + [h for h in wanted if h not in have]
        else:
            final = list(wanted)
        limit = current.get("max_servers")
        if limit is not None and len(final) > limit:
            raise InputError(
                "this camera keeps at most %d NTP server%s; the task would leave %d (%s)%s"
                % (limit, "" if limit == 1 else "s", len(final), ", ".join(final),
                   "; state merged keeps the servers already there (%s): use state "
                   "overridden to replace them" % ", ".join(have) if state == "merged" and have
                   else ""))
        if sorted(final) != sorted(have):
            changes.append(_change("ntp_servers", have, final))
        if from_dhcp and "from_dhcp" not in unsupported:
            from_dhcp = False
            changes.append(_change("from_dhcp", True, False))
    ntp = desired.get("ntp")
    final_ntp = bool(current.get("ntp")) if ntp is None else bool(ntp)
    if final_ntp and not final and not from_dhcp and "ntp_servers" not in unsupported:
        raise InputError("NTP on needs a server: the camera has no static NTP server and does "
                         "not take them from DHCP; give ntp_servers")
    if ntp is not None and bool(current.get("ntp")) != final_ntp:
        changes.append(_change("ntp", bool(current.get("ntp")), final_ntp))
    return changes


def _change(key, before, after):
    return {"area": NAME, "key": key, "action": "set", "before": before, "after": after}


def apply(driver, changes, current, secrets, applied):
    # One write for the area: servers before the mode (a camera may refuse NTP without one).
    driver.write_time(dict((c["key"], c["after"]) for c in changes), current)
    applied.extend(changes)


def diff(current, changes):
    return (dict((c["key"], c["before"]) for c in changes),
            dict((c["key"], c["after"]) for c in changes))


def in_sync(offset_s, max_offset):
    """True/False, or None when the offset could not be measured."""
    if offset_s is None or max_offset is None:
        return None
    return abs(offset_s) <= max_offset
