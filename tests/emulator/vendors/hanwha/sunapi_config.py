"""network.cgi (upnpdiscovery, bonjour, snmp, http, https), system.cgi (deviceinfo, date,
storageinfo, snapshot-free) and image.cgi (privacy) over the vendor-neutral state
(sources: profiles.md).

Privacy masks [INF]: `PrivacyMask[0]` is channel 0 with its `Masks[]`, each
{MaskIndex (its place, 1-based), MaskName, MaskColor, Enable, MaskCoordinate: [{x, y}]}
on a 0..1000 grid; add takes MaskCoordinate as "x1,y1,x2,y2,...". The state keeps fractions 0..1, so a point
written here is rounded to the grid first, as the camera does.
"""

from .sunapi_common import SunapiError, admin_only, flag, require, secret, settings

SNMP = (("Version1", "v1"), ("Version2", "v2c"), ("Version3", "v3"))
GRID = 1000
COLORS = ("Gray", "Green", "Red", "Blue", "Black", "White")


# -- network.cgi -------------------------------------------------------------------------
def upnp_view(req):
    cam = req.camera
    return {"UpnpDiscovery": [{"InterfaceName": "NetworkInterface1",
                               "Enable": bool(cam.get("discovery.upnp")),
                               "FriendlyName": "%s-%s" % (cam.get("identity.model"),
                                                          cam.get("identity.serial"))}]}


def bonjour_view(req):
    cam = req.camera
    return {"Enable": bool(cam.get("discovery.bonjour")),
            "FriendlyName": str(cam.get("identity.model"))}


def _switch(path):
    def set_(req):
        admin_only(req)
        req.camera.set(path, flag(req, "Enable", required=True))
    return set_


def snmp_view(req):
    snmp = req.camera.get("discovery.snmp") or {}
    doc = dict((theirs, bool(snmp.get("enabled") and snmp.get(ours))) for theirs, ours in SNMP)
    doc.update(ReadCommunity=snmp.get("read_community", ""),
               WriteCommunity=snmp.get("write_community", ""), UserPassword="")
    return doc


def snmp_set(req):
    admin_only(req)
    cam = req.camera
    snmp = dict(cam.get("discovery.snmp") or {})
    given = False
    for theirs, ours in SNMP:
        on = flag(req, theirs)
        if on is not None:
            snmp[ours] = on
            given = True
    if not given:
        raise SunapiError(603)
    for key, name in (("read_community", "ReadCommunity"), ("write_community", "WriteCommunity")):
        if name in req.query:
            snmp[key] = req.query[name]
    snmp["enabled"] = any(snmp.get(ours) for _t, ours in SNMP)
    cam.set("discovery.snmp", snmp)


def port_view(scheme):
    def view(req):
        return {"Port": int(req.camera.get("network.%s.port" % scheme) or 0)}
    return view


# -- system.cgi ----------------------------------------------------------------------------
def deviceinfo(req):
    cam = req.camera
    facts = settings(cam)
    doc = {"Model": cam.get("identity.model"), "SerialNumber": cam.get("identity.serial"),
           "FirmwareVersion": cam.get("identity.firmware"),
           "BuildDate": "2022.05.17", "WebURL": "http://www.hanwhavision.com/",
           "DeviceType": "NWC", "ConnectedMACAddress": cam.get("identity.mac", "").upper(),
           "CGIVersion": facts["version"], "ONVIFVersion": "20.12", "DeviceName": "Camera",
           "Language": "English", "FirmwareGroup": cam.get("identity.model")}
    if facts.get("password_strength"):
        doc["PasswordStrength"] = facts["password_strength"]
    return doc


def date_view(req):
    cam = req.camera
    import time
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(cam.now()))
    return {"SyncType": "NTP" if cam.get("time.ntp_enabled") else "Manual",
            "NTPURLList": ",".join(cam.get("time.ntp_servers") or []),
            "NTPStatus": "Success" if cam.get("time.ntp_enabled") else "Fail",
            "UTCTime": now, "LocalTime": now, "POSIXTimeZone": "UTC0", "DSTEnable": False}


def date_set(req):
    admin_only(req)
    cam = req.camera
    sync = req.query.get("SyncType")
    if sync not in (None, "NTP", "Manual"):
        raise SunapiError(604)
    servers = cam.get("time.ntp_servers") or []
    if "NTPURLList" in req.query:
        servers = [s.strip() for s in req.query["NTPURLList"].split(",") if s.strip()]
        if len(servers) > 5:  # [INF] the web page's five server fields
            raise SunapiError(604)
    if sync == "NTP" and not servers:
        raise SunapiError(603)
    cam.set("time.ntp_servers", servers)
    if sync:
        cam.set("time.ntp_enabled", sync == "NTP")


def storage_view(req):
    cam = req.camera
    encrypting = settings(cam)["sd_encryption"]
    storages = []
    for i, slot in enumerate(cam.get("storage.slots") or [], 1):
        used = 105 * int(slot.get("recordings") or 0) if slot.get("present") else 0
        status = "" if not slot.get("present") else "Lock" if slot.get("locked") else \
            "Active" if slot.get("mounted") else "Normal"
        entry = {"Storage": i, "Type": "DAS", "UsedSpace": str(used),
                 "TotalSpace": str(slot.get("capacity_mb") or 0) if slot.get("present") else "0",
                 "FileSystem": "ext4" if slot.get("filesystem") == "ext4" else "VFAT",
                 "Enable": bool(slot.get("mounted")), "Status": status}
        if encrypting and slot.get("encryption_supported"):
            entry["DASConfig"] = {"IsDASEncryptEnable": bool(slot.get("encryption_enabled")),
                                  "DASPassword": "",
                                  "IsSDCardEncrypted": bool(slot.get("encrypted"))}
        storages.append(entry)
    return {"UsedSpace": str(sum(int(s["UsedSpace"]) for s in storages)),
            "TotalSpace": str(sum(int(s["TotalSpace"]) for s in storages)),
            "Storages": storages}


def _slot(req):
    number, = require(req, "Storage")
    slots = req.camera.get("storage.slots") or []
    if not number.isdigit() or not 1 <= int(number) <= len(slots):
        raise SunapiError(604)
    return int(number) - 1, dict(slots[int(number) - 1])


def storage_set(req):
    admin_only(req)
    cam = req.camera
    index, slot = _slot(req)
    if not slot.get("present"):
        raise SunapiError(604, "No SD card")
    encrypt = flag(req, "IsDASEncryptEnable")
    just_enabled = False
    if encrypt is not None:
        if not (settings(cam)["sd_encryption"] and slot.get("encryption_supported")):
            raise SunapiError(602)
        if encrypt and not slot.get("encrypted"):
            passphrase = secret(req, "NewDASPassword", "IsNewDASPasswordEncrypted",
                                element="NewDASPassword")
            if not passphrase:
                raise SunapiError(603)
            # [INF] the card is encrypted by the next format, like Axis; until then it
            # keeps its file system and does not record.
            slot.update(encryption_enabled=True, passphrase=passphrase, mounted=False)
            just_enabled = True
        elif not encrypt:
            slot.update(encryption_enabled=False)
    enable = flag(req, "Enable")
    if enable is not None and not just_enabled:  # the documented request sends both
        if enable and slot.get("encryption_enabled") and not slot.get("encrypted"):
            raise SunapiError(615)  # not formatted since encryption was enabled
        slot["mounted"] = enable
    cam.set("storage.slots.%d" % index, slot)


def storage_control(req):
    admin_only(req)
    index, slot = _slot(req)
    if req.query.get("Mode") != "Format":
        raise SunapiError(604)
    if not slot.get("present"):
        raise SunapiError(604, "No SD card")
    slot.update(recordings=0, mounted=False, filesystem="ext4" if slot.get("encryption_enabled")
                else slot.get("filesystem") or "vfat",
                encrypted=bool(slot.get("encryption_enabled")))
    req.camera.set("storage.slots.%d" % index, slot)


# -- image.cgi privacy ---------------------------------------------------------------------
def _point(x, y):
    return {"x": int(round(x * GRID)), "y": int(round(y * GRID))}


def privacy_view(req):
    cam = req.camera
    masks = cam.get("privacy_masks") or []
    return {"PrivacyMask": [{
        "Channel": 0, "Enable": any(m.get("enabled") for m in masks),
        "CommonMaskColor": "Gray",
        "Masks": [{"MaskIndex": i, "MaskName": m.get("name") or "Mask%d" % i,
                   "MaskColor": str(m.get("color") or "gray").capitalize(),
                   "Enable": bool(m.get("enabled")),
                   "MaskCoordinate": [_point(x, y) for x, y in m.get("polygon") or []]}
                  for i, m in enumerate(masks, 1)]}]}


def privacy_add(req):
    """A new mask goes last; MaskIndex is the position (1-based) [INF]."""
    admin_only(req)
    cam = req.camera
    limits = cam.get("mask_limits") or {}
    masks = [dict(m) for m in cam.get("privacy_masks") or []]
    if len(masks) >= int(limits.get("max_masks", 0)):
        raise SunapiError(605)
    name, coordinate = require(req, "MaskName", "MaskCoordinate")
    try:
        values = [int(v) for v in coordinate.split(",")]
    except ValueError:
        raise SunapiError(604)
    if len(values) % 2 or not 4 <= len(values) // 2 <= int(limits.get("max_points", 8)) or \
            any(not 0 <= v <= GRID for v in values):
        raise SunapiError(604)
    if any(m.get("name") == name for m in masks):
        raise SunapiError(606)
    color = req.query.get("MaskColor", "Gray")
    if color not in COLORS:
        raise SunapiError(604)
    enabled = flag(req, "Enable")
    sources = cam.get("video_sources") or [{}]
    masks.append({"token": "hanwha-%s" % name, "name": name,
                  "video_source": sources[0].get("token", "VideoSourceConfig_1"),
                  "enabled": True if enabled is None else enabled,
                  "polygon": [[values[i] / GRID, values[i + 1] / GRID]
                              for i in range(0, len(values), 2)],
                  "type": "Color", "color": color.lower()})
    cam.set("privacy_masks", masks)
    return {"Response": "Success", "MaskIndex": len(masks)}


def privacy_remove(req):
    """The masks after the removed one move up a place (their MaskIndex with it) [INF]."""
    admin_only(req)
    cam = req.camera
    index, = require(req, "MaskIndex")
    masks = list(cam.get("privacy_masks") or [])
    if not index.isdigit() or not 1 <= int(index) <= len(masks):
        raise SunapiError(604)
    cam.set("privacy_masks", masks[:int(index) - 1] + masks[int(index):])


def privacy_set(req):
    """Enable=False turns every mask off; True leaves each as it is [INF]."""
    admin_only(req)
    cam = req.camera
    on = flag(req, "Enable", required=True)
    if not on:
        cam.set("privacy_masks", [dict(m, enabled=False)
                                  for m in cam.get("privacy_masks") or []])


ROUTES = {
    ("network", "upnpdiscovery"): {"view": upnp_view, "set": _switch("discovery.upnp")},
    ("network", "bonjour"): {"view": bonjour_view, "set": _switch("discovery.bonjour")},
    ("network", "snmp"): {"view": snmp_view, "set": snmp_set},
    ("network", "http"): {"view": port_view("http")},
    ("network", "https"): {"view": port_view("https")},
    ("system", "deviceinfo"): {"view": deviceinfo},
    ("system", "date"): {"view": date_view, "set": date_set},
    ("system", "storageinfo"): {"view": storage_view, "set": storage_set,
                                "control": storage_control},
    ("image", "privacy"): {"view": privacy_view, "add": privacy_add, "remove": privacy_remove,
                           "set": privacy_set},
}
