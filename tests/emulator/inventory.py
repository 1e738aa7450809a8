"""The Ansible inventory of the fleet the emulator serves (YAML)."""

import os

import yaml


def write_inventory(fleet, path):
    groups = {}
    for cam in fleet.cameras.values():
        user = cam.state["users"][0]
        groups.setdefault(cam.vendor, {})[cam.id] = {
            "ansible_host": cam.address,
            "ipcam_vendor": cam.vendor,
            "ipcam_username": user["username"],
            "ipcam_password": user["password"],
            # Not the collection's: which emulated firmware this is (tests pick by it).
            "emulator_profile": cam.profile["name"],
        }
    inventory = {
        "all": {
            "children": {
                "cameras": {
                    "vars": {
                        # The collection talks to cameras from the controller.
                        "ansible_connection": "local",
                        "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                        "ipcam_ca_path": fleet.ca.ca_path,
                        "ipcam_validate_certs": True,
                        "ipcam_https_port": fleet.ports["https"],
                        "ipcam_http_port": fleet.ports["http"],
                    },
                    "children": {vendor: {"hosts": hosts}
                                 for vendor, hosts in sorted(groups.items())},
                }
            }
        }
    }
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("# Written by the camera emulator (tests/emulator); do not edit.\n")
        yaml.safe_dump(inventory, f, default_flow_style=False, sort_keys=True)
    os.replace(tmp, path)
