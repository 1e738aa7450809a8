# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""compliance_facts: evaluate the catalog at a level; read-only."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog, compliance, exposure, probes


def run(driver, params, check_mode):
    # The TLS probe verifies the certificate with the connection's CA bundle, on its port.
    probe_config = probes.settings_from_params(params.get("probes"), ca_path=params.get("ca_path"),
                                               https_port=params.get("https_port"))
    report = compliance.evaluate(driver, params["level"], params.get("controls"),
                                 params.get("attestations"), params.get("masks"),
                                 probe_config=probe_config, host=params["host"])
    return _result(report, params, driver.vendor)


def unidentified(params, error):
    """The result when the camera could not even be identified (`vendor: auto`): an
    unreachable camera is reported as such, as when the evaluation itself finds it so;
    None for any other failure (the runner reports it)."""
    if not compliance.is_unreachable(error):
        return None
    try:
        selected = catalog.controls(params["level"], params.get("controls"))
    except ValueError:
        return None
    report = compliance.unreachable_report(params["level"], selected, error,
                                           exposure.NetworkView(params["host"], None, ()))
    return _result(report, params, params["vendor"])


def _result(report, params, vendor):
    identity = report.pop("identity", None) or {}
    report["camera"] = dict(identity, vendor=vendor, host=params["host"])
    report["evaluated_at"] = datetime.datetime.utcnow().replace(microsecond=0).isoformat() + "Z"
    result = {"changed": False, "ansible_facts": {"ipcam_compliance": report},
              "summary": report["summary"]}
    if report["status"] == "unreachable":
        # Ansible's own notion: the host leaves the play and is counted as unreachable
        # (AWX: "unreachable", not "failed"); a registered result keeps these facts for
        # the report. Never "drifted": nothing was evaluated.
        result["unreachable"] = True
        result["msg"] = "camera %s is unreachable, so it was not evaluated at level %d: %s" % (
            params["host"], params["level"], report["unreachable"]["cause"])
        return result
    failed = report["summary"]["failed"] + report["summary"]["errors"]
    if params["fail_on_drift"] and failed:
        reasons = ["%s: %s" % (r["id"], r["reason"]) for r in report["controls"]
                   if r["status"] in ("fail", "error")]
        result["failed"] = True
        result["msg"] = "camera %s drifted from level %d: %s" % (
            params["host"], params["level"], "; ".join(reasons))
    return result
