# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is a factory password still in use? (5.4.2)

Zero-login checks, always safe: the task's own password compared with the vendor's
factory passwords (default_credentials.py), and what the camera says of the account
the task logs in with (Hikvision /ISAPI/Security/userCheck).

The one-login check, only when asked: AT MOST ONE login with the vendor's factory
account, on a fresh Transport that never retries, between two authenticated reads with
the task's own credentials. Cameras lock an account after N failed logins IN A ROW and a
good login resets that count, so with N >= 2 the attempt is never the Nth failure in a
row, however often the check runs. With N = 1 the attempt itself would lock: where the
camera's setting says so (Hikvision illegalLoginLock) the login is not made; where the
camera has no readable setting (Axis, ONVIF) it is made and the result says the
threshold could not be read. It is not made either when its answer is already known: the
task logs in as the factory user itself (one account has one password), or the camera has
no such user. A 403 means the camera is refusing logins: that is reported, and nothing
more is sent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.default_credentials import (
    factory_account, is_factory_password)
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, Unsupported)
# OneAttemptTransport lives in transport.py (drivers make it: Driver.attempt); named here too
# for the callers that look for it beside the check that uses it.
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import (  # noqa: F401 pylint: disable=unused-import
    OneAttemptTransport)

LOCKED_STATUS = 403


def camera_self_check(driver):
    """({"camera_says_default", "camera_says_risky"}, reason when the camera cannot say)."""
    try:
        return driver.password_self_check(), None
    except Unsupported as exc:
        return {"camera_says_default": None, "camera_says_risky": None}, exc.reason


def lockout_threshold(current):
    """What the accounts read model says of the login lockout: {"locks_after": N or None,
    "known": bool, "note": text for the evidence}. locks_after None and known True: the
    lockout is off."""
    current = current or {}
    lockout, attempts = current.get("lockout"), current.get("lockout_attempts")
    if lockout is False:
        return {"locks_after": None, "known": True, "note": "the camera's login lockout is off"}
    if lockout is True and isinstance(attempts, int):
        return {"locks_after": attempts, "known": True,
                "note": "the camera locks after %d failed login%s in a row"
                        % (attempts, "" if attempts == 1 else "s")}
    unsupported = current.get("unsupported") or {}
    why = unsupported.get("lockout_attempts") or unsupported.get("lockout") or (
        "the accounts were not read" if not current else "the camera did not report it")
    return {"locks_after": None, "known": False,
            "note": "the camera's lockout threshold could not be read (%s)" % why}


def default_password_checks(driver, connection_username, connection_password,
                            login_attempt=False, known_users=None, camera_says=None,
                            current=None):
    """The 5.4.2 checks; usable from compliance_facts without the accounts module.

    known_users: the camera's user names when already read (None: not known), so that no
    login is tried for a user that does not exist. camera_says: the read model's
    default_password dict when already read (None: ask the camera). current: the
    accounts read model, for the lockout threshold and the user lists that disclose
    passwords (None: not read; the threshold is then unknown)."""
    vendor = driver.vendor
    factory = factory_account(vendor)
    factory_user = factory[0] if factory else None
    result = {
        "factory_user": factory_user,
        "connection_password_is_factory_default": bool(is_factory_password(vendor, connection_password)),
        "camera_says_default": None,
        "camera_says_risky": None,
        "login_attempt": {"made": False, "user": factory_user, "accepted": None, "reason": None},
        "passwords_disclosed_by": list((current or {}).get("passwords_disclosed_by") or []),
    }
    if camera_says is None:
        camera_says, reason = camera_self_check(driver)
        if reason:
            result["camera_check"] = reason
    result["camera_says_default"] = camera_says.get("camera_says_default")
    result["camera_says_risky"] = camera_says.get("camera_says_risky")
    attempt = result["login_attempt"]
    if factory is None:
        attempt["reason"] = "no factory account is known for %s cameras" % vendor
    elif connection_username == factory_user:
        # One account has one password: the task's login already answered the question,
        # whether or not a login attempt was asked for.
        attempt["accepted"] = connection_password == factory[1]
        attempt["reason"] = ("the task logs in as %s itself, so its own login answers it; no "
                             "extra login was made" % factory_user)
    elif known_users is not None and factory_user not in known_users:
        attempt["accepted"] = False
        attempt["reason"] = "the camera has no user %s; no login was made" % factory_user
    elif not login_attempt:
        attempt["reason"] = "not asked for (default_password_login is false)"
    else:
        threshold = lockout_threshold(current)
        result["lockout_threshold"] = threshold["note"]
        if threshold["locks_after"] is not None and threshold["locks_after"] <= 1:
            # Even right after a good login, this one failure would be the one that locks.
            attempt["not_attempted_for_lockout"] = True
            attempt["reason"] = ("not attempted: the camera locks after %d failed login"
                                 % threshold["locks_after"])
        else:
            result["login_attempt"] = _one_login(driver, factory)
    return result


def _real_read(driver, when):
    """An authenticated read with the task's own credentials, from the camera, not a cache."""
    driver.forget_reads()
    try:
        driver.management_check()
    except CameraError as exc:
        raise CameraError(driver.camera, "authenticated read %s the factory-password login "
                          "attempt" % when, "%s%s" % (exc.cause, "; the camera may be refusing "
                                                      "logins (locked)" if when == "after" else ""))


def _one_login(driver, factory):
    username, password = factory
    attempt = {"made": False, "user": username, "accepted": None, "reason": None}
    _real_read(driver, "before")  # a good login first: the failure count starts at zero
    probe = driver.attempt(username, password)
    try:
        attempt["made"] = True
        driver.management_check(probe)
        attempt["accepted"] = True
        attempt["reason"] = "the camera accepted %s with its factory password" % username
    except AuthError as exc:
        if probe.last_status == LOCKED_STATUS:
            attempt["locked"] = True
            attempt["reason"] = ("the camera answered HTTP 403 (%s): it is refusing logins, so "
                                 "nothing more was sent" % exc.cause)
            return attempt
        attempt["accepted"] = False
        attempt["reason"] = "the camera refused %s with its factory password" % username
    except CameraError as exc:
        attempt["reason"] = "the attempt got no answer that tells (%s)" % exc.cause
    finally:
        probe.close()
    _real_read(driver, "after")  # and a good login after: the count is back at zero
    return attempt
