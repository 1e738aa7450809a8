# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dahua cameras and their OEMs (Amcrest, ...): HTTP CGI (cgi.py), RPC2 where a setting
exists only there (rpc2.py), the driver (driver.py) and its areas."""
