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
    want = {"anonymous_access": expect.get("anonymous_access"), "lockout": expect.get("lockout"),
            "_on_unsupported": "warn"}
    account_site = site.get("accounts") or {}
    if expect.get("lockout") and account_site.get("lockout_attempts") is not None:
        want["lockout_attempts"] = account_site["lockout_attempts"]
    for key in ("_connection_user", "_name_rule", "_role_change_needs_password"):
        want[key] = account_site.get(key)
    return {"accounts": want}


def declared_users(control_, site):
    """The users the site declares (baseline's users, ipcam_users), with their state:
    merged adds and fixes them, overridden also deletes every user not listed (never the
    account the task logs in with). None declared: nothing to set."""
    account_site = site.get("accounts") or {}
    if not account_site.get("users"):
        return {}
    return {"accounts": {"users": account_site["users"], "state": account_site.get("state") or "merged",
                         "update_password": "on_create", "_on_unsupported": "warn",
                         "_connection_user": account_site.get("_connection_user"),
                         "_name_rule": account_site.get("_name_rule"),
                         "_role_change_needs_password": account_site.get("_role_change_needs_password")}}


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
    # users: the site's declared accounts. The evaluation judges names and roles only
    # (ipcam_users without passwords); enforcement (baseline's users, the role's
    # accounts task) sends a password only to create a user.
    control("5.4.3", 2, "assumed", "enforce", "Authorization: user list matches inventory; least privilege",
            expect={"users": []}, evaluate=accounts.authorization_5_4_3, areas=("accounts", ),
            check_expect=(accounts.check_declared_users, ), desired=declared_users),
]
