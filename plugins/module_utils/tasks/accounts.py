# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""accounts: users and roles, anonymous access, login lockout (5.4.1, 5.4.3), and the
factory-password checks (5.4.2)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import accounts
from ansible_collections.camsec.ipcam.plugins.module_utils.controls import account_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.default_password import default_password_checks
from ansible_collections.camsec.ipcam.plugins.module_utils.engine import converge
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported


def desired_from(params, driver):
    users = params.get("users")
    if users is not None:
        users = [dict((k, v) for k, v in u.items() if v is not None) for u in users]
    return {
        "users": users,
        "state": params.get("state") or "merged",
        "update_password": params.get("update_password") or "on_create",
        "anonymous_access": params.get("anonymous_access"),
        "lockout": params.get("lockout"),
        "lockout_attempts": params.get("lockout_attempts"),
        "_connection_user": params.get("username"),
        "_on_unsupported": params.get("on_unsupported") or "fail",
        "_name_rule": driver.account_name_rule,
        "_role_change_needs_password": driver.role_change_needs_password,
    }


def run(driver, params, check_mode):
    desired = desired_from(params, driver)
    accounts.validate(desired, desired["_name_rule"])  # bad input fails before any call
    try:
        result = converge(driver, accounts, desired, check_mode)
    except Unsupported as exc:
        if desired["_on_unsupported"] == "fail":
            raise
        return {"changed": False, "unsupported": {"accounts": exc.reason},
                "warnings": ["5.4 accounts not manageable on this camera: %s" % exc.reason]}
    current = result.pop("current")
    unsupported = result["unsupported"]
    warnings = ["%s: %s (left as it is)" % (k, unsupported[k]) for k in accounts.ACCESS_KEYS
                if desired.get(k) is not None and k in unsupported]
    result["users"] = current["users"]
    for key in accounts.ACCESS_KEYS:
        result[key] = current.get(key)
    if params.get("default_password_check") or params.get("default_password_login"):
        checks = _default_password(driver, params, current)
        result["default_password"] = checks
        status, _actual, reason = account_checks.default_password(checks)
        attempt = checks["login_attempt"]
        if attempt.get("locked"):
            warnings.append("5.4.2 factory-password login: %s" % attempt["reason"])
        if checks.get("camera_says_risky"):
            warnings.append("5.4.2: the camera rates the password of %s as risky (short, or "
                            "digits only)" % params.get("username"))
        if status == "fail":
            result["failed"] = True
            result["msg"] = ("camera %s: 5.4.2 default password check: %s; change the "
                             "password" % (params["host"], reason))
    if warnings:
        result["warnings"] = warnings
    return result


def _default_password(driver, params, current):
    camera_says = current.get("default_password") or {}
    checks = default_password_checks(
        driver, params.get("username"), params.get("password"),
        login_attempt=bool(params.get("default_password_login")),
        known_users=[u["name"] for u in current.get("users") or []],
        camera_says=camera_says, current=current)  # lockout threshold, disclosed passwords
    reason = current.get("unsupported", {}).get("default_password")
    if reason:
        checks["camera_check"] = reason
    if not params.get("default_password_check"):
        # Only the login was asked for: the zero-login findings are not reported.
        checks["connection_password_is_factory_default"] = None
        checks["camera_says_default"] = checks["camera_says_risky"] = None
    return checks
