# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sockets of a probe pass (probes.py, probe_tls.py, probe_rtsp.py): a UDP exchange
and a TCP connect that each stop as soon as the answer is definite, and that never let
a late process turn an answer already received into silence.

Definite answers:
- UDP: the replies wanted came, or the camera's kernel answered ICMP port-unreachable.
  The exchange sends from a socket *connected* to the camera's port, so Linux reports
  that ICMP to it as ECONNREFUSED on the next send or receive (an unconnected socket is
  never told). Replies from another port of the camera (WS-Discovery publishers answer
  from another socket than 3702) reach a second, unconnected socket bound to the same
  local port: the kernel gives a datagram to the connected socket only when it comes
  from the connected peer, and to the unconnected one otherwise.
- TCP: accepted (open) or reset (closed).
Only silence waits for the deadline, and stays "no answer".

Lateness: under CPU load the process may run long after the deadline it set. What the
kernel received before that is still in the socket buffers: after the deadline every
socket is read once without blocking (and a TCP connect's outcome read from SO_ERROR)
before anything is declared silent, so a reply that came in time counts.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import asyncio
import errno
import select
import socket
import time

MAX_DATAGRAM = 65535
MAX_DRAIN = 64  # datagrams read in one non-blocking drain: bounded
REPLIED, REFUSED, SILENT = "replied", "refused", "no answer"


def _family(address):
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def _any(family):
    return "::" if family == socket.AF_INET6 else "0.0.0.0"


class UdpExchange(object):
    """Requests to one UDP port of a camera, and the replies from that camera's address.

    open() binds the sockets, send() sends, collect() waits for `done(replies)`, a
    refusal or the deadline, and drains the sockets once after it. `outcome` is then
    REPLIED (done), REFUSED (ICMP port-unreachable) or SILENT (the deadline passed:
    with some replies, or none); `elapsed_until_answer` the seconds from the send to the
    definite answer (None for silence); `wakeups` how many times collect() woke up."""

    def __init__(self, address, port, read, done, multicast_group=None):
        self.address = address
        self.port = port
        self.read = read
        self.done = done
        self.multicast_group = multicast_group
        self.replies = []
        self.outcome = None
        self.sent_at = None
        self.elapsed_until_answer = None
        self.wakeups = 0
        self.sockets = []
        self.sender = None

    def open(self):
        family = _family(self.address)
        try:
            listener = socket.socket(family, socket.SOCK_DGRAM)
            self.sockets.append(listener)
            listener.setblocking(False)
            if self.multicast_group:
                # multicast: the replies come from the camera's address, to this socket
                listener.bind((_any(family), 0))
                self.sender = listener
                return self
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((_any(family), 0))
            sender = socket.socket(family, socket.SOCK_DGRAM)
            self.sockets.append(sender)
            sender.setblocking(False)
            sender.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sender.bind((_any(family), listener.getsockname()[1]))
            sender.connect((self.address, self.port))
            self.sender = sender
        except BaseException:
            self.close()
            raise
        return self

    def send(self, payloads):
        self.sent_at = time.monotonic()
        for payload in payloads:
            try:
                if self.multicast_group:
                    self.sender.sendto(payload, self.multicast_group)
                else:
                    self.sender.send(payload)
            except ConnectionRefusedError:
                self._refused()  # an ICMP for an earlier datagram came back already
                return
            except (BlockingIOError, InterruptedError):
                continue  # a full send buffer drops this one: silence, never a hang

    def _refused(self):
        if self.outcome is None:
            self.outcome = REFUSED
            self.elapsed_until_answer = round(time.monotonic() - self.sent_at, 4)

    def _take(self, data, addr):
        if self.outcome is not None or addr[0] != self.address:
            return
        parsed = self.read(data)
        if parsed is None:
            return
        self.replies.append((data, parsed))
        if self.done(self.replies):
            self.outcome = REPLIED
            self.elapsed_until_answer = round(time.monotonic() - self.sent_at, 4)

    def drain(self):
        """Read whatever the sockets hold now, without blocking (bounded)."""
        for sock in self.sockets:
            for _count in range(MAX_DRAIN):
                if self.outcome is not None:
                    return
                try:
                    data, addr = sock.recvfrom(MAX_DATAGRAM)
                except (BlockingIOError, InterruptedError):
                    break
                except ConnectionRefusedError:
                    if sock is self.sender and not self.multicast_group:
                        self._refused()
                    break
                except OSError:
                    break  # another ICMP error (host unreachable...): no answer from it
                self._take(data, addr)

    async def collect(self, deadline):
        """Wait for a definite answer or the deadline; then one last drain."""
        loop = asyncio.get_running_loop()
        woken = loop.create_future()

        def wake():
            if not woken.done():
                woken.set_result(None)
        for sock in self.sockets:
            loop.add_reader(sock.fileno(), wake)
        try:
            while self.outcome is None:
                self.drain()
                remaining = deadline - time.monotonic()
                if self.outcome is not None or remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(asyncio.shield(woken), remaining)
                except asyncio.TimeoutError:
                    pass
                self.wakeups += 1
                if woken.done():
                    woken = loop.create_future()
            # the deadline passed (or we ran late): what reached the sockets still counts
            self.drain()
        finally:
            for sock in self.sockets:
                loop.remove_reader(sock.fileno())
        if self.outcome is None:
            self.outcome = SILENT
        return self.replies

    def close(self):
        for sock in self.sockets:
            sock.close()
        self.sockets = []


async def udp_exchange(address, port, payloads, deadline, read, done, multicast_group=None):
    """Open, send, collect, close: the finished UdpExchange."""
    exchange = UdpExchange(address, port, read, done, multicast_group).open()
    try:
        if multicast_group:
            prepare_multicast(exchange.sender, address, port)
        exchange.send(payloads)
        await exchange.collect(deadline)
        return exchange
    finally:
        exchange.close()


def prepare_multicast(sock, address, port):
    """Send a multicast out of the interface that reaches the camera: the one the
    routing table picks for its address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((address, port))
        local = probe.getsockname()[0]
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(local))
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)


# -- TCP -----------------------------------------------------------------------------------

def connect_state(sock):
    """open, closed or None (not known yet) of a non-blocking connect, read from the
    kernel: whatever it decided counts, however late this process looks."""
    try:
        writable = select.select([], [sock], [], 0)[1]
    except (OSError, ValueError):
        return "filtered"
    if not writable:
        return None
    err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if err == 0:
        try:
            sock.getpeername()
            return "open"
        except OSError:
            return None
    if err == errno.ECONNREFUSED:
        return "closed"
    return "filtered"  # unreachable: nothing answers from there


async def tcp_connect(address, port, deadline):
    """(state, socket or None, elapsed_until_answer): open (the socket is returned,
    connected and non-blocking; the caller closes it), closed (reset) or filtered (no
    answer by the deadline, or unreachable)."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(_family(address), socket.SOCK_STREAM)
    started = time.monotonic()
    try:
        sock.setblocking(False)
        err = sock.connect_ex((address, port))
        if err not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
            sock.close()
            return ("closed" if err == errno.ECONNREFUSED else "filtered"), None, None
        woken = loop.create_future()

        def wake():
            if not woken.done():
                woken.set_result(None)
        loop.add_writer(sock.fileno(), wake)
        try:
            state = connect_state(sock)
            remaining = deadline - time.monotonic()
            if state is None and remaining > 0:
                try:
                    await asyncio.wait_for(asyncio.shield(woken), remaining)
                except asyncio.TimeoutError:
                    pass
                # read from the kernel, not from when this process got to run
                state = connect_state(sock)
        finally:
            loop.remove_writer(sock.fileno())
        elapsed = round(time.monotonic() - started, 4)
        if state == "open":
            return "open", sock, elapsed
        sock.close()
        return (state or "filtered"), None, (elapsed if state else None)
    except BaseException:
        sock.close()
        raise
