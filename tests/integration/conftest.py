"""Fixtures for tests that run the collection through ansible-playbook."""

import os

import pytest

from tests.conftest import VENDOR_OF  # noqa: F401 - re-exported for the tests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session", autouse=True)
def collection_installed():
    manifest = os.path.join(ROOT, ".collections", "ansible_collections", "camsec", "ipcam",
                            "MANIFEST.json")
    if not os.path.exists(manifest):
        pytest.fail("the collection is not installed in .collections: run `make setup` first")


@pytest.fixture
def fleet(fresh_fleet):
    """The emulator with every camera in its insecure factory state."""
    return fresh_fleet


def address(emulator, cam):
    return emulator.cameras[cam]["address"]


JUMPHOST_INVENTORY = """\
# A site jump host: tasks delegated to it run the real module there (AnsiballZ),
# not the in-process action plugin. It needs requests and defusedxml: this venv has them.
all:
  hosts:
    jumphost:
      ansible_connection: local
      ansible_python_interpreter: "{{ ansible_playbook_python }}"
"""


@pytest.fixture(scope="session")
def jumphost_inventory(emulator):
    """A small extra inventory next to the emulator's: pass both with -i."""
    path = os.path.join(os.path.dirname(emulator.inventory), "jumphost.yml")
    with open(path, "w") as f:
        f.write(JUMPHOST_INVENTORY)
    return path
