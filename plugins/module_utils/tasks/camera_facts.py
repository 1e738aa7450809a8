# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""camera_facts: identity, capabilities and the settings model, read-only; with
`probe: true` also what the camera answers on the network (`exposure`)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import probes
from ansible_collections.camsec.ipcam.plugins.module_utils.areas import registry
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (
    AuthError, CameraError, CameraUnreachable, TlsFailure, TransientError, Unsupported)

# Every settings area is a subset; `firmware` re-reads the identity call, which the
# task's read cache answers.
AREAS = registry.BY_NAME


def run(driver, params, check_mode):
    subsets = set(params["gather_subset"])
    if "all" in subsets:
        subsets = {"identity", "capabilities"} | set(AREAS)
    facts = {"vendor": driver.vendor, "host": params["host"]}
    # The probe pass overlaps the API reads: it mostly waits for silence.
    probe_config = probes.settings_from_params(params.get("probes"), ca_path=params.get("ca_path"),
                                               https_port=params.get("https_port"))
    pending = probes.Background(params["host"], probe_config) if params.get("probe") else None
    settings, unsupported, errors = {}, {}, {}
    # One part the firmware lacks, or one that faults, never sinks the others: it is
    # listed, and the rest is read. A refused login or a camera gone ends the task.
    for name, read in (("identity", driver.identity), ("capabilities", driver.capabilities)):
        if name in subsets:
            value = _part(name, read, unsupported, errors)
            if value is not None:
                facts[name] = value
    for name, area in sorted(AREAS.items()):
        if name not in subsets:
            continue
        value = _part(name, lambda a=area: a.public(a.read(driver)), unsupported, errors)
        if value is None:
            continue
        if value.get("unsupported"):
            unsupported.update({"%s.%s" % (name, k): v for k, v in value["unsupported"].items()})
        settings[name] = {k: v for k, v in value.items() if k != "unsupported"}
    facts["settings"] = settings
    facts["unsupported"] = unsupported
    facts["errors"] = errors
    if pending is not None:
        facts["exposure"] = pending.result()
    result = {"changed": False, "ansible_facts": {"ipcam": facts}}
    if errors:
        result["warnings"] = ["camera %s: %s could not be read: %s" % (params["host"], name, why)
                              for name, why in sorted(errors.items())]
    return result


def _part(name, read, unsupported, errors):
    """The part's value, or None with the reason in `unsupported` or `errors`."""
    try:
        return read()
    except Unsupported as exc:  # UnsupportedCall too: its reason is the call and the words
        unsupported[name] = exc.reason
    except (AuthError, CameraUnreachable, TlsFailure, TransientError):
        raise
    except CameraError as exc:
        errors[name] = "%s: %s" % (exc.call, exc.cause) if exc.call else exc.cause
    return None
