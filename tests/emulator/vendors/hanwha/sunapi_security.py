"""security.cgi (ssl, tlsversion, rsa, guest, users) and the unauthenticated
/init-cgi/pw_init.cgi, over the vendor-neutral state (sources: profiles.md).

- ssl Policy is the pair network.http.enabled / network.https.enabled (HTTPS through the
  built-in certificate: "Proprietary");
- tlsversion is network.https.tls_versions (what tls.py really offers);
- guest Enable is access.anonymous_viewer;
- users are state["users"], with SUNAPI's Index kept in each record ("index"; admin 0).
  Levels [INF]: AdminAccess -> Administrator; PTZ/audio-out/alarm-out control ->
  Operator; none -> Viewer.
"""

from ... import accounts
from .sunapi_common import (SunapiError, admin_only, flag, public_pem, require, secret,
                            settings)

PW_INIT = "/init-cgi/pw_init.cgi"
POLICIES = {(True, False): "HTTP", (False, True): "HTTPSProprietary",
            (True, True): "HTTPandHTTPSProprietary"}
WEB = {"HTTP": (True, False), "HTTPSProprietary": (False, True), "HTTPSPublic": (False, True),
       "HTTPandHTTPSProprietary": (True, True), "HTTPandHTTPSPublic": (True, True)}
TLS = (("TLSv1_0", "TLSv1"), ("TLSv1_1", "TLSv1.1"), ("TLSv1_2", "TLSv1.2"),
       ("TLSv1_3", "TLSv1.3"))
ACCESS_FLAGS = ("VideoProfileAccess", "PTZAccess", "AudioInAccess", "AudioOutAccess",
                "AlarmOutputAccess", "AdminAccess", "PrivacyAreaAccess")
CONTROL = ("PTZAccess", "AudioOutAccess", "AlarmOutputAccess")
OPERATOR = CONTROL + ("AudioInAccess",)


# -- pw_init.cgi (no login) --------------------------------------------------------------
def pw_init(req):
    from ...httpserver import Response
    cam = req.camera
    if not settings(cam)["pw_init"]:
        return Response(404, "404 Not Found", "text/plain")  # before SUNAPI 2.5.5 [SEEN]
    if req.query.get("msubmenu") != "statuscheck" or req.query.get("action") != "view":
        raise SunapiError(600)
    initialized = bool(cam.faults.get("hanwha_initialized", True))
    doc = {"Initialized": initialized, "Language": "English", "MaxChannel": 1,
           "SpecialType": "none", "NewPasswordPolicy": True, "MaxPasswordLength": 64,
           "Manufacturer": "Hanwha Vision"}
    if not initialized:
        doc["SupportedPublicKeyFormats"] = ["PKCS1", "X509"]
        doc["PublicKey"] = public_pem(req.query.get("PublicKeyFormat") == "X509")
    return doc


# -- ssl, tlsversion, rsa, guest -----------------------------------------------------------
def ssl_view(req):
    cam = req.camera
    web = (bool(cam.get("network.http.enabled")), bool(cam.get("network.https.enabled")))
    return {"Policy": POLICIES.get(web, "HTTPandHTTPSProprietary"),
            "PublicCertificateInstalled": False, "SelfSignedCertificateInstalled": True,
            "CertificateInUse": "HTW_default"}


def ssl_set(req):
    admin_only(req)
    policy, = require(req, "Policy")
    if policy not in WEB:
        raise SunapiError(604)
    if policy.endswith("Public"):
        raise SunapiError(604, "No public certificate installed")  # HTTPSPublic needs one
    http, https = WEB[policy]
    req.camera.set("network.http.enabled", http)
    req.camera.set("network.https.enabled", https)


def tls_view(req):
    offered = req.camera.get("network.https.tls_versions") or []
    return {"Versions": [{"Version": theirs, "Enable": ours in offered,
                          "SupportedCipherModes": ["Compatible", "Secure"]
                          if theirs in ("TLSv1_2", "TLSv1_3") else ["Compatible"]}
                         for theirs, ours in TLS],
            "CipherMode": "Secure"}


def tls_set(req):
    admin_only(req)
    offered = list(req.camera.get("network.https.tls_versions") or [])
    wanted = list(offered)
    seen = False
    for theirs, ours in TLS:
        on = flag(req, "Version.%s.Enable" % theirs)
        if on is None:
            continue
        seen = True
        if on and ours not in wanted:
            wanted.append(ours)
        elif not on and ours in wanted:
            wanted.remove(ours)
    if not seen:
        raise SunapiError(603)
    if not wanted:
        raise SunapiError(604, "At least one TLS version must stay enabled")
    req.camera.set("network.https.tls_versions", [ours for _t, ours in TLS if ours in wanted])


def rsa_view(req):
    admin_only(req)
    return {"PublicKey": public_pem(req.query.get("PublicKeyFormat") == "X509")}


def guest_view(req):
    return {"Enable": bool(req.camera.get("access.anonymous_viewer"))}


def guest_set(req):
    admin_only(req)
    req.camera.set("access.anonymous_viewer", flag(req, "Enable", required=True))


# -- users ---------------------------------------------------------------------------------
def _indexed(cam):
    """The accounts with SUNAPI indexes (admin 0; others the lowest free from 1)."""
    users = accounts.users(cam)
    taken = set(u["index"] for u in users if isinstance(u.get("index"), int))
    for user in users:
        if not isinstance(user.get("index"), int):
            if user["username"] == "admin" and 0 not in taken:
                user["index"] = 0
            else:
                user["index"] = min(set(range(1, len(users) + 2)) - taken)
            taken.add(user["index"])
    return users


def _record(user, disclose):
    level = user.get("level")
    record = {"Index": user["index"], "UserID": user["username"],
              "Password": user["password"] if disclose else "", "Enable": True}
    for name in ACCESS_FLAGS:
        record[name] = level == "Administrator" or name == "VideoProfileAccess" or (
            level == "Operator" and name in OPERATOR)
    return record


def users_view(req):
    cam = req.camera
    users = sorted(_indexed(cam), key=lambda u: u["index"])
    if not accounts.is_admin(req):
        users = [u for u in users if req.user and u["username"] == req.user["username"]]
    wanted = req.query.get("UserID")
    if wanted:
        users = [u for u in users if u["username"] == wanted]
    return {"Users": [_record(u, accounts.discloses_passwords(cam)) for u in users
                      if u.get("level") != "Anonymous"]}


def users_text(doc):
    """The text form of a users view [SEEN: security §7.4.1]: a quoted header naming the
    fields, then one `Users.<Index>=` line of `/`-separated values per account."""
    fields = ("UserID", "Password", "Enable") + ACCESS_FLAGS[:5] + ("AdminAccess",
                                                                   "PrivacyAreaAccess")
    fields = tuple(dict.fromkeys(fields))
    lines = ['"Users.Index=%s"' % "/".join(fields)]
    for user in doc["Users"]:
        values = [user[f] if not isinstance(user[f], bool) else ("True" if user[f] else "False")
                  for f in fields]
        lines.append("Users.%d=%s" % (user["Index"], "/".join(str(v) for v in values)))
    return "\n".join(lines) + "\n"


def _level(req, default="Viewer"):
    flags = dict((name, flag(req, name)) for name in ACCESS_FLAGS)
    if not any(v is not None for v in flags.values()):
        return default
    if flags["AdminAccess"]:
        return "Administrator"
    if any(flags[name] for name in CONTROL):
        return "Operator"
    return "Viewer"


def users_add(req):
    admin_only(req)
    cam = req.camera
    name, = require(req, "UserID")
    accounts.check_name(name, _rule())
    password = secret(req, "Password", "IsPasswordEncrypted")
    accounts.check_password(password)
    before = _indexed(cam)
    taken = set(u["index"] for u in before)
    index = min(set(range(1, len(before) + 2)) - taken)
    accounts.create(cam, [{"username": name, "password": password, "level": _level(req),
                           "index": index}], req.user, before=before)
    return {"Response": "Success", "Index": index}


def users_update(req):
    admin_only(req)
    cam = req.camera
    index, name = require(req, "Index", "UserID")
    password = secret(req, "Password", "IsPasswordEncrypted")
    if not password:
        raise SunapiError(603)  # Index, UserID and Password go together [SEEN]
    accounts.check_password(password)
    before = _indexed(cam)
    user = accounts.find(before, name)
    if user is None or str(user["index"]) != index:
        raise SunapiError(604)
    accounts.update(cam, [(name, {"password": password, "level": _level(req, user["level"])})],
                    req.user, before=before)


def users_remove(req):
    admin_only(req)
    cam = req.camera
    before = _indexed(cam)
    name = req.query.get("UserID")
    if not name and req.query.get("Index"):
        found = [u for u in before if str(u["index"]) == req.query["Index"]]
        name = found[0]["username"] if found else None
    if not name:
        raise SunapiError(603)
    accounts.delete(cam, [name], req.user, before=before)


def users_check(req):
    from ...state import MAX_USERS
    return {"CurrentUserCount": len(req.camera.get("users") or []), "MaxUserCount": MAX_USERS}


def _rule():
    from . import USERNAME_RULE
    return USERNAME_RULE


ROUTES = {
    ("security", "ssl"): {"view": ssl_view, "set": ssl_set},
    ("security", "tlsversion"): {"view": tls_view, "set": tls_set},
    ("security", "rsa"): {"view": rsa_view},
    ("security", "guest"): {"view": guest_view, "set": guest_set},
    ("security", "users"): {"view": users_view, "add": users_add, "update": users_update,
                            "remove": users_remove, "check": users_check},
}
