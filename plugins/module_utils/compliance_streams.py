# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evaluator of 5.5.2 (privacy in transmission: encrypted streams where supported),
from the `streaming` area (areas/streaming.py): what the camera's API says about plain
RTSP, RTSPS and SRTP.

Expectations: `plain_rtsp: false` (no unencrypted RTSP while the camera can stream
encrypted) and `encrypted_stream: true` (an encrypted way, RTSPS or SRTP, is on). Either
can be set to true / false by a site (override with a justification) to leave it out.

- plain RTSP on while the camera can stream encrypted: fail (the stream, and a viewer's
  credentials with Basic, travel in clear text even where RTSPS is on beside it);
- the camera can stream encrypted but none of it is on: fail;
- plain RTSP on and no encrypted way on this firmware: manual (the standard asks for
  encryption where supported: a person decides, with an attestation);
- what the API cannot say (e.g. ONVIF without GetNetworkProtocols): manual, naming why;
- plain RTSP off and an encrypted way on: pass. Nothing streams in clear text with
  plain RTSP off, whatever else is true, so that part passes on its own.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.areas import streaming
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

EXPECT_KEYS = ("plain_rtsp", "encrypted_stream")
NAMES = {"rtsp": "plain RTSP", "rtsps": "RTSPS", "srtp": "SRTP"}


def streams_5_5_2(control, reader, ctx):
    expect = _checked_expectation(control)
    current = reader.get("streaming")
    unsupported = current.get("unsupported", {})
    possible = [k for k in streaming.ENCRYPTED if k in current]
    offered = [k for k in possible if current[k]]
    actual = {"plain_rtsp": current.get("rtsp"), "encrypted_on": offered,
              "encrypted_possible": possible}
    evidence = dict((k, v) for k, v in streaming.public(current).items())
    problems, unknown = [], []
    if expect["plain_rtsp"] is False:
        _plain_part(current, possible, unsupported, problems, unknown)
    if expect["encrypted_stream"] is True:
        if possible and not offered:
            problems.append("%s off: the camera serves no encrypted stream%s" % (
                " and ".join("%s is" % NAMES[k] for k in possible),
                _refusal(current)))
        elif not possible and current.get("rtsp") is not False:
            unknown.append("the camera cannot stream encrypted: %s" % "; ".join(
                "%s: %s" % (NAMES[k], unsupported.get(k, "not reported")) for k in streaming.ENCRYPTED))
    if problems:
        return "fail", actual, evidence, "; ".join(problems)
    if unknown:
        attestation = ctx["attestations"].get(control["id"])
        if attestation:
            evidence["attestation"] = attestation
        return "manual", actual, evidence, "; ".join(unknown) + (
            "; accepted on the attestation given" if attestation else
            "; give evidence in ipcam_attestations['%s']" % control["id"])
    return "pass", actual, evidence, None


def _plain_part(current, possible, unsupported, problems, unknown):
    rtsp = current.get("rtsp")
    if rtsp is None:
        unknown.append("whether plain RTSP is off cannot be read: %s"
                       % unsupported.get("rtsp", "not reported"))
    elif rtsp and possible:
        problems.append("plain RTSP is on%s: the stream travels unencrypted although the camera "
                        "can stream over %s" % (_port(current, "rtsp"),
                                                " and ".join(NAMES[k] for k in possible)))
    elif rtsp:
        unknown.append("plain RTSP is on%s: the stream travels unencrypted" % _port(current, "rtsp"))


def _port(current, key):
    return " (port %d)" % current[key + "_port"] if current.get(key + "_port") else ""


def _refusal(current):
    """The camera's own words where it refused the encrypted stream (ONVIF)."""
    return " (%s)" % current["_rtsps_refusal"] if current.get("_rtsps_refusal") else ""


def _checked_expectation(control):
    expect = control["expect"]
    for key in EXPECT_KEYS:
        if not isinstance(expect.get(key), bool):
            raise InputError("5.5.2 expects %s as true or false, got %r" % (key, expect.get(key)))
    return expect
