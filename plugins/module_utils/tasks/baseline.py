# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""baseline: every enforceable control of a level, one task per camera."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils import baseline


def run(driver, params, check_mode):
    return baseline.enforce(driver, params["level"], params.get("controls"),
                            params.get("masks") or [], params.get("storage_passphrase"),
                            params["allow_format"], check_mode,
                            accounts=baseline.account_site(params, driver),
                            on_unsupported=params.get("on_unsupported") or "warn")
