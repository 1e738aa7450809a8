# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every driver offers. A driver translates between the settings model and one
API family; it never decides policy. What its API cannot do raises Unsupported with
the reason, never a guess."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import one_attempt

HIDDEN = "********"


def without_secret(exc, secret):
    """The same failure with `secret` (a password being sent) hidden from its message:
    some errors quote the request (a VAPIX URL carries the password in its query)."""
    if not secret or secret not in str(exc):
        return exc
    cls = type(exc) if type(exc) in (CameraError, AuthError, CameraUnreachable) else CameraError
    return cls(exc.camera, exc.call.replace(secret, HIDDEN) if exc.call else exc.call,
               str(exc.cause).replace(secret, HIDDEN), exc.details)


def per_field(read, key, unsupported):
    """read(), or None with unsupported[key] = "<call>: <camera's words>" where the firmware
    lacks what that one field needs (one missing endpoint is that field's, not the task's);
    any other error still fails the task."""
    try:
        return read()
    except Unsupported as exc:  # UnsupportedCall's reason is the call and the camera's words
        unsupported[key] = exc.reason
    return None


def discovery_fields(readers):
    """read_discovery's value from ((key, read), ...) over upnp, bonjour, snmp_versions and
    ws_discovery: each field the firmware has, `snmp` derived from the versions, and
    `unsupported` naming each field it lacks with the reason."""
    out, unsupported = {}, {}
    for key, read in readers:
        value = per_field(read, key, unsupported)
        if key not in unsupported:
            out[key] = value
    if "snmp_versions" in unsupported:
        unsupported["snmp"] = unsupported.pop("snmp_versions")
    else:
        out["snmp"] = bool(out["snmp_versions"])
    out["unsupported"] = unsupported
    return out


class Driver(object):
    """One vendor's API family, in its own package drivers/<vendor>/ (driver.py, its
    protocol client, its area parts), registered by one line in drivers/registry.py.

    - Its facts are data on the class (below), read by the modules outside drivers/
      through the registered drivers, which keep no vendor table of their own.
    - ONVIF is a helper the driver HAS (`self.onvif = Onvif(self)`, drivers/onvif/helper.py)
      and calls where its own API has no call; no driver inherits OnvifDriver, no mixins.
    - Its transport (`self.t`) is the driver's own: nothing outside drivers/ reads it
      (tests/unit/test_driver_boundary.py). What areas, evaluators and checks need of it is
      a method here: management_scheme, use_scheme, reconnect, base_url, credentials,
      wait_budget, on_scheme, attempt, management_check, forget_reads."""
    vendor = None  # the name `vendor:` takes, and the registry's key

    # -- vendor facts -------------------------------------------------------------------
    # (username, password) the vendor's cameras ship with, the factory account first;
    # () where none is known (the 5.4.2 checks then use the generic ONVIF list).
    FACTORY_ACCOUNTS = ()
    # Paths of one JPEG snapshot of channel 1 (asked without credentials, 5.5.1) and of
    # the RTSP main stream of channel 1 (the RTSP probe's defaults), as the vendor
    # documents them.
    SNAPSHOT_PATHS = ()
    STREAM_PATHS = ()
    # Lower-case prefixes the vendor puts before its model names ("axis "), dropped when
    # a model is matched with the site's firmware minimums (firmware.py).
    IDENTITY_PREFIXES = ()
    # True where the camera names its snapshot and stream URIs (media_uris(), ONVIF
    # Media): SNAPSHOT_PATHS is then only the fallback. False: the vendor's documented
    # paths are the ones to ask.
    MEDIA_URIS_FROM_CAMERA = False

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
        """Keep what the ONVIF driver that identified the camera learned (its Onvif
        helper's client: the camera's clock offset and services), so that nothing is
        asked twice. A driver without an Onvif helper (`self.onvif`) has nothing to keep."""
        onvif = getattr(self, "onvif", None)
        if onvif is not None:
            onvif.adopt(probe.onvif)

    # -- the connection: what areas, evaluators and checks outside drivers/ need of the
    # transport, which only drivers touch (tests/unit/test_driver_boundary.py) ----------
    def forget_reads(self):
        """Drop this task's cached reads, so a read-back sees the camera, not the cache."""
        self.t.cache.clear()

    def management_scheme(self):
        """"https" or "http": the scheme the task talks to the camera over now."""
        return "https" if self.t.use_https else "http"

    def use_scheme(self, scheme):
        """Move the task's own connection to `scheme` (every client of the driver shares
        it); the cached reads go with the old one."""
        if self.t.use_https != (scheme == "https"):
            self.t.use_https = scheme == "https"
            self.t.cache.clear()

    def reconnect(self):
        """Drop the task's pooled connections and cached reads (the driver stays usable):
        the next request is a new handshake, under the camera's settings as they are now."""
        self.t.reconnect()
        self.t.cache.clear()

    def base_url(self, scheme=None):
        """The camera's URL on `scheme` (default: the task's), for messages."""
        return self.t.base_url(scheme)

    def credentials(self):
        """(username, password) the task logs in with."""
        return self.t.username, self.t.password

    def wait_budget(self):
        """Seconds a check may keep polling: one request timeout, within what is left of
        the task's time (at least one second)."""
        return max(1.0, min(float(self.t.timeout), self.t.deadline - time.time() - 1.0))

    def on_scheme(self, scheme, tls_floor=None):
        """A fresh Transport to the camera over `scheme`, with the task's credentials, TLS
        settings and what is left of its time budget, but no cache and no login state of
        its own, so an answer proves the path itself; `tls_floor` ("TLSv1.3"): its HTTPS
        client offers only that version and newer, on a connection of its own. Give it to
        management_check(); close it after use."""
        return self.t.on_scheme(scheme, tls_min_version=tls_floor)

    def attempt(self, username, password, scheme=None, port=None):
        """A fresh Transport for ONE request with these credentials (None, None: none at
        all): never retried, no cache, its last HTTP status kept (`last_status`), on
        `scheme` (default: the task's) at `port` (default: the task's for that scheme).
        For a credential check (management_check) or a request without a login; close it
        after use."""
        return one_attempt(self.t, username, password, scheme, port)

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

    def management_check(self, transport=None):
        """One cheap authenticated read through `transport` (from on_scheme() or attempt();
        None: the task's own, from the camera, not a cache): proves that path and those
        credentials answer."""
        raise Unsupported("%s has no read to check a management path with" % self.vendor)

    # Areas `time` and `logging` (areas/time_sync.py, areas/remote_logging.py); every
    # driver has them in its package (drivers/<vendor>/time_logging.py).
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
    # from its package (drivers/<vendor>/accounts.py).
    # (regex, what it allows) for user names the API takes; None: no rule beyond the area's.
    account_name_rule = None
    # True where the API changes a user's role only with the user's password in the same
    # request (Hanwha SUNAPI users update): the area then asks the task for it up front.
    role_change_needs_password = False

    def calls_without_login(self):
        """[(call, send(transport))]: harmless reads that 5.4.1 sends once each, without
        credentials, on a fresh transport (unauthenticated.py)."""
        return []

    def user_lists_disclosing_passwords(self, current):
        """(calls whose user list carries passwords, {call: why it could not be checked})
        for 5.4.2; `current` is the accounts read model."""
        return list(current.get("passwords_disclosed_by") or []), {}

    def read_accounts(self):
        raise Unsupported("%s cannot read its user accounts" % self.vendor)

    def create_user(self, name, role, password):
        raise Unsupported("%s cannot create user accounts" % self.vendor)

    def update_user(self, name, role, current, password=None):
        raise Unsupported("%s cannot change user accounts" % self.vendor)

    def delete_user(self, name, current):
        raise Unsupported("%s cannot delete user accounts" % self.vendor)

    def write_access(self, values, current):
        raise Unsupported("%s cannot set anonymous access or the login lockout" % self.vendor)

    # Areas `streaming` and `wireless` (areas/streaming.py, areas/wireless.py; 5.5.2,
    # 5.3.3), read-only; every driver has them in its package
    # (drivers/<vendor>/streams.py).
    def read_streaming(self):
        raise Unsupported("%s cannot report how it streams" % self.vendor)

    def read_wireless(self):
        raise Unsupported("%s cannot report its wireless interfaces" % self.vendor)

    def media_uris(self):
        """[{"profile", "stream_uri", "snapshot_uri", ...}] as the camera names them (5.5.1);
        Unsupported: the vendor's documented paths (SNAPSHOT_PATHS, STREAM_PATHS) stand."""
        raise Unsupported("the snapshot and stream paths %s's own API documents"
                          % str(self.vendor).capitalize())

    def password_self_check(self):
        """{"camera_says_default": bool|None, "camera_says_risky": bool|None} for the
        account the task logs in with, as the camera itself judges it."""
        raise Unsupported("%s has no call that says whether an account still has its factory "
                          "password" % self.vendor)
