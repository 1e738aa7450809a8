"""Axis privacy masks: /axis-cgi/privacymask.cgi, plus the mask records the parameter
tree shows as Image.I0.Overlay.MaskWindows.M<n>.

Axis takes mask corners in pixels of the 1920x1080 capture, so every point written here
is rounded to that grid before it is kept (as fractions 0..1 from the top-left, the
emulator's vendor-neutral form). The camera has one video source (I0); its masks are the
state's whole `privacy_masks` list.
"""

import copy
import re

from . import vapix_http

# Axis stores mask points in pixels of the 1920x1080 capture (the package's MASK_GRID).
GRID_W, GRID_H = 1920, 1080
COLORS = ("black", "grey", "white", "red", "mosaic")
DEFAULT_COLOR = "black"
# Not in state.py's defaults: the mask colour is one setting for the whole image on Axis,
# and it has to survive while there are no masks to carry it.
COLOR_PATH = "privacy_mask_color"
MAX_NAME_LEN = 31  # [INF] Axis overlay names are short; the limit itself is a guess


class MaskError(ValueError):
    """A request the camera refuses; the message is the reply text."""


# -- the records ----------------------------------------------------------------------
def masks(cam):
    return cam.get("privacy_masks") or []


def color(cam):
    return cam.get(COLOR_PATH) or DEFAULT_COLOR


def mask_type(color_name):
    return "Pixelated" if color_name == "mosaic" else "Color"


def video_source_token(cam):
    sources = cam.get("video_sources") or []
    return sources[0]["token"] if sources else "VideoSourceConfig_1"


def new_token(existing):
    """`PrivacyMask_<n>`, the lowest n no mask uses yet."""
    used = {m.get("token") for m in existing}
    n = 1
    while "PrivacyMask_%d" % n in used:
        n += 1
    return "PrivacyMask_%d" % n


def to_pixels(polygon):
    return [[int(round(x * GRID_W)), int(round(y * GRID_H))] for x, y in polygon]


def from_pixels(points):
    return [[px / GRID_W, py / GRID_H] for px, py in points]


# -- reading the request's geometry -----------------------------------------------------
def _number(text, what):
    try:
        value = float(text)
    except ValueError:
        raise MaskError("Error: invalid %s" % what) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise MaskError("Error: invalid %s" % what)
    return value


def _on_grid(x, y):
    """Round to whole pixels and refuse points outside the picture."""
    px, py = int(round(x)), int(round(y))
    if not (0 <= px <= GRID_W and 0 <= py <= GRID_H):
        raise MaskError("Error: coordinates outside the image (%dx%d)" % (GRID_W, GRID_H))
    return [px, py]


def parse_pxpolygon(text, max_points):
    points = []
    for pair in text.split(":"):
        xy = pair.split(",")
        if len(xy) != 2:
            raise MaskError("Error: invalid pxpolygon")
        points.append(_on_grid(_number(xy[0], "pxpolygon"), _number(xy[1], "pxpolygon")))
    if len(points) < 3:
        raise MaskError("Error: a polygon needs at least 3 points")
    if len(points) > max_points:
        raise MaskError("Error: too many points, at most %d" % max_points)
    return points


def parse_rectangle(center, width, height):
    """`center=x,y&width=w&height=h`, in pixels like pxpolygon. [INF: the reference names
    these arguments; that they are in pixels of the capture is inferred.]"""
    xy = center.split(",")
    if len(xy) != 2:
        raise MaskError("Error: invalid center")
    cx, cy = _number(xy[0], "center"), _number(xy[1], "center")
    w, h = _number(width, "width"), _number(height, "height")
    if w <= 0 or h <= 0:
        raise MaskError("Error: invalid width or height")
    left, top = _on_grid(cx - w / 2, cy - h / 2)
    right, bottom = _on_grid(cx + w / 2, cy + h / 2)
    if left == right or top == bottom:
        raise MaskError("Error: invalid width or height")
    return [[left, top], [right, top], [right, bottom], [left, bottom]]


def geometry(args, max_points, required):
    """Pixel points from pxpolygon or center/width/height; None when neither is given."""
    if args.get("pxpolygon"):
        return parse_pxpolygon(args["pxpolygon"], max_points)
    if args.get("center") or args.get("width") or args.get("height"):
        if not (args.get("center") and args.get("width") and args.get("height")):
            raise MaskError("Error: center, width and height go together")
        return parse_rectangle(args["center"], args["width"], args["height"])
    if required:
        raise MaskError("Error: no mask geometry (pxpolygon or center, width, height)")
    return None


def valid_name(name):
    return 0 < len(name) <= MAX_NAME_LEN and re.fullmatch(r"[\w .\-]+", name) is not None


def find(records, name):
    for i, m in enumerate(records):
        if m.get("name") == name:
            return i
    return None


# -- the actions ------------------------------------------------------------------------
def apply_action(cam, args):
    """The masks after the action, or MaskError. Nothing is written here."""
    limits = cam.get("mask_limits") or {}
    max_masks = int(limits.get("max_masks", 0))
    max_points = int(limits.get("max_points", 0))
    records = copy.deepcopy(masks(cam))
    action = args.get("action", "")
    name = args.get("name", "")

    if action in ("enable_all", "disable_all"):
        for m in records:
            m["enabled"] = action == "enable_all"
        return records
    if action not in ("add", "update", "remove"):
        raise MaskError("Error: unsupported action")
    if not name:
        raise MaskError("Error: name is required")
    index = find(records, name)

    if action == "add":
        if not valid_name(name):
            raise MaskError("Error: invalid name")
        if index is not None:
            raise MaskError("Error: a mask with that name exists")
        if len(records) >= max_masks:
            raise MaskError("Error: maximum number of masks (%d) reached" % max_masks)
        points = geometry(args, max_points, required=True)
        shade = color(cam)
        records.append({
            "token": new_token(records), "name": name,
            "video_source": video_source_token(cam), "enabled": True,
            "polygon": from_pixels(points), "type": mask_type(shade), "color": shade,
        })
        return records
    if index is None:
        raise MaskError("Error: no mask named %s" % name)
    if action == "remove":
        del records[index]
        return records
    points = geometry(args, max_points, required=False)
    if points is not None:
        records[index]["polygon"] = from_pixels(points)
    return records


def handle(req):
    args = dict(vapix_http.params(req))
    cam = req.camera
    if "query" in args:
        if args["query"] != "listpxjson":
            return vapix_http.text("Error: unsupported query\r\n")
        return listpxjson(cam)
    try:
        records = apply_action(cam, args)
    except MaskError as exc:
        return vapix_http.text(str(exc) + "\r\n")
    cam.set("privacy_masks", records)  # may be dropped by the nonsticky fault: still 204
    return vapix_http.no_content()


def listpxjson(cam):
    """[INF: the reference names `query=listpxjson` but shows no reply. The shape chosen:
    {"imagewidth": 1920, "imageheight": 1080,
     "masks": [{"id": n, "name": s, "enabled": b, "color": s, "pxpolygon": [[x, y], ...]}]}
    with `id` the n of Image.I0.Overlay.MaskWindows.M<n>.]"""
    body = {
        "imagewidth": GRID_W,
        "imageheight": GRID_H,
        "masks": [
            {"id": i, "name": m.get("name", ""), "enabled": bool(m.get("enabled")),
             "color": m.get("color") or color(cam),
             "pxpolygon": to_pixels(m.get("polygon") or [])}
            for i, m in enumerate(masks(cam))
        ],
    }
    return vapix_http.json_reply(body)
