"""Routes, walksheds and nearest targets on the pedestrian graph, per profile.

:class:`Router` keeps the edge table of the graph's current version and one
:class:`~gis.mobility.fastpath.ProfileGraph` per profile (overridden profiles too, the
least recently used dropped past :data:`CACHE_SIZE`). Inputs and outputs are CRS84
(longitude, latitude); the graph is in EPSG:2100.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, mapping

from gis.mobility.costs import CONSTRAINTS, Costs, EdgeTable, profile_costs
from gis.mobility.fastpath import ProfileGraph
from gis.mobility.graph import PedestrianGraph
from gis.mobility.instructions import instructions
from gis.mobility.profiles import PROFILES, Profile
from models.base import STORAGE_SRID
from models.errors import InvalidInput

CACHE_SIZE = 16
#: How far (m) a requested point may be from the network.
MAX_SNAP_M = 300.0
TO_LONLAT = Transformer.from_crs(STORAGE_SRID, 4326, always_xy=True)
#: Where the storage CRS is valid (CRS84 west, south, east, north): points outside it
#: are refused before any transform (which would give nonsense or fail).
_AREA = CRS.from_epsg(STORAGE_SRID).area_of_use
AREA = (_AREA.west, _AREA.south, _AREA.east, _AREA.north) if _AREA else (-180, -90, 180, 90)
TO_GRID = Transformer.from_crs(4326, STORAGE_SRID, always_xy=True)


class RoutingError(InvalidInput):
    """A request the network cannot answer (422); ``constraint`` names why (a profile
    rule, ``no_connection``, or None for a point off the network), ``where`` where."""

    code = "NoRoute"
    title = "No route"

    def __init__(
        self,
        message: str,
        *,
        field: str,
        constraint: str | None = None,
        where: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.constraint = constraint
        self.where = where


@dataclass(frozen=True)
class Snapped:
    node: int
    distance_m: float


def lonlat(x: np.ndarray | float, y: np.ndarray | float) -> tuple[Any, Any]:
    """EPSG:2100 → CRS84."""
    return TO_LONLAT.transform(x, y)


class Router:
    """Searches on one :class:`PedestrianGraph` (rebuilt tables follow its version)."""

    def __init__(self, graph: PedestrianGraph) -> None:
        self.graph = graph
        self._lock = threading.Lock()
        self._version = -1
        self._table: EdgeTable | None = None
        self._xy = np.zeros((0, 2))
        self._coords: list[np.ndarray] = []
        self._profiles: OrderedDict[str, ProfileGraph] = OrderedDict()

    # ------------------------------------------------------------------ state
    def table(self) -> EdgeTable:
        """The edge table of the graph's current version."""
        with self._lock:
            if self._table is None or self._version != self.graph.version:
                g = self.graph.g
                n = len(self.graph.nodes)
                xy = np.full((n, 2), np.nan)
                for node, data in g.nodes(data=True):
                    xy[node] = (data["x"], data["y"])
                self._xy = xy
                self._table = EdgeTable.of(g, n)
                self._coords = self._table.coords
                self._profiles.clear()
                self._version = self.graph.version
            return self._table

    def profile_graph(self, profile: Profile) -> ProfileGraph:
        """The searchable graph of ``profile`` (cached per name)."""
        table = self.table()
        with self._lock:
            found = self._profiles.get(profile.name)
            if found is not None and found.table is table:
                self._profiles.move_to_end(profile.name)
                return found
            built = ProfileGraph(table, profile_costs(table, profile), self._xy, profile.speed)
            self._profiles[profile.name] = built
            while len(self._profiles) > CACHE_SIZE:
                self._profiles.popitem(last=False)
            return built

    def snap(self, pg: ProfileGraph, lon: float, lat: float, field: str) -> Snapped:
        """The profile's nearest usable node to a CRS84 point (422 beyond 300 m)."""
        check_position(lon, lat, field)
        x, y = TO_GRID.transform(lon, lat)
        found = pg.nearest(x, y)
        if found is None or found[1] > MAX_SNAP_M:
            raise RoutingError(
                f"'{field}': no footway this profile can use within {MAX_SNAP_M:.0f} m / "
                f"κανένα βατό πεζοδρόμιο σε απόσταση {MAX_SNAP_M:.0f} μ.",
                field=field,
            )
        return Snapped(*found)

    # ------------------------------------------------------------------ route
    def route(
        self, profile: Profile, start: tuple[float, float], end: tuple[float, float]
    ) -> dict[str, Any]:
        """The route from ``start`` to ``end`` (CRS84) as a GeoJSON FeatureCollection:
        the whole line first, then one feature per segment; raises :class:`RoutingError`
        naming the blocking constraint and where when there is none."""
        pg = self.profile_graph(profile)
        a = self.snap(pg, *start, "from")
        b = self.snap(pg, *end, "to")
        found = pg.shortest(a.node, b.node)
        if found is None:
            raise self.explain(profile, a.node, b.node)
        cost, nodes = found
        rows = pg.path_edges(nodes)
        return self.feature_collection(profile, pg, rows, cost)

    def edge_data(self, row: int) -> dict[str, Any]:
        """The graph's attributes of table row ``row``."""
        u, v, k = self.table().keys[row]
        data: dict[str, Any] = self.graph.g.edges[u, v, k]
        return data

    def feature_collection(
        self, profile: Profile, pg: ProfileGraph, rows: list[int], cost: float
    ) -> dict[str, Any]:
        """The GeoJSON of a route over table rows ``rows``."""
        edges = [self.edge_data(r) for r in rows]
        lines = _lines_lonlat([e["coords"] for e in edges])
        times = np.round(pg.costs.time[rows], 1).tolist() if rows else []
        segments = [
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": line},
                "properties": {"type": "segment", **segment_properties(e), "time_s": time},
            }
            for e, line, time in zip(edges, lines, times, strict=True)
        ]
        whole = lines[0] + [c for line in lines[1:] for c in line[1:]] if lines else []
        length = float(sum(e["length"] for e in edges))
        time_s = float(pg.costs.time[rows].sum()) if rows else 0.0
        warnings = route_warnings(edges)
        overview = {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": whole} if len(whole) >= 2 else None,
            "properties": {
                "type": "route overview",
                "profile": profile.name,
                "length_m": round(length, 1),
                "duration_s": round(time_s, 1),
                "cost": round(cost, 3),
                "instructions": instructions(edges),
                "warnings": warnings,
            },
        }
        return {"type": "FeatureCollection", "features": [overview, *segments]}

    # ------------------------------------------------------------------ no route
    def explain(self, profile: Profile, source: int, target: int) -> RoutingError:
        """Why ``profile`` cannot go from ``source`` to ``target``: the first blocked edge
        on the unrestricted shortest path, leaving what the profile can reach."""
        pg = self.profile_graph(profile)
        reach = pg.costs_from(source, np.inf)
        table = self.table()
        free = ProfileGraph(table, _free_costs(pg), self._xy, profile.speed)
        found = free.shortest(source, target)
        if found is None:
            return RoutingError(
                "no pedestrian connection between 'from' and 'to' / "
                "δεν υπάρχει πεζή σύνδεση μεταξύ αφετηρίας και προορισμού",
                field="to",
                constraint="no_connection",
            )
        _, nodes = found
        for u, v in zip(nodes, nodes[1:], strict=False):
            row = free.edge(u, v)
            if np.isfinite(reach[u]) and not np.isfinite(pg.costs.cost[row]):
                reasons = [
                    pg.costs.reason[r] for r in _rows_between(table, u, v) if pg.costs.reason[r] > 0
                ]
                constraint = CONSTRAINTS[reasons[0]] if reasons else "unknown"
                e = self.edge_data(row)
                mid = LineString(e["coords"]).interpolate(0.5, normalized=True)
                lon, lat = lonlat(mid.x, mid.y)
                where = {
                    "footway_id": e["fid"],
                    "point": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
                    **_blocking_detail(constraint, e),
                }
                return RoutingError(
                    f"no route for profile '{profile.name}': blocked by '{constraint}' at "
                    f"footway {e['fid']} ({lat:.6f}, {lon:.6f}) / καμία διαδρομή: εμπόδιο "
                    f"'{constraint}' στο τμήμα {e['fid']}",
                    field=constraint,
                    constraint=constraint,
                    where=where,
                )
        return RoutingError(
            "no route / καμία διαδρομή", field="to", constraint="unknown"
        )  # pragma: no cover - the free path always leaves the reachable set

    # ------------------------------------------------------------------ walkshed
    def walkshed(
        self, profile: Profile, start: tuple[float, float], minutes: float
    ) -> dict[str, Any]:
        """What ``profile`` reaches from ``start`` within ``minutes``: the reached edges
        (MultiLineString) and their hull, as a FeatureCollection."""
        pg = self.profile_graph(profile)
        a = self.snap(pg, *start, "from")
        dist = pg.costs_from(a.node, minutes * 60.0)
        t = pg.table
        rows = pg.pair_edges
        rows = rows[np.isfinite(dist[t.src[rows]]) & np.isfinite(dist[t.dst[rows]])]
        n = np.int64(t.n_nodes)
        low, high = np.minimum(t.src[rows], t.dst[rows]), np.maximum(t.src[rows], t.dst[rows])
        _, first = np.unique(low.astype(np.int64) * n + high, return_index=True)
        reached = np.flatnonzero(np.isfinite(dist))
        lines = [self._coords[r] for r in rows[first]]
        if lines:
            hull = shapely.concave_hull(shapely.multipoints(self._xy[reached]), ratio=0.3)
        else:
            hull = shapely.Point(self._xy[a.node])
        hull_ll = shapely.transform(hull, lambda c: np.column_stack(lonlat(c[:, 0], c[:, 1])))
        props = {"profile": profile.name, "minutes": minutes, "nodes": int(len(reached))}
        edges = {"type": "MultiLineString", "coordinates": _lines_lonlat(lines)}
        return {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": mapping(hull_ll), "properties": {"type": "area", **props}},
                {"type": "Feature", "geometry": edges, "properties": {"type": "edges", **props}},
            ],
        }  # fmt: skip

    # ------------------------------------------------------------------ nearest
    def nearest(
        self,
        profile: Profile,
        start: tuple[float, float],
        targets: list[tuple[Any, float, float]],
        *,
        limit_minutes: float = 30.0,
        count: int = 3,
    ) -> list[dict[str, Any]]:
        """The ``count`` targets (id, lon, lat) reached first from ``start``, each with its
        route."""
        pg = self.profile_graph(profile)
        a = self.snap(pg, *start, "from")
        if not targets:
            return []
        dist = pg.costs_from(a.node, limit_minutes * 60)
        x, y = TO_GRID.transform([t[1] for t in targets], [t[2] for t in targets])
        found: list[tuple[float, Any, int, float]] = []
        for tid, tx, ty in zip([t[0] for t in targets], x, y, strict=True):
            near = pg.nearest(tx, ty)
            if near is None or near[1] > MAX_SNAP_M or not np.isfinite(dist[near[0]]):
                continue
            found.append((float(dist[near[0]]), tid, near[0], near[1]))
        found.sort(key=lambda f: f[0])
        out = []
        for cost, tid, node, off in found[:count]:
            path = pg.shortest(a.node, node)
            assert path is not None
            rows = pg.path_edges(path[1])
            out.append(
                {"id": tid, "cost": round(cost, 2), "snap_m": round(off, 1),
                 "route": self.feature_collection(profile, pg, rows, cost)}
            )  # fmt: skip
        return out


def check_position(lon: float, lat: float, field: str) -> None:
    """``RoutingError`` naming ``field`` when a CRS84 point is outside :data:`AREA`."""
    west, south, east, north = AREA
    if not (west <= lon <= east and south <= lat <= north):
        raise RoutingError(
            f"'{field}': ({lon}, {lat}) is outside the area the network's CRS covers "
            f"({west}, {south}, {east}, {north}) / εκτός της περιοχής του δικτύου",
            field=field,
        )


def profile_named(name: str) -> Profile:
    """A built-in profile by name (``RoutingError`` naming ``profile`` otherwise)."""
    try:
        return PROFILES[name]
    except KeyError:
        raise RoutingError(
            f"'profile': unknown profile '{name}'; one of {', '.join(PROFILES)} / άγνωστο προφίλ",
            field="profile",
        ) from None


def _lines_lonlat(lines: list[np.ndarray]) -> list[list[list[float]]]:
    """Lines (EPSG:2100 arrays) as CRS84 coordinate lists, transformed in one call."""
    if not lines:
        return []
    stacked = np.vstack(lines)
    lon, lat = lonlat(stacked[:, 0], stacked[:, 1])
    flat = np.round(np.column_stack([lon, lat]), 7).tolist()
    out, i = [], 0
    for line in lines:
        out.append(flat[i : i + len(line)])
        i += len(line)
    return out


def segment_properties(e: dict[str, Any]) -> dict[str, Any]:
    """A segment's attributes as JSON values."""
    c = e.get("crossing")
    incline = e["incline"]
    return {
        "footway_id": e["fid"],
        "footway_type": _v(e["footway_type"]),
        "length_m": round(e["length"], 1),
        "incline_pct": None if incline != incline else round(incline, 1),
        "incline_from_dem": e["incline_from_dem"],
        "width_m": e["width"],
        "surface": _v(e["surface"]),
        "smoothness": _v(e["smoothness"]),
        "steps": e["steps"],
        "lit": e["lit"],
        "tactile_paving": e["tactile_paving"],
        "wheelchair": _v(e["wheelchair"]),
        "kerb_from": _v(e["kerb_from"]),
        "kerb_from_height_m": e["kerb_from_height"],
        "kerb_to": _v(e["kerb_to"]),
        "kerb_to_height_m": e["kerb_to_height"],
        "crossing": None if c is None else {k: _v(v) for k, v in c.items()},
    }


def route_warnings(edges: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Warnings worth showing on the map: steps, kerbs that are not flush, unmarked
    crossings, signals without sound, unknown surfaces."""
    out = []
    for e in edges:
        c = e.get("crossing") or {}
        kinds = []
        if e["steps"]:
            kinds.append(("σκαλοπάτια", "steps"))
        for end in ("kerb_from", "kerb_to"):
            kerb = e[end]
            if kerb is not None and kerb.value in ("raised", "rolled"):
                kinds.append((f"κράσπεδο {kerb.el.lower()}", f"{kerb.en.lower()} kerb"))
        if c.get("crossing_type") is not None and c["crossing_type"].value == "unmarked":
            kinds.append(("διάβαση χωρίς διαγράμμιση", "unmarked crossing"))
        if c.get("crossing_type") is not None and c["crossing_type"].value == "traffic_signals":
            if not c.get("traffic_signals_sound"):
                kinds.append(("φανάρι χωρίς ηχητική σήμανση", "signals without sound"))
        for el, en in kinds:
            warning = {"footway_id": str(e["fid"]), "el": el, "en": en}
            if warning not in out:
                out.append(warning)
    return out


def _v(value: Any) -> Any:
    return getattr(value, "value", value)


def _free_costs(pg: ProfileGraph) -> Costs:
    """Costs where nothing is blocked (length), for the no-route explanation."""
    t = pg.table
    return Costs(cost=t.length.copy(), reason=np.zeros(len(t.length), "int8"), time=t.length)


def _rows_between(t: EdgeTable, u: int, v: int) -> np.ndarray:
    return np.flatnonzero((t.src == u) & (t.dst == v))


def _blocking_detail(constraint: str, e: dict[str, Any]) -> dict[str, Any]:
    if constraint == "max_kerb_height":
        return {
            "kerb": [_v(e["kerb_from"]), _v(e["kerb_to"])],
            "kerb_height_m": [e["kerb_from_height"], e["kerb_to_height"]],
        }
    keys = {
        "min_width": "width",
        "max_uphill": "incline",
        "max_downhill": "incline",
        "allowed_surfaces": "surface",
        "worst_smoothness": "smoothness",
        "wheelchair": "wheelchair",
    }
    if constraint in keys:
        return {keys[constraint]: _v(e[keys[constraint]])}
    return {}
