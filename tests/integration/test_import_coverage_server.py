"""The imported DEM served by ``polis serve`` as OGC API – Coverages (pygeoapi rasterio)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyproj import Transformer

from api.settings import PolisSettings
from gis.importers.jobs import clip_area, import_dem
from layers.db.database import connect


@pytest.fixture(scope="module")
def coverage_server(
    import_settings: PolisSettings,
    shared_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """``polis serve`` over the import database with an imported DEM in its raster store."""
    var = tmp_path_factory.mktemp("var")
    area = clip_area(shared_dir / "data/boundaries/karditsa_municipality_9092.geojson")
    settings = import_settings.model_copy(update={"var_dir": var})
    with connect(settings) as conn:
        import_dem(conn, settings.raster_dir, [shared_dir / "data/dem/N39E021.hgt"], area=area)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("POLIS_")},
        "POLIS_DATABASE_URL": import_settings.dsn,
        "POLIS_VAR_DIR": str(var),
        "POLIS_PUBLIC_URL": base,
    }
    polis = str(Path(sys.executable).parent / "polis")
    with (var / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [polis, "serve", "--port", str(port)], env=env, stdout=log, stderr=log
        )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ogc", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail((var / "server.log").read_text(errors="replace"))
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_dem_collection_and_subset(coverage_server: str) -> None:
    meta = httpx.get(f"{coverage_server}/ogc/collections/dem?f=json", timeout=30)
    assert meta.status_code == 200 and "N39E021.hgt" in meta.json()["description"]
    x, y = Transformer.from_crs(4326, 2100, always_xy=True).transform(21.922, 39.365)
    subset = f"x({x - 100:.0f}:{x + 100:.0f}),y({y - 100:.0f}:{y + 100:.0f})"
    cov = httpx.get(
        f"{coverage_server}/ogc/collections/dem/coverage",
        params={"f": "json", "subset": subset},
        timeout=30,
    )
    assert cov.status_code == 200
    values = [v for r in cov.json()["ranges"].values() for v in r["values"] if v is not None]
    assert values and 100 < sum(values) / len(values) < 125
    slope = httpx.get(f"{coverage_server}/ogc/collections/slope?f=json", timeout=30)
    assert slope.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("bbox=0,0,0,0", "bbox"),
        ("bbox=21.9,39.3,21.9,39.3&f=json", "bbox"),
        ("bbox=100,10,110,20&f=json", "bbox"),
        ("subset=x(1:2),y(3:4)", "subset"),
        ("subset=zzz", "subset"),
        (
            "bbox=21.9,39.3,21.95,39.35&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2100&f=json",
            "bbox-crs",
        ),
    ],
)
def test_coverage_queries_that_miss_are_400(coverage_server: str, query: str, field: str) -> None:
    """What pygeoapi's rasterio provider answered with a 500 (fuzzer findings)."""
    for raster in ("dem", "slope"):
        r = httpx.get(f"{coverage_server}/ogc/collections/{raster}/coverage?{query}", timeout=60)
        assert r.status_code == 400, r.text
        assert f"'{field}'" in r.json()["description"]


def test_bbox_within_the_coverage_answers(coverage_server: str) -> None:
    r = httpx.get(
        f"{coverage_server}/ogc/collections/dem/coverage?bbox=21.90,39.34,21.94,39.38&f=json",
        timeout=60,
    )
    assert r.status_code == 200, r.text
