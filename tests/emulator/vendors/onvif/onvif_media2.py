"""ONVIF Media2 service (tr2) of the emulator: media profiles and their stream and
snapshot URIs (where the firmware profile's "media" key says: media.py), video source
configurations and privacy masks, rendered from and written to the camera's
vendor-neutral state.

Geometry. The state keeps mask points as fractions 0..1 of the picture from the top-left
(x right, y down). A tr2:Mask polygon is in ONVIF's normalized coordinates: -1..1 over
the VideoSourceConfiguration window with x pointing right and y pointing UP, so the
top-left corner is (-1, 1). The schemas here do not say it outright for masks; the
conclusion rests on (a) the brief and camera-apis.md ("normalized -1..1"), (b) tt:CellLayout
in onvif.xsd, which has to spell out that its cell grid runs "from up to down" and maps
it onto the frame with a Transformation, i.e. the frame's own y axis does not run down,
and (c) the ONVIF Analytics prose for the normalized frame (y up), from memory, not in
shared/onvif-specs. If that turns out wrong, flip the sign in to_onvif/from_onvif only.

Real devices keep points on a grid; so does this one: GRID (the package's MASK_GRID) steps over the
-1..1 window, applied on every write.
"""

import copy

from ... import media
from . import onvif_soap as soap
from .onvif_soap import TR2, TT, el

# ~1/1000 of the -1..1 window, as ONVIF devices keep mask points (on every vendor's ONVIF).
GRID = (2000, 2000)

MEDIA2 = soap.Service(TR2)

TOKEN_PREFIX = "Mask_"

# Colour names the vendor APIs store, as RGB. INFERRED: the YCbCr values sent over ONVIF
# are computed from these with the full-range BT.601 (JPEG) matrix, 0..255 per channel;
# no vendor table was found. On write, a client's colour becomes the nearest name.
COLOUR_RGB = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "grey": (128, 128, 128),
    "red": (255, 0, 0),
    "green": (0, 255, 0),
    "blue": (0, 0, 255),
}
DEFAULT_COLOUR = "black"
RGB_SPACE = "http://www.onvif.org/ver10/colorspace/RGB"
YCBCR_SPACE = "http://www.onvif.org/ver10/colorspace/YCbCr"


def rgb_to_ycbcr(r, g, b):
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return tuple(float(min(255, max(0, round(v)))) for v in (y, cb, cr))


COLOUR_YCBCR = {name: rgb_to_ycbcr(*rgb) for name, rgb in COLOUR_RGB.items()}


def nearest_colour(xyz, colorspace):
    """The colour name closest to a tt:Color (YCbCr unless it says RGB)."""
    if colorspace == RGB_SPACE:
        xyz = rgb_to_ycbcr(*xyz)
    return min(COLOUR_YCBCR, key=lambda name: sum(
        (a - b) ** 2 for a, b in zip(COLOUR_YCBCR[name], xyz)))


def colour_xml(name, element):
    ycbcr = COLOUR_YCBCR.get(name)
    if ycbcr is None:
        return None  # a colour another vendor API stored that ONVIF cannot name
    x, y, z = ycbcr
    return el(element, attrs={"X": x, "Y": y, "Z": z, "Colorspace": YCBCR_SPACE})


# -- geometry ---------------------------------------------------------------------

def to_onvif(point):
    fx, fy = point
    return 2.0 * fx - 1.0, 1.0 - 2.0 * fy


def from_onvif(x, y):
    """ONVIF normalized point -> state fractions, rounded to the device grid."""
    columns, rows = GRID
    fx = (x + 1.0) / 2.0
    fy = (1.0 - y) / 2.0
    return [round(fx * columns) / columns, round(fy * rows) / rows]


# -- state <-> XML -------------------------------------------------------------------

def video_sources(cam):
    return cam.get("video_sources", [])


def video_source_xml(cam, vs, element):
    """A tt:VideoSourceConfiguration: every media profile of the camera uses it."""
    return el(element,
              el("tt:Name", vs["token"]),
              el("tt:UseCount", max(1, len(media.tokens(cam)))),
              el("tt:SourceToken", vs["source_token"]),
              el("tt:Bounds", attrs={"x": 0, "y": 0, "width": vs["width"], "height": vs["height"]}),
              attrs={"token": vs["token"]})


def require_profile(cam, token):
    """A token that names no media profile: Sender/InvalidArgVal/NoProfile (Media2 and
    Media1 alike)."""
    if token not in media.tokens(cam):
        raise soap.invalid_arg("no media profile %r" % token, "ter:NoProfile")
    return token


def require_video_source(cam, token):
    if not any(vs["token"] == token for vs in video_sources(cam)):
        raise soap.no_config("no VideoSourceConfiguration %r" % token)


def mask_xml(record, element, default_source):
    points = [el("tt:Point", attrs=dict(zip(("x", "y"), to_onvif(p))))
              for p in record.get("polygon", [])]
    return el(element,
              el("tr2:ConfigurationToken", record.get("video_source") or default_source),
              el("tr2:Polygon", *points),
              el("tr2:Type", record.get("type") or "Color"),
              colour_xml(record.get("color"), "tr2:Color"),
              el("tr2:Enabled", bool(record.get("enabled", True))),
              attrs={"token": record["token"]})


def read_mask(cam, mask_el):
    """The settable fields of a tr2:Mask, checked against the camera's limits."""
    limits = cam.get("mask_limits", {})
    source = soap.child_text(mask_el, TR2, "ConfigurationToken")
    require_video_source(cam, source)

    polygon = soap.child(mask_el, TR2, "Polygon")
    points_el = soap.children(polygon, TT, "Point") if polygon is not None else []
    max_points = limits.get("max_points", 0)
    if not 3 <= len(points_el) <= max_points:
        raise soap.invalid_arg("a mask needs 3 to %d points, not %d"
                               % (max_points, len(points_el)))
    polygon_state = []
    for p in points_el:
        x = soap.parse_float(p.get("x"), "Point x")
        y = soap.parse_float(p.get("y"), "Point y")
        if not (-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0):
            raise soap.invalid_arg("point (%s, %s) is outside -1..1" % (x, y))
        polygon_state.append(from_onvif(x, y))

    mask_type = soap.child_text(mask_el, TR2, "Type")
    if mask_type not in limits.get("mask_types", []):
        raise soap.invalid_arg("mask type %r is not supported" % mask_type)

    colour_el = soap.child(mask_el, TR2, "Color")
    colour = None
    if colour_el is not None:
        xyz = tuple(soap.parse_float(colour_el.get(a), "Color " + a) for a in "XYZ")
        colour = nearest_colour(xyz, colour_el.get("Colorspace"))
    elif mask_type == "Color":
        colour = DEFAULT_COLOUR

    enabled_text = soap.child_text(mask_el, TR2, "Enabled")
    enabled = True if enabled_text is None else soap.parse_bool(enabled_text, "Enabled")
    return {"video_source": source, "polygon": polygon_state, "type": mask_type,
            "color": colour, "enabled": enabled}


def masks_of(cam):
    """A copy of the mask list: changes go back through cam.set() or not at all."""
    return copy.deepcopy(cam.get("privacy_masks", []))


def find_mask(masks, token):
    for i, record in enumerate(masks):
        if record.get("token") == token:
            return i
    raise soap.no_config("no mask %r" % token)


def check_room(cam, masks, source, ignore_token=None):
    limit = cam.get("mask_limits", {}).get("max_masks", 0)
    used = sum(1 for m in masks
               if m.get("video_source") == source and m.get("token") != ignore_token)
    if used >= limit:
        # Media2 names ter:MaxMasks under env:Receiver/ter:Action (the usual ONVIF layout
        # for "device limit reached"; the layout is from memory of Media2, the code from
        # camera-apis.md).
        raise soap.SoapFault("env:Receiver", ["ter:Action", "ter:MaxMasks"],
                             "at most %d masks per video source configuration" % limit)


def new_token(masks):
    taken = {m.get("token") for m in masks}
    for n in range(1, len(masks) + 2):
        if TOKEN_PREFIX + str(n) not in taken:
            return TOKEN_PREFIX + str(n)
    raise AssertionError("unreachable: len(masks) + 1 tokens cannot all be taken")


# -- operations ------------------------------------------------------------------------

def service_capabilities(cam):
    """The tr2:Capabilities element (also carried by the device's GetServices)."""
    masks = cam.get("mask_limits", {}).get("max_masks", 0) > 0
    return el("tr2:Capabilities",
              el("tr2:ProfileCapabilities",
                 attrs={"MaximumNumberOfProfiles": 0, "ConfigurationsSupported": "VideoSource"}),
              el("tr2:StreamingCapabilities",
                 attrs={"RTSPStreaming": bool(cam.get("network.rtsp.enabled")),
                        "RTPMulticast": False, "RTP_RTSP_TCP": True,
                        # RTSPS with SRTP offered by the hardware (5.5.2)
                        "SecureRTSPStreaming": bool(cam.get("network.rtsps.supported"))}),
              attrs={"SnapshotUri": not cam.lacks("onvif:GetSnapshotUri"), "Rotation": False,
                     "VideoSourceMode": False, "OSD": False, "Mask": masks, "SourceMask": False})


@MEDIA2.operation("GetServiceCapabilities")
def get_service_capabilities(req, call):
    return el("tr2:GetServiceCapabilitiesResponse", service_capabilities(req.camera))


@MEDIA2.operation("GetVideoSourceConfigurations")
def get_video_source_configurations(req, call):
    wanted = soap.child_text(call, TR2, "ConfigurationToken")
    if wanted is not None:
        require_video_source(req.camera, wanted)
    configs = [video_source_xml(req.camera, vs, "tr2:Configurations")
               for vs in video_sources(req.camera) if wanted in (None, vs["token"])]
    return el("tr2:GetVideoSourceConfigurationsResponse", *configs)


# tr2:ConfigurationEnumeration values that select the video source configuration; the
# emulator's profiles hold no other configuration, so other types select nothing.
VIDEO_SOURCE_TYPES = {"All", "VideoSource"}


@MEDIA2.operation("GetProfiles")
def get_profiles(req, call):
    """Media2 GetProfiles: name and token of every profile (or of the one asked for by
    Token); configurations only of the Types asked for, as Media2 says (no Type: none)."""
    cam = req.camera
    wanted = soap.child_text(call, TR2, "Token")
    if wanted is not None:
        require_profile(cam, wanted)
    types = {t.text.strip() for t in soap.children(call, TR2, "Type") if t.text}
    sources = video_sources(cam)
    with_source = bool(types & VIDEO_SOURCE_TYPES) and sources
    profiles = [el("tr2:Profiles",
                   el("tr2:Name", token),
                   el("tr2:Configurations", video_source_xml(cam, sources[0], "tr2:VideoSource"))
                   if with_source else None,
                   attrs={"token": token, "fixed": True})
                for token in media.tokens(cam) if wanted in (None, token)]
    return el("tr2:GetProfilesResponse", *profiles)


# tr2:TransportProtocol values a device with an RTSP server serves.
STREAM_PROTOCOLS = {"RtspUnicast", "RTSP", "RtspOverHttp"}
# RTSPS with SRTP (media.wsdl: "Secure RTSP streaming SRTP as UDP Unicast"), served while
# network.rtsps is on (5.5.2).
SECURE_PROTOCOLS = {"RtspsUnicast"}


@MEDIA2.operation("GetStreamUri")
def get_stream_uri(req, call):
    cam = req.camera
    protocol = soap.child_text(call, TR2, "Protocol")
    token = require_profile(cam, soap.child_text(call, TR2, "ProfileToken"))
    if protocol in SECURE_PROTOCOLS and cam.get("network.rtsps.enabled") \
            and cam.get("network.rtsps.supported"):
        return el("tr2:GetStreamUriResponse", el("tr2:Uri", media.secure_stream_uri(cam, token)))
    if protocol not in STREAM_PROTOCOLS:
        raise soap.invalid_arg("transport protocol %r is not served" % protocol,
                               "ter:InvalidStreamSetup")
    return el("tr2:GetStreamUriResponse", el("tr2:Uri", media.stream_uri(cam, token)))


@MEDIA2.operation("GetSnapshotUri")
def get_snapshot_uri(req, call):
    cam = req.camera
    token = require_profile(cam, soap.child_text(call, TR2, "ProfileToken"))
    return el("tr2:GetSnapshotUriResponse", el("tr2:Uri", media.snapshot_uri(cam, token, req)))


@MEDIA2.operation("GetMaskOptions")
def get_mask_options(req, call):
    cam = req.camera
    require_video_source(cam, soap.child_text(call, TR2, "ConfigurationToken"))
    limits = cam.get("mask_limits", {})
    options = el("tr2:Options",
                 el("tr2:MaxMasks", limits.get("max_masks", 0)),
                 el("tr2:MaxPoints", limits.get("max_points", 0)),
                 *[el("tr2:Types", t) for t in limits.get("mask_types", [])],
                 el("tr2:Color", *[colour_xml(name, "tt:ColorList") for name in COLOUR_RGB]),
                 # Not in the state today; read so a vendor can declare them later.
                 attrs={"RectangleOnly": bool(limits.get("rectangle_only", False)),
                        "SingleColorOnly": bool(limits.get("single_color_only", False))})
    return el("tr2:GetMaskOptionsResponse", options)


@MEDIA2.operation("GetMasks")
def get_masks(req, call):
    cam = req.camera
    token = soap.child_text(call, TR2, "Token")
    source = soap.child_text(call, TR2, "ConfigurationToken")
    masks = masks_of(cam)
    if token is not None:
        masks = [masks[find_mask(masks, token)]]
    if source is not None:
        require_video_source(cam, source)
    default_source = video_sources(cam)[0]["token"] if video_sources(cam) else ""
    return el("tr2:GetMasksResponse", *[
        mask_xml(m, "tr2:Masks", default_source) for m in masks
        if source is None or (m.get("video_source") or default_source) == source])


@MEDIA2.operation("CreateMask")
def create_mask(req, call):
    cam = req.camera
    fields = read_mask(cam, _mask_element(call))
    masks = masks_of(cam)
    check_room(cam, masks, fields["video_source"])
    token = new_token(masks)  # the device ignores any token the client sent
    masks.append(dict(fields, token=token, name=token))
    cam.set("privacy_masks", masks)  # False (dropped by a fault) still looks like success
    return el("tr2:CreateMaskResponse", el("tr2:Token", token))


@MEDIA2.operation("SetMask")
def set_mask(req, call):
    cam = req.camera
    mask_el = _mask_element(call)
    token = mask_el.get("token")
    if not token:
        raise soap.invalid_arg("SetMask needs the mask's token attribute")
    masks = masks_of(cam)
    index = find_mask(masks, token)
    fields = read_mask(cam, mask_el)
    check_room(cam, masks, fields["video_source"], ignore_token=token)
    masks[index].update(fields)  # token and name stay
    cam.set("privacy_masks", masks)
    return el("tr2:SetMaskResponse")


@MEDIA2.operation("DeleteMask")
def delete_mask(req, call):
    cam = req.camera
    masks = masks_of(cam)
    del masks[find_mask(masks, soap.child_text(call, TR2, "Token"))]
    cam.set("privacy_masks", masks)
    return el("tr2:DeleteMaskResponse")


def _mask_element(call):
    mask_el = soap.child(call, TR2, "Mask")
    if mask_el is None:
        raise soap.invalid_arg("the request has no Mask")
    return mask_el
