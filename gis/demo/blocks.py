"""City blocks of the grid and what each is used for (civic buildings, schools, churches...).

A *cell* is the square between four grid lines; its *interior* is the cell inset by the
building lines of the streets round it. :func:`allocate` decides, once per seed, which
cells hold the town hall, the schools, the churches, the small squares and the
playgrounds, so the building and green-space generators agree.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cached_property

from shapely.geometry import Point, Polygon, box

from gis.demo.placement import rng
from gis.demo.streets import Network
from gis.demo.town import GRID_U, GRID_V, STREAM_CORRIDOR, TownPlan


@dataclass(frozen=True)
class Cell:
    """The grid cell ``[u0, u1] × [v0, v1]`` (local frame)."""

    u0: float
    v0: float
    u1: float
    v1: float

    @cached_property
    def polygon(self) -> Polygon:
        """The cell as a polygon."""
        return box(self.u0, self.v0, self.u1, self.v1)

    @property
    def centre(self) -> Point:
        """The cell's centre."""
        return Point((self.u0 + self.u1) / 2, (self.v0 + self.v1) / 2)

    @property
    def radius(self) -> float:
        """Distance of the cell's centre from the central square."""
        return math.hypot((self.u0 + self.u1) / 2, (self.v0 + self.v1) / 2)

    def interior(self, network: Network) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)``: the cell inside the building lines of its four streets."""
        return (
            self.u0 + network.profile_at("u", self.u0).building_line,
            self.v0 + network.profile_at("v", self.v0).building_line,
            self.u1 - network.profile_at("u", self.u1).building_line,
            self.v1 - network.profile_at("v", self.v1).building_line,
        )


def all_cells(plan: TownPlan) -> list[Cell]:
    """Every cell of the grid that lies, at least partly, inside the inner ring."""
    out = []
    for u0, u1 in zip(GRID_U, GRID_U[1:], strict=False):
        for v0, v1 in zip(GRID_V, GRID_V[1:], strict=False):
            cell = Cell(u0, v0, u1, v1)
            if plan.urban.intersection(cell.polygon).area > 1:
                out.append(cell)
    return out


#: Cells of the civic buildings, by purpose (lower-left corner).
CIVIC_CELLS: dict[str, tuple[int, int]] = {
    "town_hall": (0, 80),
    "library": (-200, 0),
    "cultural_centre": (100, 0),
    "kep": (-100, -80),
    "municipal_police": (200, -160),
    "sports_hall": (500, 240),
    "swimming_pool": (600, 240),
    "market_hall": (-300, -80),
    "social_services": (-400, 160),
    "health_centre": (300, 400),
}
#: How many cells of each purpose, and how far apart they must be (m).
QUOTAS: dict[str, tuple[int, float]] = {
    "school": (12, 280.0),
    "church": (6, 420.0),
    "square": (2, 600.0),
    "playground": (8, 300.0),
}


@dataclass(frozen=True)
class Allocation:
    """Which cells serve which purpose."""

    civic: dict[str, Cell]
    chosen: dict[str, list[Cell]]

    def reserved(self) -> set[Cell]:
        """Cells that hold no ordinary buildings (playground courtyards keep theirs)."""
        out = set(self.civic.values())
        for purpose, cells in self.chosen.items():
            if purpose != "playground":
                out.update(cells)
        return out


def allocate(plan: TownPlan, seed: int) -> Allocation:
    """Choose the cells of schools, churches, squares and playgrounds for ``seed``."""
    r = rng(seed, "blocks")
    cells = all_cells(plan)
    by_corner = {(c.u0, c.v0): c for c in cells}
    civic = {purpose: by_corner[corner] for purpose, corner in CIVIC_CELLS.items()}
    stream = plan.stream.buffer(STREAM_CORRIDOR + 10)
    taken = set(civic.values())
    free = [
        c
        for c in cells
        if plan.urban.contains(c.polygon)
        and not c.polygon.intersects(stream)
        and not c.polygon.intersects(plan.park)
        and not c.polygon.intersects(plan.square)
        and 250 < c.radius < 1000
    ]
    chosen = {}
    for purpose, (count, spacing) in QUOTAS.items():
        chosen[purpose] = _spread([c for c in free if c not in taken], count, spacing, r)
        taken.update(chosen[purpose])
    return Allocation(civic, chosen)


def _spread(cells: list[Cell], count: int, spacing: float, r: random.Random) -> list[Cell]:
    """Up to ``count`` random cells at least ``spacing`` apart."""
    order = cells[:]
    r.shuffle(order)
    out: list[Cell] = []
    for cell in order:
        if all(cell.centre.distance(o.centre) >= spacing for o in out):
            out.append(cell)
            if len(out) == count:
                break
    return out
