"""The README's example audit, as a newcomer runs it:

    ansible-playbook -i inventories/example playbooks/audit.yml --ask-vault-pass

with the documented vault password, inside a network namespace of the test's own
(tests/netns.py) where the example addresses (192.0.2.0/24, a documentation range) have no
route: nothing leaves this machine, and every camera must come out as a clear
"unreachable" (Ansible's UNREACHABLE with the camera, its address and the cause), never
as a CA-file or TLS error."""

import os
import subprocess

from tests.integration.ansible_run import BIN, ROOT
from tests.netns import NetNamespace

EXAMPLE = os.path.join(ROOT, "inventories", "example")
VAULT_PASSWORD = "example-only-change-me"  # inventories/example/README.md
ADDRESSES = {"taipei-lobby-01": "192.0.2.11", "taipei-carpark-02": "192.0.2.12",
             "kaohsiung-gate-01": "192.0.2.21", "kaohsiung-yard-02": "192.0.2.22"}


def test_the_readme_example_audit_reports_every_example_camera_unreachable(tmp_path):
    password_file = tmp_path / "vault-password"
    password_file.write_text(VAULT_PASSWORD + "\n")
    reports = tmp_path / "reports"  # where reports would go: not into the repository
    env = {"ANSIBLE_CONFIG": os.path.join(ROOT, "ansible.cfg"), "ANSIBLE_NOCOLOR": "1",
           "ANSIBLE_FORCE_COLOR": "0", "ANSIBLE_HOME": str(tmp_path / "ansible-home")}
    with NetNamespace() as ns:
        # The README's command (run from the repository root), the vault password from a
        # file instead of the prompt, the reports into the test's directory.
        proc = ns.start([os.path.join(BIN, "ansible-playbook"), "-i", "inventories/example",
                         "playbooks/audit.yml", "--vault-password-file", str(password_file),
                         "-e", "ipcam_report_dir=%s" % reports], ready=None, env=env)
        out, err = proc.communicate(timeout=600)
    text = out + err
    assert proc.returncode == 4, "ansible-playbook's code for unreachable hosts\n" + text[-4000:]
    assert "ipcam_ca_path" not in text and "does not exist" not in text, text[-4000:]
    assert "TLS verification" not in text, text[-4000:]
    for host, address in ADDRESSES.items():
        # Each camera's UNREACHABLE result names it, its address and the cause.
        assert "fatal: [%s]: UNREACHABLE!" % host in text, text[-4000:]
        assert "unreachable: camera %s: " % address in text
    assert "Network is unreachable" in text
    recap = text[text.rindex("PLAY RECAP"):]
    for host in ADDRESSES:
        line = next(l for l in recap.splitlines() if l.startswith(host))
        assert "unreachable=1" in line and "failed=0" in line, line
    assert "WARNING" not in text, "a newcomer's first run shows no warnings\n" + text[-4000:]


def test_the_example_ca_file_is_a_ca_certificate_and_no_key_ships():
    from cryptography import x509
    with open(os.path.join(EXAMPLE, "group_vars", "all", "camera-ca.pem"), "rb") as f:
        ca = x509.load_pem_x509_certificate(f.read())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    listed = subprocess.run(["git", "ls-files", "inventories/example"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    assert "key" not in listed.replace("keys", "")
