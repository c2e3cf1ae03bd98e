"""Work orders through the API against the session's server and database: the life
cycle with history, photos, time and cost; citizen reports; bad input; recurring
inspections (idempotent, checked against the trees' dates); the crew's route; benefits."""

from __future__ import annotations

import datetime as dt
import io

import httpx
import psycopg
import pytest
from PIL import Image

from api.settings import PolisSettings
from models.green import INSPECTION_MONTHS, RiskRating

TODAY = dt.date.today()


def jpeg(size: tuple[int, int] = (1600, 1200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def crew(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> dict:
    me = http.get("/auth/me", headers=tokens["green"]).json()
    r = http.post(
        "/green/crews",
        json={
            "name_el": "Συνεργείο Α",
            "name_en": "Crew A",
            "members": [me["id"]],
            "depot_lon": 21.921,
            "depot_lat": 39.365,
        },
        headers=tokens["green"],
    )
    assert r.status_code == 201, r.text
    return r.json()


def tree_ids(conn: psycopg.Connection, n: int) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM trees ORDER BY ST_Distance(geom, ST_Transform("
            "ST_SetSRID(ST_MakePoint(21.921, 39.365), 4326), 2100)) LIMIT %s",
            (n,),
        ).fetchall()
    ]


def test_order_life_cycle(
    http: httpx.Client, tokens: dict[str, dict[str, str]], crew: dict, demo_settings: PolisSettings
) -> None:
    green = tokens["green"]
    with psycopg.connect(demo_settings.dsn, autocommit=True) as conn:
        tree = tree_ids(conn, 1)[0]
        conn.execute("UPDATE trees SET last_inspected = NULL WHERE id = %s", (tree,))
    r = http.post(
        "/green/orders",
        json={
            "kind": "inspection",
            "asset_layer": "trees",
            "asset_id": tree,
            "description": "check",
        },
        headers=green,
    )
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["status"] == "open" and order["source"] == "office"
    oid = order["id"]
    r = http.post(
        f"/green/orders/{oid}/assign",
        json={"crew_id": crew["id"], "scheduled_for": TODAY.isoformat()},
        headers=green,
    )
    assert r.status_code == 200 and r.json()["status"] == "scheduled"
    mine = http.get("/green/me", headers=green).json()
    assert mine["crew"]["id"] == crew["id"] and oid in [o["id"] for o in mine["orders"]]
    assert (
        http.post(
            f"/green/orders/{oid}/status", json={"status": "in_progress"}, headers=green
        ).status_code
        == 200
    )
    r = http.post(
        f"/green/orders/{oid}/photos",
        files={"file": ("p.jpg", jpeg(), "image/jpeg")},
        data={"lon": "21.9211", "lat": "39.3651"},
        headers=green,
    )
    assert r.status_code == 201, r.text
    photo = r.json()
    assert (photo["width"], photo["height"]) == (1600, 1200)
    small = http.get(f"/green/photos/{photo['id']}?size=thumb", headers=green)
    assert small.status_code == 200
    assert Image.open(io.BytesIO(small.content)).size == (320, 240)
    r = http.post(
        f"/green/orders/{oid}/status",
        json={
            "status": "done",
            "minutes_spent": 35,
            "cost_eur": 42.5,
            "lon": 21.9211,
            "lat": 39.3651,
            "note": "ok",
        },
        headers=green,
    )
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["status"] == "done" and done["closed_at"] is not None
    assert (done["minutes_spent"], done["cost_eur"]) == (35, 42.5)
    assert [(h["status_from"], h["status_to"]) for h in done["history"]] == [
        (None, "open"),
        ("open", "scheduled"),
        ("scheduled", "in_progress"),
        ("in_progress", "done"),
    ]
    assert done["history"][-1]["lon"] == pytest.approx(21.9211)
    assert [p["id"] for p in done["photos"]] == [photo["id"]]
    # a done order is final
    r = http.post(f"/green/orders/{oid}/status", json={"status": "open"}, headers=green)
    assert r.status_code == 409 and "status" in r.json()["detail"]
    with psycopg.connect(demo_settings.dsn) as conn:
        seen = conn.execute("SELECT last_inspected FROM trees WHERE id = %s", (tree,)).fetchone()
        events = conn.execute(
            "SELECT count(*) FROM green_order_events WHERE order_id = %s", (oid,)
        ).fetchone()
    assert seen == (TODAY,) and events == (4,)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"kind": "mowing", "lon": 21.92, "lat": 39.36}, 400, "kind"),
        ({"kind": "pruning", "asset_layer": "trees", "asset_id": 2_000_000_000}, 422, "asset_id"),
        ({"kind": "pruning", "asset_layer": "roads", "asset_id": 1}, 422, "asset_layer"),
        ({"kind": "pruning"}, 422, "lon"),
        ({"kind": "pruning", "lon": 21.92, "lat": 95}, 400, "lat"),
        ({"kind": "pruning", "lon": 21.92, "lat": 39.36, "crew_id": 99999}, 422, "crew_id"),
    ],
)
def test_bad_orders_name_their_field(
    http: httpx.Client, tokens: dict[str, dict[str, str]], body: dict, status: int, field: str
) -> None:
    r = http.post("/green/orders", json=body, headers=tokens["green"])
    assert r.status_code == status, r.text
    assert field in r.text


def test_who_may_do_what(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> None:
    body = {"kind": "pruning", "lon": 21.92, "lat": 39.36}
    assert http.post("/green/orders", json=body).status_code == 401
    assert http.post("/green/orders", json=body, headers=tokens["citizen"]).status_code == 403
    assert http.post("/green/orders", json=body, headers=tokens["parking"]).status_code == 403
    assert http.get("/green/orders/999999", headers=tokens["green"]).status_code == 404
    r = http.post(
        "/green/orders/1/photos",
        files={"file": ("x.jpg", b"not an image", "image/jpeg")},
        headers=tokens["green"],
    )
    assert r.status_code in (404, 422) and ("file" in r.text or "order" in r.text)


def test_citizen_reports_a_fallen_branch(
    http: httpx.Client, tokens: dict[str, dict[str, str]], demo_settings: PolisSettings
) -> None:
    with psycopg.connect(demo_settings.dsn) as conn:
        tree = tree_ids(conn, 3)[2]
    r = http.post(
        "/green/reports",
        json={
            "lon": 21.92,
            "lat": 39.365,
            "tree_id": tree,
            "description": "Έπεσε κλαδί / fallen branch",
        },
        headers=tokens["citizen"],
    )
    assert r.status_code == 201, r.text
    order = http.get(f"/green/orders/{r.json()['id']}", headers=tokens["green"]).json()
    assert order["source"] == "citizen" and order["asset_id"] == tree
    assert order["reported_by"] is not None and order["status"] == "open"
    assert (
        http.post(
            "/green/reports",
            json={"lon": 21.92, "lat": 39.365, "description": "x"},
            headers=tokens["citizen"],
        ).status_code
        == 400
    )


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    d = min(
        day.day,
        [31, 29 if (day.year + y) % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m],
    )
    return dt.date(day.year + y, m + 1, d)


def test_recurring_inspections_are_generated_once(
    http: httpx.Client, tokens: dict[str, dict[str, str]], demo_settings: PolisSettings
) -> None:
    green = tokens["green"]
    today = dt.date(2027, 1, 15)
    with psycopg.connect(demo_settings.dsn, autocommit=True) as conn:
        conn.execute(
            "UPDATE trees SET risk = (ARRAY['low','moderate','high','extreme'])[1 + id % 4]"
        )
        rows = conn.execute(
            "SELECT t.id, t.risk, GREATEST(t.last_inspected, (SELECT max(o.closed_at)::date "
            "FROM green_work_orders o WHERE o.asset_layer = 'trees' AND o.asset_id = t.id "
            "AND o.kind = 'inspection' AND o.status = 'done')), EXISTS (SELECT 1 FROM "
            "green_work_orders o WHERE o.asset_layer = 'trees' AND o.asset_id = t.id AND "
            "o.kind = 'inspection' AND o.status NOT IN ('done', 'cancelled')) FROM trees t"
        ).fetchall()
        before, last = conn.execute(
            "SELECT count(*), COALESCE(max(id), 0) FROM green_work_orders"
        ).fetchone()
    expected = set()
    for fid, risk, seen, open_ in rows:
        due = today if seen is None else add_months(seen, INSPECTION_MONTHS[RiskRating(risk)])
        if due <= today + dt.timedelta(days=30) and not open_:
            expected.add(fid)
    assert expected and len(expected) < len(rows)  # some are due, some are not
    url = f"/green/inspections/schedule?today={today.isoformat()}&horizon_days=30"
    first = http.post(url, headers=green)
    assert first.status_code == 200 and first.json() == {"created": len(expected)}
    assert http.post(url, headers=green).json() == {"created": 0}
    with psycopg.connect(demo_settings.dsn) as conn:
        made = {
            r[0]
            for r in conn.execute(
                "SELECT asset_id FROM green_work_orders WHERE source = 'schedule' AND id > %s",
                (last,),
            ).fetchall()
        }
        after = conn.execute("SELECT count(*) FROM green_work_orders").fetchone()[0]
    assert made == expected and after == before + len(expected)
    assert (
        http.post("/green/inspections/schedule?horizon_days=999", headers=green).status_code == 400
    )


def test_route_and_benefits(
    http: httpx.Client, tokens: dict[str, dict[str, str]], crew: dict, demo_settings: PolisSettings
) -> None:
    green = tokens["green"]
    day = TODAY + dt.timedelta(days=1)
    with psycopg.connect(demo_settings.dsn) as conn:
        trees = tree_ids(conn, 40)[10::6]
    ids = []
    for t in trees:
        r = http.post(
            "/green/orders",
            json={
                "kind": "pruning",
                "asset_layer": "trees",
                "asset_id": t,
                "crew_id": crew["id"],
                "scheduled_for": day.isoformat(),
            },
            headers=green,
        )
        assert r.status_code == 201 and r.json()["status"] == "scheduled"
        ids.append(r.json()["id"])
    r = http.get(f"/green/crews/{crew['id']}/route?day={day.isoformat()}", headers=green)
    assert r.status_code == 200, r.text
    route = r.json()
    assert sorted(route["orders"]) == sorted(ids)
    assert route["time_s"] > 0 and route["length_m"] > 0 and len(route["path"]) > len(ids)
    b = http.get(f"/green/trees/{trees[0]}/benefits").json()
    assert b["carbon_kg"] >= 0 and b["tree"] == trees[0]
    assert http.get("/green/trees/2000000000/benefits").status_code == 404
    r = http.post("/green/planning/refresh", headers=green)
    assert r.status_code == 200, r.text
    hoods = r.json()["neighbourhoods"]
    assert hoods and all(0 <= h["canopy_pct"] <= 100 for h in hoods)
    items = http.get("/ogc/collections/green_planting_priority/items?limit=100").json()
    assert items["numberReturned"] == len(hoods)


def exif_jpeg() -> bytes:
    """A photo taken 2026-11-30 10:20:30 at 39°21'54" N, 21°55'12" E (39.365, 21.92)."""
    from PIL import ExifTags

    exif = Image.Exif()
    exif[ExifTags.Base.DateTime] = "2026:11:30 10:20:30"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (39.0, 21.0, 54.0), 3: "E", 4: (21.0, 55.0, 12.0)})
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (10, 90, 10)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_asset_photos_keep_their_metadata(
    http: httpx.Client, tokens: dict[str, dict[str, str]], demo_settings: PolisSettings
) -> None:
    green = tokens["green"]
    with psycopg.connect(demo_settings.dsn) as conn:
        tree = tree_ids(conn, 5)[4]
    r = http.post(
        "/green/photos",
        files={"file": ("t.jpg", exif_jpeg(), "image/jpeg")},
        data={"layer": "trees", "feature_id": str(tree)},
        headers=green,
    )
    assert r.status_code == 201, r.text
    photo = r.json()
    assert photo["taken_at"].startswith("2026-11-30T10:20:30")
    assert (photo["lat"], photo["lon"]) == (pytest.approx(39.365), pytest.approx(21.92))
    listed = http.get(f"/green/assets/trees/{tree}/photos", headers=green).json()
    assert [p["id"] for p in listed] == [photo["id"]]
    phone = http.get(f"/green/photos/{photo['id']}", headers=green)
    assert Image.open(io.BytesIO(phone.content)).size == (1080, 720)
    assert http.get(f"/green/photos/{photo['id']}?size=huge", headers=green).status_code == 422
    r = http.post(
        "/green/photos",
        files={"file": ("t.jpg", jpeg(), "image/jpeg")},
        data={"layer": "trees", "feature_id": "2000000000"},
        headers=green,
    )
    assert r.status_code == 422 and "asset_id" in r.text


def test_species_greek_name_comes_from_the_species_table(
    http: httpx.Client, tokens: dict[str, dict[str, str]], demo_settings: PolisSettings
) -> None:
    r = http.post(
        "/ogc/collections/trees/items",
        json={
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [21.9212, 39.3652]},
            "properties": {"species": "Platanus orientalis", "dbh_cm": 12},
        },
        headers={**tokens["green"], "Content-Type": "application/geo+json"},
    )
    assert r.status_code == 201, r.text
    fid = r.headers["Location"].rsplit("/", 1)[1]
    tree = http.get(f"/ogc/collections/trees/items/{fid}").json()["properties"]
    assert tree["species_el"] == "Πλάτανος" and tree["risk"] == "low"
    species = http.get("/green/species").json()
    assert {s["latin"] for s in species["species"]} >= {"Platanus orientalis", "Quercus ilex"}
    assert all(p["source"] for p in species["parameters"])


def test_an_inspection_names_an_existing_tree(
    http: httpx.Client, tokens: dict[str, dict[str, str]]
) -> None:
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [21.9212, 39.3652]},
        "properties": {
            "tree_id": 2_000_000_000,
            "inspected_on": "2026-12-01",
            "condition": "good",
            "risk": "low",
        },
    }
    headers = {**tokens["green"], "Content-Type": "application/geo+json"}
    r = http.post("/ogc/collections/tree_inspections/items", json=feature, headers=headers)
    assert r.status_code == 422 and "tree_id" in r.text
    # a citizen may neither write nor read inspections
    r = http.post(
        "/ogc/collections/tree_inspections/items",
        json=feature,
        headers={**tokens["citizen"], "Content-Type": "application/geo+json"},
    )
    assert r.status_code == 403
    assert http.get("/ogc/collections/tree_inspections/items").status_code in (401, 404)


def test_hostile_text_and_ids_are_refused_cleanly(
    http: httpx.Client, tokens: dict[str, dict[str, str]]
) -> None:
    green = tokens["green"]
    r = http.post(
        "/green/orders",
        json={"kind": "repair", "lon": 21.92, "lat": 39.36, "description": "bad\u0000text"},
        headers=green,
    )
    assert r.status_code == 400 and "description" in r.text
    assert http.get("/green/orders/99999999999", headers=green).status_code == 400
    assert http.get("/green/trees/0/benefits").status_code == 400
