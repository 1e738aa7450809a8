"""The fleet: every camera's listeners in one asyncio loop, plus the control interface.

Plug-in points (each camera API lives in its own module):
- HTTP APIs: a module with `handle(req) -> Response | None` (None: not mine).
  Each vendor's package (vendors/) lists its own, in order (HTTP_HANDLERS): Axis
  VAPIX then ONVIF, Hikvision ISAPI then ONVIF, plain cameras ONVIF.
- UDP responders: a module with `PORT_NAME` and `Responder(camera)`, an
  asyncio.DatagramProtocol that answers only while the camera's state says the service
  is on (off means silent) and calls `camera.count_udp(name)` for every datagram.
"""

import asyncio
import ipaddress
import json
import os
import resource

from . import mdns, media, profiles, rtsp, snapshots, snmp, ssdp, wsdiscovery
from .camera import Camera
from .control import ControlApp
from .httpserver import Listener, Response
from .state import default_state
from .tls import CERT_DAYS, DEFAULT_TLS_VERSIONS, CertificateAuthority

UDP_RESPONDERS = (snmp, ssdp, mdns, wsdiscovery)
DEFAULT_PORTS = {"http": 80, "https": 443, "rtsp": 554, "snmp": 161, "ssdp": 1900,
                 "mdns": 5353, "wsd": 3702}


def raise_open_files_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    target = needed if hard == resource.RLIM_INFINITY or hard >= needed else hard
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, max(hard, target)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def addresses(first, count):
    """Consecutive loopback addresses from `first`, skipping .0 and .255."""
    out = []
    ip = ipaddress.IPv4Address(first)
    while len(out) < count:
        last = int(ip) & 255
        if last not in (0, 255):
            if not ip.is_loopback:
                raise ValueError("%s is not a loopback address" % ip)
            out.append(str(ip))
        ip += 1
    return out


class Fleet:
    def __init__(self, state_dir, count, vendors, first_address, password,
                 secure=False, reset=False, ports=None, profile_names=None):
        self.state_dir = os.path.abspath(state_dir)
        self.ports = dict(DEFAULT_PORTS, **(ports or {}))
        self.password = password
        self.secure = secure
        os.makedirs(os.path.join(self.state_dir, "cameras"), exist_ok=True)
        self.ca = CertificateAuthority(os.path.join(self.state_dir, "tls"))
        self.cameras = {}
        seen = {}  # vendor -> cameras of that vendor so far
        for i, address in enumerate(addresses(first_address, count), start=1):
            if profile_names:
                # --profiles: the named firmwares in turn (each names its vendor).
                profile = profiles.get(profile_names[(i - 1) % len(profile_names)])
                vendor = profile["vendor"]
            else:
                # A default fleet: vendors in turn, each vendor's firmwares in turn.
                vendor = vendors[(i - 1) % len(vendors)]
                seen[vendor] = seen.get(vendor, 0) + 1
                profile = profiles.default_for(vendor, seen[vendor])
            cam_id = "cam-%04d" % i
            path = os.path.join(self.state_dir, "cameras", cam_id + ".json")
            state = None
            if os.path.exists(path) and not reset:
                with open(path) as f:
                    state = json.load(f)
                if state.get("vendor") != vendor or state.get("profile") != profile["name"]:
                    state = None
            fresh = state is None
            if fresh:
                state = default_state(vendor, i, secure=secure, password=password,
                                      profile=profile)
                state["profile"] = profile["name"]
            cam = Camera(cam_id, vendor, address, state, path, profile)
            cam.index = i
            cam.https_port = self.ports["https"]
            cam.http_port = self.ports["http"]
            cam.rtsp_port = self.ports["rtsp"]  # unless the profile's media settings say
            if fresh:
                cam.save()  # a state read from its file is already there
            self.cameras[cam_id] = cam
        self.servers = {}  # (cam_id, scheme) -> asyncio.Server
        self.tls_contexts = {}  # cam_id -> ((versions, cert days), ssl.SSLContext)
        self.sync_locks = {}  # cam_id -> asyncio.Lock: one sync_listeners at a time
        self.pending_syncs = set()  # sync_listeners tasks not finished yet
        self.transports = []
        self.control_port = None

    def fresh_state(self, cam, secure):
        state = default_state(cam.vendor, cam.index, secure=secure, password=self.password,
                              profile=cam.profile)
        state["profile"] = cam.profile["name"]
        return state

    def dispatcher(self, cam):
        apis = tuple(cam.vendor_package.HTTP_HANDLERS)

        def dispatch(req):
            # The media snapshot first: it may live under a vendor API's prefix.
            for handle in (snapshots.handle,) + apis:
                resp = handle(req)
                if resp is not None:
                    return resp
            return Response(404, "not found")
        return dispatch

    async def start(self, control_port=0):
        raise_open_files_limit(len(self.cameras) * 12 + 1024)
        for cam in self.cameras.values():
            cam.on_change = self._on_change
            await self.sync_listeners(cam)
            for module in UDP_RESPONDERS:
                transport, _ = await asyncio.get_running_loop().create_datagram_endpoint(
                    lambda m=module, c=cam: m.Responder(c),
                    local_addr=(cam.address, self.ports[module.PORT_NAME]),
                    reuse_port=False)
                self.transports.append(transport)
        control = ControlApp(self)
        server = await asyncio.start_server(control.handle, "127.0.0.1", control_port)
        self.control_server = server
        self.control_port = server.sockets[0].getsockname()[1]
        with open(os.path.join(self.state_dir, "control.json"), "w") as f:
            json.dump({"url": "http://127.0.0.1:%d" % self.control_port}, f)

    def _on_change(self, cam):
        task = asyncio.get_running_loop().create_task(self.sync_listeners(cam))
        self.pending_syncs.add(task)
        task.add_done_callback(self.pending_syncs.discard)

    async def settle(self, timeout=5.0):
        """Wait until the ports match the settings (the syncs started so far are done).
        The control interface replies only after this, so a test that switches a service
        off through it finds the port closed, not closing."""
        if self.pending_syncs:
            await asyncio.wait(list(self.pending_syncs), timeout=timeout)

    def tls_context(self, cam):
        """The camera's server SSLContext, made (and its certificate too, when the state
        dir has none yet) on its first HTTPS connection: ~4 ms a camera, which at 1,000
        cameras was most of the start-up time. Made again when the TLS versions or the
        certificate's validity in the state change (see tls.py), whoever changed them: a
        control-interface drift or the camera's own API (ISAPI adminAccesses TLS switches,
        VAPIX root.HTTPS.AllowTLS1/AllowTLS11) write the same state, read here on every new
        connection. Open connections keep what they negotiated, as on a real server.
        Called once per HTTPS connection, so it also counts them (counters
        "https_connections": tests see whether a client opened a new one)."""
        cam.counters["https_connections"] = cam.counters.get("https_connections", 0) + 1
        versions = tuple(cam.get("network.https.tls_versions", DEFAULT_TLS_VERSIONS))
        days = int(cam.get("network.https.cert_days", CERT_DAYS))
        legacy = bool(cam.faults.get("legacy_certificate"))
        cached = self.tls_contexts.get(cam.id)
        if cached is None or cached[0] != (versions, days, legacy):
            pem = self.ca.camera_pem(cam.id, cam.address, days, legacy=legacy)
            ctx = self.ca.server_context(pem, versions)
            cached = self.tls_contexts[cam.id] = ((versions, days, legacy), ctx)
        return cached[1]

    async def sync_listeners(self, cam):
        """Open or close the HTTP, HTTPS and RTSP ports as the camera's settings say,
        so that "HTTP off" is a closed port, as on a real camera. RTSP listens on the
        port of the firmware profile's media settings (media.py), and a snapshot on a
        port of its own gets its own listener."""
        # One write can trigger several syncs (a PATCH of many keys): without the lock,
        # two of them would both see a port closed and both try to open it.
        lock = self.sync_locks.setdefault(cam.id, asyncio.Lock())
        async with lock:
            await self._sync_listeners(cam)

    async def _sync_listeners(self, cam):
        for scheme in ("http", "https", "rtsp", "snapshot"):
            if scheme == "snapshot":
                # A snapshot on a port of its own (profile media settings): a web server
                # of its own, up while the camera is.
                want = media.own_snapshot_port(cam) is not None
            else:
                want = bool(cam.get("network.%s.enabled" % scheme))
            if scheme == "https" and cam.faults.get("https_broken"):
                want = False
            key = (cam.id, scheme)
            have = key in self.servers
            if want and not have:
                if scheme == "rtsp":
                    # The stream's port (rtsp.py); its reader's limit bounds a request head.
                    self.servers[key] = await asyncio.start_server(
                        rtsp.RtspListener(cam).handle, cam.address, media.rtsp_port(cam),
                        reuse_address=True, backlog=64, limit=rtsp.MAX_REQUEST_BYTES)
                    continue
                if scheme == "snapshot":
                    listener = Listener(cam, "http", snapshots.dispatch_own_port)
                    self.servers[key] = await asyncio.start_server(
                        listener.handle, cam.address, media.own_snapshot_port(cam),
                        reuse_address=True, backlog=64)
                    continue
                tls = (lambda c=cam: self.tls_context(c)) if scheme == "https" else None
                listener = Listener(cam, scheme, self.dispatcher(cam), tls=tls)
                self.servers[key] = await asyncio.start_server(
                    listener.handle, cam.address, self.ports[scheme],
                    reuse_address=True, backlog=64)
            elif have and not want:
                server = self.servers.pop(key)
                server.close()

    def close(self):
        for server in self.servers.values():
            server.close()
        for transport in self.transports:
            transport.close()
        if getattr(self, "control_server", None):
            self.control_server.close()
