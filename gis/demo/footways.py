"""The pedestrian network (OpenSidewalks style): sidewalks, crossings, paths and steps.

A sidewalk runs along each side of an urban street at the class's sidewalk offset and
stops where it meets the sidewalk of the crossing street, so the two share their corner
point. Crossing edges join the two corners on either side of a junction's arm and carry
the crossing's kerbs; the crossing *point* (crossings layer) is where that edge meets the
road's centre-line. Inclines come from the street-level terrain of :mod:`gis.demo.dem`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Point, box
from shapely.ops import nearest_points

from gis.demo.dem import terrain
from gis.demo.placement import local_to_offsets, rng
from gis.demo.streets import MAIN, Network, Segment
from gis.demo.town import TownPlan
from models.enums import (
    CrossingType,
    FootwayType,
    KerbType,
    RoadClass,
    Smoothness,
    Surface,
    WheelchairAccess,
)

R = RoadClass
#: Road classes that have a sidewalk on each side (when the street is urban).
SIDEWALK_CLASSES = frozenset({R.PRIMARY, R.SECONDARY, R.TERTIARY, R.RESIDENTIAL, R.LIVING_STREET})
#: Within this distance of the square a street is "central" (finer paving, more tactile).
CENTRAL_RADIUS = 400.0


@dataclass(frozen=True)
class Sidewalk:
    """The sidewalk on one side (+1 left, -1 right) of road segment ``segment``."""

    segment: int
    side: int
    geom: LineString


@dataclass(frozen=True)
class CrossingLink:
    """A crossing of road segment ``segment`` at a junction: its edge and its point."""

    segment: int
    edge: LineString
    point: Point
    junction_classes: frozenset[RoadClass]


def has_sidewalks(seg: Segment) -> bool:
    """Whether a road segment gets sidewalks."""
    return seg.line.urban and seg.road_class in SIDEWALK_CLASSES


def sidewalk_lines(network: Network) -> list[Sidewalk]:
    """Both sidewalks of every urban segment, cut at the crossing streets' sidewalks."""
    trimmer = _Trimmer(network)
    out = []
    for i, seg in enumerate(network.segments):
        if not has_sidewalks(seg):
            continue
        for side in (1, -1):
            line = seg.geom.offset_curve(side * seg.profile.sidewalk, join_style="mitre")
            piece = trimmer.trim(i, line)
            if piece is not None:
                out.append(Sidewalk(i, side, piece))
    return out


class _Trimmer:
    """Cuts a line where it enters the sidewalk band of any *other* street."""

    def __init__(self, network: Network) -> None:
        self.segments = network.segments
        self.bands = [
            shapely.buffer(s.geom, s.profile.sidewalk, cap_style="flat", join_style="mitre")
            for s in self.segments
        ]
        self.tree = shapely.STRtree(self.bands)

    def trim(self, index: int, line: LineString) -> LineString | None:
        """The piece of ``line`` (drawn along segment ``index``) between two crossing streets."""
        key = self.segments[index].line.key
        near = [
            self.bands[j]
            for j in self.tree.query(line, predicate="intersects")
            if self.segments[j].line.key != key and self.segments[j].road_class is not R.PEDESTRIAN
        ]
        middle = line.interpolate(0.5, normalized=True)
        rest = line
        for band in near:  # a few cheap line-polygon differences beat one polygon union
            rest = rest.difference(band)
        pieces = [p for p in shapely.get_parts(rest) if isinstance(p, LineString) and p.length > 2]
        if not pieces:
            return None
        return min(pieces, key=lambda p: p.distance(middle))  # type: ignore[no-any-return]


def crossing_links(network: Network, sidewalks: list[Sidewalk]) -> list[CrossingLink]:
    """A crossing over every junction arm that has a sidewalk corner on both sides."""
    ends = np.array([xy for s in sidewalks for xy in (s.geom.coords[0], s.geom.coords[-1])])
    tree = shapely.STRtree(shapely.points(ends))
    out = []
    for node, incident in network.nodes.items():
        if len(incident) < 3:
            continue
        p = np.array(node)
        near = ends[tree.query(Point(node).buffer(30))]
        classes = frozenset(network.segments[i].road_class for i, _ in incident)
        for i, at_start in incident:
            seg = network.segments[i]
            if seg.road_class in (R.PEDESTRIAN, R.TRUNK):
                continue
            corners = _corners(seg, at_start, p, near)
            if corners is None:
                continue
            edge = LineString(corners)
            point = edge.intersection(seg.geom)
            if isinstance(point, Point):
                out.append(CrossingLink(i, edge, point, classes))
    return out


def _corners(
    seg: Segment, at_start: bool, p: np.ndarray, near: np.ndarray
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The nearest sidewalk corner left and right of the arm ``seg`` leaving junction ``p``."""
    coords = np.asarray(seg.geom.coords)
    d = coords[1] - coords[0] if at_start else coords[-2] - coords[-1]
    d = d / np.hypot(*d)
    n = np.array([-d[1], d[0]])
    rel = near - p
    along, lateral = rel @ d, rel @ n
    ok = (along > 0) & (along < 25) & (np.abs(np.abs(lateral) - seg.profile.sidewalk) < 0.05)
    found = []
    for sign in (1, -1):
        idx = np.flatnonzero(ok & (np.sign(lateral) == sign))
        if idx.size == 0:
            return None
        best = idx[np.argmin(along[idx])]
        found.append((float(near[best][0]), float(near[best][1])))
    return found[0], found[1]


# ------------------------------------------------------------------ records
def crossing_records(
    network: Network, links: list[CrossingLink], seed: int
) -> list[dict[str, Any]]:
    """Records of the crossings layer (one point per crossing link)."""
    r = rng(seed, "crossings")
    return [_crossing_attrs(network.segments[k.segment], k, r) | {"geom": k.point} for k in links]


def _crossing_attrs(seg: Segment, link: CrossingLink, r: random.Random) -> dict[str, Any]:
    """Signals where main roads meet, zebras on main roads, raised tables in the centre."""
    mains = {c for c in link.junction_classes if c in MAIN}
    central = link.point.distance(Point(0, 0)) < CENTRAL_RADIUS
    if seg.road_class in MAIN and len(mains) >= 2 and (seg.road_class is not R.TERTIARY or central):
        kind = CrossingType.TRAFFIC_SIGNALS
    elif seg.road_class in MAIN:
        kind = CrossingType.MARKED
    elif seg.road_class is R.LIVING_STREET or (central and r.random() < 0.15):
        kind = CrossingType.RAISED
    else:
        kind = r.choices([CrossingType.UNMARKED, CrossingType.MARKED], [0.65, 0.35])[0]
    kerb = _kerb(kind, r)
    signals = kind is CrossingType.TRAFFIC_SIGNALS
    return {
        "crossing_type": kind,
        "markings": kind is not CrossingType.UNMARKED,
        "kerb": kerb,
        "kerb_height": _kerb_height(kerb, r),
        "tactile_paving": r.random() < {True: 0.8, False: 0.35 if central else 0.1}[signals],
        "traffic_signals_sound": (r.random() < 0.5) if signals else None,
        "traffic_signals_vibration": (r.random() < 0.3) if signals else None,
        "button_operated": (r.random() < 0.6) if signals else None,
        "island": seg.road_class is R.PRIMARY and r.random() < 0.3,
        "lit": True,
        "extension_s": 9 if central else 6,
    }


#: Kerb heights (m) of the demo's kerbs, by type: a range, as surveyed kerbs vary.
KERB_HEIGHTS = {
    KerbType.FLUSH: (0.0, 0.0),
    KerbType.LOWERED: (0.0, 0.04),
    KerbType.ROLLED: (0.02, 0.06),
    KerbType.RAISED: (0.10, 0.18),
}


def _kerb_height(kerb: KerbType, r: random.Random) -> float | None:
    """A surveyed height for most kerbs; one in ten is not measured."""
    if r.random() < 0.1:
        return None
    low, high = KERB_HEIGHTS[kerb]
    return round(r.uniform(low, high), 2)


def _kerb(kind: CrossingType, r: random.Random) -> KerbType:
    weights = {
        CrossingType.TRAFFIC_SIGNALS: [0.0, 0.85, 0.05, 0.1],
        CrossingType.MARKED: [0.0, 0.65, 0.1, 0.25],
        CrossingType.UNMARKED: [0.0, 0.3, 0.2, 0.5],
        CrossingType.RAISED: [1.0, 0.0, 0.0, 0.0],
    }[kind]
    kinds = [KerbType.FLUSH, KerbType.LOWERED, KerbType.ROLLED, KerbType.RAISED]
    return r.choices(kinds, weights)[0]


def footway_records(
    plan: TownPlan,
    network: Network,
    sidewalks: list[Sidewalk],
    crossings: list[dict[str, Any]],
    links: list[CrossingLink],
    seed: int,
) -> list[dict[str, Any]]:
    """Records of the footways layer: sidewalks, crossing edges, paths, bridges, steps."""
    r = rng(seed, "footways")
    out = [_sidewalk(network.segments[s.segment], s.geom, r) for s in sidewalks]
    for link, crossing in zip(links, crossings, strict=True):
        out.append(_crossing_edge(link, crossing, r))
    out += _pedestrian_streets(network)
    out += _square_paths(plan)
    paths = _park_paths(plan) + _riverside_paths(plan, network)
    out += [_path(line, plan, r) for line in paths]
    out += _steps(paths, sidewalks, r)
    return _with_inclines(out, seed)


def _sidewalk(seg: Segment, geom: LineString, r: random.Random) -> dict[str, Any]:
    """A sidewalk record: wider on main roads, finer paving in the centre."""
    central = geom.distance(Point(0, 0)) < CENTRAL_RADIUS
    low, high = {
        R.PRIMARY: (2.5, 4.0),
        R.SECONDARY: (2.5, 3.5),
        R.TERTIARY: (1.8, 2.8),
    }.get(seg.road_class, (1.1, 2.2))
    width = round(r.uniform(low, high), 1)
    if central:
        kinds, weights = [Surface.PAVING_STONES, Surface.SETT, Surface.CONCRETE], [6, 1.5, 2.5]
    else:
        kinds, weights = [Surface.CONCRETE, Surface.PAVING_STONES, Surface.ASPHALT], [5, 3.5, 1.5]
    surface = r.choices(kinds, weights)[0]
    tactile = r.random() < (0.4 if central else 0.1) if r.random() > 0.1 else None
    return {
        "footway_type": FootwayType.SIDEWALK,
        "width": width,
        "surface": surface,
        "smoothness": _smoothness(surface, r),
        "tactile_paving": tactile,
        "lit": seg.profile.lit or None,
        "wheelchair": _wheelchair(width, surface, r),
        "geom": geom,
    }


def _smoothness(surface: Surface, r: random.Random) -> Smoothness | None:
    """Mostly good; setts and unbound surfaces rougher; one in eight not surveyed."""
    if r.random() < 0.125:
        return None
    rough = surface in (Surface.SETT, Surface.GRAVEL, Surface.COMPACTED, Surface.DIRT)
    kinds = [Smoothness.GOOD, Smoothness.INTERMEDIATE, Smoothness.BAD, Smoothness.VERY_BAD]
    weights = [1, 4, 3, 1] if rough else [7, 2, 0.7, 0.3]
    return r.choices(kinds, weights)[0]


def _wheelchair(width: float, surface: Surface, r: random.Random) -> WheelchairAccess:
    roll = r.random()
    if roll < 0.04:
        return WheelchairAccess.UNKNOWN
    if roll < 0.09:  # parked cars, kiosks, tree pits: the usual obstacles
        return WheelchairAccess.NO
    if width < 1.5 or surface in (Surface.SETT, Surface.GRAVEL, Surface.DIRT):
        return WheelchairAccess.LIMITED
    return WheelchairAccess.YES


def _crossing_edge(
    link: CrossingLink, crossing: dict[str, Any], r: random.Random
) -> dict[str, Any]:
    kind, kerb = crossing["crossing_type"], crossing["kerb"]
    access = {
        KerbType.FLUSH: WheelchairAccess.YES,
        KerbType.LOWERED: WheelchairAccess.YES,
        KerbType.ROLLED: WheelchairAccess.LIMITED,
        KerbType.RAISED: WheelchairAccess.NO,
    }[kerb]
    return {
        "footway_type": FootwayType.CROSSING,
        "width": None if kind is CrossingType.UNMARKED else round(r.uniform(3.0, 4.0), 1),
        "surface": Surface.PAVING_STONES if kind is CrossingType.RAISED else Surface.ASPHALT,
        "kerb_start": kerb,
        "kerb_end": kerb,
        "kerb_start_height": crossing["kerb_height"],
        "kerb_end_height": crossing["kerb_height"],
        "tactile_paving": crossing["tactile_paving"],
        "lit": crossing["lit"],
        "wheelchair": access,
        "geom": link.edge,
    }


def _pedestrian_streets(network: Network) -> list[dict[str, Any]]:
    trimmer = _Trimmer(network)
    out = []
    for i, seg in enumerate(network.segments):
        if seg.road_class is not R.PEDESTRIAN:
            continue
        line = trimmer.trim(i, seg.geom)
        if line is not None:
            out.append(_paved(FootwayType.PEDESTRIAN, line, width=8.0))
    return out


def _paved(kind: FootwayType, line: LineString, *, width: float) -> dict[str, Any]:
    return {
        "footway_type": kind,
        "width": width,
        "surface": Surface.PAVING_STONES,
        "tactile_paving": True,
        "lit": True,
        "wheelchair": WheelchairAccess.YES,
        "geom": line,
    }


def _square_paths(plan: TownPlan) -> list[dict[str, Any]]:
    """Four paved paths from the middle of the square to its corners."""
    inner = plan.square.buffer(-7, join_style="mitre")
    centre = inner.centroid
    corners = list(inner.exterior.coords)[:4]
    return [_paved(FootwayType.FOOTWAY, LineString([centre, c]), width=4.0) for c in corners]


def _park_paths(plan: TownPlan) -> list[LineString]:
    """A loop and two cross paths in the park, split where they meet."""
    minx, miny, maxx, maxy = plan.park.bounds
    loop = box(minx + 20, miny + 20, maxx - 20, maxy - 20).exterior
    mid_u, mid_v = (minx + maxx) / 2, (miny + maxy) / 2
    cross_u = LineString([(mid_u, miny + 20), (mid_u, maxy - 20)])
    cross_v = LineString([(minx + 20, mid_v), (maxx - 20, mid_v)])
    noded = shapely.node(shapely.GeometryCollection([loop, cross_u, cross_v]))
    return [g for g in shapely.get_parts(noded) if g.length > 1]


def _riverside_paths(plan: TownPlan, network: Network) -> list[LineString]:
    """Paths along both banks inside the ring, interrupted by the streets' bridges."""
    near = plan.stream.buffer(40)
    roads = shapely.union_all(
        [
            shapely.buffer(s.geom, s.profile.sidewalk + 4.0)
            for s in network.segments
            if s.geom.intersects(near)
        ]
    )
    keep = plan.urban.buffer(-10).difference(roads).difference(plan.park)
    out = []
    for side in (14, -14):
        bank = plan.stream.offset_curve(side).intersection(keep)
        out += [g for g in shapely.get_parts(bank) if isinstance(g, LineString) and g.length > 25]
    return out


def _path(line: LineString, plan: TownPlan, r: random.Random) -> dict[str, Any]:
    """A park or riverside path; where it crosses the stream it is a footbridge."""
    bridge = line.crosses(plan.stream)
    surface = Surface.CONCRETE if bridge else r.choice([Surface.COMPACTED, Surface.GRAVEL])
    return {
        "footway_type": FootwayType.FOOTWAY if bridge else FootwayType.PATH,
        "width": round(r.uniform(2.0, 3.5), 1),
        "surface": surface,
        "smoothness": _smoothness(surface, r),
        "tactile_paving": False,
        "lit": r.random() < 0.6,
        "wheelchair": WheelchairAccess.YES if bridge else WheelchairAccess.LIMITED,
        "geom": line,
    }


def _steps(
    paths: list[LineString], sidewalks: list[Sidewalk], r: random.Random
) -> list[dict[str, Any]]:
    """Steps from the riverside paths' ends up to the nearest sidewalk (2–8 m away)."""
    tree = shapely.STRtree([s.geom for s in sidewalks])
    out = []
    for path in paths:
        for end in (Point(path.coords[0]), Point(path.coords[-1])):
            j = tree.nearest(end)
            top = nearest_points(end, sidewalks[j].geom)[1]
            run = end.distance(top)
            if not 2 <= run <= 8:
                continue
            count = max(3, round(run / 0.32))
            out.append(
                {
                    "footway_type": FootwayType.STEPS,
                    "incline": round(100 * count * 0.16 / run, 1),
                    "width": round(r.uniform(1.2, 2.5), 1),
                    "surface": Surface.CONCRETE,
                    "step_count": count,
                    "tactile_paving": False,
                    "lit": r.random() < 0.5,
                    "wheelchair": WheelchairAccess.NO,
                    "geom": LineString([end, top]),
                }
            )
    return out


def _with_inclines(records: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Fill ``incline`` (% along the drawing direction) from the street-level terrain."""
    starts = np.array([rec["geom"].coords[0] for rec in records])
    ends = np.array([rec["geom"].coords[-1] for rec in records])
    z0 = terrain(*local_to_offsets(starts[:, 0], starts[:, 1]), seed=seed)
    z1 = terrain(*local_to_offsets(ends[:, 0], ends[:, 1]), seed=seed)
    for rec, a, b in zip(records, z0, z1, strict=True):
        if "incline" not in rec:
            length = rec["geom"].length
            rec["incline"] = round(100 * (b - a) / length, 1) if length > 0 else 0.0
    return records


def barrier_records() -> list[dict[str, Any]]:
    """Barrier reports: none in the demo town (citizens file them; a dated report in the
    demo would expire, and the demo is the same on every run)."""
    return []
