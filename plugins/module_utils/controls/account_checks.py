# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pass/fail judgements of the accounts area's settings, for the controls 5.4.1, 5.4.2 and
5.4.3 and the accounts module's own report: each gives (status, actual, reason)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def anonymous_and_lockout(current, calls_without_login=None):
    """5.4.1: no anonymous access, failed logins lock the account, and (when
    calls_without_login, unauthenticated.probe()'s answers, is given) no call of the
    admin APIs answers a request without credentials."""
    unsupported = current.get("unsupported", {})
    actual = {"anonymous_access": current.get("anonymous_access"),
              "lockout": current.get("lockout"),
              "lockout_attempts": current.get("lockout_attempts")}
    problems, unknown = [], []
    if calls_without_login is not None:
        answered = [c["call"] for c in calls_without_login if c["answer"] == "answered"]
        actual["answers_without_authentication"] = answered
        if answered:
            problems.append("the camera answers without authentication: %s" % ", ".join(answered))
        unknown.extend("%s without credentials: %s" % (c["call"], c["detail"])
                       for c in calls_without_login if c["answer"] == "unclear")
    if current.get("anonymous_access") is True:
        anonymous = [u["name"] for u in current.get("users") or [] if u["role"] == "anonymous"]
        problems.append("anonymous access is on%s" % (
            " (user%s %s of level Anonymous)" % ("" if len(anonymous) == 1 else "s",
                                                 ", ".join(anonymous)) if anonymous else ""))
    elif current.get("anonymous_access") is None:
        unknown.append("anonymous access: %s" % unsupported.get("anonymous_access", "not reported"))
    if current.get("lockout") is False:
        problems.append("failed logins do not lock the account (lockout off)")
    elif current.get("lockout") is None:
        unknown.append("login lockout: %s" % unsupported.get("lockout", "not reported"))
    if problems:
        return "fail", actual, "; ".join(problems)
    if unknown:
        return "manual", actual, "; ".join(unknown)
    return "pass", actual, None


def default_password(result):
    """5.4.2, from what default_password_checks() found."""
    attempt = result.get("login_attempt") or {}
    actual = {"connection_password_is_factory_default":
              result.get("connection_password_is_factory_default"),
              "camera_says_default": result.get("camera_says_default"),
              "login_attempt": dict(attempt)}
    problems = []
    if "passwords_disclosed_by" in result:
        actual["passwords_disclosed_by"] = list(result["passwords_disclosed_by"])
    if result.get("passwords_disclosed_by"):
        problems.append("the camera's user list discloses passwords (%s)"
                        % ", ".join(result["passwords_disclosed_by"]))
    if result.get("connection_password_is_factory_default"):
        problems.append("the task's own login uses a factory default password")
    if result.get("camera_says_default"):
        problems.append("the camera says the account in use still has its default password")
    if attempt.get("accepted"):
        problems.append("the camera accepted the factory account %s with its factory password"
                        % attempt.get("user"))
    if problems:
        return "fail", actual, "; ".join(problems)
    if attempt.get("accepted") is False:
        return "pass", actual, None
    if attempt.get("not_attempted_for_lockout"):
        return "manual", actual, (
            "the task's own password is not a factory default, but whether the factory account "
            "%s still has its factory password was not tested (%s: the attempt itself would "
            "lock it); check it on the camera's own interface"
            % (attempt.get("user") or "(unknown)", attempt["reason"]))
    return "manual", actual, (
        "the task's own password is not a factory default, but whether the factory account "
        "%s still has its factory password was not tested (%s); default_password_login: true "
        "tests it with one login" % (attempt.get("user") or "(unknown)",
                                     attempt.get("reason") or "no login attempt"))


def users_match(current, declared_users):
    """5.4.3: the camera's users are exactly the declared ones, with their roles.
    declared_users: [{"name", "role"}] (state absent entries: must not exist)."""
    have = dict((u["name"], u["role"]) for u in current.get("users") or [])
    actual = {"users": [{"name": n, "role": r} for n, r in sorted(have.items())]}
    if not declared_users:
        return "manual", actual, ("no users are declared for this camera: review the list of "
                                  "accounts and their roles, or declare them")
    declared, absent = {}, set()
    for user in declared_users:
        if (user.get("state") or "present") == "absent":
            absent.add(user["name"])
        else:
            declared[user["name"]] = user.get("role") or "viewer"
    problems = []
    for name, role in sorted(have.items()):
        if name in absent or name not in declared:
            problems.append("%s user %s is not declared%s" % (
                role, name, " (it should not exist)" if name in absent else ""))
        elif role != declared[name]:
            problems.append("user %s is %s, declared %s" % (name, role, declared[name]))
    problems.extend("declared %s user %s is missing" % (role, name)
                    for name, role in sorted(declared.items()) if name not in have)
    # An undeclared admin first: it is the finding that matters most.
    problems.sort(key=lambda p: 0 if p.startswith("admin user") else 1)
    if problems:
        return "fail", actual, "; ".join(problems)
    return "pass", actual, None
