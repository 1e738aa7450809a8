"""python -m tests.responders.zeroconf_service ADDRESS: python-zeroconf registers an
Axis-like camera service (_axis-video._tcp.local.) on the interface that holds ADDRESS,
prints `ready`, and unregisters when its standard input closes. Run inside a network
namespace (zeroconf needs a multicast-capable interface: a veth, not loopback)."""

import socket
import sys

from zeroconf import IPVersion, ServiceInfo, Zeroconf

SERVICE_TYPE = "_axis-video._tcp.local."
INSTANCE = "AXIS M3106-L Mk II - ACCC8E000001." + SERVICE_TYPE


def main(address):
    zc = Zeroconf(interfaces=[address], ip_version=IPVersion.V4Only)
    info = ServiceInfo(SERVICE_TYPE, INSTANCE, addresses=[socket.inet_aton(address)], port=80,
                       properties={"macaddress": "ACCC8E000001"}, server="axis-accc8e000001.local.")
    try:
        zc.register_service(info)
        print("ready", flush=True)
        sys.stdin.read()  # until the test closes our standard input
        zc.unregister_service(info)
    finally:
        zc.close()


if __name__ == "__main__":
    main(sys.argv[1])
