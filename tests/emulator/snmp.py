"""snmp responder of the emulator (to be filled in)."""

import asyncio

PORT_NAME = "snmp"


class Responder(asyncio.DatagramProtocol):
    def __init__(self, camera):
        self.camera = camera
