"""`make matrix`: the collection's tarball on every supported ansible-core, each on a Python
it supports, in a fresh venv per row:

  install   pip install ansible-core X.Y, the collection's requirements.txt and what the
            emulator needs; ansible-galaxy collection install of the tarball built from
            git HEAD (the committed collection, nothing else from the repository)
  doc       ansible-doc for every module
  audit     playbook camsec.ipcam.audit against a small emulated fleet (one camera per vendor,
            HTTPS verified against the fleet's CA, python -m tests.emulator on that Python)
  enforce   playbook camsec.ipcam.enforce --check on the same fleet
  sanity    (--sanity) ansible-test sanity of the tarball's contents on that Python

and writes the table to docs/compatibility.md. Slow (a venv per row): not part of make test.
"""

import argparse
import datetime
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from tests.emulator.client import random_first_address  # noqa: E402

PYENV = "/root/.pyenv/versions"
# ansible-core line -> the Python of its row (within the controller Pythons it supports:
# 2.16-2.17: 3.10-3.12; 2.18-2.19: 3.11-3.13; 2.20-2.21: 3.12-3.14).
ROWS = [("2.16", "3.12"), ("2.17", "3.12"), ("2.18", "3.13"), ("2.19", "3.11"),
        ("2.19", "3.13"), ("2.20", "3.12"), ("2.21", "3.13")]
# What `python -m tests.emulator` imports beyond the collection's requirements.txt.
EMULATOR_PACKAGES = ["cryptography", "PyYAML"]
MODULES = sorted(os.path.basename(p)[:-3] for p in glob.glob(
    os.path.join(ROOT, "plugins", "modules", "*.py")) if not p.endswith("__init__.py"))


def python_for(version):
    found = sorted(glob.glob(os.path.join(PYENV, version + ".*", "bin", "python" + version)))
    if not found:
        raise SystemExit("no Python %s under %s" % (version, PYENV))
    return found[-1]


def run(args, log, env=None, cwd=None, timeout=1800):
    started = time.time()
    with open(log, "a") as out:
        out.write("$ %s\n" % " ".join(args))
        out.flush()
        proc = subprocess.run(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                              timeout=timeout)
    return proc.returncode, time.time() - started


def committed_tarball(work):
    """The collection as committed (git HEAD), built into `work`: the table describes a
    commit, not whatever a shared work tree holds at the moment, and a concurrent
    `make collection` (which empties build/) cannot pull the tarball away mid-run."""
    tree = tempfile.mkdtemp(prefix="matrix-tree-", dir=work)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
    for old in glob.glob(os.path.join(work, "*.tar.gz")):
        os.remove(old)
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-galaxy"),
                    "collection", "build", "--force", "--output-path", work, tree],
                   check=True, capture_output=True, cwd=tree)
    shutil.rmtree(tree)
    (built,) = glob.glob(os.path.join(work, "*.tar.gz"))
    return built


def row(core, python, tarball, work, sanity):
    venv = os.path.join(work, "core-%s-py%s" % (core, python))
    shutil.rmtree(venv, ignore_errors=True)
    log = venv + ".log"
    if os.path.exists(log):
        os.remove(log)
    result = {"core": core, "python": python, "log": os.path.relpath(log, ROOT)}
    bin_dir = os.path.join(venv, "bin")
    collections = os.path.join(venv, "collections")
    # A user's setup: the collection from its tarball only, an empty ansible.cfg (not the
    # repository's, which points at .collections), Ansible's files inside the row's venv.
    config = os.path.join(work, "empty-ansible.cfg")
    open(config, "w").close()
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_CONFIG=config,
               ANSIBLE_HOME=os.path.join(venv, "ansible-home"), ANSIBLE_NOCOLOR="1",
               PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    env.pop("VIRTUAL_ENV", None)

    rc, _ = run([python_for(python), "-m", "venv", venv], log)
    rc = rc or run([os.path.join(bin_dir, "python"), "-m", "pip", "install", "--quiet",
                    "ansible-core==%s.*" % core, "-r", os.path.join(ROOT, "requirements.txt")]
                   + EMULATOR_PACKAGES, log)[0]
    rc = rc or run([os.path.join(bin_dir, "ansible-galaxy"), "collection", "install", "--force",
                    "-p", collections, tarball], log, env=env)[0]
    result["install"] = rc == 0
    version = subprocess.run([os.path.join(bin_dir, "python"), "-c",
                              "import ansible, sys; print(ansible.__version__, sys.version.split()[0])"],
                             capture_output=True, text=True).stdout.split() if rc == 0 else ["?", "?"]
    result["core_version"], result["python_version"] = (version + ["?", "?"])[:2]
    if rc:
        return result

    docs_ok = 0
    for module in MODULES:
        code, _ = run([os.path.join(bin_dir, "ansible-doc"), "camsec.ipcam." + module], log, env=env)
        docs_ok += code == 0
    result["doc"] = "%d/%d" % (docs_ok, len(MODULES))
    result["doc_ok"] = docs_ok == len(MODULES)

    state = tempfile.mkdtemp(prefix="matrix-emulator-", dir=work)
    inventory = os.path.join(state, "inventory.yml")
    emulator = subprocess.Popen(
        [os.path.join(bin_dir, "python"), "-m", "tests.emulator", "--cameras", "3",
         "--vendors", "axis,hikvision,onvif", "--state-dir", state, "--inventory", inventory,
         "--first-address", random_first_address()],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 120
        ready = False
        while time.time() < deadline:
            line = emulator.stdout.readline()
            if not line:
                break
            if line.strip() == "ready":
                ready = True
                break
        result["emulator"] = ready
        if not ready:
            return result
        reports = os.path.join(state, "reports")
        rc, seconds = run([os.path.join(bin_dir, "ansible-playbook"), "-i", inventory,
                           "camsec.ipcam.audit", "-e", "ipcam_report_dir=" + reports], log,
                          env=env, cwd=state)
        report = glob.glob(os.path.join(reports, "*.json"))
        cameras = []
        if report:
            with open(report[0]) as f:
                data = json.load(f)
            cameras = data.get("cameras", [])
        evaluated = [c for c in cameras if c.get("evaluated")]
        result["audit"] = rc == 0 and len(evaluated) == 3
        result["audit_detail"] = "rc %d, %d/3 cameras evaluated, %.0f s" % (rc, len(evaluated), seconds)
        # Site data a real enforce needs: the emulated Axis camera's SD card holds
        # recordings, and encrypting it needs a passphrase and ipcam_allow_format (it
        # formats the card; check mode erases nothing).
        site = json.dumps({"ipcam_allow_format": True, "ipcam_sd_passphrase": "matrix-check-only"})
        rc, seconds = run([os.path.join(bin_dir, "ansible-playbook"), "-i", inventory,
                           "camsec.ipcam.enforce", "--check", "-e", site],
                          log, env=env, cwd=state)
        result["enforce"] = rc == 0
        result["enforce_detail"] = "rc %d, %.0f s" % (rc, seconds)
    finally:
        emulator.terminate()
        try:
            emulator.wait(timeout=20)
        except subprocess.TimeoutExpired:
            emulator.kill()
        shutil.rmtree(state, ignore_errors=True)

    if sanity:
        result["sanity"] = run_sanity(bin_dir, python, tarball, log, env) == 0
    return result


def run_sanity(bin_dir, python, tarball, log, env):
    tree = tempfile.mkdtemp(prefix="matrix-sanity-")
    try:
        target = os.path.join(tree, "ansible_collections", "camsec", "ipcam")
        os.makedirs(target)
        subprocess.run(["tar", "-xzf", tarball, "-C", target], check=True)
        return run([os.path.join(bin_dir, "ansible-test"), "sanity", "--color", "no",
                    "--python", python, "--venv"], log, env=env, cwd=target, timeout=3600)[0]
    finally:
        shutil.rmtree(tree, ignore_errors=True)


def mark(value):
    return {True: "pass", False: "**FAIL**", None: "not run"}[value]


def write_table(results, path, sanity):
    lines = [
        "# Compatibility",
        "",
        "`make matrix` (tests/compat/matrix.py) installs the collection's tarball into a fresh",
        "venv for each ansible-core line on a Python that line supports, then runs `ansible-doc`",
        "for every module, the audit playbook and `enforce --check` against an emulated fleet of",
        "three cameras (Axis, Hikvision, ONVIF; HTTPS verified against the fleet's CA)%s." % (
            ", and ansible-test sanity" if sanity else ""),
        "",
        "Last run: %s, on this project's development machine." % datetime.date.today().isoformat(),
        "",
        "| ansible-core | Python | install | ansible-doc | audit | enforce --check |%s" % (
            " sanity |" if sanity else ""),
        "| --- | --- | --- | --- | --- | --- |%s" % (" --- |" if sanity else ""),
    ]
    for r in results:
        cells = [r.get("core_version", r["core"]), r.get("python_version", r["python"]),
                 mark(r.get("install")),
                 "%s (%s)" % (mark(r.get("doc_ok")), r.get("doc", "-")) if "doc" in r else "not run",
                 "%s (%s)" % (mark(r.get("audit")), r.get("audit_detail", "-")) if "audit" in r else "not run",
                 "%s (%s)" % (mark(r.get("enforce")), r.get("enforce_detail", "-")) if "enforce" in r else "not run"]
        if sanity:
            cells.append(mark(r.get("sanity")))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "ansible-core 2.16 and 2.17 do not run on Python 3.13, and 2.20 and later need 3.12",
              "or newer; `requires_ansible` in meta/runtime.yml is `>=2.16.0`.", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--work", default=os.path.join(ROOT, ".state", "matrix"))
    p.add_argument("--output", default=os.path.join(ROOT, "docs", "compatibility.md"))
    p.add_argument("--sanity", action="store_true")
    p.add_argument("--only", help="comma-separated ansible-core lines, e.g. 2.20,2.21")
    args = p.parse_args(argv)
    os.makedirs(args.work, exist_ok=True)
    tarball = committed_tarball(args.work)
    rows = [r for r in ROWS if not args.only or r[0] in args.only.split(",")]
    results = []
    for core, python in rows:
        print("ansible-core %s on Python %s ..." % (core, python), flush=True)
        r = row(core, python, tarball, args.work, args.sanity)
        print("  %s" % json.dumps(r), flush=True)
        results.append(r)
    write_table(results, args.output, args.sanity)
    ok = all(r.get("install") and r.get("doc_ok") and r.get("audit") and r.get("enforce")
             and (r.get("sanity") if args.sanity else True) for r in results)
    print("matrix: %d rows, %s" % (len(results), "all passed" if ok else "FAILURES (see the logs)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
