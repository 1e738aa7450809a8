"""Axis edge storage: the disk management CGIs (/axis-cgi/disks/*.cgi) and the disk
properties CGIs that switch SD card encryption.

The encryption sequence the reference gives: unmount, enablediskencryption.cgi (stores
the passphrase; the card is not encrypted yet), format.cgi with ext4 (a job that takes a
moment; it erases the recordings and leaves the card encrypted), mount.

How the card's state shows in list.cgi `status` (values from the reference):
  encryption enabled but the card not yet formatted encrypted -> "not encrypted"
  card encrypted but encryption disabled (no passphrase)      -> "no passphrase"
  unmounted                                                   -> "disconnected"
  otherwise                                                   -> "OK"
A card mounts only when its layout matches the setting (both or neither): after
enablediskencryption the card stays unmounted ("not encrypted") until a format finishes.
Recordings (a count in state) are lost only by a format that finishes; a format job that
fails (fault `disk_format_fails`) stops part-way, reports the error through job.cgi and
leaves the card as it was: encryption enabled, not encrypted, unmounted.

The passphrase is kept in state and never appears in a reply, not even in errors.
"""

import asyncio
import time
import xml.etree.ElementTree as ET

from . import vapix_http

FORMAT_SECONDS = 0.3
FORMAT_FAILS_AT = 0.5  # of the job's duration: the failure comes after progress started
# [INF: no failed job reply of a real camera was found; the code and the wording are
# modelled on what a card that refuses the new file system would give.]
FORMAT_FAILURE = (51, "Format failed: could not create the encrypted file system "
                      "(input/output error)")
MAX_JOBS_KEPT = 64
FILESYSTEMS = ("ext4", "vfat")
RECORDING_KB = 512 * 1024  # what one stored recording takes, for freesize
PROPERTIES_NS = "http://www.axis.com/vapix/http_cgi/disks/properties1"
LIST_SCHEMA = "http://www.axis.com/vapix/http_cgi/disk/list1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


class DiskError(Exception):
    def __init__(self, code, description):
        super().__init__(description)
        self.code = code
        self.description = description


# -- state helpers ----------------------------------------------------------------------
def slots(cam):
    return [(i, s) for i, s in enumerate(cam.get("storage.slots") or []) if s.get("present")]


def find_slot(cam, diskid):
    for i, slot in slots(cam):
        if slot.get("id") == diskid:
            return i, slot
    raise DiskError(20, "No such disk")


def write_slot(cam, index, **fields):
    for field, value in fields.items():
        cam.set("storage.slots.%d.%s" % (index, field), value)


def status(slot):
    if slot.get("encryption_enabled") and not slot.get("encrypted"):
        return "not encrypted"
    if slot.get("encrypted") and not slot.get("encryption_enabled"):
        return "no passphrase"
    if not slot.get("mounted"):
        return "disconnected"
    return "OK"


# -- jobs -------------------------------------------------------------------------------
def _running_job(cam, diskid):
    finish_due_jobs(cam)
    for job in cam.jobs.values():
        if job["diskid"] == diskid and not job["done"]:
            return job
    return None


def start_job(cam, diskid, operation, duration, effect, failure=None):
    """A job runs `effect()` once, `duration` seconds from now: from the event loop when
    one runs, or else the next time anyone looks at the disks. A job given a `failure`
    (code, description) instead stops at FORMAT_FAILS_AT of its duration, without the
    effect, and reports that error."""
    _forget_old_jobs(cam)
    job_id = str(max((int(k) for k in cam.jobs if k.isdigit()), default=0) + 1)
    ends = duration * FORMAT_FAILS_AT if failure else duration
    cam.jobs[job_id] = {
        "id": job_id, "diskid": diskid, "operation": operation, "started": time.time(),
        "duration": duration, "ends": ends, "done": False, "effect": effect,
        "failure": failure, "failed": False,
        # A job started before the test reset the camera must not touch the new state.
        "state": cam.state,
    }
    if ends <= 0:
        finish_due_jobs(cam)
    else:
        try:
            asyncio.get_running_loop().call_later(ends, finish_due_jobs, cam)
        except RuntimeError:
            pass
    return cam.jobs[job_id]


def _forget_old_jobs(cam):
    """Keep the job list bounded on a long-running fleet: drop the oldest finished ones."""
    done = [k for k, job in cam.jobs.items() if job["done"]]
    for key in done[: max(0, len(cam.jobs) - MAX_JOBS_KEPT)]:
        del cam.jobs[key]


def finish_due_jobs(cam):
    now = time.time()
    for job in cam.jobs.values():
        if not job["done"] and now - job["started"] >= job["ends"]:
            job["done"] = True
            if job["failure"]:
                job["failed"] = True
            elif job["state"] is cam.state:
                job["effect"]()


def progress(job):
    if job["failed"]:
        return int(100 * FORMAT_FAILS_AT)  # where it stopped
    if job["done"]:
        return 100
    elapsed = time.time() - job["started"]
    return min(99, int(100 * elapsed / job["duration"]))


# -- replies ----------------------------------------------------------------------------
def _document(root):
    return vapix_http.xml('<?xml version="1.0"?>\n' + ET.tostring(root, "unicode"))


def _root():
    return ET.Element("root", {"xmlns:xsi": XSI})


def error_reply(exc):
    """[INF: the disk management CGIs' error body is not in the reference.]"""
    root = _root()
    ET.SubElement(root, "error", {"code": str(exc.code), "description": exc.description})
    return _document(root)


def job_reply(job):
    """[INF: the reference says format.cgi is a job polled through job.cgi; the element
    and attribute names of both replies, and the failed job's `error` child (the same
    element as the CGIs' own errors), are inferred.]"""
    root = _root()
    status = "failed" if job["failed"] else "done" if job["done"] else "running"
    element = ET.SubElement(root, "job", {
        "jobid": job["id"], "diskid": job["diskid"], "operation": job["operation"],
        "progress": str(progress(job)), "status": status,
    })
    if job["failed"]:
        code, description = job["failure"]
        ET.SubElement(element, "error", {"code": str(code), "description": description})
    return _document(root)


def properties_reply(error=None):
    """The Success document is from the reference; the Error one is inferred [INF]."""
    root = ET.Element("DiskPropertiesResponse",
                      {"xmlns": PROPERTIES_NS, "SchemaVersion": "1.0"})
    if error is None:
        ET.SubElement(ET.SubElement(root, "Success"), "GeneralSuccess")
    else:
        general = ET.SubElement(ET.SubElement(root, "Error"), "GeneralError")
        ET.SubElement(general, "ErrorCode").text = str(error.code)
        ET.SubElement(general, "ErrorDescription").text = error.description
    return vapix_http.xml('<?xml version="1.0" encoding="UTF-8"?>\n'
                          + ET.tostring(root, "unicode"))


# -- the CGIs ---------------------------------------------------------------------------
def _args(req):
    return dict(vapix_http.params(req))


def capabilities(req):
    """[INF: only `encryptionsupported="true"` is from the reference; the wrapping is
    modelled on list.cgi.]"""
    args = _args(req)
    try:
        chosen = _chosen_slots(req.camera, args.get("diskid", ""))
    except DiskError as exc:
        return error_reply(exc)
    root = _root()
    disks = ET.SubElement(root, "disks", {"numberofdisks": str(len(chosen))})
    for _i, slot in chosen:
        ET.SubElement(disks, "disk", {
            "diskid": slot["id"],
            "encryptionsupported": _tf(slot.get("encryption_supported")),
            "formatsupported": "true", "mountsupported": "true",
            "filesystems": ",".join(FILESYSTEMS),
        })
    return _document(root)


def _chosen_slots(cam, diskid):
    if diskid == "all":
        return slots(cam)
    if not diskid:
        raise DiskError(10, "diskid is required")
    return [find_slot(cam, diskid)]


def _tf(value):
    return "true" if value else "false"


def _yn(value):
    return "yes" if value else "no"


def list_disks(req):
    """Attribute set as in a list.cgi recording of a real camera [3P], plus
    `diskencryptionenabled`, the name the reference gives. The recording calls it
    `encryptionenabled`; both are sent so a client can be written against either, and a
    driver should accept both."""
    cam = req.camera
    finish_due_jobs(cam)
    try:
        chosen = _chosen_slots(cam, _args(req).get("diskid", ""))
    except DiskError as exc:
        return error_reply(exc)
    root = _root()
    root.set("xsi:noNamespaceSchemaLocation", LIST_SCHEMA)
    disks = ET.SubElement(root, "disks", {"numberofdisks": str(len(chosen))})
    for _i, slot in chosen:
        total = int(slot.get("capacity_mb", 0)) * 1024
        free = max(0, total - int(slot.get("recordings", 0)) * RECORDING_KB)
        ET.SubElement(disks, "disk", {
            "diskid": slot["id"], "name": "", "totalsize": str(total),
            "freesize": str(free), "cleanuplevel": "99", "cleanupmaxage": "7",
            "cleanuppolicy": "fifo", "locked": _yn(slot.get("locked")), "full": "no",
            "readonly": "no", "status": status(slot),
            "filesystem": slot.get("filesystem") or "none", "group": "S0",
            "requiredfilesystem": "none",
            "encryptionenabled": _tf(slot.get("encryption_enabled")),
            "diskencryptionenabled": _tf(slot.get("encryption_enabled")),
            "diskencrypted": _tf(slot.get("encrypted")),
        })
        if cam.profile.get("vapix_disk_list") == "9.80":
            # The 9.80.2.2 recording's attribute set: only `encryptionenabled`, and a
            # cleanup age of 7000 days [SEEN: vendors/axis/profiles.md S2].
            disk = disks[-1]
            del disk.attrib["diskencryptionenabled"]
            disk.set("cleanupmaxage", "7000")
    return _document(root)


def mount(req):
    """Mount and unmount answer as jobs too, already finished. [INF]"""
    cam = req.camera
    args = _args(req)
    try:
        diskid = args.get("diskid", "")
        index, slot = find_slot(cam, diskid)
        action = args.get("action", "")
        if action not in ("mount", "unmount"):
            raise DiskError(11, "action must be mount or unmount")
        if _running_job(cam, diskid):
            raise DiskError(30, "Disk is busy")
        if action == "mount" and bool(slot.get("encrypted")) != bool(
                slot.get("encryption_enabled")):
            raise DiskError(31, "Cannot mount: %s" % status(slot))
    except DiskError as exc:
        return error_reply(exc)
    job = start_job(cam, diskid, action, 0,
                    lambda: write_slot(cam, index, mounted=action == "mount"))
    return job_reply(job)


def format_disk(req):
    cam = req.camera
    args = _args(req)
    try:
        diskid = args.get("diskid", "")
        index, slot = find_slot(cam, diskid)
        filesystem = args.get("filesystem", "")
        if filesystem not in FILESYSTEMS:
            raise DiskError(12, "filesystem must be one of %s" % ", ".join(FILESYSTEMS))
        if slot.get("mounted"):
            raise DiskError(32, "Disk is mounted; unmount it first")
        if _running_job(cam, diskid):
            raise DiskError(30, "Disk is busy")
        if slot.get("encryption_enabled") and filesystem != "ext4":
            raise DiskError(33, "Encryption needs ext4")
    except DiskError as exc:
        return error_reply(exc)

    def erase():
        now = cam.get("storage.slots.%d" % index) or {}
        write_slot(cam, index, recordings=0, filesystem=filesystem,
                   encrypted=bool(now.get("encryption_enabled")))
    failure = FORMAT_FAILURE if cam.take_fault("disk_format_fails") else None
    return job_reply(start_job(cam, diskid, "format", FORMAT_SECONDS, erase, failure))


def job_status(req):
    cam = req.camera
    finish_due_jobs(cam)
    job = cam.jobs.get(_args(req).get("jobid", ""))
    if job is None:
        return error_reply(DiskError(40, "No such job"))
    return job_reply(job)


def _properties_call(req):
    """Checks shared by the disk properties CGIs: schema version, disk, unmounted."""
    args = _args(req)
    if args.get("schemaversion", "").split(".")[0] != "1":
        raise DiskError(2100, "Unsupported schema version")
    index, slot = find_slot(req.camera, args.get("diskid", ""))
    if not slot.get("encryption_supported"):
        raise DiskError(2101, "Disk encryption is not supported")
    if slot.get("mounted"):
        raise DiskError(2102, "Disk is mounted; unmount it first")
    if _running_job(req.camera, slot["id"]):
        raise DiskError(2103, "Disk is busy")
    return args, index


def enable_encryption(req):
    try:
        args, index = _properties_call(req)
        passphrase = args.get("passphrase", "")
        if not passphrase:
            raise DiskError(2104, "A passphrase is required")
    except DiskError as exc:
        return properties_reply(exc)
    write_slot(req.camera, index, encryption_enabled=True, passphrase=passphrase)
    return properties_reply()


def disable_encryption(req):
    try:
        _, index = _properties_call(req)
    except DiskError as exc:
        return properties_reply(exc)
    write_slot(req.camera, index, encryption_enabled=False, passphrase=None)
    return properties_reply()
