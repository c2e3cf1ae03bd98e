"""Rasters belong to their database: one raster store per database, its catalogue in the
database, all-or-nothing imports, and the coverages served from the catalogue.

Three throw-away databases on the session cluster share one var dir, as two
``POLIS_DATABASE_URL``s on one machine do: importing into B must not touch A's files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import numpy as np
import psycopg
import pytest
import rasterio
from psycopg import sql
from pydantic import SecretStr
from pyproj import Transformer

import layers.db.rasters as store_module
from api.settings import PolisSettings
from gis.importers.jobs import clip_area, import_dem
from layers.db.database import connect, upgrade
from layers.db.rasters import StoredRaster, raster_catalogue, raster_path
from models.errors import InvalidInput

POLIS = str(Path(sys.executable).parent / "polis")
NAMES = {"a": "polis_rasters_a", "b": "polis_rasters_b", "c": "polis_rasters_c"}
BOUNDARY = "data/boundaries/karditsa_municipality_9092.geojson"
TILE = "data/dem/N39E021.hgt"


@pytest.fixture(scope="module")
def var_dir() -> Iterator[Path]:
    """The var dir every database of this module shares."""
    var = Path(tempfile.mkdtemp(prefix="polis-rasters-"))
    var.chmod(0o755)
    yield var
    shutil.rmtree(var, ignore_errors=True)


@pytest.fixture(scope="module")
def dbs(pg_settings: PolisSettings, var_dir: Path) -> Iterator[dict[str, PolisSettings]]:
    """Settings of three migrated, empty databases (a, b, c) sharing ``var_dir``."""
    base, _, _ = pg_settings.dsn.rpartition("/")
    out = {}
    with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
        for key, name in NAMES.items():
            c.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            if pg_settings.database_url is not None:
                update: dict[str, object] = {"database_url": SecretStr(f"{base}/{name}")}
            else:
                update = {"db_name": name}
            out[key] = pg_settings.model_copy(update={**update, "var_dir": var_dir})
    for settings in out.values():
        upgrade(settings)
    try:
        yield out
    finally:
        with psycopg.connect(pg_settings.dsn, autocommit=True) as c:
            for name in NAMES.values():
                drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                c.execute(drop.format(sql.Identifier(name)))


def polis(*args: str, settings: PolisSettings, timeout: float = 300) -> str:
    """Run ``polis`` against ``settings``' database and var dir; its stdout."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("POLIS_")},
        "COLUMNS": "250",
        "POLIS_DATABASE_URL": settings.dsn,
        "POLIS_VAR_DIR": str(settings.var_dir),
    }
    result = subprocess.run(
        [POLIS, *args], capture_output=True, text=True, env=env, timeout=timeout
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def catalogue(settings: PolisSettings) -> dict[str, StoredRaster]:
    with connect(settings) as conn:
        return raster_catalogue(conn)


def digests(directory: Path) -> dict[str, str]:
    """sha256 of every file in ``directory``; a directory (staging left over) as ``dir``."""
    if not directory.exists():
        return {}
    return {
        p.name: "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
    }


@pytest.fixture(scope="module")
def imported(dbs: dict[str, PolisSettings], shared_dir: Path) -> dict[str, object]:
    """``polis import dem`` into A (30 m), A's files and catalogue, then into B (60 m)."""
    boundary, tile = str(shared_dir / BOUNDARY), str(shared_dir / TILE)
    polis("import", "dem", "--boundary", boundary, tile, settings=dbs["a"])
    a_files, a_catalogue = digests(dbs["a"].raster_dir), catalogue(dbs["a"])
    polis(
        "import", "dem", "--boundary", boundary, "--cell-size", "60", "--margin", "500",
        "--licence", "public domain", tile, settings=dbs["b"],
    )  # fmt: skip
    return {"a_files": a_files, "a_catalogue": a_catalogue}


def test_each_database_has_its_own_store(dbs: dict[str, PolisSettings], var_dir: Path) -> None:
    a, b = dbs["a"], dbs["b"]
    assert a.raster_dir != b.raster_dir
    assert a.raster_dir.parent == b.raster_dir.parent == var_dir / "rasters"
    assert a.raster_dir.name.startswith("polis_rasters_a-")
    assert a.raster_dir == a.model_copy().raster_dir  # stable
    shared = var_dir / "shared-store"
    configured = [s.model_copy(update={"raster_store": shared}) for s in (a, b)]
    assert {s.raster_dir for s in configured} == {shared}  # shared only when configured


def test_importing_into_b_leaves_a_unchanged(
    dbs: dict[str, PolisSettings], imported: dict[str, object]
) -> None:
    a, b = dbs["a"], dbs["b"]
    assert set(imported["a_files"]) == {"dem.tif", "slope.tif"}  # type: ignore[arg-type]
    assert digests(a.raster_dir) == imported["a_files"]
    assert catalogue(a) == imported["a_catalogue"]
    a_dem, b_dem = catalogue(a)["dem"], catalogue(b)["dem"]
    assert a_dem.resolution == (30.0, 30.0) and b_dem.resolution == (60.0, 60.0)
    assert (b_dem.licence, a_dem.licence) == ("public domain", None)
    assert digests(b.raster_dir)["dem.tif"] != digests(a.raster_dir)["dem.tif"]


@pytest.mark.parametrize(("db", "name"), [("a", "dem"), ("a", "slope"), ("b", "dem")])
def test_the_catalogue_describes_the_file(
    dbs: dict[str, PolisSettings], imported: dict[str, object], db: str, name: str
) -> None:
    settings = dbs[db]
    entry = catalogue(settings)[name]
    assert (entry.uri, entry.source, entry.synthetic) == (f"{name}.tif", "N39E021.hgt", False)
    with rasterio.open(raster_path(settings.raster_dir, entry.uri)) as src:
        assert entry.srid == src.crs.to_epsg() == 2100
        assert entry.bounds == pytest.approx(tuple(src.bounds))
        assert entry.resolution == pytest.approx(src.res)
        assert entry.size == (src.width, src.height)
        values = src.read(1, masked=True)
    valid = values.compressed()
    stats = entry.statistics
    assert stats["min"] == pytest.approx(float(valid.min()))
    assert stats["max"] == pytest.approx(float(valid.max()))
    assert stats["mean"] == pytest.approx(float(valid.mean(dtype="float64")), rel=1e-9)
    assert stats["valid_count"] == valid.size
    assert stats["nodata_count"] == int(np.ma.count_masked(values)) > 0  # outside the clip
    assert stats["nodata"] == -9999.0
    if name == "dem":
        assert 80 < stats["min"] < stats["mean"] < stats["max"] < 2200


def test_polis_rasters_lists_the_catalogue(
    dbs: dict[str, PolisSettings], imported: dict[str, object]
) -> None:
    listing = polis("rasters", settings=dbs["a"])
    assert "όνομα / name" in listing and "ανάλυση / resolution" in listing
    dem = next(line for line in listing.splitlines() if " dem " in line)
    entry = catalogue(dbs["a"])["dem"]
    width, height = entry.size
    for text in (f"{width} × {height}", "30 × 30", "EPSG:2100", "N39E021.hgt"):
        assert text in dem, (text, dem)
    assert f"{entry.statistics['mean']:.2f}" in dem
    assert any(" slope " in line for line in listing.splitlines())
    assert str(dbs["a"].raster_dir) in listing.replace("\n", "")


def test_a_failure_midway_leaves_neither_file_nor_row(
    dbs: dict[str, PolisSettings], shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The DEM is registered and moved into place, then storing the slope fails."""
    settings = dbs["c"]
    area = clip_area(shared_dir / BOUNDARY)
    move = store_module._move_into_place

    def fail_on_slope(staged: Path, final: Path, staging: Path) -> tuple[Path, Path | None]:
        if final.name == "slope.tif":
            assert (final.parent / "dem.tif").is_file()  # midway indeed
            raise OSError("disk full")
        return move(staged, final, staging)

    monkeypatch.setattr(store_module, "_move_into_place", fail_on_slope)
    with connect(settings) as conn, pytest.raises(OSError, match="disk full"):
        import_dem(conn, settings.raster_dir, [shared_dir / TILE], area=area)
    assert list(settings.raster_dir.iterdir()) == []  # no file, no staging leftovers
    assert catalogue(settings) == {}


def test_a_refused_import_leaves_neither_file_nor_row(
    dbs: dict[str, PolisSettings], shared_dir: Path
) -> None:
    settings = dbs["c"]
    area = clip_area(shared_dir / BOUNDARY)
    with connect(settings) as conn, pytest.raises(InvalidInput, match="licence longer"):
        import_dem(conn, settings.raster_dir, [shared_dir / TILE], area=area, licence="x" * 500)
    assert list(settings.raster_dir.iterdir()) == []
    assert catalogue(settings) == {}


def test_a_failed_commit_puts_the_previous_files_back(
    dbs: dict[str, PolisSettings], imported: dict[str, object], shared_dir: Path
) -> None:
    """The files are in place and the rows written when the commit fails (a deferred
    constraint): the previous files come back, the catalogue is as it was."""
    settings = dbs["b"]
    before_files, before_catalogue = digests(settings.raster_dir), catalogue(settings)
    with connect(settings, autocommit=True) as conn:
        conn.execute(
            """CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
               CREATE CONSTRAINT TRIGGER refuse AFTER INSERT OR UPDATE ON raster_catalogue
               DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()"""
        )
    try:
        area = clip_area(shared_dir / BOUNDARY)
        with connect(settings) as conn, pytest.raises(psycopg.Error, match="refused at commit"):
            import_dem(conn, settings.raster_dir, [shared_dir / TILE], area=area, cell_size=45)
    finally:
        with connect(settings, autocommit=True) as conn:
            conn.execute("DROP TRIGGER refuse ON raster_catalogue")
            conn.execute("DROP FUNCTION refuse_at_commit()")
    assert digests(settings.raster_dir) == before_files
    assert catalogue(settings) == before_catalogue


def test_the_demo_stores_a_synthetic_dem_and_keeps_an_imported_one(
    dbs: dict[str, PolisSettings], imported: dict[str, object]
) -> None:
    c, a = dbs["c"], dbs["a"]
    polis("demo", "load", settings=c)
    entries = catalogue(c)
    assert set(entries) == {"dem", "slope"}
    assert all(e.synthetic and e.licence == "CC0-1.0" for e in entries.values())
    assert set(digests(c.raster_dir)) == {"dem.tif", "slope.tif"}
    assert 100 < entries["dem"].statistics["mean"] < 200
    polis("demo", "load", settings=a)  # the demo replaces A's layers, not its real DEM
    assert digests(a.raster_dir) == imported["a_files"]
    assert catalogue(a)["dem"] == imported["a_catalogue"]["dem"]  # type: ignore[index]


@pytest.fixture(scope="module")
def server_a(
    dbs: dict[str, PolisSettings], imported: dict[str, object], unused_port: Callable[[], int]
) -> Iterator[str]:
    """``polis serve`` over database A (the var dir it shares with B and C)."""
    settings, port = dbs["a"], unused_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("POLIS_")},
        "POLIS_DATABASE_URL": settings.dsn,
        "POLIS_VAR_DIR": str(settings.var_dir),
        "POLIS_PUBLIC_URL": base,
    }
    log = settings.var_dir / "server-a.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [POLIS, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=sink,
            stderr=sink,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/ogc", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(log.read_text(errors="replace"))
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_coverage_is_served_from_the_catalogue(
    dbs: dict[str, PolisSettings], server_a: str
) -> None:
    entry = catalogue(dbs["a"])["dem"]
    meta = httpx.get(f"{server_a}/ogc/collections/dem?f=json", timeout=30)
    assert meta.status_code == 200, meta.text
    assert "N39E021.hgt" in meta.json()["description"]
    to_crs84 = Transformer.from_crs(2100, "OGC:CRS84", always_xy=True)
    expected = to_crs84.transform_bounds(*entry.bounds)
    assert meta.json()["extent"]["spatial"]["bbox"][0] == pytest.approx(expected, abs=1e-5)
    x, y = Transformer.from_crs(4326, 2100, always_xy=True).transform(21.922, 39.365)
    subset = f"x({x - 100:.0f}:{x + 100:.0f}),y({y - 100:.0f}:{y + 100:.0f})"
    cov = httpx.get(
        f"{server_a}/ogc/collections/dem/coverage",
        params={"f": "json", "subset": subset},
        timeout=30,
    )
    assert cov.status_code == 200
    values = [v for r in cov.json()["ranges"].values() for v in r["values"] if v is not None]
    assert values and 100 < sum(values) / len(values) < 125
    slope = httpx.get(f"{server_a}/ogc/collections/slope?f=json", timeout=30)
    assert slope.status_code == 200
