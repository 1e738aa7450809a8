# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writing the report files on the controller: the mode as Ansible's file modules read it,
and one file replaced atomically (a reader never sees half a report), left untouched (same
inode, same mtime, no temporary file beside it) when it already holds the content and the
mode. The content comes in pieces, compared with the file as they come and written only
from the first difference on: a fleet's report never has to be held as one text."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import tempfile

_OCTAL = re.compile(r"^0?[0-7]{3,4}$")


def parse_mode(value, name):
    """A file mode given as an octal string ("0640") or a number (YAML's 0640 is 416, as
    for ansible.builtin.file). Symbolic modes are refused: a report's mode is one number."""
    if isinstance(value, bool):
        raise ValueError("%s must be an octal mode such as '0640', got %r" % (name, value))
    if isinstance(value, int):
        mode = value
    elif isinstance(value, str) and _OCTAL.match(value.strip()):
        mode = int(value.strip(), 8)
    else:
        raise ValueError("%s must be an octal mode such as '0640', got %r" % (name, value))
    if not 0 <= mode <= 0o7777:
        raise ValueError("%s must be an octal mode such as '0640', got %r" % (name, value))
    return mode


# Pieces are gathered to about this many characters before they are compared or written
# (the CSV writer yields a row at a time).
BUFFER = 1 << 16


def _buffered(pieces):
    gathered, size = [], 0
    for piece in pieces:
        gathered.append(piece)
        size += len(piece)
        if size >= BUFFER:
            yield u"".join(gathered)
            gathered, size = [], 0
    if gathered:
        yield u"".join(gathered)


def sync_file(path, pieces, mode, check_mode=False):
    """Make the file at `path` hold the text `pieces` (an iterable of str, UTF-8 encoded)
    with `mode`. Returns (content changed, mode changed); in check mode nothing is written
    and the pair says what would change. A file that differs is replaced through a
    temporary file of the same directory (the part already compared equal copied from the
    old file), renamed over it once complete."""
    try:
        old = open(path, "rb")
    except FileNotFoundError:
        old = None
    out = tmp = None
    compared = 0
    try:
        for text in _buffered(pieces):
            data = text.encode("utf-8", "replace")
            if out is None and old is not None and old.read(len(data)) == data:
                compared += len(data)
                continue
            if check_mode:
                return True, True if old is None else (os.fstat(old.fileno()).st_mode & 0o7777) != mode
            if out is None:
                out, tmp = _start(path, old, compared)
            out.write(data)
        if out is None:
            if old is not None and old.read(1) == b"":
                return False, (os.fstat(old.fileno()).st_mode & 0o7777) != mode
            if check_mode:
                return True, True if old is None else (os.fstat(old.fileno()).st_mode & 0o7777) != mode
            out, tmp = _start(path, old, compared)  # the old file is longer, or missing
        out.flush()
        os.fchmod(out.fileno(), mode)
        os.fsync(out.fileno())
        out.close()
        os.replace(tmp, path)
        tmp = None
        return True, True
    finally:
        if old is not None:
            old.close()
        if out is not None and not out.closed:
            out.close()
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _start(path, old, length):
    """A temporary file beside `path`, holding the first `length` bytes of `old` (the part
    that compared equal)."""
    directory, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(prefix=".%s." % name, suffix=".tmp", dir=directory)
    out = os.fdopen(fd, "wb")
    if length:
        old.seek(0)
        left = length
        while left:
            block = old.read(min(left, BUFFER))
            if not block:  # cannot happen: these bytes were just read and compared
                break
            out.write(block)
            left -= len(block)
    return out, tmp
