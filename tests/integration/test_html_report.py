"""The HTML report of playbooks/audit.yml in a real headless browser (Debian's chromium):
the page renders without console messages, the counts it shows and the cells it holds
equal the JSON report's, a screenshot is not blank, the change section matches what the
two JSON reports imply, strings from cameras cannot inject markup, the audit's console
ends with the failing controls and their reasons, and an audit whose findings did not
change writes nothing (the report task `ok`)."""

import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

import pytest

from tests.conftest import camera_of
from tests.integration.ansible_run import ROOT, run_playbook

COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_html import (  # noqa: E402
    compliance_report_html)

AUDIT = os.path.join(ROOT, "playbooks", "audit.yml")
PREFIX = "ts-0014-2-compliance"
CHROMIUM = shutil.which("chromium")
# One task writes every report (the action camsec.ipcam.compliance_report).
WRITE_TASKS = ("TS-0014-2 | Write the compliance reports and publish the fleet summary",)
SITE = {
    "ipcam_firmware_minimums": {"P3265-LVE": "11.8.0", "DS-2CD2143G2-I": "V5.7.0",
                                "IPC-ONVIF-200": "2.4.0"},
    "ipcam_ntp_servers": ["192.0.2.123"],
    "ipcam_syslog_servers": [{"host": "192.0.2.20", "port": 6514, "protocol": "tls"}],
}

class Page:
    """What headless chromium made of a page: its DOM after the scripts ran, and every
    console message (any message at all is a finding: the page logs nothing)."""

    def __init__(self, dom, console):
        self.dom = dom
        self.console = console
        parser = _Elements()
        parser.feed(dom)
        self.elements = parser.elements

    def body(self):
        return [attrs for tag, attrs in self.elements if tag == "body"][0]

    def by_id(self, ident):
        found = [i for i, (tag, attrs) in enumerate(self.elements) if attrs.get("id") == ident]
        assert len(found) == 1, ident
        return found[0]

    def tags(self, name):
        return [attrs for tag, attrs in self.elements if tag == name]


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def browser(args, tmp_path):
    assert CHROMIUM, "chromium is not installed (bindep.txt; `make setup` installs it)"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--user-data-dir=%s" % (tmp_path / "chromium-profile"), "--enable-logging=stderr",
           "--v=0"] + args
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return proc.stdout, console


def render(path, tmp_path):
    dom, console = browser(["--dump-dom", "file://%s" % path], tmp_path)
    return Page(dom, console)


def text_by_id(dom, ident):
    """The text of the element with this id (a <b> or <span> holding a number)."""
    found = re.findall(r'<[a-z]+ id="%s"[^>]*>([^<]*)<' % re.escape(ident), dom)
    assert len(found) == 1, ident
    return found[0]


def png_pixels(path):
    """Width, height and rows of RGB(A) tuples of an 8-bit PNG (what chromium writes),
    decoded with zlib alone."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[x] = (line[x] + pred) & 0xFF
        rows.append([tuple(line[i:i + channels]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def check_page(page, report):
    """The page against its JSON report."""
    assert page.console == [], "the page logged to the console: %s" % page.console
    body = page.body()
    assert "data-js-errors" not in body, body.get("data-js-errors")
    assert body.get("data-selfcheck") == "ok", body
    cells = json.loads(body["data-cells"])
    counts = report["summary"]["counts"]
    unreachable_cells = sum(len(c["controls"]) for c in report["cameras"] if c["status"] == "unreachable")
    for status in ("pass", "fail", "manual", "not_applicable"):
        assert cells.get(status, 0) == counts[status], (status, cells, counts)
        assert int(text_by_id(page.dom, "count-" + status)) == counts[status]
    assert cells.get("error", 0) + cells.get("unreachable", 0) == counts["error"]
    assert cells.get("unreachable", 0) == unreachable_cells
    summary = report["summary"]
    for key in ("cameras", "compliant", "drifted", "unreachable"):
        assert int(text_by_id(page.dom, "n-" + key)) == summary[key], key
    assert int(text_by_id(page.dom, "shown")) == len(report["cameras"])
    rows = [attrs for tag, attrs in page.elements if tag == "tr" and "cam" in attrs.get("class", "").split()]
    assert len(rows) == len(report["cameras"])


def failing_pairs(report):
    return {(cam["name"], c["id"]) for cam in report["cameras"] if cam["status"] != "unreachable"
            for c in cam["controls"] if c["status"] in ("fail", "error")}


@pytest.mark.slow
def test_html_report_in_a_browser_changes_and_console(fleet, tmp_path):
    reports = tmp_path / "reports"
    extra = dict(SITE, ipcam_level=2, ipcam_report_dir=str(reports), ipcam_report_console_controls=20)
    first = run_playbook(AUDIT, fleet.inventory, extra)
    assert first.rc == 0, first
    json_path, html_path = reports / (PREFIX + ".json"), reports / (PREFIX + ".html")
    report = json.loads(json_path.read_text())
    assert sorted(os.listdir(reports)) == sorted(PREFIX + ext for ext in (".csv", ".html", ".json", ".xml"))

    page = render(html_path, tmp_path)
    check_page(page, report)
    assert 'id="no-previous"' in page.dom
    # the filters: a vendor option per vendor, a group option per inventory group
    options = html_path.read_text()
    for vendor in ("axis", "hikvision", "onvif"):
        assert "<option>%s</option>" % vendor in options

    # The console ends with the failing controls of each camera and their reasons.
    shown = [r["result"]["msg"] for r in first.records
             if r["task"].endswith("TS-0014-2 | Show the fleet summary and the failing controls per camera")]
    assert len(shown) == 1
    for cam in report["cameras"]:
        for control in cam["controls"]:
            if control["status"] == "fail":
                line = [ln for ln in shown[0].splitlines() if (" %s " % control["id"]) in ln
                        and control["reason"].split()[0] in ln]
                assert line, (cam["name"], control["id"], shown[0])

    # Nothing changed on the cameras: the second audit rewrites nothing.
    before = {name: (reports / name).read_bytes() for name in os.listdir(reports)}
    again = run_playbook(AUDIT, fleet.inventory, extra)
    assert again.rc == 0, again
    for task in WRITE_TASKS:
        results = [r for r in again.records if task in r["task"]]
        assert len(results) == 1 and results[0]["result"].get("changed") is False, (task, results)
    assert {name: (reports / name).read_bytes() for name in os.listdir(reports)} == before
    assert any("No change since the report of %s" % report["generated_at"] in r["result"].get("msg", "")
               for r in again.records)

    # The Axis camera lets anonymous viewers in no more (5.4.1 fixed), and the site now
    # approves only a firmware it does not run (5.2.1 a new failure): the page says so,
    # exactly as the two JSON reports imply.
    fleet.control.drift(camera_of("axis"), {"access.anonymous_viewer": False})
    minimums = dict(SITE["ipcam_firmware_minimums"], **{"P3265-LVE": "99.0.0"})
    third = run_playbook(AUDIT, fleet.inventory, dict(extra, ipcam_firmware_minimums=minimums))
    assert third.rc == 0, third
    for task in WRITE_TASKS:
        results = [r for r in third.records if task in r["task"]]
        assert results[0]["result"].get("changed") is True, task
    now = json.loads(json_path.read_text())
    new, fixed = failing_pairs(now) - failing_pairs(report), failing_pairs(report) - failing_pairs(now)
    still = failing_pairs(now) & failing_pairs(report)
    assert (camera_of("axis"), "5.2.1") in new and (camera_of("axis"), "5.4.1") in fixed, (new, fixed)
    page = render(html_path, tmp_path)
    check_page(page, now)
    assert (int(text_by_id(page.dom, "n-new")), int(text_by_id(page.dom, "n-fixed")),
            int(text_by_id(page.dom, "n-still"))) == (len(new), len(fixed), len(still))
    assert report["generated_at"] in page.dom
    marked = [(attrs.get("class"), attrs.get("data-ctl")) for attrs in page.tags("td")
              if "chg-new" in attrs.get("class", "").split()]
    assert len(marked) == len(new)

    # A screenshot, decoded: the page is not one colour, and shows the status colours.
    shot = tmp_path / "report.png"
    browser(["--window-size=1280,900", "--screenshot=%s" % shot, "file://%s" % html_path], tmp_path)
    width, height, rows = png_pixels(shot)
    assert (width, height) == (1280, 900)
    colours = set(pixel[:3] for row in rows[::4] for pixel in row[::4])
    assert len(colours) > 20, "the screenshot is (nearly) blank: %d colours" % len(colours)
    assert (0xef, 0x9a, 0x9a) in colours, "no failing cell (its red) in the screenshot"


HOSTILE = ('<img src=x onerror="document.body.setAttribute(\'data-pwned\',1)">'
           '</script><script>document.body.setAttribute("data-pwned",2)</script>&amp;\u2028')


def hostile_report():
    control = {"id": "5.2.1", "level": 1, "title": HOSTILE, "source": "assumed", "kind": "check",
               "status": "fail", "expected": {"x": HOSTILE}, "actual": {HOSTILE: HOSTILE},
               "evidence": [HOSTILE], "reason": HOSTILE}
    camera = {"vendor": HOSTILE, "model": HOSTILE, "firmware": HOSTILE, "host": "127.0.0.1"}
    summary = {"level": 1, "cameras": 1, "compliant": 0, "drifted": 1, "unreachable": 0,
               "counts": {"pass": 0, "fail": 1, "manual": 0, "not_applicable": 0, "error": 0}}
    return {"report_format": 1, "standard": "TAICS TS-0014-2", "generator": "test",
            "generated_at": "2026-01-01T00:00:00Z", "summary": summary,
            "cameras": [{"name": HOSTILE, "camera": camera, "level": 1, "status": "drifted",
                         "compliant": False, "controls": [control],
                         "summary": {"counts": summary["counts"]}}]}


def test_camera_strings_cannot_inject_markup(tmp_path):
    report = hostile_report()
    previous = dict(report, cameras=[dict(report["cameras"][0], controls=[
        dict(report["cameras"][0]["controls"][0], status="pass")])])
    path = tmp_path / "hostile.html"
    path.write_text(compliance_report_html(report, previous=previous, groups={HOSTILE: [HOSTILE]}),
                    encoding="utf-8")
    page = render(path, tmp_path)
    check_page(page, report)
    assert "data-pwned" not in page.body()
    assert page.tags("img") == [], "a camera's string became an element"
    assert len([1 for tag, _ in page.elements if tag == "script"]) == 2, "only the page's own scripts"
    assert "&lt;img src=x" in page.dom, "the camera's string is shown as text"
