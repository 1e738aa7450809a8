"""The execution environment: execution-environment/execution-environment.yml is a valid
ansible-builder definition (version 3) that installs the collection from its tarball, and
the collection's meta/execution-environment.yml gives ansible-builder the collection's
Python requirements (and no system package outside the `test` profile). ansible-builder's
`create` validates the definition and writes the build context without a container
runtime; `introspect` reads the installed collection as a build does."""

import os
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
DEFINITION = os.path.join(ROOT, "execution-environment", "execution-environment.yml")


def build_tarball(dest):
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", "--force",
                    "--output-path", str(dest), ROOT], check=True, capture_output=True, cwd=ROOT)
    (built,) = [p for p in os.listdir(dest) if p.endswith(".tar.gz")]
    return os.path.join(str(dest), built)


def builder(*args, cwd):
    return subprocess.run([os.path.join(BIN, "ansible-builder")] + list(args), cwd=str(cwd),
                          capture_output=True, text=True, timeout=300)


def requirement_names(path):
    with open(path) as f:
        return sorted(line.split("#")[0].strip() for line in f
                      if line.split("#")[0].strip())


def test_the_ee_definition_is_valid_and_installs_the_collection_tarball(tmp_path):
    ee = tmp_path / "ee"
    ee.mkdir()
    shutil.copy(DEFINITION, ee / "execution-environment.yml")
    shutil.copy(build_tarball(tmp_path / "dist"), ee / "camsec-ipcam.tar.gz")
    made = builder("create", "-f", "execution-environment.yml", "-c", "context",
                   "--output-filename", "Containerfile", cwd=ee)
    assert made.returncode == 0, made.stdout + made.stderr
    containerfile = (ee / "context" / "Containerfile").read_text()
    assert "quay.io/ansible/awx-ee:" in containerfile
    assert (ee / "context" / "_build" / "collections" / "camsec-ipcam.tar.gz").is_file()
    with open(ee / "context" / "_build" / "requirements.yml") as f:
        galaxy = yaml.safe_load(f)
    assert galaxy["collections"] == [{"name": "collections/camsec-ipcam.tar.gz", "type": "file"}]


def test_ansible_builder_refuses_a_definition_it_cannot_build(tmp_path):
    """The validation is ansible-builder's, not a formality: the collection metadata file
    passed as a definition (the mistake docs/awx.md warns about) is refused."""
    shutil.copy(os.path.join(ROOT, "meta", "execution-environment.yml"), tmp_path / "ee.yml")
    made = builder("create", "-f", "ee.yml", "-c", "context", cwd=tmp_path)
    assert made.returncode != 0
    assert not (tmp_path / "context" / "Containerfile").exists()


def test_the_collection_metadata_gives_its_python_requirements_and_no_runtime_system_package(
        tmp_path):
    collections = tmp_path / "collections"
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--force", "-p",
                    str(collections), build_tarball(tmp_path / "dist")],
                   check=True, capture_output=True)
    seen = builder("introspect", "--sanitize", str(collections), cwd=tmp_path)
    assert seen.returncode == 0, seen.stdout + seen.stderr
    data = yaml.safe_load(seen.stdout)
    python = sorted(entry.split("#")[0].strip() for entry in data["python"])
    assert python == requirement_names(os.path.join(ROOT, "requirements.txt"))
    assert data["system"], "bindep.txt is read"
    for entry in data["system"]:
        assert "test]" in entry.split("#")[0], "a system package outside the test profile: " + entry
