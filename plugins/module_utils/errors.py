# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Errors that name the camera, the call and the cause."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class CameraError(Exception):
    """A failure talking to one camera. The message always says which camera, which
    call and why, so a fleet run's failures can be read without -vvv."""

    def __init__(self, camera, call, cause, details=None):
        self.camera = camera
        self.call = call
        self.cause = cause
        self.details = details or {}
        super(CameraError, self).__init__(
            "camera %s: %s: %s" % (camera, call, cause) if call else "camera %s: %s" % (camera, cause))


class AuthError(CameraError):
    """Credentials were refused. Never retried: cameras lock accounts."""


class CameraUnreachable(CameraError):
    """No connection, or no answer within the timeout."""


class TlsFailure(CameraError):
    """No TLS session. `stage` "handshake": none could be agreed (an audit reports the
    camera unreachable, not drifted); "verification": the certificate did not verify (a
    finding about a camera that answered)."""

    def __init__(self, camera, call, cause, stage):
        self.stage = stage
        super(TlsFailure, self).__init__(camera, call, cause)


class Unsupported(Exception):
    """The camera's API cannot read or set this; the reason says why."""

    def __init__(self, reason):
        self.reason = reason
        super(Unsupported, self).__init__(reason)


class UnsupportedCall(CameraError, Unsupported):
    """The camera answered that this firmware lacks the call or resource (HTTP 404,
    ISAPI notSupport, VAPIX # Error, SOAP ActionNotSupported). Asked once, never again.
    It is also an Unsupported: whoever handles "the camera's API cannot do this" (a
    module's on_unsupported, a control judged manual) handles it the same way; `reason`
    is the call and the camera's words."""

    def __init__(self, camera, call, cause, details=None):
        CameraError.__init__(self, camera, call, cause, details)
        self.reason = "%s: %s" % (call, cause) if call else cause


class DeviceFault(CameraError):
    """The camera answered with a fault or an error document other than a refusal or a
    missing feature. Not retried: the camera did answer."""


class TransientError(CameraError):
    """The camera (or a gateway before it) answered 502/503/504 without a document."""


class InputError(ValueError):
    """The task's input is wrong; raised before anything is sent to a camera."""
