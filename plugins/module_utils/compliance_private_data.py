# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evaluator of 5.5.1 (access to private data needs authentication), for compliance.py.

Two parts, judged from the controller with no credentials at all (so neither can count
as a failed login):
- snapshot: one GET per vendor snapshot path (private_data.py);
- stream: the RTSP probe's DESCRIBE of the stream paths (probe_rtsp.py, part of the
  probe pass; `ipcam_probe_rtsp` switches it off, and the part is then `manual`).
Any answer with the data (HTTP 2xx, RTSP 200) fails the control, naming the path and the
protocol; refusals (401, 403) pass with the replies as evidence. A closed RTSP port passes
the stream part: there is no stream to read. Recordings are played back through the
same RTSP server and downloaded through the management API (authenticated): they are
not asked for separately, and the evidence says so.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_services, private_data, probe_rtsp
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

EXPECT_KEYS = ("unauthenticated_snapshot", "unauthenticated_stream")
SCOPE = ("live snapshot and stream, asked without credentials; recordings are played back "
         "through the same RTSP server and downloaded through the authenticated management API, "
         "so they are not asked for separately")
REFUSED = (401, 403)
PATH_HINT = ("name the camera's stream path in probes.rtsp_paths (for an ONVIF camera, the URI "
             "its GetStreamUri gives, which this collection does not read yet)")


def private_data_5_5_1(control, reader, ctx):
    expect = _checked_expectation(control)
    driver = reader.driver
    parts, evidence = [], {"scope": SCOPE}
    if expect.get("unauthenticated_snapshot") is False:
        status, actual, reason, evidence["snapshot"] = _snapshot_part(driver)
        parts.append(("snapshot", status, actual, reason))
    if expect.get("unauthenticated_stream") is False:
        status, actual, reason, evidence["stream"] = _stream_part(driver.vendor, ctx["network"])
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
            raise InputError("5.5.1 expects %s as true or false, got %r" % (key, expect.get(key)))
    return expect


# -- the snapshot (HTTP) ----------------------------------------------------------------

def _snapshot_part(driver):
    """(status, actual, reason, evidence)"""
    checks = private_data.snapshot_checks(driver)
    if not checks:
        return ("manual", None, "no snapshot path is known for %s cameras" % driver.vendor, None)
    actual = {"unauthenticated": [c["path"] for c in checks if c["protected"] is False]}
    opened = [c for c in checks if c["protected"] is False]
    if opened:
        reason = "; ".join("%s GET %s answered HTTP %s (%s) without credentials" % (
            c["scheme"].upper(), c["path"], c["status"], c["content_type"] or "no content type")
            for c in opened)
        return "fail", actual, reason, checks
    unknown = [c for c in checks if c["protected"] is None]
    if unknown:
        return ("manual", actual, "; ".join(_unknown_snapshot(driver.vendor, c) for c in unknown),
                checks)
    return "pass", actual, None, checks


def _unknown_snapshot(vendor, check):
    what = "answered HTTP %s" % check["status"] if check["status"] else "got no answer"
    why = "%s %s without credentials %s (%s)" % (check["scheme"].upper(), check["path"], what,
                                                 check["error"] or "-")
    if vendor == "onvif":
        why += ("; a real ONVIF camera names its snapshot URI in GetSnapshotUri, which this "
                "collection does not read yet")
    return why


# -- the stream (RTSP) ------------------------------------------------------------------

def _stream_part(vendor, network):
    """(status, actual, reason, evidence) from the RTSP probe's result."""
    result = network.result("rtsp")
    if result is None:
        return ("manual", None, "the stream can only be asked for on the network, and "
                + network.disabled_reason("rtsp"), None)
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
    decisive = [p for p in probe_rtsp.STREAM_PATHS.get(vendor, []) if p in paths] or sorted(paths)
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


EVALUATORS = {
    "5.5.1": private_data_5_5_1,
}
