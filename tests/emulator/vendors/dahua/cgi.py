"""Dahua HTTP CGI: /cgi-bin/<name>.cgi?action=..., Digest (and Basic where the profile
allows it), replies in `key=value` lines. Sources of each format: profiles.md.

- magicBox.cgi: getDeviceType (type=), getSoftwareVersion (version=), getSerialNo (sn=),
  getVendor (vendor=), getHardwareVersion (version=), getMachineName (name=);
- configManager.cgi: getConfig&name=<T> (tables.py), setConfig&<T>.<key>=<v>&... (OK);
- userManager.cgi: getUserInfoAll, addUser, modifyUser, deleteUser;
- storageDevice.cgi: getDeviceAllInfo, setDevice&type=FormatPatition.
A table or action this firmware lacks (the profile's `missing`: "config:<T>" or
"<cgi>:<action>") and anything unknown answers HTTP 400 `Error\\r\\nBad Request!`
[INF]; a write the device declines answers HTTP 200 `Error` [3P]; a user without the
right answers 403 `Authority:check failure.` [3P].
"""

import re

from ... import accounts, auth
from ...httpserver import Response

from . import tables

# User names the CGI takes [INF: the web interface's letters, digits and a few marks].
USERNAME_RULE = (re.compile(r"[A-Za-z0-9_.@-]+\Z"), 31)
BAD_REQUEST = "Error\r\nBad Request!\r\n"
# group <-> level: admin and user are Dahua's groups [SEEN]; operator a site's group [INF].
GROUPS = {"admin": "Administrator", "operator": "Operator", "user": "Viewer"}
LEVEL_GROUPS = dict((level, group) for group, level in GROUPS.items())


def text(body, status=200):
    return Response(status, body, "text/plain;charset=utf-8")


def ok():
    return text("OK\r\n")


def declined(why=""):
    return text("Error\r\n%s" % ("%s\r\n" % why if why else ""))


def bad_request():
    return text(BAD_REQUEST, 400)


def no_right():
    return text("Authority:check failure.\r\n", 403)


def lines(pairs):
    return text("".join("%s=%s\r\n" % kv for kv in pairs))


# -- magicBox --------------------------------------------------------------------------------
def magic_box(req, action):
    cam = req.camera
    ident = cam.get("identity") or {}
    answers = {"getDeviceType": ("type", ident.get("model")),
               "getSoftwareVersion": ("version", ident.get("firmware")),
               "getSerialNo": ("sn", ident.get("serial")),
               "getVendor": ("vendor", ident.get("manufacturer")),
               "getHardwareVersion": ("version", ident.get("hardware_id")),
               "getMachineName": ("name", ident.get("model"))}
    if action not in answers:
        return bad_request()
    return lines([answers[action]])


# -- configManager ---------------------------------------------------------------------------
def config_manager(req, action):
    cam = req.camera
    if action == "getConfig":
        name = req.query.get("name", "")
        if not tables.has(cam, name):
            return bad_request()
        return text(tables.render(cam, name))
    if action != "setConfig":
        return bad_request()
    if not accounts.is_admin(req):
        return no_right()
    by_table = {}
    for full, value in req.query_items:
        if full == "action":
            continue
        name, key = tables.split_key(full)
        if name is None or not tables.has(cam, name):
            return bad_request()
        by_table.setdefault(name, {})[key] = value
    if not by_table:
        return bad_request()
    changes = {}
    try:
        for name, values in by_table.items():
            changes.update(tables.write(cam, name, values))
    except tables.Declined as exc:
        return declined(str(exc))
    for path, value in sorted(changes.items()):
        cam.set(path, value)
    return ok()


# -- userManager -----------------------------------------------------------------------------
def user_manager(req, action):
    cam = req.camera
    if action == "getUserInfoAll":
        rows, index = [], 0
        for i, user in enumerate(cam.get("users") or []):
            if user.get("level") not in LEVEL_GROUPS:
                continue  # ONVIF's Anonymous level: no Dahua account
            shown = user["password"] if accounts.discloses_passwords(cam) else "******"
            rows += [("users[%d].Group" % index, LEVEL_GROUPS[user["level"]]),
                     ("users[%d].Id" % index, str(i + 1)),
                     ("users[%d].Name" % index, user["username"]),
                     ("users[%d].Password" % index, shown),
                     ("users[%d].Reserved" % index, "true" if i == 0 else "false"),
                     ("users[%d].Sharable" % index, "true")]
            index += 1
        return lines(rows)
    if action not in ("addUser", "modifyUser", "deleteUser"):
        return bad_request()
    if not accounts.is_admin(req):
        return no_right()
    q = req.query
    try:
        if action == "addUser":
            name, group = q.get("user.Name", ""), q.get("user.Group", "")
            accounts.check_name(name, USERNAME_RULE)
            accounts.check_password(q.get("user.Password"))
            if group not in GROUPS:
                return declined("no group %s" % group)
            accounts.create(cam, [{"username": name, "password": q["user.Password"],
                                   "level": GROUPS[group]}], req.user)
        elif action == "modifyUser":
            group = q.get("user.Group", "")
            if group not in GROUPS:
                return declined("no group %s" % group)
            accounts.update(cam, [(q.get("name", ""), {"level": GROUPS[group]})], req.user)
        else:
            accounts.delete(cam, [q.get("name", "")], req.user)
    except accounts.AccountError as exc:
        return declined(str(exc))
    return ok()


# -- storageDevice ---------------------------------------------------------------------------
def storage_rows(cam):
    rows, index = [], 0
    capable = not cam.lacks("rpc2:SDEncrypt.encrypt")
    for slot in (cam.get("storage.slots") or []):
        if not slot.get("present"):
            continue
        total = int(slot.get("capacity_mb") or 0) * 1024 * 1024
        used = min(total, int(slot.get("recordings") or 0) * 64 * 1024 * 1024)
        p = "list.info[%d]." % index
        rows += [(p + "Name", slot["id"]), (p + "State", "Success"),
                 (p + "Detail[0].Path", slot["id"] + "p1"), (p + "Detail[0].Type", "ReadWrite"),
                 (p + "Detail[0].TotalBytes", "%d.000000" % total),
                 (p + "Detail[0].UsedBytes", "%d.000000" % used),
                 (p + "Detail[0].IsError", "false")]
        if capable:
            rows.append((p + "Encrypt", "true" if slot.get("encrypted") else "false"))
        index += 1
    return rows


def storage_device(req, action):
    cam = req.camera
    if action == "getDeviceAllInfo":
        return lines(storage_rows(cam)) if storage_rows(cam) else text("list.info=0\r\n")
    if action != "setDevice" or req.query.get("type") != "FormatPatition":
        return bad_request()
    if not accounts.is_admin(req):
        return no_right()
    slots = cam.get("storage.slots") or []
    for i, slot in enumerate(slots):
        if slot.get("present") and req.query.get("path") in (slot["id"], slot["id"] + "p1"):
            cam.set("storage.slots.%d.recordings" % i, 0)
            cam.set("storage.slots.%d.mounted" % i, True)
            return ok()
    return declined("no such partition")


CGIS = {"magicBox": magic_box, "configManager": config_manager,
        "userManager": user_manager, "storageDevice": storage_device}


def handle(req):
    if not req.path.startswith("/cgi-bin/"):
        return None
    name = req.path[len("/cgi-bin/"):]
    cgi = name[:-4] if name.endswith(".cgi") else None
    if cgi not in CGIS:
        return text("Error\r\nNot Found\r\n", 404)
    cam = req.camera
    if not accounts.serves_without_login(req, "api_no_auth"):
        denied = auth.authenticate(req, cam.realm(), allow_basic=bool(
            cam.profile.get("dahua", {}).get("basic_auth")))
        if denied is not None:
            return denied
    action = req.query.get("action", "")
    if cam.lacks("%s:%s" % (cgi, action)):
        return bad_request()
    return CGIS[cgi](req, action)

