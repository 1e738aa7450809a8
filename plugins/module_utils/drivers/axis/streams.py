# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The areas `streaming` (5.5.2) and `wireless` (5.3.3) of an Axis camera, from
param.cgi.

Streaming: root.Network.RTSP.Enabled / Port (plain RTSP) and root.Network.RTSPS.Enabled /
Port (RTSP over TLS). A firmware without the RTSPS group (the 9.10.1 list of an M1065-LW
has none) cannot stream encrypted. No VAPIX parameter for SRTP on its own was found.

Wireless: root.Network.Interface.I<n>.Type is 802.3 or 802.11 (a radio); the radio is in
use when its Active.Active is yes; root.Network.Wireless.W<n>.Enabled / Method say the
key management (WPA-PSK, WPA-ENTERPRISE: one method for WPA and WPA2 alike, so which
WPA cannot be told), root.Network.Wireless.WPS.PBC.Enabled the WPS push button. Names
as the M1065-LW list shows them (tests/emulator/profiles/streams-wireless.md).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError

STREAM_GROUPS = ["root.Network.RTSP", "root.Network.RTSPS"]
WIRELESS_GROUPS = ["root.Network.Interface", "root.Network.Wireless"]
NO_SRTP = ("VAPIX has no parameter for SRTP on its own (none found in the reference or the "
           "recorded parameter lists): RTSPS is Axis's encrypted stream")
WPS = "root.Network.Wireless.WPS.PBC.Enabled"
# W<n>.Method -> the area's security; WPA-PSK and WPA-ENTERPRISE do not say which WPA.
METHODS = {"none": "none", "wep": "wep"}


def _yes(value):
    return str(value).strip().lower() in ("yes", "true", "1")


class AxisStreams(object):
    """Streaming and wireless of one Axis camera, for its AxisDriver."""

    def __init__(self, driver):
        self.t = driver.t
        self.camera = driver.camera
        self.vapix = driver.vapix
        self.onvif = driver.onvif  # the Onvif helper

    def read_streaming(self):
        params = self.vapix.params(STREAM_GROUPS)
        out, unsupported = {}, {}
        for key, group in (("rtsp", "root.Network.RTSP"), ("rtsps", "root.Network.RTSPS")):
            enabled = group + ".Enabled"
            if enabled not in params:
                unsupported[key] = self.vapix.param_reason(params, enabled)
                continue
            out[key] = _yes(params[enabled])
            port = params.get(group + ".Port")
            if port and port.isdigit():
                out[key + "_port"] = int(port)
        if "rtsp" in unsupported and "rtsps" in unsupported:
            raise CameraError(self.camera, "VAPIX param.cgi", "none of the stream parameters exist")
        unsupported["srtp"] = NO_SRTP
        out["unsupported"] = unsupported
        return out

    def read_wireless(self):
        params = self.vapix.params(WIRELESS_GROUPS)
        radios = []
        prefix = "root.Network.Interface."
        for name, value in sorted(params.items()):
            if not (name.startswith(prefix) and name.endswith(".Type") and value == "802.11"):
                continue
            iface = name[len(prefix):-len(".Type")]
            methods = [params.get("root.Network.Wireless.%s.Method" % w)
                       for w in ("W0", "W1", "W2", "W3")
                       if _yes(params.get("root.Network.Wireless.%s.Enabled" % w))]
            method = methods[0] if len(methods) == 1 else None
            radios.append({
                "id": iface,
                "enabled": _yes(params.get(prefix + iface + ".Active.Active")),
                "security": METHODS.get((method or "").lower()) if methods else "none",
                "security_raw": "Method %s" % "/".join(str(m) for m in methods) if methods
                else "no enabled W<n> method",
                "wps": _yes(params[WPS]) if WPS in params else None})
        unsupported = {}
        if radios and WPS not in params:
            unsupported["wps"] = self.vapix.param_reason(params, WPS)
        return {"interfaces": radios, "unsupported": unsupported}
