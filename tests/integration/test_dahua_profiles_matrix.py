"""The profile matrix (test_profiles_matrix.py: facts, discovery, protocols, time, a
level-3 audit, a level-2 enforcement to the end) on the Dahua firmwares alone, so that a
Dahua change is checked without the other vendors' cameras."""

from tests.conftest import one_camera_per_profile
from tests.emulator import profiles
from tests.integration import test_profiles_matrix as matrix

NAMES = sorted(n for n in profiles.PROFILES if profiles.PROFILES[n]["vendor"] == "dahua")
assert len(NAMES) >= 2, NAMES

dahua_matrix_emulator, fleet = one_camera_per_profile(NAMES, "dahua-matrix")

test_camera_facts_all_subsets_on_every_profile = matrix.test_camera_facts_all_subsets_on_every_profile
test_discovery_services_on_every_profile = matrix.test_discovery_services_on_every_profile
test_network_protocols_on_every_profile = matrix.test_network_protocols_on_every_profile
test_time_sync_on_every_profile = matrix.test_time_sync_on_every_profile
test_a_level_3_audit_on_every_profile = matrix.test_a_level_3_audit_on_every_profile
test_level_2_enforcement_runs_to_the_end_on_every_profile = \
    matrix.test_level_2_enforcement_runs_to_the_end_on_every_profile
