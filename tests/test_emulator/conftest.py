"""Fixtures for the emulator's own tests (the fleet fixtures are in tests/conftest.py)."""

import pytest

from tests import onvif_schema


@pytest.fixture(scope="session")
def onvif_schemas():
    """The ONVIF WSDLs, loaded once per session (several seconds) before any test uses
    tests.onvif_schema.validate_soap."""
    onvif_schema.load_all()
    return onvif_schema
