"""Routes, walksheds and nearest accessible places of a database's network: what the
HTTP routes and the OGC API – Processes ``route``, ``walkshed`` and
``nearest-accessible`` both run (synchronous: call from a worker thread)."""

from __future__ import annotations

import threading
from typing import Any

from gis.mobility.live import LiveNetwork
from gis.mobility.profiles import PROFILES, Overrides, Profile
from gis.mobility.router import check_position
from layers.db.pools import shared_sync_pool
from layers.db.settings import DatabaseSettings
from layers.mobility import network
from models.mobility.schemas import NearestRequest, RouteOverrides, RouteRequest, WalkshedRequest

#: Nearest-accessible searches look this far (m, straight line) for targets.
TARGET_RADIUS_M = 2000.0
_NETWORKS: dict[str, LiveNetwork] = {}
_LOCK = threading.Lock()


def network_for(settings: DatabaseSettings) -> LiveNetwork:
    """The process's routing graph of the settings' database (built on first use)."""
    with _LOCK:
        found = _NETWORKS.get(settings.dsn)
        if found is None:
            pool = shared_sync_pool(settings.dsn)
            found = LiveNetwork(pool.connection, settings.raster_dir)
            _NETWORKS[settings.dsn] = found
        return found


def profile_of(name: str, overrides: RouteOverrides) -> Profile:
    """The named profile with a request's overrides."""
    given: dict[str, Any] = overrides.model_dump(exclude_none=True)
    if "allowed_surfaces" in given:
        given["allowed_surfaces"] = frozenset(overrides.allowed_surfaces or ())
    return Overrides(**given).apply(PROFILES[name])


def route(settings: DatabaseSettings, request: RouteRequest) -> dict[str, Any]:
    """The route as a GeoJSON FeatureCollection (``RoutingError`` when there is none)."""
    profile = profile_of(request.profile, request.overrides)
    return network_for(settings).run(lambda r: r.route(profile, request.start, request.end))


def walkshed(settings: DatabaseSettings, request: WalkshedRequest) -> dict[str, Any]:
    """The walkshed as a GeoJSON FeatureCollection (area, then the reached footways)."""
    profile = profile_of(request.profile, request.overrides)
    return network_for(settings).run(lambda r: r.walkshed(profile, request.start, request.minutes))


def nearest(settings: DatabaseSettings, request: NearestRequest) -> dict[str, Any]:
    """The nearest accessible places of the request's kind, by route, with their routes."""
    profile = profile_of(request.profile, request.overrides)
    check_position(*request.start, "from")
    live = network_for(settings)
    with shared_sync_pool(settings.dsn).connection() as conn:
        found = network.targets(conn, request.kind, *request.start, TARGET_RADIUS_M)
    names = {t[0]: t[1] for t in found}
    targets = [(t[0], t[2], t[3]) for t in found]
    results = live.run(lambda r: r.nearest(profile, request.start, targets, count=request.count))
    for item in results:
        item["name"] = names[item["id"]]
        item["kind"] = request.kind
    return {"kind": request.kind, "profile": profile.name, "results": results}
