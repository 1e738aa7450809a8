"""An address where every TCP connect and UDP datagram goes unanswered (a camera behind a
firewall that drops, or one that is switched off on a routed network): a test network
namespace whose replies to us are routed into a blackhole. Nothing listens there, and
not even a TCP reset or an ICMP error comes back, so a connect waits for its timeout."""

import contextlib

from tests.netns import NetNamespace, _ip


@contextlib.contextmanager
def filtered_address():
    with NetNamespace() as ns:
        # The namespace's own replies (SYN-ACK, RST, ICMP) to the root side are dropped.
        _ip("route", "add", "blackhole", ns.outside + "/32", netns=ns.name)
        yield ns.inside
