"""Real OGC clients nobody here wrote: OWSLib and GDAL's OAPIF driver (ogrinfo, pyogrio)."""

from __future__ import annotations

import re
import shutil
import subprocess

import psycopg
import pyogrio
import pytest
from owslib.ogcapi.features import Features

from layers.registry import default_registry

BBOX = (21.917, 39.361, 21.927, 39.369)
REGISTRY = default_registry()
#: What an anonymous client sees: the layers without read roles.
PUBLIC = {spec.id for spec in REGISTRY if spec.read_roles is None}


def db_count_in_bbox(conn: psycopg.Connection, table: str) -> int:
    row = conn.execute(
        f"SELECT count(*) FROM {table} WHERE ST_Intersects(geom, "  # noqa: S608 - fixed names
        "ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 2100))",
        BBOX,
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_owslib_lists_collections_and_reads_items(server: str, conn: psycopg.Connection) -> None:
    api = Features(f"{server}/ogc")
    assert set(api.feature_collections()) == PUBLIC  # restricted layers are not listed
    assert (
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
        in (api.conformance()["conformsTo"])
    )
    collection = api.collection("trees")
    assert collection["id"] == "trees"
    items = api.collection_items("trees", limit=7)
    assert items["type"] == "FeatureCollection" and len(items["features"]) == 7
    ids = [f["id"] for f in items["features"]]
    row = conn.execute("SELECT count(*) FROM trees WHERE id = ANY(%s)", (ids,)).fetchone()
    assert row is not None and row[0] == 7
    queryables = api.collection_queryables("trees")
    assert "species" in queryables["properties"]


def test_owslib_bbox(server: str, conn: psycopg.Connection) -> None:
    api = Features(f"{server}/ogc")
    items = api.collection_items("buildings", bbox=list(BBOX), limit=10000)
    assert len(items["features"]) == db_count_in_bbox(conn, "buildings") > 0


@pytest.mark.parametrize("layer", ["buildings", "trees", "roads"])
def test_pyogrio_oapif_storage_crs_and_bbox(
    server: str, conn: psycopg.Connection, layer: str, centre_box_2100: tuple[int, ...]
) -> None:
    """GDAL picks the advertised storage CRS (Part 2): the layer is in EPSG:2100."""
    box = centre_box_2100
    frame = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer=layer, bbox=box)
    assert frame.crs is not None and frame.crs.to_epsg() == 2100
    row = conn.execute(
        f"SELECT count(*) FROM {layer} WHERE ST_Intersects(geom, "  # noqa: S608 - fixed names
        "ST_MakeEnvelope(%s, %s, %s, %s, 2100))",
        box,
    ).fetchone()
    assert row is not None and len(frame) == row[0] > 0
    assert frame.geometry.is_valid.all()


@pytest.mark.parametrize("layer", ["buildings", "trees"])
def test_pyogrio_oapif_in_crs84(server: str, conn: psycopg.Connection, layer: str) -> None:
    frame = pyogrio.read_dataframe(f"OAPIF:{server}/ogc", layer=layer, bbox=BBOX, CRS="OGC:CRS84")
    assert frame.crs is not None and frame.crs.to_epsg() in (4326, None)
    assert len(frame) == db_count_in_bbox(conn, layer) > 0


def test_ogrinfo_oapif_lists_layers_and_counts(server: str, conn: psycopg.Connection) -> None:
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is None:
        pytest.fail("ogrinfo (gdal-bin) is not installed: `make test` installs it")
    listing = subprocess.run(
        [ogrinfo, "-ro", "-q", f"OAPIF:{server}/ogc"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    for spec in REGISTRY:
        listed = re.search(rf"\b{spec.id}\b", listing) is not None
        assert listed == (spec.id in PUBLIC), (spec.id, listing)
    x0, y0, x1, y1 = BBOX
    summary = subprocess.run(
        [ogrinfo, "-ro", "-so", "-spat", str(x0), str(y0), str(x1), str(y1)]
        + [f"OAPIF:{server}/ogc", "buildings"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r"Feature Count: (\d+)", summary)
    assert found, summary
    assert int(found.group(1)) == db_count_in_bbox(conn, "buildings")
