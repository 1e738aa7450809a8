# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module input checked before the runner opens a connection: a task with bad input
fails with InputError naming the option, and the camera never sees a request.

What needs the camera's own limits (how many masks, how many points, its user-name rule)
is checked later by the areas; everything that is wrong whatever the camera is caught here.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import os
import re

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import (
    accounts as accounts_area, remote_logging as remote_logging_area, time_sync as time_sync_area)
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError
from ansible_collections.camsec.ipcam.plugins.module_utils.hostnames import normalise_host
from ansible_collections.camsec.ipcam.plugins.module_utils.model import normalise_mask, validate_mask

# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators: any of
# them in a header or a query splits or smuggles a request (CR/LF injection).
CONTROL = re.compile(u"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_NAMES = {"\r": "CR", "\n": "LF", "\x00": "NUL", "\t": "TAB", "\x1b": "ESC", "\x7f": "DEL"}

TIMEOUT_S = (1, 300)             # per call
TASK_TIMEOUT_MAX_S = 3600        # per task and camera; at least `timeout`
PROBE_TIMEOUT_MAX_S = 60.0
CERT_MIN_DAYS_MAX = 3650
MAX_OFFSET_MAX_S = 86400.0
PORT = (1, 65535)
PROBE_PORTS = ("snmp_port", "mdns_port", "ssdp_port", "wsd_port", "tls_port", "rtsp_port")


# -- checkers, each for one kind of value --------------------------------------------------

def control_character(value):
    """A readable name of the first control character in `value`, or None."""
    found = CONTROL.search(value)
    if not found:
        return None
    char = found.group(0)
    return CONTROL_NAMES.get(char, "U+%04X" % ord(char))


def check_text(value, option, secret=False):
    """A string sent in a header, a query or XML: no control characters. A secret's value is
    never put in the message."""
    if value is None:
        return
    if not isinstance(value, str):
        raise InputError("%s must be a string" % option)
    bad = control_character(value)
    if bad:
        shown = "" if secret else " %r" % value
        raise InputError("%s%s contains a control character (%s): line breaks and other control "
                         "characters are not allowed%s"
                         % (option, shown, bad, " (the value is not shown)" if secret else ""))


def check_username(value, option):
    check_text(value, option)
    if value is not None and ":" in value:
        # HTTP Basic joins user and password with ":" (RFC 7617), so a name cannot hold one.
        raise InputError("%s %r contains ':', which HTTP authentication does not allow in a "
                         "user name" % (option, value))


def check_host(value, option):
    """An IP address (v4, v6, v6 in brackets) or a DNS host name, and nothing else: no
    scheme, user, port, path or query, which would turn the host into another URL."""
    if value is None or isinstance(value, bool) or not isinstance(value, str):
        raise InputError("%s must be a host name or an IP address, got %r" % (option, value))
    bad = control_character(value)
    if bad:
        raise InputError("%s %r contains a control character (%s): give a host name or an IP "
                         "address only" % (option, value, bad))
    if not value.strip():
        normalise_host(value, option)  # "<option>: host is empty"
    if any(c.isspace() for c in value):
        raise InputError("%s %r contains a space: give a host name or an IP address only"
                         % (option, value))
    for marker, what in (("://", "a scheme (such as https://)"), ("@", "user information (user@)"),
                         ("/", "a path ('/')"), ("?", "a query ('?')"), ("#", "a fragment ('#')")):
        if marker in value:
            raise InputError("%s %r contains %s: give the host name or IP address alone"
                             % (option, value, what))
    bare = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    if ":" in bare:
        if _ip_version(bare) != 6:
            raise InputError("%s %r is neither an IPv6 address nor a host name: a port cannot "
                             "be given in the host (use the port options)" % (option, value))
    elif bare != value:
        raise InputError("%s %r: brackets are only for IPv6 addresses" % (option, value))
    normalise_host(value, option)  # label rules and typos such as 10.0.0.01


def _ip_version(text):
    try:
        return ipaddress.ip_address(u"%s" % text).version
    except ValueError:
        return None


def check_number(value, option, low=None, high=None, low_open=False):
    """A number within bounds; low_open: strictly above `low`."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("%s must be a number, got %r" % (option, value))
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and value > high
    if too_low or too_high:
        low, high, value = _shown(low), _shown(high), _shown(value)
        if low_open:
            wanted = "more than %s" % low if high is None else "more than %s and at most %s" % (low, high)
        elif high is None:
            wanted = "at least %s" % low
        else:
            wanted = "from %s to %s" % (low, high)
        raise InputError("%s must be %s, got %s" % (option, wanted, value))


def _shown(number):
    """60.0 as 60, 1.5 as 1.5: YAML numbers come back as floats for float options."""
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return number


def check_port(value, option):
    check_number(value, option, *PORT)


def segments_cross(p1, p2, q1, q2):
    """Whether segment p1-p2 and segment q1-q2 meet (crossing or touching)."""
    def orient(a, b, c):
        cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(cross) < 1e-12 else (1 if cross > 0 else -1)

    def within(a, b, c):  # c on the line a-b: is it between a and b?
        return (min(a[0], b[0]) - 1e-12 <= c[0] <= max(a[0], b[0]) + 1e-12
                and min(a[1], b[1]) - 1e-12 <= c[1] <= max(a[1], b[1]) + 1e-12)

    o1, o2 = orient(p1, p2, q1), orient(p1, p2, q2)
    o3, o4 = orient(q1, q2, p1), orient(q1, q2, p2)
    if o1 != o2 and o3 != o4 and 0 not in (o1, o2, o3, o4):
        return True
    return ((o1 == 0 and within(p1, p2, q1)) or (o2 == 0 and within(p1, p2, q2))
            or (o3 == 0 and within(q1, q2, p1)) or (o4 == 0 and within(q1, q2, p2)))


def self_intersection(polygon):
    """(i, j): two edges of the closed polygon that cross or touch, each given by the
    1-based number of the point it starts from; None for a simple polygon. Adjacent edges
    share a point; they count only when they fold back over each other. A point given twice
    in a row is one corner (no edge of length 0)."""
    corners = []
    for number, point in enumerate(polygon, 1):
        point = tuple(point)
        if not corners or corners[-1][1] != point:
            corners.append((number, point))
    if len(corners) > 1 and corners[0][1] == corners[-1][1]:
        corners.pop()
    n = len(corners)
    edges = [(corners[i][1], corners[(i + 1) % n][1]) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a, b = edges[i]
            c, d = edges[j]
            if j == i + 1:
                met = _folds_back(b, a, d)
            elif i == 0 and j == n - 1:
                met = _folds_back(a, b, c)
            else:
                met = segments_cross(a, b, c, d)
            if met:
                return corners[i][0], corners[j][0]
    return None


def _folds_back(shared, p, q):
    """Two edges from `shared` to p and to q lie on one line, on the same side."""
    cross = (p[0] - shared[0]) * (q[1] - shared[1]) - (p[1] - shared[1]) * (q[0] - shared[0])
    dot = (p[0] - shared[0]) * (q[0] - shared[0]) + (p[1] - shared[1]) * (q[1] - shared[1])
    return abs(cross) < 1e-12 and dot > 0


def check_masks(masks, option, skip_without_polygon=False):
    """Every mask's polygon: at least 3 points [x, y] inside the picture, and simple (a
    bow-tie has no inside a camera agrees on). The camera's own limits come later.
    skip_without_polygon: merged semantics, where a mask named without its polygon keeps
    the camera's."""
    for i, raw in enumerate(masks or []):
        if not isinstance(raw, dict):
            raise InputError("%s item %d must be a dict with name and polygon" % (option, i + 1))
        where = "%s item %d (mask %s)" % (option, i + 1, raw.get("name") or i + 1)
        check_text(raw.get("name"), where + ": name")
        if raw.get("polygon") is None and skip_without_polygon:
            continue
        mask = normalise_mask(raw)
        validate_mask(mask, {}, where)
        crossing = self_intersection(mask["polygon"])
        if crossing:
            raise InputError("%s: the polygon crosses itself (its edges from point %d and from "
                             "point %d meet), like a bow-tie: give the corners in order around "
                             "the area"
                             % ((where,) + crossing))


# -- per option group ------------------------------------------------------------------------

def check_connection(params):
    check_host(params.get("host"), "host")
    check_username(params.get("username"), "username")
    check_text(params.get("password"), "password", secret=True)
    check_port(params.get("https_port"), "https_port")
    check_port(params.get("http_port"), "http_port")
    check_number(params.get("timeout"), "timeout", *TIMEOUT_S)
    task_timeout = params.get("task_timeout")
    check_number(task_timeout, "task_timeout", 1, TASK_TIMEOUT_MAX_S)
    timeout = params.get("timeout")
    if task_timeout is not None and timeout is not None and task_timeout < timeout:
        raise InputError("task_timeout (%s) must be at least timeout (%s): the task's budget "
                         "has to fit one call" % (task_timeout, timeout))
    check_ca_path(params.get("ca_path"))


def check_ca_path(value):
    """A CA file that is not there would otherwise surface as the TLS library's words on
    the first HTTPS request (or the TLS probe's); name the option and the host var."""
    if value is None:
        return
    check_text(value, "ca_path")
    if not os.path.exists(value):
        raise InputError("ca_path (host var ipcam_ca_path, or IPCAM_CA_PATH): %s does not "
                         "exist; point it at the PEM file (or directory) of the CA that "
                         "signed the cameras' certificates" % value)


def check_probes(probes):
    if not probes:
        return
    check_number(probes.get("timeout"), "probes.timeout", 0, PROBE_TIMEOUT_MAX_S, low_open=True)
    for name in PROBE_PORTS:
        check_port(probes.get(name), "probes." + name)
    for i, port in enumerate(probes.get("tcp_ports") or []):
        check_port(port, "probes.tcp_ports item %d" % (i + 1))
    check_number(probes.get("cert_min_days"), "probes.cert_min_days", 0, CERT_MIN_DAYS_MAX)
    check_text(probes.get("snmp_community"), "probes.snmp_community", secret=True)
    for i, community in enumerate(probes.get("snmp_default_communities") or []):
        check_text(community, "probes.snmp_default_communities item %d" % (i + 1))
    v3 = probes.get("snmp_v3") or {}
    check_text(v3.get("username"), "probes.snmp_v3.username")
    for key in ("auth_password", "priv_password"):
        check_text(v3.get(key), "probes.snmp_v3." + key, secret=True)


def _time_sync(params):
    check_number(params.get("max_offset"), "max_offset", 0, MAX_OFFSET_MAX_S, low_open=True)
    servers = params.get("ntp_servers")
    if isinstance(servers, (list, tuple)):
        for i, server in enumerate(servers):
            check_host(server, "ntp_servers item %d" % (i + 1))
    time_sync_area.validate({"ntp": params.get("ntp"), "ntp_servers": servers,
                             "state": params.get("state")})


def _remote_logging(params):
    servers = params.get("servers")
    if isinstance(servers, (list, tuple)):
        for i, server in enumerate(servers):
            host = server.get("host") if isinstance(server, dict) else None
            if isinstance(host, str) and host.strip():
                # missing and empty hosts, and ports: the area's own checks, just below
                check_host(host, "servers item %d: host" % (i + 1))
    remote_logging_area.validate({"enabled": params.get("enabled"), "servers": servers,
                                  "state": params.get("state")})


def _discovery_services(params):
    if params.get("snmp_versions") == []:
        raise InputError("snmp_versions is empty: to turn SNMP off, use snmp: false (snmp_versions "
                         "lists the versions allowed while SNMP is on)")


def _privacy_masks(params):
    check_text(params.get("video_source"), "video_source")
    if params.get("state") in ("deleted", "gathered"):
        return  # only names count: deleted matches by name, gathered only reads
    check_masks(params.get("masks"), "masks", skip_without_polygon=params.get("state") == "merged")


def _storage_protection(params):
    check_text(params.get("passphrase"), "passphrase", secret=True)


def _accounts(params):
    users = params.get("users")
    if isinstance(users, (list, tuple)):
        for i, user in enumerate(users):
            if isinstance(user, dict):
                check_username(user.get("name"), "users item %d: name" % (i + 1))
                check_text(user.get("password"), "users item %d: password" % (i + 1), secret=True)
        users = [dict((k, v) for k, v in u.items() if v is not None) if isinstance(u, dict) else u
                 for u in users]
    # lockout_attempts and the users' keys: the area's own checks. The camera's user-name
    # rule is checked once the driver is known (tasks/accounts.py).
    accounts_area.validate({
        "users": users, "state": params.get("state") or "merged",
        "update_password": params.get("update_password") or "on_create",
        "anonymous_access": params.get("anonymous_access"), "lockout": params.get("lockout"),
        "lockout_attempts": params.get("lockout_attempts"),
        "_connection_user": params.get("username")})


def _camera_facts(params):
    check_probes(params.get("probes"))


def check_level(params):
    """level is required, unless the action plugin read it from ipcam_level (site_vars)."""
    if params.get("level") is None:
        raise InputError("level is required (1, 2 or 3), or site_vars: true to read ipcam_level "
                         "from inventory")


def _compliance_facts(params):
    check_level(params)
    check_masks(params.get("masks"), "masks", skip_without_polygon=True)
    check_probes(params.get("probes"))


def _baseline(params):
    check_level(params)
    check_masks(params.get("masks"), "masks", skip_without_polygon=True)
    check_text(params.get("storage_passphrase"), "storage_passphrase", secret=True)
    if params.get("users"):
        # The users of 5.4.3, checked as the accounts module checks them.
        _accounts({"users": params["users"], "state": params.get("users_state"),
                   "lockout_attempts": params.get("lockout_attempts"), "username": params.get("username")})
    elif params.get("lockout_attempts") is not None:
        _accounts({"lockout_attempts": params["lockout_attempts"], "username": params.get("username")})


MODULE_CHECKS = {
    "time_sync": _time_sync, "remote_logging": _remote_logging,
    "discovery_services": _discovery_services, "privacy_masks": _privacy_masks,
    "storage_protection": _storage_protection, "accounts": _accounts,
    "camera_facts": _camera_facts, "compliance_facts": _compliance_facts, "baseline": _baseline,
}


def check(module_name, params):
    """InputError for the first thing wrong in a task's validated parameters."""
    check_connection(params)
    module_check = MODULE_CHECKS.get(module_name)
    if module_check is not None:
        module_check(params)
