# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `streaming` (read-only): how the camera serves its live stream (5.5.2), as its
API says: plain RTSP, RTSP over TLS (RTSPS) and SRTP, each on or off, with its port.

Read model: {"rtsp": bool, "rtsp_port": int, "rtsps": bool, "rtsps_port": int,
"srtp": bool, "srtp_port": int, "unsupported": {key: why}}. A key is absent (and in
`unsupported` with the call and the camera's words, or the driver's reason) where the
firmware lacks that way of streaming or its API cannot say. Sources per vendor:
drivers/axis/streams.py (param.cgi root.Network.RTSP / RTSPS), hikvision/streams.py
(adminAccesses RTSP / SRTP entries), onvif/streams.py (GetNetworkProtocols RTSP, Media2
GetServiceCapabilities SecureRTSPStreaming and GetStreamUri RtspsUnicast).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import read_only

NAME = "streaming"
KEYS = ("rtsp", "rtsps", "srtp")
ENCRYPTED = ("rtsps", "srtp")


def read(driver):
    return driver.read_streaming()


def public(current):
    return dict((k, v) for k, v in current.items() if not k.startswith("_"))


# Reported, never changed (read_only.py).
plan = read_only.plan
apply = read_only.refuse_apply(NAME)
diff = read_only.diff
