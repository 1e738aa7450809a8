# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    # Modules that change cameras.
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check mode and report exactly the changes a real run would make, without touching the camera.
    support: full
  diff_mode:
    description: Returns what changed (or would change in check mode); only the keys that differ, secrets redacted.
    support: full
  action_group:
    description: Use C(group/camsec.ipcam.camera) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - camsec.ipcam.camera
'''

    # Read-only modules.
    FACTS = r'''
attributes:
  check_mode:
    description: Read-only; runs the same in check mode.
    support: full
  diff_mode:
    description: Read-only; returns no diff.
    support: none
  action_group:
    description: Use C(group/camsec.ipcam.camera) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - camsec.ipcam.camera
'''
