# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evaluator of 5.5.1 (access to private data needs authentication), for compliance.py.

Where to ask is what the camera says (private_data.media_sources: ONVIF GetStreamUri and
GetSnapshotUri per media profile, on the ports and paths those URIs name, at the
camera's own address); the fixed vendor paths only when the camera cannot say, and the
evidence says which (`source`). Two parts, judged from the controller with no
credentials at all (so neither can count as a failed login):
- snapshot: one GET per snapshot URI (private_data.py);
- stream: RTSP DESCRIBE of each stream URI (probe_rtsp.py): the probe pass's answer when
  it already asked that port and path, else one more RTSP probe of the camera's ports
  (`ipcam_probe_rtsp` switches both off, and the part is then `manual`).
Any answer with the data (HTTP 2xx, RTSP 200) fails the control, naming the path and the
protocol; refusals (401, 403) pass with the replies as evidence. A closed RTSP port passes
the stream part: there is no stream to read. Recordings are played back through the
same RTSP server and downloaded through the management API (authenticated): they are
not asked for separately, and the evidence says so.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_services, private_data, probe_rtsp
from ansible_collections.camsec.ipcam.plugins.module_utils import probes
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

EXPECT_KEYS = ("unauthenticated_snapshot", "unauthenticated_stream")
SCOPE = ("live snapshot and stream, asked without credentials; recordings are played back "
         "through the same RTSP server and downloaded through the authenticated management API, "
         "so they are not asked for separately")
REFUSED = (401, 403)
PATH_HINT = "name the camera's stream path in probes.rtsp_paths"


def private_data_5_5_1(control, reader, ctx):
    expect = _checked_expectation(control)
    driver = reader.driver
    parts, evidence = [], {"scope": SCOPE}
    if False in (expect.get("unauthenticated_snapshot"), expect.get("unauthenticated_stream")):
        sources = private_data.media_sources(driver)
        evidence["media"] = _media_evidence(sources)
    if expect.get("unauthenticated_snapshot") is False:
        status, actual, reason, evidence["snapshot"] = _snapshot_part(driver, sources)
        parts.append(("snapshot", status, actual, reason))
    if expect.get("unauthenticated_stream") is False:
        status, actual, reason, evidence["stream"] = _stream_part(driver.STREAM_PATHS, ctx["network"],
                                                                  sources)
        parts.append(("stream", status, actual, reason))
    if not parts:
        return "pass", None, evidence, None
    status, actual, reason = compliance_services.combine(parts)
    return status, actual, evidence, reason


def _checked_expectation(control):
    """Each key False (checked) or True (the site allows it: not checked). Checked here,
    before this control sends anything."""
    expect = control["expect"]
    for key in EXPECT_KEYS:
        if not isinstance(expect.get(key), bool):
            raise InputError("%s expects %s as true or false, got %r" % (control["id"], key, expect.get(key)))
    return expect


def _media_evidence(sources):
    """Where the URIs asked came from: the camera (its profiles and what it lacks), or
    the fixed paths and why."""
    if sources["source"] == "camera":
        return {"source": "camera", "profiles": sources["profiles"],
                "unsupported": sources["unsupported"]}
    return {"source": "fallback", "why": sources["why"]}


# -- the snapshot (HTTP) ----------------------------------------------------------------

def _snapshot_part(driver, sources):
    """(status, actual, reason, evidence)"""
    checks = private_data.snapshot_checks(driver, sources["snapshot_uris"])
    if not checks:
        return ("manual", None, "no snapshot path is known for %s cameras" % driver.vendor, None)
    actual = {"unauthenticated": [c["path"] for c in checks if c["protected"] is False]}
    opened = [c for c in checks if c["protected"] is False]
    if opened:
        reason = "; ".join("%s GET %s answered HTTP %s (%s) without credentials%s" % (
            c["scheme"].upper(), c["path"], c["status"], c["content_type"] or "no content type",
            " (the camera's snapshot URI %s)" % c["uri"] if c["uri"] else _fallback_note(driver, sources))
            for c in opened)
        return "fail", actual, reason, checks
    unknown = [c for c in checks if c["protected"] is None]
    if unknown:
        return ("manual", actual, "; ".join(_unknown_snapshot(driver, sources, c) for c in unknown),
                checks)
    return "pass", actual, None, checks


def _unknown_snapshot(driver, sources, check):
    what = "answered HTTP %s" % check["status"] if check["status"] else "got no answer"
    why = "%s %s (port %s) without credentials %s (%s)" % (
        check["scheme"].upper(), check["path"], check["port"], what, check["error"] or "-")
    if check["uri"] is None:
        why += _fallback_note(driver, sources)
    return why


def _fallback_note(driver, sources):
    """Why a fixed snapshot path was asked: nothing for Axis and Hikvision (their APIs
    document it), else what kept the camera from naming its URI."""
    if driver is not None and not driver.MEDIA_URIS_FROM_CAMERA:
        return ""
    why = sources["why"] or "; ".join(sorted(set(
        v for k, v in sources["unsupported"].items() if k.endswith(".snapshot_uri"))))
    return " (a fixed path: the camera did not name its snapshot URI: %s)" % (why or "-")


# -- the stream (RTSP) ------------------------------------------------------------------

def _stream_part(vendor_paths, network, sources):
    """(status, actual, reason, evidence) from the RTSP probe's result."""
    result = network.result("rtsp")
    if result is None:
        return ("manual", None, "the stream can only be asked for on the network, and "
                + network.disabled_reason("rtsp"), None)
    if sources["stream_uris"]:
        return _camera_streams(network, result, sources["stream_uris"])
    port = result.get("port")
    if result.get("state") == "closed":
        return ("pass", {"rtsp_port_open": False}, None,
                {"probe": "rtsp", "port": port, "state": "closed",
                 "evidence": "port closed: RTSP is off, so there is no stream to read"})
    paths = result.get("paths") or {}
    evidence = {"probe": "rtsp", "port": port, "state": result.get("state"),
                "options": result.get("options"), "paths": paths}
    if result.get("basic_offered"):
        evidence["basic_offered"] = ("the camera offers Basic authentication over plain RTSP on %s: "
                                     "a viewer's password would travel in clear text"
                                     % ", ".join(result["basic_offered"]))
    if not result.get("answered"):
        return ("error", None, "the RTSP probe got no RTSP reply on TCP port %s: %s"
                % (port, result.get("error") or "-"), evidence)
    actual = {"rtsp_port_open": True,
              "unauthenticated": sorted(p for p, r in paths.items() if _served(r))}
    opened = [r for p, r in sorted(paths.items()) if _served(r)]
    if opened:
        reason = "; ".join("RTSP DESCRIBE %s answered %s (%s) without credentials" % (
            r["url"], r["status"], r.get("content_type") or "no content type") for r in opened)
        return "fail", actual, reason, evidence
    # The vendor's own stream path decides; paths the site listed instead, when none of
    # the vendor's was asked for.
    decisive = [p for p in vendor_paths if p in paths] or sorted(paths)
    unknown = [p for p in decisive if paths[p].get("status") not in REFUSED]
    if not decisive:
        return "manual", actual, "no stream path was asked for; " + PATH_HINT, evidence
    if unknown:
        return ("manual", actual, "; ".join(
            "RTSP DESCRIBE %s %s without credentials" % (paths[p]["url"], _what(paths[p]))
            for p in unknown) + "; " + PATH_HINT, evidence)
    return "pass", actual, None, evidence


def _what(reply):
    if reply.get("status") is not None:
        return "answered %s" % reply["status"]
    return "got no reply (%s)" % (reply.get("error") or "-")


def _served(reply):
    status = reply.get("status")
    return status is not None and 200 <= status < 300


# -- the stream at the URIs the camera gave ------------------------------------------------

def _camera_streams(network, result, uris):
    """Each stream URI the camera gave, DESCRIBEd without credentials at the camera's
    address: the probe pass's answer where it asked that port and path, else one more
    RTSP probe per port (bounded like the pass)."""
    wanted = []  # (profile, uri, port, path)
    for profile, uri in uris:
        scheme, port, path = private_data.split_uri(uri, "rtsp")
        wanted.append((profile, uri, port or probe_rtsp.DEFAULT_PORT, path))
    by_port = {result.get("port"): result}
    missing = {}
    for _profile, _uri, port, path in wanted:
        if port not in by_port or path not in (by_port[port].get("paths") or {}):
            missing.setdefault(port, [])
            if path not in missing[port]:
                missing[port].append(path)
    for port, paths in sorted(missing.items()):
        by_port[port] = _probe_more(network, port, paths)
    entries, closed = [], []
    for profile, uri, port, path in wanted:
        found = by_port[port]
        if found.get("state") == "closed":
            closed.append((profile, uri, port))
            continue
        entry = (found.get("paths") or {}).get(path) or {
            "url": uri, "answered": False, "status": None, "error": found.get("error") or "not asked"}
        entries.append((profile, uri, entry))
    evidence = {"probe": "rtsp", "source": "camera", "uris": [
        {"profile": p, "uri": u, "port": port, "path": path} for p, u, port, path in wanted],
        "ports": dict((str(port), {k: r.get(k) for k in ("state", "options", "paths", "error")})
                      for port, r in sorted(by_port.items()) if port in {w[2] for w in wanted})}
    opened = [(p, u, e) for p, u, e in entries if _served(e)]
    actual = {"rtsp_port_open": bool(entries),
              "unauthenticated": sorted(set(u for _p, u, _e in opened))}
    if opened:
        return "fail", actual, "; ".join(
            "RTSP DESCRIBE %s answered %s (%s) without credentials (the camera's stream URI of "
            "profile %s)" % (e.get("url"), e["status"], e.get("content_type") or "no content type", p)
            for p, _u, e in opened), evidence
    unknown = [(p, u, e) for p, u, e in entries if e.get("status") not in REFUSED]
    if unknown:
        return ("manual", actual, "; ".join(
            "RTSP DESCRIBE %s (the camera's stream URI of profile %s) %s without credentials"
            % (e.get("url") or u, p, _what(e)) for p, u, e in unknown), evidence)
    if closed and not entries:
        evidence["evidence"] = "port closed: RTSP is off, so there is no stream to read"
    return "pass", actual, None, evidence


def _probe_more(network, port, paths):
    """One RTSP probe of a port the pass did not ask (or not at these paths)."""
    exposure = network.exposure()
    address = exposure.get("address")
    if not address:
        return {"state": None, "paths": {}, "error": exposure.get("error") or "no address"}
    timeout = (network.pending.config if network.pending else {}).get("timeout")
    found = probes.run(address, probes.settings(services=["rtsp"], timeout=timeout,
                                                rtsp_port=port, rtsp_paths=paths))
    return found.get("rtsp") or {"state": None, "paths": {}, "error": found.get("error")}
