# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs one module's logic against one camera, the same way whether it is called by
the action plugin (in-process on the controller) or by the module file (AnsiballZ)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.camsec.ipcam.plugins.module_utils.args import argument_spec
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.selection import driver_for
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, InputError, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport
# Every task by name, imported by name: AnsiballZ packs only the module_utils that are
# imported literally, so a task found with importlib at run time would be missing when a
# delegated task runs the real module ("No module named ...module_utils.tasks").
from ansible_collections.camsec.ipcam.plugins.module_utils.tasks import (
    accounts, baseline, camera_facts, compliance_facts, discovery_services, network_protocols,
    privacy_masks, remote_logging, storage_protection, time_sync)

TASKS = dict((task.__name__.rsplit(".", 1)[-1], task) for task in (
    accounts, baseline, camera_facts, compliance_facts, discovery_services, network_protocols,
    privacy_masks, remote_logging, storage_protection, time_sync))


def run_module(module_name):
    """The module path (AnsiballZ on the host a task is delegated to)."""
    module = AnsibleModule(argument_spec=argument_spec(module_name), supports_check_mode=True)
    result = run(module_name, module.params, module.check_mode)
    if not module._diff:
        result.pop("diff", None)
    for warning in result.pop("warnings", []):
        module.warn(warning)
    if result.pop("failed", False):
        module.fail_json(**result)
    module.exit_json(**result)


def open_camera(params):
    transport = Transport(
        camera=params["host"], host=params["host"], username=params.get("username"),
        password=params.get("password"), use_https=params["use_https"],
        https_port=params["https_port"], http_port=params["http_port"],
        validate_certs=params["validate_certs"], ca_path=params.get("ca_path"),
        timeout=params["timeout"], task_timeout=params["task_timeout"],
        allow_basic_over_http=params["allow_basic_over_http"])
    return transport


def run(module_name, params, check_mode):
    """Returns the module result dict; failures come back as failed=True with a message
    that names the camera, the call and the cause."""
    task = TASKS[module_name]
    transport = None
    try:
        transport = open_camera(params)
        driver = driver_for(transport, params["vendor"])
        result = task.run(driver, params, check_mode)
        result.setdefault("changed", False)
        result["vendor"] = driver.vendor
        result["requests"] = len(transport.calls)
        return result
    except InputError as exc:
        return {"failed": True, "changed": False,
                "msg": "camera %s: invalid input, nothing was changed: %s" % (params["host"], exc)}
    except Unsupported as exc:
        return {"failed": True, "changed": False, "unsupported": exc.reason,
                "msg": "camera %s: not supported by this camera's API: %s" % (params["host"], exc.reason)}
    except CameraError as exc:
        result = {"failed": True, "changed": bool(exc.details.get("applied")), "msg": str(exc)}
        result.update(exc.details)
        return result
    finally:
        if transport is not None:
            transport.close()
