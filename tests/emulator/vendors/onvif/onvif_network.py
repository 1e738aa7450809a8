"""ONVIF GetNetworkInterfaces (device service), over the emulator's `wireless` state
(5.3.3). Registered on the device service by onvif.py (`onvif_network.register(DEVICE)`).

tt:NetworkInterface as onvif.xsd (shared/onvif-specs) has it: token, Enabled, Info
(Name, HwAddress, MTU), Extension with InterfaceType (IANA ifType: 6 ethernetCsmacd, 71
ieee80211) and, for a radio, Dot11 (tt:Dot11Configuration: SSID as hexBinary, Mode,
Alias, Priority, Security with Mode None|WEP|PSK|Dot1X|Extended and Algorithm
CCMP|TKIP|Any|Extended). ONVIF has no WPS element. The wired interface is always there;
the radio only where the model has one (`wireless.present`). How the vendor-neutral
security modes map onto Mode and Algorithm is this emulator's reading of the schema:
TKIP is WPA, CCMP is WPA2 (RSN), Any accepts both, WPA3 (SAE) has no value but Extended
[INF].
"""

import binascii

from .onvif_soap import el

IFTYPE_ETHERNET, IFTYPE_80211 = 6, 71
# Vendor-neutral security (state.py) -> (Security/Mode, Security/Algorithm or None).
SECURITY = {"none": ("None", None), "wep": ("WEP", None), "wpa": ("PSK", "TKIP"),
            "wpa2": ("PSK", "CCMP"), "wpa3": ("Extended", None), "wpa_wpa2": ("PSK", "Any")}


def register(device):
    """Add GetNetworkInterfaces to the device service (a soap.Service)."""
    device.operation("GetNetworkInterfaces")(get_network_interfaces)


def _interface(token, enabled, name, mac, iftype, dot11=None):
    return el("tds:NetworkInterfaces",
              el("tt:Enabled", enabled),
              el("tt:Info", el("tt:Name", name), el("tt:HwAddress", mac), el("tt:MTU", 1500)),
              el("tt:Extension", el("tt:InterfaceType", iftype), dot11),
              attrs={"token": token})


def _dot11(radio):
    mode, algorithm = SECURITY.get(radio.get("security"), ("None", None))
    ssid = binascii.hexlify((radio.get("ssid") or "camera").encode("utf-8")).decode("ascii")
    return el("tt:Dot11",
              el("tt:SSID", ssid.upper()),
              el("tt:Mode", "Infrastructure"),
              el("tt:Alias", "wlan0"),
              el("tt:Priority", 1),
              el("tt:Security", el("tt:Mode", mode),
                 el("tt:Algorithm", algorithm) if algorithm else None))


def get_network_interfaces(req, call):
    cam = req.camera
    mac = cam.get("identity.mac", "02:00:00:00:00:01")
    radio = cam.get("wireless") or {}
    interfaces = [_interface("eth0", True, "eth0", mac, IFTYPE_ETHERNET)]
    if radio.get("present"):
        interfaces.append(_interface("wlan0", bool(radio.get("enabled")), "wlan0", mac,
                                     IFTYPE_80211, _dot11(radio)))
    return el("tds:GetNetworkInterfacesResponse", *interfaces)
