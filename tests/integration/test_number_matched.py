"""``numberMatched`` on every items page: exact for unfiltered and filtered pages, on the
JSON fast path and pygeoapi's HTML pages, and kept exact by the count triggers through
Part 4 edits, bulk COPY loads, keyed imports and truncations (``layers/db/counts.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
from alembic import command
from psycopg import sql
from pydantic import SecretStr
from shapely.geometry import Point

from api.settings import PolisSettings
from layers.db.bulk import load_records
from layers.db.counts import TRIGGERS
from layers.db.database import alembic_config, upgrade
from layers.imports.sync import sync_layer
from layers.ogc.features import items_sql
from layers.ogc.params import parse_items_query
from layers.registry import LayerSpec, default_registry
from models.errors import InvalidInput

REGISTRY = default_registry()
ITEMS = "/ogc/collections/{}/items"
GEOJSON = {"Content-Type": "application/geo+json"}
#: The demo town's centre (CRS84), as in the other items tests.
BBOX = "21.917,39.361,21.927,39.369"
TREE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [21.9215, 39.3652]},
    "properties": {"species": "Platanus orientalis", "condition": "good"},
}


def db_count(conn: psycopg.Connection, table: str, where: str = "TRUE", *params: Any) -> int:
    query = sql.SQL("SELECT count(*) FROM {} WHERE ").format(sql.Identifier(table))
    row = conn.execute(query + sql.SQL(where), params).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])


def stored_count(conn: psycopg.Connection, table: str) -> int | None:
    row = conn.execute(
        "SELECT n FROM layer_counts WHERE relid = to_regclass(%s)", (f'"{table}"',)
    ).fetchone()
    return None if row is None else int(row[0])


def matched(http: httpx.Client, layer: str, **params: str) -> int:
    """numberMatched of a JSON items page (checked present and an integer)."""
    r = http.get(ITEMS.format(layer), params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert isinstance(body["numberMatched"], int)
    assert body["numberReturned"] == len(body["features"]) <= body["numberMatched"] or (
        body["numberReturned"] == 0
    )
    return int(body["numberMatched"])


# ----------------------------------------------------------------- the count triggers
@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.id)
def test_every_layer_is_counted(
    demo_settings: PolisSettings, conn: psycopg.Connection, spec: LayerSpec
) -> None:
    triggers = {
        row[0]
        for row in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND tgenabled <> 'D'",
            (f'"{spec.table_name}"',),
        )
    }
    assert set(TRIGGERS) <= triggers
    assert stored_count(conn, spec.table_name) == db_count(conn, spec.table_name)


# ----------------------------------------------------------------- JSON pages
LAYERS = ["buildings", "roads", "trees", "businesses", "parking_bays", "boundaries"]


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("offset", ["0", "7", "4000", "999999"])
def test_unfiltered_pages(
    http: httpx.Client, conn: psycopg.Connection, layer: str, offset: str
) -> None:
    total = db_count(conn, layer)
    assert matched(http, layer, limit="10", offset=offset) == total
    assert matched(http, layer, limit="10000", offset=offset) == total  # short pages too


FILTERED = [
    ("buildings", {"bbox": BBOX}, "ST_Intersects(geom, ST_Transform("
     "ST_MakeEnvelope(21.917, 39.361, 21.927, 39.369, 4326), 2100))"),
    ("buildings", {"use": "residential"}, "use = 'residential'"),
    ("buildings", {"filter": "floors > 2 AND use <> 'industrial'"},
     "floors > 2 AND use <> 'industrial'"),
    ("buildings", {"bbox": BBOX, "filter": "floors >= 3"}, "floors >= 3 AND ST_Intersects(geom, "
     "ST_Transform(ST_MakeEnvelope(21.917, 39.361, 21.927, 39.369, 4326), 2100))"),
    ("trees", {"datetime": "2000-01-01/2010-12-31"},
     "planted BETWEEN '2000-01-01' AND '2010-12-31'"),
    ("trees", {"datetime": "2000-01-01/..", "condition": "good"},
     "planted >= '2000-01-01' AND condition = 'good'"),
    ("roads", {"filter": "name_el IS NULL"}, "name_el IS NULL"),
    ("businesses", {"category": "cafe", "bbox": BBOX}, "category = 'cafe' AND ST_Intersects("
     "geom, ST_Transform(ST_MakeEnvelope(21.917, 39.361, 21.927, 39.369, 4326), 2100))"),
    ("buildings", {"filter": "floors > 1000"}, "floors > 1000"),  # none
]  # fmt: skip


@pytest.mark.parametrize(("layer", "params", "where"), FILTERED)
@pytest.mark.parametrize(("limit", "offset"), [("10", "0"), ("10", "5"), ("10000", "0"),
                                               ("10000", "3"), ("10", "999999")])  # fmt: skip
def test_filtered_pages(
    http: httpx.Client,
    conn: psycopg.Connection,
    layer: str,
    params: dict[str, str],
    where: str,
    limit: str,
    offset: str,
) -> None:
    total = db_count(conn, layer, where)
    assert matched(http, layer, limit=limit, offset=offset, **params) == total


def test_filtered_count_is_what_paging_walks(http: httpx.Client) -> None:
    """Independently of any SQL: numberMatched is the number of features the pages hold."""
    params = {"bbox": BBOX, "limit": "37"}
    url: str | None = ITEMS.format("buildings")
    seen, counts = 0, set()
    query: dict[str, str] | None = params
    while url:
        body = http.get(url, params=query).json()
        seen += body["numberReturned"]
        counts.add(body["numberMatched"])
        nxt = [link["href"] for link in body["links"] if link["rel"] == "next"]
        url, query = (nxt[0], None) if nxt else (None, None)
    assert counts == {seen} and seen > 37


def test_cut_page_still_counts_everything(
    http: httpx.Client, conn: psycopg.Connection, demo_settings: PolisSettings
) -> None:
    """A page cut at the byte cap keeps the full numberMatched (QGIS sizes the layer by it)."""
    spec = REGISTRY.get("buildings")
    query = parse_items_query(spec, {"limit": "500"}, default_limit=10, max_limit=10_000)
    statement, params = items_sql(spec, query, max_bytes=1)
    row = conn.execute(statement, params).fetchone()
    assert row is not None
    assert row[0] == 1 and row[2] is True and row[3] == db_count(conn, "buildings")


@pytest.mark.parametrize("offset", ["0", "10", "4000"])
def test_cut_pages_at_any_offset(conn: psycopg.Connection, offset: str) -> None:
    """Pages after the first are cut like the first: marked truncated (so a next link
    follows), never empty, numberMatched whole."""
    spec = REGISTRY.get("buildings")
    query = parse_items_query(
        spec, {"limit": "10", "offset": offset}, default_limit=10, max_limit=10_000
    )
    rows = []
    for max_bytes in (100_000_000, 3000, 1):
        statement, params = items_sql(spec, query, max_bytes=max_bytes)
        row = conn.execute(statement, params, binary=True).fetchone()
        assert row is not None
        rows.append(row)
    (full_n, full, full_cut, total), (cut_n, cut, cut_cut, _), (one_n, _, one_cut, _) = rows
    assert full_n == 10 and not full_cut and total == db_count(conn, "buildings")
    assert 1 < cut_n < 10 and cut_cut and len(cut) <= 3000 and full.startswith(cut)
    assert one_n == 1 and one_cut


def test_untracked_table_is_counted_directly(conn: psycopg.Connection) -> None:
    """Without a stored count (a table not tracked yet) the page counts the table itself."""
    spec = REGISTRY.get("trees")
    query = parse_items_query(spec, {"limit": "3"}, default_limit=10, max_limit=10_000)
    statement, params = items_sql(spec, query, max_bytes=10_000_000)
    with conn.transaction(force_rollback=True):
        conn.execute("DELETE FROM layer_counts WHERE relid = 'trees'::regclass")
        row = conn.execute(statement, params).fetchone()
    assert row is not None and row[3] == db_count(conn, "trees")


def test_count_runs_only_when_the_page_cannot_tell(conn: psycopg.Connection) -> None:
    """A short page gives numberMatched itself: the count subquery is never executed."""
    spec = REGISTRY.get("buildings")
    for params, executed in (({"limit": "10000"}, False), ({"limit": "10"}, True)):
        query = parse_items_query(
            spec, {**params, "bbox": BBOX}, default_limit=10, max_limit=10_000
        )
        statement, values = items_sql(spec, query, max_bytes=100_000_000)
        plan = "\n".join(
            r[0]
            for r in conn.execute(
                sql.SQL("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ") + statement, values
            )
        )
        count_plan = plan[plan.index("InitPlan") :]
        assert ("never executed" not in count_plan.splitlines()[1]) is executed, plan


# ----------------------------------------------------------------- HTML (pygeoapi)
#: pygeoapi hands its provider the bbox with both corners transformed to EPSG:2100.
CORNERS_2100 = (
    "ST_Intersects(geom, (SELECT ST_MakeEnvelope(ST_X(a), ST_Y(a), ST_X(b), ST_Y(b), 2100) "
    "FROM ST_Transform(ST_SetSRID(ST_MakePoint(21.917, 39.361), 4326), 2100) AS a, "
    "ST_Transform(ST_SetSRID(ST_MakePoint(21.927, 39.369), 4326), 2100) AS b))"
)


@pytest.mark.parametrize(
    ("params", "where"),
    [({}, "TRUE"), ({"bbox": BBOX}, CORNERS_2100), ({"use": "residential"}, FILTERED[1][2])],
)
def test_html_pages_show_number_matched(
    http: httpx.Client, conn: psycopg.Connection, params: dict[str, str], where: str
) -> None:
    r = http.get(ITEMS.format("buildings"), params={**params, "f": "html", "limit": "5"})
    assert r.status_code == 200, r.text
    total = db_count(conn, "buildings", where)
    # pygeoapi's template ("Items in this collection: N") or Polis's ("Σύνολο: N")
    assert re.search(rf"(collection|Σύνολο|Total):\s*{total}\b", r.text), total


def test_provider_returns_number_matched(demo_settings: PolisSettings) -> None:
    from layers.ogc.provider import PolisFeatureProvider, serve_registry

    provider = PolisFeatureProvider(
        {
            "name": "layers.ogc.provider.PolisFeatureProvider",
            "type": "feature",
            "data": demo_settings.dsn,
            "table": "trees",
            "registry": serve_registry(REGISTRY),
        }
    )
    with psycopg.connect(demo_settings.dsn) as c:
        total = db_count(c, "trees")
        good = db_count(c, "trees", "condition = 'good'")
    assert provider.query(limit=5)["numberMatched"] == total
    page = provider.query(limit=5, properties=[("condition", "good")])
    assert page["numberMatched"] == good and page["numberReturned"] == 5


# ----------------------------------------------------------------- writes keep it exact
@pytest.fixture()
def created(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> Iterator[list[str]]:
    """Locations of trees a test created (deleted afterwards if still there)."""
    locations: list[str] = []
    yield locations
    for location in locations:
        tag = http.get(location).headers.get("etag")
        if tag:
            http.delete(location, headers={**tokens["admin"], "If-Match": tag})


def test_part4_edits_keep_it_exact(
    http: httpx.Client,
    conn: psycopg.Connection,
    tokens: dict[str, dict[str, str]],
    created: list[str],
) -> None:
    green = {**tokens["green"], **GEOJSON}
    before, before_box = matched(http, "trees"), matched(http, "trees", bbox=BBOX)
    for _ in range(3):
        r = http.post(ITEMS.format("trees"), json=TREE, headers=green)
        assert r.status_code == 201, r.text
        created.append(r.headers["location"])
    assert matched(http, "trees") == before + 3 == db_count(conn, "trees")
    assert matched(http, "trees", bbox=BBOX) == before_box + 3
    assert stored_count(conn, "trees") == before + 3
    etag = http.get(created[0]).headers["etag"]
    r = http.patch(
        created[0],
        json={"type": "Feature", "properties": {"height_m": 8.0}},
        headers={**green, "If-Match": etag},
    )
    assert r.status_code == 204  # an update changes no count
    assert matched(http, "trees") == before + 3
    for location in created:
        tag = http.get(location).headers["etag"]
        assert http.delete(location, headers={**green, "If-Match": tag}).status_code == 204
    assert matched(http, "trees") == before == db_count(conn, "trees")
    assert matched(http, "trees", bbox=BBOX) == before_box
    assert stored_count(conn, "trees") == before


def test_bulk_load_keeps_it_exact(
    http: httpx.Client, conn: psycopg.Connection, demo_settings: PolisSettings
) -> None:
    """A COPY load adds its rows to the count in one go; a failed load changes nothing."""
    before = matched(http, "trees")
    x, y = conn.execute(
        "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(21.922, 39.365), "
        "4326), 2100) AS p"
    ).fetchone()  # type: ignore[misc]
    trees = [
        {"species": "Betula testensis", "condition": "good", "geom": Point(x + i, y)}
        for i in range(250)
    ]
    with psycopg.connect(demo_settings.dsn) as c:
        load_records(
            c,
            REGISTRY,
            {"trees": trees},
            source="test",
            synthetic=True,
            licence="CC0-1.0",
            replace=False,
        )
    try:
        assert matched(http, "trees") == before + 250 == db_count(conn, "trees")
        assert matched(http, "trees", species="Betula testensis") == db_count(
            conn, "trees", "species = 'Betula testensis'"
        )
        # trees are copied (their trigger runs), then the businesses fail: all rolled back
        twins = [{"osm_id": 990001, "category": "cafe", "geom": Point(x, y)} for _ in range(2)]
        with psycopg.connect(demo_settings.dsn) as c, pytest.raises(InvalidInput):
            load_records(
                c,
                REGISTRY,
                {"trees": trees[:10], "businesses": twins},
                source="test",
                synthetic=True,
                licence="CC0-1.0",
                replace=False,
            )
        assert matched(http, "trees") == before + 250 == stored_count(conn, "trees")
    finally:
        conn.execute("DELETE FROM trees WHERE species = 'Betula testensis'")
    assert matched(http, "trees") == before == db_count(conn, "trees")


def test_loads_imports_and_truncation_keep_it_exact(import_conn: psycopg.Connection) -> None:
    """On the import database: replace loads (TRUNCATE + COPY), keyed imports (insert,
    update, delete), plain SQL and TRUNCATE all leave ``layer_counts`` equal to count(*)."""
    conn = import_conn
    spec = REGISTRY.get("trees")

    def record(i: int, species: str = "Platanus orientalis") -> dict[str, Any]:
        return {"species": species, "condition": "good", "geom": Point(370000 + i, 4360000)}

    def exact() -> int:
        n = db_count(conn, "trees")
        assert stored_count(conn, "trees") == n
        return n

    assert exact() == 0
    load_records(
        conn,
        REGISTRY,
        {"trees": [record(i) for i in range(40)]},
        source="t",
        synthetic=True,
        licence="CC0-1.0",
    )
    assert exact() == 40
    load_records(
        conn,
        REGISTRY,
        {"trees": [record(i) for i in range(15)]},
        source="t",
        synthetic=True,
        licence="CC0-1.0",
    )
    assert exact() == 15  # replaced: truncated, then copied
    keys = [f"n{i}" for i in range(30)]
    sync_layer(
        conn, spec, [record(i) for i in range(30)], keys, namespace="osm", delete_missing=True
    )
    assert exact() == 45
    sync_layer(
        conn,
        spec,
        [record(i, "Tilia") for i in range(10)],
        keys[:10],
        namespace="osm",
        delete_missing=True,
    )
    assert exact() == 25  # 10 updated in place, 20 deleted
    conn.execute(
        "INSERT INTO trees (species, condition, geom) SELECT 'x', 'good', "
        "ST_SetSRID(ST_MakePoint(370000 + g, 4360100), 2100) "
        "FROM generate_series(1, 7) AS g"
    )
    conn.execute("DELETE FROM trees WHERE id IN (SELECT id FROM trees ORDER BY id LIMIT 4)")
    assert exact() == 28
    with conn.transaction(force_rollback=True):
        conn.execute("DELETE FROM trees")
        assert exact() == 0
    assert exact() == 28  # rolled back with the rows
    conn.execute("TRUNCATE trees CASCADE")
    assert exact() == 0


def test_migration_round_trip(pg_settings: PolisSettings) -> None:
    """0006 down removes every trigger and function it (or the sweep) installed; up again
    counts the tables that already hold rows."""
    name = "polis_counts_round_trip"
    base, _, _ = pg_settings.dsn.rpartition("/")
    with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    if pg_settings.database_url is not None:
        settings = pg_settings.model_copy(update={"database_url": SecretStr(f"{base}/{name}")})
    else:
        settings = pg_settings.model_copy(update={"db_name": name})
    try:
        upgrade(settings)
        command.downgrade(alembic_config(settings), "0005")
        with psycopg.connect(settings.dsn, autocommit=True) as c:
            left = c.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'polis_count_%%'"
            ).fetchone()
            assert left == (0,)
            assert c.execute("SELECT to_regclass('layer_counts')").fetchone() == (None,)
            c.execute(
                "INSERT INTO trees (species, condition, geom) VALUES "
                "('x', 'good', ST_SetSRID(ST_MakePoint(370000, 4360000), 2100))"
            )
        upgrade(settings)
        with psycopg.connect(settings.dsn, autocommit=True) as c:
            assert stored_count(c, "trees") == 1
            assert stored_count(c, "buildings") == 0
    finally:
        with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
            c.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
