"""Test-side helpers: run the emulator as a subprocess and drive its control interface."""

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Control:
    """Client of the emulator's control interface (see control.py)."""

    def __init__(self, url):
        self.url = url

    def call(self, method, path, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"null")

    def cameras(self):
        return self.call("GET", "/cameras")

    def state(self, cam_id):
        return self.call("GET", "/cameras/%s/state" % cam_id)

    def drift(self, cam_id, changes):
        return self.call("PATCH", "/cameras/%s/state" % cam_id, changes)

    def preset(self, cam_id, preset):
        return self.call("PUT", "/cameras/%s/state?preset=%s" % (cam_id, preset))

    def fleet_preset(self, preset):
        return self.call("PUT", "/fleet/state?preset=%s" % preset)

    def counters(self, cam_id):
        return self.call("GET", "/cameras/%s/counters" % cam_id)

    def reset_counters(self, cam_id):
        return self.call("DELETE", "/cameras/%s/counters" % cam_id)

    def faults(self, cam_id, **faults):
        return self.call("PUT", "/cameras/%s/faults" % cam_id, faults)

    def clear_faults(self, cam_id):
        return self.call("DELETE", "/cameras/%s/faults" % cam_id)


def random_first_address():
    """A loopback block of our own, so parallel test runs do not collide."""
    return "127.%d.%d.1" % (random.randint(20, 250), random.randint(0, 250))


class EmulatorProcess:
    """`python -m tests.emulator` as a child process; a context manager."""

    def __init__(self, state_dir, cameras=3, vendors=None,
                 first_address=None, state="insecure", extra_args=(), timeout=120,
                 profiles=None):
        self.state_dir = str(state_dir)
        self.inventory = os.path.join(self.state_dir, "inventory.yml")
        self.first_address = first_address or random_first_address()
        self.args = [sys.executable, "-m", "tests.emulator", "--cameras", str(cameras),
                     "--state-dir", self.state_dir,
                     "--inventory", self.inventory, "--first-address", self.first_address,
                     "--state", state] + list(extra_args)
        if vendors:  # else every registered vendor, in registry order
            self.args += ["--vendors", vendors if isinstance(vendors, str) else ",".join(vendors)]
        if profiles:
            self.args += ["--profiles", ",".join(profiles) if not isinstance(profiles, str)
                          else profiles]
        self.timeout = timeout
        self.proc = None
        self.control = None

    def start(self):
        # The emulator's stderr goes to a file, and its stdout is drained into the same file
        # once it is ready: a pipe nobody reads fills up (64 KB), and the emulator's one
        # event loop then blocks on a log line and every camera stops answering.
        os.makedirs(self.state_dir, exist_ok=True)
        self.log_path = os.path.join(self.state_dir, "emulator.log")
        log = open(self.log_path, "a")
        try:
            self.proc = subprocess.Popen(self.args, cwd=ROOT, stdout=subprocess.PIPE,
                                         stderr=log, text=True)
        finally:
            log.close()
        deadline = time.time() + self.timeout
        url = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith("control "):
                url = line.split()[1]
            if line.strip() == "ready":
                self.control = Control(url)
                threading.Thread(target=self._drain_stdout, daemon=True).start()
                return self
        self.stop()
        with open(self.log_path) as f:
            raise RuntimeError("emulator did not become ready: %s" % f.read()[-4000:])

    def _drain_stdout(self):
        with open(self.log_path, "a") as log:
            for line in self.proc.stdout:  # ends when the emulator exits
                log.write(line)
                log.flush()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def password(self):
        with open(os.path.join(self.state_dir, "fleet.json")) as f:
            return json.load(f)["password"]

    def ca_path(self):
        return os.path.join(self.state_dir, "tls", "ca.pem")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
