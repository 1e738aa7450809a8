# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `protocols`: web management (HTTP, HTTPS) and the service protocols telnet, SSH
and FTP (5.2.1, 5.2.5, 5.3.1, 5.3.2).

Read model: {"http": bool, "https": bool, "http_port": int, "https_port": int,
"telnet": bool, "ssh": bool, "ftp": bool, "http_auth_basic": bool (Basic accepted over
plain HTTP)}; keys a driver cannot read are left out and listed in "unsupported" with the
reason.

The safety rule. Turning HTTP (or HTTPS) off can cut the path this task manages the
camera by. So the other scheme is turned on first when it is off, then proven to answer
with a fresh authenticated request over it (HTTPS with the task's TLS settings: the
certificate is verified unless validate_certs is false), and only then is the task's own
connection moved over and the protocol turned off. If the other path does not answer,
nothing is turned off: the task fails naming the camera and the cause, and reports what
it had already applied.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, InputError, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport

NAME = "protocols"
SERVICES = ("telnet", "ssh", "ftp")
WEB = ("https", "http")
SWITCHES = SERVICES + WEB
READ_KEYS = ("http", "https", "http_port", "https_port", "telnet", "ssh", "ftp",
             "http_auth_basic")
PATH_CHECK_INTERVAL_S = 1.0
PATH_CHECK_MAX_TRIES = 30  # bounded whatever the timeouts say


def read(driver):
    return driver.read_protocols()


def public(current):
    return dict(current)


def plan(current, desired):
    """desired: {"http": bool|None, "https": ..., "telnet": ..., "ssh": ..., "ftp": ...,
    "_on_unsupported": "fail"|"warn"}; None leaves a protocol alone.

    The changes come in the order they are applied: services, then web protocols turned
    on, then web protocols turned off (each after the other path is proven)."""
    unsupported = current.get("unsupported", {})
    on_unsupported = desired.get("_on_unsupported", "fail")
    wanted = {}
    for key in SWITCHES:
        want = desired.get(key)
        if want is None:
            continue
        if key in unsupported:
            if on_unsupported == "fail":
                raise Unsupported("%s: %s" % (key, unsupported[key]))
            continue
        wanted[key] = bool(want)

    reasons = {}
    if wanted.get("http") is False or wanted.get("https") is False:
        off = "http" if wanted.get("http") is False else "https"
        keep = "https" if off == "http" else "http"
        if wanted.get(keep) is False:
            raise InputError("http and https cannot both be off: the camera would have no "
                             "management path left")
        if keep in unsupported or current.get(keep) is None:
            raise Unsupported("%s: cannot turn %s off safely, because whether %s is on cannot "
                              "be read (%s)" % (off, off.upper(), keep.upper(),
                                                unsupported.get(keep, "not reported")))
        if keep not in wanted and current.get(keep) is not True and current.get(off) is not False:
            wanted[keep] = True
            reasons[keep] = "turned on first: it is the management path once %s is off" % off.upper()

    changes = []
    for key in SERVICES:
        if key in wanted and current.get(key) != wanted[key]:
            changes.append(_change(key, current.get(key), wanted[key]))
    web = [_change(k, current.get(k), wanted[k], reasons.get(k))
           for k in WEB if k in wanted and current.get(k) != wanted[k]]
    changes.extend(c for c in web if c["after"])
    changes.extend(c for c in web if not c["after"])
    return changes


def _change(key, before, after, reason=None):
    change = {"area": NAME, "key": key, "action": "set", "before": before, "after": after}
    if reason:
        change["reason"] = reason
    return change


def apply(driver, changes, current, secrets, applied):
    for change in changes:
        key = change["key"]
        if key in WEB and change["after"] is False:
            keep = "https" if key == "http" else "http"
            path_checked(driver, keep, "before turning %s off" % key.upper())
            use(driver, keep)  # the task goes on over the path just proven
        driver.write_protocols({key: change["after"]})
        applied.append(change)


def diff(current, changes):
    return ({c["key"]: c["before"] for c in changes}, {c["key"]: c["after"] for c in changes})


# -- the management path ------------------------------------------------------------------

def fresh_transport(transport, scheme):
    """A new Transport to the same camera over `scheme`, with the task's credentials, TLS
    settings and what is left of its time budget. Nothing is shared with the task's own
    connection (no session, no cache), so an answer proves the path itself."""
    verify = transport.session.verify
    return Transport(
        camera=transport.camera, host=transport.host, username=transport.username,
        password=transport.password, use_https=(scheme == "https"),
        https_port=transport.ports["https"], http_port=transport.ports["http"],
        validate_certs=verify is not False,
        ca_path=verify if isinstance(verify, str) else None,
        timeout=transport.timeout,
        task_timeout=max(1, int(transport.deadline - time.time())),
        allow_basic_over_http=transport.allow_basic_over_http)


def path_checked(driver, scheme, why):
    """Prove that `scheme` answers an authenticated read, polling for a while (a camera
    restarts its web server after a change); raise CameraError naming the cause if not."""
    t = driver.t
    wait = max(1.0, min(float(t.timeout), t.deadline - time.time() - 1.0))
    give_up = time.time() + wait
    last = None
    for _attempt in range(PATH_CHECK_MAX_TRIES):
        probe = fresh_transport(t, scheme)
        try:
            driver.management_check(probe)
            return
        except AuthError as exc:
            last = exc
            break  # never repeat a refused login: cameras lock accounts
        except CameraError as exc:
            last = exc
        finally:
            probe.close()
        if time.time() + PATH_CHECK_INTERVAL_S > give_up:
            break
        time.sleep(PATH_CHECK_INTERVAL_S)
    other = "HTTP" if scheme == "https" else "HTTPS"
    raise CameraError(
        t.camera, "%s check %s" % (scheme.upper(), why),
        "%s does not answer at %s (%s); %s was left on so that the camera stays manageable"
        % (scheme.upper(), t.base_url(scheme), last.cause if last is not None else "no answer",
           other))


def use(driver, scheme):
    """Move the task's own connection to `scheme` (every client of the driver shares it)."""
    t = driver.t
    if t.use_https != (scheme == "https"):
        t.use_https = scheme == "https"
        t.cache.clear()


# -- evaluation helpers for the compliance catalog -----------------------------------------
# Each returns (status, actual, reason) with status pass | fail | manual; `manual` when the
# camera's API cannot say (the reason gives why). `current` is what read() returned.

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
