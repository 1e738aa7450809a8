"""A network namespace of the tests' own, joined to the root namespace by a veth pair,
for third-party responders that bind 0.0.0.0 on a well-known port or need multicast
(python-zeroconf, the wsdiscovery package, minidlna). Needs root and `ip netns`; the
tests that use it fail, not skip, without them: CI runs as root.

Addresses are a /30 of link-local 169.254.0.0/16, on the veth pair only: traffic to
them never leaves this machine (the peer is inside the namespace), and a random block
and random names keep parallel runs apart. Everything is deleted on close.
"""

import os
import random
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _ip(*args, netns=None):
    cmd = ["ip"] + (["netns", "exec", netns, "ip"] if netns else []) + list(args)
    subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=10)


def require_root_and_netns():
    """The reason the namespace tests cannot run here, as an AssertionError."""
    assert os.geteuid() == 0, "these tests need root (network namespaces); CI runs as root"
    assert shutil.which("ip"), "these tests need iproute2's `ip` (bindep.txt)"


class NetNamespace:
    def __init__(self):
        tag = "%04x" % random.randint(0, 0xFFFF)
        block = random.randint(150, 249)
        self.name = "ipcam-test-%s" % tag
        self.outside_if = "vipo%s" % tag  # in the root namespace
        self.inside_if = "vipi%s" % tag
        self.outside = "169.254.%d.1" % block
        self.inside = "169.254.%d.2" % block  # the "camera" address the probes target
        self.processes = []

    def __enter__(self):
        require_root_and_netns()
        _ip("netns", "add", self.name)
        try:
            _ip("link", "add", self.outside_if, "type", "veth", "peer", "name", self.inside_if,
                "netns", self.name)
            _ip("addr", "add", self.outside + "/30", "dev", self.outside_if)
            _ip("link", "set", self.outside_if, "up")
            _ip("addr", "add", self.inside + "/30", "dev", self.inside_if, netns=self.name)
            _ip("link", "set", self.inside_if, "up", netns=self.name)
            _ip("link", "set", "lo", "up", netns=self.name)
            # Multicast (mDNS announcements, SSDP searches) goes out of the veth.
            _ip("route", "add", "224.0.0.0/4", "dev", self.inside_if, netns=self.name)
        except Exception:
            self.close()
            raise
        time.sleep(0.3)  # veth links come up asynchronously (IPv6 DAD aside, quickly)
        return self

    def start(self, argv, ready="ready", timeout=20, env=None):
        """Run `argv` inside the namespace; wait until it prints `ready` (None: don't)."""
        proc = subprocess.Popen(["ip", "netns", "exec", self.name] + list(argv), cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, **(env or {})))
        self.processes.append(proc)
        if ready is None:
            return proc
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.strip() == ready:
                return proc
        self.stop(proc)
        raise AssertionError("%s did not become ready: %s" % (argv, proc.stderr.read()))

    def python(self, module, *args, **kwargs):
        """A module of this repository run with the project's Python, in the namespace."""
        return self.start([sys.executable, "-m", module] + list(args), **kwargs)

    @staticmethod
    def stop(proc):
        """Close its standard input (our responders stop cleanly on that), then
        terminate, then kill: bounded either way."""
        if proc.poll() is None:
            try:
                proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)
        for stream in (proc.stdout, proc.stderr, proc.stdin):
            if stream and not stream.closed:
                stream.close()

    def close(self):
        for proc in self.processes:
            self.stop(proc)
        self.processes = []
        subprocess.run(["ip", "link", "del", self.outside_if], capture_output=True, timeout=10)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True, timeout=10)

    def __exit__(self, *exc):
        self.close()
