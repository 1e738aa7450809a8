"""Axis param.cgi: the stream servers (root.Network.RTSP, root.Network.RTSPS) and the
Wi-Fi radio (root.Network.Interface.I<n>, root.Network.Wireless), over the emulator's
`network.rtsp`, `network.rtsps` and `wireless` state (5.5.2, 5.3.3).

Sources (profiles/streams-wireless.md): the param.cgi list of an AXIS M1065-LW, firmware
9.10.1, in Kane610/axis tests/parameters/test_param_cgi.py [3P observed]: RTSP.Enabled=yes,
RTSP.Port=554, no RTSPS group; Interface.I0.Type=802.3, Interface.I1.Type=802.11 with
Active.Active=yes; Wireless.ESSID, MODE=managed, W0.Enabled=yes, W0.Method=WPA-PSK,
W1.Method=WPA-ENTERPRISE, WPS.PBC.Enabled=yes. RTSPS.Enabled as a yes/no parameter is
from a third-party hardening checker's param.cgi fixture [3P]; RTSPS.Port, the WEP and
`none` methods and how the security modes map onto W0.Method are inferred [INF].
"""

# Vendor-neutral security (state.py `wireless.security`) -> W0.Method. Axis names one
# WPA-PSK method for WPA and WPA2 alike (the M1065-LW accepts both) [INF].
METHODS = {"none": "none", "wep": "WEP", "wpa": "WPA-PSK", "wpa2": "WPA-PSK",
           "wpa3": "WPA-PSK", "wpa_wpa2": "WPA-PSK"}


def _wireless(view):
    return view("wireless", {}) or {}


def _present(view):
    return bool(_wireless(view).get("present"))


def params(view):
    """The parameters, given vapix_params' building blocks (imported here to keep one
    direction of import)."""
    from .vapix_params import Bool, Enum, Int, Param, String, fixed, state_param
    yes_no = Bool()
    out = [
        state_param("Network.RTSP.Enabled", yes_no, "network.rtsp.enabled", True),
        state_param("Network.RTSP.Port", Int(1, 65535), "network.rtsp.port", 554),
        state_param("Network.RTSPS.Enabled", yes_no, "network.rtsps.enabled", False),
        state_param("Network.RTSPS.Port", Int(1, 65535), "network.rtsps.port", 322),
        fixed("Network.Interface.I0.SystemDevice", String(), lambda view: "eth0"),
        fixed("Network.Interface.I0.Type", String(), lambda view: "802.3"),
        fixed("Network.Interface.I0.Active.Active", yes_no,
              lambda view: not (_present(view) and _wireless(view).get("enabled"))),
    ]
    if not _present(view):
        return out
    out += [
        fixed("Network.Interface.I1.SystemDevice", String(), lambda view: "eth1"),
        fixed("Network.Interface.I1.Type", String(), lambda view: "802.11"),
        Param("Network.Interface.I1.Active.Active", yes_no,
              lambda view: bool(_wireless(view).get("enabled")), _write_active),
        state_param("Network.Wireless.ESSID", String(32), "wireless.ssid", ""),
        fixed("Network.Wireless.MODE", String(), lambda view: "managed"),
        fixed("Network.Wireless.W0.Enabled", yes_no,
              lambda view: _wireless(view).get("security") != "none"),
        fixed("Network.Wireless.W0.Method", Enum(*sorted(set(METHODS.values()))),
              lambda view: METHODS.get(_wireless(view).get("security"), "WPA-PSK")),
        fixed("Network.Wireless.W1.Enabled", yes_no, lambda view: False),
        fixed("Network.Wireless.W1.Method", String(), lambda view: "WPA-ENTERPRISE"),
        state_param("Network.Wireless.WPS.PBC.Enabled", yes_no, "wireless.wps", False),
    ]
    return out


def _write_active(view, value, pending):
    # [INF] switching the radio's interface off leaves the wired one active.
    pending["wireless.enabled"] = value
