# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Privacy masks on Dahua cameras: the covers of configuration VideoWidget, which every
firmware in the recordings has (VideoWidget[0].Covers[n].{EncodeBlend, PreviewBlend,
FrontColor[0..3], Rect[0..3]}). A cover is a rectangle, Rect = left, top, right, bottom
on Dahua's 0..8191 grid [INF: the grid of its analytics coordinates]; a cover with an
empty Rect is a free slot; EncodeBlend says whether it is drawn into the stream. The
number of Covers entries is the number of masks the camera takes. All covers are
written in one setConfig: free slots get an empty Rect."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.drivers.dahua.cgi import as_bool
from ansible_collections.camsec.ipcam.plugins.module_utils.errors import CameraError, Unsupported

TABLE = "VideoWidget"
GRID = 8191
COLORS = {"black": (0, 0, 0), "white": (255, 255, 255), "grey": (128, 128, 128),
          "red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255)}
NOT_A_RECTANGLE = ("Dahua covers are axis-aligned rectangles (Rect = left, top, right, "
                   "bottom): mask %s is not one")


def _covers(table):
    """{index: {field: value}} of [0].Covers[n].<field> keys."""
    covers = {}
    for key, value in table.items():
        if not key.startswith("[0].Covers["):
            continue
        index, _sep, field = key[len("[0].Covers["):].partition("].")
        if index.isdigit():
            covers.setdefault(int(index), {})[field] = value
    return covers


def _rect(cover):
    try:
        return [int(cover.get("Rect[%d]" % i, "0")) for i in range(4)]
    except ValueError:
        return [0, 0, 0, 0]


def _color(cover):
    try:
        rgb = tuple(int(cover.get("FrontColor[%d]" % i, "0")) for i in range(3))
    except ValueError:
        return "black"
    return min(COLORS, key=lambda n: sum((a - b) ** 2 for a, b in zip(COLORS[n], rgb)))


def read(driver):
    covers = _covers(driver.cgi.get_config(TABLE))
    found = []
    for index in sorted(covers):
        left, top, right, bottom = _rect(covers[index])
        if right <= left or bottom <= top:
            continue
        x0, y0, x1, y1 = [round(v / float(GRID), 4) for v in (left, top, right, bottom)]
        # Named by the mask's 1-based number (Covers[0] is cover-1); the token is the
        # cover's own index, which apply() writes back to.
        found.append({"name": "cover-%d" % (index + 1), "token": str(index),
                      "video_source": "channel-1",
                      "enabled": as_bool(covers[index].get("EncodeBlend")),
                      "polygon": [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
                      "type": "Color", "color": _color(covers[index])})
    return {"video_sources": [{"token": "channel-1", "width": None, "height": None}],
            "max_masks": len(covers), "max_points": 4, "min_points": 4, "types": ["Color"],
            "rectangle_only": True, "masks": found}


def _bounds(mask):
    xs = sorted(set(round(p[0], 4) for p in mask["polygon"]))
    ys = sorted(set(round(p[1], 4) for p in mask["polygon"]))
    if len(mask["polygon"]) != 4 or len(xs) != 2 or len(ys) != 2:
        raise Unsupported(NOT_A_RECTANGLE % (mask.get("name") or mask.get("token")))
    return [int(round(v * GRID)) for v in (xs[0], ys[0], xs[1], ys[1])]


def apply(driver, changes, final_masks, applied):
    covers = _covers(driver.cgi.get_config(TABLE))
    slots = sorted(covers)
    if len(final_masks) > len(slots):
        raise CameraError(driver.camera, "CGI configManager getConfig %s" % TABLE,
                          "the camera has %d covers, %d masks were asked for"
                          % (len(slots), len(final_masks)))
    rects = [_bounds(m) for m in final_masks]  # every check before the one write
    kept = [int(m["token"]) if str(m.get("token", "")).isdigit() and int(m["token"]) in slots
            else None for m in final_masks]
    free = [s for s in slots if s not in kept]
    place = [k if k is not None else free.pop(0) for k in kept]
    values = []
    for slot in slots:
        if slot in place:
            i = place.index(slot)
            mask, rect = final_masks[i], rects[i]
            color = COLORS.get(mask.get("color") or "black", COLORS["black"])
        else:
            mask, rect, color = {"enabled": False}, [0, 0, 0, 0], COLORS["black"]
        prefix = "[0].Covers[%d]." % slot
        values += [(prefix + "EncodeBlend", bool(mask["enabled"])),
                   (prefix + "PreviewBlend", bool(mask["enabled"]))]
        values += [(prefix + "Rect[%d]" % i, v) for i, v in enumerate(rect)]
        values += [(prefix + "FrontColor[%d]" % i, v) for i, v in enumerate(color)]
    driver.cgi.set_config(TABLE, values)
    applied.extend(changes)
