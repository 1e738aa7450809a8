"""Hikvision SD card: /ISAPI/ContentMgmt/Storage, /Storage/hdd, and formatting
(/Storage/hdd/1/format, progress at /formatStatus) [3P]. Hikvision has no SD encryption
API (reference 2.2), so the card is only listed and formatted; with no card in the slot
the list is empty.

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


def _hdd(cam, slot):
    job = _job(cam, str(slot.get("id")))
    formatting = job is not None and not job["done"]
    capacity = int(slot.get("capacity_mb", 0))
    return ("hdd", [
        ("id", slot.get("id")),
        ("hddName", "hdd%s" % slot.get("id")),
        ("hddPath", None),
        ("hddType", "SD"),
        ("status", "formatting" if formatting else "ok"),
        ("capacity", capacity),
        ("freeSpace", max(0, capacity - int(slot.get("recordings", 0)) * RECORDING_MB)),
        ("property", "RW"),
    ], {"version": "2.0"})


def _hdd_list(cam):
    return [_hdd(cam, s) for s in cam.get("storage.slots") or [] if s.get("present")]


def storage_get(req):
    cam = req.camera
    hdds = _hdd_list(cam)
    return isapi_xml.document(cam, "storage", [
        ("hddList", hdds, {"size": len(hdds)}),
        ("nasList", [], {"size": 0}),
        ("workMode", "group"),
    ])


def hdd_list_get(req):
    hdds = _hdd_list(req.camera)
    return isapi_xml.document(req.camera, "hddList", hdds, {"size": len(hdds)})


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
