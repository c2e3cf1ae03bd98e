"""A module of the programme is a domain: a throw-away one, written by this test outside
the repository (its model, one layer, a table standing for its migration), enabled by
configuration alone, appears everywhere the registry reaches — OGC collections, HTML
pages, queryables, tiles, the web map's layer tree and ``polis import layer`` — with no
edit anywhere else."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
import time
from collections.abc import Callable, Iterator

import httpx
import psycopg
import pytest
from polis_server import POLIS, polis_server
from psycopg import sql

from api.settings import PolisSettings

DOMAIN = "polis_fountains_domain"
PACKAGE = textwrap.dedent(
    '''
    """A throw-away domain: public drinking fountains."""

    from sqlalchemy import Boolean, Integer, String
    from sqlalchemy.orm import Mapped, mapped_column

    from layers.registry.spec import EVERYONE, LayerSpec, Style, keywords
    from layers.registry.text import Text
    from models.base import Base, geom_column, valid_geom


    class Fountain(Base):
        __tablename__ = "test_fountains"
        __table_args__ = (valid_geom(),)

        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        name_el: Mapped[str | None] = mapped_column(String(120))
        drinkable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
        geom = geom_column("POINT")


    LAYERS = (
        LayerSpec(
            id="fountains",
            model=Fountain,
            title=Text("Βρύσες", "Drinking fountains"),
            description=Text("Δημόσιες βρύσες πόσιμου νερού.", "Public drinking fountains."),
            keywords=keywords(("νερό", "water")),
            audiences=EVERYONE,
            style=Style(color="#0288d1", radius=5),
            tiles=True,
            tile_min_zoom=10,
            title_field="name_el",
        ),
    )
    '''
)
#: The table the domain's migration would create.
DDL = """CREATE TABLE IF NOT EXISTS test_fountains (
    id serial PRIMARY KEY, name_el varchar(120), drinkable boolean NOT NULL DEFAULT true,
    geom geometry(Point, 2100) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)))"""
FOUNTAINS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [21.9221 + i / 1000, 39.3652]},
            "properties": {"name_el": f"Βρύση {i}", "drinkable": i % 2 == 0},
        }
        for i in range(3)
    ],
}


@pytest.fixture(scope="module")
def domain_env(
    tmp_path_factory: pytest.TempPathFactory, demo_settings: PolisSettings
) -> Iterator[dict[str, str]]:
    """The domain's package on PYTHONPATH and enabled (with core and green) by POLIS_DOMAINS."""
    root = tmp_path_factory.mktemp("domain")
    (root / DOMAIN).mkdir()
    (root / DOMAIN / "__init__.py").write_text(PACKAGE, encoding="utf-8")
    with psycopg.connect(demo_settings.dsn, autocommit=True) as conn:
        conn.execute(DDL)
    yield {
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
        "POLIS_DOMAINS": json.dumps(["core", "green", DOMAIN]),
    }
    # the session database is shared: leave no trace of the throw-away domain
    with psycopg.connect(demo_settings.dsn, autocommit=True) as conn:
        for table in ("layer_sources", "feature_keys"):
            column = conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND column_name IN ('layer_id', 'layer') LIMIT 1",
                (table,),
            ).fetchone()
            if column:
                conn.execute(
                    sql.SQL("DELETE FROM {} WHERE {} = 'fountains'").format(
                        sql.Identifier(table), sql.Identifier(column[0])
                    )
                )
        if conn.execute("SELECT to_regclass('test_fountains')").fetchone() != (None,):
            conn.execute("DELETE FROM layer_counts WHERE relid = 'test_fountains'::regclass")
        conn.execute("DROP TABLE IF EXISTS test_fountains CASCADE")


@pytest.fixture(scope="module")
def imported(
    domain_env: dict[str, str],
    demo_settings: PolisSettings,
    tmp_path_factory: pytest.TempPathFactory,
) -> subprocess.CompletedProcess[str]:
    """``polis import layer fountains fountains.geojson`` with the domain enabled."""
    path = tmp_path_factory.mktemp("files") / "fountains.geojson"
    path.write_text(json.dumps(FOUNTAINS), encoding="utf-8")
    env = {
        **os.environ,
        **domain_env,
        "POLIS_DATABASE_URL": demo_settings.dsn,
        "POLIS_VAR_DIR": str(demo_settings.var_dir),
    }
    return subprocess.run(
        [POLIS, "import", "layer", "fountains", str(path), "--replace"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def base(
    unused_port: Callable[[], int],
    domain_env: dict[str, str],
    imported: subprocess.CompletedProcess[str],
    demo_settings: PolisSettings,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """A server with the domain enabled."""
    assert imported.returncode == 0, imported.stdout + imported.stderr
    log = tmp_path_factory.mktemp("log") / "server.log"
    with polis_server(
        demo_settings, port=unused_port(), log=log, args=("--workers", "1"), env=domain_env
    ) as server:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{server.base_url}/ogc/conformance", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.proc.poll() is None, server.log_text()[-3000:]
            time.sleep(0.5)
        yield server.base_url


def test_the_import_wrote_the_features(
    imported: subprocess.CompletedProcess[str], demo_settings: PolisSettings
) -> None:
    with psycopg.connect(demo_settings.dsn) as conn:
        row = conn.execute("SELECT count(*) FROM test_fountains").fetchone()
    assert row == (3,)


def test_collection_and_items(base: str) -> None:
    ids = [c["id"] for c in httpx.get(f"{base}/ogc/collections?f=json").json()["collections"]]
    assert "fountains" in ids and "trees" in ids
    assert "parking_bays" not in ids  # a domain not enabled is not served
    items = httpx.get(f"{base}/ogc/collections/fountains/items?f=json").json()
    assert items["numberReturned"] == 3
    assert {f["properties"]["name_el"] for f in items["features"]} == {
        "Βρύση 0",
        "Βρύση 1",
        "Βρύση 2",
    }


def test_html_pages(base: str) -> None:
    for path in (
        "/ogc/collections/fountains?f=html",
        "/ogc/collections/fountains/items?f=html",
        "/ogc/collections?f=html",
    ):
        r = httpx.get(f"{base}{path}")
        assert r.status_code == 200 and "Βρύσες" in r.text or "Drinking fountains" in r.text, path


def test_queryables(base: str) -> None:
    r = httpx.get(f"{base}/ogc/collections/fountains/queryables?f=json")
    assert r.status_code == 200
    assert {"name_el", "drinkable"} <= set(r.json()["properties"])


def test_tiles(base: str) -> None:
    meta = httpx.get(f"{base}/ogc/collections/fountains/tiles?f=json")
    assert meta.status_code == 200
    tile = httpx.get(f"{base}/ogc/collections/fountains/tiles/WebMercatorQuad/16/24965/36758")
    assert tile.status_code in (200, 204)
    assert httpx.get(
        f"{base}/ogc/collections/fountains/tiles/WebMercatorQuad/12/1560/2297"
    ).status_code in (200, 204)


def test_web_map_layer_tree(base: str) -> None:
    page = httpx.get(f"{base}/").text
    assert '"fountains"' in page and "Drinking fountains" in page
