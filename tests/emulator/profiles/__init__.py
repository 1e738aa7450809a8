"""Firmware profiles: how one real firmware answers, kept as data.

A fleet runs many firmwares per vendor; each profile says how one of them differs from
the emulator's vendor defaults. Each vendor package keeps its own (vendors/<vendor>/
profiles.py, sources in profiles.md beside it); this module gathers every registered
vendor's, in registry order. A profile is a dict:

- name, vendor: the profile's name (`--profiles NAME,...`) and its vendor;
- identity: model / firmware as the recorded device reports them;
- faults: baseline wire behaviours, as keys of camera.FAULT_DEFAULTS (soap_fault_status,
  onvif_pre_auth_login, isapi_refusal, isapi_not_supported_status...): they hold after
  every clear_faults(), so a test's fault injection starts from the firmware's own ways;
- missing: what this firmware lacks: HTTP paths ("/axis-cgi/ntp.cgi", "/ISAPI/System/
  Network/Bonjour") answered the vendor's "not supported" way, and ONVIF operations
  ("onvif:GetDiscoveryMode") answered ter:ActionNotSupported;
- media2: False for a Media1-only device (no Media2 service in GetServices);
- media: where the stream and snapshot are (media.py; sources per profile: media.md),
  each key optional over the vendor's default (today's fixed paths):
  profile_tokens ([...], Axis ["profile_1_h264"], else ["Profile_1"]); rtsp_port (None:
  the fleet's 554); rtsp_path (Axis /axis-media/media.amp, Hikvision
  /Streaming/Channels/101, ONVIF /onvif/media/profile1) and rtsp_query (""); snapshot_port
  (None: the HTTP/HTTPS port the ONVIF request came in on; another port gets a listener of
  its own), snapshot_scheme ("http", for a snapshot on its own port), snapshot_path (Axis
  /axis-cgi/jpg/image.cgi, Hikvision /ISAPI/Streaming/channels/101/picture, ONVIF
  /onvif/snapshot) and snapshot_query (""); uri_port_always (False: ":554"/":80" left
  out of the URIs, as most firmware does). Paths and queries may be a list (one per
  profile token) and may use {token}, {index} (1-based) and {index0};
- state: {dotted state path: value} applied to the factory state (ports, paths, what
  the hardware has);
- factory: {dotted state path: value} settings as the firmware ships them, applied to the
  factory ("insecure") state only, so the hardened preset stays hardened;
- anything vendor-specific the vendor's modules read (see each vendor's file).
"""

import copy

from .. import vendors

BASE = {
    "identity": {},
    "faults": {},
    "missing": [],
    "media2": True,
    "state": {},
}

PROFILES = {}
BY_VENDOR = {}
for _package in vendors.all_vendors():
    for _profile in _package.PROFILES:
        _full = copy.deepcopy(BASE)
        _full.update(copy.deepcopy(_profile))
        PROFILES[_full["name"]] = _full
        BY_VENDOR.setdefault(_full["vendor"], []).append(_full["name"])


def get(name):
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError("unknown profile %r (known: %s)" % (name, ", ".join(sorted(PROFILES))))


def default_for(vendor, index):
    """The profile of the `index`-th camera (1-based) of a vendor in a default fleet:
    the vendor's profiles in turn, its first (the reference firmware) first."""
    names = BY_VENDOR[vendor]
    return PROFILES[names[(index - 1) % len(names)]]
