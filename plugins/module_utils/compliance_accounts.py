# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the Part 1 clauses on accounts (5.4.1, 5.4.2, 5.4.3), for compliance.py.

The judging itself lives in controls/account_checks.py (shared with the accounts
module); this file only feeds it what an evaluation has: the accounts area read once, the task's own
credentials, and the site's declared users from the control's expectation.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import unauthenticated
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import account_checks as accounts
from ansible_collections.camsec.ipcam.plugins.module_utils.default_password import default_password_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError


def authentication_5_4_1(control, reader, ctx):
    """Anonymous access off, the login lockout on, and no admin API that answers without
    credentials (one request each with none: never a login, so never a failed one)."""
    current = reader.get("accounts")
    calls = unauthenticated.probe(reader.driver)
    status, actual, reason = accounts.anonymous_and_lockout(current, calls)
    evidence = {"requests_without_credentials": dict((c["call"], c["detail"]) for c in calls)}
    return status, actual, evidence, reason


def passwords_5_4_2(control, reader, ctx):
    """No factory-default password, and no user list that shows passwords. The zero-login
    checks always run (the task's own password against the vendor's factory list, the
    camera's self-check where it has one, the user lists); a login with the factory
    credentials only when the site asks for it (at most one, with good logins before and
    after it, so that it can never be the Nth failure in a row; none where the camera's
    own setting says one failure locks)."""
    current = reader.get("accounts")
    driver = reader.driver
    username, password = driver.credentials()
    checks = default_password_checks(
        driver, username, password,
        login_attempt=bool(control["expect"].get("login_attempt")),
        known_users=[u["name"] for u in current.get("users") or []],
        camera_says=current.get("default_password"), current=current)
    disclosed, unchecked = driver.user_lists_disclosing_passwords(current)
    checks["passwords_disclosed_by"] = disclosed
    status, actual, reason = accounts.default_password(checks)
    # The policy half, where the camera rates the password in use itself (Hikvision's
    # isRiskPassword: short, or of one character class).
    actual["camera_says_risky"] = checks.get("camera_says_risky")
    if checks.get("camera_says_risky"):
        risky = "the camera rates the password of the account in use as risky (weak)"
        status, reason = "fail", "; ".join(r for r in (reason if status == "fail" else None, risky) if r)
    evidence = {"factory_user": checks.get("factory_user"),
                "scope": "factory-default passwords, and the camera's own rating of the password "
                         "in use where it gives one (Hikvision); other password policies are not "
                         "read by this collection"}
    if checks.get("camera_check"):
        evidence["camera_self_check"] = checks["camera_check"]
    if checks.get("lockout_threshold"):
        evidence["lockout_threshold"] = checks["lockout_threshold"]
    if unchecked:
        evidence["user_lists_not_checked"] = unchecked
    return status, actual, evidence, reason


def authorization_5_4_3(control, reader, ctx):
    status, actual, reason = accounts.users_match(reader.get("accounts"),
                                                  control["expect"].get("users") or [])
    return status, actual, None, reason


def check_declared_users(control):
    """The declared users carry names and roles only: a password given here would end up in
    the report's `expected` column, so it is refused before anything is sent."""
    users = control["expect"].get("users")
    if users is None:
        return
    if not isinstance(users, list) or not all(isinstance(u, dict) and u.get("name") for u in users):
        raise InputError("%s expects users as a list of {name, role}, got %r" % (control["id"], users))
    for user in users:
        extra = set(user) - {"name", "role", "state"}
        if extra:
            raise InputError("%s: user %s: only name, role and state belong in the "
                             "expectation (got %s)" % (control["id"], user["name"], ", ".join(sorted(extra))))
