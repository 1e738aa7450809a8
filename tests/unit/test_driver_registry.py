"""`vendor: auto` (drivers/registry.py) against the emulator, for every registered emulator
vendor: each camera gets its own vendor's driver, a wrong password stops the selection at
the one refused login (no second credentialed request), and a vendor no driver has fails
before any request."""

import pytest

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.registry import (
    DRIVERS, VENDORS as DRIVER_NAMES, driver_for)
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import AuthError, InputError
from tests.conftest import VENDORS, camera_of

WRONG = "Not-The-Password-7"


def test_the_registry_has_one_driver_per_name_and_onvif_last():
    assert len(set(d.vendor for d in DRIVERS)) == len(DRIVERS)
    assert DRIVERS[-1].vendor == "onvif", "OnvifDriver recognises any ONVIF camera: it goes last"
    assert DRIVER_NAMES == ("auto",) + tuple(sorted(d.vendor for d in DRIVERS))


@pytest.mark.parametrize("vendor", VENDORS)
def test_auto_picks_the_vendors_own_driver(fresh_fleet, make_transport, vendor):
    driver = driver_for(make_transport(camera_of(vendor)), "auto")
    assert driver.vendor == vendor


@pytest.mark.parametrize("vendor", VENDORS)
def test_auto_with_a_wrong_password_stops_at_the_one_refusal(fresh_fleet, make_transport, vendor):
    cam = camera_of(vendor)
    fresh_fleet.control.reset_counters(cam)
    transport = make_transport(cam, password=WRONG)
    with pytest.raises(AuthError):
        driver = driver_for(transport, "auto")
        driver.identity()  # a camera that identifies itself without a login refuses here
    counters = fresh_fleet.control.counters(cam)
    assert counters["failed_logins"] == 1, counters
    assert counters["credentialed"] == 1, "a credentialed request followed the refusal"


def test_an_unknown_vendor_fails_before_any_request(fresh_fleet, make_transport):
    transport = make_transport(camera_of(VENDORS[0]))
    with pytest.raises(InputError) as err:
        driver_for(transport, "acme")
    assert transport.calls == []
    assert "auto" in str(err.value) and "onvif" in str(err.value)
