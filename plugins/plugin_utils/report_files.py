# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writing the report files on the controller: the mode as Ansible's file modules read it,
and one file replaced atomically (a reader never sees half a report), left untouched (same
inode, same mtime) when it already holds the content and the mode."""

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


def needs_write(path, data, mode):
    """(content differs, mode differs) of the file at `path` against `data` and `mode`;
    a missing file differs in both."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return True, True
    if st.st_size != len(data):
        same = False
    else:
        with open(path, "rb") as f:
            same = f.read() == data
    return not same, (st.st_mode & 0o7777) != mode


def write_atomically(path, data, mode):
    """`data` (bytes) into `path` through a temporary file of the same directory, renamed
    over it once complete and given `mode`."""
    directory, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(prefix=".%s." % name, suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
