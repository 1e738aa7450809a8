"""Host names and addresses a camera accepts for its NTP and syslog servers (RFC 1123
labels, or an IP address): one rule shared by every vendor API of the emulator."""

import ipaddress
import re

LABEL = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")

def valid_host(value):
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        return False
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        pass
    labels = value.rstrip(".").split(".")
    return (len(value) <= 253 and all(LABEL.match(label) for label in labels)
            and not all(label.isdigit() for label in labels))
