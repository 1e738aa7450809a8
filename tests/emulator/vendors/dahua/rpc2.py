"""Dahua JSON-RPC: POST /RPC2_Login (global.login, two steps) and POST /RPC2 (calls with
the session). Sources of each format and code: profiles.md.

Step one (empty password) answers result=false, error 268632079 with params realm,
random and encryption "Default", and a session id; step two checks
MD5(user:random:MD5(user:realm:password)) (hex upper-case). A wrong password answers
error 268632071 and counts as a failed login (camera.login_failed, the shared lockout);
a locked account answers HAS_BEEN_LOCKED 268632081 at either step; the fault
`dahua_blacklisted` answers IN_BLACK_LIST 268632073 (this client's address is on the
camera's block list). Methods: SDEncrypt.encrypt {name, password} (firmware without it,
profile missing "rpc2:SDEncrypt.encrypt": "Method not found!" 268894210),
global.logout, magicBox.getDeviceType.
"""

import hashlib
import json
import os

from ...httpserver import Response

LOGIN_CHALLENGE = 268632079
USER_NOT_EXIST = 268632070
PASSWORD_NOT_VALID = 268632071
IN_BLACK_LIST = 268632073
HAS_BEEN_LOCKED = 268632081
METHOD_NOT_FOUND = 268894210
INVALID_SESSION = 287637504
MESSAGES = {LOGIN_CHALLENGE: "Component error: login challenge!",
            USER_NOT_EXIST: "Component error: user not exist!",
            PASSWORD_NOT_VALID: "Component error: password not valid!",
            IN_BLACK_LIST: "Component error: ip in black list!",
            HAS_BEEN_LOCKED: "Component error: user has been locked!",
            METHOD_NOT_FOUND: "Method not found!",
            INVALID_SESSION: "Invalid session in request data!"}

# camera id -> {session: {"user", "random", "admitted"}}
SESSIONS = {}


def _md5_upper(text):
    return hashlib.md5(text.encode("utf-8")).hexdigest().upper()


def reply(request_id, result, params=None, error=None, session=None):
    body = {"id": request_id, "result": result, "params": params}
    if error is not None:
        body["error"] = {"code": error, "message": MESSAGES.get(error, "")}
    if session is not None:
        body["session"] = session
    return Response(200, json.dumps(body), "application/json")


def _sessions(cam):
    return SESSIONS.setdefault(cam.id, {})


def login(req, msg):
    cam = req.camera
    params = msg.get("params") or {}
    rid, user_name = msg.get("id"), str(params.get("userName") or "")
    if cam.faults.get("dahua_blacklisted"):
        return reply(rid, False, error=IN_BLACK_LIST)
    if cam.is_locked():
        return reply(rid, False, error=HAS_BEEN_LOCKED, params={"remainLockSecond": 300})
    sessions = _sessions(cam)
    session = msg.get("session")
    if not params.get("password") or session not in sessions:
        session = os.urandom(16).hex()
        sessions[session] = {"user": user_name, "random": os.urandom(8).hex(),
                             "admitted": False}
        return reply(rid, False, error=LOGIN_CHALLENGE, session=session, params={
            "realm": cam.realm(), "random": sessions[session]["random"],
            "encryption": "Default", "authorization": os.urandom(8).hex()})
    entry = sessions[session]
    user = cam.user(user_name)
    expected = None
    if user is not None:
        expected = _md5_upper("%s:%s:%s" % (user_name, entry["random"], _md5_upper(
            "%s:%s:%s" % (user_name, cam.realm(), user["password"]))))
    if expected is None or params.get("password") != expected:
        cam.login_failed()
        del sessions[session]
        if cam.is_locked():
            return reply(rid, False, error=HAS_BEEN_LOCKED, params={"remainLockSecond": 300})
        return reply(rid, False, error=USER_NOT_EXIST if user is None else PASSWORD_NOT_VALID)
    cam.login_ok()
    entry["admitted"] = True
    entry["user"] = user_name
    return reply(rid, True, session=session)


def call(req, msg):
    cam = req.camera
    rid, method = msg.get("id"), str(msg.get("method") or "")
    entry = _sessions(cam).get(msg.get("session"))
    if entry is None or not entry["admitted"]:
        return reply(rid, False, error=INVALID_SESSION)
    if method == "global.logout":
        del _sessions(cam)[msg["session"]]
        return reply(rid, True)
    if method == "magicBox.getDeviceType":
        return reply(rid, True, params={"type": cam.get("identity.model")})
    if method == "SDEncrypt.encrypt" and not cam.lacks("rpc2:SDEncrypt.encrypt"):
        return encrypt(cam, rid, msg.get("params") or {}, entry)
    return reply(rid, False, error=METHOD_NOT_FOUND)


def encrypt(cam, rid, params, entry):
    user = cam.user(entry["user"]) or {}
    if user.get("level") != "Administrator":
        return reply(rid, False, error=285278249, params=None)
    password = params.get("password")
    if not isinstance(password, str) or not 1 <= len(password) <= 64:
        return reply(rid, False, error=268959743)
    for i, slot in enumerate(cam.get("storage.slots") or []):
        if slot.get("present") and slot["id"] == params.get("name"):
            # Encrypting formats the card [INF]: recordings gone, mounted again, encrypted.
            slot = dict(slot, encryption_enabled=True, encrypted=True, passphrase=password,
                        recordings=0, filesystem="ext4", mounted=True)
            cam.set("storage.slots.%d" % i, slot)
            return reply(rid, True)
    return reply(rid, False, error=268959743)


def handle(req):
    if req.path not in ("/RPC2_Login", "/RPC2"):
        return None
    if req.method != "POST":
        return Response(405, "Method Not Allowed", headers={"Allow": "POST"})
    try:
        msg = json.loads(req.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return Response(400, "Error\r\nBad Request!\r\n")
    if not isinstance(msg, dict):
        return Response(400, "Error\r\nBad Request!\r\n")
    if req.path == "/RPC2_Login":
        if msg.get("method") != "global.login":
            return reply(msg.get("id"), False, error=METHOD_NOT_FOUND)
        return login(req, msg)
    return call(req, msg)
