# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host names and addresses as users give them and cameras return them: validated,
then normalised (IP addresses in their canonical form, DNS names in lower case without
a trailing dot), so that `10.0.0.01`-style typos fail and `NTP.Example.` compares equal
to `ntp.example` on the next run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress
import re

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def ip_version(host):
    """4 or 6 for an IP address, None for anything else."""
    try:
        return ipaddress.ip_address(u"%s" % host).version
    except ValueError:
        return None


def normalise_host(value, where):
    """The canonical form of a host name or IP address; InputError naming `where`."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, type(u""))):
        raise InputError("%s: host must be a host name or an IP address, got %r" % (where, value))
    host = value.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]  # [2001:db8::1], as in a URL
    if not host:
        raise InputError("%s: host is empty" % where)
    try:
        return str(ipaddress.ip_address(u"%s" % host))
    except ValueError:
        pass
    name = host.lower()
    if name.endswith("."):
        name = name[:-1]
    labels = name.split(".")
    if len(name) > 253 or not all(LABEL.match(label) for label in labels):
        raise InputError("%s: %r is neither an IP address nor a valid host name" % (where, value))
    if all(label.isdigit() for label in labels):
        raise InputError("%s: %r is not a valid IP address" % (where, value))
    return name


def lenient_host(value):
    """What a camera returned, for comparison only: never raises."""
    try:
        return normalise_host(value, "camera")
    except InputError:
        return str(value or "").strip().lower()
