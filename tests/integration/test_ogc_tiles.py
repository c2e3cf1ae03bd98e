"""OGC API – Tiles: Mapbox Vector Tiles in WebMercatorQuad, checked by decoding them."""

from __future__ import annotations

import math

import httpx
import mapbox_vector_tile
import psycopg
import pytest

CENTRE = (21.922, 39.365)
TILES = "/ogc/collections/{}/tiles/WebMercatorQuad/{}/{}/{}"


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    """(row, col) of the WebMercatorQuad tile holding a point."""
    n = 2**z
    col = int((lon + 180) / 360 * n)
    row = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return row, col


@pytest.mark.parametrize("z", [14, 16])
def test_tile_holds_the_features_postgis_finds(
    http: httpx.Client, conn: psycopg.Connection, z: int
) -> None:
    row, col = tile_of(*CENTRE, z)
    r = http.get(TILES.format("buildings", z, row, col))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.mapbox-vector-tile"
    layer = mapbox_vector_tile.decode(r.content)["buildings"]
    ids = {f["id"] for f in layer["features"]}
    expected = {
        rec[0]
        for rec in conn.execute(
            "SELECT id FROM buildings WHERE ST_Intersects(ST_Transform(geom, 3857), "
            "ST_TileEnvelope(%s, %s, %s))",
            (z, col, row),
        )
    }
    assert expected and expected <= ids
    sample = layer["features"][0]["properties"]
    assert {"use", "floors"} <= set(sample)


def test_empty_tile_is_204(http: httpx.Client) -> None:
    r = http.get(TILES.format("buildings", 14, 0, 0))
    assert r.status_code == 204 and r.content == b""


@pytest.mark.parametrize(
    ("url", "status", "word"),
    [
        (TILES.format("buildings", 23, 0, 0), 400, "tileMatrix"),
        (TILES.format("buildings", 3, 8, 0), 400, "tileRow"),
        (TILES.format("buildings", 3, 0, 9), 400, "tileCol"),
        (TILES.format("buildings", "x", 0, 0), 400, "tileMatrix"),
        (TILES.format("nowhere", 3, 0, 0), 404, "nowhere"),
        ("/ogc/collections/buildings/tiles/WorldCRS84Quad/3/0/0", 404, "WorldCRS84Quad"),
    ],
)
def test_bad_tiles(http: httpx.Client, url: str, status: int, word: str) -> None:
    r = http.get(url)
    assert r.status_code == status, r.text
    assert word in r.json()["description"]


def test_tileset_metadata_links_the_tiles(http: httpx.Client) -> None:
    r = http.get("/ogc/collections/buildings/tiles", params={"f": "json"})
    assert r.status_code == 200, r.text
    body = r.json()
    hrefs = [link["href"] for t in body["tilesets"] for link in t["links"]]
    assert any("WebMercatorQuad" in h for h in hrefs)
    meta = http.get("/ogc/collections/buildings/tiles/WebMercatorQuad", params={"f": "json"})
    assert meta.status_code == 200, meta.text
    templates = [link["href"] for link in meta.json()["links"] if link["rel"] == "item"]
    assert templates and "{tileMatrix}/{tileRow}/{tileCol}" in templates[0]


def test_below_min_zoom_is_empty(http: httpx.Client) -> None:
    """Below a layer's ``tile_min_zoom`` a tile would carry the whole town: 204."""
    row, col = tile_of(*CENTRE, 10)
    r = http.get(TILES.format("buildings", 10, row, col))
    assert r.status_code == 204
