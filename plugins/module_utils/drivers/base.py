# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every driver offers. A driver translates between the settings model and one
API family; it never decides policy. What its API cannot do raises Unsupported with
the reason, never a guess."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import Unsupported


class Driver(object):
    vendor = None

    def __init__(self, transport):
        self.t = transport
        self.camera = transport.camera

    def forget_reads(self):
        """Drop this task's cached reads, so a read-back sees the camera, not the cache."""
        self.t.cache.clear()

    def identity(self):
        raise Unsupported("no identity call")

    def capabilities(self):
        return {}

    def read_discovery(self):
        raise Unsupported("%s cannot read discovery services" % self.vendor)

    def write_discovery(self, values):
        raise Unsupported("%s cannot set discovery services" % self.vendor)

    def read_privacy_masks(self):
        raise Unsupported("%s has no privacy mask API" % self.vendor)

    def apply_masks(self, video_source, changes, final_masks, applied):
        raise Unsupported("%s has no privacy mask API" % self.vendor)

    def read_storage(self):
        raise Unsupported("%s cannot report removable storage" % self.vendor)

    def enable_storage_encryption(self, slot_id, passphrase):
        raise Unsupported("%s has no storage encryption API" % self.vendor)
