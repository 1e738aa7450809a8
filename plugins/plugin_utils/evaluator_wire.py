# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the action plugin's workers and the shared evaluator (evaluator_service.py) say to
each other over a local socket, and where they find each other.

The socket is a Linux abstract one (no file to clean up), named after the user and the
ansible-playbook process (its pid and start time, so that a reused pid is another name):
one evaluator per run. Either end checks the other's uid (SO_PEERCRED) before it sends a
byte: the requests carry the cameras' passwords.

A message is a 4-byte big-endian length and that many bytes of JSON. The evaluator answers
a request with one byte, ACCEPTED, before it does anything with it: until a worker has that
byte, no request of its has reached a camera, so it may evaluate in its own process
instead; after it, never (a second login could lock the camera's account).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import socket
import struct
import sys

ACCEPTED = b"\x01"
MAX_MESSAGE = 64 * 1024 * 1024  # bound on a request or an outcome (an outcome is ~20 KB)
_LENGTH = struct.Struct(">I")


def supported():
    return sys.platform.startswith("linux") and hasattr(socket, "SO_PEERCRED")


def process_start(pid):
    """The start time of process `pid` in clock ticks since boot, or None if it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as handle:
            stat = handle.read()
    except (OSError, IOError):
        return None
    # the command name (field 2) may hold spaces and parentheses: count from the last ')'
    return int(stat.rsplit(")", 1)[1].split()[19])


def address(main_pid, start):
    """The abstract socket name of the evaluator of the run whose main process is main_pid."""
    return "\0camsec.ipcam.evaluator.%d.%d.%s" % (os.getuid(), main_pid, start)


def peer_uid(sock):
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


def send(sock, obj):
    data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_MESSAGE:
        raise ValueError("message of %d bytes is over the bound of %d" % (len(data), MAX_MESSAGE))
    sock.sendall(_LENGTH.pack(len(data)) + data)


def receive(sock):
    """The next message, or None when the other end closed the connection first."""
    head = _exactly(sock, _LENGTH.size)
    if head is None:
        return None
    (length,) = _LENGTH.unpack(head)
    if length > MAX_MESSAGE:
        raise ValueError("message of %d bytes announced, over the bound of %d" % (length, MAX_MESSAGE))
    data = _exactly(sock, length)
    return None if data is None else json.loads(data.decode("utf-8"))


def _exactly(sock, size):
    chunks, have = [], 0
    while have < size:
        chunk = sock.recv(min(size - have, 1024 * 1024))
        if not chunk:
            return None
        chunks.append(chunk)
        have += len(chunk)
    return b"".join(chunks)
