"""One virtual camera: its state, its request counters, its injected faults.

All writes go through `Camera.set()` so that the "accepted but does not stick" fault
and persistence live in one place.
"""

import copy
import json
import os
import threading
import time

from . import vendors

# Faults a test can inject through the control interface, with their "off" values.
FAULT_DEFAULTS = {
    "latency_ms": 0,            # added before every HTTP reply
    "http_500": 0,              # the next N HTTP requests get a 500 (-1: all of them)
    "http_500_path": "",        # ... only requests whose path contains this
    "http_500_status": 500,     # ... answered with this status instead (502, 503, 504)
    "soap_fault_status": 0,     # every SOAP fault at this HTTP status (0: the SOAP 1.2
                                # binding's 400 for Sender, 500 otherwise); many real
                                # cameras send every fault, NotAuthorized too, at 500
    "onvif_pre_auth_login": False,  # firmware that wants a login even for the PRE_AUTH
                                # operations (GetSystemDateAndTime, GetServices, ...)
    "isapi_refusal": "401",     # how ISAPI refuses bad credentials: "401" (a Digest
                                # challenge), "401_usercheck" (401 with a userCheck body),
                                # "403" (403 with ResponseStatus badAuthorization)
    "isapi_not_supported_status": 403,  # HTTP status of ISAPI notSupport (403 or 404)
    "drop_connection": 0,       # the next N HTTP requests: connection closed, no reply
    "malformed_xml": 0,         # the next N XML replies are cut in half
    "hostile_xml": 0,           # the next N XML replies carry an entity-expansion bomb
    "lockout_after": 0,         # lock accounts after N failed logins (0: never)
    "lockout_seconds": 300,
    "nonsticky": [],            # state paths whose writes are accepted but not kept
    "clock_skew_s": 0,          # the camera's clock is off by this much
    "https_broken": False,      # enabling HTTPS is accepted, but nothing answers on 443
    "legacy_certificate": False,  # HTTPS certificate without key identifiers (tls.py)
    "down_until": 0.0,          # "rebooting": every connection is dropped until then
    "disk_format_fails": 0,     # Axis: the next N format.cgi jobs fail part-way (vapix_disks)
    "udp_stuck_on": [],         # firmware bug: these responders (snmp, mdns, ssdp, wsd)
                                # answer although the settings (and the API) say off
    "onvif_no_auth": False, "api_no_auth": False, "users_disclose_passwords": False,  # issue 10 part 5: accounts.py
    "missing": [],              # more paths / "onvif:<Operation>" this firmware lacks (as profile "missing")
}


class Camera:
    def __init__(self, cam_id, vendor, address, state, state_path, profile=None):
        self.id = cam_id
        self.vendor = vendor
        self.vendor_package = vendors.get(vendor)  # its data and hooks (vendors/README.md)
        # The firmware this camera runs (profiles/): its wire ways and what it lacks.
        self.profile = profile or {"name": vendor, "faults": {}, "missing": [], "media2": True}
        self.address = address
        self.state = state
        self.state_path = state_path
        self.faults = self.baseline_faults()
        self.lock = threading.RLock()
        self.counters = {}
        self.reset_counters()
        self.failed_logins_in_row = 0
        self.locked_until = 0.0
        self.nonces = {}  # digest nonce -> issue time
        self.wsse_seen = {}  # WS-UsernameToken nonce -> expiry (replay cache)
        self.boot_time = time.time()
        self.jobs = {}  # Axis disk jobs: id -> dict
        self.on_change = None  # set by the fleet: reopens or closes ports

    # -- counters -------------------------------------------------------------
    def reset_counters(self):
        # "credentialed": requests that carried credentials (an HTTP Authorization header
        # or a WS-Security UsernameToken): what a lockout counts, and what a client may
        # never repeat after a refusal or a fault.
        # "connections": TCP connections accepted on the camera's API ports, by scheme;
        # "api_connections": those that carried at least one HTTP request (a TLS probe
        # that only shakes hands is counted in the first, not here); "tls_handshakes":
        # completed TLS handshakes on the HTTPS port (the probes' included).
        self.counters = {"requests": 0, "by_path": {}, "failed_logins": 0,
                         "udp": {}, "writes": 0, "credentialed": 0,
                         "connections": {}, "api_connections": {}, "tls_handshakes": 0}

    def count_request(self, path, credentialed=False):
        c = self.counters
        c["requests"] += 1
        c["by_path"][path] = c["by_path"].get(path, 0) + 1
        if credentialed:
            c["credentialed"] += 1

    def count_connection(self, scheme, kind="connections"):
        table = self.counters[kind]
        table[scheme] = table.get(scheme, 0) + 1

    def count_handshake(self):
        self.counters["tls_handshakes"] += 1

    def count_udp(self, service):
        self.counters["udp"][service] = self.counters["udp"].get(service, 0) + 1

    # -- time ------------------------------------------------------------------
    def now(self):
        """The camera's own clock (UTC epoch seconds), skewed by the fault."""
        return time.time() + self.faults["clock_skew_s"]

    # -- state -----------------------------------------------------------------
    def get(self, path, default=None):
        node = self.state
        for part in path.split("."):
            if isinstance(node, list):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return default
        return node

    def set(self, path, value):
        """Write one setting; returns False when the write was silently dropped."""
        with self.lock:
            self.counters["writes"] += 1
            if any(path == p or path.startswith(p + ".") for p in self.faults["nonsticky"]):
                return False
            parts = path.split(".")
            node = self.state
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
            last = parts[-1]
            if isinstance(node, list):
                node[int(last)] = value
            else:
                node[last] = value
            self.save()
            self.changed()
            return True

    def changed(self):
        if self.on_change is not None:
            self.on_change(self)

    def save(self):
        tmp = self.state_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.state, f, indent=1, sort_keys=True)
        os.replace(tmp, self.state_path)

    def replace_state(self, state):
        with self.lock:
            self.state = state
            self.save()
            self.changed()

    def patch_state(self, changes):
        """Change settings behind the collection's back: {"dotted.path": value}."""
        with self.lock:
            saved = self.faults["nonsticky"]
            self.faults["nonsticky"] = []
            try:
                for path, value in changes.items():
                    self.set(path, value)
            finally:
                self.faults["nonsticky"] = saved

    # -- faults ----------------------------------------------------------------
    def fault_defaults(self):
        """The generic faults and the vendor's own (its package's FAULTS)."""
        out = dict(FAULT_DEFAULTS)
        out.update(getattr(self.vendor_package, "FAULTS", {}))
        return out

    def set_faults(self, faults):
        unknown = set(faults) - set(self.fault_defaults())
        if unknown:
            raise ValueError("unknown faults: %s" % ", ".join(sorted(unknown)))
        self.faults.update(faults)

    def baseline_faults(self):
        """No injected fault, but the firmware's own ways (its profile's faults)."""
        faults = copy.deepcopy(self.fault_defaults())
        faults.update(copy.deepcopy(self.profile.get("faults", {})))
        return faults

    def lacks(self, what):
        """True when this firmware has no such HTTP path or "onvif:<Operation>"."""
        return what in self.profile.get("missing", ()) or what in self.faults.get("missing", ())

    def clear_faults(self):
        self.faults = self.baseline_faults()
        self.failed_logins_in_row = 0
        self.locked_until = 0.0

    def take_fault(self, name):
        """Consume one occurrence of a counted fault; True when it fires."""
        n = self.faults.get(name, 0)
        if n == 0:
            return False
        if n > 0:
            self.faults[name] = n - 1
        return True

    def stuck_on(self, service):
        """True when a firmware bug keeps this UDP responder answering whatever the
        settings say: the API reports off, the network shows on."""
        return service in self.faults["udp_stuck_on"]

    def is_down(self):
        return time.time() < self.faults["down_until"]

    def realm(self):
        """The camera's one HTTP Digest realm, shared by all its APIs (a client's digest
        state for VAPIX or ISAPI then holds for ONVIF too), in the vendor's format (its
        package's realm hook)."""
        return self.vendor_package.realm(self)

    # -- accounts --------------------------------------------------------------
    def user(self, username):
        for u in self.state["users"]:
            if u["username"] == username:
                return u
        return None

    def is_locked(self):
        return time.time() < self.locked_until

    def login_failed(self):
        self.counters["failed_logins"] += 1
        self.failed_logins_in_row += 1
        limits = [n for n in (self.faults["lockout_after"], self.lockout_setting()) if n]
        if limits and self.failed_logins_in_row >= min(limits):
            self.locked_until = time.time() + self.faults["lockout_seconds"]

    def lockout_setting(self):
        """Failures in a row the camera's own setting locks after (0: none), for the
        vendors that have such a setting (their package's lockout_setting hook, e.g.
        Hikvision's illegalLoginLock); the lockout_after fault is the generic mechanism
        every vendor has."""
        hook = getattr(self.vendor_package, "lockout_setting", None)
        return hook(self) if hook else 0

    def login_ok(self):
        self.failed_logins_in_row = 0

    def summary(self):
        return {"id": self.id, "vendor": self.vendor, "address": self.address,
                "profile": self.profile["name"]}
