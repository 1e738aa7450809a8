# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs one module's logic against one camera, the same way whether it is called by
the action plugin (in-process on the controller) or by the module file (AnsiballZ)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.camsec.ipcam.plugins.module_utils.args import argument_spec
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.registry import driver_for
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    CameraError, InputError, Unsupported)
from ansible_collections.camsec.ipcam.plugins.module_utils.input_checks import check as check_input
from ansible_collections.camsec.ipcam.plugins.module_utils.input_checks import control_character
from ansible_collections.camsec.ipcam.plugins.module_utils import unexpected_errors
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
        allow_basic_over_http=params["allow_basic_over_http"],
        tls_strict=params.get("tls_strict", True))
    return transport


def camera_label(host):
    """The camera as messages name it: quoted when the host is not printable as it is."""
    if not isinstance(host, str) or control_character(host) or not host.strip():
        return repr(host)
    return host


def run(module_name, params, check_mode):
    """Returns the module result dict; failures come back as failed=True with a message
    that names the camera, the call and the cause."""
    task = TASKS[module_name]
    transport = None
    camera = camera_label(params.get("host"))
    try:
        check_input(module_name, params)  # before any request: bad input never reaches a camera
        transport = open_camera(params)
        try:
            driver = driver_for(transport, params["vendor"])
        except CameraError as exc:
            # `vendor: auto` asks the camera first: a task may have its own word for a
            # camera that does not answer even that (compliance_facts: unreachable).
            outcome = getattr(task, "unidentified", lambda p, e: None)(params, exc)
            if outcome is None:
                raise
            outcome["requests"] = len(transport.calls)
            return outcome
        result = task.run(driver, params, check_mode)
        result.setdefault("changed", False)
        result["vendor"] = driver.vendor
        result["requests"] = len(transport.calls)
        return result
    except InputError as exc:
        return {"failed": True, "changed": False,
                "msg": "camera %s: invalid input, nothing was changed: %s" % (camera, exc)}
    except Unsupported as exc:
        return {"failed": True, "changed": False, "unsupported": exc.reason,
                "msg": "camera %s: not supported by this camera's API: %s" % (camera, exc.reason)}
    except CameraError as exc:
        result = {"failed": True, "changed": bool(exc.details.get("applied")), "msg": str(exc)}
        result.update(exc.details)
        return result
    except Exception as exc:  # pylint: disable=broad-except
        # Last resort (a bug, or a library error such as requests' InvalidHeader): a failed
        # result naming the camera, the task and the call, never a traceback that may quote
        # a header, a Digest response or a password.
        secrets = unexpected_errors.secret_values(argument_spec(module_name), params)
        return unexpected_errors.failure(camera, module_name, transport.calls if transport else [],
                                         exc, secrets)
    finally:
        if transport is not None:
            transport.close()
