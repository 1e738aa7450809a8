# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The worker's side of the shared evaluator (evaluator_service.py): hand it one task's
validated options, get the module's outcome back.

`run()` returns None whenever the evaluator did not take the request (none runs and none
could be started, the socket is someone else's, it stopped before accepting): nothing of
the request reached a camera, and the caller evaluates in its own process. Once the
evaluator has accepted a request, its outcome is the only one: if it ends without
answering, the task fails and says so; it is never tried a second time (the camera may
have counted a login).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import socket
import subprocess
import sys

from ansible_collections.camsec.ipcam.plugins.plugin_utils import evaluator_wire as wire

SERVICE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "evaluator_service.py")
IDLE_S = 10.0  # spans the gap between two camera tasks of a play
CONNECT_S = 10.0  # sending the request and getting ACCEPTED; the evaluator starts in ~0.5 s
MIN_HOSTS = 10  # `auto`: below this, starting the evaluator costs more than it saves
SETTINGS = ("auto", "always", "never")  # ipcam_evaluator


def wanted(setting, play_hosts):
    """ipcam_evaluator: `auto` (a play of MIN_HOSTS cameras or more), `always`, `never`;
    never where the platform has no abstract sockets (not Linux)."""
    if setting == "never" or not wire.supported():
        return False
    return setting == "always" or play_hosts >= MIN_HOSTS


def run(module, params, check_mode, wait_s):
    """The outcome of `module` on params' camera from the run's evaluator, or None (see the
    module's text). wait_s bounds the wait for the outcome."""
    main_pid = os.getppid()  # Ansible's workers are children of ansible-playbook's main process
    start = wire.process_start(main_pid)
    if start is None:
        return None
    name = wire.address(main_pid, start)
    sock = _connect(name) or _start(name, main_pid, start)
    if sock is None:
        return None
    try:
        try:
            sock.settimeout(CONNECT_S)
            wire.send(sock, {"module": module, "params": params, "check_mode": check_mode})
            accepted = sock.recv(1) == wire.ACCEPTED
        except (OSError, ValueError, TypeError):
            accepted = False
        if not accepted:
            return None
        sock.settimeout(wait_s)
        try:
            outcome = wire.receive(sock)
            cause = "it closed the connection"
        except (OSError, ValueError) as exc:
            outcome, cause = None, "%s: %s" % (type(exc).__name__, exc)
        if outcome is None:
            return {"failed": True, "changed": False,
                    "msg": "camera %s: %s: the shared evaluator took the task but gave no outcome (%s); "
                           "it was not tried again, since the camera may have counted a login; it may "
                           "have written settings before it stopped: read the camera again before a retry"
                           % (params.get("host"), module, cause)}
        return outcome
    finally:
        sock.close()


def _connect(name):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_S)
        sock.connect(name)
        if wire.peer_uid(sock) == os.getuid():
            return sock
    except OSError:
        pass
    sock.close()
    return None


def _start(name, main_pid, start):
    """Bind the name (the bind is the lock: one worker wins it), hand the listening socket
    to a new evaluator process, connect to it. None when another worker won the bind and
    its evaluator does not answer either, or the evaluator could not be started."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(name)
        listener.listen(1024)
    except OSError:
        listener.close()
        return _connect(name)
    try:
        subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, SERVICE, str(listener.fileno()), str(main_pid), str(start), str(IDLE_S)],
            pass_fds=(listener.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        listener.close()
        return None
    try:
        return _connect(name)
    finally:
        listener.close()  # the evaluator has its own copy
