"""Snapshot endpoints: where an anonymous viewer (5.4.1) shows. Without credentials they
answer 200 with a small JPEG while anonymous viewing is allowed (accounts.
anonymous_allowed), else the camera's normal 401 Digest challenge; with credentials they
authenticate as every other endpoint does.

Paths: the vendor APIs' own snapshot endpoints (their package's API_SNAPSHOT_PATHS: Axis
/axis-cgi/jpg/image.cgi in vapix.py, Hikvision /ISAPI/Streaming/channels/101/picture in
isapi.py), served by those APIs through serve(), and the snapshot URI the
ONVIF Media services name (GetSnapshotUri), on the port and path the firmware profile's
media settings say (media.py; /onvif/snapshot on the camera's HTTP and HTTPS ports by
default). handle() serves the latter on the camera's HTTP(S) listeners; a snapshot on a
port of its own gets its own listener (fleet.py, dispatch_own_port()).

A request without an Authorization header is never a failed login (auth.challenge does
not count), so probing these paths cannot push an account towards lockout.
"""

from . import accounts, auth, media, vendors
from .httpserver import Response

# A 1x1 grey baseline JPEG: enough for a client to see image/jpeg and the JPEG markers.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c14"
    "0d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d"
    "38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000"
    "000102030405060708090a0bffc400b5100002010303020403050504040000017d0102030004110512"
    "2131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a2526272829"
    "2a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a83"
    "8485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8"
    "c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00"
    "fbd3ffd9")


def serve(req, allow_basic=False):
    """The snapshot, or the 401/403/405 that refuses it."""
    if req.method not in ("GET", "HEAD"):
        return Response(405, "Method Not Allowed", headers={"Allow": "GET"})
    cam = req.camera
    if not req.header("authorization") and accounts.anonymous_allowed(cam):
        return Response(200, JPEG, "image/jpeg")
    denied = auth.authenticate(req, cam.realm(), allow_basic=allow_basic)
    if denied is not None:
        return denied
    return Response(200, JPEG, "image/jpeg")


def handle(req):
    """The media snapshot on the camera's HTTP(S) ports, or None (not ours)."""
    cam = req.camera
    if media.own_snapshot_port(cam) or req.path in vendors.get(cam.vendor).API_SNAPSHOT_PATHS:
        return None
    if req.path in media.snapshot_paths(cam):
        return serve(req)
    return None


def dispatch_own_port(req):
    """The listener of a snapshot on a port of its own: that and nothing else."""
    if req.path in media.snapshot_paths(req.camera):
        return serve(req)
    return Response(404, "not found")
