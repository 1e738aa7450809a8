# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""camsec.ipcam.compliance_report: the fleet's compliance reports, written on the controller
in one task (documented in plugins/modules/compliance_report.py).

The report is built once from the play's hosts (plugins/plugin_utils/report_build.py, the
builder the filters use too), every requested format is rendered from that one structure,
and the files are written here, atomically. Only the summary and the console text go back
to the strategy: the report itself never becomes a variable, so it is neither copied into
the controller's variables nor shipped to later tasks.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.errors import AnsibleActionFail
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

from ansible_collections.camsec.ipcam.plugins.filter.compliance_report import csv_pieces, render_junit
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_changes import compliance_report_load
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_console import compliance_report_console
from ansible_collections.camsec.ipcam.plugins.filter.compliance_report_html import compliance_report_html
from ansible_collections.camsec.ipcam.plugins.plugin_utils.report_build import (
    ReportInputError, build_report, now, summary_line)
from ansible_collections.camsec.ipcam.plugins.plugin_utils import json_indent
from ansible_collections.camsec.ipcam.plugins.plugin_utils.report_files import parse_mode, sync_file

EXTENSIONS = {"json": ".json", "csv": ".csv", "junit": ".xml", "html": ".html"}
ARGUMENT_SPEC = {
    "dir": {"type": "path", "default": "reports"},
    "prefix": {"type": "str", "default": "ts-0014-2-compliance"},
    "formats": {"type": "list", "elements": "str", "default": ["json", "csv", "junit", "html"]},
    "mode": {"type": "raw", "default": "0640"},
    "dir_mode": {"type": "raw", "default": "0750"},
    "console_cameras": {"type": "int", "default": 25},
    "console_controls": {"type": "int", "default": 6},
    "level": {"type": "int", "choices": [1, 2, 3]},
    "generator": {"type": "str", "default": "camsec.ipcam.report"},
}


def json_pieces(report):
    # As the role wrote it with to_nice_json(indent=2, sort_keys=false): same bytes, so a
    # report written by an older release is not rewritten only for its layout
    # (json_indent.py: json's own text, without its pure-Python indenting encoder).
    yield from json_indent.pieces(report)
    yield "\n"


def pieces(fmt, report, previous=None, groups=None):
    """One format's text of the one report, in pieces (benchmarks/report_memory.py
    measures this). JSON and CSV come as they are made, so their whole text is never held."""
    if fmt == "json":
        return json_pieces(report)
    if fmt == "csv":
        return csv_pieces(report)
    if fmt == "junit":
        return [render_junit(report)]
    return [compliance_report_html(report, previous=previous, groups=groups)]


def _options(args):
    """The checked options, or AnsibleActionFail before anything is read or written."""
    prefix = args["prefix"]
    if not prefix or "/" in prefix or prefix in (".", ".."):
        raise AnsibleActionFail("prefix must be a file name prefix without '/', got %r" % prefix)
    unknown = [f for f in args["formats"] if f not in EXTENSIONS]
    if unknown:
        raise AnsibleActionFail("formats must be a list of %s; unknown: %s"
                                % (", ".join(EXTENSIONS), ", ".join(unknown)))
    formats = []
    for fmt in args["formats"]:
        if fmt not in formats:
            formats.append(fmt)
    try:
        mode, dir_mode = parse_mode(args["mode"], "mode"), parse_mode(args["dir_mode"], "dir_mode")
    except ValueError as exc:
        raise AnsibleActionFail(str(exc))
    for key in ("console_cameras", "console_controls"):
        if args[key] < 1:
            raise AnsibleActionFail("%s must be at least 1, got %d" % (key, args[key]))
    directory = os.path.realpath(os.path.expanduser(args["dir"]))
    if formats and os.path.exists(directory) and not os.path.isdir(directory):
        raise AnsibleActionFail("dir %s exists and is not a directory" % directory)
    return dict(args, prefix=prefix, formats=formats, mode=mode, dir_mode=dir_mode, dir=directory)


def _previous(path):
    """The previous JSON report, or None: one that cannot be read only means there is
    nothing to compare with."""
    try:
        with open(path, "rb") as f:
            return compliance_report_load(f.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _fail_on_drift(drifted, values):
    """The drifted cameras whose ipcam_fail_on_drift may be on: true, or a template the
    play works out per camera. playbooks/audit.yml fails only these, so that a fleet with
    none of them costs no task per camera after the report."""
    out = []
    for name in drifted:
        value = values.get(name)
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            out.append(name)
            continue
        try:
            if value is not None and boolean(value, strict=False):
                out.append(name)
        except TypeError:
            out.append(name)
    return out


def _encode(text):
    return text.encode("utf-8", "replace")


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        opts = _options(args)
        base = os.path.join(opts["dir"], opts["prefix"])
        files = [(fmt, base + EXTENSIONS[fmt]) for fmt in opts["formats"]]

        previous = _previous(base + ".json") if "json" in opts["formats"] else None
        fail_on_drift = {}
        try:
            report = build_report(task_vars.get("ansible_play_hosts_all") or [], task_vars.get("hostvars") or {},
                                  active=task_vars.get("ansible_play_hosts"), level=opts["level"],
                                  generated_at=now(), generator=opts["generator"], previous=previous,
                                  host_var=("ipcam_fail_on_drift", fail_on_drift))
        except ReportInputError as exc:
            raise AnsibleActionFail("compliance_report: %s" % exc)
        unchanged = previous is not None and report is previous

        # One format at a time, each written (or found up to date) before the next is
        # rendered; JSON and CSV are compared and written piece by piece as they are made.
        create_dir = bool(files) and not os.path.isdir(opts["dir"])
        if create_dir and not self._task.check_mode:
            os.makedirs(opts["dir"], mode=opts["dir_mode"])
            os.chmod(opts["dir"], opts["dir_mode"])  # not narrowed by the umask
        written = []
        for fmt, path in files:
            if fmt == "html" and unchanged and os.path.exists(path):
                # Unchanged findings: the page already written (with its comparison
                # against the report before it) stays as it is.
                continue
            content_changed, mode_changed = sync_file(path, pieces(fmt, report, previous, task_vars.get("groups")),
                                                      opts["mode"], check_mode=self._task.check_mode)
            if content_changed or mode_changed:
                written.append(path)
            if mode_changed and not content_changed and not self._task.check_mode:
                os.chmod(path, opts["mode"])

        summary = dict(report["summary"], generated_at=report["generated_at"],
                       report_files=[path for fmt, path in files])
        verb = "would write" if self._task.check_mode else "wrote"
        if written or create_dir:
            msg = "%s %s" % (verb, ", ".join(written) or "no file")
            if create_dir:
                msg += " (%s the directory %s)" % ("would create" if self._task.check_mode else "created", opts["dir"])
        elif unchanged:
            msg = "findings unchanged since the report of %s: every file left as it is" % report["generated_at"]
        else:
            msg = "every report file already up to date"
        result.update(
            changed=bool(written) or create_dir,
            msg=msg,
            summary=summary,
            report_files=summary["report_files"],
            written=written,
            unchanged=unchanged,
            summary_line=summary_line(report["summary"]),
            fail_on_drift_cameras=_fail_on_drift(report["summary"]["drifted_cameras"], fail_on_drift),
            console=compliance_report_console(report, previous=previous, max_cameras=opts["console_cameras"],
                                              max_controls=opts["console_controls"]),
            # Read by the strategy from any task's result, as set_stats' own (per_host:
            # false, aggregate: false), so no set_stats task is needed.
            ansible_stats={"data": {"ipcam_compliance_summary": summary}, "per_host": False, "aggregate": False},
        )
        if self._task.diff and (written or create_dir) and "json" in opts["formats"]:
            result["diff"] = {
                "before_header": "%s (summary)" % (base + ".json"),
                "after_header": "%s (summary)" % (base + ".json"),
                "before": "".join(json_pieces(previous["summary"])) if previous else "",
                "after": "".join(json_pieces(report["summary"])),
            }
        return result
