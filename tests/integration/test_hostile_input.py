"""Regression tests of the security review ("one request must never take Polis down"):
hostile filters, inputs that used to answer 500, wrong answers, version tags that leaked
private attributes, pygeoapi's own edit routes, caching of private tiles."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest

from api.settings import PolisSettings

C = "/ogc/collections"
GEOJSON = {"Content-Type": "application/geo+json"}


def deep_not_json(depth: int) -> str:
    tree: dict[str, object] = {"op": ">", "args": [{"property": "height_m"}, 0]}
    for _ in range(depth):
        tree = {"op": "not", "args": [tree]}
    return json.dumps(tree)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 3000 + "height_m > 0" + ")" * 3000,
        "NOT " * 2000 + "height_m > 0",
        "NOT " * 100 + "height_m > 0",
        "height_m + " * 300 + "1 > 0",
        deep_not_json(50),
        "x" * 9000,
    ],
    ids=["brackets", "not-2000", "not-100", "plus-300", "json-not-50", "long"],
)
def test_hostile_filters_are_refused_quickly(http: httpx.Client, text: str) -> None:
    started = time.monotonic()
    r = http.get(f"{C}/trees/items", params={"filter": text})
    assert r.status_code == 400, r.text
    assert "'filter'" in r.json()["description"]
    assert time.monotonic() - started < 2.0
    assert http.get("/health").status_code == 200  # and the server is still there


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        (f"{C}/trees/items", {"species": "\x00"}, "species"),
        (f"{C}/trees/items", {"filter": "planted > DATE('2015-13-45')"}, "filter"),
        (f"{C}/trees/items", {"filter": "height_m % 0 > 1"}, "filter"),
        (f"{C}/trees/items", {"offset": "9223372036854775808"}, "offset"),
        (f"{C}/trees/items", {"f": "html", "offset": "9223372036854775808"}, "offset"),
        (f"{C}/trees/items", {"f": "html", "height_m": "abc"}, "height_m"),
        (f"{C}/trees/items", {"f": "html", "planted": "abc"}, "planted"),
        (f"{C}/buildings/items", {"f": "html", "floors": "1.5"}, "floors"),
        (f"{C}/trees/items", {"bbox": "nan,nan,nan,nan"}, "bbox"),
        (f"{C}/trees/items", {"limit": "9" * 400}, "limit"),
        (f"{C}/dem/coverage", {"bbox": "abc"}, "bbox"),
    ],
)
def test_bad_values_are_400_naming_the_parameter(
    http: httpx.Client, path: str, params: dict[str, str], field: str
) -> None:
    r = http.get(path, params=params)
    assert r.status_code == 400, r.text
    assert f"'{field}'" in r.text


@pytest.mark.parametrize("text", ["TRUE", "FALSE"])
def test_boolean_filters(http: httpx.Client, text: str) -> None:
    r = http.get(f"{C}/trees/items", params={"filter": text, "limit": "3"})
    assert r.status_code == 200, r.text
    assert r.json()["numberReturned"] == (3 if text == "TRUE" else 0)


@pytest.mark.parametrize(
    "path",
    [
        f"{C}/buildings/tiles",
        f"{C}/buildings/tiles?f=html",
        f"{C}/buildings/tiles?f=json",
        f"{C}/buildings/tiles/WebMercatorQuad",
        f"{C}/buildings/tiles/WebMercatorQuad?f=html",
        f"{C}/buildings/tiles/WebMercatorQuad?f=json",
        f"{C}/buildings/tiles/WebMercatorQuad/metadata",
    ],
)
def test_tile_metadata_answers(http: httpx.Client, path: str) -> None:
    assert http.get(path).status_code == 200


def test_tilejson_is_a_client_error(http: httpx.Client) -> None:
    assert http.get(f"{C}/buildings/tiles?f=tilejson").status_code == 400


def test_advertised_tile_template_works(http: httpx.Client) -> None:
    meta = http.get(f"{C}/buildings/tiles/WebMercatorQuad?f=json").json()
    template = next(link["href"] for link in meta["links"] if link["rel"] == "item")
    href = template.format(tileMatrix=14, tileRow=6240, tileCol=9189)
    parts = urlsplit(href)
    r = http.get(f"{parts.path}?{parts.query}")
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.mapbox-vector-tile"
    )


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["items/", "items/5/", "items/5/x"])
def test_pygeoapi_never_edits(http: httpx.Client, method: str, path: str) -> None:
    r = http.request(method, f"{C}/trees/{path}", content=b'{"type":"Feature"}')
    assert r.status_code in (401, 405), r.text


def test_pygeoapi_routes_check_credentials(http: httpx.Client) -> None:
    for path in ("/ogc/collections", f"{C}/trees?f=html", f"{C}/trees/items?f=html"):
        bad = http.get(path, headers={"Authorization": "Bearer not-a-token"})
        assert bad.status_code == 401, path
        key = http.get(path, headers={"X-API-Key": "polis_nope.nope"})
        assert key.status_code == 401, path


def test_world_bbox_matches_everything(http: httpx.Client, conn: psycopg.Connection) -> None:
    row = conn.execute("SELECT count(*) FROM trees").fetchone()
    assert row is not None
    limit = min(row[0], 1000)
    for params in (
        {"bbox": "-180,-90,180,90"},
        {"bbox": "-20037508,-20037508,20037508,20037508", "bbox-crs": "EPSG:3857"},
        {"filter": "S_INTERSECTS(geometry, BBOX(-180,-90,180,90))"},
    ):
        r = http.get(f"{C}/trees/items", params={**params, "limit": str(limit)})
        assert r.status_code == 200, r.text
        assert r.json()["numberReturned"] == limit, params
    far = http.get(f"{C}/trees/items", params={"bbox": "100,10,110,20"})
    assert far.json()["numberReturned"] == 0  # wholly outside Greece: nothing, no error


def test_version_tags_reveal_nothing(
    http: httpx.Client, conn: psycopg.Connection, tokens: dict[str, dict[str, str]]
) -> None:
    """A bay's ETag is not a function of its row alone: no guessing of ``sensor_id``."""
    fid = conn.execute("SELECT id FROM parking_bays ORDER BY id LIMIT 1").fetchone()[0]  # type: ignore[index]
    path = f"{C}/parking_bays/items/{fid}"
    tag = http.get(path).headers["etag"].strip('"')
    assert tag == http.get(path, headers=tokens["parking"]).headers["etag"].strip('"')
    unkeyed = conn.execute(
        "SELECT md5(row_to_json(t)::text), encode(sha256(convert_to(row_to_json(t)::text, "
        "'UTF8')), 'hex') FROM parking_bays AS t WHERE id = %s",
        (fid,),
    ).fetchone()
    assert unkeyed is not None
    assert tag not in unkeyed and not unkeyed[1].startswith(tag)


def test_private_tiles_are_not_shared(
    http: httpx.Client, tokens: dict[str, dict[str, str]]
) -> None:
    tile = f"{C}/parking_bays/tiles/WebMercatorQuad/16/24962/36757"
    for headers in ({}, tokens["parking"]):
        r = http.get(tile, headers=headers)
        assert r.status_code in (200, 204)
        assert "private" in r.headers["cache-control"]
        assert "Authorization" in r.headers["vary"]
    public = http.get(f"{C}/buildings/tiles/WebMercatorQuad/14/6240/9189")
    assert public.headers["cache-control"].startswith("public")


# ---------------------------------------------------------------- submitted geometry
@pytest.fixture()
def created(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> Iterator[list[str]]:
    """Locations of features a test created (removed afterwards by an admin)."""
    locations: list[str] = []
    yield locations
    for location in locations:
        tag = http.get(location).headers.get("etag")
        if tag:
            http.delete(location, headers={**tokens["admin"], "If-Match": tag})


def tree(coordinates: object) -> dict[str, object]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": coordinates},
        "properties": {"species": "Tilia tomentosa"},
    }


@pytest.mark.parametrize(
    ("coordinates", "crs"),
    [
        ([500.0, 39.36], None),  # a longitude of 500 (was stored as 140)
        ([21.92, 39.36], "http://www.opengis.net/def/crs/EPSG/0/2100"),  # lon/lat as metres
        (["21.92", "39.36"], None),  # strings
        ([21.92], None),
        ([True, 39.36], None),
        ([[21.92, 39.36]], None),
    ],
)
def test_bad_coordinates_are_refused(
    http: httpx.Client, tokens: dict[str, dict[str, str]], coordinates: object, crs: str | None
) -> None:
    headers = {**tokens["green"], **GEOJSON, **({"Content-Crs": f"<{crs}>"} if crs else {})}
    r = http.post(f"{C}/trees/items", json=tree(coordinates), headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["description"].startswith("geometry")


def test_polygon_is_promoted_on_a_multipolygon_layer(
    http: httpx.Client, tokens: dict[str, dict[str, str]], created: list[str]
) -> None:
    ring = [[21.92, 39.365], [21.9202, 39.365], [21.9202, 39.3652], [21.92, 39.3652]]
    area = {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
        "properties": {"name_el": "Πλατεία Δοκιμής", "kind": "square"},
    }
    r = http.post(f"{C}/green_areas/items", json=area, headers={**tokens["green"], **GEOJSON})
    assert r.status_code == 201, r.text
    created.append(r.headers["location"])
    stored = http.get(r.headers["location"]).json()
    assert stored["geometry"]["type"] == "MultiPolygon"


def test_nul_in_a_posted_string_is_refused(
    http: httpx.Client, tokens: dict[str, dict[str, str]]
) -> None:
    body = tree([21.92, 39.36])
    body["properties"] = {"species": "Tilia\x00"}
    r = http.post(f"{C}/trees/items", json=body, headers={**tokens["green"], **GEOJSON})
    assert r.status_code == 422 and "properties.species" in r.text
    account = {"email": "nul@example.gr", "display_name": "N\x00", "password": "x" * 12}
    r = http.post("/auth/register", json=account)
    assert r.status_code == 400 and r.json()["field"] == "display_name"


def test_client_leaving_mid_body_is_not_a_server_error(
    server: str, demo_settings: PolisSettings
) -> None:
    port = urlsplit(server).port
    log = Path(demo_settings.var_dir) / "server.log"
    before = log.read_text(errors="replace").count("unhandled error")
    with socket.create_connection(("127.0.0.1", port or 80)) as s:
        s.sendall(
            b"POST /auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"email":'
        )
    time.sleep(1.0)
    assert log.read_text(errors="replace").count("unhandled error") == before
