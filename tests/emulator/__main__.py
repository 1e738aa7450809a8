"""python -m tests.emulator --cameras N --vendors axis,hikvision,... (default: every registered)
                            --inventory FILE --state-dir DIR [--state insecure|secure]

Prints `ready` once every camera listens; runs until SIGTERM or SIGINT.
"""

import argparse
import asyncio
import json
import os
import secrets
import signal
import sys

from . import profiles, vendors as registry
from .fleet import DEFAULT_PORTS, Fleet
from .inventory import write_inventory


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m tests.emulator",
                                description="Serve a fleet of virtual IP cameras.")
    p.add_argument("--cameras", type=int, default=3)
    p.add_argument("--vendors", default=",".join(registry.NAMES),
                   help="comma-separated; cameras are assigned round-robin "
                        "(default: every vendor registered in tests/emulator/vendors)")
    p.add_argument("--profiles", default="",
                   help="comma-separated firmware profiles (tests/emulator/profiles), assigned "
                        "in turn; each names its vendor, so --vendors is then ignored. "
                        "Default: each vendor's profiles in turn. 'all': every profile")
    p.add_argument("--inventory", help="write an Ansible YAML inventory here")
    p.add_argument("--state-dir", required=True)
    p.add_argument("--state", choices=("insecure", "secure"), default="insecure",
                   help="state of cameras that have no saved state yet")
    p.add_argument("--reset", action="store_true",
                   help="discard saved state and start every camera from --state")
    p.add_argument("--first-address", default="127.0.1.1")
    p.add_argument("--password", help="admin password (default: kept in the state dir)")
    p.add_argument("--control-port", type=int, default=0)
    for name, port in DEFAULT_PORTS.items():
        p.add_argument("--%s-port" % name, type=int, default=port)
    args = p.parse_args(argv)
    vendors = [v.strip() for v in args.vendors.split(",") if v.strip()]
    bad = [v for v in vendors if v not in registry.NAMES]
    if bad or not vendors:
        p.error("unknown vendor(s): %s (known: %s)" % (", ".join(bad) or "none",
                                                      ", ".join(registry.NAMES)))
    if not 1 <= args.cameras <= 5000:
        p.error("--cameras must be between 1 and 5000")
    args.vendor_list = vendors
    names = [n.strip() for n in args.profiles.split(",") if n.strip()]
    if names == ["all"]:
        names = sorted(profiles.PROFILES, key=lambda n: (profiles.PROFILES[n]["vendor"], n))
    for name in names:
        if name not in profiles.PROFILES:
            p.error("unknown profile %s (known: %s)" % (name, ", ".join(sorted(profiles.PROFILES))))
    args.profile_names = names
    return args


def fleet_password(state_dir, given):
    """The fleet's admin password: given, or the one saved, or a new random one."""
    path = os.path.join(state_dir, "fleet.json")
    saved = {}
    if os.path.exists(path):
        with open(path) as f:
            saved = json.load(f)
    password = given or saved.get("password") or "Emu-" + secrets.token_urlsafe(12)
    os.makedirs(state_dir, exist_ok=True)
    with open(path, "w") as f:
        json.dump({"password": password}, f)
    os.chmod(path, 0o600)
    return password


async def run(args):
    ports = {name: getattr(args, "%s_port" % name) for name in DEFAULT_PORTS}
    fleet = Fleet(args.state_dir, args.cameras, args.vendor_list, args.first_address,
                  fleet_password(args.state_dir, args.password),
                  secure=args.state == "secure", reset=args.reset, ports=ports,
                  profile_names=args.profile_names)
    await fleet.start(args.control_port)
    if args.inventory:
        write_inventory(fleet, args.inventory)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("control http://127.0.0.1:%d" % fleet.control_port, flush=True)
    print("ready", flush=True)
    await stop.wait()
    fleet.close()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        asyncio.run(run(args))
    except OSError as exc:
        print("emulator: cannot listen: %s" % exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
