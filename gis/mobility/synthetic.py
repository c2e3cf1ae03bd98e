"""A generated pedestrian network: a grid of sidewalks and crossings with random
accessibility attributes (for tests and the benchmark on a network of any size)."""

from __future__ import annotations

import random

from gis.mobility.graph import FootwayRecord
from models.enums import (
    CrossingType,
    FootwayType,
    KerbType,
    Smoothness,
    Surface,
    WheelchairAccess,
)

SURFACES = list(Surface)
SURFACE_WEIGHTS = [4, 4, 5, 1, 0.5, 0.5, 0.3, 0.2, 0.2]
SMOOTH = [Smoothness.EXCELLENT, Smoothness.GOOD, Smoothness.INTERMEDIATE, Smoothness.BAD]


def grid_records(
    nx: int,
    ny: int,
    *,
    spacing: float = 50.0,
    seed: int = 0,
    origin: tuple[float, float] = (390_000.0, 4_357_000.0),
) -> list[FootwayRecord]:
    """``nx`` × ``ny`` nodes joined along rows and columns (``2·nx·ny − nx − ny`` edges);
    one edge in five is a crossing with a crossing point's attributes."""
    r = random.Random(seed)
    x0, y0 = origin
    out: list[FootwayRecord] = []

    def point(i: int, j: int) -> tuple[float, float]:
        return (x0 + i * spacing, y0 + j * spacing)

    for i in range(nx):
        for j in range(ny):
            for di, dj in ((1, 0), (0, 1)):
                if i + di >= nx or j + dj >= ny:
                    continue
                a, b = point(i, j), point(i + di, j + dj)
                fid = len(out) + 1
                out.append(_record(fid, (a, b), r))
    return out


def _record(fid: int, coords: tuple[tuple[float, float], ...], r: random.Random) -> FootwayRecord:
    roll = r.random()
    crossing = None
    if roll < 0.2:
        kind = FootwayType.CROSSING
        kerb = r.choices([KerbType.LOWERED, KerbType.FLUSH, KerbType.RAISED, None], [6, 2, 1, 1])[0]
        crossing = {
            "id": fid,
            "crossing_type": r.choice(list(CrossingType)),
            "markings": r.random() < 0.6,
            "kerb": kerb,
            "kerb_height": None,
            "tactile_paving": r.random() < 0.4,
            "traffic_signals_sound": r.random() < 0.5,
            "traffic_signals_vibration": r.random() < 0.3,
            "button_operated": r.random() < 0.5,
            "island": r.random() < 0.2,
            "lit": True,
            "extension_s": 6,
        }
    elif roll < 0.215:
        kind = FootwayType.STEPS
    else:
        kind = FootwayType.SIDEWALK
    attrs = {
        "footway_type": kind,
        "incline": round(r.gauss(0, 2.5), 1) if r.random() < 0.9 else None,
        "width": round(r.uniform(0.8, 4.0), 1) if r.random() < 0.9 else None,
        "surface": r.choices(SURFACES, SURFACE_WEIGHTS)[0] if r.random() < 0.9 else None,
        "smoothness": r.choices(SMOOTH, [3, 6, 2, 1])[0] if r.random() < 0.8 else None,
        "kerb_start": None,
        "kerb_end": None,
        "kerb_start_height": None,
        "kerb_end_height": None,
        "tactile_paving": r.random() < 0.3,
        "step_count": 6 if kind is FootwayType.STEPS else None,
        "lit": r.random() < 0.7,
        "wheelchair": r.choices(list(WheelchairAccess), [8, 2, 0.5, 1])[0],
    }
    return FootwayRecord(fid, attrs, coords, crossing)
