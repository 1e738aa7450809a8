# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report as one self-contained HTML page for auditors: a camera x control
matrix coloured by status, filters by status, vendor and group, each cell opening its
expected / actual / evidence / reason, and what changed since the previous report.
Documented in compliance_report_html.yml.

Every string from a camera is untrusted: the matrix is escaped here (html.escape), the
details travel as JSON inside a non-executed script element with <, > and & escaped, and
the page's script puts them into the page as text only (textContent, never innerHTML).
A Content-Security-Policy lets only the page's own script run (by its hash), so markup a
camera managed to sneak in could still not run code.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import json
import re

from collections.abc import Mapping
from html import escape

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_changes import (
    compliance_report_changes, compliance_report_load)

# Cell statuses in the order of the legend; unreachable is a camera's state shown on each
# of its cells (the JSON counts those cells as error).
STATUSES = ("pass", "fail", "manual", "not_applicable", "error", "unreachable")
LABELS = {"pass": "pass", "fail": "FAIL", "manual": "manual", "not_applicable": "n/a",
          "error": "error", "unreachable": "unreach."}
# Inventory groups every host is in: no help in telling cameras apart.
IMPLICIT_GROUPS = ("all", "ungrouped")
# Lone surrogates cannot be written as UTF-8.
_SURROGATES = re.compile(u"[\ud800-\udfff]")

CSS = u"""
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{padding:12px 20px;background:#263238;color:#fff}
header h1{font-size:20px;margin:0 0 4px}
header p{margin:0;color:#cfd8dc}
main{padding:12px 20px}
section{margin:0 0 18px}
h2{font-size:16px;margin:14px 0 6px}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.counts div{padding:6px 10px;border-radius:4px;min-width:90px}
.counts b{display:block;font-size:20px}
.filters{display:flex;flex-wrap:wrap;gap:14px;align-items:center;padding:8px;background:#eceff1;border-radius:4px}
.filters label{white-space:nowrap}
.wrap{overflow:auto;max-height:75vh;border:1px solid #cfd8dc;background:#fff}
table.m{border-collapse:collapse;font-size:12px}
table.m th,table.m td{border:1px solid #e0e0e0;padding:3px 5px;white-space:nowrap}
table.m thead th{position:sticky;top:0;background:#fff;z-index:1}
table.m th.ctl{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:600;cursor:help}
table.m td.c{text-align:center;cursor:pointer;min-width:46px}
table.m td.c:focus{outline:2px solid #1565c0}
td.c.dim{opacity:.15}
tr.hidden{display:none}
.s-pass{background:#c8e6c9;color:#1b5e20}
.s-fail{background:#ef9a9a;color:#7f0000;font-weight:700}
.s-manual{background:#fff3c4;color:#6d4c00}
.s-not_applicable{background:#eceff1;color:#546e7a}
.s-error{background:#ce93d8;color:#4a148c;font-weight:700}
.s-unreachable{background:#757575;color:#fff}
.chg-new{box-shadow:inset 0 0 0 3px #d50000}
.chg-fixed{box-shadow:inset 0 0 0 3px #00c853}
.cam-compliant{color:#1b5e20}.cam-drifted{color:#b71c1c}.cam-unreachable,.cam-unevaluated{color:#616161}
#detail{position:fixed;right:0;top:0;bottom:0;width:min(560px,95vw);overflow:auto;background:#fff;
 border-left:2px solid #263238;padding:12px 16px;box-shadow:-4px 0 12px rgba(0,0,0,.2)}
#detail[hidden]{display:none}
#detail pre{background:#f5f5f5;padding:6px;white-space:pre-wrap;word-break:break-word;font-size:12px}
#detail dt{font-weight:700;margin-top:8px}
#detail dd{margin:0}
table.chg{border-collapse:collapse;font-size:12px}
table.chg th,table.chg td{border:1px solid #e0e0e0;padding:2px 6px;text-align:left;vertical-align:top}
"""

# The page's behaviour: filters, the detail panel, and a self-check that writes the cell
# counts it sees into <body data-cells=...> (the tests compare them with the JSON report).
SCRIPT = u"""
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("error", function (e) {
    body.setAttribute("data-js-errors", (body.getAttribute("data-js-errors") || "") + e.message + "\\n");
  });
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.cam"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.status"));
  var vendor = document.getElementById("f-vendor");
  var group = document.getElementById("f-group");
  var search = document.getElementById("f-name");
  function apply() {
    var wanted = {};
    boxes.forEach(function (b) { wanted[b.value] = b.checked; });
    var shown = 0;
    rows.forEach(function (row) {
      var cam = data.cameras[+row.getAttribute("data-cam")];
      var ok = (!vendor.value || cam.vendor === vendor.value) &&
               (!group.value || cam.groups.indexOf(group.value) >= 0) &&
               (!search.value || cam.name.toLowerCase().indexOf(search.value.toLowerCase()) >= 0);
      var any = false;
      Array.prototype.forEach.call(row.querySelectorAll("td.c"), function (td) {
        var on = !!wanted[td.getAttribute("data-s")];
        td.classList.toggle("dim", !on);
        any = any || on;
      });
      ok = ok && any;
      row.classList.toggle("hidden", !ok);
      if (ok) { shown += 1; }
    });
    document.getElementById("shown").textContent = String(shown);
  }
  function field(id, value) {
    document.getElementById(id).textContent =
      value === null || value === undefined ? "(none)" :
      typeof value === "string" ? value : JSON.stringify(value, null, 2);
  }
  function open(td) {
    var cam = data.cameras[+td.parentNode.getAttribute("data-cam")];
    var cell = cam.cells[+td.getAttribute("data-ctl")];
    var control = data.controls[+td.getAttribute("data-ctl")];
    field("d-camera", cam.name + " (" + [cam.vendor, cam.model, cam.firmware, cam.host]
      .filter(function (v) { return v; }).join(", ") + ")");
    field("d-control", (control.id || "") + " " + (control.title || ""));
    field("d-status", cell.status + (cell.previous ? " (previous report: " + cell.previous + ")" : ""));
    field("d-expected", cell.expected);
    field("d-actual", cell.actual);
    field("d-evidence", cell.evidence);
    field("d-reason", cell.reason);
    document.getElementById("detail").hidden = false;
  }
  document.getElementById("matrix").addEventListener("click", function (e) {
    var td = e.target.closest("td.c");
    if (td) { open(td); }
  });
  document.getElementById("matrix").addEventListener("keydown", function (e) {
    var td = e.target.closest("td.c");
    if (td && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); open(td); }
  });
  document.getElementById("d-close").addEventListener("click", function () {
    document.getElementById("detail").hidden = true;
  });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  [vendor, group, search].forEach(function (el) { el.addEventListener("input", apply); });
  apply();
  // Self-check: the cells on the page against the counts the page shows.
  var cells = {};
  Array.prototype.forEach.call(document.querySelectorAll("td.c"), function (td) {
    var s = td.getAttribute("data-s");
    cells[s] = (cells[s] || 0) + 1;
  });
  var shownCounts = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-count]"), function (el) {
    shownCounts[el.getAttribute("data-count")] = +el.textContent;
  });
  var same = Object.keys(shownCounts).every(function (s) {
    return (cells[s] || 0) === shownCounts[s];
  });
  body.setAttribute("data-cells", JSON.stringify(cells));
  body.setAttribute("data-selfcheck", same ? "ok" : "mismatch");
}());
"""


def _text(value):
    return escape(u"" if value is None else u"%s" % value, quote=True)


def _json_for_script(data):
    """JSON that cannot end its <script> element or open a comment in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    for char, code in ((u"<", u"\\u003c"), (u">", u"\\u003e"), (u"&", u"\\u0026"),
                       (u"\u2028", u"\\u2028"), (u"\u2029", u"\\u2029")):
        text = text.replace(char, code)
    return text


def _groups_by_host(groups, names):
    wanted = set(names)
    found = dict((name, []) for name in names)
    if isinstance(groups, Mapping):
        for group, hosts in groups.items():
            if group in IMPLICIT_GROUPS or not is_sequence(hosts):
                continue
            for host in hosts:
                if host in wanted:
                    found[host].append(u"%s" % group)
    return dict((name, sorted(g)) for name, g in found.items())


def _columns(report):
    """Control ids in the order the cameras list them (None: an evaluation that did not
    happen), with their titles."""
    order, titles = [], {}
    for cam in report["cameras"]:
        for control in cam.get("controls") or []:
            cid = control.get("id")
            if cid not in titles:
                order.append(cid)
                titles[cid] = control.get("title")
    return order, titles


def _changes_table(entries, reasons):
    if not entries:
        return u"<p>none</p>"
    rows = [u"<tr><th>camera</th><th>control</th><th>now</th><th>before</th><th>reason now</th></tr>"]
    for e in sorted(entries, key=lambda e: (u"%s" % e["camera"], u"%s" % e["control"])):
        rows.append(u"<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>" % (
            _text(e["camera"]), _text(e["control"]), _text(e["status"] or "gone"),
            _text(e["previous_status"] or "new"), _text(reasons.get((e["camera"], e["control"])))))
    return u'<table class="chg">%s</table>' % u"".join(rows)


def compliance_report_html(report, previous=None, groups=None, title=None):
    """The report as an HTML page (text). `previous`: the previous report of the same
    fleet (a report or its JSON text) for the change section; `groups`: the inventory's
    `groups` (group -> hosts) for the group filter."""
    if not isinstance(report, Mapping) or not is_sequence(report.get("cameras")):
        raise AnsibleFilterError("compliance_report_html: the input must be the output of "
                                 "camsec.ipcam.compliance_report")
    if previous is not None:
        previous = compliance_report_load(previous)
    summary = report.get("summary") or {}
    level = summary.get("level")
    title = title or u"%s%s compliance" % (report.get("standard") or "TAICS TS-0014-2",
                                           u" level %s" % level if level is not None else u"")
    cameras = report["cameras"]
    names = [cam.get("name") for cam in cameras]
    groups_of = _groups_by_host(groups, names)
    columns, titles = _columns(report)
    index = dict((cid, i) for i, cid in enumerate(columns))
    changes = compliance_report_changes(report, previous)
    marks, reasons = {}, {}
    for key in ("new_failures", "fixed"):
        for e in changes[key]:
            marks[(e["camera"], e["control"])] = (key, e["previous_status"])
    for key in ("still_failing", "not_evaluated"):
        for e in changes[key]:
            marks.setdefault((e["camera"], e["control"]), (None, e["previous_status"]))

    data_cameras, body_rows = [], []
    cell_counts = dict((s, 0) for s in STATUSES)
    for row, cam in enumerate(cameras):
        camera = cam.get("camera") or {}
        unreachable = cam.get("status") == "unreachable"
        cells = [None] * len(columns)
        tds = [u'<td class="c"></td>'] * len(columns)
        for control in cam.get("controls") or []:
            col = index[control.get("id")]
            status = "unreachable" if unreachable else (control.get("status") or "error")
            cell_counts[status] = cell_counts.get(status, 0) + 1
            change, was = marks.get((cam.get("name"), control.get("id")), (None, None))
            if control.get("status") in ("fail", "error"):
                reasons[(cam.get("name"), control.get("id"))] = control.get("reason")
            cells[col] = {"status": status, "expected": control.get("expected"),
                          "actual": control.get("actual"), "evidence": control.get("evidence"),
                          "reason": control.get("reason"), "previous": was}
            extra = {"new_failures": u" chg-new", "fixed": u" chg-fixed"}.get(change, u"")
            tip = u"%s: %s" % (control.get("id") or "evaluation", status)
            if change:
                tip += u" (%s)" % ("new failure" if change == "new_failures" else "fixed")
            tds[col] = (u'<td class="c s-%s%s" data-s="%s" data-ctl="%d" tabindex="0" title="%s">%s</td>'
                        % (_text(status), extra, _text(status), col, _text(tip), _text(LABELS.get(status, status))))
        data_cameras.append({"name": cam.get("name"), "vendor": camera.get("vendor"),
                             "model": camera.get("model"), "firmware": camera.get("firmware"),
                             "host": camera.get("host"), "groups": groups_of.get(cam.get("name"), []),
                             "cells": cells})
        body_rows.append(
            u'<tr class="cam" data-cam="%d"><th scope="row">%s</th><td>%s</td><td>%s</td><td>%s</td>'
            u'<td class="cam-%s">%s</td>%s</tr>' % (
                row, _text(cam.get("name")), _text(camera.get("vendor")), _text(camera.get("model")),
                _text(", ".join(groups_of.get(cam.get("name"), []))), _text(cam.get("status")),
                _text(cam.get("status")), u"".join(tds)))

    head = u"".join(
        u'<th class="ctl" scope="col" title="%s">%s</th>' % (_text(titles[cid]), _text(cid or "evaluation"))
        for cid in columns)
    vendors = sorted(set(u"%s" % c["vendor"] for c in data_cameras if c["vendor"]))
    all_groups = sorted(set(g for gs in groups_of.values() for g in gs))
    status_boxes = u"".join(
        u'<label><input type="checkbox" class="status" value="%s" checked> '
        u'<span class="s-%s">&nbsp;%s&nbsp;</span></label>' % (s, s, LABELS[s]) for s in STATUSES)
    counts_html = u"".join(
        u'<div class="s-%s">%s<b id="count-%s" data-count="%s">%d</b></div>' % (
            s, _text(s.replace("_", " ")), s, s, cell_counts[s])
        for s in STATUSES)
    fleet_html = (u'<div>cameras<b id="n-cameras">%d</b></div><div class="cam-compliant">compliant'
                  u'<b id="n-compliant">%d</b></div><div class="cam-drifted">drifted<b id="n-drifted">%d</b>'
                  u'</div><div class="cam-unreachable">unreachable<b id="n-unreachable">%d</b></div>') % (
        len(cameras), sum(1 for c in cameras if c.get("compliant")),
        sum(1 for c in cameras if not c.get("compliant") and c.get("status") != "unreachable"),
        sum(1 for c in cameras if c.get("status") == "unreachable"))

    # The counts up top; the lists below the matrix (a fleet's "fixed" can run long).
    if changes["has_previous"]:
        change_html = (
            u'<p>Against the previous report of %s: <b id="n-new">%d</b> new failure(s), '
            u'<b id="n-fixed">%d</b> fixed, <b id="n-still">%d</b> still failing, '
            u'<b id="n-not-evaluated">%d</b> failing before and not evaluated now. '
            u'In the matrix, cells outlined red are new failures, green fixed; the lists are below it.</p>') % (
            _text(changes["previous_generated_at"]), len(changes["new_failures"]), len(changes["fixed"]),
            len(changes["still_failing"]), len(changes["not_evaluated"]))
        lists_html = u'<section id="change-lists"><h2>Changes since %s</h2>%s</section>' % (
            _text(changes["previous_generated_at"]), u"".join(
                u'<details%s><summary>%s (%d)</summary>%s</details>' % (
                    u" open" if key == "new_failures" else u"", label, len(changes[key]),
                    _changes_table(changes[key], reasons))
                for key, label in (("new_failures", u"New failures"), ("fixed", u"Fixed"),
                                   ("still_failing", u"Still failing"),
                                   ("not_evaluated", u"Failing before, not evaluated now"))))
    else:
        change_html = u'<p id="no-previous">No previous report of this fleet to compare with.</p>'
        lists_html = u""

    data = {"controls": [{"id": cid, "title": titles[cid]} for cid in columns], "cameras": data_cameras}
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    page = u"".join((
        u'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        u'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        u'style-src \'unsafe-inline\'; script-src \'sha256-%s\'">' % script_hash,
        u'<meta name="viewport" content="width=device-width, initial-scale=1">',
        u'<title>%s</title><style>%s</style></head><body>' % (_text(title), CSS),
        u'<header><h1>%s</h1><p>generated %s by %s &middot; %d camera(s) &middot; %d control(s)</p></header><main>'
        % (_text(title), _text(report.get("generated_at")), _text(report.get("generator")), len(cameras), len(columns)),
        u'<section><h2>Fleet</h2><div class="counts">%s</div><h2>Control results</h2>'
        u'<div class="counts">%s</div></section>' % (fleet_html, counts_html),
        u'<section id="changes"><h2>Change since the previous report</h2>%s</section>' % change_html,
        u'<section><h2>Cameras x controls</h2><div class="filters">%s'
        u'<label>vendor <select id="f-vendor"><option value="">all</option>%s</select></label>'
        u'<label>group <select id="f-group"><option value="">all</option>%s</select></label>'
        u'<label>camera <input id="f-name" type="search" placeholder="name"></label>'
        u'<span><b id="shown">%d</b> of %d camera(s) shown</span></div>' % (
            status_boxes,
            u"".join(u'<option>%s</option>' % _text(v) for v in vendors),
            u"".join(u'<option>%s</option>' % _text(g) for g in all_groups),
            len(cameras), len(cameras)),
        u'<div class="wrap"><table class="m" id="matrix"><thead><tr><th>camera</th><th>vendor</th>'
        u'<th>model</th><th>groups</th><th>status</th>%s</tr></thead><tbody>%s</tbody></table></div></section>'
        % (head, u"".join(body_rows)),
        lists_html,
        u'</main><aside id="detail" hidden><button type="button" id="d-close">close</button><dl>'
        u'<dt>camera</dt><dd id="d-camera"></dd><dt>control</dt><dd id="d-control"></dd>'
        u'<dt>status</dt><dd id="d-status"></dd><dt>reason</dt><dd id="d-reason"></dd>'
        u'<dt>expected</dt><dd><pre id="d-expected"></pre></dd><dt>actual</dt><dd><pre id="d-actual"></pre></dd>'
        u'<dt>evidence</dt><dd><pre id="d-evidence"></pre></dd></dl></aside>',
        u'<script type="application/json" id="report-data">%s</script>' % _json_for_script(data),
        u'<script>%s</script></body></html>\n' % SCRIPT,
    ))
    return _SURROGATES.sub(u"\ufffd", page)


class FilterModule(object):
    def filters(self):
        return {"compliance_report_html": compliance_report_html}
