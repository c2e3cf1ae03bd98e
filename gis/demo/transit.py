"""Town-bus stops: pairs of stops (one per direction) every ~380 m along the bus routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point

from gis.demo import names
from gis.demo.placement import rng
from gis.demo.streets import Network
from models.enums import WheelchairAccess

#: Street lines the town buses run on.
ROUTE_KEYS = ("ring", "u0", "v0", "radial-n-in", "radial-e-in", "radial-s-in", "radial-w-in")
SPACING = 380.0
#: Stops keep this far from junctions (crossings, turning traffic).
JUNCTION_CLEARANCE = 30.0


@dataclass(frozen=True)
class StopSite:
    """Where a stop stands and what it is called."""

    point: Point
    name: names.Name


def stop_sites(network: Network) -> list[StopSite]:
    """Stops on both sides of every route, named after the nearest cross street."""
    junctions = shapely.points([k for k, v in network.nodes.items() if len(v) >= 3])
    junction_tree = shapely.STRtree(junctions)
    out = []
    for key in ROUTE_KEYS:
        segs = list(network.by_key(key))
        offset = segs[0].profile.kerb + 0.7
        merged = shapely.line_merge(shapely.MultiLineString([s.geom for s in segs]))
        for line in shapely.get_parts(merged):
            for pos in _positions(line, junctions, junction_tree):
                out += _pair(network, key, line, pos, offset)
    return out


def _positions(line: LineString, junctions: np.ndarray, tree: shapely.STRtree) -> list[float]:
    """Distances along ``line`` every :data:`SPACING`, nudged away from junctions."""
    out = []
    pos = SPACING / 2
    while pos < line.length - 40:
        for _ in range(8):
            p = line.interpolate(pos)
            if junctions[tree.nearest(p)].distance(p) >= JUNCTION_CLEARANCE:
                out.append(pos)
                break
            pos += 12
        pos += SPACING
    return out


def _pair(
    network: Network, key: str, line: LineString, pos: float, offset: float
) -> list[StopSite]:
    a, b = (
        np.asarray(line.interpolate(pos - 1).coords[0]),
        np.asarray(line.interpolate(pos + 1).coords[0]),
    )
    d = (b - a) / np.hypot(*(b - a))
    n = np.array([-d[1], d[0]])
    centre = np.asarray(line.interpolate(pos).coords[0])
    name = _stop_name(network, key, Point(centre))
    return [StopSite(Point(centre + side * offset * n), name) for side in (1, -1)]


def _stop_name(network: Network, key: str, at: Point) -> names.Name:
    if at.distance(Point(0, 40)) < 160:
        return names.SQUARE
    others = [s for s in network.segments if s.line.key != key and s.line.urban]
    nearest = min(others, key=lambda s: s.geom.distance(at))
    return nearest.name


def stop_records(sites: list[StopSite], seed: int) -> list[dict[str, Any]]:
    """Records of the transit-stops layer."""
    r = rng(seed, "transit")
    out = []
    for k, site in enumerate(sites, start=1):
        central = site.point.distance(Point(0, 0)) < 600
        shelter = r.random() < (0.6 if central else 0.35)
        out.append(
            {
                "code": f"KAR{k:03d}",
                "name_el": site.name[0],
                "name_en": site.name[1],
                "shelter": shelter,
                "bench": shelter or r.random() < 0.3,
                "realtime_display": central and r.random() < 0.5,
                "wheelchair_boarding": r.choices(list(WheelchairAccess), [0.5, 0.25, 0.1, 0.15])[0],
                "geom": site.point,
            }
        )
    return out
