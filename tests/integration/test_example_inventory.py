"""inventories/example (the documented real-world layout) works with the baseline role as
shipped: its vault opens with the documented password, every camera's site data becomes
the expectations the audit judges it against, and the declared accounts reach them with
names and roles only - the vaulted passwords appear nowhere, even at -vvv."""

import os

from tests.integration.ansible_run import ROOT, run_playbook

EXAMPLE = os.path.join(ROOT, "inventories", "example")
VAULT_PASSWORD = "example-only-change-me"  # documented in inventories/example/README.md
SECRETS = ("replace-with-your-camera-password", "replace-with-the-nvr-recording-account-password",
           "replace-with-your-sd-passphrase")
TASK = "Show the expectations"


def test_example_site_data_becomes_the_expectations_without_secrets(tmp_path):
    password_file = tmp_path / "vault-password"
    password_file.write_text(VAULT_PASSWORD + "\n")
    run = run_playbook("example_expectations.yml", EXAMPLE, verbosity=3,
                       extra_args=["--vault-password-file", str(password_file)])
    assert run.rc == 0, run
    for secret in SECRETS:
        assert secret not in run.stdout and secret not in run.stderr, secret
    hosts = sorted(r["host"] for r in run.results(TASK))
    assert hosts == ["kaohsiung-gate-01", "kaohsiung-yard-02", "taipei-carpark-02", "taipei-lobby-01"]
    for host in hosts:
        controls = run.result(TASK, host)["result"]["_ipcam_controls"]
        assert controls["5.4.3"]["expect"]["users"] == [
            {"name": "camsec-audit", "role": "admin", "state": "present"},
            {"name": "nvr-recorder", "role": "viewer", "state": "present"}]
        assert controls["5.4.2"]["expect"] == {"login_attempt": True}
        assert controls["5.2.1"]["expect"]["firmware_minimums"]["P3265-LVE"] == "11.8.64"
        assert controls["5.2.7"]["expect"]["syslog_servers"] == [
            {"host": "siem.example.net", "port": 6514, "protocol": "tls"}]
    # The site group's exception (ipcam_controls) sits over the site data.
    hq = run.result(TASK, "taipei-lobby-01")["result"]["_ipcam_controls"]
    assert hq["5.3.2.2"]["expect"] == {"snmp": "v3_only"}
    assert "CHG-4711" in hq["5.3.2.2"]["justification"]
    depot = run.result(TASK, "kaohsiung-gate-01")["result"]["_ipcam_controls"]
    assert "5.3.2.2" not in depot
