# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SD card of a Dahua camera (area `storage`), for DahuaDriver.

- storageDevice.cgi?action=getDeviceAllInfo: list.info[i].Name, .State and
  .Detail[j].{Path, Type, TotalBytes, UsedBytes, IsError} [SEEN]; a camera without a card
  lists none. Firmware that can encrypt a card also reports list.info[i].Encrypt
  (true/false) [INF: no recording shows the status; the key is this collection's guess].
- Encryption is RPC2 only: SDEncrypt.encrypt {name, password} [3P]; the card is
  formatted by it [INF]. Firmware without SDEncrypt answers "Method not found!".
- Format: storageDevice.cgi?action=setDevice&type=FormatPatition (sic) [3P] with the
  partition's path. The camera mounts a card it formatted itself [INF]: mount sends
  nothing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import without_secret
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua.cgi import as_bool
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError, Unsupported

NO_ENCRYPTION = ("this firmware reports no SD-card encryption (no Encrypt in storageDevice.cgi "
                 "getDeviceAllInfo): Dahua encrypts cards only over RPC2 SDEncrypt, on firmware "
                 "that has it")
ABSENT_STATES = ("nocard", "absent", "notexist")


def _cards(listing):
    cards = {}
    for key, value in listing.items():
        if not key.startswith("list.info["):
            continue
        index, _sep, field = key[len("list.info["):].partition("].")
        if index.isdigit() and field:
            cards.setdefault(int(index), {})[field] = value
    return [cards[i] for i in sorted(cards)]


def _number(value):
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _listing(driver):
    return _cards(driver.cgi.action("storageDevice", "getDeviceAllInfo"))


def read(driver):
    slots, unsupported = [], {}
    for card in _listing(driver):
        state = (card.get("State") or "").lower()
        total, used = _number(card.get("Detail[0].TotalBytes")), _number(card.get("Detail[0].UsedBytes"))
        capable = "Encrypt" in card
        encrypted = as_bool(card.get("Encrypt"))
        if not capable:
            unsupported["encryption"] = NO_ENCRYPTION
        slots.append({
            "id": card.get("Name"),
            "present": state not in ABSENT_STATES,
            "encryption_supported": capable,
            "encryption_enabled": encrypted,
            "encrypted": encrypted,
            "locked": False,
            "filesystem": None,
            "status": card.get("State"),
            "recording": bool(used),
            "capacity_bytes": total,
        })
    return {"slots": slots, "unsupported": unsupported}


def _card(driver, slot_id):
    for card in _listing(driver):
        if card.get("Name") == slot_id:
            return card
    raise CameraError(driver.camera, "CGI storageDevice getDeviceAllInfo",
                      "no card named %s" % slot_id)


def encrypt(driver, slot_id, passphrase):
    card = _card(driver, slot_id)
    if "Encrypt" not in card:
        raise Unsupported(NO_ENCRYPTION)
    try:
        driver.rpc2.call("SDEncrypt.encrypt", {"name": slot_id, "password": passphrase})
    except CameraError as exc:
        raise without_secret(exc, passphrase)


def format_card(driver, slot_id):
    path = _card(driver, slot_id).get("Detail[0].Path") or slot_id
    driver.cgi.action("storageDevice", "setDevice", [("type", "FormatPatition"), ("path", path)],
                      write=True)


def mount(driver, slot_id):
    """Nothing to send: the camera mounts the card it formatted [INF]."""
