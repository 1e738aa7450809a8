#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: accounts
short_description: Manage an IP camera's user accounts, anonymous access and login lockout, and check for factory passwords (TS-0014-2 5.4)
version_added: 0.1.0
description:
  - Creates, re-roles and deletes the camera's user accounts (5.4.3), turns anonymous access
    off and the login lockout on (5.4.1), and checks that no factory default password is in
    use (5.4.2).
  - Reads first and writes only what differs, then reads back; a camera that accepts a change
    but does not keep it fails the task. Check mode with C(--diff) shows exactly what a real
    run changes; passwords show only as C(********), and only for users being created.
  - B(The account the task logs in with is protected.) It can never be deleted nor demoted
    below admin, and O(state=overridden) must list it; each is refused as invalid input before
    anything is sent to the camera.
  - "Axis: VAPIX C(/axis-cgi/pwdgrp.cgi) (users in the admin, operator and viewer groups) and
    the parameter C(root.System.BoaProtViewer) (anonymous viewer login). Hikvision: ISAPI
    C(/ISAPI/Security/users), C(/ISAPI/Security/illegalLoginLock),
    C(/ISAPI/Security/UserPermission/anonymouslogin) and C(/ISAPI/Security/userCheck). Other
    ONVIF cameras: GetUsers, CreateUsers, SetUser and DeleteUsers."
  - Roles map to the vendors' levels as V(admin) = Axis admin group, Hikvision and ONVIF
    Administrator; V(operator) = operator group, Operator; V(viewer) = viewer group, Hikvision
    Viewer, ONVIF User. ONVIF users of level Anonymous are reported with role C(anonymous).
options:
  users:
    description:
      - The user accounts to manage. Users of the camera that are not listed are kept, unless
        O(state=overridden).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - User name, at most 32 characters, without spaces and without the characters
            C(:/\&<>"'%?#=,;) that break a URL query or XML. Axis takes 1 to 14 letters,
            digits, C(_), C(.) or C(-).
        type: str
        required: true
      role:
        description:
          - The user's role. An existing user with another role gets this one.
          - The account the task logs in with must stay V(admin).
        type: str
        default: viewer
        choices: [admin, operator, viewer]
      password:
        description:
          - The password of a user to create; required when the user does not exist yet.
          - Sent only when the user is created (see O(update_password)); never shown.
          - Without control characters (such as line breaks).
        type: str
      state:
        description:
          - V(present) creates the user or fixes its role; V(absent) deletes it.
        type: str
        default: present
        choices: [present, absent]
  state:
    description:
      - V(merged) creates the listed users that are missing, fixes the roles of those listed,
        and deletes only the users listed with O(users[].state=absent).
      - V(overridden) does the same and also deletes every user of the camera that is not
        listed. The account the task logs in with must be listed, with role V(admin).
      - V(gathered) only reads (give no O(users) and no access settings).
    type: str
    default: merged
    choices: [merged, overridden, gathered]
  update_password:
    description:
      - When a password is sent. Cameras never return passwords, so a password cannot be
        compared; V(on_create) sends it only when the user is created, which keeps a second run
        at C(changed=false).
      - "To rotate a password: delete the user (O(users[].state=absent)) and create it again
        with the new password in a second task, or change it in the camera's interface. The
        task's own account cannot be deleted by the task: log in with another admin for that."
    type: str
    default: on_create
    choices: [on_create]
  anonymous_access:
    description:
      - Viewing without a login on (V(true)) or off (V(false)). Left out, it is left as it is.
      - Axis sets C(root.System.BoaProtViewer) (V(false) is C(password)); Hikvision sets its
        anonymous login.
      - ONVIF has no switch; anonymous access there is a user of level Anonymous. V(false)
        fails, naming those users, unless they are deleted by the same task (listed with
        O(users[].state=absent), or not listed with O(state=overridden)). V(true) is unsupported.
    type: bool
  lockout:
    description:
      - Lock an account after repeated failed logins (Hikvision C(illegalLoginLock)). Axis and
        ONVIF have no setting for it; see O(on_unsupported).
    type: bool
  lockout_attempts:
    description:
      - Failed logins in a row before the lock (Hikvision C(maxIllegalLoginTimes)), from 1 to 10.
      - Not with O(lockout=false).
    type: int
  default_password_check:
    description:
      - Checks without any extra login whether a factory default password is in use - the
        task's own password compared with the vendor's factory passwords (Axis C(pass),
        Hikvision C(12345), ONVIF C(admin), an empty one and a few more), and the camera's own
        verdict on the account in use where it gives one (Hikvision C(userCheck)).
      - A factory password found fails the task (after any change was made), naming the camera.
    type: bool
    default: true
  default_password_login:
    description:
      - Also try B(one) login with the vendor's factory account and password (Axis C(root),
        Hikvision C(admin), ONVIF C(admin)) - at most one per run, on a fresh connection that is
        never retried, between two logins with the task's own credentials. Cameras lock after
        failed logins in a row and a good login resets the count, so the attempt is never the
        one that locks, however often the task runs.
      - No login is made when the answer is known without it - the task logs in as the factory
        user itself, or the camera has no such user.
      - A camera that accepts the factory password fails the task. A camera that answers the
        attempt with HTTP 403 (refusing logins) is reported with a warning, and nothing more is
        sent.
      - Made in check mode too. It is a login, not a change of settings.
    type: bool
    default: false
  on_unsupported:
    description:
      - What to do when an option is set that the camera's API cannot change (for example
        O(lockout) on Axis).
      - V(fail) fails the task before anything is changed; V(warn) leaves that setting alone and warns.
    type: str
    default: fail
    choices: [fail, warn]
notes:
  - Hikvision refuses to delete its first administrator (C(admin), id 1).
  - The zero-login check judges only the task's own login; use O(default_password_login) to
    test the factory account when the task logs in with another one.
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.attributes
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: 5.4.1 / 5.4.3 - the site's accounts, anonymous access off, lockout on
  camsec.ipcam.accounts:
    users:
      - name: operator1
        role: operator
        password: "{{ vault_operator1_password }}"
      - name: guest
        state: absent
    anonymous_access: false
    lockout: true
    lockout_attempts: 5
    on_unsupported: warn   # Axis and ONVIF have no lockout setting

- name: 5.4.3 - exactly these accounts (the task's own admin must be listed)
  camsec.ipcam.accounts:
    state: overridden
    users:
      - name: "{{ ipcam_username }}"
        role: admin
      - name: viewer1
        password: "{{ vault_viewer1_password }}"

- name: 5.4.2 - does the factory account still take its factory password? (one login at most)
  camsec.ipcam.accounts:
    state: gathered
    default_password_login: true
  register: accounts

- name: Rotate a password - delete the user, then create it again
  camsec.ipcam.accounts:
    users:
      - name: viewer1
        state: absent
- name: Create it again with the new password
  camsec.ipcam.accounts:
    users:
      - name: viewer1
        password: "{{ vault_viewer1_new_password }}"
'''

RETURN = r'''
users:
  description: The camera's users as read back after the task (no passwords), sorted by name.
  returned: success
  type: list
  elements: dict
  sample: [{name: operator1, role: operator}, {name: root, role: admin}]
anonymous_access:
  description: Viewing without a login is on; null when the camera cannot say (see RV(unsupported)).
  returned: success
  type: bool
  sample: false
lockout:
  description: Failed logins lock the account; null when the camera has no such setting.
  returned: success
  type: bool
  sample: true
lockout_attempts:
  description: Failed logins in a row before the lock; null when not reported.
  returned: success
  type: int
  sample: 5
default_password:
  description: What the factory-password checks found (5.4.2).
  returned: when O(default_password_check) or O(default_password_login) is true
  type: dict
  contains:
    factory_user:
      description: The vendor's factory account.
      type: str
    connection_password_is_factory_default:
      description: The task's own password is one of the vendor's factory passwords; null when not checked.
      type: bool
    camera_says_default:
      description: The camera says the account in use still has its default password (Hikvision); null when it cannot say.
      type: bool
    camera_says_risky:
      description: The camera rates the password of the account in use as risky (Hikvision); null when it cannot say.
      type: bool
    camera_check:
      description: Why the camera gives no verdict of its own.
      type: str
    login_attempt:
      description:
        - The factory-account login. C(made) says whether a login was sent; C(accepted) is true when
          the factory password works, false when it does not (also when known without a login),
          null when not known; C(reason) says how it was decided; C(locked) is true when the
          camera answered HTTP 403.
      type: dict
  sample: {factory_user: root, connection_password_is_factory_default: false,
           camera_says_default: null, camera_says_risky: null,
           login_attempt: {made: true, user: root, accepted: false,
                           reason: the camera refused root with its factory password}}
plan:
  description: The changes, in order, that the task made (or would make in check mode). Passwords show as C(********).
  returned: always
  type: list
  elements: dict
  sample: [{area: accounts, key: users.operator1, action: create, before: null,
            after: {name: operator1, role: operator, password: "********"}}]
unsupported:
  description: What the camera's API cannot read or set, with the reason (for example the lockout on Axis).
  returned: always
  type: dict
  sample: {lockout: VAPIX has no login-lockout setting}
vendor:
  description: The driver that was used.
  returned: always
  type: str
  sample: hikvision
requests:
  description: Number of HTTP requests sent to the camera by this task.
  returned: always
  type: int
  sample: 7
applied:
  description: On a failure part-way, the changes the camera had already taken.
  returned: on failure after changes were made
  type: list
  elements: dict
not_applied:
  description: On a failure part-way, the changes that were not made.
  returned: on failure after changes were made
  type: list
  elements: dict
evaluated_in:
  description:
    - Where the module's logic ran on the controller, C(shared evaluator) (the run's one
      long-lived process, on Linux in plays of 10 cameras or more) or C(worker) (the
      process Ansible forked for this camera); chosen by the variable C(ipcam_evaluator)
      (C(auto), C(always), C(never)). Absent when the task is delegated to another host.
  returned: when the task runs on the controller
  type: str
  sample: shared evaluator
'''

from ansible_collections.camsec.ipcam.plugins.module_utils.runner import run_module


def main():
    run_module("accounts")


if __name__ == "__main__":
    main()
