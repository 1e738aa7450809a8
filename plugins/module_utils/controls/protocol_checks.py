# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pass/fail judgements of the protocols area's settings, for the controls that read it
(5.2.1, 5.2.5, 5.3.1, 5.3.2). Each returns (status, actual, reason) with status pass |
fail | manual; `manual` when the camera's API cannot say (the reason gives why).
`current` is what areas/protocols.read() returned."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas.protocols import SERVICES, WEB


def services_off(current, allowed=()):
    """5.2.1 / 5.3.2: telnet, FTP and SSH off unless listed in `allowed`."""
    unsupported = current.get("unsupported", {})
    actual = dict((k, current.get(k)) for k in SERVICES if k not in unsupported)
    on = [k for k in SERVICES if current.get(k) is True and k not in allowed]
    unknown = [k for k in SERVICES if k in unsupported and k not in allowed]
    if on:
        return "fail", actual, "%s on" % ", ".join(on)
    if unknown:
        return "manual", actual, "; ".join("%s: %s" % (k, unsupported[k]) for k in unknown)
    return "pass", actual, None


def https_only(current):
    """5.2.5: web management over HTTPS only (HTTP off, HTTPS on)."""
    unsupported = current.get("unsupported", {})
    actual = {"http": current.get("http"), "https": current.get("https")}
    if current.get("http") is True:
        return "fail", actual, "plain HTTP management is on"
    if current.get("https") is False:
        return "fail", actual, "HTTPS is off"
    missing = [k for k in WEB if current.get(k) is None]
    if missing:
        return "manual", actual, "; ".join("%s: %s" % (k, unsupported.get(k, "not reported"))
                                           for k in missing)
    return "pass", actual, None


def no_basic_over_http(current):
    """5.3.1 (the HTTP part): Basic authentication not accepted over plain HTTP. HTTP off
    passes whatever the policy says: there is no plain HTTP to send a password over."""
    unsupported = current.get("unsupported", {})
    actual = {"http": current.get("http"), "http_auth_basic": current.get("http_auth_basic")}
    if current.get("http") is False:
        return "pass", actual, None
    if current.get("http_auth_basic") is True:
        return "fail", actual, "the camera accepts Basic authentication over plain HTTP"
    if current.get("http_auth_basic") is False:
        return "pass", actual, None
    return "manual", actual, "plain HTTP is %s and %s" % (
        "on" if current.get("http") else "of unknown state",
        unsupported.get("http_auth_basic", "the authentication policy is not reported"))
