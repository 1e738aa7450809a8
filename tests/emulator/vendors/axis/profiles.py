"""Axis firmware profiles. Where each fact comes from: profiles.md beside this file (sources
S1..S10, each fact tagged [SEEN] / [3P] / [INF]). The first is the emulator's reference
AXIS OS firmware, whose answers the vapix_*.py modules give by default.

Axis-specific keys (read by tests/emulator/vapix*.py):
- identity may add short_name / full_name / prod_type: root.Brand.ProdShortName,
  ProdFullName, ProdType (and basicdeviceinfo's) as the device names itself; the
  defaults are built from the model ("AXIS <model>", "... Network Camera");
- vapix_params_absent: parameter names or groups (without "root.") this firmware does not
  list: asking for such a group gets param.cgi's "# Error: Error -1 getting param in
  group '...'" line (HTTP 200), writing one gets "# Error: Error setting ...";
- vapix_not_found: "boa" for the 5.x web server's HTML 404 page; default a short page;
- vapix_disk_list: "9.80" for the list.cgi attribute set of the 9.80 recording (no
  `diskencryptionenabled`); default the reference's set (both names);
- factory: {state path: value} settings as the firmware ships them, applied to the
  factory ("insecure") state only, so the hardened preset stays hardened.
"""

# Every CGI of the edge storage (disk management) API.
DISK_CGIS = ["/axis-cgi/disks/getcapabilities.cgi", "/axis-cgi/disks/list.cgi",
             "/axis-cgi/disks/mount.cgi", "/axis-cgi/disks/format.cgi",
             "/axis-cgi/disks/job.cgi",
             "/axis-cgi/disks/properties/enablediskencryption.cgi",
             "/axis-cgi/disks/properties/disablediskencryption.cgi"]

PROFILES = [
    {
        "name": "axis-os11",
        "vendor": "axis",
        "identity": {"model": "P3265-LVE", "firmware": "11.8.64"},
        # No recording of 11.x lists root.Time: the reference keeps to ntp.cgi.
        "vapix_params_absent": ["Time"],
    },
    {
        # Old 5.x generation (S1): no JSON APIs at all, everything through param.cgi.
        "name": "axis-p5512-5.51.7",
        "vendor": "axis",
        "identity": {"model": "P5512", "firmware": "5.51.7", "hardware_id": "18C.2",
                     "short_name": "AXIS P5512",
                     "full_name": "AXIS P5512 PTZ Dome Network Camera",
                     "prod_type": "PTZ Dome Network Camera"},
        "missing": ["/axis-cgi/apidiscovery.cgi", "/axis-cgi/basicdeviceinfo.cgi",
                    "/axis-cgi/ntp.cgi", "/axis-cgi/remotesyslog.cgi", "/axis-cgi/ssh.cgi",
                    "/axis-cgi/privacymask.cgi"] + DISK_CGIS,
        "vapix_params_absent": ["HTTPS.AllowSSLV3", "HTTPS.AllowTLS1", "HTTPS.AllowTLS11",
                                "Network.SSH", "Properties.LocalStorage.DiskEncryption",
                                "Properties.PrivacyMask", "Image.I0.Overlay.MaskWindows"],
        "vapix_not_found": "boa",
        "factory": {"network.http_auth_policy": "basic_digest", "network.ftp": True,
                    "time.posix_tz": "GMT0BST,M3.5.0/1,M10.5.0"},
    },
    {
        # ONVIF Media1-only PTZ camera of the 8.x generation (S3 for ONVIF; VAPIX [INF]).
        "name": "axis-m5525-e-8.40.1.1",
        "vendor": "axis",
        "identity": {"model": "M5525-E", "firmware": "8.40.1.1", "hardware_id": "757",
                     "short_name": "AXIS M5525-E",
                     "full_name": "AXIS M5525-E PTZ Network Camera",
                     "prod_type": "PTZ Network Camera"},
        "missing": ["/axis-cgi/ntp.cgi", "/axis-cgi/remotesyslog.cgi", "/axis-cgi/ssh.cgi"],
        "media2": False,
        # ONVIF's stream and snapshot, not VAPIX's /axis-media and /axis-cgi paths (keys:
        # tests/emulator/media.py). Tokens [SEEN: S3]; URIs as a 9.80 Axis gives them [S4].
        "media": {"profile_tokens": ["profile_1_h264", "profile_1_jpeg"],
                  "rtsp_path": "/onvif-media/media.amp",
                  "rtsp_query": "profile={token}&sessiontimeout=60&streamtype=unicast",
                  "snapshot_path": "/onvif-cgi/jpg/image.cgi",
                  "snapshot_query": "resolution=1920x1080&compression=30"},
    },
    {
        # 9.80 generation (S2): ntp.cgi and the disks API, no ssh.cgi, no remotesyslog.cgi.
        "name": "axis-companion-9.80.2.2",
        "vendor": "axis",
        "identity": {"model": "C Bullet LE", "firmware": "9.80.2.2", "hardware_id": "805",
                     "short_name": "AXIS Companion Bullet LE",
                     "full_name": "AXIS Companion Bullet LE Network Camera",
                     "prod_type": "Network Camera"},
        "missing": ["/axis-cgi/ssh.cgi", "/axis-cgi/remotesyslog.cgi"],
        "vapix_params_absent": ["HTTPS.AllowSSLV3", "Network.SSH", "Network.FTP"],
        "vapix_disk_list": "9.80",
        "factory": {"discovery.bonjour": False, "discovery.upnp": False,
                    "time.posix_tz": "CST6CDT,M3.2.0,M11.1.0"},
    },
]
