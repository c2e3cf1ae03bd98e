"""Bulk loading into the real PostGIS: counts, replace, rollback on bad records, provenance.

The module loads the demo town (seed 0) into the session database and leaves it loaded,
which is the state the other integration tests expect.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from api.settings import PolisSettings
from gis.demo import generate_demo
from layers.db.bulk import RecordRef, is_empty, layer_counts, load_records
from layers.registry import Registry, default_registry
from models.errors import InvalidInput

REGISTRY = default_registry()
SOURCE = "Polis demo (test)"
Records = dict[str, list[dict[str, Any]]]


def load(conn: psycopg.Connection, records: Records, **kwargs: Any) -> dict[str, int]:
    options: dict[str, Any] = {"source": SOURCE, "synthetic": True, "licence": "CC0-1.0"}
    options |= kwargs
    return load_records(conn, REGISTRY, records, **options)


@pytest.fixture(scope="module")
def demo() -> Records:
    """The demo town, generated once for the module."""
    return generate_demo(seed=0)


@pytest.fixture(scope="module")
def loaded(pg_settings: PolisSettings, demo: Records) -> Iterator[dict[str, int]]:
    """Loads the demo into the session database (left loaded) and returns the counts.

    The domains' own records that refer to layers (stall allocations, offers…) made by
    earlier tests go first: a replace refuses to leave them pointing at nothing."""
    with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
        tables = sql.SQL(", ").join(sql.Identifier(spec.table_name) for spec in REGISTRY)
        c.execute(sql.SQL("TRUNCATE {} CASCADE").format(tables))
        yield load(c, demo)


def expected(demo: Records) -> dict[str, int]:
    return {layer: len(records) for layer, records in demo.items()}


def sources(conn: psycopg.Connection) -> dict[str, tuple[Any, ...]]:
    rows = conn.execute(
        "SELECT layer_id, source, synthetic, licence, note, loaded_at FROM layer_sources"
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def test_counts_in_database_equal_generated(
    conn: psycopg.Connection, demo: Records, loaded: dict[str, int]
) -> None:
    assert loaded == expected(demo)
    assert layer_counts(conn, REGISTRY) == expected(demo)
    assert set(loaded) == set(REGISTRY.ids())
    assert not is_empty(conn, REGISTRY)


def test_database_accepts_the_geometry_as_valid(
    conn: psycopg.Connection, loaded: dict[str, int]
) -> None:
    for spec in REGISTRY:
        query = sql.SQL(
            "SELECT count(*) FROM {} WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 2100"
        ).format(sql.Identifier(spec.table_name))
        assert conn.execute(query).fetchone() == (0,), spec.id


def test_bays_reference_the_zone_they_lie_in(
    conn: psycopg.Connection, loaded: dict[str, int]
) -> None:
    row = conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE ST_Within(b.geom, z.geom)) "
        "FROM parking_bays b JOIN parking_zones z ON z.id = b.zone_id"
    ).fetchone()
    assert row == (loaded["parking_bays"], loaded["parking_bays"])


def test_computed_columns_are_filled(conn: psycopg.Connection, loaded: dict[str, int]) -> None:
    row = conn.execute("SELECT min(footprint_area), count(*) FROM buildings").fetchone()
    assert row is not None and row[0] > 20 and row[1] == loaded["buildings"]
    schools = conn.execute("SELECT count(*) FROM buildings WHERE is_school").fetchone()
    assert schools is not None and schools[0] >= 10


def test_provenance_rows(conn: psycopg.Connection, demo: Records, loaded: dict[str, int]) -> None:
    rows = sources(conn)
    assert set(rows) == set(REGISTRY.ids())
    for layer, (source, synthetic, licence, note, loaded_at) in rows.items():
        assert (source, synthetic, licence) == (SOURCE, True, "CC0-1.0")
        assert note.startswith(f"{len(demo[layer])} ")
        assert loaded_at is not None


def test_reload_with_replace_gives_the_same_counts(
    conn: psycopg.Connection, demo: Records, loaded: dict[str, int]
) -> None:
    assert load(conn, demo) == expected(demo)
    assert layer_counts(conn, REGISTRY) == expected(demo)
    ids = conn.execute("SELECT min(id), max(id) FROM buildings").fetchone()
    assert ids == (1, len(demo["buildings"])), "ids restart at 1 on replace"


def test_append_adds_and_progress_reports(
    conn: psycopg.Connection, demo: Records, loaded: dict[str, int]
) -> None:
    calls: list[tuple[str, int, int]] = []
    extra = {"trees": demo["trees"][:3]}
    try:
        counts = load(conn, extra, replace=False, progress=lambda *a: calls.append(a))
        assert counts == {"trees": 3}
        assert layer_counts(conn, REGISTRY)["trees"] == len(demo["trees"]) + 3
        assert calls[0] == ("trees", 0, 3) and calls[-1] == ("trees", 3, 3)
    finally:
        load(conn, {"trees": demo["trees"]})  # back to the demo as loaded
    assert layer_counts(conn, REGISTRY) == expected(demo)


def test_an_empty_layer_appends_nothing(
    conn: psycopg.Connection, demo: Records, loaded: dict[str, int]
) -> None:
    assert load(conn, {"trees": []}, replace=False) == {"trees": 0}
    assert layer_counts(conn, REGISTRY) == expected(demo)


def _bow_tie() -> MultiPolygon:
    return MultiPolygon([Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])])


BROKEN: list[tuple[str, int, str, Any, str]] = [
    # layer, record, column, bad value, what the message must say
    ("parking_bays", 7, "bay_type", "vip", "'bay_type' must be one of"),
    ("buildings", 120, "geom", _bow_tie(), "invalid geometry (Self-intersection"),
    ("buildings", 121, "floors", "three", "floors"),
    ("buildings", 122, "floors", 99, "floors BETWEEN 0 AND 60"),
    ("trees", 5, "geom", LineString([(0, 0), (1, 1)]), "must be a Point"),
    ("trees", 6, "species", None, "'species' is required"),
    ("roads", 3, "colour", "red", "unknown column 'colour'"),
    ("crossings", 2, "geom", Point(), "invalid geometry (empty)"),
    ("parking_bays", 9, "zone_id", RecordRef("parking_zones", 999), "missing record 999"),
    ("parking_bays", 10, "zone_id", RecordRef("trees", 0), "cannot refer to layer 'trees'"),
]


@pytest.mark.parametrize(
    ("layer", "index", "column", "value", "message"), BROKEN, ids=[b[4] for b in BROKEN]
)
def test_a_broken_record_changes_nothing(
    conn: psycopg.Connection,
    demo: Records,
    loaded: dict[str, int],
    layer: str,
    index: int,
    column: str,
    value: Any,
    message: str,
) -> None:
    before_counts, before_sources = layer_counts(conn, REGISTRY), sources(conn)
    broken = {name: list(records) for name, records in demo.items()}
    broken[layer][index] = {**broken[layer][index], column: value}
    with pytest.raises(InvalidInput) as err:
        load(conn, broken, source="broken import", synthetic=False)
    assert f"layer '{layer}', record {index}" in err.value.message
    assert message in err.value.message
    assert err.value.field is not None and err.value.field.startswith(f"{layer}[{index}]")
    assert layer_counts(conn, REGISTRY) == before_counts
    assert sources(conn) == before_sources


def test_duplicate_sensor_is_reported_by_the_database(
    conn: psycopg.Connection, demo: Records, loaded: dict[str, int]
) -> None:
    bays = [b for b in demo["parking_bays"] if b.get("sensor_id")]
    broken = {"parking_zones": demo["parking_zones"], "parking_bays": list(demo["parking_bays"])}
    last = demo["parking_bays"].index(bays[-1])
    broken["parking_bays"][last] = {**bays[-1], "sensor_id": bays[0]["sensor_id"]}
    with pytest.raises(InvalidInput, match=r"'sensor_id' must be unique") as err:
        load(conn, broken)
    assert f"layer 'parking_bays', record {last}" in err.value.message
    assert layer_counts(conn, REGISTRY) == expected(demo)


def test_unknown_layer_and_partial_replace_are_refused(
    conn: psycopg.Connection, demo: Records, loaded: dict[str, int]
) -> None:
    with pytest.raises(InvalidInput, match="unknown layer 'castles'"):
        load(conn, {"castles": []})
    with pytest.raises(InvalidInput, match="parking_bays"):
        load(conn, {"parking_zones": demo["parking_zones"]})  # bays would lose their zone
    assert layer_counts(conn, REGISTRY) == expected(demo)


def test_is_empty_and_counts_of_emptied_layers(
    conn: psycopg.Connection, loaded: dict[str, int]
) -> None:
    assert not is_empty(conn, REGISTRY)
    parking = Registry([REGISTRY.get("parking_zones"), REGISTRY.get("parking_bays")])
    with conn.transaction():
        conn.execute("TRUNCATE parking_bays, parking_zones")
        assert is_empty(conn, parking)
        assert not is_empty(conn, REGISTRY)
        assert layer_counts(conn, parking) == {"parking_zones": 0, "parking_bays": 0}
        raise psycopg.Rollback()
    assert layer_counts(conn, REGISTRY)["parking_bays"] == loaded["parking_bays"]
