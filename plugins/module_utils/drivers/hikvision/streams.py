# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The areas `streaming` (5.5.2) and `wireless` (5.3.3) of a Hikvision camera.

Streaming: the RTSP and SRTP entries of /ISAPI/Security/adminAccesses (<enabled>,
<portNo>), as the recordings list them (tests/emulator/profiles/hikvision.md: SRTP on port
322 on V5.5 and later, absent before). Hikvision has no RTSPS entry: SRTP is its
encrypted stream.

Wireless: /ISAPI/System/Network/capabilities <isSupportWireless> says whether the model
has a radio; then /ISAPI/System/Network/interfaces lists the interfaces, and
interfaces/<id>/wireless (<enabled>, <WirelessSecurity><securityMode>) answers for the
radio (notSupport for a wired one); interfaces/<id>/WPS <enable> for WPS. Resource and
element names: Hikvision's ISAPI developer guide as commonly quoted, not a recording
(tests/emulator/profiles/streams-wireless.md) [INF].
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported, UnsupportedCall

ADMIN_ACCESSES = "/ISAPI/Security/adminAccesses"
NETWORK_CAPS = "/ISAPI/System/Network/capabilities"
INTERFACES = "/ISAPI/System/Network/interfaces"
NO_RTSPS = ("Hikvision has no RTSPS entry in %s: its encrypted stream is the SRTP entry"
            % ADMIN_ACCESSES)
# <securityMode> -> the area's security; other words: None (cannot tell).
SECURITY_MODES = {"disable": "none", "wep": "wep", "wpa-personal": "wpa",
                  "wpa-enterprise": "wpa", "wpa-radius": "wpa", "wpa2-personal": "wpa2",
                  "wpa2-enterprise": "wpa2", "wpa/wpa2-personal": "wpa_wpa2",
                  "wpa3-personal": "wpa3", "wpa2/wpa3-personal": "wpa2_wpa3"}


class HikvisionStreams(object):
    """Streaming and wireless of one Hikvision camera, for its HikvisionDriver."""

    def __init__(self, driver):
        self.driver = driver
        self.t = driver.t
        self.camera = driver.camera
        self.isapi = driver.isapi
        self.onvif = driver.onvif  # the Onvif helper

    def read_streaming(self):
        out, unsupported = {}, {}
        try:
            doc = self.isapi.get(ADMIN_ACCESSES)
        except UnsupportedCall as exc:
            raise Unsupported("%s: %s" % (exc.call, exc.cause))
        # An entry without <enabled> (DEV_MANAGE on some firmware) is a service that runs.
        self.driver._read_entries(doc, (("RTSP", "rtsp"), ("SRTP", "srtp")), out, unsupported, "true")
        unsupported["rtsps"] = NO_RTSPS
        out["unsupported"] = unsupported
        return out

    def read_wireless(self):
        try:
            caps = self.isapi.get(NETWORK_CAPS)
        except UnsupportedCall as exc:
            raise Unsupported("%s: %s" % (exc.call, exc.cause))
        has_radio = xmltools.text(caps, "isSupportWireless")
        if has_radio is None:
            raise Unsupported("ISAPI GET %s does not say isSupportWireless" % NETWORK_CAPS)
        if not xmltools.as_bool(has_radio):
            return {"interfaces": [], "unsupported": {}, "_source": "isSupportWireless=false"}
        radios, unsupported = [], {}
        for iface in xmltools.findall(self.isapi.get(INTERFACES), "NetworkInterface"):
            iface_id = xmltools.text(iface, "id")
            try:
                wireless = self.isapi.get("%s/%s/wireless" % (INTERFACES, iface_id))
            except UnsupportedCall:
                continue  # a wired interface: notSupport
            raw = xmltools.text(wireless, "WirelessSecurity/securityMode")
            radio = {"id": iface_id,
                     "enabled": xmltools.as_bool(xmltools.text(wireless, "enabled", "false")),
                     "security": SECURITY_MODES.get((raw or "").lower()),
                     "security_raw": "securityMode %s" % raw if raw else "no securityMode",
                     "wps": None}
            try:
                wps = self.isapi.get("%s/%s/WPS" % (INTERFACES, iface_id))
                radio["wps"] = xmltools.as_bool(xmltools.text(wps, "enable", "false"))
            except UnsupportedCall as exc:
                unsupported["wps"] = "%s: %s" % (exc.call, exc.cause)
            radios.append(radio)
        return {"interfaces": radios, "unsupported": unsupported}
