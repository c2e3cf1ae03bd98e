"""Landing page, collections, queryables, OpenAPI and conformance as a client sees them."""

from __future__ import annotations

import httpx
import psycopg

from api.conformance import CLASSES
from layers.registry import default_registry

REGISTRY = default_registry()


def test_landing_page_at_ogc_without_redirect(http: httpx.Client) -> None:
    r = http.get("/ogc", params={"f": "json"})
    assert r.status_code == 200
    rels = {link["rel"] for link in r.json()["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= rels


def test_collections_are_the_registry(http: httpx.Client) -> None:
    body = http.get("/ogc/collections", params={"f": "json"}).json()
    public = [spec.id for spec in REGISTRY if spec.read_roles is None]
    assert [c["id"] for c in body["collections"]] == public  # restricted layers: not listed


def test_titles_in_greek_and_english(http: httpx.Client) -> None:
    el = http.get("/ogc/collections/trees", params={"f": "json", "lang": "el"}).json()
    en = http.get("/ogc/collections/trees", params={"f": "json", "lang": "en"}).json()
    spec = REGISTRY.get("trees")
    assert el["title"] == spec.title.el and en["title"] == spec.title.en


def test_extent_comes_from_the_data(http: httpx.Client, conn: psycopg.Connection) -> None:
    body = http.get("/ogc/collections/buildings", params={"f": "json"}).json()
    bbox = body["extent"]["spatial"]["bbox"][0]
    row = conn.execute(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Transform("
        "ST_SetSRID(ST_Extent(geom)::geometry, 2100), 4326) AS e FROM buildings) AS s"
    ).fetchone()
    assert row is not None
    assert all(abs(a - b) < 1e-5 for a, b in zip(bbox, row, strict=True))
    assert "http://www.opengis.net/def/crs/EPSG/0/2100" in body["crs"]
    assert body["storageCrs"] == "http://www.opengis.net/def/crs/EPSG/0/2100"


def test_synthetic_data_are_labelled(http: httpx.Client) -> None:
    body = http.get("/ogc/collections/buildings", params={"f": "json", "lang": "en"}).json()
    assert "Synthetic" in body["description"]
    assert "synthetic data" in body["keywords"]


def test_queryables_list_the_registry_properties(http: httpx.Client) -> None:
    r = http.get("/ogc/collections/footways/queryables", params={"f": "json"})
    assert r.status_code == 200
    props = r.json()["properties"]
    assert set(REGISTRY.get("footways").property_names) <= set(props)


def test_openapi_documents_every_collection(http: httpx.Client) -> None:
    r = http.get("/ogc/openapi", params={"f": "json"})
    assert r.status_code == 200
    paths = r.json()["paths"]
    for spec in REGISTRY:  # the public document: restricted layers are not described
        assert (f"/collections/{spec.id}/items" in paths) == (spec.read_roles is None), spec.id


def test_conformance_is_our_list(http: httpx.Client) -> None:
    body = http.get("/ogc/conformance").json()
    assert body["conformsTo"] == list(CLASSES)
    html = http.get("/ogc/conformance", params={"f": "html"})
    assert html.headers["content-type"].startswith("text/html")


def test_home_page_links_the_services(http: httpx.Client) -> None:
    r = http.get("/")
    assert r.status_code == 200 and "/ogc/collections" in r.text and "Καρδίτσα" in r.text
