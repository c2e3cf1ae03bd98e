"""The mobility HTTP routes and OGC API – Routes on the test server (demo town)."""

from __future__ import annotations

import base64
import random

import httpx
import pytest

from gis.mobility.live import LiveNetwork
from gis.mobility.profiles import PROFILES
from gis.mobility.router import RoutingError, lonlat

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def pairs(live: LiveNetwork) -> dict[str, tuple[list[float], list[float]]]:
    """A routable pair for the manual wheelchair and a pair it cannot route."""
    router = live.router()
    g = router.graph.g
    nodes = sorted(g.nodes)
    rnd = random.Random(21)
    out: dict[str, tuple[list[float], list[float]]] = {}
    for _ in range(400):
        a, b = rnd.sample(nodes, 2)
        start = [float(v) for v in lonlat(g.nodes[a]["x"], g.nodes[a]["y"])]
        end = [float(v) for v in lonlat(g.nodes[b]["x"], g.nodes[b]["y"])]
        try:
            fc = router.route(PROFILES["manual_wheelchair"], tuple(start), tuple(end))
            if fc["features"][0]["properties"]["length_m"] > 400:
                out.setdefault("ok", (start, end))
        except RoutingError as exc:
            if exc.constraint not in (None, "no_connection"):
                out.setdefault("blocked", (start, end))
        if len(out) == 2:
            return out
    raise AssertionError(f"pairs not found: {sorted(out)}")


def test_route_answers_geojson_with_segments_and_instructions(http: httpx.Client, pairs) -> None:
    start, end = pairs["ok"]
    r = http.post(
        "/mobility/route", json={"from": start, "to": end, "profile": "manual_wheelchair"}
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/geo+json"
    overview, *segments = r.json()["features"]
    props = overview["properties"]
    assert overview["geometry"]["type"] == "LineString"
    assert props["length_m"] == pytest.approx(
        sum(s["properties"]["length_m"] for s in segments), abs=1
    )
    assert props["duration_s"] > props["length_m"] / 1.0  # 0.9 m/s plus waits
    steps = props["instructions"]
    assert steps[-1]["kind"] == "arrive" and all(s["el"] and s["en"] for s in steps)
    assert any(s["kind"] == "crossing" and "kerb" in s["en"] for s in steps)
    assert {"surface", "kerb_from", "incline_pct", "width_m", "crossing"} <= set(
        segments[0]["properties"]
    )
    for s in segments:  # the manual wheelchair's limits hold on every segment
        p = s["properties"]
        assert not p["steps"] and p["wheelchair"] != "no"
        assert p["width_m"] is None or p["width_m"] >= 0.9


def test_no_route_names_the_constraint_and_where(http: httpx.Client, pairs) -> None:
    start, end = pairs["blocked"]
    r = http.post(
        "/mobility/route", json={"from": start, "to": end, "profile": "manual_wheelchair"}
    )
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "NoRoute"
    assert body["constraint"] in {"max_kerb_height", "min_width", "avoid_steps", "wheelchair",
                                  "allowed_surfaces", "worst_smoothness", "max_uphill",
                                  "max_downhill", "barrier"}  # fmt: skip
    assert body["where"]["point"]["type"] == "Point" and body["where"]["footway_id"] > 0
    assert body["constraint"] in body["detail"]
    # the same pair is fine for a pedestrian
    ok = http.post("/mobility/route", json={"from": start, "to": end, "profile": "pedestrian"})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from": [21.92, 39.36], "to": [21.93, 39.37], "profile": "skateboard"}, "profile"),
        ({"from": [200, 39.36], "to": [21.93, 39.37]}, "from"),
        ({"from": [21.92, 39.36]}, "to"),
        (
            {"from": [21.92, 39.36], "to": [21.93, 39.37], "overrides": {"max_uphill": -1}},
            "overrides",
        ),
        (
            {
                "from": [21.92, 39.36],
                "to": [21.93, 39.37],
                "overrides": {"allowed_surfaces": ["lava"]},
            },
            "overrides",
        ),
    ],
)
def test_bad_route_requests_name_the_field(http: httpx.Client, body: dict, field: str) -> None:
    r = http.post("/mobility/route", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["field"].startswith(field)


def test_far_away_point_is_a_422_naming_it(http: httpx.Client, tokens) -> None:
    r = http.post("/mobility/route", json={"from": [22.5, 39.9], "to": [21.922, 39.365]})
    assert r.status_code == 422 and r.json()["field"] == "from"
    # outside the Greek Grid's area: refused before any transform
    r = http.post("/mobility/route", json={"from": [21.922, 39.365], "to": [179.9, 89.9]})
    assert r.status_code == 422 and r.json()["field"] == "to" and "outside" in r.json()["detail"]
    r = http.post("/mobility/nearest", json={"from": [-120.0, 10.0], "kind": "bay"})
    assert r.status_code == 422 and r.json()["field"] == "from"
    r = http.post("/mobility/barriers", json={"position": [0.0, 0.0], "reason": "other"},
                  headers=tokens["citizen"])  # fmt: skip
    assert r.status_code == 422 and r.json()["field"] == "position"


def test_overrides_change_the_route(http: httpx.Client, pairs) -> None:
    start, end = pairs["blocked"]
    loose = {"max_kerb_height": 0.5, "min_width": 0, "avoid_steps": False, "max_uphill": 100,
             "max_downhill": 100, "allowed_surfaces": ["asphalt", "concrete", "paving_stones",
             "sett", "gravel", "compacted", "dirt", "grass", "other"]}  # fmt: skip
    r = http.post("/mobility/route", json={"from": start, "to": end, "profile": "blind",
                                           "overrides": loose})  # fmt: skip
    assert r.status_code in (200, 422)
    if r.status_code == 422:  # only the blind profile's own unmarked-crossing rule may block
        assert r.json()["constraint"] == "avoid_unmarked_crossings"


def test_walkshed_and_nearest(http: httpx.Client, pairs) -> None:
    start, _ = pairs["ok"]
    small = http.post("/mobility/walkshed", json={"from": start, "minutes": 2})
    big = http.post("/mobility/walkshed", json={"from": start, "minutes": 10})
    assert small.status_code == big.status_code == 200
    assert (
        big.json()["features"][0]["properties"]["nodes"]
        > small.json()["features"][0]["properties"]["nodes"]
    )
    assert http.post("/mobility/walkshed", json={"from": start, "minutes": 0}).status_code == 400
    r = http.post(
        "/mobility/nearest", json={"from": start, "kind": "stop", "profile": "powered_wheelchair"}
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert results and [x["cost"] for x in results] == sorted(x["cost"] for x in results)
    assert results[0]["route"]["features"][0]["properties"]["profile"] == "powered_wheelchair"
    assert http.post("/mobility/nearest", json={"from": start, "kind": "toilet"}).status_code == 400


def test_profiles_document_their_unknown_policy(http: httpx.Client) -> None:
    r = http.get("/mobility/profiles")
    assert r.status_code == 200
    by_id = {p["id"]: p for p in r.json()}
    assert by_id["manual_wheelchair"]["unknown_policy"]["kerb"] == "block"
    assert by_id["pedestrian"]["unknown_policy"]["surface"] == "allow"


def test_barrier_reports_route_around_and_staff_close(http: httpx.Client, tokens, pairs) -> None:
    start, end = pairs["ok"]
    before = http.post("/mobility/route", json={"from": start, "to": end}).json()
    segment = before["features"][1 + len(before["features"]) // 2]
    victim = segment["properties"]["footway_id"]
    c = segment["geometry"]["coordinates"]
    point = [(c[0][0] + c[-1][0]) / 2, (c[0][1] + c[-1][1]) / 2]
    body = {"position": point, "reason": "blocked", "note": "σκαλωσιά / scaffolding",
            "photo": base64.b64encode(PNG).decode()}  # fmt: skip
    assert http.post("/mobility/barriers", json=body).status_code == 401
    bad = http.post("/mobility/barriers", json={**body, "photo": base64.b64encode(b"hello").decode()},
                    headers=tokens["citizen"])  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "photo"
    assert http.post("/mobility/barriers", json={**body, "reason": "ghost"},
                     headers=tokens["citizen"]).status_code == 400  # fmt: skip
    r = http.post("/mobility/barriers", json=body, headers=tokens["citizen"])
    assert r.status_code == 201, r.text
    report = r.json()["id"]
    after = http.post("/mobility/route", json={"from": start, "to": end}).json()
    assert victim not in [f["properties"]["footway_id"] for f in after["features"][1:]]
    photo = http.get(f"/mobility/barriers/{report}/photo", headers=tokens["parking"])
    assert photo.status_code == 200 and photo.content == PNG
    assert (
        http.post(f"/mobility/barriers/{report}/close", headers=tokens["citizen"]).status_code
        == 403
    )
    closed = http.post(f"/mobility/barriers/{report}/close", headers=tokens["parking"])
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert (
        http.post(f"/mobility/barriers/{report}/close", headers=tokens["parking"]).status_code
        == 409
    )
    assert (
        http.post("/mobility/barriers/999999/close", headers=tokens["parking"]).status_code == 404
    )
    again = http.post("/mobility/route", json={"from": start, "to": end}).json()
    assert [f["properties"]["footway_id"] for f in again["features"][1:]] == [
        f["properties"]["footway_id"] for f in before["features"][1:]
    ]
    layer = http.get(f"/ogc/collections/barrier_reports/items/{report}", headers=tokens["parking"])
    assert layer.status_code == 200 and layer.json()["properties"]["status"] == "closed"
    assert http.get("/ogc/collections/barrier_reports/items").status_code in (401, 403, 404)


def test_crossing_audit_ranks_crossings_near_schools_first(http: httpx.Client) -> None:
    r = http.get("/mobility/crossings/audit")
    assert r.status_code == 200
    features = r.json()["features"]
    assert features and all(f["properties"]["missing"] for f in features)
    near = [f["properties"]["near_school"] is not None for f in features]
    assert any(near) and near == sorted(near, reverse=True)
    counts = [f["properties"]["missing_count"] for f in features if f["properties"]["near_school"]]
    assert counts == sorted(counts, reverse=True)
    schools = [f["properties"]["near_school"] for f in features if f["properties"]["near_school"]]
    assert all(s["distance_m"] <= 300 for s in schools)


def test_extension_requests_are_logged_and_rate_limited(http: httpx.Client, conn) -> None:
    signals, seconds = conn.execute(
        "SELECT id, extension_s FROM crossings WHERE crossing_type = 'traffic_signals' ORDER BY id LIMIT 1"
    ).fetchone()
    other = conn.execute(
        "SELECT id FROM crossings WHERE crossing_type <> 'traffic_signals' LIMIT 1"
    ).fetchone()[0]
    device = {"device": "test-phone-0001"}
    r = http.post(f"/mobility/crossings/{signals}/extension", json=device)
    assert r.status_code == 200, r.text
    assert r.json()["extension_s"] == seconds and 3 <= seconds <= 13
    logged = conn.execute(
        "SELECT count(*) FROM crossing_extension_requests WHERE device = 'test-phone-0001'"
    ).fetchone()[0]
    assert logged == 1
    assert http.post(f"/mobility/crossings/{other}/extension", json=device).status_code == 409
    assert http.post("/mobility/crossings/999999/extension", json=device).status_code == 404
    assert (
        http.post(f"/mobility/crossings/{signals}/extension", json={"device": "x"}).status_code
        == 400
    )
    statuses = [
        http.post(f"/mobility/crossings/{signals}/extension", json=device).status_code
        for _ in range(3)
    ]
    assert statuses[-1] == 429
    assert (
        http.post(
            f"/mobility/crossings/{signals}/extension", json={"device": "other-phone"}
        ).status_code
        == 200
    )


def test_ogc_api_routes_core(http: httpx.Client, pairs) -> None:
    start, end = pairs["ok"]
    body = {"inputs": {"name": "test", "waypoints": {"value": {"type": "MultiPoint",
            "coordinates": [start, end]}}, "profile": "manual_wheelchair"}}  # fmt: skip
    r = http.post("/ogc/routes", json=body)
    assert r.status_code == 200, r.text
    route = r.json()
    assert route["type"] == "FeatureCollection" and route["status"] == "successful"
    kinds = [f["properties"]["type"] for f in route["features"]]
    assert kinds[:3] == ["route overview", "start", "end"] and set(kinds[3:]) == {"segment"}
    assert route["features"][0]["properties"]["length_m"] > 400
    blocked_start, blocked_end = pairs["blocked"]
    body["inputs"]["waypoints"]["value"]["coordinates"] = [blocked_start, blocked_end]
    no = http.post("/ogc/routes", json=body)
    assert no.status_code == 422 and no.json()["code"] == "NoRoute" and no.json()["constraint"]
    body["inputs"]["waypoints"]["value"]["coordinates"] = [start]
    assert http.post("/ogc/routes", json=body).status_code == 400
    assert http.get("/ogc/routes").json()["conformsTo"]


def test_ogc_api_processes_route_walkshed_nearest(http: httpx.Client, pairs) -> None:
    ids = {p["id"] for p in http.get("/ogc/processes").json()["processes"]}
    assert {"route", "walkshed", "nearest-accessible"} <= ids
    description = http.get("/ogc/processes/route", params={"lang": "el"}).json()
    assert description["title"] == "Προσβάσιμη διαδρομή"
    start, end = pairs["ok"]
    body = {"inputs": {"from": start, "to": end, "profile": "manual_wheelchair"}}
    r = http.post("/ogc/processes/route/execution", json=body)
    assert r.status_code == 200, r.text
    direct = http.post("/mobility/route", json=body["inputs"]).json()
    assert (
        r.json()["route"]["features"][0]["properties"]["length_m"]
        == direct["features"][0]["properties"]["length_m"]
    )
    blocked_start, blocked_end = pairs["blocked"]
    no = http.post("/ogc/processes/route/execution",
                   json={"inputs": {"from": blocked_start, "to": blocked_end, "profile": "manual_wheelchair"}})  # fmt: skip
    assert no.status_code == 422 and no.json()["code"] == "NoRoute"
    assert "blocked by" in no.json()["description"]
    bad = http.post("/ogc/processes/route/execution", json={"inputs": {"from": start}})
    assert bad.status_code == 400 and "to" in bad.json()["description"]
    shed = http.post(
        "/ogc/processes/walkshed/execution", json={"inputs": {"from": start, "minutes": 5}}
    )
    assert (
        shed.status_code == 200
        and shed.json()["walkshed"]["features"][0]["properties"]["nodes"] > 1
    )
    near = http.post("/ogc/processes/nearest-accessible/execution",
                     json={"inputs": {"from": start, "kind": "entrance", "count": 2}})  # fmt: skip
    assert near.status_code == 200, near.text
    assert 1 <= len(near.json()["results"]) <= 2
