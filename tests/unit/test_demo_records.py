"""The demo town's records: deterministic, complete, and conforming to the data model."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
import sqlalchemy as sa
from shapely.geometry import Point

from gis.demo import generate_demo
from layers.db.bulk import RecordRef
from layers.registry import default_registry
from models.base import STORAGE_SRID
from models.enums import (
    BayType,
    BuildingUse,
    CrossingType,
    FloodHazard,
    FootwayType,
    GreenKind,
    TreeCondition,
    ZoneType,
)

REGISTRY = default_registry()
GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
Records = dict[str, list[dict[str, Any]]]

#: Expected sizes per layer (inclusive), from the brief of the demo town.
SIZES = {
    "boundaries": (1, 5),
    "neighbourhoods": (6, 10),
    "roads": (500, 3000),
    "buildings": (3000, 6000),
    "parking_zones": (3, 12),
    "parking_bays": (300, 2500),
    "transit_stops": (20, 200),
    "footways": (1000, 10000),
    "crossings": (300, 5000),
    "trees": (2000, 6000),
    "green_areas": (10, 60),
    "green_assets": (50, 1500),
    "tree_inspections": (0, 0),
    "green_planting_priority": (0, 0),
    "flood_zones": (3, 10),
    "market_stalls": (50, 500),
    "businesses": (200, 2000),
    "sensor_readings": (0, 0),  # filled after the load from the demo stations' observations
}
#: The CHECK constraints of the models, as (low, high, low inclusive, high inclusive).
RANGES = {
    ("boundaries", "population"): (0, None, True, True),
    ("neighbourhoods", "population"): (0, None, True, True),
    ("buildings", "floors"): (0, 60, True, True),
    ("buildings", "height"): (0, 250, True, True),
    ("buildings", "year_built"): (1000, 2100, True, True),
    ("roads", "maxspeed"): (5, 130, True, True),
    ("roads", "lanes"): (1, 8, True, True),
    ("parking_zones", "tariff_eur_h"): (0, None, True, True),
    ("parking_zones", "max_stay_min"): (5, 1440, True, True),
    ("footways", "incline"): (-100, 100, True, True),
    ("footways", "width"): (0, 50, False, True),
    ("footways", "step_count"): (0, None, True, True),
    ("trees", "dbh_cm"): (0, 500, False, True),
    ("trees", "height_m"): (0, 80, False, True),
    ("trees", "crown_m"): (0, 50, False, True),
    ("flood_zones", "return_period_years"): (0, None, False, True),
    ("flood_zones", "max_depth_m"): (0, None, True, True),
    ("market_stalls", "size_m2"): (0, 200, False, True),
}


@pytest.fixture(scope="module")
def town() -> Records:
    return generate_demo(seed=0)


def _python_types(column: sa.Column[Any]) -> tuple[type, ...]:
    ctype = column.type
    if isinstance(ctype, sa.Enum):
        return (str,)
    if isinstance(ctype, sa.Boolean):
        return (bool,)
    if isinstance(ctype, sa.Integer):
        return (int,)
    if isinstance(ctype, (sa.Float, sa.Numeric)):
        return (int, float)
    if isinstance(ctype, sa.Date):
        return (dt.date,)
    return (str,)


def test_same_seed_same_town(town: Records) -> None:
    again = generate_demo(seed=0)
    assert again.keys() == town.keys()
    for layer, records in town.items():
        assert len(again[layer]) == len(records), layer
        for a, b in zip(records, again[layer], strict=True):
            assert a.keys() == b.keys()
            assert a["geom"].equals_exact(b["geom"], 0), layer
            assert {k: v for k, v in a.items() if k != "geom"} == {
                k: v for k, v in b.items() if k != "geom"
            }, layer


def test_another_seed_another_town(town: Records) -> None:
    other = generate_demo(seed=1)
    assert set(other) == set(town)
    wkb = {layer: {r["geom"].wkb for r in town[layer]} for layer in ("buildings", "trees")}
    assert {r["geom"].wkb for r in other["buildings"]} != wkb["buildings"]
    assert {r["geom"].wkb for r in other["trees"]} != wkb["trees"]


def test_generation_is_fast() -> None:
    start = time.process_time()  # CPU time: a busy test machine does not make it flaky
    generate_demo(seed=2)
    assert time.process_time() - start < 10


@pytest.mark.parametrize("layer", sorted(SIZES))
def test_every_layer_has_its_size(town: Records, layer: str) -> None:
    low, high = SIZES[layer]
    assert low <= len(town[layer]) <= high
    assert set(town) == set(REGISTRY.ids())


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.id)
def test_records_conform_to_the_model(town: Records, spec: Any) -> None:
    columns = {c.name: c for c in spec.table.columns if c.computed is None and c.name != "id"}
    for index, record in enumerate(town[spec.id]):
        where = f"{spec.id}[{index}]"
        assert set(record) <= set(columns), where
        for name, column in columns.items():
            value: Any = record.get(name)
            if name == "geom":
                assert value.geom_type == spec.geometry_type, where
                continue
            if isinstance(value, RecordRef):
                assert column.foreign_keys and 0 <= value.index < len(town[value.layer]), where
                continue
            if value is None:
                assert column.nullable or column.default is not None, f"{where}.{name}"
                continue
            assert isinstance(value, _python_types(column)), f"{where}.{name}={value!r}"
            assert not (isinstance(value, bool) and not isinstance(column.type, sa.Boolean))
            if isinstance(column.type, sa.Enum):
                assert value in column.type.enums, f"{where}.{name}={value!r}"
            if isinstance(column.type, sa.String) and column.type.length:
                assert len(value) <= column.type.length, f"{where}.{name}"


@pytest.mark.parametrize(("layer", "column"), sorted(RANGES))
def test_values_within_the_model_ranges(town: Records, layer: str, column: str) -> None:
    low, high, low_incl, high_incl = RANGES[(layer, column)]
    values = [r[column] for r in town[layer] if r.get(column) is not None]
    assert values, f"no {layer}.{column} values"
    assert all(v >= low if low_incl else v > low for v in values)
    if high is not None:
        assert all(v <= high if high_incl else v < high for v in values)


def test_geometries_valid_and_inside_the_municipality(town: Records) -> None:
    municipality = next(b for b in town["boundaries"] if b["kind"] == "municipality")["geom"]
    around = municipality.buffer(0.01)
    for layer, records in town.items():
        for index, record in enumerate(records):
            geom = record["geom"]
            assert geom.is_valid and not geom.is_empty, f"{layer}[{index}]"
            assert around.covers(geom), f"{layer}[{index}] outside the municipality"


def test_the_town_sits_on_karditsa(town: Records) -> None:
    centre = Point(320832, 4359055)  # 39.365 N 21.922 E in EPSG:2100
    square = next(g for g in town["green_areas"] if g["name_en"] == "Eleftherias Square")
    assert square["geom"].distance(centre) < 100
    municipality = town["boundaries"][0]["geom"]
    assert 3e6 < municipality.area < 15e6  # a few km²
    assert STORAGE_SRID == 2100


@pytest.mark.parametrize(
    ("layer", "column", "enum", "unused"),
    [
        ("parking_bays", "bay_type", BayType, set()),
        ("parking_zones", "zone_type", ZoneType, set()),
        ("buildings", "use", BuildingUse, set()),
        ("footways", "footway_type", FootwayType, set()),
        ("crossings", "crossing_type", CrossingType, set()),
        ("trees", "condition", TreeCondition, set()),
        ("green_areas", "kind", GreenKind, set()),
        ("flood_zones", "hazard", FloodHazard, set()),
    ],
)
def test_every_kind_is_represented(
    town: Records, layer: str, column: str, enum: Any, unused: set[str]
) -> None:
    present = {record[column] for record in town[layer]}
    assert present == set(enum) - unused


@pytest.mark.parametrize(
    ("layer", "column"),
    [
        ("boundaries", "name_el"),
        ("neighbourhoods", "name_el"),
        ("roads", "name_el"),
        ("buildings", "address"),
        ("green_areas", "name_el"),
        ("transit_stops", "name_el"),
        ("trees", "species_el"),
        ("market_stalls", "market_name"),
        ("businesses", "name_el"),
        ("parking_zones", "name_el"),
    ],
)
def test_greek_names(town: Records, layer: str, column: str) -> None:
    values = [r[column] for r in town[layer] if r.get(column)]
    assert values and all(GREEK.search(v) for v in values)
    english = column.replace("_el", "_en")
    if english != column and english in town[layer][0]:
        assert not any(GREEK.search(r[english] or "") for r in town[layer])


def test_municipal_buildings_and_schools(town: Records) -> None:
    named = {b["name"]: b for b in town["buildings"] if b.get("name")}
    assert named["Δημαρχείο Καρδίτσας"]["is_municipal"]
    schools = [b for b in town["buildings"] if b["is_school"]]
    assert len(schools) >= 10
    assert all(b["is_municipal"] and b["use"] == BuildingUse.EDUCATION for b in schools)
    assert sum(b["is_municipal"] for b in town["buildings"]) >= 20


def test_neighbourhoods_partition_the_municipality(town: Records) -> None:
    municipality = town["boundaries"][0]["geom"]
    hoods = [n["geom"] for n in town["neighbourhoods"]]
    assert sum(h.area for h in hoods) == pytest.approx(municipality.area, rel=1e-4)
    assert all(n["population"] > 0 for n in town["neighbourhoods"])
    names = [n["name_el"] for n in town["neighbourhoods"]]
    assert len(set(names)) == len(names) and "Κέντρο" in names
