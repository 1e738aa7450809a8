# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Factory user names and passwords, per vendor: a data table, nothing else (5.4.2).

The first entry of a vendor is its factory account: the one a login attempt
(default_password.py) tries, at most once per run. The others are compared with the
task's own password only, never sent to a camera.

Sources: the vendors' own quick-start guides and the common knowledge of these products:
Axis cameras before AXIS OS 5.x shipped with root/pass (later ones ask for a password
on first use); Hikvision firmware before 5.3 shipped with admin/12345 (later firmware
must be "activated" with a new password); generic ONVIF cameras (many OEM brands) ship
with admin/admin, admin with an empty password, or admin/123456.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

FACTORY_CREDENTIALS = {
    "axis": (("root", "pass"),),
    "hikvision": (("admin", "12345"),),
    "onvif": (("admin", "admin"), ("admin", ""), ("admin", "123456"), ("admin", "1234"),
              ("admin", "12345"), ("root", "pass")),
}


def factory_account(vendor):
    """(username, password) of the vendor's factory account, or None when not known."""
    entries = FACTORY_CREDENTIALS.get(vendor) or ()
    return entries[0] if entries else None


def factory_passwords(vendor):
    """Every factory password known for the vendor (a generic ONVIF list for other makes)."""
    entries = FACTORY_CREDENTIALS.get(vendor) or FACTORY_CREDENTIALS["onvif"]
    return sorted(set(password for _user, password in entries))


def is_factory_password(vendor, password):
    """True when `password` is one of the vendor's factory passwords (None: no password
    was given, which proves nothing)."""
    if password is None:
        return None
    return password in factory_passwords(vendor)
