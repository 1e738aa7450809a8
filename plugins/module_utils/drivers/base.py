# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every driver offers. A driver translates between the settings model and one
API family; it never decides policy. What its API cannot do raises Unsupported with
the reason, never a guess."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, Unsupported)

HIDDEN = "********"


def without_secret(exc, secret):
    """The same failure with `secret` (a password being sent) hidden from its message:
    some errors quote the request (a VAPIX URL carries the password in its query)."""
    if not secret or secret not in str(exc):
        return exc
    cls = type(exc) if type(exc) in (CameraError, AuthError, CameraUnreachable) else CameraError
    return cls(exc.camera, exc.call.replace(secret, HIDDEN) if exc.call else exc.call,
               str(exc.cause).replace(secret, HIDDEN), exc.details)


class Driver(object):
    vendor = None

    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera

    # -- which cameras are this driver's (drivers/registry.py, `vendor: auto`) ----------
    @classmethod
    def recognises(cls, identity):
        """Is the camera whose ONVIF identity ({"manufacturer", "model", "firmware", ...})
        this is one of this driver's own? No request: the identity is already read."""
        return False

    @classmethod
    def sniff(cls, transport):
        """For a camera ONVIF did not identify: is it one of this driver's own? Sends only
        requests without credentials (`anonymous=True`), so it never costs a failed login;
        any error means no."""
        return False

    def continue_from(self, probe):
        """Keep what the ONVIF driver that identified the camera learned (its client:
        the camera's clock offset and services), so that nothing is asked twice."""
        self.onvif = probe.onvif

    def forget_reads(self):
        """Drop this task's cached reads, so a read-back sees the camera, not the cache."""
        self.t.cache.clear()

    def identity(self):
        raise Unsupported("no identity call")

    def capabilities(self):
        return {}

    def read_discovery(self):
        raise Unsupported("%s cannot read discovery services" % self.vendor)

    def write_discovery(self, values):
        raise Unsupported("%s cannot set discovery services" % self.vendor)

    def read_privacy_masks(self):
        raise Unsupported("%s has no privacy mask API" % self.vendor)

    def apply_masks(self, video_source, changes, final_masks, applied):
        raise Unsupported("%s has no privacy mask API" % self.vendor)

    def read_storage(self):
        raise Unsupported("%s cannot report removable storage" % self.vendor)

    def enable_storage_encryption(self, slot_id, passphrase):
        raise Unsupported("%s has no storage encryption API" % self.vendor)

    # Area `protocols` (areas/protocols.py): the management and service protocols.
    def read_protocols(self):
        raise Unsupported("%s cannot read its network protocols" % self.vendor)

    def write_protocols(self, values):
        raise Unsupported("%s cannot set its network protocols" % self.vendor)

    def management_check(self, transport):
        """One cheap authenticated read through `transport` (a fresh one, on the other
        scheme): proves that path answers before the current one is turned off."""
        raise Unsupported("%s has no read to check a management path with" % self.vendor)

    # Areas `time` and `logging` (areas/time_sync.py, areas/remote_logging.py); every
    # driver gets them from drivers/onvif_time.py, axis_time.py or hikvision_time.py.
    def read_time(self):
        raise Unsupported("%s cannot read its time settings" % self.vendor)

    def write_time(self, values, current):
        raise Unsupported("%s cannot set its time settings" % self.vendor)

    def read_logging(self):
        raise Unsupported("%s cannot read its remote logging" % self.vendor)

    def write_logging(self, values, current):
        raise Unsupported("%s cannot set its remote logging" % self.vendor)

    # Area `accounts` (areas/accounts.py): users and their roles, anonymous access, the
    # login lockout, and the camera's own default-password check; every driver gets them
    # from drivers/onvif_accounts.py, axis_accounts.py or hikvision_accounts.py.
    # (regex, what it allows) for user names the API takes; None: no rule beyond the area's.
    account_name_rule = None

    def read_accounts(self):
        raise Unsupported("%s cannot read its user accounts" % self.vendor)

    def create_user(self, name, role, password):
        raise Unsupported("%s cannot create user accounts" % self.vendor)

    def update_user(self, name, role, current):
        raise Unsupported("%s cannot change user accounts" % self.vendor)

    def delete_user(self, name, current):
        raise Unsupported("%s cannot delete user accounts" % self.vendor)

    def write_access(self, values, current):
        raise Unsupported("%s cannot set anonymous access or the login lockout" % self.vendor)

    # Areas `streaming` and `wireless` (areas/streaming.py, areas/wireless.py; 5.5.2,
    # 5.3.3), read-only; every driver gets them from drivers/onvif_streams.py,
    # axis_streams.py or hikvision_streams.py.
    def read_streaming(self):
        raise Unsupported("%s cannot report how it streams" % self.vendor)

    def read_wireless(self):
        raise Unsupported("%s cannot report its wireless interfaces" % self.vendor)

    def password_self_check(self):
        """{"camera_says_default": bool|None, "camera_says_risky": bool|None} for the
        account the task logs in with, as the camera itself judges it."""
        raise Unsupported("%s has no call that says whether an account still has its factory "
                          "password" % self.vendor)
