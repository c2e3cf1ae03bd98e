"""Attribute mapping and type conversion of vector imports (no database)."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pytest
from shapely.geometry import Point

from gis.importers.attributes import convert, parse_mapping, to_layer_records
from layers.registry import default_registry
from models.errors import InvalidInput

TREES = default_registry().get("trees")


def test_mapping_names_and_case_insensitive_matches() -> None:
    frame = gpd.GeoDataFrame(
        {"SPECIES": ["Tilia"], "planted_on": ["2015-03-01"], "extra": [1]},
        geometry=[Point(21.92, 39.36)],
        crs=4326,
    )
    out = to_layer_records(TREES, frame, where="file 'x'", mapping={"planted_on": "planted"})
    record = out.records[0]
    assert record["species"] == "Tilia" and record["planted"] == dt.date(2015, 3, 1)
    assert out.ignored == ("extra",)
    assert 320_000 < record["geom"].x < 330_000


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("dbh_cm", "35.5", 35.5),
        ("condition", "good", "good"),
        ("planted", "2001-02-03", dt.date(2001, 2, 3)),
        ("species", 12.0, "12"),
        ("dbh_cm", "", None),
    ],
)
def test_convert(name: str, value: object, expected: object) -> None:
    assert convert(TREES.property(name), value, where="w", src=name) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("dbh_cm", "thick", r"w, field 'dbh_cm': 'thick' is not a valid number"),
        ("condition", "sad", r"'sad' is not one of good, fair, poor, dead"),
        ("planted", "yesterday", r"is not a valid date"),
    ],
)
def test_convert_errors(name: str, value: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        convert(TREES.property(name), value, where="w", src=name)


def test_parse_mapping() -> None:
    assert parse_mapping(["a=b", " c = d "]) == {"a": "b", "c": "d"}
    with pytest.raises(InvalidInput, match="expected SOURCE=ATTRIBUTE"):
        parse_mapping(["ab"])
