"""Hanwha SUNAPI: which module serves which /stw-cgi/<cgi>.cgi submenu and action, Digest
authentication, and the reply formats (sources: profiles.md).

A reply is JSON when the request says `Accept: application/json`, `key=value` text
otherwise. Every answer of the API is HTTP 200, a failure included (`NG` / `Error Code`,
or `{"Response": "Fail", "Error": {...}}`); a refused login is the Digest 401, and a locked
account HTTP 490 AccountBlocked. /init-cgi/pw_init.cgi answers without a login.
"""

import json

from ... import accounts, auth
from ...httpserver import Response
from . import sunapi_config, sunapi_security
from .sunapi_common import SunapiError, wants_json

BLOCKED_BODY = ("490 - Account Blocked\nYou have exceeded the maximum number of login "
                "attempts, Please try after some time.")

# (cgi, submenu) -> {action: handler(req) -> document (dict/list) or None for "OK"}
ROUTES = {}
ROUTES.update(sunapi_config.ROUTES)
ROUTES.update(sunapi_security.ROUTES)


def handle(req):
    if req.path == sunapi_security.PW_INIT:
        return render(req, _call(req, sunapi_security.pw_init))
    if not (req.path.startswith("/stw-cgi/") and req.path.endswith(".cgi")):
        return None
    cam = req.camera
    if cam.is_locked():
        return blocked()
    if not accounts.serves_without_login(req, "api_no_auth"):
        denied = auth.authenticate(req, cam.realm(), allow_basic=False)
        if denied is not None:
            return blocked() if cam.is_locked() else denied
    cgi = req.path[len("/stw-cgi/"):-len(".cgi")]
    submenu, action = req.query.get("msubmenu", ""), req.query.get("action", "")
    actions = ROUTES.get((cgi, submenu))
    if actions is None or cam.lacks("%s.cgi:%s" % (cgi, submenu)):
        return render(req, SunapiError(600))
    if action not in actions:
        return render(req, SunapiError(601))
    return render(req, _call(req, actions[action]))


def _call(req, handler):
    try:
        return handler(req)
    except SunapiError as exc:
        return exc
    except accounts.AccountError as exc:
        code = {"exists": 606, "duplicate": 606, "too_many": 605,
                "no_password": 603}.get(exc.kind, 604)
        return SunapiError(code)


def blocked():
    return Response(490, BLOCKED_BODY, "text/plain")


def render(req, doc):
    """The reply of a handler's document (None: a write's success)."""
    if isinstance(doc, Response):
        return doc
    if isinstance(doc, SunapiError):
        if wants_json(req):
            return _json({"Response": "Fail", "Error": {"Code": doc.code, "Details": doc.details}})
        return Response(200, "NG\nError Code: %d\nError Details:\n%s\n" % (doc.code, doc.details),
                        "text/plain")
    if doc is None or (isinstance(doc, dict) and doc.get("Response") == "Success"):
        extra = dict(doc or {})
        extra.pop("Response", None)
        if wants_json(req):
            return _json({"Response": "Success"})
        return Response(200, "OK\n" + "".join("%s=%s\n" % kv for kv in sorted(extra.items())),
                        "text/plain")
    if wants_json(req):
        return _json(doc)
    if isinstance(doc, dict) and list(doc) == ["Users"]:
        return Response(200, sunapi_security.users_text(doc), "text/plain")
    return Response(200, "".join("%s=%s\n" % (k, _text(v)) for k, v in _flatten(doc)), "text/plain")


def _json(doc):
    return Response(200, json.dumps(doc), "application/json")


def _text(value):
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return str(value)


def _flatten(doc, prefix=""):
    """A JSON document as SUNAPI's text keys: lists of records as <Key>.<n>.<field>
    [INF: the generic form; the users list has its own, sunapi_security.users_text]."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            name = prefix + key
            if isinstance(value, list) and value and isinstance(value[0], dict):
                for i, item in enumerate(value):
                    yield from _flatten(item, "%s.%d." % (name, i))
            elif isinstance(value, dict):
                yield from _flatten(value, name + ".")
            else:
                yield name, value
    elif isinstance(doc, list):
        for i, item in enumerate(doc):
            yield from _flatten(item, "%s%d." % (prefix, i))
