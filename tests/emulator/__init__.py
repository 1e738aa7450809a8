"""A multi-vendor IP camera emulator: the embedded fixture for the demo and the tests."""
