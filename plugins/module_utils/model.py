# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendor-neutral settings model: its shapes, normalisation and comparison.

Drivers return areas in these shapes; the engine compares them. Normalising before
comparing is what keeps a second run at `changed: false` when vendors round or
reformat what they were given.

discovery      {"upnp": bool, "bonjour": bool, "snmp": bool, "snmp_versions": [..],
                "ws_discovery": bool}; keys a driver cannot read are left out and
                listed in the area's "unsupported" map with the reason.
privacy_masks  {"video_sources": [{"token","width","height"}], "max_masks", "max_points",
                "min_points", "types": [..], "masks": [mask, ...]}
                mask = {"name","video_source","enabled","polygon": [[x,y],...],"type","color"}
                with x, y fractions 0..1 from the top-left corner.
storage        {"slots": [{"id","present","encryption_supported","encryption_enabled",
                "encrypted","locked","filesystem","recording","mounted" (absent: unknown)}]}
protocols      {"http","https","telnet","ssh","ftp": bool, "http_port","https_port": int,
                "http_auth_basic": bool (Basic accepted over plain HTTP)} (areas/protocols.py)
firmware       {"manufacturer","model","version","version_parsed"} (areas/firmware.py;
                comparison with a minimum in firmware.py)
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError

# Vendor grids are at most ~1/576 of the frame; half a percent absorbs any rounding
# while still telling apart masks a person would call different.
POLYGON_TOLERANCE = 0.005

DISCOVERY_KEYS = ("upnp", "bonjour", "snmp", "ws_discovery")
SNMP_VERSIONS = ("v1", "v2c", "v3")
MASK_TYPES = ("Color", "Pixelated", "Blurred")
MASK_DEFAULTS = {"enabled": True, "type": "Color", "color": "black"}


def normalise_polygon(points):
    """Round to 1/10000 of the frame; points that are not numbers are left for
    validate_mask() to report."""
    out = []
    for point in points:
        try:
            x, y = point
            if isinstance(x, bool) or isinstance(y, bool):
                raise TypeError("a YAML yes/no is not a coordinate")  # float(True) is 1.0
            out.append([round(float(x), 4), round(float(y), 4)])
        except (TypeError, ValueError):
            out.append(point)
    return out


def polygons_match(a, b, tolerance=POLYGON_TOLERANCE):
    if len(a) != len(b):
        return False
    return all(abs(p[0] - q[0]) <= tolerance and abs(p[1] - q[1]) <= tolerance
               for p, q in zip(a, b))


def normalise_mask(mask, default_source=None):
    out = dict(MASK_DEFAULTS)
    out.update({k: v for k, v in mask.items() if v is not None})
    out["polygon"] = normalise_polygon(out.get("polygon") or [])
    out["enabled"] = bool(out["enabled"])
    if not out.get("video_source"):
        out["video_source"] = default_source
    out["name"] = str(out.get("name") or "")
    return out


def masks_equal(a, b):
    return (a["enabled"] == b["enabled"] and a["type"] == b["type"]
            and a.get("color") == b.get("color")
            and polygons_match(a["polygon"], b["polygon"]))


def validate_mask(mask, limits, where):
    """Raise InputError when a mask cannot be written to this camera."""
    poly = mask.get("polygon") or []
    min_points = limits.get("min_points") or 3  # None: the driver states no minimum
    max_points = limits.get("max_points")
    if len(poly) < 3:
        raise InputError("%s: a polygon needs at least 3 points, got %d" % (where, len(poly)))
    if len(poly) < min_points:
        raise InputError("%s: this camera needs at least %d points per mask, got %d"
                         % (where, min_points, len(poly)))
    if max_points and len(poly) > max_points:
        raise InputError("%s: this camera takes at most %d points per mask, got %d"
                         % (where, max_points, len(poly)))
    for i, point in enumerate(poly):
        if not isinstance(point, (list, tuple)) or len(point) != 2:
            raise InputError("%s: point %d must be [x, y]" % (where, i + 1))
        for value in point:
            if not _is_number(value):
                raise InputError("%s: point %d %r: %r is not a number"
                                 % (where, i + 1, list(point), value))
            if not 0.0 <= float(value) <= 1.0:
                raise InputError("%s: point %d %r is outside the picture: x and y are "
                                 "fractions from 0 to 1 of the width and height, from the "
                                 "top-left corner" % (where, i + 1, list(point)))
    types = limits.get("types")
    if types and mask.get("type") not in types:
        raise InputError("%s: mask type %r is not offered by this camera (it offers %s)"
                         % (where, mask.get("type"), ", ".join(types)))


def _is_number(value):
    if isinstance(value, bool):
        return False
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False


def diff_dicts(before, after):
    """Only the keys whose values differ, as the diff callback shows them."""
    keys = sorted(set(before) | set(after))
    b = {k: before.get(k) for k in keys if before.get(k) != after.get(k)}
    a = {k: after.get(k) for k in keys if before.get(k) != after.get(k)}
    return b, a
