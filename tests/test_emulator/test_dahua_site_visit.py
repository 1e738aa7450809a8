"""`make demo`'s site visit per firmware (tests/demo.py manual_hardening; contract:
tests/emulator/vendors/README.md, "A firmware's own site visit"): a profile's own
`manual_hardening` replaces its vendor's, and every setting a profile's own visit
changes exists in that firmware's factory state, so a misspelt path cannot pass
unnoticed. The Dahua
firmwares differ: the reference encrypts its card over the API and streams RTSPS, the
older one can do neither."""

import pytest

from tests.demo import manual_hardening
from tests.emulator import profiles, state, vendors

ALL_PROFILES = sorted(profiles.PROFILES)


@pytest.mark.parametrize("name", ALL_PROFILES)
def test_every_firmwares_site_visit_says_why_and_what(name):
    profile = profiles.get(name)
    for why, changes in manual_hardening(profile["vendor"], name):
        assert isinstance(why, str) and why, (name, why)
        assert isinstance(changes, dict) and changes, (name, why, changes)


def test_a_profiles_own_visit_changes_settings_its_firmware_has():
    """(A vendor's visit may add a key its factory state lacks, e.g. Hikvision's SRTP;
    a profile's own visit is checked against that firmware's factory state.)"""
    for name in ALL_PROFILES:
        profile = profiles.get(name)
        factory = state.default_state(profile["vendor"], 1, profile=profile)
        for why, changes in profile.get("manual_hardening") or ():
            missing = [path for path in changes if not _exists(factory, path)]
            assert not missing, "%s: %r changes %s, not in its state" % (name, why, missing)


def _exists(tree, path):
    node = tree
    for part in path.split("."):
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                return False
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


def test_a_profile_without_its_own_visit_gets_the_vendors():
    assert manual_hardening("dahua", "dahua-v2.840") == vendors.get("dahua").MANUAL_HARDENING


def test_dahua_reference_moves_the_stream_to_rtsps_and_keeps_its_encryptable_card():
    changes = {}
    for _why, change in manual_hardening("dahua", "dahua-v2.840"):
        changes.update(change)
    assert changes == {"network.rtsp.enabled": False, "network.rtsps.enabled": True}


def test_older_dahua_firmware_takes_the_card_out_and_has_no_rtsps_to_move_to():
    visit = manual_hardening("dahua", "dahua-v2.622")
    assert visit == profiles.get("dahua-v2.622")["manual_hardening"]
    changes = {}
    for _why, change in visit:
        changes.update(change)
    assert changes == {"storage.slots.0.present": False, "storage.slots.0.recordings": 0}
    assert profiles.get("dahua-v2.622")["media2"] is False  # no Media2: no RTSPS


def test_hanwha_without_a_tls_switch_gets_the_firmware_update_not_an_attestation():
    changes = {}
    for _why, change in manual_hardening("hanwha", "hanwha-wisenet-q-1.41"):
        changes.update(change)
    assert changes["network.https.tls_versions"] == ["TLSv1.2", "TLSv1.3"]
    assert changes["storage.slots.0.present"] is False
