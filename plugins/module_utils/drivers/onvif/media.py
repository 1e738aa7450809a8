# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where an ONVIF camera says its live stream and snapshot are: GetProfiles, then
GetStreamUri and GetSnapshotUri per media profile, on Media2 (tr2) where the camera
offers it, else on Media1 (trt). Evidence for 5.5.1 (private_data.py), which asks those
URIs without credentials instead of guessing paths.

Per field: an operation the firmware lacks (ter:ActionNotSupported, e.g. GetSnapshotUri
on a Tapo) makes that field of that profile unsupported, with the call and the camera's
words; the other fields and profiles still read. A camera with neither Media service
raises Unsupported. Refused logins and transport failures propagate as everywhere.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError, Unsupported, UnsupportedCall
from ansible_collections.camsec.ipcam.plugins.module_utils.protocols.soap import el

NO_MEDIA = ("the camera offers neither the ONVIF Media2 nor the Media service in GetServices, "
            "so it cannot say where its stream and snapshot are")
SERVICE_NAMES = {"media2": "Media2", "media": "Media"}


class OnvifMedia(object):
    """The media URIs of one camera, asked through its Onvif helper."""

    def __init__(self, onvif):
        self.onvif = onvif  # the Onvif helper (helper.py): call() is its client's
        self.camera = onvif.camera

    def media_service(self):
        """"media2", "media" or None: Media2 first, as it is the current one."""
        for service in ("media2", "media"):
            if self.onvif.has_service(service):
                return service
        return None

    def media_uris(self):
        """[{"profile", "service", "stream_uri", "snapshot_uri", "unsupported"}], one per
        media profile, in the camera's order; `unsupported` maps a field the firmware
        lacks to "<call>: <camera's words>"."""
        service = self.media_service()
        if service is None:
            raise Unsupported(NO_MEDIA)
        prefix = "tr2" if service == "media2" else "trt"
        resp = self.onvif.call(service, "GetProfiles", el("%s:GetProfiles" % prefix))
        out = []
        for profile in xmltools.children(resp, "Profiles"):
            token = profile.get("token")
            if not token:
                raise CameraError(self.camera, "ONVIF GetProfiles", "a media profile without a token")
            entry = {"profile": token, "service": SERVICE_NAMES[service], "stream_uri": None,
                     "snapshot_uri": None, "unsupported": {}}
            for field, ask in (("stream_uri", self._stream_uri), ("snapshot_uri", self._snapshot_uri)):
                try:
                    entry[field] = ask(service, prefix, token)
                except UnsupportedCall as exc:
                    entry["unsupported"][field] = "%s: %s" % (exc.call, exc.cause)
            out.append(entry)
        return out

    def _stream_uri(self, service, prefix, token):
        if service == "media2":
            body = el("tr2:GetStreamUri", children=[
                el("tr2:Protocol", "RtspUnicast"), el("tr2:ProfileToken", token)])
        else:
            body = el("trt:GetStreamUri", children=[
                el("trt:StreamSetup", children=[
                    el("tt:Stream", "RTP-Unicast"),
                    el("tt:Transport", children=[el("tt:Protocol", "RTSP")])]),
                el("trt:ProfileToken", token)])
        return _uri(self.onvif.call(service, "GetStreamUri", body))

    def _snapshot_uri(self, service, prefix, token):
        body = el("%s:GetSnapshotUri" % prefix, children=[el("%s:ProfileToken" % prefix, token)])
        return _uri(self.onvif.call(service, "GetSnapshotUri", body))


def _uri(resp):
    """Media2 answers <Uri>, Media1 <MediaUri><Uri>."""
    found = xmltools.find(resp, "MediaUri/Uri")
    if found is None:
        found = xmltools.child(resp, "Uri")
    text = (found.text or "").strip() if found is not None else ""
    return text or None
