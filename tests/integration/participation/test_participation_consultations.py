"""A consultation on a regulation: a draft imported from DOCX and from Markdown with its
numbering, comments with support/oppose, places and "what affects my street?", reports
hiding a comment and its review, the closed period and the final report with diffs."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import docx
import httpx
import psycopg

from api.settings import PolisSettings

DRAFT = """# Κεφάλαιο Α΄ – Γενικές διατάξεις
## Άρθρο 1 – Σκοπός
1. Ο κανονισμός ρυθμίζει τη λαϊκή αγορά της πόλης.
2. Ισχύει από τη δημοσίευσή του.
## Άρθρο 2 – Θέσεις
Οι θέσεις των πωλητών ορίζονται στον χάρτη.
# Κεφάλαιο Β΄ – Λειτουργία
## Άρθρο 3α – Ωράριο
Η αγορά λειτουργεί από 07:00 έως 14:00.
"""


def docx_draft() -> bytes:
    document = docx.Document()
    document.add_heading("Κεφάλαιο Α΄ – Καθαριότητα", level=1)
    document.add_heading("Άρθρο 1 – Υποχρεώσεις", level=2)
    document.add_paragraph("1. Οι πωλητές καθαρίζουν τη θέση τους.")
    document.add_paragraph("2. Τα απορρίμματα συλλέγονται χωριστά.")
    document.add_heading("Άρθρο 2 – Κυρώσεις", level=2)
    document.add_paragraph("Πρόστιμο 50 ευρώ.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def status(response: httpx.Response, code: int, field: str | None = None) -> dict:
    assert response.status_code == code, response.text
    body = response.json()
    if field is not None:
        assert body["field"] == field, body
    return body


def test_docx_draft_keeps_numbering(http: httpx.Client, tokens: dict[str, dict[str, str]]) -> None:
    r = http.post(
        "/consultations/regulations",
        data={"title": "Κανονισμός καθαριότητας"},
        files={"file": ("draft.docx", docx_draft())},
        headers=tokens["admin"],
    )
    assert status(r, 201)["articles"] == ["1", "2"]
    got = http.get(f"/consultations/regulations/{r.json()['id']}").json()
    assert got["articles"][0]["chapter"] == "Κεφάλαιο Α΄ – Καθαριότητα"
    assert (
        got["articles"][0]["draft_text"].splitlines()[1] == "2. Τα απορρίμματα συλλέγονται χωριστά."
    )
    bad = http.post(
        "/consultations/regulations",
        data={"title": "Χαλασμένο"},
        files={"file": ("draft.docx", b"PK\x03\x04 not really")},
        headers=tokens["admin"],
    )
    status(bad, 422, "file")


def test_consultation_with_comments_reports_and_report(
    http: httpx.Client,
    tokens: dict[str, dict[str, str]],
    make_citizens: Callable[[str, int], list[int]],
    bearer: Callable[..., dict[str, str]],
    demo_settings: PolisSettings,
) -> None:
    staff = tokens["admin"]
    citizens = [bearer(i) for i in make_citizens("commenter", 5)]
    opens = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    r = http.post(
        "/consultations/regulations",
        data={"title": "Κανονισμός λαϊκής αγοράς", "opens_at": opens.isoformat()},
        files={"file": ("draft.md", DRAFT.encode())},
        headers=staff,
    )
    assert status(r, 201)["articles"] == ["1", "2", "3α"]
    rid = r.json()["id"]
    base = f"/consultations/regulations/{rid}"
    got = http.get(base).json()
    assert got["open"] is True
    closes = dt.datetime.fromisoformat(got["closes_at"])
    assert closes - dt.datetime.fromisoformat(got["opens_at"]) == dt.timedelta(days=14)
    assert [a["chapter"][:12] for a in got["articles"]] == [
        "Κεφάλαιο Α΄ ",
        "Κεφάλαιο Α΄ ",
        "Κεφάλαιο Β΄ ",
    ]
    status(
        http.post(
            "/consultations/regulations",
            data={"title": "x"},
            files={"file": ("d.md", b"")},
            headers=citizens[0],
        ),
        403,
    )
    status(
        http.post(
            "/consultations/regulations",
            data={"title": "Κενό"},
            files={"file": ("d.md", b"text only")},
            headers=staff,
        ),
        422,
        "file",
    )

    # ---- comments per article with support / oppose
    stances = ["support", "support", "oppose", "neutral"]
    comment_ids = []
    for headers, stance in zip(citizens, stances, strict=False):
        r = http.post(
            f"{base}/articles/2/comments",
            json={"stance": stance, "body": f"Σχόλιο ({stance}) για τις θέσεις."},
            headers=headers,
        )
        comment_ids.append(status(r, 201)["id"])
    r = http.post(
        f"{base}/articles/3α/comments",
        json={"stance": "oppose", "body": "Νωρίτερα, από 06:00."},
        headers=citizens[4],
    )
    comment_ids.append(status(r, 201)["id"])
    status(
        http.post(
            f"{base}/articles/9/comments",
            json={"stance": "oppose", "body": "Δεν υπάρχει."},
            headers=citizens[0],
        ),
        404,
        "article",
    )
    status(
        http.post(
            f"{base}/articles/1/comments",
            json={"stance": "maybe", "body": "Τι;"},
            headers=citizens[0],
        ),
        400,
    )
    status(
        http.post(f"{base}/articles/1/comments", json={"stance": "support", "body": "Ανώνυμα"}), 401
    )
    article2 = http.get(base).json()["articles"][1]
    assert (article2["supports"], article2["opposes"], len(article2["comments"])) == (2, 1, 4)

    # ---- places: a street drawn on the map; what affects my street / my point?
    with psycopg.connect(demo_settings.dsn) as conn:
        street, line = conn.execute(
            "SELECT name_el, ST_AsGeoJSON(ST_Transform(geom, 4326))::jsonb FROM roads "
            "WHERE name_el IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
        lon, lat = conn.execute(
            "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_LineInterpolatePoint(geom, 0.5), 4326) p "
            "FROM roads WHERE name_el = %s ORDER BY id LIMIT 1) s",
            (street,),
        ).fetchone()
    r = http.post(
        f"{base}/articles/2/places",
        json={"kind": "street", "name": street, "geometry": line},
        headers=staff,
    )
    status(r, 201)
    status(
        http.post(
            f"{base}/articles/2/places",
            json={"kind": "street", "name": street, "geometry": line},
            headers=citizens[0],
        ),
        403,
    )
    found = http.get("/consultations/affecting", params={"street": street}).json()
    assert [(f["consultation"], f["number"]) for f in found if f["consultation"] == rid] == [
        (rid, "2")
    ]
    near = http.get(
        "/consultations/affecting", params={"lon": lon, "lat": lat, "radius": 20}
    ).json()
    assert any(f["consultation"] == rid and f["number"] == "2" for f in near)
    far = http.get(
        "/consultations/affecting", params={"lon": lon + 0.05, "lat": lat, "radius": 20}
    ).json()
    assert not any(f["consultation"] == rid for f in far)
    status(
        http.get("/consultations/affecting", params={"street": "Οδός που δεν υπάρχει"}),
        422,
        "street",
    )
    status(http.get("/consultations/affecting"), 422, "street")

    # ---- reports: hidden after 3 pending review; restored by a moderator; logged
    target = {"kind": "comment", "target_id": comment_ids[2], "reason": "προσβλητικό"}
    assert status(http.post("/participation/reports", json=target, headers=citizens[0]), 201) == {
        "hidden": False
    }
    status(http.post("/participation/reports", json=target, headers=citizens[0]), 409)
    assert http.post("/participation/reports", json=target, headers=citizens[1]).json() == {
        "hidden": False
    }
    assert http.post("/participation/reports", json=target, headers=citizens[3]).json() == {
        "hidden": True
    }
    article2 = http.get(base).json()["articles"][1]
    assert (
        comment_ids[2] not in [c["id"] for c in article2["comments"]] and article2["opposes"] == 0
    )
    queue = http.get("/participation/moderation", headers=staff).json()
    assert any(
        q["target_id"] == comment_ids[2] and q["reports"] == 3 and q["hidden"] for q in queue
    )
    status(http.get("/participation/moderation", headers=citizens[0]), 403)
    r = http.post(
        f"/participation/moderation/comment/{comment_ids[2]}",
        json={"action": "restored", "reason": "Θεμιτή κριτική."},
        headers=staff,
    )
    status(r, 200)
    assert comment_ids[2] in [c["id"] for c in http.get(base).json()["articles"][1]["comments"]]
    hidden_too = {"kind": "comment", "target_id": comment_ids[3], "reason": "spam"}
    for headers in citizens[:3]:
        http.post("/participation/reports", json=hidden_too, headers=headers).raise_for_status()
    http.post(
        f"/participation/moderation/comment/{comment_ids[3]}",
        json={"action": "removed", "reason": "Διαφήμιση."},
        headers=staff,
    ).raise_for_status()
    log = [
        (e["target_id"], e["action"])
        for e in http.get("/participation/moderation/log", headers=staff).json()
        if e["kind"] == "comment"  # proposals moderated by other tests share the log
    ]
    assert [e for e in log if e[0] in comment_ids] == [
        (comment_ids[2], "hidden"),
        (comment_ids[2], "restored"),
        (comment_ids[3], "hidden"),
        (comment_ids[3], "removed"),
    ]
    status(
        http.post(
            "/participation/reports", json={**target, "target_id": 10**9}, headers=citizens[4]
        ),
        404,
        "target_id",
    )

    # ---- answers, final texts; no report before the period ends
    answers = {
        comment_ids[0]: "accepted",
        comment_ids[1]: "partly",
        comment_ids[2]: "rejected",
        comment_ids[4]: "partly",
    }
    for cid, answer in answers.items():
        r = http.post(
            f"{base}/comments/{cid}/answer",
            json={"answer": answer, "reason": f"Αιτιολογία: {answer}."},
            headers=staff,
        )
        status(r, 200)
    final = "Η αγορά λειτουργεί από 06:30 έως 14:00.\nΤον Αύγουστο έως 13:00."
    status(http.put(f"{base}/articles/3α/final", json={"text": final}, headers=staff), 200)
    status(http.get(f"{base}/report"), 409, "consultation")

    # ---- the period ends: comments refused, the report published
    now = dt.datetime.now(dt.UTC)
    status(
        http.patch(
            f"{base}/period",
            json={"closes_at": (opens - dt.timedelta(hours=1)).isoformat()},
            headers=staff,
        ),
        422,
        "closes_at",
    )
    status(http.patch(f"{base}/period", json={"closes_at": now.isoformat()}, headers=staff), 200)
    r = http.post(
        f"{base}/articles/1/comments",
        json={"stance": "support", "body": "Αργά πια."},
        headers=citizens[0],
    )
    assert "closed" in status(r, 409, "consultation")["detail"]
    report = http.get(f"{base}/report").json()
    assert report["summary"] == {"comments": 4, "answered": 4, "unanswered": 0}
    by_number = {a["number"]: a for a in report["articles"]}
    assert (
        by_number["1"]["diff"] == ""
        and by_number["1"]["final_text"] == by_number["1"]["draft_text"]
    )
    diff = by_number["3α"]["diff"].splitlines()
    assert "-Η αγορά λειτουργεί από 07:00 έως 14:00." in diff and "+Τον Αύγουστο έως 13:00." in diff
    assert {c["id"]: c["answer"] for c in by_number["2"]["comments"]} == {
        comment_ids[0]: "accepted",
        comment_ids[1]: "partly",
        comment_ids[2]: "rejected",
    }

    # ---- open data without personal data
    rows = http.get(f"{base}/comments.json").json()
    assert len(rows) == 4 and all(
        set(row) == {"id", "article", "stance", "body", "answer", "answer_reason", "created_at"}
        for row in rows
    )
    csv_lines = http.get(f"{base}/comments.csv").text.splitlines()
    assert (
        csv_lines[0] == "id,article,stance,body,answer,answer_reason,created_at"
        and len(csv_lines) == 5
    )
    status(http.get(f"{base}/comments.xml"), 404, "format")
