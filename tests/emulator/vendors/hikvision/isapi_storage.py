"""Hikvision SD card: /ISAPI/ContentMgmt/Storage, /Storage/hdd, and formatting
(/Storage/hdd/1/format, progress at /formatStatus) [3P]. No recording shows a call that
turns SD encryption on, so the card is only listed and formatted; with no card in the slot
the list is empty.

The document's shape is the firmware's (profile isapi.storage, vendors/hikvision/profiles.md):
"v5.2" nests the hddList in the ver10 namespace with each hdd back in ver20, and has no
<formatType> and no <Encryption>; "g2" nests the hddList in ver10, the hdd inheriting it,
with <formatType> and an inline <Encryption> block whose <encryptionStatus> says whether
the card is encrypted (Hikvision's own spelling "verfyFailed" for a card whose password
did not verify); "isapi.org" keeps everything in the isapi.org namespace, <Encryption>
inline. A camera without a profile shape answers the emulator's first, flat form.

Formatting takes a moment, as on a camera: the recordings are erased when it finishes.
"""

import asyncio
import time

from . import isapi_xml
from .isapi_xml import DeviceBusy, InvalidOperation

FORMAT_SECONDS = 0.3
RECORDING_MB = 512  # what one stored recording takes, for freeSpace
FORMAT_TYPES = {"EXT4": "ext4", "FAT32": "vfat"}  # [3P] ?formatType=EXT4


def _slot(cam, hdd_id="1"):
    for i, slot in enumerate(cam.get("storage.slots") or []):
        if slot.get("present") and str(slot.get("id")) == hdd_id:
            return i, slot
    return None, None


def _job(cam, hdd_id):
    job = cam.jobs.get("isapi-hdd-" + hdd_id)
    if job and not job["done"] and time.time() - job["started"] >= FORMAT_SECONDS:
        job["done"] = True
        if job["state"] is cam.state:  # not a state the control API has since replaced
            job["effect"]()
    return job


FORMAT_NAMES = dict((v, k) for k, v in FORMAT_TYPES.items())
SLOTS_LISTED = 8  # the size="8" of every recorded hddList


def _shape(cam):
    return isapi_xml.isapi_profile(cam).get("storage")


def _encryption(slot, format_opt):
    if slot.get("locked"):
        status = "verfyFailed"
    else:
        status = "encrypted" if slot.get("encrypted") else "unencrypted"
    return ("Encryption", [
        ("passwordLen", None, {"min": 6, "max": 64}),
        ("encryptionStatus", status, {"opt": "unencrypted,encrypted,verfyFailed"}),
        ("encryptFormatType", "EXT4", {"opt": format_opt}),
    ])


def _hdd(cam, slot):
    job = _job(cam, str(slot.get("id")))
    formatting = job is not None and not job["done"]
    capacity = int(slot.get("capacity_mb", 0))
    shape = _shape(cam)
    fields = [
        ("id", slot.get("id")),
        ("hddName", "hdd%s" % slot.get("id") if shape is None else "hdde"),
        ("hddPath", None),
        ("hddType", "SD" if shape is None else "SATA"),
        ("status", "formatting" if formatting else "ok"),
        ("capacity", capacity),
        ("freeSpace", max(0, capacity - int(slot.get("recordings", 0)) * RECORDING_MB)),
        ("property", "RW"),
    ]
    filesystem = FORMAT_NAMES.get(slot.get("filesystem"), "EXT4")
    if shape == "g2":
        fields += [("formatType", filesystem), _encryption(slot, "EXT4")]
        return ("hdd", fields)  # inherits the hddList's ver10 namespace
    if shape == "isapi.org":
        fields += [("formatType", filesystem, {"opt": "EXT4"}),
                   _encryption(slot, "FAT32,EXT4")]
    return ("hdd", fields, {"version": "2.0", "xmlns": isapi_xml.namespace(cam)}
            if shape else {"version": "2.0"})


def _hdds(cam):
    return [_hdd(cam, s) for s in cam.get("storage.slots") or [] if s.get("present")]


def _hdd_list_attrs(cam, hdds):
    shape = _shape(cam)
    if shape is None:
        return {"size": len(hdds)}
    ns = isapi_xml.namespace(cam) if shape == "isapi.org" else isapi_xml.NS_V10
    return {"version": "1.0", "xmlns": ns, "size": SLOTS_LISTED}


def storage_get(req):
    cam = req.camera
    hdds = _hdds(cam)
    if _shape(cam) is None:
        return isapi_xml.document(cam, "storage", [
            ("hddList", hdds, {"size": len(hdds)}),
            ("nasList", [], {"size": 0}),
            ("workMode", "group"),
        ])
    return isapi_xml.document(cam, "storage", [
        ("hddList", hdds, _hdd_list_attrs(cam, hdds)),
        ("nasList", [], {"version": "2.0", "xmlns": isapi_xml.namespace(cam)}),
        ("workMode", "quota"),
    ])


def hdd_list_get(req):
    """The hddList alone, as its own document: its namespace is the one it has inside
    Storage [INF: not recorded on its own]."""
    cam = req.camera
    hdds = _hdds(cam)
    attrs = _hdd_list_attrs(cam, hdds)
    root = isapi_xml.ET.Element("hddList", dict((k, str(v)) for k, v in attrs.items()))
    if "version" not in attrs:
        root.set("version", "2.0")
        root.set("xmlns", isapi_xml.namespace(cam))
    isapi_xml.fill(root, hdds)
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + isapi_xml.ET.tostring(root, "unicode")
    return isapi_xml.Response(200, body, isapi_xml.CONTENT_TYPE)


def format_put(req):
    """No body; `?formatType=EXT4|FAT32` may choose the file system."""
    cam = req.camera
    index, slot = _slot(cam)
    if slot is None:
        raise InvalidOperation("no card in the slot")
    wanted = req.query.get("formatType", "").upper()
    if wanted and wanted not in FORMAT_TYPES:
        raise isapi_xml.BadValue("formatType must be EXT4 or FAT32")
    job = _job(cam, "1")
    if job is not None and not job["done"]:
        raise DeviceBusy("already formatting")
    filesystem = FORMAT_TYPES.get(wanted, slot.get("filesystem") or "vfat")

    def erase():
        cam.set("storage.slots.%d.recordings" % index, 0)
        cam.set("storage.slots.%d.filesystem" % index, filesystem)

    cam.jobs["isapi-hdd-1"] = {"started": time.time(), "done": False, "effect": erase,
                               "state": cam.state}
    try:
        asyncio.get_running_loop().call_later(FORMAT_SECONDS, _job, cam, "1")
    except RuntimeError:
        pass  # no loop: finished the next time anyone looks
    return isapi_xml.response_status(req)


def format_status_get(req):
    """<formatStatus><formating>…</formating><percent>…</percent> [3P: a client's parser;
    the spelling "formating" is Hikvision's]."""
    cam = req.camera
    _index, slot = _slot(cam)
    if slot is None:
        raise InvalidOperation("no card in the slot")
    job = _job(cam, "1")
    if job is None:
        running, percent = False, 0
    elif job["done"]:
        running, percent = False, 100
    else:
        running = True
        percent = min(99, int(100 * (time.time() - job["started"]) / FORMAT_SECONDS))
    return isapi_xml.document(cam, "formatStatus", [
        ("formating", running),
        ("percent", percent),
    ])
