"""The guide over HTTP: search, business page with JSON-LD, export, the claim-and-review
flow, owner edits (reviewed and not), offers moderated and expiring, bad input refused."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import psycopg
import pytest

from api.settings import PolisSettings

VALID_AFM = "094259216"


@pytest.fixture(scope="module")
def shop(demo_settings: PolisSettings) -> dict[str, Any]:
    """A demo business the flow works on (the last one, a fuel station)."""
    with psycopg.connect(demo_settings.dsn) as c:
        row = c.execute(
            "SELECT id, name_el, category FROM businesses ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert row is not None
    return {"id": row[0], "name_el": row[1], "category": row[2]}


def problem(r: httpx.Response, status: int, field: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in r.text


def test_search_and_export(http: httpx.Client, demo_settings: PolisSettings) -> None:
    r = http.get("/guide/search", params={"q": "FARMAKEIO"})
    assert r.status_code == 200
    features = r.json()["features"]
    assert features and all(f["properties"]["category"] == "pharmacy" for f in features[:3])
    everything = http.get("/guide/export.geojson").json()["features"]
    assert len(everything) > len(features)
    found = http.get(
        "/guide/search",
        params={
            "lon": 21.9218,
            "lat": 39.365,
            "walk_minutes": 10,
            "open_now": "true",
            "limit": 500,
        },
    ).json()
    near = found["features"]
    assert found["walk"] == "walkshed"  # the routing module's walkshed, not a circle
    assert near and all(f["properties"]["open_now"] is True for f in near)
    assert len(near) < len(everything)
    area = http.post("/mobility/walkshed", json={"from": [21.9218, 39.365], "minutes": 10}).json()[
        "features"
    ][0]["geometry"]
    with psycopg.connect(demo_settings.dsn) as c:
        inside = c.execute(
            "SELECT count(*) FROM businesses WHERE id = ANY(%s) AND ST_DWithin(geom, "
            "ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326), 2100), 30)",
            ([f["id"] for f in near], json.dumps(area)),
        ).fetchone()
    assert inside == (len(near),)
    problem(http.get("/guide/search", params={"walk_minutes": 10}), 400, "walk_minutes")
    problem(http.get("/guide/search", params={"lon": 21.9}), 400, "lat")


def test_business_page_carries_json_ld(http: httpx.Client, shop: dict[str, Any]) -> None:
    r = http.get(f"/guide/businesses/{shop['id']}")
    assert r.status_code == 200
    ld = r.json()["jsonld"]
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "GasStation"
    assert ld["openingHoursSpecification"]
    assert "owner_id" not in r.json()
    r = http.get(f"/guide/businesses/{shop['id']}/jsonld")
    assert r.headers["content-type"] == "application/ld+json"
    problem(http.get("/guide/businesses/999999"), 404, "id")


def test_claim_edit_review_and_offers(
    http: httpx.Client, people: dict[str, dict[str, str]], shop: dict[str, Any]
) -> None:
    sid = shop["id"]
    problem(
        http.post(
            f"/guide/businesses/{sid}/claims",
            json={"tax_number": "123456789"},
            headers=people["owner"],
        ),
        400,
        "tax_number",
    )
    r = http.post(
        f"/guide/businesses/{sid}/claims", json={"tax_number": VALID_AFM}, headers=people["owner"]
    )
    assert r.status_code == 201, r.text
    claim_id = r.json()["id"]
    # not yet the owner: edits are refused
    problem(
        http.patch(
            f"/guide/businesses/{sid}", json={"phone": "2441000000"}, headers=people["owner"]
        ),
        403,
        "not yours",
    )
    # a citizen cannot review; staff can
    assert (
        http.post(
            f"/guide/claims/{claim_id}/review", json={"approve": True}, headers=people["other"]
        ).status_code
        == 403
    )
    r = http.post(
        f"/guide/claims/{claim_id}/review", json={"approve": True}, headers=people["staff"]
    )
    assert r.json()["status"] == "approved"
    problem(
        http.post(
            f"/guide/claims/{claim_id}/review", json={"approve": True}, headers=people["staff"]
        ),
        409,
        "already reviewed",
    )
    # contact and hours change at once; the name waits for review
    r = http.patch(
        f"/guide/businesses/{sid}",
        json={
            "phone": "2441099999",
            "opening_hours": "Mo-Su 06:00-02:00",
            "wheelchair": "limited",
            "name_el": "Πρατήριο Νέο Όνομα",
        },
        headers=people["owner"],
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["applied"] == ["opening_hours", "phone", "wheelchair"]
    assert body["pending"] == ["name_el"]
    page = http.get(f"/guide/businesses/{sid}").json()
    assert page["phone"] == "2441099999"
    assert page["hours"]["week"][0] == [0, 360, 1560]
    assert page["name_el"] == shop["name_el"]
    assert http.get("/guide/search", params={"q": "νεο ονομα"}).json()["features"] == []
    r = http.post(
        f"/guide/changes/{body['change_id']}/review",
        json={"approve": True},
        headers=people["staff"],
    )
    assert r.json()["status"] == "approved"
    found = http.get("/guide/search", params={"q": "neo onoma"}).json()["features"]
    assert [f["id"] for f in found] == [sid]
    # bad hours: nothing of the edit is applied
    problem(
        http.patch(
            f"/guide/businesses/{sid}",
            json={"phone": "2441011111", "opening_hours": "Mo 9-17"},
            headers=people["owner"],
        ),
        422,
        "opening_hours",
    )
    assert http.get(f"/guide/businesses/{sid}").json()["phone"] == "2441099999"
    # offers: validity in the past refused; a valid one shows once approved
    today = dt.date.today()
    past = {
        "title_el": "Έκπτωση",
        "title_en": "Discount",
        "valid_from": str(today - dt.timedelta(days=9)),
        "valid_to": str(today - dt.timedelta(days=2)),
    }
    problem(
        http.post(f"/guide/businesses/{sid}/offers", json=past, headers=people["owner"]),
        422,
        "valid_to",
    )
    problem(
        http.post(f"/guide/businesses/{sid}/offers", json=past, headers=people["other"]),
        422,
        "valid_to",
    )
    offer = {**past, "valid_to": str(today + dt.timedelta(days=3))}
    assert (
        http.post(
            f"/guide/businesses/{sid}/offers", json=offer, headers=people["other"]
        ).status_code
        == 403
    )
    r = http.post(f"/guide/businesses/{sid}/offers", json=offer, headers=people["owner"])
    assert r.status_code == 201, r.text
    offer_id = r.json()["id"]
    assert http.get(f"/guide/businesses/{sid}").json()["offers"] == []
    http.post(f"/guide/offers/{offer_id}/review", json={"approve": True}, headers=people["staff"])
    page = http.get(f"/guide/businesses/{sid}").json()
    assert [o["id"] for o in page["offers"]] == [offer_id]
    assert page["jsonld"]["makesOffer"][0]["name"] == "Discount"
    lon, lat = page["lon"], page["lat"]
    near = http.get("/guide/offers", params={"lon": lon, "lat": lat, "radius_m": 50}).json()
    assert offer_id in [o["id"] for o in near]
    far = http.get("/guide/offers", params={"lon": lon + 0.05, "lat": lat, "radius_m": 50}).json()
    assert offer_id not in [o["id"] for o in far]
