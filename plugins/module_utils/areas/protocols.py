# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `protocols`: web management (HTTP, HTTPS) and the service protocols telnet, SSH
and FTP (5.2.1, 5.2.5, 5.3.1, 5.3.2).

Read model: {"http": bool, "https": bool, "http_port": int, "https_port": int,
"telnet": bool, "ssh": bool, "ftp": bool, "http_auth_basic": bool (Basic accepted over
plain HTTP), "tls_min_version": "TLSv1"|"TLSv1.1"|"TLSv1.2"|"TLSv1.3" (the oldest version
the camera's HTTPS setting allows; "SSLv3" where the setting still allows that)}; keys a
driver cannot read are left out and listed in "unsupported" with the reason. A minimum the
API can raise, but not to every value, is listed as "tls_min_version=TLSv1.3" (that value
only).

The safety rule. Turning HTTP (or HTTPS) off can cut the path this task manages the
camera by. So the other scheme is turned on first when it is off, then proven to answer
with a fresh authenticated request over it (HTTPS with the task's TLS settings: the
certificate is verified unless validate_certs is false), and only then is the task's own
connection moved over and the protocol turned off. If the other path does not answer,
nothing is turned off: the task fails naming the camera and the cause, and reports what
it had already applied.

Raising the oldest TLS version can cut the HTTPS path too, if the controller could only
speak an older one. It cannot here: the controller's HTTPS client (requests on urllib3 2,
whose default minimum is TLS 1.2; OpenSSL 3 also refuses TLS 1.0/1.1 at its default
security level) offers nothing older, so a camera that stops accepting TLS 1.0/1.1 refuses
nothing this task sends. It is checked anyway, whatever the client library, and because
TLS 1.3 as the minimum needs a camera that speaks TLS 1.3: while HTTPS is
the path (on now, or turned on earlier in the same plan), a fresh authenticated request
through a client that offers only the new minimum and newer must answer BEFORE the write
(else nothing is written), and again after it; then the task's own pooled connections are
dropped, so its next request (the read-back) is a new handshake under the new setting.
With HTTPS off the setting cannot touch the path (plain HTTP is it): it is written and
read back only.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import compare
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, InputError, Unsupported)

NAME = "protocols"
SERVICES = ("telnet", "ssh", "ftp")
WEB = ("https", "http")
SWITCHES = SERVICES + WEB
TLS_MIN = "tls_min_version"
READ_KEYS = ("http", "https", "http_port", "https_port", "telnet", "ssh", "ftp",
             "http_auth_basic", TLS_MIN)
# Oldest first; a camera's setting may still allow SSLv3 (Axis root.HTTPS.AllowSSLV3).
TLS_ORDER = ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
TLS_MIN_CHOICES = ("TLSv1.2", "TLSv1.3")  # what a task may ask for: the floor is only raised
PATH_CHECK_INTERVAL_S = 1.0
PATH_CHECK_MAX_TRIES = 30  # bounded whatever the timeouts say


def read(driver):
    return driver.read_protocols()


def public(current):
    """The read model as facts show it: `unsupported` keeps the settings the API lacks, not the
    single values it cannot set ("tls_min_version=TLSv1.3"), which only matter to a task
    that asks for that value (plan() and the task's warnings read them from the full model)."""
    out = dict(current)
    if "unsupported" in out:
        out["unsupported"] = dict((k, v) for k, v in out["unsupported"].items() if "=" not in k)
    return out


def plan(current, desired):
    """desired: {"http": bool|None, "https": ..., "telnet": ..., "ssh": ..., "ftp": ...,
    "tls_min_version": "TLSv1.2"|"TLSv1.3"|None, "_on_unsupported": "fail"|"warn"}; None
    leaves a setting alone.

    The changes come in the order they are applied: services, then web protocols turned
    on, then the oldest TLS version raised (over the HTTPS that is on by then), then web
    protocols turned off (each after the other path is proven).

    tls_min_version only raises the floor: a camera that already refuses the asked
    version's predecessors too (its oldest accepted version is newer) is left alone."""
    unsupported = current.get("unsupported", {})
    on_unsupported = desired.get("_on_unsupported", "fail")
    wanted = dict((k, bool(v)) for k, v in compare.asked(current, desired, SWITCHES).items())

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
    changes.extend(_tls_floor(current, desired.get(TLS_MIN), on_unsupported))
    changes.extend(c for c in web if not c["after"])
    return changes


def tls_unsupported(current, want):
    """Why the oldest TLS version cannot be raised to `want` on this camera, or None."""
    unsupported = current.get("unsupported", {})
    reason = unsupported.get(TLS_MIN) or unsupported.get("%s=%s" % (TLS_MIN, want))
    if reason is None and current.get(TLS_MIN) not in TLS_ORDER:
        reason = "the camera's API did not report it"
    return reason


def _tls_floor(current, want, on_unsupported):
    if want is None:
        return []
    if want not in TLS_MIN_CHOICES:
        raise InputError("tls_min_version must be one of %s, not %r" % (", ".join(TLS_MIN_CHOICES), want))
    reason = tls_unsupported(current, want)
    if reason is not None:
        if on_unsupported == "fail":
            raise Unsupported("%s: %s" % (TLS_MIN, reason))
        return []
    have = current[TLS_MIN]
    if TLS_ORDER.index(have) >= TLS_ORDER.index(want):
        return []
    return [_change(TLS_MIN, have, want)]


def asked_unsupported(unsupported, desired):
    """[(key, reason)] of the settings asked for (not None in `desired`) that the camera's
    API cannot set, including a value it cannot set ("tls_min_version=TLSv1.3")."""
    out = []
    for key, reason in unsupported.items():
        name, _sep, value = key.partition("=")
        want = desired.get(name)
        if want is not None and (not value or value == want):
            out.append((key, reason))
    return out


def _change(key, before, after, reason=None):
    change = {"area": NAME, "key": key, "action": "set", "before": before, "after": after}
    if reason:
        change["reason"] = reason
    return change


def apply(driver, changes, current, secrets, applied):
    for change in changes:
        key = change["key"]
        if key == TLS_MIN:
            _raise_tls_floor(driver, change, _https_on(current, applied), applied)
            continue
        if key in WEB and change["after"] is False:
            keep = "https" if key == "http" else "http"
            path_checked(driver, keep, "before turning %s off" % key.upper())
            use(driver, keep)  # the task goes on over the path just proven
        driver.write_protocols({key: change["after"]})
        applied.append(change)


def _https_on(current, applied):
    """Whether HTTPS is on at this point of the apply: as read, or turned on or off by a
    change already applied."""
    state = current.get("https")
    for change in applied:
        if change["key"] == "https":
            state = change["after"]
    return state is True


def _raise_tls_floor(driver, change, https_is_path, applied):
    version = change["after"]
    if https_is_path:
        path_checked(driver, "https", "before raising the oldest TLS version to %s" % version,
                     tls_floor=version,
                     outcome="nothing was written: the camera must answer at %s and newer before "
                             "it may refuse older versions" % version)
    driver.write_protocols({TLS_MIN: version})
    applied.append(change)
    if https_is_path:
        path_checked(driver, "https", "after raising the oldest TLS version to %s" % version,
                     tls_floor=version,
                     outcome="the camera took the setting and its HTTPS no longer answers this "
                             "controller; plain HTTP, if on, still reaches it")
        reconnect(driver)


def reconnect(driver):
    """Drop the task's own pooled connections (the Transport stays usable): its next request
    is a new handshake, under the camera's TLS setting as it is now."""
    driver.reconnect()


def diff(current, changes):
    return ({c["key"]: c["before"] for c in changes}, {c["key"]: c["after"] for c in changes})


# -- the management path ------------------------------------------------------------------

def path_checked(driver, scheme, why, tls_floor=None, outcome=None):
    """Prove that `scheme` answers an authenticated read, polling for a while (a camera
    restarts its web server after a change); raise CameraError naming the cause if not.
    `tls_floor`: through a client offering only that TLS version and newer. `outcome`:
    what the failure leaves behind (default: the other scheme stays on)."""
    give_up = time.time() + driver.wait_budget()
    last = None
    for _attempt in range(PATH_CHECK_MAX_TRIES):
        probe = driver.on_scheme(scheme, tls_floor)
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
    if outcome is None:
        outcome = "%s was left on so that the camera stays manageable" % (
            "HTTP" if scheme == "https" else "HTTPS")
    raise CameraError(
        driver.camera, "%s check %s" % (scheme.upper(), why),
        "%s does not answer at %s%s (%s); %s"
        % (scheme.upper(), driver.base_url(scheme),
           " to a client offering %s and newer only" % tls_floor if tls_floor else "",
           last.cause if last is not None else "no answer", outcome))


def use(driver, scheme):
    """Move the task's own connection to `scheme` (every client of the driver shares it)."""
    driver.use_scheme(scheme)
