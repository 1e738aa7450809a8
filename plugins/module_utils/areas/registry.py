# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one list of settings areas. camera_facts' subsets, the compliance reader, the
baseline's convergence order and the modules' gather_subset choices all iterate it, so a
new area is one import and one entry here.

The contract of an area module (checked by tests/unit/test_catalog_consistency.py):
    NAME                      the area's name in facts, plans and the catalog's records
    read(driver)              the vendor-neutral read model, with "unsupported": {key: why}
    public(current)           the read model as facts show it (no private "_" keys)
    plan(current, desired)    the changes, key by key; desired["_on_unsupported"] is
                              "fail" (default: Unsupported) or "warn" (leave the key
                              alone): compare.asked() is the shared key-by-key part
    apply(driver, changes, current, secrets, applied)
    diff(current, changes)    (before, after) for --diff
Areas hold no pass/fail judgement: that is the controls' (module_utils/controls/).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Imported by name: AnsiballZ packs only the module_utils imported literally.
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import (
    accounts, discovery, firmware, privacy_masks, protocols, remote_logging, storage, streaming,
    time_sync, wireless)

# In the order the baseline converges them: the least disruptive first. Protocols come
# last among the writable ones: turning plain HTTP off moves the task's own connection to
# HTTPS (areas/protocols.py). Firmware is read-only (updated with the vendor's tools).
AREAS = (discovery, privacy_masks, storage, time_sync, remote_logging, accounts, protocols,
         firmware, streaming, wireless)
NAMES = tuple(area.NAME for area in AREAS)
# Read, never written by this collection: a control that reads only these is audit-only.
READ_ONLY = ("firmware", "streaming", "wireless")
BY_NAME = dict((area.NAME, area) for area in AREAS)
CONTRACT = ("NAME", "read", "public", "plan", "apply", "diff")


def area(name):
    """The area module called `name`; KeyError names the known ones."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError("unknown settings area %r (known: %s)" % (name, ", ".join(NAMES)))
