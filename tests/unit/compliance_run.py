"""compliance_facts run in-process against the session emulator, as the unit tests of the
evaluators need it: the module's own argument validation, then runner.run, the path the
action plugin takes."""

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.camsec.ipcam.plugins.module_utils import args, runner
from tests.conftest import cameras_of, factory_username, vendor_of

CAMERAS = {cam: vendor_of(cam) for cam in cameras_of()}
LEAVE_OUT = object()  # an option given as this is not passed at all (e.g. no ca_path)


def run_compliance(emulator, cam, level=1, **options):
    """The module's result dict. `options` are compliance_facts options over the defaults
    (the camera's address, vendor and fleet account, the fleet CA, no controls)."""
    given = {"host": emulator.cameras[cam]["address"], "username": factory_username(CAMERAS[cam]),
             "password": emulator.password(), "ca_path": emulator.ca_path(),
             "vendor": CAMERAS[cam], "level": level, "controls": {}}
    given.update((k, v) for k, v in options.items() if v is not None)
    given = dict((k, v) for k, v in given.items() if v is not LEAVE_OUT)
    validated = ArgumentSpecValidator(args.argument_spec("compliance_facts")).validate(given)
    assert not validated.error_messages, validated.error_messages
    return runner.run("compliance_facts", validated.validated_parameters, False)


def controls_of(result):
    """{control id: result} of a successful run."""
    assert not result.get("failed"), result
    return {c["id"]: c for c in result["ansible_facts"]["ipcam_compliance"]["controls"]}
