"""Our conformance suite, built on the OGC OpenAPI building blocks in ../shared/ogc.

Responses are validated against the OGC schemas (read from ../shared, never copied);
every conformance class Polis claims has an exercise here, so a claim with no working
feature behind it fails the suite.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cql2
import httpx
import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from api.conformance import CLASSES
from layers.registry import default_registry

SCHEMAS = "ogc/ogcapi-features/core/openapi/schemas"
EXAMPLES = "ogc/ogcapi-features/cql2/standard/schema/examples"
LAYERS = default_registry()
#: Layers of records people make in use (citizens' barrier reports, crews' inspections):
#: the demo town starts without them. Every other layer has demo features.
MADE_BY_PEOPLE = {"barrier_reports", "tree_inspections"}


def null_types(node: Any) -> Any:
    """``type: null`` in the OGC YAML means the JSON type "null" (YAML reads it as None)."""
    if isinstance(node, dict):
        return {
            k: ("null" if k == "type" and v is None else null_types(v)) for k, v in node.items()
        }
    if isinstance(node, list):
        return [null_types(v) for v in node]
    return node


def load_schemas(root: Path) -> Registry:
    """Every YAML schema of the core folder, addressable by its file name (relative $refs)."""
    resources = []
    for path in sorted(root.glob("*.yaml")):
        contents = null_types(yaml.safe_load(path.read_text(encoding="utf-8")))
        resources.append((path.name, Resource(contents=contents, specification=DRAFT202012)))
    return Registry().with_resources(resources)


@pytest.fixture(scope="module")
def schemas(shared_dir: Path) -> Registry:
    root = shared_dir / SCHEMAS
    if not root.is_dir():
        pytest.fail(f"OGC schemas missing at {root}")
    return load_schemas(root)


def validate(schemas: Registry, name: str, document: Any) -> None:
    schema = schemas.contents(name)
    validator = jsonschema.Draft202012Validator(schema, registry=schemas)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def get_json(http: httpx.Client, url: str, **params: str) -> Any:
    r = http.get(url, params={"f": "json", **params})
    assert r.status_code == 200, r.text
    return r.json()


def test_landing_page_schema(http: httpx.Client, schemas: Registry) -> None:
    validate(schemas, "landingPage.yaml", get_json(http, "/ogc"))


def test_conformance_schema(http: httpx.Client, schemas: Registry) -> None:
    validate(schemas, "confClasses.yaml", get_json(http, "/ogc/conformance"))


def test_collections_schema(http: httpx.Client, schemas: Registry) -> None:
    body = get_json(http, "/ogc/collections")
    validate(schemas, "collections.yaml", body)
    for collection in body["collections"]:
        validate(schemas, "collection.yaml", collection)


@pytest.mark.parametrize("layer", [spec.id for spec in LAYERS])
def test_items_and_feature_schemas(editor: httpx.Client, schemas: Registry, layer: str) -> None:
    http = editor  # an administrator reads the restricted layers too (barrier reports…)
    page = get_json(http, f"/ogc/collections/{layer}/items", limit="5")
    validate(schemas, "featureCollectionGeoJSON.yaml", page)
    if not page["features"] and layer in MADE_BY_PEOPLE:
        return  # the demo town has none yet: the empty page is valid, as checked
    assert page["features"], f"{layer} is empty"
    fid = page["features"][0]["id"]
    validate(
        schemas, "featureGeoJSON.yaml", get_json(http, f"/ogc/collections/{layer}/items/{fid}")
    )


def test_exception_schema(http: httpx.Client, schemas: Registry) -> None:
    r = http.get("/ogc/collections/buildings/items", params={"limit": "-1"})
    assert r.status_code == 400
    validate(schemas, "exception.yaml", r.json())


# ---------------------------------------------------------------- every claimed class
def _html(http: httpx.Client, url: str) -> None:
    r = http.get(url, params={"f": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


def _oas(http: httpx.Client) -> None:
    doc = get_json(http, "/ogc/openapi")
    assert doc["openapi"].startswith("3.0") and "/collections/{collectionId}/items" not in doc


def _geojson(http: httpx.Client) -> None:
    r = http.get("/ogc/collections/roads/items", params={"limit": "1"})
    assert r.headers["content-type"] == "application/geo+json"


def _crs(http: httpx.Client) -> None:
    r = http.get("/ogc/collections/roads/items", params={"limit": "1", "crs": "EPSG:2100"})
    assert r.headers["content-crs"] == "<http://www.opengis.net/def/crs/EPSG/0/2100>"
    x = r.json()["features"][0]["geometry"]["coordinates"][0][0]
    assert 200_000 < x < 500_000  # Greek Grid eastings


def _filter(http: httpx.Client, text: str, layer: str = "buildings") -> None:
    r = http.get(f"/ogc/collections/{layer}/items", params={"filter": text, "limit": "1"})
    assert r.status_code == 200, r.text


def _queryables(http: httpx.Client) -> None:
    assert "floors" in get_json(http, "/ogc/collections/buildings/queryables")["properties"]


def _queryable_parameter(http: httpx.Client) -> None:
    body = get_json(http, "/ogc/collections/buildings/items", use="education", limit="50")
    assert body["features"] and all(f["properties"]["use"] == "education" for f in body["features"])


def _sorting(http: httpx.Client) -> None:
    body = get_json(http, "/ogc/collections/trees/items", sortby="-height_m", limit="20")
    heights = [f["properties"]["height_m"] for f in body["features"]]
    known = [h for h in heights if h is not None]  # trees added without a height (field map)
    assert len(known) > 1 and known == sorted(known, reverse=True), heights


def _tiles(http: httpx.Client) -> None:
    r = http.get("/ogc/collections/buildings/tiles/WebMercatorQuad/14/6240/9189")
    assert r.status_code in (200, 204)
    assert get_json(http, "/ogc/collections/buildings/tiles")["tilesets"]


def _tile_matrix_sets(http: httpx.Client) -> None:
    ids = [t["id"] for t in get_json(http, "/ogc/TileMatrixSets")["tileMatrixSets"]]
    assert "WebMercatorQuad" in ids


TREE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [21.9213, 39.3651]},
    "properties": {"species": "Morus alba", "species_el": "Μουριά"},
}


def _create_replace_delete(h: httpx.Client) -> None:
    headers = {"Content-Type": "application/geo+json"}
    created = h.post("/ogc/collections/trees/items", json=TREE, headers=headers)
    assert created.status_code == 201, created.text
    url = created.headers["location"]
    replaced = h.put(url, json=TREE, headers={**headers, "If-Match": created.headers["etag"]})
    assert replaced.status_code == 204, replaced.text
    deleted = h.delete(url, headers={"If-Match": replaced.headers["etag"]})
    assert deleted.status_code == 204 and h.get(url).status_code == 404


def _update(h: httpx.Client) -> None:
    headers = {"Content-Type": "application/geo+json"}
    created = h.post("/ogc/collections/trees/items", json=TREE, headers=headers)
    url = created.headers["location"]
    change = {"type": "Feature", "properties": {"condition": "fair"}}
    patched = h.patch(url, json=change, headers={**headers, "If-Match": created.headers["etag"]})
    assert patched.status_code == 204, patched.text
    assert h.get(url).json()["properties"]["condition"] == "fair"
    h.delete(url, headers={"If-Match": patched.headers["etag"]})


CQL = "http://www.opengis.net/spec/cql2/1.0/conf/{}"


def _processes(http: httpx.Client) -> None:
    assert "echo" in {p["id"] for p in get_json(http, "/ogc/processes")["processes"]}
    r = http.post("/ogc/processes/echo/execution", json={"inputs": {"value": [1, "a"]}})
    assert r.status_code == 200 and r.json() == {"value": [1, "a"]}, r.text


def _process_description(http: httpx.Client) -> None:
    described = get_json(http, "/ogc/processes/wait")
    assert {"id", "version", "jobControlOptions", "inputs", "outputs"} <= described.keys()
    assert described["inputs"]["seconds"]["schema"]["type"] == "number"


def _dismiss(http: httpx.Client) -> None:
    r = http.post(
        "/ogc/processes/wait/execution",
        json={"inputs": {"seconds": 0}},
        headers={"Prefer": "respond-async"},
    )
    assert r.status_code == 201, r.text
    assert http.delete(r.headers["location"]).json()["status"] == "dismissed"


def _route(http: httpx.Client) -> None:
    """A pedestrian route from one end of a footway to the other, in the exchange model."""
    footway = get_json(http, "/ogc/collections/footways/items?limit=1")["features"][0]
    line = footway["geometry"]["coordinates"]
    line = line[0] if footway["geometry"]["type"] == "MultiLineString" else line
    waypoints = {"type": "MultiPoint", "coordinates": [line[0], line[-1]]}
    r = http.post("/ogc/routes", json={"inputs": {"waypoints": {"value": waypoints}}})
    assert r.status_code == 200, r.text
    overview = r.json()["features"][0]
    assert overview["properties"]["type"] == "route overview"
    assert overview["properties"]["length_m"] > 0
    assert get_json(http, "/ogc/routes")["conformsTo"]


EXERCISES: dict[str, Callable[[httpx.Client], None]] = {
    "ogcapi-common-1/1.0/conf/core": lambda h: get_json(h, "/ogc"),
    "ogcapi-common-1/1.0/conf/landing-page": lambda h: get_json(h, "/ogc"),
    "ogcapi-common-1/1.0/conf/json": lambda h: get_json(h, "/ogc/collections"),
    "ogcapi-common-1/1.0/conf/html": lambda h: _html(h, "/ogc"),
    "ogcapi-common-1/1.0/conf/oas30": _oas,
    "ogcapi-features-1/1.0/conf/core": lambda h: get_json(h, "/ogc/collections/roads/items"),
    "ogcapi-features-1/1.0/conf/oas30": _oas,
    "ogcapi-features-1/1.0/conf/html": lambda h: _html(h, "/ogc/collections/roads/items"),
    "ogcapi-features-1/1.0/conf/geojson": _geojson,
    "ogcapi-features-2/1.0/conf/crs": _crs,
    "ogcapi-features-4/1.0/conf/create-replace-delete": _create_replace_delete,
    "ogcapi-features-4/1.0/conf/update": _update,
    "ogcapi-features-3/1.0/conf/queryables": _queryables,
    "ogcapi-features-3/1.0/conf/queryables-query-parameters": _queryable_parameter,
    "ogcapi-features-3/1.0/conf/filter": lambda h: _filter(h, "floors > 2"),
    "ogcapi-features-3/1.0/conf/features-filter": lambda h: _filter(h, "use = 'education'"),
    "cql2/1.0/conf/cql2-text": lambda h: _filter(h, "floors = 2"),
    "cql2/1.0/conf/cql2-json": lambda h: _filter(
        h, '{"op": "=", "args": [{"property": "floors"}, 2]}'
    ),
    "cql2/1.0/conf/basic-cql2": lambda h: _filter(h, "floors >= 2 AND NOT (is_school = true)"),
    "cql2/1.0/conf/advanced-comparison-operators": lambda h: _filter(
        h, "name LIKE 'Δ%' OR floors BETWEEN 1 AND 2 OR use IN ('education')"
    ),
    "cql2/1.0/conf/case-insensitive-comparison": lambda h: _filter(
        h, "CASEI(name) LIKE CASEI('δ%')"
    ),
    "cql2/1.0/conf/basic-spatial-functions": lambda h: _filter(
        h, "S_INTERSECTS(geometry, BBOX(21.91, 39.36, 21.93, 39.37))"
    ),
    "cql2/1.0/conf/basic-spatial-functions-plus": lambda h: _filter(
        h, "S_INTERSECTS(geometry, POLYGON((21.91 39.36, 21.93 39.36, 21.93 39.37, 21.91 39.36)))"
    ),
    "cql2/1.0/conf/spatial-functions": lambda h: _filter(
        h,
        "S_WITHIN(geometry, BBOX(21.9, 39.3, 22.0, 39.4)) AND NOT S_TOUCHES(geometry, "
        "POINT(21.92 39.36))",
    ),
    "cql2/1.0/conf/temporal-functions": lambda h: _filter(
        h, "T_BEFORE(planted, DATE('2010-01-01'))", "trees"
    ),
    "cql2/1.0/conf/property-property": lambda h: _filter(h, "dbh_cm > height_m", "trees"),
    "cql2/1.0/conf/arithmetic": lambda h: _filter(h, "floors * 3 > height"),
    "ogcapi-records-1/1.0/conf/sorting": _sorting,
    "ogcapi-tiles-1/1.0/conf/core": _tiles,
    "ogcapi-tiles-1/1.0/conf/tileset": lambda h: get_json(
        h, "/ogc/collections/buildings/tiles/WebMercatorQuad"
    ),
    "ogcapi-tiles-1/1.0/conf/tilesets-list": _tiles,
    "ogcapi-tiles-1/1.0/conf/geodata-tilesets": _tiles,
    "ogcapi-tiles-1/1.0/conf/mvt": _tiles,
    "ogcapi-processes-1/1.0/conf/core": _processes,
    "ogcapi-processes-1/1.0/conf/ogc-process-description": _process_description,
    "ogcapi-processes-1/1.0/conf/json": _processes,
    "ogcapi-processes-1/1.0/conf/job-list": lambda h: get_json(h, "/ogc/jobs")["jobs"],
    "ogcapi-processes-1/1.0/conf/dismiss": _dismiss,
    "ogcapi-routes-1/1.0.0-draft.1/conf/core": _route,
}


def exercise_for(uri: str) -> Callable[[httpx.Client], None] | None:
    key = uri.split("/spec/", 1)[-1]
    return EXERCISES.get(key)


@pytest.fixture(scope="module")
def editor(server: str, tokens: dict[str, dict[str, str]]) -> Iterator[httpx.Client]:
    """A client signed in as an administrator (Part 4 needs an editor; reads are alike)."""
    with httpx.Client(base_url=server, headers=tokens["admin"], timeout=30) as client:
        yield client


@pytest.mark.parametrize("uri", CLASSES)
def test_every_claimed_class_is_exercised(editor: httpx.Client, uri: str) -> None:
    exercise = exercise_for(uri)
    assert exercise is not None, f"{uri} is claimed but has no exercise"
    exercise(editor)


def test_tile_matrix_sets(http: httpx.Client) -> None:
    _tile_matrix_sets(http)


# ---------------------------------------------------------------- CQL2 standard examples
def examples(root: Path) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((root / "text").glob("*.txt"))]


def properties_of(tree: Any) -> set[str]:
    if isinstance(tree, dict):
        found = {tree["property"]} if "property" in tree else set()
        for value in tree.values():
            found |= properties_of(value)
        return found
    if isinstance(tree, list):
        return set().union(*(properties_of(v) for v in tree)) if tree else set()
    return set()


def layer_for(names: set[str]) -> str | None:
    """The first layer whose queryables hold every property the example names."""
    for spec in LAYERS:
        if names <= set(spec.property_names) | {"geometry", "id"}:
            return spec.id
    return None


def test_cql2_examples_parse_and_the_expressible_ones_run(
    http: httpx.Client,
    cql_reference: Callable[[str, Any], set[int] | None],
    shared_dir: Path,
) -> None:
    """Every example parses; those our queryables can express give the reference result."""
    ran = []
    for name, text in examples(shared_dir / EXAMPLES):
        expr = cql2.parse_text(text)
        tree = expr.to_json()
        layer = layer_for(properties_of(tree))
        if layer is None:
            continue
        r = http.get(
            f"/ogc/collections/{layer}/items",
            params={"filter": json.dumps(tree), "filter-lang": "cql2-json", "limit": "10000"},
        )
        if r.status_code == 400:  # a function or type our layer cannot evaluate
            assert r.json()["code"] == "InvalidParameterValue", (name, r.text)
            continue
        assert r.status_code == 200, (name, r.text)
        got = {f["id"] for f in r.json()["features"]}
        expected = cql_reference(layer, expr)
        if expected is None:  # the reference translator cannot express it either
            continue
        assert got == expected, name
        ran.append(name)
    assert len(ran) >= 5, ran
