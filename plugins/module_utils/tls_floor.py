# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A client that offers only TLS versions from a floor up, for the management-path check
around raising a camera's oldest accepted TLS version (areas/protocols.py).

Before the camera is told to refuse everything older than TLS 1.3, a request through such
a client proves the camera already answers at TLS 1.3: the same handshake the camera will
insist on afterwards. It is a requests transport adapter mounted on a Transport's own
session (transport.py still sends every request); the certificate is verified exactly as
the Transport says (urllib3 applies `verify` / the CA bundle to this context too).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ssl

try:
    from requests.adapters import HTTPAdapter
    from urllib3.util.ssl_ import create_urllib3_context
    HAS_ADAPTER = True
except ImportError:  # pragma: no cover - the Transport refuses to start without requests
    HTTPAdapter = object
    HAS_ADAPTER = False

from ansible_collections.camsec.ipcam.plugins.module_utils.transport import verify_flags

# Names as ssl.SSLSocket.version() prints them -> ssl.TLSVersion member names
_MEMBERS = {"TLSv1": "TLSv1", "TLSv1.1": "TLSv1_1", "TLSv1.2": "TLSv1_2", "TLSv1.3": "TLSv1_3"}


class OldestTlsAdapter(HTTPAdapter):
    """Connections whose ClientHello offers `version` and newer only."""

    def __init__(self, version, strict=True, **kwargs):
        self.strict = strict  # tls_strict of the transport (transport.verify_flags)
        pinned = getattr(getattr(ssl, "TLSVersion", None), _MEMBERS.get(version, ""), None)
        if pinned is None:
            raise ValueError("this Python's ssl module cannot set %s as the oldest version" % version)
        self.oldest = pinned
        super(OldestTlsAdapter, self).__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        context = create_urllib3_context(verify_flags=verify_flags(self.strict))
        context.minimum_version = self.oldest
        kwargs["ssl_context"] = context
        return super(OldestTlsAdapter, self).init_poolmanager(*args, **kwargs)


def offer_from(transport, version):
    """Make `transport` (a fresh one: its pooled connections are dropped) offer only
    `version` and newer over HTTPS."""
    if not HAS_ADAPTER:
        raise ValueError("requests and urllib3 are needed to choose the TLS versions offered")
    transport.session.mount("https://", OldestTlsAdapter(
        version, strict=getattr(transport, "tls_strict", True)))
    return transport
