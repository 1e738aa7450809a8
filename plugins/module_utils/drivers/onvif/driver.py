# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Driver for any ONVIF camera: every area as ONVIF answers it, through the Onvif helper
(helper.py) that the vendor drivers have too. ONVIF defines no operation for UPnP, SNMP,
Bonjour or SD cards (camera-apis.md §1.2): those say so instead of guessing."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.base import Driver
from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.onvif.helper import NO_SD_API, Onvif
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported


class OnvifDriver(Driver):
    vendor = "onvif"
    # Generic ONVIF cameras (many OEM brands) ship with admin/admin, admin with an empty
    # password, admin/123456 and the like (common knowledge of these products).
    FACTORY_ACCOUNTS = (("admin", "admin"), ("admin", ""), ("admin", "123456"), ("admin", "1234"),
                        ("admin", "12345"), ("root", "pass"))
    # Only the fallback when the camera cannot name its snapshot URI (GetSnapshotUri):
    # /onvif/snapshot is a guess that a real camera will usually answer 404.
    SNAPSHOT_PATHS = ("/onvif/snapshot",)
    # [INF] a real ONVIF device names its stream URI in GetStreamUri (Media), which this
    # collection does not call; /onvif/media/profile1 is the path the test emulator serves.
    STREAM_PATHS = ("/onvif/media/profile1",)
    MEDIA_URIS_FROM_CAMERA = True
    # Used as the ONVIF part of another driver (has-a), set False there: that driver's
    # accounts read is not GetUsers, so 5.4.2 asks GetUsers too.
    accounts_read_is_onvif = True

    @classmethod
    def recognises(cls, identity):
        return True  # it answered GetDeviceInformation: any ONVIF camera is its own

    def __init__(self, transport):
        super(OnvifDriver, self).__init__(transport)
        self.onvif = Onvif(self)

    def identity(self):
        return self.onvif.identity()

    def capabilities(self):
        return self.onvif.capabilities()

    # -- discovery ----------------------------------------------------------------------
    def read_ws_discovery(self):
        return self.onvif.read_ws_discovery()

    def write_ws_discovery(self, on):
        self.onvif.write_ws_discovery(on)

    def read_discovery(self):
        return self.onvif.read_discovery()

    def write_discovery(self, values):
        self.onvif.write_discovery(values)

    # -- network protocols --------------------------------------------------------------
    def read_protocols(self):
        return self.onvif.read_protocols()

    def write_protocols(self, values):
        self.onvif.write_protocols(values)

    def management_check(self, transport=None):
        self.onvif.management_check(transport)

    # -- removable storage, privacy masks -------------------------------------------------
    def read_storage(self):
        raise Unsupported(NO_SD_API)

    def read_privacy_masks(self):
        return self.onvif.read_privacy_masks()

    def apply_masks(self, video_source, changes, final_masks, applied):
        self.onvif.apply_masks(video_source, changes, final_masks, applied)

    # -- time and logging ---------------------------------------------------------------
    def clock_offset(self):
        return self.onvif.time_logging.clock_offset()

    def read_time(self):
        return self.onvif.time_logging.read_time()

    def write_time(self, values, current):
        self.onvif.time_logging.write_time(values, current)

    def read_logging(self):
        return self.onvif.time_logging.read_logging()

    def write_logging(self, values, current):
        self.onvif.time_logging.write_logging(values, current)

    # -- accounts -----------------------------------------------------------------------
    def calls_without_login(self):
        return self.onvif.accounts.calls_without_login()

    def user_lists_disclosing_passwords(self, current):
        return self.onvif.accounts.user_lists_disclosing_passwords(
            current, self.accounts_read_is_onvif)

    def read_accounts(self):
        return self.onvif.accounts.read_accounts()

    def create_user(self, name, role, password):
        self.onvif.accounts.create_user(name, role, password)

    def update_user(self, name, role, current):
        self.onvif.accounts.update_user(name, role, current)

    def delete_user(self, name, current):
        self.onvif.accounts.delete_user(name, current)

    def write_access(self, values, current):
        self.onvif.accounts.write_access(values, current)

    # -- media, streaming, wireless -----------------------------------------------------
    def media_uris(self):
        return self.onvif.media.media_uris()

    def read_streaming(self):
        return self.onvif.streams.read_streaming()

    def read_wireless(self):
        return self.onvif.streams.read_wireless()
