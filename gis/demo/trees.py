"""The tree inventory: street trees, the park, the square, the stream's banks, the grove.

Sizes follow the tree's age and its species' growth (trunk diameter at breast height,
height and crown saturate towards the species' maxima); planting dates fall in the
planting season (November–March).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from gis.demo.footways import Sidewalk
from gis.demo.placement import REFERENCE_YEAR, rng
from gis.demo.streets import MAIN, Network
from models.enums import GreenKind, TreeCondition
from models.green import RiskRating


@dataclass(frozen=True)
class Species:
    """A species with its Greek name and growth: maxima (m, cm) and DBH growth (cm/year)."""

    latin: str
    greek: str
    max_height: float
    max_dbh: float
    growth: float


SPECIES: dict[str, Species] = {
    s.latin: s
    for s in (
        Species("Platanus orientalis", "Πλάτανος", 30, 150, 1.2),
        Species("Citrus aurantium", "Νεραντζιά", 8, 35, 0.6),
        Species("Morus alba", "Μουριά", 12, 70, 0.9),
        Species("Tilia tomentosa", "Φλαμουριά", 20, 80, 0.8),
        Species("Melia azedarach", "Μελία", 12, 50, 1.0),
        Species("Robinia pseudoacacia", "Ψευδακακία", 18, 60, 0.9),
        Species("Cercis siliquastrum", "Κουτσουπιά", 8, 30, 0.5),
        Species("Pinus brutia", "Τραχεία πεύκη", 20, 70, 0.8),
        Species("Cupressus sempervirens", "Κυπαρίσσι", 20, 50, 0.6),
        Species("Olea europaea", "Ελιά", 8, 60, 0.4),
        Species("Populus alba", "Λεύκη", 25, 90, 1.4),
        Species("Salix alba", "Ιτιά", 18, 80, 1.3),
        Species("Fraxinus angustifolia", "Φράξος", 20, 70, 0.8),
        Species("Celtis australis", "Μελικουκιά", 18, 70, 0.8),
        Species("Ligustrum japonicum", "Λιγούστρο", 6, 25, 0.5),
        Species("Lagerstroemia indica", "Λαγκερστρέμια", 6, 25, 0.4),
        Species("Albizia julibrissin", "Αλμπίτσια", 8, 40, 0.8),
        Species("Jacaranda mimosifolia", "Τζακαράντα", 12, 45, 0.9),
        Species("Acer negundo", "Νεγκούντο", 12, 50, 0.9),
        Species("Quercus ilex", "Αριά", 15, 70, 0.5),
    )
}
#: Species mix (weights) and planting years by setting.
MIXES: dict[str, tuple[dict[str, float], tuple[int, int]]] = {
    "street": (
        {
            "Citrus aurantium": 30,
            "Morus alba": 12,
            "Melia azedarach": 10,
            "Tilia tomentosa": 8,
            "Cercis siliquastrum": 8,
            "Robinia pseudoacacia": 6,
            "Ligustrum japonicum": 6,
            "Lagerstroemia indica": 6,
            "Albizia julibrissin": 4,
            "Jacaranda mimosifolia": 4,
            "Acer negundo": 3,
            "Platanus orientalis": 3,
        },
        (1968, 2024),
    ),
    "park": (
        {
            "Pinus brutia": 18,
            "Cupressus sempervirens": 12,
            "Platanus orientalis": 12,
            "Fraxinus angustifolia": 10,
            "Tilia tomentosa": 8,
            "Celtis australis": 8,
            "Quercus ilex": 8,
            "Olea europaea": 6,
            "Acer negundo": 5,
            "Populus alba": 5,
            "Robinia pseudoacacia": 4,
            "Cercis siliquastrum": 4,
        },
        (1955, 2022),
    ),
    "square": (
        {"Platanus orientalis": 50, "Citrus aurantium": 30, "Tilia tomentosa": 20},
        (1950, 2015),
    ),
    "riverside": (
        {
            "Platanus orientalis": 40,
            "Populus alba": 25,
            "Salix alba": 20,
            "Fraxinus angustifolia": 15,
        },
        (1960, 2023),
    ),
    "grove": ({"Pinus brutia": 50, "Cupressus sempervirens": 30, "Quercus ilex": 20}, (1958, 1995)),
}
CONDITIONS = (
    [TreeCondition.GOOD, TreeCondition.FAIR, TreeCondition.POOR, TreeCondition.DEAD],
    [70, 20, 8, 2],
)


def tree_records(
    network: Network,
    sidewalks: list[Sidewalk],
    green: list[dict[str, Any]],
    *,
    avoid: list[Point],
    seed: int,
) -> list[dict[str, Any]]:
    """Records of the trees layer."""
    r = rng(seed, "trees")
    sites = list(_street_sites(network, sidewalks, avoid, r))
    for area in green:
        kind = area["kind"]
        if kind in (GreenKind.PARK, GreenKind.GROVE):
            setting = "park" if kind is GreenKind.PARK else "grove"
            sites += [
                (p, setting) for p in _scatter(area["geom"], 9.0 if setting == "park" else 7.0, r)
            ]
        elif kind in (GreenKind.SQUARE, GreenKind.PLAYGROUND):
            sites += [(p, "square") for p in _edge(area["geom"], 3.0, 10.0)]
        elif kind is GreenKind.RIVERSIDE:
            sites += [(p, "riverside") for p in _edge(area["geom"], 2.5, 12.0)]
    return [_tree(point, setting, r) for point, setting in sites]


def _street_sites(
    network: Network, sidewalks: list[Sidewalk], avoid: list[Point], r: random.Random
) -> Iterator[tuple[Point, str]]:
    """Tree pits 0.6 m behind the kerb, every 9–13 m, on some streets' sidewalks."""
    clear = shapely.union_all([p.buffer(12) for p in avoid])
    shapely.prepare(clear)
    for walk in sidewalks:
        seg = network.segments[walk.segment]
        if r.random() > (0.55 if seg.road_class in MAIN else 0.14):
            continue
        shift = seg.profile.sidewalk - seg.profile.kerb - 0.6  # sidewalk axis → tree pits
        pits = walk.geom.offset_curve(-walk.side * shift) if shift > 0 else walk.geom
        pos = r.uniform(4, 8)
        while pos < pits.length - 4:
            p = pits.interpolate(pos)
            if not clear.contains(p):
                yield p, "street"
            pos += r.uniform(9, 13)


def _scatter(area: BaseGeometry, spacing: float, r: random.Random) -> list[Point]:
    """A jittered grid of planting spots inside ``area``, a quarter left open."""
    minx, miny, maxx, maxy = area.bounds
    xs = np.arange(minx + spacing / 2, maxx, spacing)
    ys = np.arange(miny + spacing / 2, maxy, spacing)
    inner = area.buffer(-2)
    shapely.prepare(inner)
    out = []
    for x in xs:
        for y in ys:
            if r.random() < 0.75:
                p = Point(x + r.uniform(-0.3, 0.3) * spacing, y + r.uniform(-0.3, 0.3) * spacing)
                if inner.contains(p):
                    out.append(p)
    return out


def _edge(area: BaseGeometry, inset: float, spacing: float) -> list[Point]:
    """Trees planted in a row ``inset`` m inside the edge of ``area``."""
    out = []
    for part in shapely.get_parts(area.buffer(-inset)):
        ring = part.exterior
        out += [ring.interpolate(d) for d in np.arange(0, ring.length - spacing / 2, spacing)]
    return out


def _tree(point: Point, setting: str, r: random.Random) -> dict[str, Any]:
    """A tree of the setting's species mix, sized by its age."""
    mix, (first, last) = MIXES[setting]
    species = SPECIES[r.choices(list(mix), list(mix.values()))[0]]
    month = r.choice([1, 2, 3, 11, 12])
    planted = dt.date(r.randint(first, last), month, r.randint(1, 28))
    age = (REFERENCE_YEAR - planted.year) + 0.5
    dbh = min(species.max_dbh, 3 + species.growth * age * r.uniform(0.7, 1.3))
    height = 1.5 + (species.max_height - 1.5) * (1 - math.exp(-dbh / (0.45 * species.max_dbh)))
    condition = r.choices(*CONDITIONS)[0]
    if age > 45 and condition is TreeCondition.GOOD and r.random() < 0.3:
        condition = TreeCondition.FAIR
    return {
        "species": species.latin,
        "species_el": species.greek,
        "dbh_cm": round(dbh, 1),
        "height_m": round(min(height * r.uniform(0.85, 1.1), species.max_height), 1),
        "crown_m": round(min(25.0, max(1.0, 0.16 * dbh + 1.0) * r.uniform(0.8, 1.2)), 1),
        "condition": condition,
        "risk": _risk(condition, dbh),
        "planted": planted,
        "last_inspected": _inspection(planted, r),
        "geom": point,
    }


def _inspection(planted: dt.date, r: random.Random) -> dt.date | None:
    """Three trees in four were inspected since 2021 (never before planting)."""
    if r.random() > 0.75:
        return None
    first = max(planted, dt.date(2021, 1, 4))
    last = dt.date(REFERENCE_YEAR, 6, 30)
    return first + dt.timedelta(days=r.randint(0, max(0, (last - first).days)))


def _risk(condition: TreeCondition, dbh: float) -> RiskRating:
    """The risk rating that follows from condition and size (no draw: the town's other
    records stay as they were): a dead or poor large tree is the most at risk."""
    large = dbh >= 40
    if condition is TreeCondition.DEAD:
        return RiskRating.EXTREME if large else RiskRating.HIGH
    if condition is TreeCondition.POOR:
        return RiskRating.HIGH if large else RiskRating.MODERATE
    if condition is TreeCondition.FAIR or dbh >= 80:
        return RiskRating.MODERATE
    return RiskRating.LOW
