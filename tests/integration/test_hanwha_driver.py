"""What is special to Hanwha (issue #15), through the driver against the emulator's two
Hanwha firmwares (tests/emulator/vendors/hanwha/profiles.md):

- a refused login, whatever its form (the Digest 401 to a wrong password, SUNAPI's own
  HTTP 490 AccountBlocked of a locked account, `Error Code 609` Not Authorized), is an
  AuthError after ONE credentialed request, and nothing is sent after it;
- passwords a write carries go RSA-encrypted (PKCS#1 v1.5, in the POST body) where the
  firmware has security.cgi's `rsa` submenu, in the query where it has not, and never
  appear in an error;
- pw_init.cgi's statuscheck, asked without credentials, is the camera's own word on 5.4.2
  where the firmware has it (SUNAPI 2.5.5 and later);
- the older firmware's missing submenus (tlsversion, rsa, pw_init, SD encryption) are
  per-field `unsupported` with the call and the camera's words; the rest reads and applies.
"""

import os
import sys

import pytest

from tests.conftest import one_camera_per_profile
from tests.integration.ansible_run import ROOT, run_playbook

COLLECTIONS = os.path.join(ROOT, ".collections")
if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers import registry  # noqa: E402
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.hanwha.driver import HanwhaDriver  # noqa: E402
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import (  # noqa: E402
    AuthError, CameraError, Unsupported, UnsupportedCall)
from ansible_collections.camsec.ipcam.plugins.module_utils.transport import Transport  # noqa: E402

NEW, OLD = "hanwha-wisenet-x-2.21", "hanwha-wisenet-q-1.41"
hanwha_emulator, fleet = one_camera_per_profile([NEW, OLD], "hanwha")
SECRET = "Zq7-user-Secret"
TASK = "Manage accounts"


def driver(fleet, profile, password=None, user="admin"):
    cam = fleet.cam_of[profile]
    t = Transport(cam, fleet.cameras[cam]["address"], user,
                  fleet.password() if password is None else password,
                  use_https=True, ca_path=fleet.ca_path())
    return HanwhaDriver(t)


def counters(fleet, profile):
    return fleet.control.counters(fleet.cam_of[profile])


def users_of(fleet, profile):
    return {u["username"]: u for u in fleet.control.state(fleet.cam_of[profile])["users"]}


@pytest.mark.parametrize("profile", [NEW, OLD])
def test_vendor_auto_picks_the_hanwha_driver(fleet, profile):
    d = driver(fleet, profile)
    chosen = registry.driver_for(d.t, "auto")
    assert type(chosen) is HanwhaDriver
    state = fleet.control.state(fleet.cam_of[profile])
    assert chosen.identity()["model"] == state["identity"]["model"]


def test_sniff_asks_pw_init_without_credentials(fleet):
    for profile, expected in ((NEW, True), (OLD, False)):  # OLD: no pw_init.cgi (404)
        d = driver(fleet, profile)
        fleet.control.reset_counters(fleet.cam_of[profile])
        assert HanwhaDriver.sniff(d.t) is expected
        assert counters(fleet, profile)["credentialed"] == 0


@pytest.mark.parametrize("profile", [NEW, OLD])
def test_wrong_password_is_one_credentialed_request_and_nothing_after(fleet, profile):
    d = driver(fleet, profile, password="not-the-password")
    fleet.control.reset_counters(fleet.cam_of[profile])
    with pytest.raises(AuthError) as caught:
        d.read_discovery()
    assert "refused the credentials of user 'admin'" in str(caught.value)
    assert fleet.cam_of[profile] in str(caught.value) and "SUNAPI network.cgi" in str(caught.value)
    sent = counters(fleet, profile)["requests"]
    assert counters(fleet, profile)["credentialed"] == 1
    for call in (d.read_protocols, d.read_accounts, d.read_storage, d.read_time):
        with pytest.raises(AuthError):
            call()
    assert counters(fleet, profile)["requests"] == sent  # the refusal ended the task's requests


def test_locked_account_is_http_490_and_a_refused_login(fleet):
    cam = fleet.cam_of[NEW]
    fleet.control.faults(cam, lockout_after=1)
    with pytest.raises(AuthError):
        driver(fleet, NEW, password="wrong-once").identity()  # this failure locks it
    d = driver(fleet, NEW)  # the right password, but the account is locked now
    fleet.control.reset_counters(cam)
    with pytest.raises(AuthError) as caught:
        d.read_protocols()
    assert "HTTP 490 AccountBlocked" in str(caught.value)
    assert "maximum number of login attempts" in str(caught.value)  # the camera's words
    # A locked camera answers 490 before any challenge: one request, no password sent.
    assert counters(fleet, NEW)["requests"] == 1
    assert counters(fleet, NEW)["credentialed"] == 0
    sent = counters(fleet, NEW)["requests"]
    with pytest.raises(AuthError):
        d.read_discovery()
    assert counters(fleet, NEW)["requests"] == sent


def test_not_authorized_609_ends_the_logins(fleet):
    admin = driver(fleet, NEW)
    admin.create_user("viewer1", "viewer", SECRET)
    d = driver(fleet, NEW, user="viewer1", password=SECRET)
    fleet.control.reset_counters(fleet.cam_of[NEW])
    with pytest.raises(AuthError) as caught:
        d.create_user("mallory", "admin", "Other-pw-123")  # users add is for admins
    assert "Error Code 609: Not Authorized" in str(caught.value)
    sent = counters(fleet, NEW)["requests"]
    with pytest.raises(AuthError):
        d.read_accounts()
    assert counters(fleet, NEW)["requests"] == sent
    assert "mallory" not in users_of(fleet, NEW)


def test_passwords_go_rsa_encrypted_where_the_camera_has_the_key(fleet):
    d = driver(fleet, NEW)
    d.create_user("bob", "operator", SECRET)
    posts = [c for c in d.t.calls if c[0] == "POST" and c[1].startswith("stw-cgi/")]
    assert posts == [("POST", "stw-cgi/security.cgi")]  # the add, its password in the body
    assert ("GET", "stw-cgi/security.cgi") in d.t.calls  # the rsa key was read first
    assert users_of(fleet, NEW)["bob"]["password"] == SECRET  # the camera decrypted it
    assert users_of(fleet, NEW)["bob"]["level"] == "Operator"
    # The new account logs in with that password: the camera stored what was meant.
    assert driver(fleet, NEW, user="bob", password=SECRET).identity()["model"]


def test_passwords_go_in_the_query_where_the_firmware_has_no_rsa(fleet):
    d = driver(fleet, OLD)
    d.create_user("bob", "viewer", SECRET)
    assert not [c for c in d.t.calls if c[0] == "POST" and c[1].startswith("stw-cgi/")]
    assert users_of(fleet, OLD)["bob"]["password"] == SECRET
    assert users_of(fleet, OLD)["bob"]["level"] == "Viewer"


@pytest.mark.parametrize("profile", [NEW, OLD])
def test_a_refused_password_write_never_quotes_the_password(fleet, profile):
    d = driver(fleet, profile)
    d.create_user("carol", "viewer", SECRET)
    with pytest.raises(CameraError) as caught:
        d.create_user("carol", "viewer", SECRET)  # 606 Duplicate Value
    assert "Error Code 606: Duplicate Value" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_role_change_needs_the_password_and_sends_nothing_without_it(fleet):
    d = driver(fleet, NEW)
    d.create_user("dave", "viewer", SECRET)
    current = d.read_accounts()
    fleet.control.reset_counters(fleet.cam_of[NEW])
    with pytest.raises(Unsupported) as caught:
        d.update_user("dave", "operator", current)
    assert "needs the user's password" in str(caught.value)
    assert counters(fleet, NEW)["requests"] == 0
    d.update_user("dave", "operator", current, password=SECRET)
    assert users_of(fleet, NEW)["dave"]["level"] == "Operator"


def test_pw_init_statuscheck_is_the_cameras_word_on_the_factory_password(fleet):
    cam = fleet.cam_of[NEW]
    d = driver(fleet, NEW)
    assert d.password_self_check() == {"camera_says_default": False, "camera_says_risky": False}
    fleet.control.faults(cam, hanwha_initialized=False)  # waiting for its first password
    assert driver(fleet, NEW).password_self_check()["camera_says_default"] is True
    # OLD: no pw_init.cgi and no PasswordStrength: the camera cannot say.
    with pytest.raises(Unsupported) as caught:
        driver(fleet, OLD).password_self_check()
    assert "pw_init.cgi" in str(caught.value)


def test_older_firmware_lacks_tlsversion_and_sd_encryption_per_field(fleet):
    old = driver(fleet, OLD)
    protocols = old.read_protocols()
    assert "Error Code 600: Submenu Not Found" in protocols["unsupported"]["tls_min_version"]
    assert "SUNAPI security.cgi tlsversion/view" in protocols["unsupported"]["tls_min_version"]
    assert protocols["http"] is True and protocols["https"] is True
    with pytest.raises(UnsupportedCall):
        old.write_protocols({"tls_min_version": "TLSv1.2"})
    old.write_protocols({"http": False})  # the rest still applies
    assert fleet.control.state(fleet.cam_of[OLD])["network"]["http"]["enabled"] is False
    storage = old.read_storage()
    assert storage["slots"][0]["encryption_supported"] is False
    assert "DASConfig" in storage["unsupported"]["encryption"]
    new = driver(fleet, NEW).read_protocols()
    assert new["tls_min_version"] == "TLSv1.2" and "tls_min_version" not in new["unsupported"]


def test_sd_encryption_sends_the_passphrase_encrypted(fleet):
    d = driver(fleet, NEW)
    d.enable_storage_encryption("1", "Card-Passphrase-9")
    d.format_storage("1")
    d.mount_storage("1")
    slot = fleet.control.state(fleet.cam_of[NEW])["storage"]["slots"][0]
    assert slot["passphrase"] == "Card-Passphrase-9"  # decrypted from <SDEncryption>
    assert slot["encrypted"] and slot["mounted"] and slot["recordings"] == 0
    d.forget_reads()
    assert d.read_storage()["slots"][0]["encrypted"] is True


# -- through the accounts module (check/diff, apply, read back, idempotent) --------------

def accounts_run(fleet, profile, check=False, **extra):
    return run_playbook("accounts.yml", fleet.inventory,
                        dict(extra, target=fleet.cam_of[profile]), check=check, diff=True)


@pytest.mark.parametrize("profile", [NEW, OLD])
def test_accounts_module_changes_a_role_with_the_users_password(fleet, profile):
    cam = fleet.cam_of[profile]
    driver(fleet, profile).create_user("bob", "operator", SECRET)
    want = [{"name": "bob", "role": "viewer", "password": SECRET}]
    check = accounts_run(fleet, profile, check=True, accounts_users=want)
    assert check.rc == 0, check
    res = check.result(TASK, cam)["result"]
    assert res["changed"] is True
    assert res["diff"] == {"before": {"users": {"bob": {"role": "operator"}}},
                           "after": {"users": {"bob": {"role": "viewer"}}}}
    assert users_of(fleet, profile)["bob"]["level"] == "Operator", "check mode changed it"
    real = accounts_run(fleet, profile, accounts_users=want)
    assert real.rc == 0, real
    assert users_of(fleet, profile)["bob"]["level"] == "Viewer"
    assert SECRET not in real.stdout + real.stderr
    again = accounts_run(fleet, profile, accounts_users=want)
    assert again.rc == 0 and again.result(TASK, cam)["result"]["changed"] is False


def test_accounts_module_role_change_without_the_password_fails_and_writes_nothing(fleet):
    cam = fleet.cam_of[NEW]
    driver(fleet, NEW).create_user("bob", "operator", SECRET)
    fleet.control.reset_counters(cam)
    # The plan refuses (the area knows the API needs the password), in check mode too.
    for check in (True, False):
        run = accounts_run(fleet, NEW, check=check, accounts_users=[{"name": "bob", "role": "viewer"}])
        assert run.rc != 0
        assert ("user bob: this camera's API changes a role only together with the user's password"
                in run.result(TASK, cam)["result"]["msg"])
    assert fleet.control.counters(cam)["writes"] == 0
    assert users_of(fleet, NEW)["bob"]["level"] == "Operator"


def test_bad_user_name_sends_nothing(fleet):
    cam = fleet.cam_of[NEW]
    fleet.control.reset_counters(cam)
    run = accounts_run(fleet, NEW, accounts_users=[
        {"name": "bad name!", "role": "viewer", "password": SECRET}])
    assert run.rc != 0
    assert "bad name!" in run.result(TASK, cam)["result"]["msg"]
    assert fleet.control.counters(cam)["requests"] == 0
