"""Building footprints: perimeter blocks in the grid, roadside buildings outside the ring,
and the municipal buildings and schools the energy and civil-protection actions track.

Footprints are rectangles (L-shapes for schools) behind the streets' building lines, so
none overlaps a road, the stream's corridor, a green area or another building.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from gis.demo import names
from gis.demo.blocks import Allocation, Cell, all_cells
from gis.demo.placement import REFERENCE_YEAR, rng
from gis.demo.streets import Network, Segment
from gis.demo.town import TownPlan
from models.enums import BuildingUse, RoadClass

U = BuildingUse


@dataclass(frozen=True)
class Building:
    """A generated building: its record and where its street door is (for businesses)."""

    record: dict[str, Any]
    door: Point
    inward: tuple[float, float]

    @property
    def geom(self) -> Polygon:
        """The footprint as a single polygon."""
        return self.record["geom"].geoms[0]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Frontage:
    """A lot before its attributes are drawn: footprint, street, number, door."""

    geom: Polygon
    street: names.Name
    number: int
    door: Point
    inward: tuple[float, float]
    district: str


@dataclass(frozen=True)
class Style:
    """How a district builds: lot widths and depths, gaps, set-backs (m)."""

    widths: tuple[float, float]
    depths: tuple[float, float]
    gap: tuple[float, float]
    setback: tuple[float, float]
    side_rows: float  # chance that a block also has lots along its short sides


STYLES = {
    "central": Style((10, 18), (13, 18), (0, 0), (0, 0), 1.0),
    "middle": Style((10, 17), (11, 15), (0, 3), (0, 2), 0.8),
    "outer": Style((10, 15), (10, 13), (3, 6), (2, 5), 0.5),
}


def district(point: Point) -> str:
    """``central`` / ``middle`` / ``outer`` by distance from the square."""
    d = point.distance(Point(0, 0))
    return "central" if d < 450 else "middle" if d < 800 else "outer"


def buildings(
    plan: TownPlan, network: Network, blocks: Allocation, obstacles: BaseGeometry, seed: int
) -> list[Building]:
    """Every building of the town; civic ones first."""
    r = rng(seed, "buildings")
    civic = list(_civic(network, blocks, r))
    reserved = blocks.reserved()
    lots: list[Frontage] = []
    for cell in all_cells(plan):
        if cell not in reserved:
            lots += _block_lots(cell, network, r)
    lots += _roadside_lots(network, r)
    free = _free(plan, obstacles, [b.geom for b in civic], [f.geom for f in lots])
    kept = [f for f, ok in zip(lots, free, strict=True) if ok]
    return civic + [_ordinary(f, r) for f in kept]


# ------------------------------------------------------------------ lots
def _intervals(a: float, b: float, style: Style, r: random.Random) -> Iterator[tuple[float, float]]:
    """Lot fronts along ``[a, b]``: random widths and gaps; an empty plot now and then."""
    x = a
    lo, hi = style.widths
    while b - x >= lo:
        w = r.uniform(lo, hi)
        if b - x - w < lo:
            w = b - x
        if r.random() > 0.07:
            yield x, x + w
        x += w + r.uniform(*style.gap)


def _block_lots(cell: Cell, network: Network, r: random.Random) -> list[Frontage]:
    """Perimeter lots of one block: long rows on the v-streets, short rows on the u-streets."""
    x0, y0, x1, y1 = cell.interior(network)
    dist = district(cell.centre)
    style = STYLES[dist]
    out = []
    depth_s, depth_n = r.uniform(*style.depths), r.uniform(*style.depths)
    # (street axis, street coordinate, lots' side of the street, span, front line, depth)
    rows = [
        ("v", cell.v0, 1, (x0, x1), y0, depth_s),
        ("v", cell.v1, -1, (x0, x1), y1, depth_n),
    ]
    if r.random() < style.side_rows:
        clear = style.setback[1] + 2  # the long rows' deepest reach, and a passage
        span = (y0 + depth_s + clear, y1 - depth_n - clear)
        rows += [
            ("u", cell.u0, 1, span, x0, r.uniform(*style.depths)),
            ("u", cell.u1, -1, span, x1, r.uniform(*style.depths)),
        ]
    for axis, coord, side, (a, b), front, depth in rows:
        street = network.name_at(axis, coord)
        for s, e in _intervals(a, b, style, r):
            setback = r.uniform(*style.setback)
            near, far = front + side * setback, front + side * (setback + depth)
            lo, hi = min(near, far), max(near, far)
            mid = (s + e) / 2
            if axis == "v":
                geom, door, inward = box(s, lo, e, hi), Point(mid, near), (0.0, float(side))
            else:
                geom, door, inward = box(lo, s, hi, e), Point(near, mid), (float(side), 0.0)
            number = _house_number(mid + 1100, odd=side > 0)
            out.append(Frontage(geom, street, number, door, inward, dist))
    return out


def _house_number(along: float, *, odd: bool) -> int:
    return 2 * int(along // 12) + (1 if odd else 2)


def _roadside_lots(network: Network, r: random.Random) -> list[Frontage]:
    """Houses, workshops and farmsteads along the roads outside the ring."""
    out = []
    for seg in network.segments:
        key = seg.line.key
        if not key.startswith(("radial", "track")):
            continue
        spacing = (60, 200) if seg.road_class is RoadClass.TRACK else (4, 30)
        for side in (1, -1):
            out += _along(seg, side, spacing, r)
    return out


def _along(
    seg: Segment, side: int, spacing: tuple[float, float], r: random.Random
) -> list[Frontage]:
    """Lots on one side of a straight road, set back behind its building line."""
    coords = np.asarray(seg.geom.coords)
    start, end = coords[0], coords[-1]
    length = float(np.hypot(*(end - start)))
    d = (end - start) / length
    n = np.array([-d[1], d[0]]) * side
    industrial = seg.line.key.startswith(("radial-e", "radial-se"))
    t = r.uniform(15, 40)
    out = []
    while t < length - 40:
        w = r.uniform(25, 45) if industrial else r.uniform(10, 16)
        depth = r.uniform(20, 35) if industrial else r.uniform(9, 13)
        off = seg.profile.building_line + r.uniform(3, 12)
        corners = [
            start + d * t + n * off,
            start + d * (t + w) + n * off,
            start + d * (t + w) + n * (off + depth),
            start + d * t + n * (off + depth),
        ]
        door = start + d * (t + w / 2) + n * off
        number = _house_number(t + w / 2, odd=side > 0)
        out.append(
            Frontage(
                Polygon(corners),
                seg.name,
                number,
                Point(door),
                (n[0], n[1]),
                "industrial" if industrial else "outer",
            )
        )
        t += w + r.uniform(*spacing)
    return out


def _free(
    plan: TownPlan, obstacles: BaseGeometry, civic: list[Polygon], lots: list[Polygon]
) -> np.ndarray:
    """Which lots stay: inside the boundary, clear of obstacles, civic buildings and the
    lots kept before them (touching is fine: Greek town centres build wall to wall)."""
    everything = np.array(civic + lots, dtype=object)
    geoms = everything[len(civic) :]
    inside = plan.boundary.buffer(-5)
    shapely.prepare(inside)
    shapely.prepare(obstacles)
    # shrunk by 5 cm: a lot may touch a building line or a lawn, not cross it
    core = shapely.buffer(geoms, -0.05, join_style="mitre")
    ok = shapely.contains(inside, geoms) & ~shapely.intersects(obstacles, core)
    mine, theirs = shapely.STRtree(everything).query(geoms, predicate="intersects")
    for i, j in sorted(zip(mine.tolist(), theirs.tolist(), strict=True)):
        k = j - len(civic)  # index of the other lot, negative for a civic building
        if k == i or k > i or (k >= 0 and not ok[k]) or not ok[i]:
            continue
        if shapely.area(shapely.intersection(geoms[i], everything[j])) > 1e-6:
            ok[i] = False
    return ok


# ------------------------------------------------------------------ attributes
USE_WEIGHTS: dict[str, dict[BuildingUse, float]] = {
    "central": {U.MIXED: 45, U.COMMERCIAL: 25, U.RESIDENTIAL: 25, U.HEALTH: 2, U.OTHER: 3},
    "middle": {U.RESIDENTIAL: 78, U.MIXED: 12, U.COMMERCIAL: 7, U.OTHER: 2, U.HEALTH: 1},
    "outer": {U.RESIDENTIAL: 72, U.COMMERCIAL: 8, U.INDUSTRIAL: 12, U.OTHER: 6, U.SPORTS: 2},
    "industrial": {U.INDUSTRIAL: 55, U.COMMERCIAL: 30, U.RESIDENTIAL: 15},
}
FLOORS: dict[str, tuple[list[int], list[float]]] = {
    "central": ([2, 3, 4, 5, 6], [1, 3, 4, 3, 1]),
    "middle": ([1, 2, 3, 4, 5], [1, 3, 4, 2, 0.5]),
    "outer": ([1, 2, 3], [4, 4, 1]),
    "industrial": ([1, 2], [4, 1]),
}
DECADES = ([1930, 1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020], [1, 2, 5, 10, 10, 7, 6, 2, 1])


def _ordinary(lot: Frontage, r: random.Random) -> Building:
    """A building on ``lot`` with the use, floors and age typical of its district."""
    use = r.choices(*zip(*USE_WEIGHTS[lot.district].items(), strict=True))[0]
    floors = r.choices(*FLOORS[lot.district])[0]
    if use is U.INDUSTRIAL:
        floors = min(floors, 2)
    decade = r.choices(*DECADES)[0]
    record = {
        "address": f"{lot.street[0]} {lot.number}",
        "use": use,
        "floors": floors,
        "height": round(floors * 3.1 + r.uniform(0.3, 1.5), 1),
        "year_built": min(decade + r.randrange(10), REFERENCE_YEAR - 1),
        "is_municipal": False,
        "is_school": False,
        "geom": shapely.MultiPolygon([lot.geom]),
    }
    return Building(record, lot.door, lot.inward)


# ------------------------------------------------------------------ civic buildings
#: Civic buildings in their cells: names, use, size (m), the side facing the street,
#: floors and year built.
CIVIC: dict[str, tuple[names.Name, BuildingUse, tuple[float, float], str, int, int]] = {
    "town_hall": (("Δημαρχείο Καρδίτσας", "Karditsa Town Hall"), U.PUBLIC, (45, 25), "s", 3, 1978),
    "library": (
        ("Δημοτική Βιβλιοθήκη Καρδίτσας", "Karditsa Municipal Library"),
        U.PUBLIC,
        (30, 20),
        "e",
        2,
        1985,
    ),
    "cultural_centre": (
        ("Δημοτικό Πολιτιστικό Κέντρο", "Municipal Cultural Centre"),
        U.PUBLIC,
        (35, 25),
        "w",
        3,
        1992,
    ),
    "kep": (
        ("ΚΕΠ Δήμου Καρδίτσας", "Citizens' Service Centre (KEP)"),
        U.PUBLIC,
        (30, 16),
        "n",
        2,
        1998,
    ),
    "municipal_police": (
        ("Δημοτική Αστυνομία", "Municipal Police"),
        U.PUBLIC,
        (25, 15),
        "n",
        2,
        2004,
    ),
    "sports_hall": (
        ("Δημοτικό Κλειστό Γυμναστήριο", "Municipal Indoor Sports Hall"),
        U.SPORTS,
        (60, 40),
        "s",
        1,
        1995,
    ),
    "swimming_pool": (
        ("Δημοτικό Κολυμβητήριο", "Municipal Swimming Pool"),
        U.SPORTS,
        (50, 25),
        "s",
        1,
        2008,
    ),
    "market_hall": (
        ("Δημοτική Αγορά", "Municipal Market Hall"),
        U.COMMERCIAL,
        (40, 30),
        "n",
        1,
        1935,
    ),
    "social_services": (
        ("Κοινωνική Υπηρεσία Δήμου", "Municipal Social Services"),
        U.PUBLIC,
        (25, 14),
        "s",
        2,
        1990,
    ),
    "health_centre": (
        ("Κέντρο Υγείας Καρδίτσας", "Karditsa Health Centre"),
        U.HEALTH,
        (40, 20),
        "s",
        3,
        1988,
    ),
}
#: Outside the grid: the municipal depot (west) and the general hospital (south).
OUTSIDE = (
    (
        ("Αμαξοστάσιο Δήμου Καρδίτσας", "Municipal Depot"),
        U.INDUSTRIAL,
        box(-1290, -165, -1215, -105),
        True,
        1,
        1983,
    ),
    (
        ("Γενικό Νοσοκομείο Καρδίτσας", "Karditsa General Hospital"),
        U.HEALTH,
        box(35, -1080, 175, -1012),
        False,
        4,
        1976,
    ),
)


def _civic(network: Network, blocks: Allocation, r: random.Random) -> Iterator[Building]:
    """Town hall and other municipal buildings, schools, churches, depot and hospital."""
    for purpose, cell in blocks.civic.items():
        name, use, size, facing, floors, year = CIVIC[purpose]
        geom, door, inward = _facing(cell.interior(network), size, facing)
        address = _address(network, cell, facing, door)
        municipal = use is not U.HEALTH
        yield _special(
            name, use, geom, (door, inward), (floors, year), address, municipal=municipal
        )
    for k, cell in enumerate(blocks.chosen["school"]):
        name = names.SCHOOLS[k % len(names.SCHOOLS)]
        x0, y0, x1, y1 = cell.interior(network)
        if "Νηπιαγωγείο" in name[0]:
            geom = box(x0 + 3, y0, x0 + 30, y0 + 14)
        else:  # an L: classrooms along the street, a wing along the side street
            wing = box(x0 + 3, y0, min(x1 - 3, x0 + 60), y0 + 14)
            geom = wing.union(box(x0 + 3, y0, x0 + 17, min(y1 - 3, y0 + 42)))
        door = Point((geom.bounds[0] + geom.bounds[2]) / 2, y0)
        floors = 3 if "Λύκειο" in name[0] else 2
        address = _address(network, cell, "s", door)
        dates = (floors, r.randrange(1962, 2006))
        yield _special(
            name, U.EDUCATION, geom, (door, (0.0, 1.0)), dates, address, municipal=True, school=True
        )
    for name, cell in zip(names.CHURCHES, blocks.chosen["church"], strict=False):
        c = cell.centre
        geom = box(c.x - 12, c.y - 7, c.x + 12, c.y + 7)
        door = (Point(c.x - 12, c.y), (1.0, 0.0))
        yield _special(name, U.RELIGIOUS, geom, door, (1, r.randrange(1890, 1990)), None)
    for name, use, geom, municipal, floors, year in OUTSIDE:
        b = geom.bounds
        door = (Point((b[0] + b[2]) / 2, b[3]), (0.0, -1.0))
        yield _special(name, use, geom, door, (floors, year), None, municipal=municipal)


def _address(network: Network, cell: Cell, facing: str, door: Point) -> str:
    """Street and number of a civic building's door on the ``facing`` side of its block."""
    axis, coord = {
        "s": ("v", cell.v0),
        "n": ("v", cell.v1),
        "w": ("u", cell.u0),
        "e": ("u", cell.u1),
    }[facing]
    along = door.x if axis == "v" else door.y
    number = _house_number(along + 1100, odd=facing in "sw")
    return f"{network.name_at(axis, coord)[0]} {number}"


def _facing(
    interior: tuple[float, float, float, float], size: tuple[float, float], facing: str
) -> tuple[Polygon, Point, tuple[float, float]]:
    """A ``size`` rectangle centred on the ``facing`` side of a block interior."""
    x0, y0, x1, y1 = interior
    w, d = size
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if facing in ("s", "n"):
        y = y0 if facing == "s" else y1 - d
        geom = box(cx - w / 2, y, cx + w / 2, y + d)
        door = Point(cx, y0 if facing == "s" else y1)
        return geom, door, (0.0, 1.0 if facing == "s" else -1.0)
    x = x0 if facing == "w" else x1 - d
    geom = box(x, cy - w / 2, x + d, cy + w / 2)
    door = Point(x0 if facing == "w" else x1, cy)
    return geom, door, (1.0 if facing == "w" else -1.0, 0.0)


def _special(
    name: names.Name,
    use: BuildingUse,
    geom: Polygon,
    door: tuple[Point, tuple[float, float]],
    floors_year: tuple[int, int],
    address: str | None,
    *,
    municipal: bool = False,
    school: bool = False,
) -> Building:
    floors, year = floors_year
    record = {
        "name": name[0],
        "address": address,
        "use": use,
        "floors": floors,
        "height": round(floors * 3.6 + 1.5, 1),
        "year_built": year,
        "is_municipal": municipal,
        "is_school": school,
        "geom": shapely.MultiPolygon([geom]),
    }
    return Building(record, *door)


def populations(areas: list[BaseGeometry], built: list[Building]) -> list[int]:
    """Residents per area: residential floor space at 45 m² a person (half for mixed use)."""
    share = {U.RESIDENTIAL: 1.0, U.MIXED: 0.5}
    points = shapely.centroid(np.array([b.geom for b in built], dtype=object))
    space = np.array(
        [b.geom.area * (b.record["floors"] or 1) * share.get(b.record["use"], 0.0) for b in built]
    )
    return [int(space[shapely.contains(area, points)].sum() / 45) for area in areas]
