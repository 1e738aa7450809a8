"""isapi API of the emulator (to be filled in)."""


def handle(req):
    return None
