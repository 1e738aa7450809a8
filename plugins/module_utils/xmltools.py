# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Safe parsing of device XML and namespace-agnostic lookups.

Cameras are not trusted: every document goes through defusedxml with DTDs forbidden
(entity-expansion bombs, external entities). Vendors change namespaces between
firmware versions (Hikvision: hikvision.com vs isapi.org), so lookups match local names.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

try:
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException
    HAS_DEFUSEDXML = True
except ImportError:  # reported by parse() as a missing requirement
    SafeET = None
    HAS_DEFUSEDXML = False

    class DefusedXmlException(ValueError):
        pass

from xml.etree.ElementTree import ParseError


class XmlError(ValueError):
    pass


def parse(data):
    """Parse bytes from a device; raise XmlError on malformed or hostile documents."""
    if not HAS_DEFUSEDXML:
        raise XmlError("the defusedxml Python package is required")
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except ParseError as exc:
        raise XmlError("malformed XML (%s)" % exc)
    except DefusedXmlException as exc:
        raise XmlError("refused hostile XML (%s)" % type(exc).__name__)


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(elem, name):
    """First direct child with this local name, or None."""
    if elem is None:
        return None
    for c in elem:
        if local(c.tag) == name:
            return c
    return None


def children(elem, name):
    return [c for c in elem if local(c.tag) == name] if elem is not None else []


def find(elem, path):
    """Follow a '/'-separated path of local names from elem."""
    for name in path.split("/"):
        elem = child(elem, name)
        if elem is None:
            return None
    return elem


def findall(elem, path):
    """Every element at a '/'-separated path of local names (the last step may repeat)."""
    parts = path.split("/")
    parent = find(elem, "/".join(parts[:-1])) if len(parts) > 1 else elem
    return children(parent, parts[-1])


def text(elem, path, default=None):
    found = find(elem, path) if path else elem
    if found is None or found.text is None:
        return default
    return found.text.strip()


def iter_local(elem, name):
    """Every descendant (depth-first) with this local name."""
    return [e for e in elem.iter() if local(e.tag) == name]


def as_bool(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "on")
