"""The emulator's RTSP listener (tests/emulator/rtsp.py), driven by a plain socket client
and by a third-party RTSP client (aiortsp, from PyPI): OPTIONS without a login,
DESCRIBE of each vendor's stream path open to anonymous viewers and refused with a
Digest challenge otherwise, a Digest login accepted, a wrong one counted as a failed
login (a request without credentials is not), the port closed when RTSP is switched
off, and the bounds (request size, requests per connection)."""

import asyncio
import base64
import hashlib
import re
import socket

import pytest
from aiortsp.rtsp.connection import RTSPConnection
from aiortsp.rtsp.errors import RTSPResponseError

from tests.emulator import rtsp as emulator_rtsp
from tests.conftest import camera_of
from tests.polling import wait_until

AXIS, HIK, ONVIF = camera_of("axis"), camera_of("hikvision"), camera_of("onvif")
PATHS = {AXIS: "/axis-media/media.amp", HIK: "/Streaming/Channels/101",
         ONVIF: "/onvif/media/profile1"}
PORT = 554
TIMEOUT = 5


def address(emu, cam):
    return emu.cameras[cam]["address"]


def url(emu, cam, path=None):
    return "rtsp://%s:%d%s" % (address(emu, cam), PORT, path or PATHS[cam])


def read_reply(sock):
    """One RTSP reply off the socket: (status, {lower-case header: [values]}, body),
    or None when the server closed the connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status, _reason = lines[0].split(" ", 2)
    assert version == "RTSP/1.0"
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = int(headers.get("content-length", ["0"])[0])
    while len(rest) < length:
        chunk = sock.recv(4096)
        assert chunk, "the body was cut short"
        rest += chunk
    return int(status), headers, rest[:length]


def exchange(emu, cam, lines, connection=None):
    """Send one request (its lines, without the blank line) and read the reply."""
    sock = connection or socket.create_connection((address(emu, cam), PORT), timeout=TIMEOUT)
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        return read_reply(sock)
    finally:
        if connection is None:
            sock.close()


def describe(emu, cam, cseq=2, path=None, extra=()):
    return exchange(emu, cam, ["DESCRIBE %s RTSP/1.0" % url(emu, cam, path), "CSeq: %d" % cseq,
                               "Accept: application/sdp"] + list(extra))


def digest_header(challenge, username, password, method, uri):
    """An RFC 2617 Digest response with qop=auth, computed by hand."""
    params = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
    ha1 = hashlib.md5(("%s:%s:%s" % (username, params["realm"], password)).encode()).hexdigest()
    ha2 = hashlib.md5(("%s:%s" % (method, uri)).encode()).hexdigest()
    cnonce, nc = "0a4f113b", "00000001"
    response = hashlib.md5(("%s:%s:%s:%s:auth:%s" % (ha1, params["nonce"], nc, cnonce, ha2))
                           .encode()).hexdigest()
    return ('Digest username="%s", realm="%s", nonce="%s", uri="%s", qop=auth, nc=%s, '
            'cnonce="%s", response="%s", opaque="%s", algorithm=MD5' % (
                username, params["realm"], params["nonce"], uri, nc, cnonce, response,
                params.get("opaque", "")))


def failed_logins(emu, cam):
    return emu.control.counters(cam)["failed_logins"]


def port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


# -- the plain socket client -----------------------------------------------------------------

@pytest.mark.parametrize("cam", [AXIS, HIK, ONVIF])
def test_options_needs_no_login_and_lists_the_methods(fresh_fleet, cam):
    fresh_fleet.control.preset(cam, "secure")
    request = ["OPTIONS %s RTSP/1.0" % url(fresh_fleet, cam), "CSeq: 1"]
    status, headers, body = exchange(fresh_fleet, cam, request)
    assert status == 200 and body == b""
    assert headers["cseq"] == ["1"]
    assert headers["public"] == ["OPTIONS, DESCRIBE"]
    assert fresh_fleet.control.counters(cam)["rtsp"] == {"OPTIONS": 1}


@pytest.mark.parametrize("cam", [AXIS, HIK])
def test_anonymous_viewer_gets_the_stream_description(fresh_fleet, cam):
    """The insecure preset lets anonymous viewers in on Axis and Hikvision."""
    status, headers, body = describe(fresh_fleet, cam, cseq=7)
    assert status == 200
    assert headers["cseq"] == ["7"] and headers["content-type"] == ["application/sdp"]
    sdp = body.decode("ascii")
    assert sdp.startswith("v=0\r\n") and "m=video 0 RTP/AVP 96" in sdp
    assert "a=rtpmap:96 H264/90000" in sdp
    assert failed_logins(fresh_fleet, cam) == 0


@pytest.mark.parametrize("cam", [AXIS, HIK, ONVIF])
def test_without_anonymous_access_describe_asks_for_a_digest_login(fresh_fleet, cam):
    fresh_fleet.control.preset(cam, "secure")
    status, headers, body = describe(fresh_fleet, cam)
    assert status == 401
    (challenge,) = headers["www-authenticate"]
    assert challenge.startswith('Digest realm="') and 'qop="auth"' in challenge
    assert "content-type" not in headers
    assert failed_logins(fresh_fleet, cam) == 0  # no credentials: no failed login


def test_onvif_anonymous_user_opens_the_stream(fresh_fleet):
    """ONVIF's anonymous access is a user of level Anonymous (none from the factory)."""
    assert describe(fresh_fleet, ONVIF)[0] == 401
    admin = fresh_fleet.control.state(ONVIF)["users"][0]
    fresh_fleet.control.drift(ONVIF, {"users": [admin, {"username": "guest", "password": "",
                                                        "level": "Anonymous"}]})
    status, headers, _ = describe(fresh_fleet, ONVIF)
    assert status == 200 and headers["content-type"] == ["application/sdp"]


@pytest.mark.parametrize("cam", [AXIS, HIK, ONVIF])
def test_a_digest_login_opens_the_stream_and_a_wrong_one_is_a_failed_login(fresh_fleet, cam):
    fresh_fleet.control.preset(cam, "secure")
    username = fresh_fleet.control.state(cam)["users"][0]["username"]
    target = url(fresh_fleet, cam)
    with socket.create_connection((address(fresh_fleet, cam), PORT), timeout=TIMEOUT) as conn:
        request = ["DESCRIBE %s RTSP/1.0" % target, "CSeq: 1"]
        status, headers, _ = exchange(fresh_fleet, cam, request, conn)
        assert status == 401
        challenge = headers["www-authenticate"][0]
        good = digest_header(challenge, username, fresh_fleet.password(), "DESCRIBE", target)
        status, headers, body = exchange(fresh_fleet, cam, ["DESCRIBE %s RTSP/1.0" % target,
                                                            "CSeq: 2", "Authorization: " + good], conn)
        assert status == 200 and b"m=video" in body
        assert failed_logins(fresh_fleet, cam) == 0
        bad = digest_header(challenge, username, "not-the-password", "DESCRIBE", target)
        status, headers, _ = exchange(fresh_fleet, cam, ["DESCRIBE %s RTSP/1.0" % target,
                                                         "CSeq: 3", "Authorization: " + bad], conn)
        assert status == 401 and headers["www-authenticate"][0].startswith("Digest ")
    assert failed_logins(fresh_fleet, cam) == 1


def test_basic_is_never_accepted_over_rtsp(fresh_fleet):
    fresh_fleet.control.preset(AXIS, "secure")
    token = base64.b64encode(("root:%s" % fresh_fleet.password()).encode()).decode()
    status, headers, _ = describe(fresh_fleet, AXIS, extra=["Authorization: Basic " + token])
    assert status == 401 and headers["www-authenticate"][0].startswith("Digest ")


def test_lockout_refuses_with_403(fresh_fleet):
    fresh_fleet.control.preset(AXIS, "secure")
    fresh_fleet.control.faults(AXIS, lockout_after=1)
    try:
        target = url(fresh_fleet, AXIS)
        challenge = describe(fresh_fleet, AXIS)[1]["www-authenticate"][0]
        bad = digest_header(challenge, "root", "wrong", "DESCRIBE", target)
        assert describe(fresh_fleet, AXIS, extra=["Authorization: " + bad])[0] == 403
        assert describe(fresh_fleet, AXIS)[0] == 403  # locked: refused even without credentials
    finally:
        fresh_fleet.control.clear_faults(AXIS)


def test_other_paths_and_methods(fresh_fleet):
    assert describe(fresh_fleet, AXIS, path=PATHS[HIK])[0] == 404
    assert describe(fresh_fleet, HIK, path=PATHS[AXIS])[0] == 404
    setup = ["SETUP %s/trackID=1 RTSP/1.0" % url(fresh_fleet, AXIS), "CSeq: 3",
             "Transport: RTP/AVP/TCP;interleaved=0-1"]
    status, headers, _ = exchange(fresh_fleet, AXIS, setup)
    assert status == 501 and headers["public"] == ["OPTIONS, DESCRIBE"]
    assert exchange(fresh_fleet, AXIS, ["OPTIONS * RTSP/2.0", "CSeq: 4"])[0] == 505
    assert exchange(fresh_fleet, AXIS, ["OPTIONS *", "CSeq: 5"])[0] == 400


def test_rtsp_off_closes_the_port_and_on_opens_it(fresh_fleet):
    host = address(fresh_fleet, HIK)
    assert port_open(host, PORT)
    fresh_fleet.control.drift(HIK, {"network.rtsp.enabled": False})
    assert wait_until(lambda: not port_open(host, PORT))
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((host, PORT), timeout=1).close()
    fresh_fleet.control.drift(HIK, {"network.rtsp.enabled": True})
    assert wait_until(lambda: port_open(host, PORT))
    assert describe(fresh_fleet, HIK)[0] == 200


def test_a_request_head_over_the_limit_is_not_answered(fresh_fleet):
    filler = "X-Filler: " + "a" * emulator_rtsp.MAX_REQUEST_BYTES
    with socket.create_connection((address(fresh_fleet, AXIS), PORT), timeout=TIMEOUT) as conn:
        conn.sendall(("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n%s\r\n\r\n" % filler).encode())
        try:
            assert conn.recv(4096) == b""  # closed without a reply
        except ConnectionResetError:
            pass  # closed with our bytes unread: the kernel resets instead
    assert fresh_fleet.control.counters(AXIS).get("rtsp", {}) == {}


def test_a_connection_serves_a_bounded_number_of_requests(fresh_fleet):
    with socket.create_connection((address(fresh_fleet, AXIS), PORT), timeout=TIMEOUT) as conn:
        for cseq in range(1, emulator_rtsp.MAX_REQUESTS + 1):
            reply = exchange(fresh_fleet, AXIS, ["OPTIONS * RTSP/1.0", "CSeq: %d" % cseq], conn)
            assert reply[0] == 200 and reply[1]["cseq"] == [str(cseq)]
        try:
            conn.sendall(b"OPTIONS * RTSP/1.0\r\nCSeq: 99\r\n\r\n")
            assert read_reply(conn) is None  # the server closed after MAX_REQUESTS
        except (ConnectionResetError, BrokenPipeError):
            pass  # closed with our request unread: the kernel resets instead
    assert fresh_fleet.control.counters(AXIS)["rtsp"] == {"OPTIONS": emulator_rtsp.MAX_REQUESTS}


# -- a third-party client: aiortsp ---------------------------------------------------------

async def aiortsp_describe(host, target, username=None, password=None):
    async with RTSPConnection(host, PORT, username=username, password=password,
                              timeout=TIMEOUT) as conn:
        options = await conn.send_request("OPTIONS", target)
        reply = await conn.send_request("DESCRIBE", target, headers={"Accept": "application/sdp"})
        return options, reply


@pytest.mark.parametrize("cam", [AXIS, HIK, ONVIF])
def test_aiortsp_logs_in_with_digest(fresh_fleet, cam):
    fresh_fleet.control.preset(cam, "secure")
    username = fresh_fleet.control.state(cam)["users"][0]["username"]
    options, reply = asyncio.run(aiortsp_describe(address(fresh_fleet, cam), url(fresh_fleet, cam),
                                                  username, fresh_fleet.password()))
    assert options.status == 200 and "DESCRIBE" in options.headers["public"]
    assert reply.status == 200 and reply.content_type == "application/sdp"
    assert "a=rtpmap:96 H264/90000" in reply.content
    assert failed_logins(fresh_fleet, cam) == 0
    assert fresh_fleet.control.counters(cam)["rtsp"] == {"OPTIONS": 1, "DESCRIBE": 2}  # 401, then 200


def test_aiortsp_without_credentials_is_refused_and_counts_no_failed_login(fresh_fleet):
    fresh_fleet.control.preset(HIK, "secure")
    with pytest.raises(RTSPResponseError) as refused:
        asyncio.run(aiortsp_describe(address(fresh_fleet, HIK), url(fresh_fleet, HIK)))
    assert refused.value.response.status == 401
    assert failed_logins(fresh_fleet, HIK) == 0


def test_aiortsp_with_a_wrong_password_is_a_failed_login(fresh_fleet):
    fresh_fleet.control.preset(HIK, "secure")
    with pytest.raises(RTSPResponseError) as refused:
        asyncio.run(aiortsp_describe(address(fresh_fleet, HIK), url(fresh_fleet, HIK),
                                     "admin", "not-the-password"))
    assert refused.value.response.status == 401
    assert failed_logins(fresh_fleet, HIK) == 1


def test_aiortsp_reads_the_anonymous_stream_description(fresh_fleet):
    options, reply = asyncio.run(aiortsp_describe(address(fresh_fleet, AXIS), url(fresh_fleet, AXIS)))
    assert reply.status == 200 and "m=video" in reply.content
