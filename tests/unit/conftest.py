"""Fixtures for the unit tests: the collection's Python importable as
`ansible_collections.camsec.ipcam...` (from the copy `make collection` installs into
.collections), the ONVIF schemas, and small helpers around the session emulator
(tests/conftest.py)."""

import os
import sys

import pytest
from tests.conftest import cameras_of, factory_username, vendor_of

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, ".collections")
MANIFEST = os.path.join(COLLECTIONS, "ansible_collections", "camsec", "ipcam", "MANIFEST.json")

if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)


@pytest.fixture(scope="session", autouse=True)
def collection_installed():
    if not os.path.exists(MANIFEST):
        pytest.fail("the collection is not installed in .collections: run `make collection`")


@pytest.fixture(scope="session")
def onvif_schemas():
    """The ONVIF WSDLs, loaded once per session (several seconds) before any test uses
    tests.onvif_schema.validate_soap."""
    from tests import onvif_schema
    onvif_schema.load_all()
    return onvif_schema


VENDOR_OF = {cam: vendor_of(cam) for cam in cameras_of()}


@pytest.fixture
def make_transport(emulator):
    """make_transport(cam, password=None, cls=Transport, **options): a Transport to one
    emulated camera with its admin user, trusting the emulator's CA unless `ca_path` is
    given. Every Transport made is closed after the test."""
    from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport
    made = []

    def make(cam, password=None, cls=Transport, **kwargs):
        kwargs.setdefault("ca_path", emulator.ca_path())
        kwargs.setdefault("username", factory_username(vendor_of(cam)))
        t = cls(camera=cam, host=emulator.cameras[cam]["address"],
                      password=emulator.password() if password is None else password,
                      **kwargs)
        made.append(t)
        return t
    yield make
    for t in made:
        t.close()
