# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The site's data for one camera, read from its `ipcam_*` variables by the action plugin
(`site_vars: true`), as the options of compliance_facts and baseline.

Why here and not in the role: the audit is one task per camera. Working the expectations
out in the play (a set_fact rendering three templates per host, the role's include and its
argument-spec check) cost more controller CPU than the evaluation itself. The role's
variables stay the interface: their defaults and types are read from the role
(roles/baseline/defaults/main.yml, meta/argument_specs.yml), so there is one list of them.
Options given in the task win over what is read here.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.camsec.ipcam.plugins.plugin_utils.plain_data import plain

ROLE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "roles", "baseline")
RULE_VAR = re.compile(r"^ipcam_rule_[0-9_]+$")

# libyaml's loader where PyYAML has it: the pure-Python one takes ~200 ms for these files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_role():
    with open(os.path.join(ROLE_DIR, "defaults", "main.yml")) as handle:
        defaults = yaml.load(handle, Loader=_LOADER) or {}  # nosec - a safe loader
    with open(os.path.join(ROLE_DIR, "meta", "argument_specs.yml")) as handle:
        spec = yaml.load(handle, Loader=_LOADER)["argument_specs"]["main"]["options"]  # nosec
    spec = _as_validator_spec(spec)
    return {"defaults": defaults, "spec": spec, "validator": ArgumentSpecValidator(spec)}


_ROLE = {}


def _role():
    # Parsed when the module is imported: Ansible imports the action plugin in its main
    # process (to look at the class) before it forks a worker per camera and task, so the
    # workers inherit the parsed data instead of each parsing the files again.
    if not _ROLE:
        _ROLE.update(_load_role())
    return _ROLE


def _as_validator_spec(options):
    """The role's argument spec as ArgumentSpecValidator takes it (no docs keys)."""
    keep = ("type", "elements", "choices", "default", "required", "no_log", "options")
    spec = {}
    for name, option in options.items():
        entry = dict((k, v) for k, v in option.items() if k in keep)
        if "options" in entry:
            entry["options"] = _as_validator_spec(entry["options"])
        spec[name] = entry
    return spec


class SiteVarsError(ValueError):
    pass


def read(task_vars, template):
    """Every role variable for this host: its own value (templated) or the role default;
    checked against the role's argument spec. Returns (values, secrets)."""
    role = _role()
    raw = {}
    for name in role["spec"]:
        if name in task_vars:
            raw[name] = plain(template(task_vars[name]))
        elif name in role["defaults"]:
            raw[name] = role["defaults"][name]
    # Toggles the spec does not list (a clause added to inventory ahead of the collection)
    # are refused below with the other unknown clause ids.
    for name in task_vars:
        if RULE_VAR.match(name) and name not in raw:
            raw[name] = plain(template(task_vars[name]))
    unknown_toggles = [n for n in raw if RULE_VAR.match(n) and n not in role["spec"]]
    if unknown_toggles:
        raise SiteVarsError("%s: no such TS-0014-2 clause in this collection (rule toggles are "
                            "ipcam_rule_<clause with underscores>)" % ", ".join(sorted(unknown_toggles)))
    validated = role["validator"].validate(raw)
    secrets = set(validated._no_log_values)
    secrets.update(_declared_secrets(raw))
    if validated.error_messages:
        message = "; ".join(validated.error_messages)
        for secret in sorted(secrets, key=len, reverse=True):  # the checker may quote a value
            if secret:
                message = message.replace(str(secret), "********")
        raise SiteVarsError(message)
    return validated.validated_parameters, secrets


def _declared_secrets(raw):
    """Values that must reach no output though the role's spec cannot mark them (the
    passwords inside ipcam_users, SNMPv3 passwords)."""
    found = set()
    for user in raw.get("ipcam_users") or []:
        if isinstance(user, dict) and user.get("password"):
            found.add(str(user["password"]))
    for key in ("auth_password", "priv_password"):
        value = (raw.get("ipcam_snmp_v3") or {}).get(key)
        if value:
            found.add(str(value))
    for name in ("ipcam_sd_passphrase", "ipcam_snmp_community"):
        if raw.get(name):
            found.add(str(raw[name]))
    return found


def overrides(values):
    """The user's ipcam_controls, plus every clause whose ipcam_rule_* toggle is off,
    disabled with its justification."""
    out = dict((cid, dict(entry)) for cid, entry in (values["ipcam_controls"] or {}).items())
    justifications = values["ipcam_rule_justifications"] or {}
    for name, on in sorted(values.items()):
        if not RULE_VAR.match(name) or on:
            continue
        cid = name[len("ipcam_rule_"):].replace("_", ".")
        entry = out.setdefault(cid, {})
        entry["enabled"] = False
        entry["justification"] = justifications.get(
            cid, "switched off by %s in inventory; no justification given" % name)
    return out


def expectations(values):
    """The site's data each control is judged against. Declared users go in with names
    and roles only: a password here would be shown in the reports' `expected` column."""
    users = [{"name": u["name"], "role": u.get("role") or "viewer", "state": u.get("state") or "present"}
             for u in values["ipcam_users"]]
    return {
        "5.2.1": {"expect": {"allowed_services": values["ipcam_allowed_services"],
                             "firmware_minimums": values["ipcam_firmware_minimums"]}},
        "5.2.2": {"expect": {"allowed_tcp_ports": [int(p) for p in values["ipcam_allowed_tcp_ports"]]}},
        "5.2.3": {"expect": {"firmware_minimums": values["ipcam_firmware_minimums"]}},
        "5.2.5": {"expect": {"cert_min_days": values["ipcam_cert_min_days"]}},
        "5.2.7": {"expect": {"ntp_servers": values["ipcam_ntp_servers"],
                             "syslog_servers": values["ipcam_syslog_servers"]}},
        "5.3.2": {"expect": {"min_tls_version": values["ipcam_tls_min_version"]}},
        "5.4.2": {"expect": {"login_attempt": values["ipcam_default_password_login"]}},
        "5.4.3": {"expect": {"users": users}},
    }


def controls(values):
    """compliance_facts' and baseline's `controls`: the site's expectations with the
    user's overrides (and the toggles) over them, merged key by key."""
    return _merge(expectations(values), overrides(values))


def _merge(base, over):
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def probe_options(values):
    flags = (("snmp", "ipcam_probe_snmp"), ("mdns", "ipcam_probe_mdns"), ("ssdp", "ipcam_probe_ssdp"),
             ("wsd", "ipcam_probe_wsd"), ("tcp", "ipcam_probe_tcp"), ("tls", "ipcam_probe_tls"),
             ("rtsp", "ipcam_probe_rtsp"))
    probes = {"services": [service for service, var in flags if values[var]],
              "timeout": float(values["ipcam_probe_timeout"]),
              "tcp_ports": [int(p) for p in values["ipcam_probe_tcp_ports"]]}
    if values.get("ipcam_snmp_community"):
        probes["snmp_community"] = values["ipcam_snmp_community"]
    if values.get("ipcam_snmp_v3"):
        probes["snmp_v3"] = values["ipcam_snmp_v3"]
    return probes


def skipped_by_tags(skip_tags, control_levels):
    """Clauses the user skipped with --skip-tags (rule_<clause>, or level<N>: the clause
    tasks of the role carry every level tag from their own level up)."""
    skip = set(skip_tags or ())
    skipped = set()
    for cid, level in control_levels.items():
        if "rule_%s" % cid in skip or any("level%d" % n in skip for n in range(level, 4)):
            skipped.add(cid)
    return skipped


def compliance_facts_args(values):
    return {"level": values["ipcam_level"], "controls": controls(values),
            "attestations": values["ipcam_attestations"], "masks": values["ipcam_privacy_masks"],
            "fail_on_drift": values["ipcam_fail_on_drift"], "probes": probe_options(values)}


def baseline_args(values, skipped):
    """baseline's options for the whole level; the clauses skipped by tag are not enforced
    (`exclude`), but an evaluation (`evaluate`) still judges them, as the role's evaluation
    task does under any tags."""
    args = {"level": values["ipcam_level"], "controls": controls(values), "masks": values["ipcam_privacy_masks"],
            "exclude": sorted(skipped),
            "allow_format": values["ipcam_allow_format"], "users": values["ipcam_users"],
            "users_state": values["ipcam_users_state"],
            "lockout_attempts": values["ipcam_lockout_attempts"],
            "on_unsupported": values["ipcam_on_unsupported"],
            # what `evaluate: true` judges the camera against, as compliance_facts
            "attestations": values["ipcam_attestations"], "fail_on_drift": values["ipcam_fail_on_drift"],
            "probes": probe_options(values), "enforce": not values["ipcam_audit_only"]}
    if values.get("ipcam_sd_passphrase"):
        args["storage_passphrase"] = values["ipcam_sd_passphrase"]
    return args


BUILDERS = {"compliance_facts": lambda values, task_vars, levels: compliance_facts_args(values),
            "baseline": lambda values, task_vars, levels: baseline_args(
                values, skipped_by_tags(task_vars.get("ansible_skip_tags"), levels))}


def module_args(module, task_vars, template, control_levels):
    """(options read from the site's variables, secret values) for `module`."""
    values, secrets = read(task_vars, template)
    return BUILDERS[module](values, task_vars, control_levels), secrets


_role()  # at import, in Ansible's main process (see _role)
