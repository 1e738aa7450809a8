"""site_vars (plugins/plugin_utils/site_vars.py): the site data the audit and the
whole-level enforcement read from a camera's ipcam_* variables in the action plugin,
instead of a per-host set_fact (issue 14).

The documented real-world inventory (inventories/example, its vault opened with the
documented password) is loaded with Ansible's own inventory and variable managers, so
what is judged here is exactly what a playbook run would hand the action plugin."""

import json
import os

import pytest
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
from ansible.parsing.vault import VaultSecret
from ansible.template import Templar
from ansible.vars.manager import VariableManager

from ansible_collections.camsec.ipcam.plugins.module_utils import catalog
from ansible_collections.camsec.ipcam.plugins.plugin_utils import site_vars

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "inventories", "example")
VAULT_PASSWORD = b"example-only-change-me"  # documented in inventories/example/README.md
SECRETS = ("replace-with-your-camera-password", "replace-with-the-nvr-recording-account-password",
           "replace-with-your-sd-passphrase")
LEVELS = dict((c["id"], c["level"]) for c in catalog.CONTROLS)


def host_vars(inventory_dir, name):
    loader = DataLoader()
    loader.set_vault_secrets([("default", VaultSecret(VAULT_PASSWORD))])
    inventory = InventoryManager(loader=loader, sources=[inventory_dir])
    manager = VariableManager(loader=loader, inventory=inventory)
    variables = manager.get_vars(host=inventory.get_host(name))
    return variables, Templar(loader=loader, variables=variables).template


@pytest.mark.parametrize("host", ["kaohsiung-gate-01", "kaohsiung-yard-02", "taipei-carpark-02",
                                  "taipei-lobby-01"])
def test_example_site_data_becomes_the_expectations_without_secrets(host):
    variables, template = host_vars(EXAMPLE, host)
    args, secrets = site_vars.module_args("compliance_facts", variables, template, LEVELS)
    controls = args["controls"]
    assert controls["5.4.3"]["expect"]["users"] == [
        {"name": "camsec-audit", "role": "admin", "state": "present"},
        {"name": "nvr-recorder", "role": "viewer", "state": "present"}]
    assert controls["5.4.2"]["expect"] == {"login_attempt": True}
    assert controls["5.2.1"]["expect"]["firmware_minimums"]["P3265-LVE"] == "11.8.64"
    assert controls["5.2.7"]["expect"]["syslog_servers"] == [
        {"host": "siem.example.net", "port": 6514, "protocol": "tls"}]
    # The vaulted values are known as secrets (redacted from the result) and appear
    # nowhere in the options the evaluation is given.
    shown = json.dumps(args)
    assert not [s for s in SECRETS if s in shown]
    assert "replace-with-the-nvr-recording-account-password" in secrets


def test_example_group_exception_sits_over_the_site_data():
    hq = site_vars.module_args("compliance_facts", *host_vars(EXAMPLE, "taipei-lobby-01"), control_levels=LEVELS)[0]
    assert hq["controls"]["5.3.2.2"]["expect"] == {"snmp": "v3_only"}
    assert "CHG-4711" in hq["controls"]["5.3.2.2"]["justification"]
    depot = site_vars.module_args("compliance_facts", *host_vars(EXAMPLE, "kaohsiung-gate-01"), control_levels=LEVELS)[0]
    assert "5.3.2.2" not in depot["controls"]


def plain(variables):
    return site_vars.module_args("compliance_facts", variables, lambda v: v, LEVELS)[0]


def test_role_defaults_apply_when_inventory_says_nothing():
    args = plain({})
    assert args["level"] == 2 and args["fail_on_drift"] is False
    assert args["probes"] == {"services": ["snmp", "mdns", "ssdp", "wsd", "tcp", "tls", "rtsp"],
                              "timeout": 1.5, "tcp_ports": [21, 22, 23, 80, 443, 554]}
    assert args["controls"]["5.3.2"] == {"expect": {"min_tls_version": "TLSv1.2"}}
    assert args["controls"]["5.2.2"] == {"expect": {"allowed_tcp_ports": [80, 443, 554]}}


def test_toggle_off_disables_the_clause_with_its_justification():
    args = plain({"ipcam_rule_5_3_2_2": False, "ipcam_rule_5_2_7": "no",
                  "ipcam_rule_justifications": {"5.3.2.2": "NMS needs SNMPv2c (CHG-1)"}})
    assert args["controls"]["5.3.2.2"] == {"enabled": False, "justification": "NMS needs SNMPv2c (CHG-1)"}
    assert args["controls"]["5.2.7"]["enabled"] is False
    assert "ipcam_rule_5_2_7" in args["controls"]["5.2.7"]["justification"]
    # the site data of a disabled clause stays (the report shows what it would expect)
    assert "ntp_servers" in args["controls"]["5.2.7"]["expect"]


def test_user_overrides_merge_key_by_key_over_the_site_data():
    args = plain({"ipcam_ntp_servers": ["ntp1.example.net"],
                  "ipcam_controls": {"5.2.7": {"expect": {"syslog_servers": None}, "level": 3}}})
    assert args["controls"]["5.2.7"] == {"expect": {"ntp_servers": ["ntp1.example.net"],
                                                    "syslog_servers": None}, "level": 3}


def test_probe_switches_and_secrets():
    args, secrets = site_vars.module_args("compliance_facts", {
        "ipcam_probe_snmp": False, "ipcam_probe_rtsp": False, "ipcam_probe_timeout": "3",
        "ipcam_snmp_community": "s3cret-community"}, lambda v: v, LEVELS)
    assert args["probes"]["services"] == ["mdns", "ssdp", "wsd", "tcp", "tls"]
    assert args["probes"]["timeout"] == 3.0 and args["probes"]["snmp_community"] == "s3cret-community"
    assert "s3cret-community" in secrets


@pytest.mark.parametrize("variables, words", [
    ({"ipcam_level": 4}, "ipcam_level"),
    ({"ipcam_probe_timeout": "soon"}, "ipcam_probe_timeout"),
    ({"ipcam_users": "admin"}, "ipcam_users"),
    ({"ipcam_rule_9_9_9": False}, "ipcam_rule_9_9_9"),
])
def test_bad_site_variables_are_refused_by_name(variables, words):
    with pytest.raises(site_vars.SiteVarsError) as raised:
        plain(variables)
    assert words in str(raised.value)


def test_baseline_takes_users_with_passwords_and_leaves_skipped_clauses_out():
    users = [{"name": "nvr", "role": "viewer", "password": "vaulted-pw"}]
    args, secrets = site_vars.module_args(
        "baseline", {"ipcam_users": users, "ipcam_sd_passphrase": "sd-pass",
                     "ansible_skip_tags": ["rule_5.3.1", "level3"]}, lambda v: v, LEVELS)
    assert args["users"] == users and args["storage_passphrase"] == "sd-pass"
    assert {"vaulted-pw", "sd-pass"} <= secrets
    # rule_5.3.1 by name; level3 skips the clauses whose tasks carry level3, i.e. all of them
    assert args["exclude"] == sorted(LEVELS)
    # excluded from enforcement only: the evaluation's expectations are untouched
    assert not [cid for cid, entry in args["controls"].items() if entry.get("enabled") is False]
    args = site_vars.module_args("baseline", {"ansible_skip_tags": ["rule_5.3.1"]}, lambda v: v, LEVELS)[0]
    assert args["exclude"] == ["5.3.1"] and args["enforce"] is True
    args = site_vars.module_args("baseline", {"ipcam_audit_only": True}, lambda v: v, LEVELS)[0]
    assert args["enforce"] is False and args["exclude"] == []


def test_a_refusal_never_quotes_a_secret():
    with pytest.raises(site_vars.SiteVarsError) as raised:
        plain({"ipcam_sd_passphrase": "Vaulted-SD-Pass", "ipcam_level": 7,
               "ipcam_users": [{"name": "nvr", "password": "Vaulted-User-Pass"}],
               # a choice the checker quotes back ("..., got: <value>"): here a secret's value
               "ipcam_on_unsupported": "Vaulted-User-Pass"})
    assert "ipcam_on_unsupported" in str(raised.value) and "got: ********" in str(raised.value)
    assert "Vaulted" not in str(raised.value) and "ipcam_level" in str(raised.value)

