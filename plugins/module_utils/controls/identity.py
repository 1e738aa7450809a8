# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clause family 5.4: identification and authentication (anonymous access and lockout,
passwords, users and roles). The evaluations are in compliance_accounts.py."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import compliance_accounts as accounts
from ansible_collections.camsec.ipcam.plugins.module_utils.controls.record import control


def anonymous_off_lockout_on(control_, site):
    expect = control_["expect"]
    return {"accounts": {"anonymous_access": expect.get("anonymous_access"),
                         "lockout": expect.get("lockout"), "_on_unsupported": "warn"}}


RECORDS = [
    # Login lockout is a setting on Hikvision only: elsewhere that part is `manual`.
    control("5.4.1", 1, "assumed", "enforce", "Authentication: anonymous access refused; login lockout on",
            expect={"anonymous_access": False, "lockout": True},
            evaluate=accounts.authentication_5_4_1, areas=("accounts", ),
            desired=anonymous_off_lockout_on),
    # login_attempt (ipcam_default_password_login): one login with the factory credentials.
    # The password-policy half is not read by this collection: the evidence says so.
    control("5.4.2", 1, "assumed", "check", "Passwords: no factory-default password; password policy",
            expect={"login_attempt": False}, evaluate=accounts.passwords_5_4_2, areas=("accounts", )),
    # users: the site's declared accounts (ipcam_users, names and roles only). Enforced by
    # the role's accounts task, not the baseline module: creating a user needs its
    # password, which the baseline module does not take.
    control("5.4.3", 2, "assumed", "enforce", "Authorization: user list matches inventory; least privilege",
            expect={"users": []}, evaluate=accounts.authorization_5_4_3, areas=("accounts", ),
            check_expect=(accounts.check_declared_users, )),
]
