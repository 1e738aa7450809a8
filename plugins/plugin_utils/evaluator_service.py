# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared evaluator: one long-lived process of a playbook run that runs the camera
modules' logic (runner.run) for the workers Ansible forks, one thread a request.

Why (issue 14, measured): Ansible forks a new worker per camera and task, and a worker
that evaluates a camera itself pays for being new: the first evaluation in a fresh fork
cost 50-56 ms of CPU against 29-33 ms for the same evaluation in a process that had done
one before (~3,000 copy-on-write and first-touch page faults against ~200). Here the
imports, the TLS client contexts and the caches are made once for the run; the worker
only forwards its validated options and gets the outcome back.

Started by the first worker that finds no evaluator (evaluator_client.py), with the
listening socket it bound; it stops when ansible-playbook's main process is gone or
when it has had no request for `idle` seconds (the name is then free, and a later task
starts a new one). It never retries a request, and answers one request once.

Run as: python evaluator_service.py <listening fd> <main pid> <main start> <idle s>
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import gc
import os
import socket
import sys
import threading
import time

POLL_S = 0.5  # how soon a stop (main process gone, idle) is noticed
REQUEST_READ_S = 30.0  # a worker sends its request at once; this only bounds a stuck one


class Evaluator(object):
    def __init__(self, listener, main_pid, main_start, idle_s):
        # imported here: running this file as a script puts the collection on sys.path first
        from ansible_collections.camsec.ipcam.plugins.module_utils import runner
        from ansible_collections.camsec.ipcam.plugins.plugin_utils import evaluator_wire as wire
        self.runner, self.wire = runner, wire
        self.listener, self.main_pid, self.main_start, self.idle_s = listener, main_pid, main_start, idle_s
        self.lock = threading.Lock()
        self.active = 0
        self.last = time.monotonic()
        self.uid = os.getuid()

    def serve(self):
        self.listener.settimeout(POLL_S)
        try:
            while not self._should_stop():
                try:
                    conn = self.listener.accept()[0]
                except socket.timeout:
                    continue
                if self.wire.peer_uid(conn) != self.uid:  # another user: not a word to it
                    conn.close()
                    continue
                with self.lock:
                    self.active += 1
                    self.last = time.monotonic()
                threading.Thread(target=self._handle, args=(conn,), daemon=True).start()
        finally:
            # frees the name at once: a worker that comes later starts a new evaluator; one
            # that connected in between gets no ACCEPTED and evaluates in its own process
            self.listener.close()

    def _should_stop(self):
        if self.wire.process_start(self.main_pid) != self.main_start:
            return True
        with self.lock:
            return self.active == 0 and time.monotonic() - self.last > self.idle_s

    def _handle(self, conn):
        try:
            conn.settimeout(REQUEST_READ_S)
            request = self.wire.receive(conn)
            if request is None:
                return
            conn.sendall(self.wire.ACCEPTED)
            outcome = self.runner.run(request["module"], request["params"], bool(request["check_mode"]))
            conn.settimeout(None)
            try:
                self.wire.send(conn, outcome)
            except (TypeError, ValueError) as exc:  # an outcome JSON cannot carry: say so
                self.wire.send(conn, {"failed": True, "changed": False,
                                      "msg": "camera %s: the shared evaluator could not return the %s outcome: %s"
                                      % (request["params"].get("host"), request["module"], exc)})
        except (OSError, ValueError, KeyError):
            pass  # the worker went away or sent nonsense: it has no answer to wait for
        finally:
            conn.close()
            with self.lock:
                self.active -= 1
                self.last = time.monotonic()


def main(argv):
    listener = socket.socket(fileno=int(argv[1]))
    evaluator = Evaluator(listener, int(argv[2]), int(argv[3]), float(argv[4]))
    # Nothing of the imports is garbage: keep the collector from walking it on every pass.
    gc.freeze()
    evaluator.serve()
    return 0


if __name__ == "__main__":
    # This file is plugins/plugin_utils/ of the installed collection: the directory that
    # holds ansible_collections/ goes on the path, this file's own directory comes off it.
    sys.path.pop(0)
    sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                    "..", "..", "..", "..", "..")))
    sys.exit(main(sys.argv))
