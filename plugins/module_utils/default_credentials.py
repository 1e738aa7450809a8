# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Factory user names and passwords, per vendor (5.4.2), as each registered driver
states them (its FACTORY_ACCOUNTS; the sources are cited there).

The first entry of a vendor is its factory account: the one a login attempt
(default_password.py) tries, at most once per run. The others are compared with the
task's own password only, never sent to a camera.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.registry import BY_NAME

GENERIC = "onvif"  # whose list stands for a make no driver knows


def _accounts(vendor):
    driver = BY_NAME.get(vendor)
    return tuple(driver.FACTORY_ACCOUNTS) if driver is not None else ()


def factory_account(vendor):
    """(username, password) of the vendor's factory account, or None when not known."""
    entries = _accounts(vendor)
    return entries[0] if entries else None


def factory_passwords(vendor):
    """Every factory password known for the vendor (a generic ONVIF list for other makes)."""
    entries = _accounts(vendor) or _accounts(GENERIC)
    return sorted(set(password for _user, password in entries))


def is_factory_password(vendor, password):
    """True when `password` is one of the vendor's factory passwords (None: no password
    was given, which proves nothing)."""
    if password is None:
        return None
    return password in factory_passwords(vendor)
