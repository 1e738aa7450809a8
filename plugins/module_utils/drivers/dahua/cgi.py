# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dahua HTTP CGI wire client: /cgi-bin/<name>.cgi?action=..., Digest over the task's
transport, replies in `key=value` lines (tests/emulator/vendors/dahua/profiles.md has the
sources of every format below).

- configManager.cgi?action=getConfig&name=<X> answers `table.<X>.<key>=<value>` lines;
  ?action=setConfig&<X>.<key>=<value>&... answers `OK`.
- A write the device declines can answer HTTP 200 with the one word `Error`; a table or
  action this firmware does not have answers HTTP 400 `Error` (Bad Request), or 404
  where the CGI itself is absent: both mean "this firmware lacks it" on a read.
- A refused login is the transport's: 401 to credentials, or 403 (locked account, or
  "Authority:check failure." for an account without the right): AuthError, never
  repeated. Every write is sent once (no retry: it may have reached the device).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import replies
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import DeviceFault, UnsupportedCall

CONFIG = "/cgi-bin/configManager.cgi"
DECLINED = "error"  # the one word of a declined write, any case, maybe more lines after
LACKING_STATUSES = (400,)  # with `Error`: a table or action this firmware lacks [INF]


def parse_lines(text):
    """{key: value} of `key=value` lines (CRLF or LF); lines without `=` are skipped."""
    out = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            out[key.strip()] = value.strip()
    return out


def as_bool(value):
    return str(value).strip().lower() == "true"


def wire_bool(value):
    return "true" if value else "false"


def declined(text):
    lines = text.strip().splitlines()
    return bool(lines) and lines[0].strip().lower() == DECLINED


class CgiClient(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera

    def read(self, path, params, call, fresh=False):
        """A read: {key: value} of the reply (`fresh`: from the camera, not this task's
        cache). A 400 `Error` or a 404: UnsupportedCall."""
        resp = self.t.request("GET", path, params=params, cacheable=not fresh, call=call,
                              expect=LACKING_STATUSES)
        text = resp.text
        if resp.status_code in LACKING_STATUSES or declined(text):
            raise UnsupportedCall(self.camera, call, "not supported by this camera (HTTP %d: %s)"
                                  % (resp.status_code, _words(text)))
        return parse_lines(text)

    def write(self, path, params, call):
        """A write: the reply must be `OK`; anything else is the device's refusal, quoted."""
        resp = self.t.request("GET", path, params=params, idempotent=False, call=call,
                              expect=LACKING_STATUSES)
        text = resp.text.strip()
        if resp.status_code in LACKING_STATUSES:
            raise UnsupportedCall(self.camera, call, "not supported by this camera (HTTP %d: %s)"
                                  % (resp.status_code, _words(text)))
        if text.upper() != "OK":
            raise DeviceFault(self.camera, call, "fault: the camera declined the write "
                              "(HTTP %d: %s)" % (resp.status_code, _words(text) or "an empty reply"))
        return text

    # -- configManager ------------------------------------------------------------------
    def get_config(self, name):
        """{key without "table.<name>." : value} of one configuration table."""
        found = self.read(CONFIG, [("action", "getConfig"), ("name", name)],
                          "CGI configManager getConfig %s" % name)
        prefix = "table.%s" % name
        out = {}
        for key, value in found.items():
            if key.startswith(prefix):
                out[key[len(prefix):].lstrip(".")] = value
        return out

    def set_config(self, name, values):
        """values: [(key under the table, value)] written in one setConfig."""
        params = [("action", "setConfig")]
        for key, value in values:
            full = "%s.%s" % (name, key) if not key.startswith("[") else name + key
            params.append((full, wire_bool(value) if isinstance(value, bool) else str(value)))
        return self.write(CONFIG, params, "CGI configManager setConfig %s" % name)

    def action(self, cgi, action, params=(), write=False, fresh=False):
        path = "/cgi-bin/%s.cgi" % cgi
        call = "CGI %s %s" % (cgi, action)
        full = [("action", action)] + list(params)
        return self.write(path, full, call) if write else self.read(path, full, call, fresh)


def _words(text):
    return replies.text_words(text.encode("utf-8") if not isinstance(text, bytes) else text) \
        .replace("\r\n", " ").replace("\n", " ")
