"""Controlled parking: zones round the centre, kerbside bays along their streets and a
park-and-ride car park on the Larisa road.

Bays reference their zone with :class:`layers.db.bulk.RecordRef` (the zone's position in
the ``parking_zones`` list); the loader turns it into the zone's database id.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, Polygon, box

from gis.demo.placement import rng
from gis.demo.streets import Network, Segment
from layers.db.bulk import RecordRef
from models.enums import BayType, RoadClass, ZoneType

R = RoadClass
WORKING_HOURS = "Mo-Fr 08:00-14:30,17:30-21:00; Sa 08:00-14:30"


@dataclass(frozen=True)
class Zone:
    """A parking zone as declared by the municipality."""

    code: str
    name: tuple[str, str]
    zone_type: ZoneType
    area: Polygon
    tariff_eur_h: float | None
    max_stay_min: int | None
    hours: str


ZONES: tuple[Zone, ...] = (
    Zone(
        "Z1",
        ("Κέντρο", "Centre"),
        ZoneType.CONTROLLED,
        box(-350, -280, 350, 280),
        1.0,
        120,
        WORKING_HOURS,
    ),
    Zone(
        "Z2",
        ("Βόρεια", "North"),
        ZoneType.RESIDENT,
        box(-350, 280, 350, 520),
        0.5,
        180,
        "Mo-Sa 08:00-21:00",
    ),
    Zone(
        "Z3",
        ("Νότια", "South"),
        ZoneType.RESIDENT,
        box(-350, -520, 350, -280),
        0.5,
        180,
        "Mo-Sa 08:00-21:00",
    ),
    Zone(
        "Z4",
        ("Ανατολικά", "East"),
        ZoneType.RESIDENT,
        box(350, -280, 650, 280),
        0.5,
        180,
        "Mo-Sa 08:00-21:00",
    ),
    Zone(
        "Z5",
        ("Δυτικά", "West"),
        ZoneType.CONTROLLED,
        box(-650, -280, -350, 280),
        0.8,
        180,
        WORKING_HOURS,
    ),
    Zone(
        "P1",
        ("Park & Ride Λαρίσης", "Larisa Road Park & Ride"),
        ZoneType.FREE,
        box(1149, 12, 1171, 100),
        0.0,
        None,
        "24/7",
    ),
)
#: The car park's aisle (the service road) runs along u = 1160.
CAR_PARK_AISLE = 1160.0
BAY_LENGTH, BAY_WIDTH, BAY_GAP = 5.0, 2.0, 0.5


def zone_records() -> list[dict[str, Any]]:
    """Records of the parking-zones layer."""
    return [
        {
            "code": z.code,
            "name_el": f"Ζώνη {z.code} – {z.name[0]}" if z.code.startswith("Z") else z.name[0],
            "name_en": f"Zone {z.code} – {z.name[1]}" if z.code.startswith("Z") else z.name[1],
            "zone_type": z.zone_type,
            "tariff_eur_h": z.tariff_eur_h,
            "max_stay_min": z.max_stay_min,
            "hours": z.hours,
            "geom": shapely.MultiPolygon([z.area]),
        }
        for z in ZONES
    ]


def bay_records(
    network: Network, *, avoid: list[Point], excluded_streets: set[str], seed: int
) -> list[dict[str, Any]]:
    """Kerbside bays in the zones (not on market streets, not at bus stops) and the car park."""
    r = rng(seed, "parking")
    keep_clear = shapely.union_all([p.buffer(15) for p in avoid])
    out: list[dict[str, Any]] = []
    for seg in network.segments:
        if seg.road_class not in (R.RESIDENTIAL, R.TERTIARY, R.SECONDARY):
            continue
        if not seg.line.urban or seg.line.key in excluded_streets:
            continue
        for side in (1, -1) if not seg.line.oneway else (1,):
            out += _kerbside(seg, side, keep_clear, r)
    out += _car_park()
    for k, rec in enumerate(out):
        zone = ZONES[rec["zone_id"].index]
        if zone.zone_type is ZoneType.CONTROLLED:
            rec["sensor_id"] = f"KAR-PS-{k:05d}"
    return out


def _kerbside(seg: Segment, side: int, keep_clear: Any, r: random.Random) -> list[dict[str, Any]]:
    """Parallel bays in the parking lane along one kerb, clear of the junctions."""
    coords = np.asarray(seg.geom.coords)
    start, end = coords[0], coords[-1]
    length = float(np.hypot(*(end - start)))
    d = (end - start) / length
    n = np.array([-d[1], d[0]]) * side
    inner, outer = seg.profile.kerb - BAY_WIDTH, seg.profile.kerb
    mid = Point(start + d * length / 2 + n * (inner + outer) / 2)
    zone = next((k for k, z in enumerate(ZONES) if z.area.contains(mid)), None)
    if zone is None or r.random() > 0.4:
        return []
    out: list[dict[str, Any]] = []
    t = 14.0
    while t + BAY_LENGTH < length - 14:
        corners = [
            start + d * a + n * o
            for a, o in ((t, inner), (t + BAY_LENGTH, inner), (t + BAY_LENGTH, outer), (t, outer))
        ]
        bay = Polygon(corners)
        if ZONES[zone].area.contains(bay) and not bay.intersects(keep_clear):
            out.append(
                {
                    "zone_id": RecordRef("parking_zones", zone),
                    "bay_type": _bay_type(ZONES[zone], len(out), r),
                    "street": seg.name[0],
                    "geom": bay,
                }
            )
        t += BAY_LENGTH + BAY_GAP
    return out


def _bay_type(zone: Zone, position: int, r: random.Random) -> BayType:
    """Disabled bays next to junctions, some loading and charging bays, residents' bays."""
    roll = r.random()
    if position == 0 and roll < 0.3:
        return BayType.DISABLED
    if roll < 0.05:
        return BayType.LOADING
    if roll < 0.08:
        return BayType.EV
    if zone.zone_type is ZoneType.RESIDENT and roll < 0.7:
        return BayType.RESIDENT
    return BayType.GENERAL


def _car_park() -> list[dict[str, Any]]:
    """Two rows of perpendicular bays either side of the car park's aisle."""
    zone = next(k for k, z in enumerate(ZONES) if z.zone_type is ZoneType.FREE)
    out = []
    for k in range(32):
        v = 15 + 2.5 * k
        for side in (-1, 1):
            near = CAR_PARK_AISLE + side * 3
            far = near + side * 5
            bay_type = BayType.DISABLED if k < 2 else BayType.EV if k < 4 else BayType.GENERAL
            out.append(
                {
                    "zone_id": RecordRef("parking_zones", zone),
                    "bay_type": bay_type,
                    "street": "Οδός Λαρίσης (Park & Ride)",
                    "geom": box(min(near, far), v, max(near, far), v + 2.5),
                }
            )
    return out
