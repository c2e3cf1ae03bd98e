"""The demo town hangs together: nothing built on a road, bays in their zones, a connected
pedestrian network, plausible trees, markets, businesses and flood zones."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import numpy as np
import pytest
import shapely

from gis.demo import generate_demo
from gis.demo.placement import REFERENCE_YEAR
from models.enums import BusinessCategory, FootwayType

Records = dict[str, list[dict[str, Any]]]
#: The subset of the OSM opening_hours grammar the demo uses.
OPENING_HOURS = re.compile(
    r"^(24/7|"
    r"(?:(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:[-,](?:Mo|Tu|We|Th|Fr|Sa|Su))*"
    r" (?:off|\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*))"
    r"(?:; (?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:[-,](?:Mo|Tu|We|Th|Fr|Sa|Su))*"
    r" (?:off|\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*))*)$"
)


@pytest.fixture(scope="module")
def town() -> Records:
    return generate_demo(seed=0)


def geoms(town: Records, layer: str) -> np.ndarray:
    return np.array([r["geom"] for r in town[layer]], dtype=object)


def overlaps(a: np.ndarray, b: np.ndarray | None = None) -> int:
    """Pairs (a, b) — or distinct pairs within ``a`` — sharing more than 1 cm²."""
    other = a if b is None else b
    left, right = shapely.STRtree(other).query(a, predicate="intersects")
    if b is None:
        keep = left < right
        left, right = left[keep], right[keep]
    areas = shapely.area(shapely.intersection(a[left], other[right]))
    return int((areas > 1e-4).sum())


def test_buildings_clear_of_roads_and_each_other(town: Records) -> None:
    buildings = geoms(town, "buildings")
    carriageways = shapely.buffer(geoms(town, "roads"), 3.0)
    assert overlaps(buildings) == 0
    assert overlaps(buildings, carriageways) == 0
    assert overlaps(geoms(town, "green_areas"), buildings) == 0


@pytest.mark.parametrize("layer", ["trees", "transit_stops", "crossings"])
def test_points_not_inside_buildings(town: Records, layer: str) -> None:
    inside, _ = shapely.STRtree(geoms(town, "buildings")).query(
        geoms(town, layer), predicate="within"
    )
    assert inside.size == 0


def test_bays_lie_in_their_zone_and_on_nothing_else(town: Records) -> None:
    zones = geoms(town, "parking_zones")
    for bay in town["parking_bays"]:
        ref = bay["zone_id"]
        assert ref.layer == "parking_zones"
        assert zones[ref.index].contains(bay["geom"])
    bays = geoms(town, "parking_bays")
    assert overlaps(bays) == 0
    assert overlaps(bays, geoms(town, "buildings")) == 0
    assert overlaps(bays, geoms(town, "market_stalls")) == 0
    sensors = [b["sensor_id"] for b in town["parking_bays"] if b.get("sensor_id")]
    assert sensors and len(set(sensors)) == len(sensors)


def test_pedestrian_network_is_connected_at_corners(town: Records) -> None:
    ends = Counter(
        (round(x, 2), round(y, 2))
        for r in town["footways"]
        for x, y in (r["geom"].coords[0], r["geom"].coords[-1])
    )
    walks = [r for r in town["footways"] if r["footway_type"] == FootwayType.SIDEWALK]
    joined = sum(
        ends[(round(x, 2), round(y, 2))] > 1
        for r in walks
        for x, y in (r["geom"].coords[0], r["geom"].coords[-1])
    )
    assert joined / (2 * len(walks)) > 0.9


def test_crossings_lie_on_roads_and_their_edges_cross_them(town: Records) -> None:
    roads = shapely.STRtree(geoms(town, "roads"))
    points = geoms(town, "crossings")
    assert (shapely.distance(points, geoms(town, "roads")[roads.nearest(points)]) < 0.01).all()
    edges = [r for r in town["footways"] if r["footway_type"] == FootwayType.CROSSING]
    assert len(edges) == len(town["crossings"])
    assert all(e["kerb_start"] is not None for e in edges)
    steps = [r for r in town["footways"] if r["footway_type"] == FootwayType.STEPS]
    assert steps and all(s["step_count"] > 0 and abs(s["incline"]) > 10 for s in steps)


def test_trees_are_plausible(town: Records) -> None:
    end = dt.date(REFERENCE_YEAR, 12, 31)
    for tree in town["trees"]:
        assert tree["planted"] <= end
        if tree["last_inspected"] is not None:
            assert tree["planted"] <= tree["last_inspected"] <= end
    species = Counter(t["species"] for t in town["trees"])
    assert len(species) >= 10 and "Platanus orientalis" in species


def test_market_stalls(town: Records) -> None:
    keys = [(s["market_name"], s["stall_number"]) for s in town["market_stalls"]]
    assert len(set(keys)) == len(keys)
    assert overlaps(geoms(town, "market_stalls")) == 0
    for stall in town["market_stalls"]:
        assert stall["size_m2"] == pytest.approx(stall["geom"].area, abs=0.06)
    assert len({s["weekday"] for s in town["market_stalls"]}) >= 2


def test_businesses(town: Records) -> None:
    categories = {b["category"] for b in town["businesses"]}
    assert categories == set(BusinessCategory)
    for b in town["businesses"]:
        assert OPENING_HOURS.match(b["opening_hours"]), b["opening_hours"]
        assert re.fullmatch(r"\+30 (24410 \d{5}|69\d \d{3} \d{4})", b["phone"])
        assert b["email"] is None or re.fullmatch(r"info@[a-z0-9-]+\.example\.com", b["email"])
        assert b["website"] is None or b["website"].startswith("https://")
    shops = [b for b in town["businesses"] if b["category"] not in ("kiosk", "fuel")]
    within, _ = shapely.STRtree(geoms(town, "buildings")).query(
        np.array([b["geom"] for b in shops], dtype=object), predicate="within"
    )
    assert len(set(within.tolist())) == len(shops)


def test_flood_zones_nest_and_expose_buildings(town: Records) -> None:
    zones = {z["return_period_years"]: z["geom"] for z in town["flood_zones"]}
    assert zones[50].difference(zones[100]).area < 0.01 * zones[50].area
    assert zones[100].difference(zones[1000]).area < 0.01 * zones[100].area
    exposed = shapely.intersects(zones[100], geoms(town, "buildings")).sum()
    assert 50 < exposed < len(town["buildings"]) / 2
    assert any(z["return_period_years"] is None for z in town["flood_zones"])  # Daniel 2023
