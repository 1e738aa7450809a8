# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hanwha Wisenet (SUNAPI) driver package: sunapi.py (the wire client), rsa_pkcs1.py (the
password encryption SUNAPI asks for), accounts.py, driver.py (HanwhaDriver)."""
