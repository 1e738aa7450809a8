"""One keep-alive connection per camera per task for the API calls (issue 14).

compliance_facts, camera_facts and the baseline module (check mode: its drift plan), run
in-process as the action plugin runs them (runner.run), on every vendor's reference
camera and on every firmware profile of the emulator: the camera's own counters
(tests/emulator/camera.py) must show exactly one connection that carried HTTP requests
per scheme the task used, and as many TLS handshakes as HTTPS connections plus the TLS
probe's own (a handshake and nothing more: counted in `connections`, never in
`api_connections`). The probes are off except in the test that counts them apart.
"""

import os
import sys

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from tests.conftest import one_camera_per_profile
from tests.emulator import profiles
from tests.integration.ansible_run import ROOT

COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.camsec.ipcam.plugins.module_utils import args, runner  # noqa: E402
from tests.conftest import Lookup, camera_of, factory_username

USERNAME = Lookup(factory_username)  # the vendor's factory administrator
NAMES = sorted(profiles.PROFILES, key=lambda n: (profiles.PROFILES[n]["vendor"], n))
PROBES_OFF = {"services": []}
MODULES = ("compliance_facts", "camera_facts", "baseline")

profiles_emulator, fleet = one_camera_per_profile(NAMES, "connections")


def params(emu, cam, module, **extra):
    vendor = emu.cameras[cam]["vendor"]
    given = {"host": emu.cameras[cam]["address"], "username": USERNAME[vendor],
             "password": emu.password(), "ca_path": emu.ca_path(), "vendor": vendor}
    if module == "compliance_facts":
        given.update(level=3, controls={}, probes=PROBES_OFF)
    elif module == "camera_facts":
        given.update(probe=False)
    else:
        # check mode: a drift plan, nothing written (allow_format only keeps the plan of
        # an SD card with recordings from failing the task)
        given.update(level=2, allow_format=True, storage_passphrase="Connections-Test-1")
    given.update(extra)
    validated = ArgumentSpecValidator(args.argument_spec(module)).validate(given)
    assert not validated.error_messages, validated.error_messages
    return validated.validated_parameters


def run_counted(emu, cam, module, check_mode=False, **extra):
    """(result, counters of the camera for this task alone)."""
    p = params(emu, cam, module, **extra)
    emu.control.reset_counters(cam)
    result = runner.run(module, p, check_mode)
    return result, emu.control.counters(cam)


def assert_one_connection_per_scheme(result, counters, label, probe_handshakes=0):
    assert not result.get("failed"), (label, result.get("msg"))
    api = counters["api_connections"]
    assert counters["requests"] > 0, (label, counters)
    assert api, (label, counters)
    # exactly one connection carried the API calls on each scheme the task used
    assert all(n == 1 for n in api.values()), (label, api, counters["connections"])
    # every connection accepted on the API ports either carried the API calls or was a
    # probe's handshake-only connection
    https_accepted = counters["connections"].get("https", 0)
    assert https_accepted == api.get("https", 0) + probe_handshakes, (label, counters)
    assert counters["tls_handshakes"] == https_accepted, (label, counters)


@pytest.mark.parametrize("module", MODULES)
def test_one_connection_per_scheme_on_every_vendor(fresh_fleet, module):
    for cam in sorted(fresh_fleet.cameras):
        result, counters = run_counted(fresh_fleet, cam, module, check_mode=(module == "baseline"))
        assert_one_connection_per_scheme(result, counters, (module, cam))
        assert counters["api_connections"] == {"https": 1}, (module, cam, counters)


@pytest.mark.parametrize("module", MODULES)
def test_one_connection_per_scheme_on_every_firmware_profile(fleet, module):
    for cam in sorted(fleet.cameras):
        label = (module, fleet.profile_of[cam])
        result, counters = run_counted(fleet, cam, module,
                                       check_mode=(module == "baseline"))
        assert_one_connection_per_scheme(result, counters, label)


def test_the_tls_probe_handshakes_apart_from_the_api_connection(fresh_fleet):
    """With the TLS probe on, its handshakes are connections of their own that carry no
    HTTP request; the API calls still use one connection."""
    for cam in sorted(fresh_fleet.cameras):
        result, counters = run_counted(fresh_fleet, cam, "compliance_facts",
                                       probes={"services": ["tls"]})
        assert not result.get("failed"), result.get("msg")
        assert counters["api_connections"] == {"https": 1}, (cam, counters)
        probe = counters["connections"]["https"] - 1
        assert probe >= 1, (cam, counters)  # the probe did shake hands, on its own
        assert counters["tls_handshakes"] <= counters["connections"]["https"], (cam, counters)


def test_requests_of_every_transport_share_the_connection(fresh_fleet):
    """The 5.4.1 anonymous checks and the 5.5.1 snapshot checks make Transports of their
    own (no credentials, no cache): their requests travel on the task's connection."""
    cam = camera_of("hikvision")
    result, counters = run_counted(fresh_fleet, cam, "compliance_facts", level=1)
    assert not result.get("failed"), result.get("msg")
    assert counters["requests"] > result["requests"], (
        "no request of another Transport was counted", counters["requests"], result["requests"])
    assert counters["api_connections"] == {"https": 1}, counters
