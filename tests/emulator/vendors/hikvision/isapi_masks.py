"""Hikvision privacy masks: /ISAPI/System/Video/inputs/channels/1/privacyMask (the whole
list; a PUT replaces every region) and its /capabilities.

Hikvision places points on a "normalized screen" of 704x576 whatever the resolution, so
every point written here is rounded to that grid (GRID_W x GRID_H, the package's MASK_GRID) before it is
kept as fractions 0..1. Regions are quadrilaterals: exactly 4 points [3P]. Region ids run
1..max_masks; a mask's id is kept in its token (`PrivacyMask_<id>`) so it reads back the
same.

The list-wide <enabled> has no state of its own: it reads true when any region is on,
and a PUT with it false turns every region off.
"""

import re

from . import isapi_xml
from .isapi_xml import BadValue, BadXml, bool_of, child, int_of, settings_put, text_of

GRID_W, GRID_H = 704, 576  # Hikvision's "normalized screen"
POINTS_PER_REGION = 4
# [INF] Hikvision names "black" in its changelog; gray and white are inferred. The
# emulator's mask records keep the colour name as is.
MASK_TYPES = ("black", "gray", "white")
# The reference does not say where y counts from; the emulator takes the top edge, as
# its own records do. If real firmware counts from the bottom, this is the one switch.
Y_FROM_BOTTOM = False
TOKEN = re.compile(r"^PrivacyMask_(\d+)$")


def _to_grid(x, y):
    gy = (1 - y) if Y_FROM_BOTTOM else y
    return int(round(x * GRID_W)), int(round(gy * GRID_H))


def _from_grid(px, py):
    y = py / GRID_H
    return [px / GRID_W, (1 - y) if Y_FROM_BOTTOM else y]


def _region_ids(masks, max_masks):
    """Each mask's region id: the one in its token when valid and free, else the lowest
    free id (masks written through another API have other tokens)."""
    ids, taken = [None] * len(masks), set()
    for i, m in enumerate(masks):
        match = TOKEN.match(str(m.get("token", "")))
        if match and 1 <= int(match.group(1)) <= max(max_masks, 1) \
                and int(match.group(1)) not in taken:
            ids[i] = int(match.group(1))
            taken.add(ids[i])
    next_id = 1
    for i in range(len(masks)):
        if ids[i] is None:
            while next_id in taken:
                next_id += 1
            ids[i] = next_id
            taken.add(next_id)
    return ids


def _limits(cam):
    limits = cam.get("mask_limits") or {}
    return int(limits.get("max_masks", 0)), int(limits.get("max_points", POINTS_PER_REGION))


def get(req):
    cam = req.camera
    masks = cam.get("privacy_masks") or []
    ids = _region_ids(masks, _limits(cam)[0])
    regions = []
    for region_id, m in sorted(zip(ids, masks), key=lambda pair: pair[0]):
        points = [_to_grid(x, y) for x, y in m.get("polygon") or []]
        regions.append(("PrivacyMaskRegion", [
            ("id", region_id),
            ("enabled", bool(m.get("enabled"))),
            ("RegionCoordinatesList", [
                ("RegionCoordinates", [("positionX", px), ("positionY", py)])
                for px, py in points
            ]),
            ("maskType", m.get("color") if m.get("color") in MASK_TYPES else "black"),
        ], {"version": "2.0"}))
    return isapi_xml.document(cam, "PrivacyMask", [
        ("enabled", any(m.get("enabled") for m in masks)),
        ("normalizedScreenSize", [
            ("normalizedScreenWidth", GRID_W),
            ("normalizedScreenHeight", GRID_H),
        ]),
        ("PrivacyMaskRegionList", regions, {"size": _limits(cam)[0]}),
    ])


def _video_source(cam):
    sources = cam.get("video_sources") or []
    return sources[0]["token"] if sources else "VideoSourceConfig_1"


def _region(cam, el, max_masks, all_on):
    region_id = int_of(el, "id", 1, max_masks, required=True)
    enabled = bool_of(el, "enabled")
    coords = child(el, "RegionCoordinatesList", required=True).findall("RegionCoordinates")
    if len(coords) != POINTS_PER_REGION:
        raise BadValue("a region has exactly %d points" % POINTS_PER_REGION)
    points = [_from_grid(int_of(c, "positionX", 0, GRID_W, required=True),
                         int_of(c, "positionY", 0, GRID_H, required=True)) for c in coords]
    mask_type = text_of(el, "maskType") or "black"
    if mask_type not in MASK_TYPES:
        raise BadValue("maskType must be one of %s" % ", ".join(MASK_TYPES))
    return region_id, {
        "token": "PrivacyMask_%d" % region_id,
        "name": "Region %d" % region_id,
        "video_source": _video_source(cam),
        "enabled": all_on and (True if enabled is None else enabled),
        "polygon": points,
        "type": "Color",
        "color": mask_type,
    }


def _writes(cam, doc):
    max_masks, _max_points = _limits(cam)
    all_on = bool_of(doc, "enabled")
    size = child(doc, "normalizedScreenSize")
    if size is not None and (
            int_of(size, "normalizedScreenWidth", 1, 100000) not in (None, GRID_W)
            or int_of(size, "normalizedScreenHeight", 1, 100000) not in (None, GRID_H)):
        raise BadValue("normalizedScreenSize must be %dx%d" % (GRID_W, GRID_H))
    region_list = child(doc, "PrivacyMaskRegionList")
    if region_list is None:
        if all_on is None:
            raise BadXml("<PrivacyMask> carries neither <enabled> nor a region list")
        # Only the switch: every region follows it.
        masks = [dict(m, enabled=all_on) for m in cam.get("privacy_masks") or []]
        return {"privacy_masks": masks}
    elements = region_list.findall("PrivacyMaskRegion")
    if len(elements) > max_masks:
        raise BadValue("at most %d regions" % max_masks)
    regions = dict(_region(cam, el, max_masks, all_on is not False) for el in elements)
    if len(regions) != len(elements):
        raise BadValue("region ids must be unique")
    return {"privacy_masks": [regions[i] for i in sorted(regions)]}


put = settings_put("PrivacyMask", _writes)


def capabilities(req):
    """[INF: the capabilities document is not in the reference; it states the limits the
    PUT enforces, in Hikvision's usual min/max/opt attribute style.]"""
    cam = req.camera
    max_masks, _max_points = _limits(cam)
    return isapi_xml.document(cam, "PrivacyMaskCap", [
        ("enabled", None, {"opt": "true,false"}),
        ("normalizedScreenSize", [
            ("normalizedScreenWidth", GRID_W),
            ("normalizedScreenHeight", GRID_H),
        ]),
        ("maxRegionNum", max_masks),
        ("PrivacyMaskRegion", [
            ("id", None, {"min": 1, "max": max_masks}),
            ("enabled", None, {"opt": "true,false"}),
            ("RegionCoordinatesList", None,
             {"min": POINTS_PER_REGION, "max": POINTS_PER_REGION}),
            ("maskType", None, {"opt": ",".join(MASK_TYPES)}),
        ]),
    ])
