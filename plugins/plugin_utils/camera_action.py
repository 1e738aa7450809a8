# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one implementation behind every camsec.ipcam module's action plugin.

Each module has a thin action plugin of the same name (plugins/action/<module>.py) that
subclasses CameraAction: a plugin per module, rather than routing redirects in
meta/runtime.yml, is what keeps ansible-doc, antsibull-docs and ansible-test sanity
seeing each module as itself.

The controller talks to the camera's API, so the module's logic runs on the controller:
no AnsiballZ packaging and no new Python per host and task (about 10 ms instead of
150-250 ms of controller CPU). Where a play has many cameras it runs in the run's shared
evaluator (evaluator_client.py: one warm process, instead of each freshly forked worker
paying ~20 ms for being new), else right here in the worker; `ipcam_evaluator` (auto,
always, never) chooses, and the result says which (`evaluated_in`). When the task is
delegated to another host (a jump host that alone reaches the cameras), the real module
runs there instead.
Connection options the task does not set come from host vars `ipcam_<option>`, and the
address from `ansible_host`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import gc

from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

from ansible_collections.camsec.ipcam.plugins.module_utils import args as specs
from ansible_collections.camsec.ipcam.plugins.module_utils import catalog, runner
from ansible_collections.camsec.ipcam.plugins.plugin_utils import evaluator_client, site_vars
from ansible_collections.camsec.ipcam.plugins.plugin_utils.plain_data import plain
from ansible_collections.camsec.ipcam.plugins.plugin_utils.redact import redact

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
CONTROL_LEVELS = dict((c["id"], c["level"]) for c in catalog.CONTROLS)


def _true(value):
    return value is not None and boolean(value, strict=False)


class CameraAction(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        # This runs in a worker Ansible forked for this camera and task, with the main
        # process's whole heap (every host's results so far) inherited copy-on-write. A
        # garbage collection here would walk that heap, and writing its bookkeeping into
        # each object copies every page: a cost that grows with the fleet. Frozen, the
        # collector only looks at what this task allocates.
        gc.freeze()
        task_vars = task_vars or {}
        result = super(CameraAction, self).run(tmp, task_vars)
        module = self._task.action.rsplit(".", 1)[-1]
        if module not in specs.MODULE_OPTIONS:
            result.update(failed=True, msg="camsec.ipcam has no camera module %r" % self._task.action)
            return result
        module_args = self._with_host_defaults(plain(self._task.args), task_vars)
        site_secrets = set()
        if module in site_vars.BUILDERS and _true(module_args.get("site_vars")):
            try:
                module_args, site_secrets = self._with_site_vars(module, module_args, task_vars)
            except site_vars.SiteVarsError as exc:
                result.update(failed=True, changed=False,
                              msg="camera %s: invalid site variables (ipcam_*), nothing was changed: %s"
                              % (module_args.get("host", "?"), exc))
                return result

        delegate = self._task.delegate_to
        if delegate and delegate not in LOCAL_NAMES:
            result.update(self._execute_module(module_name="camsec.ipcam." + module,
                                               module_args=module_args, task_vars=task_vars))
            return result

        # where the camera's logic runs (evaluator_client.py): auto, always or never
        evaluator = plain(self._templar.template(task_vars.get("ipcam_evaluator", "auto")))
        if evaluator not in evaluator_client.SETTINGS:
            result.update(failed=True, changed=False,
                          msg="camera %s: invalid ipcam_evaluator %r, nothing was changed: one of %s"
                          % (module_args.get("host", "?"), evaluator, ", ".join(evaluator_client.SETTINGS)))
            return result
        validated = specs.validator(module).validate(module_args)
        no_log_values = set(validated._no_log_values) | site_secrets
        if validated.error_messages:
            msg = "; ".join(validated.error_messages)
            result.update(failed=True, changed=False,
                          msg="camera %s: invalid input, nothing was changed: %s"
                          % (module_args.get("host", "?"), msg))
            return redact(result, no_log_values)
        params = validated.validated_parameters
        outcome, evaluated_in = None, "worker"
        if evaluator_client.wanted(evaluator, len(task_vars.get("ansible_play_batch") or ())):
            outcome = evaluator_client.run(module, params, bool(self._task.check_mode),
                                           float(params.get("task_timeout") or 120) + 60)
            evaluated_in = "shared evaluator"
        if outcome is None:  # no shared evaluator took it: nothing was sent to the camera yet
            outcome, evaluated_in = runner.run(module, params, bool(self._task.check_mode)), "worker"
        outcome["evaluated_in"] = evaluated_in
        if not self._task.diff:
            outcome.pop("diff", None)
        warnings = outcome.pop("warnings", [])
        for warning in validated._warnings if hasattr(validated, "_warnings") else []:
            warnings.append(warning.get("warning") if isinstance(warning, dict) else str(warning))
        if warnings:
            result["warnings"] = warnings
        # A camera that cannot be reached comes back with unreachable=True (compliance_facts):
        # kept as it is, so that Ansible and AWX count the host unreachable, not failed.
        result.update(outcome)
        # With site_vars the options read from inventory are not echoed: at a thousand
        # cameras the per-host copy of the site data costs the controller's memory.
        result["invocation"] = {"module_args": dict(self._task.args) if _true(module_args.get("site_vars"))
                                else params}
        return _shared_with_register(redact(result, no_log_values))

    def _with_site_vars(self, module, module_args, task_vars):
        """The task's options over those read from the host's ipcam_* variables
        (plugin_utils/site_vars.py): one task per camera, no per-host set_fact."""
        read, secrets = site_vars.module_args(module, task_vars, self._templar.template, CONTROL_LEVELS)
        for key, value in read.items():
            if module_args.get(key) is None:
                module_args[key] = value
        return module_args, secrets

    def _with_host_defaults(self, module_args, task_vars):
        """Task arguments win; then host vars `ipcam_<option>`; then the module's own
        fallbacks (environment, defaults). The address defaults to ansible_host."""
        for option in specs.CONNECTION_OPTIONS:
            if module_args.get(option) is not None:
                continue
            var = "ipcam_" + option
            if var in task_vars:
                module_args[option] = plain(self._templar.template(task_vars[var]))
        if module_args.get("host") is None:
            host = task_vars.get("ansible_host") or task_vars.get("inventory_hostname")
            if host is not None:
                module_args["host"] = plain(self._templar.template(host))
        return module_args


def _shared_with_register(result):
    """The evaluation's control results as a tuple. Ansible keeps a host's facts and, for
    `register`, a copy of the whole result in the controller's main process for the rest of
    the run; that copy (vars/clean.py module_response_deepcopy) duplicates dicts and lists
    but shares anything else. As a tuple, the controls (the bulk of the result) are held
    once for both: at 1,000 cameras that is tens of MB of the parent's memory (issue 14).
    Templates, the fact cache and the report read a tuple as they read a list."""
    facts = (result.get("ansible_facts") or {}).get("ipcam_compliance")
    if isinstance(facts, dict) and isinstance(facts.get("controls"), list):
        facts["controls"] = tuple(facts["controls"])
    return result


# Built here, when Ansible's main process imports this plugin, not in each worker it forks.
for _module in specs.MODULE_OPTIONS:
    specs.validator(_module)
