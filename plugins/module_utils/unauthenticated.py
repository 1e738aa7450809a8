# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Does the camera answer its admin APIs without a login? (5.4.1)

Some cameras ship with authentication off: the ONVIF device service, or the vendor's
configuration API, answers anyone. The driver names a few harmless reads
(driver.calls_without_login(): the ONVIF device service's GetDeviceInformation, GetUsers
and GetNetworkProtocols, and the vendor's own configuration endpoint), and each is sent
ONCE with no credentials at all, on a fresh transport that never retries. No credentials
means no login, so never a failed login, whatever the camera's lockout.

A refusal (HTTP 401, 403, ONVIF NotAuthorized) is the good answer; data is the finding;
anything else (no connection, a fault that is not a refusal) cannot tell, and says why.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import AuthError, CameraError

ANSWERED, REFUSED, UNCLEAR = "answered", "refused", "unclear"


def probe(driver):
    """[{"call", "answer": answered | refused | unclear, "detail"}], one per call."""
    return [_one(driver, call, send) for call, send in driver.calls_without_login()]


def _one(driver, call, send):
    transport = driver.attempt(None, None)
    try:
        send(transport)
        return {"call": call, "answer": ANSWERED,
                "detail": "answered with data (HTTP %s) to a request without credentials"
                          % transport.last_status}
    except AuthError:
        status = transport.last_status
        how = "HTTP %d" % status if status in (401, 403) else "ONVIF NotAuthorized"
        return {"call": call, "answer": REFUSED, "detail": "refused (%s)" % how}
    except CameraError as exc:
        return {"call": call, "answer": UNCLEAR,
                "detail": "no answer that tells whether it needs a login (%s)" % exc.cause}
    finally:
        transport.close()
