"""areas/storage.plan on cards that an earlier run left part-way (the states the Axis
driver reads from list.cgi; the whole sequence runs against the emulator in
tests/integration/test_storage_protection.py)."""

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import storage
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

ENCRYPT = {"encryption": True, "allow_format": False, "have_passphrase": False}


def card(**kw):
    s = {"id": "SD_DISK", "present": True, "encryption_supported": True,
         "encryption_enabled": False, "encrypted": False, "mounted": True,
         "locked": False, "filesystem": "vfat", "recording": False}
    s.update(kw)
    return s


PENDING = dict(encryption_enabled=True, mounted=False)  # enabled, not formatted yet


def test_encryption_pending_resumes_with_the_format_and_needs_no_passphrase():
    [change] = storage.plan({"slots": [card(**PENDING)]}, ENCRYPT)
    assert (change["action"], change["destructive"]) == ("format_and_mount", True)
    assert change["before"] == {"encryption_enabled": True, "encrypted": False,
                                "mounted": False, "filesystem": "vfat", "recording": False}
    assert change["after"] == {"encrypted": True, "mounted": True}
    assert storage.STEPS[change["action"]] == ("format", "mount")


def test_encryption_pending_with_recordings_needs_allow_format():
    with pytest.raises(InputError) as err:
        storage.plan({"slots": [card(recording=True, **PENDING)]}, ENCRYPT)
    assert "not formatted yet" in str(err.value) and "allow_format: true" in str(err.value)
    [change] = storage.plan({"slots": [card(recording=True, **PENDING)]},
                            dict(ENCRYPT, allow_format=True))
    assert change["action"] == "format_and_mount"


def test_encrypted_but_unmounted_is_only_mounted():
    [change] = storage.plan({"slots": [card(encryption_enabled=True, encrypted=True,
                                            mounted=False, recording=True)]}, ENCRYPT)
    assert (change["action"], change["destructive"]) == ("mount", False)


def test_done_or_not_this_tasks_to_touch():
    done = card(encryption_enabled=True, encrypted=True)
    assert storage.plan({"slots": [done]}, ENCRYPT) == []
    # A driver that cannot tell whether the card is mounted: taken as mounted.
    assert storage.plan({"slots": [{k: v for k, v in done.items() if k != "mounted"}]},
                        ENCRYPT) == []
    # Encrypted under a passphrase the camera no longer has: never formatted from here.
    assert storage.plan({"slots": [card(encrypted=True, mounted=False)]}, ENCRYPT) == []

