"""OGC API – Features Part 4 editing: roles, schema validation, ETags, audit, private fields."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import mapbox_vector_tile
import psycopg
import pytest

ITEMS = "/ogc/collections/{}/items"
TREE = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [21.9215, 39.3652]},
    "properties": {"species": "Platanus orientalis", "species_el": "Πλάτανος", "height_m": 12.5},
}
BAY = {
    "type": "Feature",
    "geometry": {
        "type": "Polygon",
        "coordinates": [
            [[21.92, 39.365], [21.92004, 39.365], [21.92004, 39.36502], [21.92, 39.36502],
             [21.92, 39.365]]
        ],
    },
    "properties": {"bay_type": "ev", "street": "Οδός Δοκιμής", "sensor_id": "S-TEST-1"},
}  # fmt: skip
GEOJSON = {"Content-Type": "application/geo+json"}


def cleanup(http: httpx.Client, admin: dict[str, str], location: str) -> None:
    tag = http.get(location).headers.get("etag")
    if tag:
        http.delete(location, headers={**admin, "If-Match": tag})


@pytest.fixture()
def tree(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> Iterator[str]:
    """A tree created by the green department; its URL (removed afterwards)."""
    r = http.post(ITEMS.format("trees"), json=TREE, headers={**tokens["green"], **GEOJSON})
    assert r.status_code == 201, r.text
    yield r.headers["location"]
    cleanup(http, tokens["admin"], r.headers["location"])


@pytest.mark.parametrize(
    ("who", "layer", "body", "status"),
    [
        (None, "trees", TREE, 401),
        ("citizen", "trees", TREE, 403),
        ("parking", "trees", TREE, 403),
        ("green", "trees", TREE, 201),
        ("admin", "trees", TREE, 201),
        (None, "parking_bays", BAY, 401),
        ("green", "parking_bays", BAY, 403),
        ("parking", "parking_bays", BAY, 201),
        ("admin", "buildings", {**TREE, "properties": {}}, 403),  # read-only layer
    ],
)
def test_who_may_create(
    http: httpx.Client,
    tokens: dict[str, dict[str, str]],
    who: str | None,
    layer: str,
    body: dict[str, object],
    status: int,
) -> None:
    headers = {**GEOJSON, **(tokens[who] if who else {})}
    r = http.post(ITEMS.format(layer), json=body, headers=headers)
    assert r.status_code == status, r.text
    if status == 201:
        assert r.headers["location"].startswith("http") and r.headers["etag"]
        cleanup(http, tokens["admin"], r.headers["location"])
    else:
        assert set(r.json()) == {"code", "description"}  # OGC exception format


def test_created_feature_reads_back_transformed(
    http: httpx.Client, conn: psycopg.Connection, tree: str
) -> None:
    feature = http.get(tree).json()
    assert feature["properties"]["species_el"] == "Πλάτανος"
    x, y = feature["geometry"]["coordinates"]
    assert abs(x - 21.9215) < 1e-6 and abs(y - 39.3652) < 1e-6
    row = conn.execute("SELECT ST_SRID(geom) FROM trees WHERE id = %s", (feature["id"],)).fetchone()
    assert row == (2100,)


def test_optimistic_concurrency(
    http: httpx.Client, tokens: dict[str, dict[str, str]], tree: str
) -> None:
    green = {**tokens["green"], **GEOJSON}
    etag = http.get(tree).headers["etag"]
    assert http.put(tree, json=TREE, headers=green).status_code == 428
    first = http.patch(
        tree,
        json={"type": "Feature", "properties": {"height_m": 13.0}},
        headers={**green, "If-Match": etag},
    )
    assert first.status_code == 204 and first.headers["etag"] != etag
    second = http.patch(
        tree,
        json={"type": "Feature", "properties": {"height_m": 9.0}},
        headers={**green, "If-Match": etag},
    )
    assert second.status_code == 412  # the second crew read an old version
    body = http.get(tree).json()
    assert body["properties"]["height_m"] == 13.0
    assert body["properties"]["species"] == "Platanus orientalis"  # PATCH kept the rest
    replaced = http.put(
        tree,
        json={**TREE, "properties": {"species": "Tilia tomentosa"}},
        headers={**green, "If-Match": first.headers["etag"]},
    )
    assert replaced.status_code == 204
    after = http.get(tree).json()["properties"]
    assert after["species"] == "Tilia tomentosa" and after["height_m"] is None  # PUT replaces
    gone = http.delete(tree, headers={**green, "If-Match": replaced.headers["etag"]})
    assert gone.status_code == 204
    assert http.get(tree).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"properties": {**TREE["properties"], "condition": "splendid"}}, "properties.condition"),
        ({"properties": {**TREE["properties"], "height_m": "tall"}}, "properties.height_m"),
        ({"properties": {**TREE["properties"], "colour": "green"}}, "properties.colour"),
        ({"properties": {**TREE["properties"], "planted": "yesterday"}}, "properties.planted"),
        ({"properties": {**TREE["properties"], "height_m": -3}}, "height"),
        (
            {"geometry": {"type": "LineString", "coordinates": [[21.9, 39.3], [21.91, 39.31]]}},
            "geometry",
        ),
        ({"geometry": None}, "geometry"),
        ({"type": "FeatureCollection"}, "type"),
    ],
)
def test_invalid_features_are_422(
    http: httpx.Client, tokens: dict[str, dict[str, str]], change: dict[str, object], field: str
) -> None:
    r = http.post(
        ITEMS.format("trees"), json={**TREE, **change}, headers={**tokens["green"], **GEOJSON}
    )
    assert r.status_code == 422, r.text
    assert field in r.json()["description"]


def test_invalid_geometry_and_bad_json(
    http: httpx.Client, tokens: dict[str, dict[str, str]]
) -> None:
    bow_tie = {
        "type": "Polygon",
        "coordinates": [
            [
                [21.92, 39.365],
                [21.9201, 39.3651],
                [21.9201, 39.365],
                [21.92, 39.3651],
                [21.92, 39.365],
            ]
        ],
    }
    r = http.post(
        ITEMS.format("parking_bays"),
        json={**BAY, "geometry": bow_tie},
        headers={**tokens["parking"], **GEOJSON},
    )
    assert r.status_code == 422 and "geom_valid" in r.json()["description"]
    r = http.post(
        ITEMS.format("trees"), content=b"{not json", headers={**tokens["green"], **GEOJSON}
    )
    assert r.status_code == 422 and "JSON" in r.json()["description"]
    r = http.post(
        ITEMS.format("trees"),
        content=b"x",
        headers={**tokens["green"], "Content-Type": "text/plain"},
    )
    assert r.status_code == 422 and "Content-Type" in r.json()["description"]


def test_private_fields_stay_with_their_department(
    http: httpx.Client, tokens: dict[str, dict[str, str]]
) -> None:
    r = http.post(ITEMS.format("parking_bays"), json=BAY, headers={**tokens["parking"], **GEOJSON})
    assert r.status_code == 201, r.text
    bay = r.headers["location"]
    try:
        public = http.get(bay).json()["properties"]
        assert "sensor_id" not in public and public["bay_type"] == "ev"
        staff = http.get(bay, headers=tokens["parking"]).json()["properties"]
        assert staff["sensor_id"] == "S-TEST-1"
        assert "sensor_id" not in http.get(bay, headers=tokens["green"]).json()["properties"]
        page = http.get(ITEMS.format("parking_bays"), params={"limit": "50"}).json()
        assert all("sensor_id" not in f["properties"] for f in page["features"])
        probe = http.get(ITEMS.format("parking_bays"), params={"filter": "sensor_id = 'S-TEST-1'"})
        assert probe.status_code == 400  # not even as a filter
        staff_probe = http.get(
            ITEMS.format("parking_bays"),
            params={"filter": "sensor_id = 'S-TEST-1'"},
            headers=tokens["parking"],
        )
        assert [f["id"] for f in staff_probe.json()["features"]] == [http.get(bay).json()["id"]]
        queryables = http.get("/ogc/collections/parking_bays/queryables", params={"f": "json"})
        assert "sensor_id" not in queryables.json()["properties"]
        html = http.get(bay, params={"f": "html"})
        assert "S-TEST-1" not in html.text
        tile = http.get("/ogc/collections/parking_bays/tiles/WebMercatorQuad/18/100785/148367")
        if tile.status_code == 200:
            layer = mapbox_vector_tile.decode(tile.content)["parking_bays"]
            assert all("sensor_id" not in f["properties"] for f in layer["features"])
    finally:
        cleanup(http, tokens["admin"], bay)


def test_audit_log_records_changes(
    http: httpx.Client, conn: psycopg.Connection, tokens: dict[str, dict[str, str]], tree: str
) -> None:
    fid = http.get(tree).json()["id"]
    entries = http.get(
        "/audit", params={"layer": "trees", "feature_id": fid}, headers=tokens["admin"]
    )
    assert entries.status_code == 200
    (created,) = entries.json()
    assert created["action"] == "create" and created["before"] is None
    assert created["after"]["properties"]["species_el"] == "Πλάτανος"
    me = http.get("/auth/me", headers=tokens["green"]).json()
    assert created["actor_id"] == me["id"] and created["via"] == "token"
    assert http.get("/audit").status_code == 401
    assert http.get("/audit", headers=tokens["citizen"]).status_code == 403
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE audit_log SET actor_id = NULL WHERE feature_id = %s", (fid,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM audit_log")


def test_retention_purge(conn: psycopg.Connection, demo_settings: object) -> None:
    from layers.accounts.audit import purge_audit

    conn.execute(
        "INSERT INTO audit_log (at, actor_id, via, action, layer, feature_id) VALUES "
        "(now() - interval '800 days', NULL, 'token', 'delete', 'trees', 1)"
    )
    kept = conn.execute(
        "SELECT count(*) FROM audit_log WHERE at > now() - interval '1 day'"
    ).fetchone()
    with psycopg.connect(conn.info.dsn) as c:
        assert purge_audit(c, older_than_days=730) == 1
    assert (
        conn.execute(
            "SELECT count(*) FROM audit_log WHERE at > now() - interval '1 day'"
        ).fetchone()
        == kept
    )


def test_audit_hides_private_attributes_from_other_departments(
    http: httpx.Client, tokens: dict[str, dict[str, str]]
) -> None:
    r = http.post(ITEMS.format("parking_bays"), json=BAY, headers={**tokens["parking"], **GEOJSON})
    assert r.status_code == 201
    fid = http.get(r.headers["location"]).json()["id"]
    try:
        query = {"layer": "parking_bays", "feature_id": str(fid)}
        mine = http.get("/audit", params=query, headers=tokens["parking"]).json()
        assert mine[0]["after"]["properties"]["sensor_id"] == "S-TEST-1"
        # another department reads neither the entry nor, so, its private attributes
        theirs = http.get("/audit", params=query, headers=tokens["green"])
        assert theirs.status_code == 403
        everything = http.get("/audit", params={"limit": "1000"}, headers=tokens["green"])
        assert everything.status_code == 200
        assert all(e["layer"] != "parking_bays" for e in everything.json())
        assert "S-TEST-1" not in everything.text
        admin = http.get("/audit", params=query, headers=tokens["admin"]).json()
        assert admin[0]["after"]["properties"]["sensor_id"] == "S-TEST-1"
    finally:
        cleanup(http, tokens["admin"], r.headers["location"])
