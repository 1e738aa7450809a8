# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The write half of the area contract for an area this collection only reads (firmware,
streaming, wireless): nothing to plan, nothing to diff, and a write refused by name."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported


def plan(current, desired):
    """Read-only: such an area is reported, never changed, so there is no plan."""
    return []


def diff(current, changes):
    return {}, {}


def refuse_apply(name):
    """The area's apply(): refuses by the area's name."""
    def apply(driver, changes, current, secrets, applied):
        raise Unsupported("the %s area is read-only" % name)
    return apply
