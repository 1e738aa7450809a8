"""What every Axis VAPIX CGI of the emulator shares: the realm, the authentication
policy, reading the request's parameters, and the reply types."""

import json
import urllib.parse

from ... import auth
from ...httpserver import Response

# Axis CGIs answer plain text in Latin-1 (the param.cgi recording in the reference).
TEXT = "text/plain; charset=iso-8859-1"
XML = "text/xml; charset=utf-8"
JSON = "application/json"


def basic_allowed(req):
    """Digest always works. Basic only where the camera's policy allows it: on plain HTTP
    when `root.Network.HTTP.AuthenticationPolicy` is `basic` (or `basic_digest`), and,
    like AXIS OS, over HTTPS whatever the policy, since the password is then not sent in
    clear. [INF: the HTTPS exception is how Axis documents its policy, not seen on a
    recording.]"""
    policy = str(req.camera.get("network.http_auth_policy", "digest"))
    return "basic" in policy or req.scheme == "https"


def authenticate(req):
    """None when the request may go on, else the 401/403 to send."""
    return auth.authenticate(req, req.camera.realm(), allow_basic=basic_allowed(req))


def params(req):
    """The CGI's arguments, in order: the query string, and for a POST also a form body
    (Axis CGIs take either)."""
    items = list(req.query_items)
    if req.method == "POST" and req.body and "json" not in req.header("content-type"):
        text = req.body.decode("utf-8", "replace")
        items.extend(urllib.parse.parse_qsl(text, keep_blank_values=True))
    return items


def text(body, status=200):
    return Response(status, body, TEXT)


def xml(body, status=200):
    return Response(status, body, XML)


def json_reply(obj, status=200):
    return Response(status, json.dumps(obj), JSON)


def no_content():
    return Response(204, b"", TEXT)


def method_not_allowed():
    return Response(405, "Method Not Allowed", TEXT, headers={"Allow": "GET, POST"})
