"""Benefits against values computed by hand, the tour heuristic and the street graph."""

from __future__ import annotations

import datetime as dt
import itertools

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from gis.core.street_graph import Closure, StreetRouter, build_street_graph
from gis.green.benefits import MethodParams, SpeciesParams, tree_benefits
from gis.green.priority import Exposure, priorities
from gis.green.tour import plan_tour, tour_cost
from models.enums import TreeCondition
from models.green import PriorityClass

METHOD = MethodParams(
    carbon_fraction=0.5,
    root_shoot_ratio=0.26,
    urban_factor=0.8,
    leaf_storage_mm=0.2,
    rain_events_per_year=80,
    pollution_g_m2_canopy=10.8,
    default_growth_cm=0.8,
    default_lai=4.0,
)
MIXED = SpeciesParams(-2.4800, 2.4835, 1.0, 4.0)


def test_benefits_match_hand_computation() -> None:
    # DBH 30 cm, mixed hardwood: ln 30 = 3.401197; -2.48 + 2.4835 * 3.401197 = 5.966874;
    # e^5.966874 = 390.28 kg above ground; x 1.26 x 0.8 x 0.5 (= x 0.504) = 196.70 kg C.
    # At 31 cm: ln 31 = 3.433987; -2.48 + 2.4835 * 3.433987 = 6.048307; e^ = 423.40;
    # x 0.504 = 213.39 kg C -> sequestration 16.69 kg C/yr (condition good).
    # Crown 6 m: pi x 9 = 28.274 m²; leaf area x 4 = 113.097 m²; x 0.0002 m x 80 = 1.8096 m³;
    # pollution 28.274 x 10.8 g = 305.4 g = 0.3054 kg.
    b = tree_benefits(30, 6, TreeCondition.GOOD, MIXED, METHOD)
    assert b.carbon_kg == pytest.approx(196.70, rel=1e-3)
    assert b.sequestration_kg_yr == pytest.approx(16.69, rel=5e-3)
    assert b.stormwater_m3_yr == pytest.approx(1.8096, rel=1e-3)
    assert b.pollution_kg_yr == pytest.approx(0.3054, rel=1e-3)
    # a poor tree grows half as fast: at 30.5 cm ln = 3.417727; 6.007924 -> e^ 406.64;
    # x 0.504 = 204.95 kg C -> 8.25 kg C/yr
    poor = tree_benefits(30, 6, TreeCondition.POOR, MIXED, METHOD)
    assert poor.sequestration_kg_yr == pytest.approx(8.25, rel=5e-3)
    dead = tree_benefits(30, None, TreeCondition.DEAD, MIXED, METHOD)
    assert dead.sequestration_kg_yr == 0 and dead.stormwater_m3_yr == 0
    assert tree_benefits(None, 6, TreeCondition.GOOD, MIXED, METHOD).carbon_kg == 0


def test_method_parameters_must_all_be_present() -> None:
    with pytest.raises(KeyError, match="leaf_storage_mm"):
        MethodParams.from_table({"carbon_fraction": 0.5})


def test_tour_is_as_short_as_brute_force_on_small_sets() -> None:
    rng = np.random.default_rng(3)
    for _ in range(5):
        pts = rng.uniform(0, 1000, size=(7, 2))
        cost = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
        tour = plan_tour(cost)
        assert tour[0] == 0 and sorted(tour) == list(range(7))
        best = min(tour_cost(cost, [0, *p]) for p in itertools.permutations(range(1, 7)))
        assert tour_cost(cost, tour) <= best * 1.05


def grid() -> gpd.GeoDataFrame:
    """A 3 x 3 grid of 100 m blocks: roads 1-3 run east, 4-6 north."""
    lines = [LineString([(0, y), (100, y), (200, y)]) for y in (0, 100, 200)]
    lines += [LineString([(x, 0), (x, 100), (x, 200)]) for x in (0, 100, 200)]
    return gpd.GeoDataFrame(
        {
            "id": range(1, 7),
            "oneway": [False] * 6,
            "road_class": ["residential"] * 6,
            "maxspeed": [None] * 6,
        },
        geometry=lines,
        crs=2100,
    )


def test_street_graph_avoids_closed_streets_when_they_hold() -> None:
    straight = StreetRouter(build_street_graph(grid()), weight="length")
    assert straight.cost_matrix([(0, 100), (200, 100)])[0, 1] == pytest.approx(200)
    market = Closure(
        Point(100, 100).buffer(5), dt.datetime(2026, 12, 5, 6), dt.datetime(2026, 12, 5, 14)
    )
    during = build_street_graph(grid(), closures=[market], at=dt.datetime(2026, 12, 5, 9))
    after = build_street_graph(grid(), closures=[market], at=dt.datetime(2026, 12, 5, 15))
    detour = StreetRouter(during, weight="length")
    assert detour.cost_matrix([(0, 100), (200, 100)])[0, 1] == pytest.approx(400)
    assert all(abs(x - 100) > 1 or abs(y - 100) > 1 for x, y in detour.path((0, 100), (200, 100)))
    assert StreetRouter(after, weight="length").cost_matrix([(0, 100), (200, 100)])[0, 1] == 200
    by_id = StreetRouter(build_street_graph(grid(), closed_roads=[2]), weight="length")
    assert by_id.cost_matrix([(0, 100), (200, 100)])[0, 1] == pytest.approx(400)


def test_one_way_streets_are_driven_one_way() -> None:
    roads = grid()
    roads.loc[roads["id"] == 2, "oneway"] = True  # the middle road, eastwards only
    router = StreetRouter(build_street_graph(roads), weight="length")
    cost = router.cost_matrix([(0, 100), (200, 100)])
    assert cost[0, 1] == pytest.approx(200) and cost[1, 0] == pytest.approx(400)


def test_priority_is_high_where_exposed_and_bare() -> None:
    out = priorities([Exposure(0.02, 0.5, 0.0), Exposure(0.35, 0.5, 0.9), Exposure(0.1, 0.1, 0.8)])
    assert out[0].priority_class is PriorityClass.HIGH  # built-up, bare
    assert out[1].priority == 0  # canopy above the 30 % target
    assert out[2].priority == pytest.approx((1 - 0.1 / 0.3) * 0.8, abs=1e-3)
