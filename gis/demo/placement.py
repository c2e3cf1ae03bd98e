"""Where the demo town sits: Karditsa's centre in the storage CRS and the town's local frame.

Every generator module works in a *local frame*: metres, origin at the town centre, the
``u`` axis along the street grid's "east-west" streets and ``v`` along its "north-south"
streets. The grid is turned by :data:`GRID_ROTATION_DEG` from true east, as old Greek
grids often are. :func:`to_storage` moves local geometries into EPSG:2100 once, at the end.
"""

from __future__ import annotations

import math
import random
from functools import cache
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer

from models.base import STORAGE_SRID

#: Karditsa's central square (Πλατεία Ελευθερίας), WGS84 longitude / latitude.
CENTRE_LONLAT = (21.922, 39.365)
#: Rotation of the street grid, degrees anticlockwise from east.
GRID_ROTATION_DEG = 14.0
#: The day the synthetic inventory describes (planting dates, inspections are before it).
REFERENCE_YEAR = 2025


@cache
def centre_storage() -> tuple[float, float]:
    """The town centre in the storage CRS (EPSG:2100), converted once with pyproj."""
    to_grid = Transformer.from_crs("EPSG:4326", f"EPSG:{STORAGE_SRID}", always_xy=True)
    x, y = to_grid.transform(*CENTRE_LONLAT)
    return float(x), float(y)


def local_to_offsets(u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotate local coordinates into metres east / north of the centre."""
    a = math.radians(GRID_ROTATION_DEG)
    return u * math.cos(a) - v * math.sin(a), u * math.sin(a) + v * math.cos(a)


def offsets_to_local(east: np.ndarray, north: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`local_to_offsets`."""
    a = math.radians(GRID_ROTATION_DEG)
    return east * math.cos(a) + north * math.sin(a), -east * math.sin(a) + north * math.cos(a)


def to_storage(geom: Any) -> Any:
    """Local-frame geometries (one, or a NumPy array of them) in EPSG:2100.

    The rare geometry that floating-point rotation leaves invalid is snapped to a
    micrometre grid, which repairs it without moving anything visibly.
    """
    a = math.radians(GRID_ROTATION_DEG)
    x0, y0 = centre_storage()
    cos, sin = math.cos(a), math.sin(a)
    moved = shapely.transform(geom, lambda c: c @ np.array([[cos, sin], [-sin, cos]]) + (x0, y0))
    if isinstance(moved, np.ndarray):
        bad = ~shapely.is_valid(moved)
        moved[bad] = shapely.set_precision(moved[bad], 1e-6)
        return moved
    return moved if moved.is_valid else shapely.set_precision(moved, 1e-6)


def rng(seed: int, topic: str) -> random.Random:
    """An independent, reproducible random stream per generator topic.

    Seeding with a string is stable across runs and Python versions (it is hashed with
    SHA-512), and separate streams keep one layer's changes from reshuffling the others.
    """
    return random.Random(f"polis-demo:{seed}:{topic}")
