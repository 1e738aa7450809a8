"""Where a camera serves its live stream and its snapshot, as its firmware profile says
(profile key "media", documented in profiles/__init__.py and profiles/media.md).

One place for it, so that the ONVIF answers (GetStreamUri, GetSnapshotUri in
onvif_media1.py and onvif_media2.py), the RTSP listener (rtsp.py, fleet.py) and the
snapshot endpoint (snapshots.py, fleet.py) cannot disagree about a port or a path.

Vendor defaults are the vendor package's MEDIA (vendors/<vendor>/__init__.py: the paths
the emulator has always served); a profile overrides any key.
"""

from . import vendors

COMMON_DEFAULTS = {
    "rtsp_port": None,       # None: the fleet's RTSP port (554)
    "rtsp_query": "",
    "snapshot_port": None,   # None: the port the ONVIF request came in on (HTTP or HTTPS)
    "snapshot_scheme": "http",  # of a snapshot on its own port
    "snapshot_query": "",
    "uri_port_always": False,   # write ":554" / ":80" even when it is the default
}
DEFAULT_PORT = {"rtsp": 554, "http": 80, "https": 443}


def settings(cam):
    """The camera's media settings: common defaults, then the vendor's, then the profile's."""
    out = dict(COMMON_DEFAULTS)
    out.update(vendors.get(cam.vendor).MEDIA)
    out.update((getattr(cam, "profile", None) or {}).get("media") or {})
    return out


def tokens(cam):
    return list(settings(cam)["profile_tokens"])


def _fill(template, cam, token):
    """Path and query templates may name the profile: {token}, {index} (1-based),
    {index0} (0-based); a list holds one template per profile token, in order."""
    index = tokens(cam).index(token) + 1
    if isinstance(template, (list, tuple)):
        template = template[index - 1]
    return template.format(token=token, index=index, index0=index - 1)


def stream_paths(cam):
    """Every path the RTSP server answers DESCRIBE for (one per profile)."""
    media = settings(cam)
    return {_fill(media["rtsp_path"], cam, t) for t in media["profile_tokens"]}


def snapshot_paths(cam):
    media = settings(cam)
    return {_fill(media["snapshot_path"], cam, t) for t in media["profile_tokens"]}


def rtsp_port(cam):
    """The port the RTSP listener opens: the profile's, else the fleet's (cam.rtsp_port)."""
    return settings(cam)["rtsp_port"] or getattr(cam, "rtsp_port", DEFAULT_PORT["rtsp"])


def own_snapshot_port(cam):
    """The snapshot's own listening port, or None when HTTP/HTTPS serve it."""
    port = settings(cam)["snapshot_port"]
    if port and port not in (getattr(cam, "http_port", 80), getattr(cam, "https_port", 443)):
        return port
    return None


def _authority(cam, scheme, port, always):
    if port == DEFAULT_PORT.get(scheme) and not always:
        return cam.address
    return "%s:%d" % (cam.address, port)


def _with_query(path, query):
    return path + ("?" + query if query else "")


def stream_uri(cam, token):
    media = settings(cam)
    port = rtsp_port(cam)
    return "rtsp://%s%s" % (_authority(cam, "rtsp", port, media["uri_port_always"]),
                            _with_query(_fill(media["rtsp_path"], cam, token),
                                        _fill(media["rtsp_query"], cam, token)))


def snapshot_uri(cam, token, req):
    """On its own port when the profile names one, else where this request came in."""
    media = settings(cam)
    if media["snapshot_port"]:
        scheme, port = media["snapshot_scheme"], media["snapshot_port"]
    else:
        scheme = req.scheme
        port = getattr(cam, scheme + "_port", DEFAULT_PORT[scheme])
    return "%s://%s%s" % (scheme, _authority(cam, scheme, port, media["uri_port_always"]),
                          _with_query(_fill(media["snapshot_path"], cam, token),
                                      _fill(media["snapshot_query"], cam, token)))


def secure_stream_uri(cam, token):
    """The RTSPS URI of a profile (ONVIF GetStreamUri RtspsUnicast, 5.5.2): the stream's
    path on the camera's RTSPS port (`network.rtsps.port`). Nothing listens there: the
    emulator reports the setting, it does not serve TLS streams."""
    media = settings(cam)
    port = cam.get("network.rtsps.port") or 322
    return "rtsps://%s:%d%s" % (cam.address, port,
                                _with_query(_fill(media["rtsp_path"], cam, token),
                                            _fill(media["rtsp_query"], cam, token)))
