# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Axis VAPIX wire client: param.cgi, the disks API, basicdeviceinfo.cgi, ssh.cgi.

Paths and field names follow shared/reference/camera-apis.md §2.1. Inferred there (one
place each, easy to correct): the `OK` reply of param.cgi updates, and the job XML of
format.cgi / job.cgi.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import time

from ansible_collections.camsec.ipcam.plugins.module_utils import replies, xmltools
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, DeviceFault, UnsupportedCall)

PARAM_CGI = "/axis-cgi/param.cgi"
SECRET_PARAM = re.compile(r"community|passw|passphrase|secret", re.IGNORECASE)
SSH_CGI = "/axis-cgi/ssh.cgi"
DISKS = "/axis-cgi/disks/"
JOB_POLL_S = 0.25
JOB_MAX_POLLS = 240  # one minute: formatting an SD card is slow on real cameras


# The group named in param.cgi's error line for a group the firmware lacks.
GROUP_IN_ERROR = re.compile(r"group '([^']+)'")


class ParamList(dict):
    """param.cgi values, and `missing`: {group asked: why it is not there}."""

    def __init__(self, *args, **kwargs):
        super(ParamList, self).__init__(*args, **kwargs)
        self.missing = {}


class VapixClient(object):
    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera
        # JSON CGIs this camera answered 404: not asked again in this task (a read-back
        # after a write would otherwise repeat the request).
        self.absent_cgis = set()

    # -- parameters --------------------------------------------------------------
    def params(self, groups):
        """{"root.X.Y": value} of the groups asked. A group this firmware lacks comes back
        as a "# Error: Error -1 getting param in group '...'" line among the others
        (HTTP 200): the others are kept, and the result's `missing` maps each such group
        to the camera's words. Only when no group at all was there does it raise
        UnsupportedCall (asked once, reported per field)."""
        call = "VAPIX param.cgi list %s" % ",".join(groups)
        resp = self.t.request("GET", PARAM_CGI, params={"action": "list", "group": ",".join(groups)},
                              cacheable=True, call=call)
        text = resp.content.decode("iso-8859-1")
        out = ParamList()
        errors = []
        for line in text.splitlines():
            if line.startswith("#"):
                error = replies.vapix_error(line)
                if error is not None:
                    errors.append(self.t.redact(error.words))
                continue
            key, sep, value = line.partition("=")
            if sep:
                out[key.strip()] = value.strip()
        if errors and not out:
            raise UnsupportedCall(self.camera, call, "not supported by this camera (%s)"
                                  % "; ".join(errors))
        for words in errors:
            named = GROUP_IN_ERROR.search(words)
            group = named.group(1) if named else None
            # [3P, S9 in profiles/axis.md] AXIS OS 12 is said to drop "root." here.
            if group and not group.startswith("root."):
                group = "root." + group
            for asked in (groups if group is None else [group]):
                if asked not in out.missing and not any(
                        k == asked or k.startswith(asked + ".") for k in out):
                    out.missing[asked] = "%s: not supported by this camera (%s)" % (
                        "VAPIX param.cgi list %s" % asked, words)
        return out

    def param_reason(self, params, name):
        """Why `name` is not in `params` (a result of params()), with the call and the
        camera's words where it said so."""
        for group, reason in params.missing.items():
            if name == group or name.startswith(group + "."):
                return reason
        return "this firmware has no %s parameter" % name

    def update(self, values):
        """Write parameters in one call (the camera applies all or none)."""
        call = "VAPIX param.cgi update %s" % ",".join(sorted(values))
        params = [("action", "update")] + sorted(values.items())
        resp = self.t.request("GET", PARAM_CGI, params=params, idempotent=False, call=call)
        text = resp.content.decode("iso-8859-1").strip()
        if text != "OK":  # [INF] reply text
            # Axis errors echo the value written: hide the secret ones (communities,
            # passwords) before the text reaches a message.
            for name, value in values.items():
                if value and SECRET_PARAM.search(name):
                    text = text.replace(str(value), "********")
            raise DeviceFault(self.camera, call, "fault: %s" % (text[:200] or "empty reply"))

    # -- device info ---------------------------------------------------------------
    def device_info(self):
        call = "VAPIX basicdeviceinfo getAllProperties"
        resp = self.t.request("POST", "/axis-cgi/basicdeviceinfo.cgi", idempotent=True,
                              cacheable=True, call=call,
                              json={"apiVersion": "1.1", "method": "getAllProperties"})
        try:
            data = resp.json()
            return data["data"]["propertyList"]
        except (ValueError, KeyError, TypeError):
            raise CameraError(self.camera, call, "unexpected reply: %s" % resp.content[:200])

    # -- ssh.cgi (JSON; replaces the param Network.SSH.Enabled on current AXIS OS) -----
    def ssh_enabled(self):
        """True/False from getSshInfo; None when this firmware has no ssh.cgi."""
        data = self._json_api(SSH_CGI, "getSshInfo", cacheable=True)
        if data is None:
            return None
        if not isinstance(data.get("enabled"), bool):
            raise CameraError(self.camera, "VAPIX ssh.cgi getSshInfo", "no data.enabled in the reply")
        return data["enabled"]

    def set_ssh(self, enabled):
        if self._json_api(SSH_CGI, "setSshConfiguration", {"enabled": bool(enabled)}) is None:
            raise CameraError(self.camera, "VAPIX ssh.cgi setSshConfiguration",
                              "this firmware has no ssh.cgi")

    def _json_api(self, cgi, method, params=None, cacheable=False, api_version="1.0"):
        """One call of an Axis JSON API; its `data`, or None when the CGI does not exist
        (HTTP 404) or does not know the method (error 2004 [INF])."""
        if cgi in self.absent_cgis:
            return None
        call = "VAPIX %s %s" % (cgi.rsplit("/", 1)[-1], method)
        body = {"apiVersion": api_version, "method": method}
        if params is not None:
            body["params"] = params
        resp = self.t.request("POST", cgi, json=body, idempotent=cacheable,
                              cacheable=cacheable, expect=(200, 404), call=call)
        if resp.status_code == 404:
            self.absent_cgis.add(cgi)
            return None
        try:
            reply = resp.json()
        except ValueError:
            raise CameraError(self.camera, call, "reply is not JSON: %r" % resp.content[:200])
        error = reply.get("error") if isinstance(reply, dict) else None
        if error:
            if isinstance(error, dict) and error.get("code") == 2004:
                return None
            raise CameraError(self.camera, call, "camera error %s" % (error,))
        data = reply.get("data") if isinstance(reply, dict) else None
        return data if isinstance(data, dict) else {}

    # -- disks (edge storage) ---------------------------------------------------------
    def disks(self):
        root = self._disk_xml("list.cgi", {"diskid": "all"}, cacheable=True)
        return [d.attrib for d in xmltools.iter_local(root, "disk")]

    def disk_capabilities(self, disk_id):
        root = self._disk_xml("getcapabilities.cgi", {"diskid": disk_id}, cacheable=True)
        found = [e.attrib for e in root.iter() if "encryptionsupported" in e.attrib]
        return found[0] if found else {}

    def mount(self, disk_id, action):
        root = self._disk_xml("mount.cgi", {"action": action, "diskid": disk_id})
        self._wait_job(root, "mount.cgi %s %s" % (action, disk_id))

    def enable_encryption(self, disk_id, passphrase):
        # The passphrase goes in the query string, as the API defines; it is never
        # logged, and the call name below does not carry it.
        root = self._disk_xml("properties/enablediskencryption.cgi",
                              {"schemaversion": "1", "diskid": disk_id, "passphrase": passphrase},
                              call="VAPIX disks enablediskencryption %s" % disk_id)
        if not xmltools.iter_local(root, "Success"):
            raise CameraError(self.camera, "VAPIX disks enablediskencryption %s" % disk_id,
                              _disk_error(root))

    def format(self, disk_id, filesystem="ext4"):
        root = self._disk_xml("format.cgi", {"diskid": disk_id, "filesystem": filesystem})
        self._wait_job(root, "format.cgi %s" % disk_id)

    def _disk_xml(self, cgi, params, cacheable=False, call=None):
        call = call or "VAPIX disks %s %s" % (cgi, params.get("action", params.get("diskid", "")))
        resp = self.t.request("GET", DISKS + cgi, params=params, cacheable=cacheable,
                              idempotent=cacheable, call=call)
        root = self.t.parse_xml(resp, call)
        if xmltools.local(root.tag) == "DiskPropertiesResponse" or not xmltools.iter_local(root, "error"):
            return root
        raise CameraError(self.camera, call, _disk_error(root))

    def _wait_job(self, root, what):
        jobs = xmltools.iter_local(root, "job")
        if not jobs:
            return
        _raise_if_job_failed(self.camera, what, jobs[0])
        job_id = jobs[0].get("jobid")
        for poll in range(JOB_MAX_POLLS):  # pylint: disable=unused-variable
            resp = self.t.request("GET", DISKS + "job.cgi", params={"jobid": job_id},
                                  call="VAPIX disks job.cgi %s" % job_id)
            state = xmltools.iter_local(self.t.parse_xml(resp, "job.cgi"), "job")
            if not state:
                raise CameraError(self.camera, "VAPIX disks job.cgi", "job %s vanished" % job_id)
            _raise_if_job_failed(self.camera, what, state[0])
            if state[0].get("progress") == "100" or state[0].get("status") == "done":
                return
            time.sleep(JOB_POLL_S)
        raise CameraError(self.camera, "VAPIX disks " + what,
                          "job %s did not finish within %d s" % (job_id, JOB_MAX_POLLS * JOB_POLL_S))


def _raise_if_job_failed(camera, what, job):
    """A job that failed says so in `status` or `result`, with the camera's reason in an
    `error` child [INF]. The request that started it is never sent again: a format
    changes the card, and the account that sent it may be locked on a repeat."""
    status = (job.get("status") or "").lower()
    result = (job.get("result") or "OK").upper()
    errors = xmltools.iter_local(job, "error")
    if status not in ("failed", "error") and result in ("OK", "") and not errors:
        return
    words = _disk_error(job) if errors else "camera reported %s" % dict(job.attrib)
    raise CameraError(camera, "VAPIX disks " + what,
                      "job %s failed at %s%%: %s" % (job.get("jobid"), job.get("progress", "?"), words))


def _disk_error(root):
    errors = xmltools.iter_local(root, "error") + xmltools.iter_local(root, "Error")
    if errors:
        e = errors[0]
        return "camera error %s" % (e.attrib or " ".join((t or "").strip() for t in e.itertext()))
    return "unexpected reply <%s>" % xmltools.local(root.tag)
