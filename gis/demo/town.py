"""The town plan: municipal boundary, inner ring, bypass, stream, square, park, neighbourhoods.

All geometries are in the local frame of :mod:`gis.demo.placement` (metres, origin at
the central square, axes along the street grid).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Point, Polygon, box

from gis.demo import names
from gis.demo.placement import rng
from models.enums import BoundaryKind

#: Grid lines (street centre-lines) of the old town, local frame.
GRID_U: tuple[int, ...] = tuple(range(-1000, 1001, 100))
GRID_V: tuple[int, ...] = tuple(range(-800, 801, 80))
#: The inner ring road runs round the grid, its corners cut by this much.
CHAMFER = 300.0
#: Semi-axes of the elliptical outer bypass.
BYPASS_AXES = (1450.0, 1200.0)
#: Semi-axes of the municipal boundary before its wobble.
BOUNDARY_AXES = (1800.0, 1550.0)
#: Grid cells given over to the central square and to the park.
SQUARE_CELLS = box(-100, 0, 100, 80)
PARK_CELLS = box(-800, -560, -500, -320)
#: Width of the stream's bed and banks, kept free of buildings and streets' kerbs.
STREAM_CORRIDOR = 18.0


@dataclass(frozen=True)
class TownPlan:
    """The fixed frame every other layer is generated inside (local frame)."""

    boundary: Polygon
    urban: Polygon
    bypass: LineString
    stream: LineString

    @property
    def square(self) -> Polygon:
        """The grid cells of the central square (Πλατεία Ελευθερίας)."""
        return SQUARE_CELLS

    @property
    def park(self) -> Polygon:
        """The grid cells of the park (Παυσίλυπο), on the stream."""
        return PARK_CELLS


def town_plan(seed: int) -> TownPlan:
    """The town plan for ``seed`` (only the boundary's and stream's wobble vary)."""
    r = rng(seed, "town")
    boundary = _boundary(r.uniform(0, 2 * math.pi), r.uniform(0, 2 * math.pi))
    return TownPlan(
        boundary=boundary,
        urban=ring_polygon(),
        bypass=_ellipse(*BYPASS_AXES, n=120).exterior,
        stream=_stream(boundary, r.uniform(0.4, 0.6), r.uniform(0, 2 * math.pi)),
    )


def ring_polygon() -> Polygon:
    """The old town inside the inner ring road: the grid's rectangle, corners chamfered."""
    u0, u1, v0, v1, c = GRID_U[0], GRID_U[-1], GRID_V[0], GRID_V[-1], CHAMFER
    return Polygon(
        [
            (u0 + c, v0),
            (u1 - c, v0),
            (u1, v0 + c),
            (u1, v1 - c),
            (u1 - c, v1),
            (u0 + c, v1),
            (u0, v1 - c),
            (u0, v0 + c),
        ]
    )


def _ellipse(a: float, b: float, *, n: int, wobble: np.ndarray | None = None) -> Polygon:
    theta = np.linspace(0, 2 * math.pi, n, endpoint=False)
    scale = 1.0 if wobble is None else wobble
    return Polygon(np.column_stack([a * np.cos(theta) * scale, b * np.sin(theta) * scale]))


def _boundary(phase3: float, phase5: float) -> Polygon:
    theta = np.linspace(0, 2 * math.pi, 180, endpoint=False)
    wobble = 1 + 0.05 * np.sin(3 * theta + phase3) + 0.03 * np.sin(5 * theta + phase5)
    return _ellipse(*BOUNDARY_AXES, n=180, wobble=wobble)


def _stream(boundary: Polygon, phase: float, phase_small: float) -> LineString:
    """The Karampalis: enters from the west, meanders south of the centre, leaves east."""
    u = np.arange(-2400.0, 2400.0, 10.0)
    v = -420 + 200 * np.sin(u / 650 + phase) + 30 * np.sin(u / 160 + phase_small)
    clipped = LineString(np.column_stack([u, v])).intersection(boundary)
    parts = list(getattr(clipped, "geoms", [clipped]))
    return max(parts, key=lambda g: g.length)  # type: ignore[no-any-return]


def neighbourhood_areas(plan: TownPlan, seed: int) -> list[tuple[names.Name, MultiPolygon]]:
    """Nine neighbourhoods: the centre and eight around it (Voronoi cells in the boundary)."""
    r = rng(seed, "neighbourhoods")
    seeds = [Point(0, 0)]
    for k in range(8):
        angle = math.radians(45 * k + r.uniform(-8, 8))
        seeds.append(Point(950 * math.cos(angle), 800 * math.sin(angle)))
    cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=plan.boundary.envelope)
    out = []
    for name, point in zip(names.NEIGHBOURHOODS, seeds, strict=True):
        cell = next(c for c in cells.geoms if c.contains(point))
        out.append((name, as_multi(cell.intersection(plan.boundary))))
    return out


def boundary_records(plan: TownPlan, population: int) -> list[dict[str, Any]]:
    """Municipality, its municipal unit and the town's community (Kallikratis levels)."""
    town_el, town_en = names.TOWN
    community = plan.boundary.intersection(
        _ellipse(BYPASS_AXES[0] + 60, BYPASS_AXES[1] + 60, n=120)
    )
    return [
        {
            "code": "KAR",
            "kind": BoundaryKind.MUNICIPALITY,
            "name_el": f"Δήμος {town_el}ς",
            "name_en": f"Municipality of {town_en}",
            "population": population,
            "geom": as_multi(plan.boundary),
        },
        {
            "code": "KAR-01",
            "kind": BoundaryKind.MUNICIPAL_UNIT,
            "name_el": f"Δημοτική Ενότητα {town_el}ς",
            "name_en": f"Municipal Unit of {town_en}",
            "population": population,
            "geom": as_multi(plan.boundary),
        },
        {
            "code": "KAR-01-01",
            "kind": BoundaryKind.COMMUNITY,
            "name_el": f"Κοινότητα {town_el}ς",
            "name_en": f"Community of {town_en}",
            "population": round(population * 0.97),
            "geom": as_multi(community),
        },
    ]


def neighbourhood_records(
    areas: list[tuple[names.Name, MultiPolygon]], populations: list[int]
) -> list[dict[str, Any]]:
    """Records of the neighbourhoods layer."""
    return [
        {"name_el": el, "name_en": en, "population": pop, "geom": geom}
        for ((el, en), geom), pop in zip(areas, populations, strict=True)
    ]


def as_multi(geom: Any) -> MultiPolygon:
    """``geom``'s polygons as a MultiPolygon (drops lines/points of a collection)."""
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return as_multi(shapely.union_all(polys)) if polys else MultiPolygon()
