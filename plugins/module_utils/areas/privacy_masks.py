# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Area `privacy_masks` (5.5.1.2), with the resource-module states.

A desired mask is matched to one on the camera by name where the camera keeps names
(Axis), otherwise by geometry within the model's tolerance (ONVIF tokens and Hikvision
region ids are assigned by the camera, so users cannot know them in advance).

merged      add missing masks, update the attributes given for matched ones; keep the rest
replaced    matched masks take exactly the given definition (defaults for the rest)
overridden  exactly this list: masks not named are deleted
deleted     delete the masks named (matched); nothing else
gathered    read only
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.camsec.ipcam.plugins.module_utils.errors import InputError
from ansible_collections.camsec.ipcam.plugins.module_utils.model import (
    MASK_DEFAULTS, masks_equal, normalise_mask, polygons_match, validate_mask)

NAME = "privacy_masks"
STATES = ("merged", "replaced", "overridden", "deleted", "gathered")


def read(driver):
    return driver.read_privacy_masks()


def public(current):
    return dict(current)


def plan(current, desired):
    state = desired.get("state", "merged")
    if state == "gathered":
        return []
    sources = [s["token"] for s in current.get("video_sources", [])]
    if not sources:
        raise InputError("the camera reports no video source to put masks on")
    default_source = desired.get("video_source") or sources[0]
    limits = {k: current.get(k) for k in ("max_masks", "max_points", "min_points", "types")}
    wanted = []
    for i, raw in enumerate(desired.get("masks") or []):
        mask = normalise_mask(raw, default_source)
        where = "mask %s" % (raw.get("name") or i + 1)
        if mask["video_source"] not in sources:
            raise InputError("%s: video source %r does not exist on this camera (it has %s)"
                             % (where, mask["video_source"], ", ".join(sources)))
        # merged may name a mask without its geometry, to change only what it gives
        # (the arg spec passes an absent polygon as None): validated once merged, below.
        deferred = state == "merged" and raw.get("polygon") is None
        if state != "deleted" and not deferred:
            validate_mask(mask, limits, where)
        wanted.append((i, raw, mask, where, deferred))

    unmatched = list(current.get("masks", []))
    changes = []
    finals = {}
    for source in sources:
        finals[source] = [m for m in current.get("masks", []) if m["video_source"] == source]
    for i, raw, mask, where, deferred in wanted:
        existing = _match(mask, unmatched)
        key = "mask %s" % (mask["name"] or (existing or {}).get("name") or "#%d" % (i + 1))
        final = finals[mask["video_source"]]
        if existing is not None:
            unmatched.remove(existing)
        if state == "deleted":
            if existing is not None:
                final.remove(existing)
                changes.append(_change(key, "delete", existing, None))
            continue
        if existing is None:
            if deferred:
                validate_mask(mask, limits, where)  # a new mask needs its polygon
            final.append(mask)
            changes.append(_change(key, "create", None, mask))
            continue
        if state == "merged":
            target = dict(existing)
            target.update({k: mask[k] for k in raw if k in mask and raw[k] is not None})
            target["polygon"] = existing["polygon"] if deferred else mask["polygon"]
            if deferred:
                validate_mask(target, limits, where)
        else:
            target = dict(mask)
        target["name"] = existing["name"]
        if existing.get("token") is not None:
            target["token"] = existing["token"]  # an updated mask stays the same mask
        if not masks_equal(existing, target):
            final[final.index(existing)] = target
            changes.append(_change(key, "update", existing, target))
    if state == "overridden":
        for existing in unmatched:
            finals[existing["video_source"]].remove(existing)
            changes.append(_change("mask %s" % existing["name"], "delete", existing, None))
    for source, final in finals.items():
        if limits.get("max_masks") is not None and len(final) > limits["max_masks"]:
            raise InputError("video source %s would hold %d masks, but the camera allows at "
                             "most %d" % (source, len(final), limits["max_masks"]))
    for change in changes:
        mask = change["after"] or change["before"]
        change["video_source"] = mask["video_source"]
        change["_final"] = finals[mask["video_source"]]
    return changes


def _match(mask, candidates):
    same_source = [m for m in candidates if m["video_source"] == mask["video_source"]]
    if mask["name"]:
        for m in same_source:
            if m["name"] == mask["name"]:
                return m
    for m in same_source:
        if polygons_match(m["polygon"], mask["polygon"]):
            return m
    return None


def _change(key, action, before, after):
    return {"area": NAME, "key": key, "action": action, "before": before, "after": after}


def apply(driver, changes, current, secrets, applied):
    by_source = {}
    for change in changes:
        by_source.setdefault(change["video_source"], []).append(change)
    for source, source_changes in by_source.items():
        driver.apply_masks(source, source_changes, source_changes[0]["_final"], applied)


def diff(current, changes):
    return ({c["key"]: c["before"] for c in changes}, {c["key"]: c["after"] for c in changes})


__all__ = ["MASK_DEFAULTS", "STATES", "plan", "read", "apply", "diff"]
