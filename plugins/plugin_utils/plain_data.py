# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Inventory data as plain Python values, before the action plugin works with it.

What Ansible's templating hands back (host variables, task arguments) is made of its own
subclasses of str, int, dict and list that carry where each value came from. The
argument-spec checks deep-copy the options they check, twice a task; a copy of those
objects goes through their reduce protocol, about ten times slower than a copy of plain
ones, and at a thousand cameras that was one of the larger costs of an audit task
(issue 14). The modules never read the origin tags: plain copies are taken once, here.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def plain(value):
    """`value` rebuilt from built-in types: dicts, lists (for lists, tuples and sets), str,
    int, float, bool and None; anything else is returned as it is."""
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        return str.__str__(value)  # the str itself when it is one already
    if isinstance(value, dict):
        return dict((plain(key), plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item) for item in value]
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value
