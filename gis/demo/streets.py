"""The street network: grid, inner ring, radial roads, bypass, farm tracks, service roads.

Streets are drawn as whole lines, then split wherever two lines cross, so every road
record is one segment between junctions and the segments share their end points exactly
(coordinates are snapped to the centimetre) — a routable graph.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import substring

from gis.demo import names
from gis.demo.placement import rng
from gis.demo.town import GRID_U, GRID_V, TownPlan
from models.enums import RoadClass, Surface

R = RoadClass


@dataclass(frozen=True)
class Profile:
    """Cross-section of a road class: offsets (m) from the centre-line and defaults."""

    kerb: float
    sidewalk: float
    building_line: float
    maxspeed: int | None
    lanes: int | None
    surface: Surface
    lit: bool


PROFILES: dict[RoadClass, Profile] = {
    R.TRUNK: Profile(7.5, 9.5, 14.0, 90, 4, Surface.ASPHALT, False),
    R.PRIMARY: Profile(6.5, 8.0, 9.5, 50, 2, Surface.ASPHALT, True),
    R.SECONDARY: Profile(5.5, 7.0, 8.5, 50, 2, Surface.ASPHALT, True),
    R.TERTIARY: Profile(5.0, 6.25, 7.5, 40, 2, Surface.ASPHALT, True),
    R.RESIDENTIAL: Profile(4.0, 5.0, 6.0, 30, 2, Surface.ASPHALT, True),
    # shared-surface streets keep the residential offsets so sidewalk corners still meet
    R.LIVING_STREET: Profile(4.0, 5.0, 6.0, 20, 1, Surface.SETT, True),
    R.PEDESTRIAN: Profile(4.0, 5.0, 6.0, None, None, Surface.PAVING_STONES, True),
    R.SERVICE: Profile(3.0, 4.0, 5.0, 20, 1, Surface.ASPHALT, False),
    R.TRACK: Profile(2.0, 3.0, 4.0, None, None, Surface.GRAVEL, False),
    R.UNCLASSIFIED: Profile(3.5, 4.5, 6.0, 70, 2, Surface.ASPHALT, False),
}
#: Classes that carry buses and get signals at their junctions.
MAIN = frozenset({R.TRUNK, R.PRIMARY, R.SECONDARY, R.TERTIARY})


@dataclass(frozen=True)
class StreetLine:
    """A named street drawn end to end, before it is split at junctions."""

    key: str
    name: names.Name
    road_class: RoadClass
    geom: LineString
    oneway: bool = False
    maxspeed: int | None = None
    urban: bool = True  # has sidewalks, street trees and building frontages


@dataclass(frozen=True)
class Segment:
    """One road record: a piece of a :class:`StreetLine` between two junctions."""

    line: StreetLine
    geom: LineString
    road_class: RoadClass

    @property
    def profile(self) -> Profile:
        """Cross-section of the segment's road class."""
        return PROFILES[self.road_class]

    @property
    def name(self) -> names.Name:
        """Greek and Latin-script name of the street."""
        return self.line.name


@dataclass(frozen=True)
class Network:
    """The split street network and the grid lines' cross-sections."""

    segments: tuple[Segment, ...]
    grid_profiles: dict[tuple[str, float], Profile] = field(default_factory=dict)
    grid_names: dict[tuple[str, float], names.Name] = field(default_factory=dict)

    @cached_property
    def nodes(self) -> dict[tuple[float, float], list[tuple[int, bool]]]:
        """Junction → ``(segment index, segment starts here)`` for every end point."""
        out: dict[tuple[float, float], list[tuple[int, bool]]] = defaultdict(list)
        for i, seg in enumerate(self.segments):
            for at_start, xy in ((True, seg.geom.coords[0]), (False, seg.geom.coords[-1])):
                out[(round(xy[0], 2), round(xy[1], 2))].append((i, at_start))
        return dict(out)

    def profile_at(self, axis: str, coord: float) -> Profile:
        """Cross-section of the grid line ``u = coord`` or ``v = coord`` (residential if none)."""
        return self.grid_profiles.get((axis, coord), PROFILES[R.RESIDENTIAL])

    def name_at(self, axis: str, coord: float) -> names.Name:
        """Name of the grid line ``u = coord`` or ``v = coord`` (the ring road on the edge)."""
        return self.grid_names.get((axis, coord), names.RING_ROAD)

    def by_key(self, key: str) -> Iterator[Segment]:
        """Segments of one street line."""
        return (s for s in self.segments if s.line.key == key)


def street_network(plan: TownPlan, seed: int) -> Network:
    """The whole network of the demo town."""
    r = rng(seed, "streets")
    grid, profiles = _grid_lines(plan, r)
    lines = grid + [_ring_line(plan)] + _radials(plan) + [_bypass(plan)]
    lines += _tracks(plan) + _service_roads()
    segments = [s for s in _split(lines) if not _removed(s, plan)]
    grid_names = {(line.key[0], float(line.key[1:])): line.name for line in grid}
    return Network(tuple(_special_classes(segments, r)), profiles, grid_names)


def road_records(network: Network) -> list[dict[str, Any]]:
    """Records of the roads layer, one per segment."""
    out = []
    for seg in network.segments:
        prof = seg.profile
        oneway = seg.line.oneway and seg.road_class not in (R.PEDESTRIAN, R.LIVING_STREET)
        lanes = (1 if oneway else 2) if seg.road_class is R.RESIDENTIAL else prof.lanes
        out.append(
            {
                "name_el": seg.name[0],
                "name_en": seg.name[1],
                "road_class": seg.road_class,
                "oneway": oneway,
                "maxspeed": seg.line.maxspeed or prof.maxspeed,
                "lanes": lanes,
                "surface": prof.surface,
                "lit": prof.lit,
                "geom": seg.geom,
            }
        )
    return out


# ------------------------------------------------------------------ drawing the lines
def _grid_class(axis: str, coord: int) -> RoadClass:
    if coord == 0:
        return R.SECONDARY
    if (axis, abs(coord)) in (("u", 500), ("v", 400)):
        return R.TERTIARY
    return R.RESIDENTIAL


def _grid_lines(
    plan: TownPlan, r: random.Random
) -> tuple[list[StreetLine], dict[tuple[str, float], Profile]]:
    pool = list(names.STREETS)
    r.shuffle(pool)
    lines: list[StreetLine] = []
    profiles: dict[tuple[str, float], Profile] = {}
    for axis, coords in (("u", GRID_U), ("v", GRID_V)):
        for k, c in enumerate(coords[1:-1]):
            cls = _grid_class(axis, c)
            profiles[(axis, float(c))] = PROFILES[cls]
            ends = [(c, -2000), (c, 2000)] if axis == "u" else [(-2000, c), (2000, c)]
            geom = LineString(ends).intersection(plan.urban)
            name = (names.AXIS_U if axis == "u" else names.AXIS_V) if c == 0 else pool.pop()
            oneway = cls is R.RESIDENTIAL and k % 3 != 2
            if oneway and k % 2:
                geom = geom.reverse()
            lines.append(StreetLine(f"{axis}{c}", name, cls, geom, oneway=oneway))
    for axis, coords in (("u", GRID_U), ("v", GRID_V)):
        for c in (coords[0], coords[-1]):
            profiles[(axis, float(c))] = PROFILES[R.PRIMARY]
    return lines, profiles


def _ring_line(plan: TownPlan) -> StreetLine:
    return StreetLine("ring", names.RING_ROAD, R.PRIMARY, LineString(plan.urban.exterior.coords))


def _bypass(plan: TownPlan) -> StreetLine:
    return StreetLine("bypass", names.BYPASS, R.TRUNK, plan.bypass, urban=False)


#: Where each radial road leaves the inner ring, and its direction.
RADIAL_STARTS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "n": ((0, 800), (0, 1)),
    "e": ((1000, 0), (1, 0)),
    "s": ((0, -800), (0, -1)),
    "w": ((-1000, 0), (-1, 0)),
    "ne": ((900, 600), (1, 1)),
    "se": ((900, -600), (1, -1)),
    "sw": ((-900, -600), (-1, -1)),
    "nw": ((-900, 600), (-1, 1)),
}


def _radials(plan: TownPlan) -> list[StreetLine]:
    """Roads to the neighbouring towns: ring → bypass (urban), bypass → boundary (rural)."""
    inside = plan.boundary.buffer(-25)
    out = []
    for key, ((u, v), (du, dv)) in RADIAL_STARTS.items():
        norm = math.hypot(du, dv)
        far = (u + 4000 * du / norm, v + 4000 * dv / norm)
        ray = LineString([(u, v), far])
        cross = ray.intersection(plan.bypass)
        q = min(getattr(cross, "geoms", [cross]), key=lambda p: Point(u, v).distance(p))
        outer = LineString([q, far]).intersection(inside)
        main = len(key) == 1
        out.append(
            StreetLine(
                f"radial-{key}-in",
                names.RADIALS[key],
                R.PRIMARY if main else R.SECONDARY,
                LineString([(u, v), (q.x, q.y)]),
            )
        )
        out.append(
            StreetLine(
                f"radial-{key}-out",
                names.RADIALS[key],
                R.PRIMARY if main else R.UNCLASSIFIED,
                outer,
                maxspeed=90 if main else 70,
                urban=False,
            )
        )
    return out


def _tracks(plan: TownPlan) -> list[StreetLine]:
    """Farm tracks in the fields between the bypass and the municipal boundary.

    They are drawn 2 m into the bypass so that splitting gives them a shared junction;
    :func:`_removed` drops the stubs.
    """
    fields = plan.boundary.buffer(-25).difference(Polygon(plan.bypass.coords).buffer(-2))
    out = []
    for axis, c in (("v", 500), ("v", -500), ("u", 650), ("u", -650)):
        ends = [(-3000, c), (3000, c)] if axis == "v" else [(c, -3000), (c, 3000)]
        for k, piece in enumerate(_parts(LineString(ends).intersection(fields))):
            if piece.length > 80:
                out.append(
                    StreetLine(f"track-{axis}{c}-{k}", names.TRACK, R.TRACK, piece, urban=False)
                )
    return out


def _service_roads() -> list[StreetLine]:
    """Access roads: park-and-ride car park (east), municipal depot (west), hospital (south)."""
    roads = {
        "service-park-and-ride": [(1160, 0), (1160, 105)],
        "service-depot": [(-1250, 0), (-1250, -90)],
        "service-hospital": [(0, -1000), (130, -1000)],
    }
    return [
        StreetLine(key, names.SERVICE, R.SERVICE, LineString(xy), urban=False)
        for key, xy in roads.items()
    ]


def _parts(geom: Any) -> list[LineString]:
    """The LineStrings of a (multi)line intersection result."""
    if isinstance(geom, LineString):
        return [geom] if not geom.is_empty else []
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, LineString) and not g.is_empty]


# ------------------------------------------------------------------ splitting
def _split(lines: list[StreetLine]) -> list[Segment]:
    """Cut every line where another crosses or touches it."""
    geoms = [line.geom for line in lines]
    tree = shapely.STRtree(geoms)
    out = []
    for i, line in enumerate(lines):
        cuts = {0.0, line.geom.length}
        for j in tree.query(line.geom, predicate="intersects"):
            if j == i:
                continue
            for p in shapely.get_parts(line.geom.intersection(geoms[j])):
                if isinstance(p, Point):
                    cuts.add(round(line.geom.project(p), 3))
        marks = sorted(cuts)
        for a, b in zip(marks, marks[1:], strict=False):
            if b - a > 0.5:
                piece = shapely.set_precision(substring(line.geom, a, b), 0.01)
                out.append(Segment(line, piece, line.road_class))
    return out


def _removed(seg: Segment, plan: TownPlan) -> bool:
    """Streets given over to the square and the park; stubs of farm tracks."""
    mid = seg.geom.interpolate(0.5, normalized=True)
    if seg.road_class is R.TRACK:
        return Polygon(plan.bypass.coords).contains(mid)
    inner = seg.line.key[0] in "uv" and seg.line.key[1:].lstrip("-").isdigit()
    return inner and (plan.square.contains(mid) or plan.park.contains(mid))


def _special_classes(segments: list[Segment], r: random.Random) -> Iterator[Segment]:
    """Pedestrian streets west of the square; living streets among central residential ones."""
    for seg in segments:
        mid = seg.geom.interpolate(0.5, normalized=True)
        key = seg.line.key
        if (key == "v80" and -300 < mid.x < -100) or (key == "u-200" and 80 < mid.y < 240):
            yield replace(seg, road_class=R.PEDESTRIAN)
        elif seg.road_class is R.RESIDENTIAL and mid.distance(Point(0, 0)) < 380:
            yield replace(seg, road_class=R.LIVING_STREET) if r.random() < 0.2 else seg
        else:
            yield seg
