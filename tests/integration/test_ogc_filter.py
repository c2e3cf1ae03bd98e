"""CQL2 filters (OGC API – Features Part 3): results equal an independent translation.

The reference results come from the ``cql2`` package's own SQL translation run on a
view that exposes the layer with a CRS84 ``geometry`` column: a different code path
from Polis's compiler, which binds every value and works in the storage CRS.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import cql2
import httpx
import psycopg
import pytest
from psycopg import sql

from layers.core_layers import core_registry

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


@pytest.fixture()
def views(demo_settings: object, conn: psycopg.Connection) -> Iterator[None]:
    """``cql_<layer>`` views: the layer with its geometry in CRS84 (SRID 0, as cql2 emits)."""
    registry = core_registry()
    for spec in registry:
        conn.execute(
            sql.SQL(
                "CREATE OR REPLACE VIEW {} AS SELECT *, "
                "ST_SetSRID(ST_Transform(geom, 4326), 0) AS geometry FROM {}"
            ).format(sql.Identifier(f"cql_{spec.id}"), sql.Identifier(spec.table_name))
        )
    yield
    for spec in registry:
        conn.execute(sql.SQL("DROP VIEW {}").format(sql.Identifier(f"cql_{spec.id}")))


def reference_ids(conn: psycopg.Connection, layer: str, text: str) -> set[int]:
    where = cql2.parse_text(text).to_sql()
    query = f"SELECT id FROM cql_{layer} WHERE {where}"  # noqa: S608 - the oracle under test
    return {row[0] for row in conn.execute(query)}  # type: ignore[call-overload]


def api_ids(http: httpx.Client, layer: str, params: dict[str, str]) -> set[int]:
    r = http.get(
        f"/ogc/collections/{layer}/items", params={**params, "limit": "10000", "properties": ""}
    )
    assert r.status_code == 200, r.text
    return {f["id"] for f in r.json()["features"]}


@pytest.mark.parametrize(("layer", "text"), FILTERS)
def test_cql2_text_equals_reference(
    http: httpx.Client, conn: psycopg.Connection, views: None, layer: str, text: str
) -> None:
    expected = reference_ids(conn, layer, text)
    assert api_ids(http, layer, {"filter": text}) == expected


@pytest.mark.parametrize(("layer", "text"), FILTERS[:6])
def test_cql2_json_equals_text(
    http: httpx.Client, conn: psycopg.Connection, views: None, layer: str, text: str
) -> None:
    as_json = cql2.parse_text(text).to_json()
    params = {"filter": json.dumps(as_json), "filter-lang": "cql2-json"}
    assert api_ids(http, layer, params) == reference_ids(conn, layer, text)


def test_filters_select_something(conn: psycopg.Connection, views: None) -> None:
    """The fixture data make most filters non-trivial (else the comparisons prove little)."""
    non_empty = sum(1 for layer, text in FILTERS if reference_ids(conn, layer, text))
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
