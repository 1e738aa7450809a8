#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: camsec.ipcam contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: privacy_masks
short_description: Manage an IP camera's privacy masks (TS-0014-2 5.5.1.2)
version_added: 0.1.0
description:
  - Manages privacy masks per video source, with the states of resource modules.
  - Polygons are lists of C([x, y]) points, each a fraction from 0 to 1 of the picture's
    width and height, from the top-left corner, whatever grid the camera stores.
  - A mask is matched to one on the camera by O(masks[].name) where the camera keeps names,
    otherwise by its polygon (within half a percent of the picture, since cameras round
    points to their own grid). Re-runs therefore report no change.
  - Input is checked against the camera's limits (number of masks, points per mask) before
    anything is written.
  - Axis and ONVIF cameras use ONVIF Media2 masks; Hikvision cameras use ISAPI.
options:
  state:
    description:
      - V(merged) adds missing masks and updates the attributes given for matched ones; it never deletes.
      - V(replaced) gives matched masks exactly the given definition.
      - V(overridden) makes the camera hold exactly these masks; masks not listed are deleted.
      - V(deleted) deletes the listed masks, and only those.
      - V(gathered) reads the masks and changes nothing.
    type: str
    default: merged
    choices: [merged, replaced, overridden, deleted, gathered]
  video_source:
    description: Video source for masks that do not name one; default the camera's first.
    type: str
  masks:
    description: The masks.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Name of the mask. ONVIF Media2 (also used for Axis) and Hikvision name masks by
            tokens the camera assigns, so a mask is matched by its polygon unless its name is such a token.
        type: str
      video_source:
        description: Video source (configuration token) of the mask.
        type: str
      polygon:
        description:
          - At least 3 C([x, y]) points with x and y from 0 to 1, in order around the area.
          - A polygon whose edges cross or touch (a bow-tie) is refused before anything is sent.
        type: list
        elements: raw
      enabled:
        description: Whether the mask covers the picture. Default true for new masks.
        type: bool
      type:
        description: How the area is hidden. Default V(Color).
        type: str
        choices: [Color, Pixelated, Blurred]
      color:
        description: Colour of a V(Color) mask, for example C(black). Default C(black).
        type: str
extends_documentation_fragment:
  - camsec.ipcam.connection
  - camsec.ipcam.attributes
author:
  - camsec.ipcam developers (@camsec)
'''

EXAMPLES = r'''
- name: 5.5.1.2 - mask the neighbour's window (masks from host_vars)
  camsec.ipcam.privacy_masks:
    masks:
      - name: neighbour-window
        polygon: [[0.70, 0.10], [0.95, 0.10], [0.95, 0.35], [0.70, 0.35]]

- name: Exactly these masks, nothing else
  camsec.ipcam.privacy_masks:
    state: overridden
    masks: "{{ ipcam_privacy_masks }}"

- name: Read the masks
  camsec.ipcam.privacy_masks:
    state: gathered
  register: masks
'''

RETURN = r'''
privacy_masks:
  description: The camera's masks and limits as read back after the task.
  returned: success
  type: dict
  sample:
    video_sources: [{token: VideoSourceConfig_1, width: 1920, height: 1080}]
    max_masks: 8
    max_points: 6
    masks: [{name: Mask_1, video_source: VideoSourceConfig_1, enabled: true, type: Color, color: black,
             polygon: [[0.7, 0.1], [0.95, 0.1], [0.95, 0.35], [0.7, 0.35]]}]
gathered:
  description: The masks, with O(state=gathered).
  returned: when state is gathered
  type: list
  elements: dict
plan:
  description: The changes, in order, that the task made (or would make in check mode).
  returned: always
  type: list
  elements: dict
  sample: [{area: discovery, key: upnp, action: set, before: true, after: false}]
unsupported:
  description: Settings that the camera's API cannot read or set, with the reason.
  returned: always
  type: dict
  sample: {upnp: "ONVIF defines no operation for UPnP; the network probes can still verify it"}
vendor:
  description: The driver that was used.
  returned: always
  type: str
  sample: hikvision
requests:
  description: Number of HTTP requests sent to the camera by this task.
  returned: always
  type: int
  sample: 9
applied:
  description: On a failure part-way, the changes the camera had already taken.
  returned: on failure after changes were made
  type: list
  elements: dict
not_applied:
  description: On a failure part-way, the changes that were not made.
  returned: on failure after changes were made
  type: list
  elements: dict
evaluated_in:
  description:
    - Where the module's logic ran on the controller, C(shared evaluator) (the run's one
      long-lived process, on Linux in plays of 10 cameras or more) or C(worker) (the
      process Ansible forked for this camera); chosen by the variable C(ipcam_evaluator)
      (C(auto), C(always), C(never)). Absent when the task is delegated to another host.
  returned: when the task runs on the controller
  type: str
  sample: shared evaluator
'''

from ansible_collections.camsec.ipcam.plugins.module_utils.runner import run_module


def main():
    run_module("privacy_masks")


if __name__ == "__main__":
    main()
