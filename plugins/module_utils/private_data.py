# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Does the camera hand out a snapshot without a login? (control 5.5.1, the HTTP part;
the stream is probe_rtsp.py's.) And where are its stream and snapshot?

Where: an ONVIF camera says it (media_sources(): GetProfiles, GetStreamUri,
GetSnapshotUri on Media2, or Media1 where Media2 is absent: drivers/onvif/media.py).
The host part of those URIs is ignored (behind NAT the camera does not know the address
it is reached at): the camera's own address is asked, on the port and path the URI
names. Only when the camera cannot say (no Media service, the operation unsupported)
are the fixed paths below asked instead, and the evidence says so. Axis and Hikvision
cameras are asked at the snapshot and stream paths their own APIs document.

ONE unauthenticated GET per snapshot URI (distinct port and path), each on a fresh
Transport to the camera with the task's TLS settings but no username and no password:
requests then sends no Authorization header (the Transport sets no auth, ignores the
environment's .netrc, and never answers a challenge without a username). A request
without credentials is not a failed login on any camera, so this cannot push an
account towards a lockout. No retries.

Per URI: {"path", "scheme", "port", "uri", "status", "protected", "content_type",
"error"}, where `path` carries the URI's query, `uri` is what the camera said (None for
a fallback path), `protected` is True for a 401 or 403 (a login is required, or the
camera refuses), False for a 2xx (the image without a login), None when the reply tells
neither (404: no such path on this camera; no answer).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, Unsupported)

try:
    from urllib.parse import urlsplit
except ImportError:  # Python 2 (ansible-test's compile checks only)
    from urlparse import urlsplit

REFUSED = (401, 403)
DEFAULT_PORTS = {"http": 80, "https": 443, "rtsp": 554}


def media_sources(driver):
    """{"source": "camera" | "fallback", "why": text, "profiles": [...],
    "snapshot_uris": [(profile, uri)], "stream_uris": [(profile, uri)],
    "unsupported": {"<profile>.<field>": reason}}.
    A refused login or an unreachable camera propagates; any other failure to ask
    leaves the fallback, with the reason."""
    out = {"source": "fallback", "why": None, "profiles": [], "snapshot_uris": [],
           "stream_uris": [], "unsupported": {}}
    try:
        profiles = driver.media_uris()
    except Unsupported as exc:  # UnsupportedCall too: its reason is the call and the words
        out["why"] = exc.reason
        return out
    except AuthError:
        raise
    except CameraError as exc:
        if _unreachable(exc):
            raise
        out["why"] = "%s: %s" % (exc.call, exc.cause)
        return out
    out["profiles"] = profiles
    for entry in profiles:
        for field, key in (("snapshot_uri", "snapshot_uris"), ("stream_uri", "stream_uris")):
            if entry.get(field):
                out[key].append((entry["profile"], entry[field]))
            elif field in entry.get("unsupported", {}):
                out["unsupported"]["%s.%s" % (entry["profile"], field)] = entry["unsupported"][field]
    out["source"] = "camera"
    return out


def _unreachable(exc):
    from ansible_collections.camsec.ipcam.plugins.module_utils.compliance import is_unreachable
    return is_unreachable(exc)


def split_uri(uri, scheme_default):
    """(scheme, port or None, path with query) of a URI the camera gave; its host part
    is not used."""
    parts = urlsplit(uri)
    scheme = (parts.scheme or scheme_default).lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, port or DEFAULT_PORTS.get(scheme), path


def snapshot_checks(driver, uris=None):
    """One GET without credentials per snapshot: the URIs the camera gave ([(profile,
    uri)], distinct port and path asked once), else the vendor's fixed paths."""
    if not uris:
        scheme = driver.management_scheme()
        return [_one_get(driver, scheme, None, path, None) for path in driver.SNAPSHOT_PATHS]
    checks, seen = [], set()
    for _profile, uri in uris:
        scheme, port, path = split_uri(uri, "http")
        if (scheme, port, path) in seen:
            continue
        seen.add((scheme, port, path))
        if scheme not in ("http", "https"):
            checks.append(_check(path, scheme, port, uri, error="not an HTTP URI"))
            continue
        checks.append(_one_get(driver, scheme, port, path, uri))
    return checks


def _check(path, scheme, port, uri, **values):
    check = {"path": path, "scheme": scheme, "port": port, "uri": uri, "status": None,
             "protected": None, "content_type": None, "error": None}
    check.update(values)
    return check


def _one_get(driver, scheme, port, path, uri):
    """One GET without credentials, on a fresh one-request Transport to the camera at this
    scheme and port (None: the task's port for it): one refused request ends a
    Transport, hence one per GET."""
    anonymous = driver.attempt(None, None, scheme, port)
    check = _check(path, scheme, anonymous.ports[scheme], uri)
    try:
        resp = anonymous.request("GET", path, call="GET %s without credentials" % path)
        check.update(status=resp.status_code, protected=False,
                     content_type=resp.headers.get("Content-Type"))
    except AuthError:
        check.update(status=anonymous.last_status, protected=anonymous.last_status in REFUSED)
        if not check["protected"]:
            check["error"] = "refused with HTTP %s" % anonymous.last_status
    except CameraError as exc:
        check.update(status=anonymous.last_status, error=exc.cause)
    finally:
        anonymous.close()
    return check
