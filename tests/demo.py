"""`make demo`: audit -> enforce -> audit on a fleet of emulated cameras.

Runs the collection's own playbooks exactly as a user would (ansible-playbook, the
emulator's inventory plus inventories/demo for site data) and prints a short table
after each step; the full Ansible output goes to log files under the state dir.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import time

from tests.emulator import profiles as emulator_profiles
from tests.emulator import vendors
from tests.emulator.client import EmulatorProcess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)


def ansible(state_dir, emu, playbook, log_name, extra=(), check=False):
    cmd = [os.path.join(BIN, "ansible-playbook"), "-i", emu.inventory,
           "-i", os.path.join(ROOT, "inventories", "demo"),
           os.path.join(ROOT, "playbooks", playbook),
           "-e", "ipcam_report_dir=%s" % os.path.join(state_dir, "reports")] + list(extra)
    if check:
        cmd += ["--check", "--diff"]
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, ".collections"),
               ANSIBLE_NOCOLOR="1", PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    log = os.path.join(state_dir, log_name)
    started = time.time()
    with open(log, "w") as f:
        rc = subprocess.call(cmd, cwd=ROOT, env=env, stdout=f, stderr=subprocess.STDOUT)
    return rc, log, time.time() - started


def compliance(state_dir):
    """Per camera, its entry in the JSON report that the report role wrote."""
    path = os.path.join(state_dir, "reports", "ts-0014-2-compliance.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        report = json.load(f)
    return {cam["name"]: cam for cam in report["cameras"]}


def shorten(text, width):
    """`text` on one line in at most `width` characters, cut at a word boundary with an
    ellipsis (mid-word only for one word longer than half the width)."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if cut.rfind(" ") > width // 2:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,;:.-(") + "\u2026"


def table(reports, width=100):
    """A line per camera, then one per failing control with its reason (shortened at a
    word boundary)."""
    print("    %-9s %-10s %-10s %s" % ("camera", "vendor", "compliant", "failing controls"))
    for cam, rep in sorted(reports.items()):
        failing = [c for c in rep.get("controls") or [] if c["status"] in ("fail", "error")]
        print("    %-9s %-10s %-10s %s" % (cam, (rep.get("camera") or {}).get("vendor"),
                                         "yes" if rep.get("compliant") else "NO",
                                         " ".join(c["id"] or "-" for c in failing) or "-"))
        for c in failing:
            print("    %32s %-8s %s" % ("", c["id"] or "-", shorten(c["reason"], width)))
    counts = {}
    for rep in reports.values():
        for status, n in (rep.get("summary") or {}).get("counts", {}).items():
            counts[status] = counts.get(status, 0) + n
    print("    controls: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))


def manual_hardening(vendor, profile):
    """The site visit for a camera of `vendor` on firmware `profile`: the profile's own
    `manual_hardening` where it has one (it replaces the vendor's), else the vendor
    package's MANUAL_HARDENING (tests/emulator/vendors/README.md)."""
    own = emulator_profiles.get(profile).get("manual_hardening") if profile else None
    if own is not None:
        return own
    return getattr(vendors.get(vendor), "MANUAL_HARDENING", ())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--state-dir", required=True)
    # Two cameras per registered emulator vendor: each vendor's first two firmware profiles.
    p.add_argument("--cameras", type=int, default=2 * len(vendors.NAMES))
    p.add_argument("--level", type=int, default=2, choices=(1, 2, 3))
    args = p.parse_args()
    state_dir = os.path.abspath(args.state_dir)
    os.makedirs(state_dir, exist_ok=True)
    for old in glob.glob(os.path.join(state_dir, "reports", "*")):
        os.unlink(old)
    level = ["-e", "ipcam_level=%d" % args.level]
    t0 = time.time()
    print("[1/5] Starting %d emulated cameras (%s) in their factory state"
          % (args.cameras, ", ".join(vendors.NAMES)))
    with EmulatorProcess(os.path.join(state_dir, "emulator"), cameras=args.cameras,
                         first_address="127.9.0.1", extra_args=["--reset"]) as emu:
        print("      ready in %.1fs; inventory %s" % (time.time() - t0, emu.inventory))

        print("[2/5] Audit at level %d (read-only): playbooks/audit.yml" % args.level)
        rc, log, took = ansible(state_dir, emu, "audit.yml", "1-audit.log", level)
        table(compliance(state_dir))
        print("      %.1fs, exit %d; log %s" % (took, rc, log))
        print("      reports (rewritten by each audit): %s" % ", ".join(
            sorted(glob.glob(os.path.join(state_dir, "reports", "*")))))

        print("[3/5] Enforce level %d: playbooks/enforce.yml (--check --diff first, then for real)" % args.level)
        rc, log, took = ansible(state_dir, emu, "enforce.yml", "2-plan.log", level, check=True)
        print("      plan: %.1fs, exit %d; the drift plan is in %s" % (took, rc, log))
        rc, log, took = ansible(state_dir, emu, "enforce.yml", "3-enforce.log", level)
        print("      apply: %.1fs, exit %d; log %s" % (took, rc, log))

        # What the collection audits but does not enforce, a technician does by hand in
        # each camera's web page: what depends on the firmware, so each camera's profile
        # says what (its manual_hardening), else its vendor package (MANUAL_HARDENING).
        print("[4/5] Site visit: a technician, by hand, for what the collection does not enforce")
        by_firmware = {}
        for cam in emu.control.cameras():
            by_firmware.setdefault((cam["vendor"], cam["profile"]), []).append(cam["id"])
        for (vendor, profile), cams in by_firmware.items():
            for why, changes in manual_hardening(vendor, profile):
                print("      %s (%s): %s" % (", ".join(cams), profile, why))
                for cam in cams:
                    emu.control.drift(cam, changes)

        print("[5/5] Audit again at level %d" % args.level)
        rc, log, took = ansible(state_dir, emu, "audit.yml", "4-audit.log",
                                level + ["-e", "ipcam_fail_on_drift=true"])
        reports = compliance(state_dir)
        table(reports)
        print("      %.1fs, exit %d; log %s" % (took, rc, log))
        print("      reports: %s" % ", ".join(sorted(glob.glob(os.path.join(state_dir, "reports", "*")))))
    compliant = bool(reports) and all(r.get("compliant") for r in reports.values())
    print("Done in %.0fs: %s" % (time.time() - t0, "every camera compliant at level %d" % args.level
                                 if compliant else "NOT every camera is compliant (see the table above)"))
    return 0 if compliant and rc == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
