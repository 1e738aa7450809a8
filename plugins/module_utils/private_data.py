# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Does the camera hand out a snapshot without a login? (control 5.5.1, the HTTP part;
the stream is probe_rtsp.py's.)

ONE unauthenticated GET per snapshot path of the camera's vendor, each on a fresh
Transport to the task's camera with the task's scheme, ports and TLS settings but no
username and no password: requests then sends no Authorization header (the Transport
sets no auth, ignores the environment's .netrc, and never answers a challenge without
a username). A request without credentials is not a failed login on any camera, so
this cannot push an account towards a lockout. No retries.

Per path: {"path", "scheme", "status", "protected", "content_type", "error"}, where
`protected` is True for a 401 or 403 (a login is required, or the camera refuses),
False for a 2xx (the image without a login), None when the reply tells neither (404:
no such path on this camera; no answer).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.default_password import attempt_transport
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import AuthError, CameraError

# One JPEG snapshot of channel 1, as each vendor documents it. ONVIF [INF, emulator-only]:
# a real ONVIF device names its snapshot URI in Media GetSnapshotUri, which this collection
# does not call yet; /onvif/snapshot is the path the test emulator serves, and on a real
# ONVIF camera it will usually answer 404, which leaves the snapshot part `manual`.
SNAPSHOT_PATHS = {
    "axis": ["/axis-cgi/jpg/image.cgi"],
    "hikvision": ["/ISAPI/Streaming/channels/101/picture"],
    "onvif": ["/onvif/snapshot"],
}
REFUSED = (401, 403)


def snapshot_checks(driver):
    """The snapshot paths of the driver's vendor, each asked once without credentials."""
    return [_one_get(driver.t, path) for path in SNAPSHOT_PATHS.get(driver.vendor, [])]


def _one_get(transport, path):
    # A fresh Transport per path: one refused request ends a Transport (auth_failure).
    anonymous = attempt_transport(transport, None, None)
    scheme = "https" if anonymous.use_https else "http"
    check = {"path": path, "scheme": scheme, "status": None, "protected": None,
             "content_type": None, "error": None}
    try:
        resp = anonymous.request("GET", path, call="GET %s without credentials" % path)
        check.update(status=resp.status_code, protected=False,
                     content_type=resp.headers.get("Content-Type"))
    except AuthError:
        check.update(status=anonymous.last_status, protected=anonymous.last_status in REFUSED)
        if not check["protected"]:
            check["error"] = "refused with HTTP %s" % anonymous.last_status
    except CameraError as exc:
        check.update(status=anonymous.last_status, error=exc.cause)
    finally:
        anonymous.close()
    return check
