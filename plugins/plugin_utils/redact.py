# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secrets of a task taken out of its result, as Ansible's remove_values does.

Same rules as ansible.module_utils.common.parameters.remove_values: a string equal to a
secret, or a number whose text holds one, becomes VALUE_SPECIFIED_IN_NO_LOG_PARAMETER; a
secret inside a longer string becomes ********, the longer secrets first; dict keys are
kept. Why not remove_values itself: it runs a generic check on every element of
the result; an evaluation's result is ~1,000 small values, mostly dicts and strings with
no secret in them, and this walk costs a fraction of it (issue 14). Anything that is not
a dict, list, tuple, set, string, number, bool or None is replaced by its text, redacted:
a result never carries a type this walk cannot see into.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
MASK = "*" * 8


def redact(value, secrets):
    """A copy of `value` with every secret in `secrets` (strings; empty ones ignored)
    taken out."""
    texts = sorted(set(str(s) for s in secrets if s is not None and str(s) != ""),
                   key=len, reverse=True)
    if not texts:
        return value
    return _Walk(texts).value(value)


class _Walk(object):
    def __init__(self, texts):
        self.texts = texts
        self.exact = frozenset(texts)

    def text(self, value):
        if value in self.exact:
            return PLACEHOLDER
        for secret in self.texts:
            if secret in value:
                value = value.replace(secret, MASK)
        return value

    def value(self, value):
        if value is None or value is True or value is False:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return dict((key, self.value(item)) for key, item in value.items())
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, tuple):
            return tuple(self.value(item) for item in value)
        if isinstance(value, (set, frozenset)):
            return set(self.value(item) for item in value)
        if isinstance(value, (int, float)):
            text = str(value)
            return PLACEHOLDER if any(secret in text for secret in self.texts) else value
        if isinstance(value, bytes):
            return self.text(value.decode("utf-8", "surrogateescape"))
        return self.text(str(value))
