"""OGC API – Features items against the database: paging, bbox, CRS, filters, sorting."""

from __future__ import annotations

import httpx
import psycopg
import pytest

from layers.ogc.crs import EPSG_URI

CENTRE = (21.922, 39.365)
BBOX = (21.917, 39.361, 21.927, 39.369)
ITEMS = "/ogc/collections/{}/items"


def bbox_text(b: tuple[float, ...]) -> str:
    return ",".join(str(v) for v in b)


def db_ids(conn: psycopg.Connection, query: str, *params: object) -> set[int]:
    return {row[0] for row in conn.execute(query, params)}  # type: ignore[arg-type]


def all_ids(http: httpx.Client, layer: str, params: dict[str, str]) -> list[int]:
    """Every feature id of a query, following next links."""
    ids: list[int] = []
    url: str | None = ITEMS.format(layer)
    query: dict[str, str] | None = {**params, "limit": params.get("limit", "1000")}
    while url:
        page = http.get(url, params=query)
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [f["id"] for f in body["features"]]
        assert body["numberReturned"] == len(body["features"])
        nxt = [link["href"] for link in body["links"] if link["rel"] == "next"]
        url, query = (nxt[0], None) if nxt else (None, None)
    return ids


def test_paging_walks_every_feature_once(http: httpx.Client, conn: psycopg.Connection) -> None:
    ids = all_ids(http, "buildings", {"limit": "700"})
    assert len(ids) == len(set(ids))
    assert set(ids) == db_ids(conn, "SELECT id FROM buildings")
    assert len(ids) > 1000


def test_default_limit_and_geojson_headers(http: httpx.Client) -> None:
    r = http.get(ITEMS.format("trees"))
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/geo+json"
    assert r.headers["content-crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
    body = r.json()
    assert body["type"] == "FeatureCollection" and body["numberReturned"] == 10
    feature = body["features"][0]
    assert feature["type"] == "Feature" and isinstance(feature["id"], int)
    assert set(feature["properties"]) >= {"species", "dbh_cm", "planted"}


def test_bbox_matches_postgis(http: httpx.Client, conn: psycopg.Connection) -> None:
    ids = all_ids(http, "buildings", {"bbox": bbox_text(BBOX)})
    expected = db_ids(
        conn,
        "SELECT id FROM buildings WHERE ST_Intersects(geom, "
        "ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 2100))",
        *BBOX,
    )
    assert expected and set(ids) == expected


def test_bbox_in_greek_grid(
    http: httpx.Client, conn: psycopg.Connection, centre_box_2100: tuple[int, ...]
) -> None:
    box = centre_box_2100
    ids = all_ids(http, "trees", {"bbox": bbox_text(box), "bbox-crs": "EPSG:2100"})
    expected = db_ids(
        conn,
        "SELECT id FROM trees WHERE ST_Intersects(geom, ST_MakeEnvelope(%s, %s, %s, %s, 2100))",
        *box,
    )
    assert expected and set(ids) == expected


@pytest.mark.parametrize(
    ("crs", "srid", "flip", "tolerance"),
    [
        (None, 4326, False, 1e-6),
        (EPSG_URI.format(4326), 4326, True, 1e-6),
        ("http://www.opengis.net/def/crs/EPSG/0/2100", 2100, False, 0.01),
        ("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, False, 0.01),
    ],
)
def test_output_crs(
    http: httpx.Client,
    conn: psycopg.Connection,
    crs: str | None,
    srid: int,
    flip: bool,
    tolerance: float,
) -> None:
    params = {"limit": "1", "sortby": "id"}
    if crs:
        params["crs"] = crs
    r = http.get(ITEMS.format("transit_stops"), params=params)
    assert r.status_code == 200, r.text
    if crs:
        assert r.headers["content-crs"] == f"<{crs}>"
    feature = r.json()["features"][0]
    x, y = feature["geometry"]["coordinates"]
    row = conn.execute(
        "SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(geom, %s) AS g "
        "FROM transit_stops WHERE id = %s) AS s",
        (srid, feature["id"]),
    ).fetchone()
    assert row is not None
    ex, ey = (row[1], row[0]) if flip else row
    assert abs(x - ex) < tolerance and abs(y - ey) < tolerance


def test_property_equality_and_sorting(http: httpx.Client, conn: psycopg.Connection) -> None:
    ids = all_ids(http, "buildings", {"use": "education"})
    assert ids and set(ids) == db_ids(conn, "SELECT id FROM buildings WHERE use = 'education'")
    r = http.get(ITEMS.format("buildings"), params={"sortby": "-floors,id", "limit": "50"})
    floors = [f["properties"]["floors"] for f in r.json()["features"]]
    top = conn.execute("SELECT max(floors) FROM buildings").fetchone()
    assert top is not None and floors[0] == top[0]
    assert floors == sorted(floors, reverse=True)


def test_properties_and_skip_geometry(http: httpx.Client) -> None:
    r = http.get(
        ITEMS.format("businesses"),
        params={"properties": "name_el,category", "skipGeometry": "true", "limit": "3"},
    )
    assert r.status_code == 200
    for feature in r.json()["features"]:
        assert set(feature["properties"]) == {"name_el", "category"}
        assert feature["geometry"] is None


def test_datetime_on_planted_trees(http: httpx.Client, conn: psycopg.Connection) -> None:
    ids = all_ids(http, "trees", {"datetime": "2000-01-01/2010-12-31"})
    expected = db_ids(
        conn, "SELECT id FROM trees WHERE planted BETWEEN '2000-01-01' AND '2010-12-31'"
    )
    assert expected and set(ids) == expected


def test_single_item(http: httpx.Client, conn: psycopg.Connection) -> None:
    row = conn.execute("SELECT id, name_el FROM businesses ORDER BY id LIMIT 1").fetchone()
    assert row is not None
    r = http.get(f"/ogc/collections/businesses/items/{row[0]}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/geo+json"
    body = r.json()
    assert body["id"] == row[0] and body["properties"]["name_el"] == row[1]
    assert {link["rel"] for link in body["links"]} >= {"self", "alternate", "collection"}


@pytest.mark.parametrize(
    ("url", "status", "word"),
    [
        ("/ogc/collections/nowhere/items", 404, "nowhere"),
        ("/ogc/collections/buildings/items/999999999", 404, "999999999"),
        ("/ogc/collections/buildings/items/abc", 404, "abc"),
        ("/ogc/collections/buildings/items?bbox=21,39,22", 400, "bbox"),
        ("/ogc/collections/buildings/items?bbox=a,b,c,d", 400, "bbox"),
        ("/ogc/collections/buildings/items?crs=EPSG:9999", 400, "crs"),
        ("/ogc/collections/buildings/items?limit=0", 400, "limit"),
        ("/ogc/collections/buildings/items?limit=100001", 400, "limit"),
        ("/ogc/collections/buildings/items?filter=floors%20%3E", 400, "filter"),
        ("/ogc/collections/buildings/items?filter=colour%3D1", 400, "filter"),
        ("/ogc/collections/buildings/items?filter=name%20%3E%205", 400, "filter"),
        ("/ogc/collections/buildings/items?frobnicate=1", 400, "frobnicate"),
        ("/ogc/collections/buildings/items/1?crs=EPSG:1", 400, "crs"),
        ("/ogc/collections/buildings/items/1?limit=3", 400, "limit"),
    ],
)
def test_bad_requests_are_ogc_exceptions(
    http: httpx.Client, url: str, status: int, word: str
) -> None:
    r = http.get(url, headers={"Accept": "application/json"})
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"code", "description"}
    assert word in body["description"]


def test_html_items_come_from_pygeoapi(http: httpx.Client) -> None:
    r = http.get(ITEMS.format("trees"), params={"f": "html", "limit": "5"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<html" in r.text


def test_number_properties_stay_numbers_with_decimals(http: httpx.Client) -> None:
    """``number`` fields never look like integers (clients type fields from page one)."""
    body = http.get(ITEMS.format("buildings"), params={"limit": "200"}).json()
    areas = [f["properties"]["footprint_area"] for f in body["features"]]
    assert areas and all(isinstance(a, float) for a in areas)
