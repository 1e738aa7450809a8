# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `wireless` (read-only): the camera's Wi-Fi radios (5.3.3), as its API says.

Read model: {"interfaces": [{"id", "enabled": bool, "security": one of SECURITY or None
(the camera's word does not say which WPA), "security_raw": the camera's own word,
"wps": bool or None}], "unsupported": {"security" / "wps": why}}. No radio: an empty
list. A camera whose API cannot say whether it has a radio raises Unsupported.
Sources per vendor: drivers/axis/streams.py (param.cgi root.Network.Interface,
root.Network.Wireless), hikvision_streams.py (System/Network/capabilities, interfaces,
interfaces/<id>/wireless and /WPS), onvif/streams.py (GetNetworkInterfaces, Dot11).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import read_only

NAME = "wireless"
# none, WEP, WPA (TKIP), WPA2 (RSN/CCMP), WPA3 (SAE), and the mixed modes a radio may
# accept (WPA and WPA2; WPA2 and WPA3).
SECURITY = ("none", "wep", "wpa", "wpa_wpa2", "wpa2", "wpa2_wpa3", "wpa3")


def read(driver):
    return driver.read_wireless()


def public(current):
    return dict((k, v) for k, v in current.items() if not k.startswith("_"))


# Reported, never changed (read_only.py).
plan = read_only.plan
apply = read_only.refuse_apply(NAME)
diff = read_only.diff
