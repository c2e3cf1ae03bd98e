"""Street markets over HTTP, on the demo town: licences imported from a ΟΠΣΑΑ CSV, an
allocation by seeded draw (an expired licence refused), attendance sent twice from a
phone, warnings for absences, stall fees from areas with RF orders, a bank statement
paying one, closures appearing and expiring with the market day, the product finder,
overlapping stalls refused."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
import psycopg
import pytest
from stdnum import iso11649

from api.settings import PolisSettings
from layers.commerce.closures import closed_road_ids, closures_at
from layers.commerce.moments import ATHENS

HEADER = "Αριθμός Άδειας;Ονοματεπώνυμο;ΑΦΜ;Τύπος Άδειας;Έναρξη Ισχύος;Λήξη Ισχύος;Είδη;Όχημα;Βοηθοί;Μόρια"
LICENCES = [
    "ΚΑΡ-001;Γεώργιος Παππάς;094259216;Παραγωγός;01/01/2025;31/12/2027;Μήλα, αχλάδια;ΚΡΑ-1234;1;12",
    "ΚΑΡ-002;Μαρία Οικονόμου;094259216;Παραγωγός;01/01/2025;31/12/2027;Τυριά, γιαούρτι;;0;8",
    "ΚΑΡ-003;Νίκος Λάππας;094259216;Παραγωγός;01/01/2025;31/12/2027;Ντομάτες;;2;5",
    "ΚΑΡ-004;Ελένη Τσιώλη;094259216;Επαγγελματίας;01/01/2025;31/12/2027;Ρούχα;;0;3",
    "ΚΑΡ-005;Κώστας Ζήσης;094259216;Παραγωγός;01/01/2020;31/12/2024;Αυγά;;0;20",
]
SATURDAY = 1  # the demo's first market (Saturday)


def _csv(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def problem(r: httpx.Response, status: int, text: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert text in r.text, r.text


@pytest.fixture(scope="module")
def staff(people: dict[str, dict[str, str]]) -> dict[str, str]:
    return people["staff"]


@pytest.fixture(scope="module")
def allocated(http: httpx.Client, staff: dict[str, str]) -> dict[str, Any]:
    bad = LICENCES[:1] + [LICENCES[1].replace("094259216", "123456789")]
    problem(http.post("/markets/licences", content=_csv(bad), headers=staff), 422, "row 3")
    r = http.post("/markets/licences", content=_csv(LICENCES), headers=staff)
    assert r.json() == {"inserted": 5, "updated": 0, "unchanged": 0}, r.text
    changed = [LICENCES[0].replace(";12", ";14")] + LICENCES[1:]
    r = http.post("/markets/licences", content=_csv(changed), headers=staff)
    assert r.json() == {"inserted": 0, "updated": 1, "unchanged": 4}
    body = {"method": "draw", "seed": 2026, "day": "2026-01-03"}
    r = http.post(
        f"/markets/{SATURDAY}/allocations",
        json={**body, "licences": ["ΚΑΡ-001", "ΚΑΡ-005"]},
        headers=staff,
    )
    problem(r, 422, "licences[1]")
    assert "ΚΑΡ-005 is not valid" in r.text
    problem(
        http.post(
            f"/markets/{SATURDAY}/allocations",
            json={**body, "seed": None, "licences": ["ΚΑΡ-001"]},
            headers=staff,
        ),
        400,
        "seed",
    )
    r = http.post(
        f"/markets/{SATURDAY}/allocations",
        json={**body, "licences": ["ΚΑΡ-001", "ΚΑΡ-002", "ΚΑΡ-003", "ΚΑΡ-004"]},
        headers=staff,
    )
    assert r.status_code == 200, r.text
    return {a["licence"]: a for a in r.json()["assigned"]}


def test_allocation_places_each_in_their_sector(
    demo_settings: PolisSettings, allocated: dict[str, Any]
) -> None:
    assert sorted(allocated) == ["ΚΑΡ-001", "ΚΑΡ-002", "ΚΑΡ-003", "ΚΑΡ-004"]
    with psycopg.connect(demo_settings.dsn) as c:
        sectors = dict(
            c.execute(
                "SELECT s.id, s.sector FROM market_stalls s WHERE s.id = ANY(%s)",
                ([a["stall_id"] for a in allocated.values()],),
            ).fetchall()
        )
    assert sectors[allocated["ΚΑΡ-004"]["stall_id"]] == "professionals"
    assert sectors[allocated["ΚΑΡ-001"]["stall_id"]] == "producers"


def test_attendance_is_taken_once_and_absences_warn(
    http: httpx.Client, staff: dict[str, str], allocated: dict[str, Any]
) -> None:
    stall = allocated["ΚΑΡ-003"]["stall_id"]
    days = ["2026-01-03", "2026-01-10", "2026-01-17"]
    records = [
        {"client_id": f"phone-7-{i:04d}", "stall_id": stall, "day": d, "present": False}
        for i, d in enumerate(days)
    ]
    first = http.post("/markets/attendance", json=records[:2], headers=staff).json()
    assert first == {"stored": 2, "skipped": 0, "warnings": []}
    # the phone was offline: it sends its whole queue again, with the third record
    again = http.post("/markets/attendance", json=records, headers=staff).json()
    assert again["stored"] == 1 and again["skipped"] == 2
    assert [w["absences"] for w in again["warnings"]] == [3]
    assert http.post("/markets/attendance", json=records, headers=staff).json()["warnings"] == []
    vacant = {
        "client_id": "phone-7-9999",
        "stall_id": stall + 100000,
        "day": days[0],
        "present": True,
    }
    problem(http.post("/markets/attendance", json=[vacant], headers=staff), 422, "records[0]")
    inspection = {
        "client_id": "phone-7-insp-1",
        "stall_id": stall,
        "day": days[0],
        "findings": "Χωρίς ζυγαριά / no scales",
        "penalty_eur": 50,
        "photos": ["https://photos.example.org/1.jpg"],
    }
    r1 = http.post("/markets/inspections", json=inspection, headers=staff).json()
    r2 = http.post("/markets/inspections", json=inspection, headers=staff).json()
    assert r1["stored"] is True and r2 == {"id": r1["id"], "stored": False}
    problem(
        http.post("/markets/inspections", json={**inspection, "penalty_eur": -1}, headers=staff),
        400,
        "penalty_eur",
    )


def test_fees_from_areas_paid_by_statement(
    demo_settings: PolisSettings,
    http: httpx.Client,
    staff: dict[str, str],
    allocated: dict[str, Any],
) -> None:
    params = {"period_start": "2026-01-01", "period_end": "2026-01-31", "due_date": "2026-01-15"}
    r = http.post(f"/markets/{SATURDAY}/fees", params=params, headers=staff)
    assert r.status_code == 200, r.text
    issued = r.json()["issued"]
    assert len(issued) == 4
    with psycopg.connect(demo_settings.dsn) as c:
        areas = dict(c.execute("SELECT id, area_m2 FROM market_stalls").fetchall())
        rate = c.execute("SELECT rate_per_m2 FROM markets WHERE id = %s", (SATURDAY,)).fetchone()
    assert rate is not None
    for order in issued:
        area = Decimal(str(areas[order["feature_id"]]))
        expected = (area * rate[0]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert Decimal(str(order["amount"])) == expected
        assert iso11649.is_valid(order["reference"])
    again = http.post(f"/markets/{SATURDAY}/fees", params=params, headers=staff).json()
    assert again["issued"] == []  # one order per stall and period
    stalls = http.get(
        f"/markets/{SATURDAY}/stalls", params={"day": "2026-01-20"}, headers=staff
    ).json()["features"]
    held = {f["id"]: f["properties"]["payment"] for f in stalls if f["properties"]["holder"]}
    assert set(held.values()) == {"due"}
    assert {f["properties"]["payment"] for f in stalls if not f["properties"]["holder"]} == {"none"}
    paying = issued[0]
    statement = (
        "Ημερομηνία;Ποσό;Αιτιολογία;Αριθμός συναλλαγής\n"
        f"20/01/2026;{str(paying['amount']).replace('.', ',')};"
        f"ΤΕΛΟΣ {iso11649.format(paying['reference'])};TX-{paying['id']}\n"
        "21/01/2026;10,00;χωρίς κωδικό;TX-unmatched\n"
    )
    result = http.post("/payments/reconcile", content=statement.encode(), headers=staff).json()
    assert [m["status"] for m in result["matched"]] == ["paid"]
    assert result["unmatched"] == ["TX-unmatched"]
    resent = http.post("/payments/reconcile", content=statement.encode(), headers=staff).json()
    assert resent == {"matched": [], "unmatched": [], "skipped": 2}
    stalls = http.get(
        f"/markets/{SATURDAY}/stalls", params={"day": "2026-01-20"}, headers=staff
    ).json()["features"]
    assert {f["id"]: f["properties"]["payment"] for f in stalls}[paying["feature_id"]] == "paid"
    # inspectors see it on the map (the layer's private attribute); the public does not
    item = f"/ogc/collections/market_stalls/items/{paying['feature_id']}"
    assert http.get(item, headers=staff).json()["properties"]["fee_status"] == "paid"
    assert "fee_status" not in http.get(item).json()["properties"]
    other = f"/ogc/collections/market_stalls/items/{issued[1]['feature_id']}"
    assert http.get(other, headers=staff).json()["properties"]["fee_status"] == "due"
    late = http.get("/payments/arrears", headers=staff).json()
    assert paying["id"] not in [o["id"] for o in late]
    assert {o["id"] for o in issued[1:]} <= {o["id"] for o in late}
    problem(
        http.post("/payments/reconcile", content=b"date;amount\n", headers=staff),
        422,
        "missing columns",
    )
    assert http.get("/payments/arrears").status_code == 401


def test_closures_appear_and_expire_with_the_market_day(
    demo_settings: PolisSettings,
    http: httpx.Client,
    staff: dict[str, str],
    allocated: dict[str, Any],
) -> None:
    made = http.post(
        f"/markets/{SATURDAY}/closures", params={"start": "2026-12-01", "days": 14}, headers=staff
    ).json()["closures"]
    assert len(made) == 2  # Saturdays 5 and 12 December

    def closed(at: str) -> int:
        r = http.get("/markets/today", params={"at": at}).json()
        return len(r["closures"]["features"])

    assert closed("2026-12-05T05:59") == 0
    assert closed("2026-12-05T06:00") == 1  # set-up an hour before opening
    assert closed("2026-12-05T15:29") == 1
    assert closed("2026-12-05T15:30") == 0  # cleaned up an hour after closing
    assert closed("2026-12-06T10:00") == 0
    today = http.get("/markets/today", params={"at": "2026-12-05T10:00"}).json()
    assert [m["id"] for m in today["markets"]] == [SATURDAY]
    with psycopg.connect(demo_settings.dsn) as c:
        during = dt.datetime(2026, 12, 5, 10, 0, tzinfo=ATHENS)
        after = dt.datetime(2026, 12, 5, 16, 0, tzinfo=ATHENS)
        assert len(closures_at(c, during)) == 1
        assert closures_at(c, after) == []
        roads = closed_road_ids(c, during)
        assert roads and closed_road_ids(c, after) == set()
        streets = c.execute(
            "SELECT count(*) FROM roads r, markets m WHERE m.id = %s AND r.id = ANY(%s) "
            "AND ST_DWithin(r.geom, m.geom, 1)",
            (SATURDAY, list(roads)),
        ).fetchone()
    assert streets is not None and streets[0] == len(roads)  # only the market's streets


def test_product_finder(http: httpx.Client, allocated: dict[str, Any]) -> None:
    for q in ("μηλα", "ΜΉΛΑ", "mila"):
        found = http.get("/markets/products", params={"q": q, "day": "2026-12-05"}).json()
        assert [f["stall_number"] for f in found] == [allocated["ΚΑΡ-001"]["stall_number"]], q
        assert "holder" not in found[0]  # the public sees goods and places, not names
    assert http.get("/markets/products", params={"q": "μηλα", "day": "2026-12-06"}).json() == []


def test_overlapping_stall_refused(http: httpx.Client, staff: dict[str, str]) -> None:
    existing = http.get("/ogc/collections/market_stalls/items", params={"limit": 1}).json()
    feature = existing["features"][0]
    props = feature["properties"]
    body = {
        "type": "Feature",
        "geometry": feature["geometry"],
        "properties": {
            "market_name": props["market_name"],
            "stall_number": 999,
            "weekday": props["weekday"],
            "category": props["category"],
        },
    }
    r = http.post(
        "/ogc/collections/market_stalls/items",
        json=body,
        headers={**staff, "Content-Type": "application/geo+json"},
    )
    assert r.status_code == 422, r.text
    assert "overlaps stall" in r.text
