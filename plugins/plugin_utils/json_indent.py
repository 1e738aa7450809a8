# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The JSON report's text, byte for byte what json.dumps(value, indent=2,
separators=(",", ": "), default=str) writes (and so what the role's to_nice_json wrote),
made several times faster.

Why not json itself: with an indent, Python's json (before 3.14) encodes in pure Python,
one generator per nesting level, and every token climbs up through all of them; for a
fleet report that was the larger part of the report step's CPU (issue 14). Here each
token is appended once to a list; strings and floats go through json's own C helpers,
so escaping and number forms are json's. The text comes out in pieces of about `chunk`
characters, camera by camera, so the whole file is never held as one string.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json.encoder
import math

_STRING = json.encoder.encode_basestring_ascii  # the C one where the interpreter has it
_INDENT = "  "


def _float(value):
    if math.isnan(value):
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return float.__repr__(value)


def _key(key):
    if isinstance(key, str):
        return _STRING(key)
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _STRING(int.__repr__(key))
    if isinstance(key, float):
        return _STRING(_float(key))
    raise TypeError("keys must be str, int, float, bool or None, not %s" % type(key).__name__)


def _emit(value, depth, out):
    if isinstance(value, str):
        out.append(_STRING(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = "\n" + _INDENT * (depth + 1)
        out.append("{" + inner)
        first = True
        for key, item in value.items():
            if not first:
                out.append("," + inner)
            first = False
            out.append(_key(key))
            out.append(": ")
            _emit(item, depth + 1, out)
        out.append("\n" + _INDENT * depth + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = "\n" + _INDENT * (depth + 1)
        out.append("[" + inner)
        first = True
        for item in value:
            if not first:
                out.append("," + inner)
            first = False
            _emit(item, depth + 1, out)
        out.append("\n" + _INDENT * depth + "]")
    else:
        _emit(str(value), depth, out)  # json's default=str


def dumps(value):
    out = []
    _emit(value, 0, out)
    return "".join(out)


def pieces(value, chunk=1 << 16):
    """The text of `value` in pieces: the top level and its lists and dicts (a report's
    `cameras`) element by element, each piece at least `chunk` characters but the last."""
    out, gathered, size = [], [], 0
    for _step in _level(value, 0, out, 2):
        text = "".join(out)
        del out[:]
        gathered.append(text)
        size += len(text)
        if size >= chunk:
            yield "".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield "".join(gathered)


def _level(value, depth, out, stream_depth):
    """Emit `value` into `out`, the containers above `stream_depth` element by element,
    yielding after each element."""
    if depth >= stream_depth or not isinstance(value, (dict, list, tuple)) or not value:
        _emit(value, depth, out)
        yield None
        return
    inner = "\n" + _INDENT * (depth + 1)
    is_dict = isinstance(value, dict)
    out.append(("{" if is_dict else "[") + inner)
    first = True
    for entry in (value.items() if is_dict else value):
        if not first:
            out.append("," + inner)
        first = False
        if is_dict:
            out.append(_key(entry[0]))
            out.append(": ")
            entry = entry[1]
        yield from _level(entry, depth + 1, out, stream_depth)
    out.append("\n" + _INDENT * depth + ("}" if is_dict else "]"))
    yield None
