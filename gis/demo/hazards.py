"""Flood zones along the stream for the Floods Directive return periods, and the extent of
the September 2023 (Storm Daniel) flood as a reconstruction — all synthetic.

Each zone is a band round the stream whose width swells and narrows along its course;
the bands of rarer floods contain those of the more frequent ones.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.affinity import scale
from shapely.geometry import Point

from gis.demo import names
from gis.demo.placement import rng
from gis.demo.town import TownPlan, as_multi
from models.enums import FloodHazard

SOURCE = "Συνθετικό σενάριο επίδειξης Polis – όχι επίσημη οριοθέτηση / synthetic demo scenario"
#: (hazard class, return period in years, maximum depth in m, band half-width range in m)
SCENARIOS: tuple[tuple[FloodHazard, int, float, tuple[float, float]], ...] = (
    (FloodHazard.HIGH, 50, 0.9, (30.0, 70.0)),
    (FloodHazard.MEDIUM, 100, 1.4, (70.0, 150.0)),
    (FloodHazard.LOW, 1000, 2.3, (160.0, 320.0)),
)


def flood_zone_records(plan: TownPlan, seed: int) -> list[dict[str, Any]]:
    """Records of the flood-zones layer: three return periods and the 2023 event."""
    r = rng(seed, "floods")
    phase = r.uniform(0, 2 * math.pi)
    stream_el = names.STREAM[0]
    out = []
    widest = None
    for hazard, years, depth, widths in SCENARIOS:
        band = _band(plan, widths, phase)
        widest = band
        out.append(
            {
                "scenario": f"{stream_el} – πλημμύρα T={years} ετών / flood T={years} years",
                "hazard": hazard,
                "return_period_years": years,
                "max_depth_m": depth,
                "source": SOURCE,
                "geom": as_multi(band),
            }
        )
    # the low-lying east of the town went under water in 2023, far beyond the stream
    basin = scale(Point(900, -500).buffer(1.0, quad_segs=24), 650, 420)
    daniel = shapely.union_all([widest, basin]).intersection(plan.boundary)
    out.append(
        {
            "scenario": "Daniel 09/2023 – ανασύνθεση έκτασης / reconstructed extent",
            "hazard": FloodHazard.HIGH,
            "return_period_years": None,
            "max_depth_m": 2.1,
            "source": SOURCE,
            "geom": as_multi(daniel.simplify(1.0)),
        }
    )
    return out


def _band(plan: TownPlan, widths: tuple[float, float], phase: float) -> Any:
    """The stream buffered by a half-width that varies smoothly along its course."""
    stations = np.arange(0, plan.stream.length, 20.0)
    points = shapely.line_interpolate_point(plan.stream, stations)
    lo, hi = widths
    radii = lo + (hi - lo) * (0.5 + 0.5 * np.sin(stations / 400 + phase))
    band = shapely.union_all(shapely.buffer(points, radii, quad_segs=8))
    return band.intersection(plan.boundary).simplify(1.0)
