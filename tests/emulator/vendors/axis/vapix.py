"""Axis VAPIX: which CGI serves which path. Everything else (ONVIF, unknown paths) is
left to the next API of the fleet.

Each CGI lives in its own module: vapix_params (param.cgi), vapix_masks
(privacymask.cgi), vapix_disks (edge storage), vapix_deviceinfo (basicdeviceinfo.cgi),
vapix_ssh (ssh.cgi), vapix_users (pwdgrp.cgi), snapshots (jpg/image.cgi, open to anonymous
viewers while `root.System.BoaProtViewer` is `anonymous`).
"""

from ... import accounts, snapshots
from . import vapix_deviceinfo, vapix_disks, vapix_http, vapix_masks, vapix_params
from . import vapix_ssh, vapix_time, vapix_users
from ...httpserver import Response

CGIS = {
    "/axis-cgi/param.cgi": vapix_params.handle,
    "/axis-cgi/privacymask.cgi": vapix_masks.handle,
    "/axis-cgi/disks/getcapabilities.cgi": vapix_disks.capabilities,
    "/axis-cgi/disks/list.cgi": vapix_disks.list_disks,
    "/axis-cgi/disks/mount.cgi": vapix_disks.mount,
    "/axis-cgi/disks/format.cgi": vapix_disks.format_disk,
    "/axis-cgi/disks/job.cgi": vapix_disks.job_status,
    "/axis-cgi/disks/properties/enablediskencryption.cgi": vapix_disks.enable_encryption,
    "/axis-cgi/disks/properties/disablediskencryption.cgi": vapix_disks.disable_encryption,
    "/axis-cgi/pwdgrp.cgi": vapix_users.handle,
}

CGIS.update(vapix_time.CGIS)  # ntp.cgi, remotesyslog.cgi

SNAPSHOT_PATH = "/axis-cgi/jpg/image.cgi"  # the package's API_SNAPSHOT_PATHS

# Authenticates per method: part of it is open to anyone.
SELF_AUTHENTICATING = {
    "/axis-cgi/basicdeviceinfo.cgi": vapix_deviceinfo.handle,
    "/axis-cgi/ssh.cgi": vapix_ssh.handle,  # POST only
    SNAPSHOT_PATH: lambda req: snapshots.serve(
        req, allow_basic=vapix_http.basic_allowed(req)),
}


def handle(req):
    if req.camera.lacks(req.path):
        # A CGI this firmware does not have: the web server's plain 404, login or not.
        return not_found(req)
    if req.path in SELF_AUTHENTICATING:
        return SELF_AUTHENTICATING[req.path](req)
    cgi = CGIS.get(req.path)
    if cgi is None:
        return None
    if req.method not in ("GET", "POST"):
        return vapix_http.method_not_allowed()
    # Fault api_no_auth: firmware that serves its configuration without a login.
    if not accounts.serves_without_login(req, "api_no_auth"):
        denied = vapix_http.authenticate(req)
        if denied is not None:
            return denied
    return cgi(req)


# The 5.x web server's page for a path it does not have, as recorded on a P5512 5.51.7
# for apidiscovery.cgi (HTTP 404, text/html; charset=ISO-8859-1) [SEEN: profiles.md S1].
BOA_NOT_FOUND = ("<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n"
                 "<BODY><H1>404 Not Found</H1>\n"
                 "The requested URL %s was not found on this server.\n"
                 "</BODY></HTML>\n")


def not_found(req):
    if req.camera.profile.get("vapix_not_found") == "boa":
        return Response(404, BOA_NOT_FOUND % req.path, "text/html; charset=ISO-8859-1")
    return Response(404, "Not Found", "text/html")
