"""python -m tests.responders.wsd_publisher ADDRESS: the wsdiscovery package publishes an
ONVIF NetworkVideoTransmitter with ThreadedWSPublishing, prints `ready`, and stops when
its standard input closes. The publisher binds 0.0.0.0:3702, so it runs inside a network
namespace of its own (the emulator's cameras hold port 3702 on their loopback addresses)."""

import logging
import sys

from wsdiscovery.publishing import ThreadedWSPublishing
from wsdiscovery.qname import QName
from wsdiscovery.scope import Scope

NVT = QName("http://www.onvif.org/ver10/network/wsdl", "NetworkVideoTransmitter", "dn")


def main(address):
    # The package logs a traceback when it says Bye over IPv6 on shutdown; not ours.
    logging.getLogger("threading").setLevel(logging.CRITICAL)
    publisher = ThreadedWSPublishing()
    publisher.start()
    try:
        publisher.publishService(
            types=[NVT], scopes=[Scope("onvif://www.onvif.org/name/ThirdParty"),
                                 Scope("onvif://www.onvif.org/type/video_encoder")],
            xAddrs=["http://%s/onvif/device_service" % address])
        print("ready", flush=True)
        sys.stdin.read()  # until the test closes our standard input
    finally:
        publisher.stop()


if __name__ == "__main__":
    main(sys.argv[1])
