"""Bounded polling for tests that wait for something another process does."""

import time


def wait_until(check, timeout=5.0, step=0.05):
    """Calls check() until it returns something truthy, for at most `timeout` seconds (a
    monotonic clock, so a changed wall clock does not stretch it); returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    return check()
