"""Bad input fails the task before the camera is sent anything: one playbook
(playbooks/bad_input_table.yml), one task per case, every vendor. Each failure names the
option, says nothing was changed, and the emulator counts no request at all; secrets with
control characters are refused without being shown, even at -vvv."""

import os

import yaml

from tests.integration.ansible_run import PLAYBOOKS, run_playbook
from tests.conftest import cameras_of

CAMS = cameras_of()  # every registered vendor
NOTHING_CHANGED = "invalid input, nothing was changed"

# task name: (the option the message names, a phrase of the message)
CASES = {
    "timeout 0": ("timeout", "timeout must be from 1 to 300, got 0"),
    "timeout over 300": ("timeout", "timeout must be from 1 to 300, got 301"),
    "task_timeout below timeout": ("task_timeout", "task_timeout (5) must be at least timeout (10)"),
    "task_timeout over an hour": ("task_timeout", "task_timeout must be from 1 to 3600, got 3601"),
    "task_timeout 0": ("task_timeout", "task_timeout must be from 1 to 3600, got 0"),
    "https_port 0": ("https_port", "https_port must be from 1 to 65535, got 0"),
    "http_port over 65535": ("http_port", "http_port must be from 1 to 65535, got 65536"),
    "https_port negative": ("https_port", "https_port must be from 1 to 65535, got -1"),
    "http_port 0": ("http_port", "http_port must be from 1 to 65535, got 0"),
    "timeout over 300 on storage": ("timeout", "timeout must be from 1 to 300, got 1000"),
    "timeout 0 on baseline": ("timeout", "timeout must be from 1 to 300, got 0"),
    "host with a scheme": ("host", "contains a scheme (such as https://)"),
    "host with user information": ("host", "contains user information (user@)"),
    "host with a path": ("host", "contains a path ('/')"),
    "host with a port": ("host", "a port cannot be given in the host"),
    "host with a query": ("host", "contains a query ('?')"),
    "host with a fragment": ("host", "contains a fragment ('#')"),
    "host with a space": ("host", "host 'cam 01' contains a space"),
    "host with CR LF": ("host", "contains a control character (CR)"),
    "IPv4 host in brackets": ("host", "brackets are only for IPv6 addresses"),
    "username with a colon": ("username", "username 'ad:min' contains ':'"),
    "username with CR LF": ("username", "username 'admin\\r\\nX-Injected: 1' contains a control "
                                        "character (CR)"),
    "probes.timeout 0": ("probes.timeout", "probes.timeout must be more than 0 and at most 60, got 0"),
    "probes.timeout over a minute": ("probes.timeout", "must be more than 0 and at most 60, got 1000"),
    "probes.snmp_port 0": ("probes.snmp_port", "probes.snmp_port must be from 1 to 65535, got 0"),
    "probes.rtsp_port over 65535": ("probes.rtsp_port", "must be from 1 to 65535, got 99999"),
    "probes.tcp_ports entry over 65535": ("probes.tcp_ports",
                                          "probes.tcp_ports item 2 must be from 1 to 65535, got 70000"),
    "probes.cert_min_days negative": ("probes.cert_min_days",
                                      "probes.cert_min_days must be from 0 to 3650, got -5"),
    "probes.snmp_v3.username with LF": ("probes.snmp_v3.username", "contains a control character (LF)"),
    "snmp_versions empty": ("snmp_versions", "to turn SNMP off, use snmp: false"),
    "bow-tie mask": ("masks", "masks item 2 (mask bowtie): the polygon crosses itself"),
    "pentagram mask, replaced": ("masks", "masks item 1 (mask star): the polygon crosses itself"),
    "mask point outside the picture": ("masks", "masks item 1 (mask out): point 2 [1.2, 0.1] is "
                                                "outside the picture"),
    "bow-tie mask declared in compliance_facts": ("masks", "masks item 1 (mask bowtie): the polygon "
                                                           "crosses itself"),
    "bow-tie mask in baseline": ("masks", "masks item 1 (mask bowtie): the polygon crosses itself"),
    "storage passphrase with LF": ("passphrase", "passphrase contains a control character (LF)"),
    "baseline storage_passphrase with CR": ("storage_passphrase",
                                            "storage_passphrase contains a control character (CR)"),
    "max_offset 0": ("max_offset", "max_offset must be more than 0 and at most 86400, got 0"),
    "max_offset negative": ("max_offset", "max_offset must be more than 0 and at most 86400, got -3"),
    "NTP server with a path": ("ntp_servers", "ntp_servers item 1 'ntp.example/pool' contains a path"),
    "NTP server with a scheme": ("ntp_servers", "ntp_servers item 2 'udp://ntp.example' contains a "
                                                "scheme"),
    "NTP server with a port": ("ntp_servers", "a port cannot be given in the host"),
    "NTP server with a space": ("ntp_servers", "ntp_servers item 1 'pool ntp' contains a space"),
    "NTP server with LF": ("ntp_servers", "contains a control character (LF)"),
    "syslog host with a port": ("servers", "servers item 1: host 'syslog.example:514' is neither "
                                           "an IPv6 address nor a host name"),
    "syslog host with user information": ("servers", "contains user information (user@)"),
    "syslog host with a scheme": ("servers", "servers item 1: host 'tcp://syslog.example' contains "
                                             "a scheme"),
    "syslog host with CR LF": ("servers", "contains a control character (CR)"),
    "syslog port 0": ("servers", "servers item 1: port must be a number from 1 to 65535, got 0"),
    "lockout_attempts 0": ("lockout_attempts", "lockout_attempts must be a whole number from 1 to 10, "
                                               "got 0"),
    "lockout_attempts 100": ("lockout_attempts", "lockout_attempts must be a whole number from 1 to "
                                                 "10, got 100"),
    "user name with CR LF": ("users", "users item 1: name 'op\\r\\nx' contains a control character "
                                      "(CR)"),
    "user name with a colon": ("users", "users item 1: name 'op:x' contains ':'"),
    "user password with LF": ("users", "users item 1: password contains a control character (LF)"),
}
# Secret values in the table: refused, and never repeated in the message.
TABLE_SECRETS = ("first\nsecond", "first\rsecond", "Op-Pass\n1234", "Op-Pass")


def playbook_task_names(name):
    with open(os.path.join(PLAYBOOKS, name)) as f:
        return [task["name"] for play in yaml.safe_load(f) for task in play["tasks"]]


def zero_counters(fleet):
    for cam in CAMS:
        fleet.control.reset_counters(cam)


def assert_nothing_sent(fleet):
    for cam in CAMS:
        counters = fleet.control.counters(cam)
        assert counters["requests"] == 0, (cam, counters)
        assert counters["udp"] == {}, (cam, counters)  # no probe went out either


def test_the_table_covers_the_playbook():
    assert playbook_task_names("bad_input_table.yml") == list(CASES)
    assert len(CASES) >= 40


def test_bad_input_fails_naming_the_option_before_any_request(fleet):
    before = {cam: fleet.control.state(cam) for cam in CAMS}
    zero_counters(fleet)
    run = run_playbook("bad_input_table.yml", fleet.inventory)
    assert_nothing_sent(fleet)

    wrong = []
    for cam in CAMS:
        for task, (option, phrase) in CASES.items():
            record = run.result(task, cam)
            result = record["result"]
            msg = result.get("msg", "")
            if not (record["status"] == "failed" and result.get("changed") is False
                    and option in msg and NOTHING_CHANGED in msg and phrase in msg):
                wrong.append((cam, task, record["status"], msg))
            for secret in TABLE_SECRETS:
                assert secret not in msg, (cam, task, msg)
    assert wrong == [], "\n".join(repr(w) for w in wrong)
    for cam in CAMS:
        assert fleet.control.state(cam) == before[cam], cam


# The camera's account is in the inventory; these tasks give their own bad credentials.
LEAKY_PASSWORD = "Leak-Me-7f3a\nsecond-line"
LEAKY_USER_PASSWORD = "User-Secret-41c9\r\nX"


def test_credentials_with_line_breaks_are_refused_and_never_shown(fleet, jumphost_inventory):
    zero_counters(fleet)
    run = run_playbook("bad_input_credentials.yml", fleet.inventory,
                       {"bad_password": LEAKY_PASSWORD, "bad_user_password": LEAKY_USER_PASSWORD},
                       verbosity=3, extra_args=["-i", jumphost_inventory])
    assert_nothing_sent(fleet)
    expected = {
        "User name with CR LF": "username 'admin\\r\\nX-Injected: 1' contains a control character (CR)",
        "Password with a newline": "password contains a control character (LF)",
        "Password with a newline on the delegated path":
            "password contains a control character (LF)",
        "New user's password with CR LF":
            "users item 1: password contains a control character (CR)",
    }
    for cam in CAMS:
        for task, phrase in expected.items():
            record = run.result(task, cam)
            msg = record["result"]["msg"]
            assert record["status"] == "failed" and NOTHING_CHANGED in msg and phrase in msg, (
                cam, task, msg)
    output = run.stdout + run.stderr + repr(run.records)
    for piece in ("Leak-Me-7f3a", "second-line", "User-Secret-41c9"):
        assert piece not in output, piece
    # The search was not vacuous: -vvv output, with the masked arguments in it.
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.stdout
