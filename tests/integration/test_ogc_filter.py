"""CQL2 filters (OGC API – Features Part 3): results equal an independent translation.

The reference results come from the ``cql2`` package's own SQL translation run on a
subquery that exposes the layer with a CRS84 ``geometry`` column: a different code path
from Polis's compiler, which binds every value and works in the storage CRS.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import cql2
import httpx
import psycopg
import pytest

FILTERS = [
    ("buildings", "floors >= 4"),
    ("buildings", "floors BETWEEN 2 AND 3 AND is_school = false"),
    ("buildings", "use IN ('education','public','religious')"),
    ("buildings", "NOT (use = 'residential') OR floors > 5"),
    ("buildings", "name LIKE 'Δημ%'"),
    ("buildings", "name IS NULL"),
    ("buildings", "footprint_area > floors * 100"),
    ("buildings", "S_INTERSECTS(geometry, BBOX(21.918, 39.362, 21.926, 39.368))"),
    (
        "buildings",
        "S_WITHIN(geometry, POLYGON((21.915 39.36, 21.93 39.36, 21.93 39.37, 21.915 39.36)))",
    ),
    ("businesses", "CASEI(category) = CASEI('CAFE')"),
    ("businesses", "name_el LIKE '%ς%'"),
    ("roads", "road_class = 'primary' AND lanes >= 2"),
    ("trees", "T_AFTER(planted, DATE('2015-01-01'))"),
    ("trees", "dbh_cm > height_m * 3"),
    ("trees", "condition <> 'good' AND height_m < 8"),
    ("footways", "incline > 0.05 OR width < 1.2"),
    ("parking_bays", "bay_type IN ('disabled', 'ev')"),
    ("flood_zones", "return_period_years <= 100"),
]


Reference = Callable[[str, Any], set[int] | None]


def api_ids(http: httpx.Client, layer: str, params: dict[str, str]) -> set[int]:
    r = http.get(
        f"/ogc/collections/{layer}/items", params={**params, "limit": "10000", "properties": ""}
    )
    assert r.status_code == 200, r.text
    return {f["id"] for f in r.json()["features"]}


@pytest.mark.parametrize(("layer", "text"), FILTERS)
def test_cql2_text_equals_reference(
    http: httpx.Client, cql_reference: Reference, layer: str, text: str
) -> None:
    expected = cql_reference(layer, text)
    assert api_ids(http, layer, {"filter": text}) == expected


@pytest.mark.parametrize(("layer", "text"), FILTERS[:6])
def test_cql2_json_equals_text(
    http: httpx.Client, cql_reference: Reference, layer: str, text: str
) -> None:
    as_json = cql2.parse_text(text).to_json()
    params = {"filter": json.dumps(as_json), "filter-lang": "cql2-json"}
    assert api_ids(http, layer, params) == cql_reference(layer, text)


def test_filters_select_something(cql_reference: Reference) -> None:
    """The fixture data make most filters non-trivial (else the comparisons prove little)."""
    non_empty = sum(1 for layer, text in FILTERS if cql_reference(layer, text))
    assert non_empty >= len(FILTERS) - 3


def test_filter_crs_greek_grid(http: httpx.Client, conn: psycopg.Connection) -> None:
    row = conn.execute(
        "SELECT ST_X(c), ST_Y(c) FROM (SELECT ST_Centroid(ST_Extent(geom)::geometry) AS c "
        "FROM buildings) AS s"
    ).fetchone()
    assert row is not None
    x, y = round(row[0]), round(row[1])
    text = f"S_INTERSECTS(geometry, BBOX({x - 200}, {y - 200}, {x + 200}, {y + 200}))"
    got = api_ids(http, "buildings", {"filter": text, "filter-crs": "EPSG:2100"})
    expected = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM buildings WHERE ST_Intersects(geom, "
            "ST_MakeEnvelope(%s, %s, %s, %s, 2100))",
            (x - 200, y - 200, x + 200, y + 200),
        )
    }
    assert expected and got == expected
