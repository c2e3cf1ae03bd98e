"""Coverage query checks: what pygeoapi's rasterio provider would answer with a 500."""

from __future__ import annotations

import pytest

from layers.ogc.coverage import check_coverage_query, parse_subset
from models.errors import InvalidParameter

EXTENT = (21.85, 39.30, 22.00, 39.42)  # CRS84
NATIVE = (365000.0, 4352000.0, 378000.0, 4365000.0)  # EPSG:2100


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "0,0,0,0"}, "bbox"),
        ({"bbox": "21.9,39.3,21.9,39.3"}, "bbox"),
        ({"bbox": "100,10,110,20"}, "bbox"),
        ({"bbox": "21.9,39.3,21.95,39.35", "bbox-crs": "EPSG:2100"}, "bbox-crs"),
        ({"subset": "x(1:2),y(3:4)"}, "subset"),
        ({"subset": "zzz"}, "subset"),
        ({"subset": "x(a:b)"}, "subset"),
        ({"subset": "x(5:1)"}, "subset"),
        ({"subset": "q(1:2)"}, "subset"),
        ({"subset": "x(1:2)y(3:4)"}, "subset"),
    ],
)
def test_refused_naming_the_parameter(params: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidParameter) as err:
        check_coverage_query(params, extent=EXTENT, native=NATIVE)
    assert err.value.field == field


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"bbox": "-180,-90,180,90"},
        {"bbox": "21.9,39.3,21.95,39.35"},
        {"subset": "x(370000:371000),y(4358000:4359000)"},
        {"subset": "E(370000:371000)"},
    ],
)
def test_accepted(params: dict[str, str]) -> None:
    check_coverage_query(params, extent=EXTENT, native=NATIVE)


def test_subset_axes() -> None:
    assert parse_subset("x(1:2), y(3:4)") == {"x": (1.0, 2.0), "y": (3.0, 4.0)}
