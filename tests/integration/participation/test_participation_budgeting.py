"""A participatory-budgeting process from proposals to results with 1,000 simulated
voters over HTTP, and the bad input refused on the way (over-budget ballot, vote outside
the voting phase, double vote, unverified or under-age resident)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import random
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import httpx
import psycopg
from pabulib.checker import Checker
from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pb_support import (
    CENTRE,
    PHOTO,
    PROPOSALS,
    VOTERS,
    census_csv,
    point,
    problem,
)
from PIL import Image

from api.settings import PolisSettings


def test_full_life_cycle(
    http: httpx.Client,
    tokens: dict[str, dict[str, str]],
    make_citizens: Callable[[str, int], list[int]],
    bearer: Callable[..., dict[str, str]],
    demo_settings: PolisSettings,
    dates_for: Callable[[str], dict[str, str]],
) -> None:
    staff = tokens["admin"]
    with psycopg.connect(demo_settings.dsn) as conn:
        places = [r[0] for r in conn.execute("SELECT name_el FROM neighbourhoods ORDER BY id")]
    assert CENTRE in places
    rng = random.Random(13)
    ids = make_citizens("voter", VOTERS + 2)
    people = [(f"ΑΚ{n:06d}", rng.randint(1940, 2005), rng.choice(places)) for n in range(VOTERS)]
    young = ("ΑΚ999999", dt.date.today().year - 12, CENTRE)
    r = http.post(
        "/participation/census",
        files={"file": ("census.csv", census_csv([*people, young]))},
        headers=staff,
    )
    assert r.status_code == 201 and r.json() == {"imported": VOTERS + 1}

    # ---- process in its proposals phase
    body = {
        "title_el": "Συμμετοχικός προϋπολογισμός 2027",
        "title_en": "Participatory budget 2027",
        **dates_for("proposals"),
        "ballot_kind": "knapsack",
        "rule": "equal_shares",
        "min_share": 0.5,
        "min_age": 16,
        "budgets": [{"amount": 200_000}, {"neighbourhood": CENTRE, "amount": 60_000}],
    }
    bad = {**body, "voting_until": body["voting_from"]}
    problem(http.post("/participation/processes", json=bad, headers=staff), 400)
    nowhere = {**body, "budgets": [{"neighbourhood": "Ατλαντίδα", "amount": 1000}]}
    problem(http.post("/participation/processes", json=nowhere, headers=staff), 422, "budgets")
    twice = {**body, "budgets": [{"amount": 1000}, {"amount": 2000}]}
    assert (
        "city-wide"
        in problem(http.post("/participation/processes", json=twice, headers=staff), 400)["detail"]
    )
    codes = {"entries": [{"birth_year": 1980, "neighbourhood": "Ατλαντίδα"}]}
    problem(http.post("/participation/postal-codes", json=codes, headers=staff), 422, "entries")
    r = http.post("/participation/processes", json=body, headers=staff)
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    base = f"/participation/processes/{pid}"
    assert http.get(base).json()["phase"] == "proposals"

    voters = [bearer(i) for i in ids[:VOTERS]]
    unverified, underage = bearer(ids[VOTERS]), bearer(ids[VOTERS + 1])
    proposal = {
        "title": "Δέντρα",
        "description": "Φύτευση δέντρων στην πλατεία.",
        "estimated_cost": 10,
    }
    problem(
        http.post(f"{base}/proposals", json={**proposal, "geometry": point()}, headers=unverified),
        403,
        "resident",
    )

    # ---- verification: 1,000 residents by census; wrong birth year; a second account
    r = http.post(
        "/participation/verify",
        json={"document_number": people[0][0], "birth_year": people[0][1] + 1},
        headers=voters[0],
    )
    problem(r, 403)
    for headers, (doc, year, _) in zip(voters, people, strict=True):
        r = http.post(
            "/participation/verify",
            json={"document_number": doc, "birth_year": year},
            headers=headers,
        )
        assert r.status_code == 201, r.text
    assert http.get("/participation/me", headers=voters[5]).json()["neighbourhood"] == people[5][2]
    r = http.post(
        "/participation/verify",
        json={"document_number": people[0][0].lower(), "birth_year": people[0][1]},
        headers=unverified,
    )
    problem(r, 409)  # one census entry verifies one account
    r = http.post(
        "/participation/verify",
        json={"document_number": young[0], "birth_year": young[1]},
        headers=underage,
    )
    assert r.status_code == 201

    # ---- proposals (point, line, polygon), a photo, bad geometry, under-age author
    problem(
        http.post(f"{base}/proposals", json={**proposal, "geometry": point()}, headers=underage),
        403,
        "birth_year",
    )
    spike = {
        "type": "Polygon",
        "coordinates": [
            [[21.92, 39.36], [21.93, 39.37], [21.92, 39.37], [21.93, 39.36], [21.92, 39.36]]
        ],
    }
    problem(
        http.post(f"{base}/proposals", json={**proposal, "geometry": spike}, headers=voters[0]),
        422,
        "geometry",
    )
    problem(
        http.post(
            f"{base}/proposals",
            json={**proposal, "neighbourhood": "Πουθενά", "geometry": point()},
            headers=voters[0],
        ),
        422,
        "neighbourhood",
    )
    proposal_ids = []
    for n, (title, cost, scope, geometry, _) in enumerate(PROPOSALS):
        r = http.post(
            f"{base}/proposals",
            json={
                "title": title,
                "description": f"{title}: περιγραφή της πρότασης.",
                "estimated_cost": cost,
                "neighbourhood": scope,
                "geometry": geometry,
            },
            headers=voters[n],
        )
        assert r.status_code == 201, r.text
        proposal_ids.append(r.json()["id"])
    r = http.post(
        f"/participation/proposals/{proposal_ids[0]}/photos",
        files={"file": ("p.jpg", PHOTO, "image/jpeg")},
        headers=voters[0],
    )
    assert r.status_code == 201, r.text
    photo = r.json()["id"]
    for _ in range(4):
        more = http.post(
            f"/participation/proposals/{proposal_ids[0]}/photos",
            files={"file": ("p.jpg", PHOTO)},
            headers=voters[0],
        )
        assert more.status_code == 201
    sixth = http.post(
        f"/participation/proposals/{proposal_ids[0]}/photos",
        files={"file": ("p.jpg", PHOTO)},
        headers=voters[0],
    )
    assert "at most 5" in problem(sixth, 422, "file")["detail"]
    served = http.get(f"/participation/photos/{photo}")
    assert served.headers["content-type"] == "image/jpeg"
    assert b"Eleni" not in served.content and b"Eleni" in PHOTO
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.size == (32, 24) and dict(image.getexif()) == {}
    problem(
        http.post(
            f"/participation/proposals/{proposal_ids[0]}/photos",
            files={"file": ("p.txt", b"hello")},
            headers=voters[0],
        ),
        422,
        "file",
    )
    problem(
        http.post(
            f"/participation/proposals/{proposal_ids[0]}/photos",
            files={"file": ("p.jpg", PHOTO)},
            headers=voters[1],
        ),
        404,
    )
    listed = http.get(f"{base}/proposals").json()
    assert [f["geometry"]["type"] for f in listed["features"]] == [p[3]["type"] for p in PROPOSALS]
    assert listed["features"][0]["properties"]["photos"][0] == photo
    assert len(listed["features"][0]["properties"]["photos"]) == 5
    assert "author_key" not in listed["features"][0]["properties"]

    # ---- technical review with public answers
    problem(http.patch(f"{base}/dates", json=dates_for("review"), headers=voters[0]), 403)
    assert (
        http.patch(f"{base}/dates", json=dates_for("review"), headers=staff).json()["phase"]
        == "review"
    )
    for pid_, (_, _, _, _, outcome) in zip(proposal_ids, PROPOSALS, strict=True):
        review = {
            "verdict": "not_feasible" if outcome == "infeasible" else "feasible",
            "answer": "Ελέγχθηκε από την τεχνική υπηρεσία.",
        }
        if isinstance(outcome, int):
            review["reviewed_cost"] = outcome
        r = http.post(f"/participation/proposals/{pid_}/review", json=review, headers=staff)
        assert r.status_code == 200, r.text
    costs = {
        pid_: Decimal(p[4] if isinstance(p[4], int) else p[1])
        for pid_, p in zip(proposal_ids, PROPOSALS, strict=True)
        if p[4] != "infeasible"
    }
    city = [
        p for p, spec in zip(proposal_ids, PROPOSALS, strict=True) if spec[2] is None and p in costs
    ]
    centre = [p for p, spec in zip(proposal_ids, PROPOSALS, strict=True) if spec[2] == CENTRE]

    # ---- voting outside the voting phase
    first = {"projects": city[:2]}
    problem(http.post(f"{base}/ballot", json=first, headers=voters[0]), 409, "phase")
    http.patch(f"{base}/dates", json=dates_for("voting"), headers=staff).raise_for_status()

    # ---- the 1,000 ballots (knapsack, at least half of each budget chosen from)
    city_sets = [
        s
        for k in range(1, 5)
        for s in itertools.combinations(city, k)
        if 100_000 <= sum(costs[p] for p in s) <= 200_000
    ]
    centre_sets = [
        s
        for k in range(1, 3)
        for s in itertools.combinations(centre, k)
        if 30_000 <= sum(costs[p] for p in s) <= 60_000
    ]
    cast: dict[int, frozenset[int]] = {}
    for n, headers in enumerate(voters):
        choice = set(rng.choice(city_sets))
        if people[n][2] == CENTRE and rng.random() < 0.7:
            choice |= set(rng.choice(centre_sets))
        r = http.post(f"{base}/ballot", json={"projects": sorted(choice)}, headers=headers)
        assert r.status_code == 201, r.text
        cast[n] = frozenset(choice)
    # changeable until the vote closes; a second POST is a double vote
    for n in range(0, 100, 2):
        choice = frozenset(rng.choice(city_sets))
        assert (
            http.put(
                f"{base}/ballot", json={"projects": sorted(choice)}, headers=voters[n]
            ).status_code
            == 200
        )
        cast[n] = choice
    assert http.get(f"{base}/ballot", headers=voters[0]).json()["projects"] == sorted(cast[0])
    problem(
        http.post(f"{base}/ballot", json={"projects": sorted(cast[1])}, headers=voters[1]),
        409,
        "ballot",
    )
    over = {"projects": city}  # every city-wide project: over the 200,000 budget
    assert sum(costs[p] for p in city) > 200_000
    problem(http.put(f"{base}/ballot", json=over, headers=voters[1]), 422, "projects")
    problem(
        http.put(f"{base}/ballot", json={"projects": [city[3]]}, headers=voters[1]), 422, "projects"
    )
    outsider = next(n for n in range(VOTERS) if people[n][2] != CENTRE)
    problem(
        http.put(
            f"{base}/ballot", json={"projects": [*city[:2], centre[0]]}, headers=voters[outsider]
        ),
        422,
        "projects",
    )
    problem(http.post(f"{base}/ballot", json=first, headers=unverified), 403, "resident")
    problem(http.post(f"{base}/ballot", json=first, headers=underage), 403, "birth_year")
    problem(http.post(f"{base}/ballot", json=first), 401)
    assert http.get(f"{base}/ballot", headers=voters[1]).json()["projects"] == sorted(cast[1])
    # the same person with a new account (the first one deleted) finds the same ballot
    with psycopg.connect(demo_settings.dsn) as conn:
        conn.execute("DELETE FROM users WHERE id = %s", (ids[2],))
    again = bearer(make_citizens("revoter", 1)[0])
    verify = {"document_number": people[2][0], "birth_year": people[2][1]}
    assert http.post("/participation/verify", json=verify, headers=again).status_code == 201
    problem(
        http.post(f"{base}/ballot", json={"projects": sorted(cast[2])}, headers=again),
        409,
        "ballot",
    )
    assert http.get(f"{base}/ballot", headers=again).json()["projects"] == sorted(cast[2])

    # ---- results after the vote closes
    problem(http.get(f"{base}/results"), 409, "phase")
    http.patch(f"{base}/dates", json=dates_for("results"), headers=staff).raise_for_status()
    problem(http.put(f"{base}/ballot", json=first, headers=voters[0]), 409, "phase")
    results = http.get(f"{base}/results").json()
    assert results["rule"] == "equal_shares"
    by_scope = {b["neighbourhood"]: b for b in results["budgets"]}
    for scope, pool_ in ((None, city), (CENTRE, centre)):
        ballots = [b & set(pool_) for b in cast.values() if b & set(pool_)]
        votes = Counter(p for b in ballots for p in b)
        got = by_scope[scope]
        assert got["funded"], got  # the rule funds something from each budget
        assert got["ballots"] == len(ballots)
        assert {v["id"]: v["votes"] for v in got["votes"]} == {p: votes[p] for p in pool_}
        pb = http.get(got["pabulib"])
        assert pb.status_code == 200
        report = Checker().process_files([pb.text])  # pabulib's checker recounts by its rule
        assert report["metadata"] == {"processed": 1, "valid": 1, "invalid": 0}, report
        assert report["summary"] == {}, report  # no error, no warning
        instance, profile = parse_pabulib_from_string(pb.text)
        assert profile.num_ballots() == len(ballots)
        assert (
            sorted(
                int(p.name) for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
            )
            == got["funded"]
        )
        # greedy by hand on the test's own record of the ballots, against pabutools' on the file
        budget, greedy = Decimal(got["amount"]), []
        for p in sorted(pool_, key=lambda p: (-votes[p], p)):
            if costs[p] <= budget:
                greedy.append(p)
                budget -= costs[p]
        assert sorted(
            int(p.name) for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        ) == sorted(greedy)
        assert sum(costs[p] for p in got["funded"]) <= Decimal(got["amount"])
    assert "voter" not in pb.text.lower().replace("voter_id", "")

    # ---- statistics by neighbourhood, overlays, open data, follow-up
    stats = http.get(f"{base}/statistics").json()
    areas = {
        f["properties"]["name_el"]: f["properties"] for f in stats["neighbourhoods"]["features"]
    }
    counted = Counter(place for _, _, place in people)
    assert sum(a["ballots"] for a in areas.values()) == VOTERS
    assert all(areas[name]["ballots"] == counted[name] for name in places)
    assert areas[CENTRE]["residents"] == counted[CENTRE] + 1  # the under-age resident counts
    funded = [p for b in results["budgets"] for p in b["funded"]]
    money = sum(a["funded_money"] for a in areas.values())
    assert 0 < money <= sum(costs[p] for p in funded)
    overlay = stats["projects"]["features"]
    assert {f["id"] for f in overlay} == set(costs)
    assert all(isinstance(f["properties"]["crossings_nearby"], int) for f in overlay)
    csv_text = http.get(f"{base}/proposals.csv").text
    assert csv_text.splitlines()[0].startswith("id,process_id,budget_neighbourhood,title")
    assert "key" not in csv_text.splitlines()[0]
    data = http.get(f"{base}/proposals.json").json()
    assert {row["id"]: row["votes"] for row in data if row["id"] in costs} == {
        p: sum(1 for b in cast.values() if p in b) for p in costs
    }
    with psycopg.connect(demo_settings.dsn) as conn:
        keys = {
            r[0]
            for r in conn.execute("SELECT voter_key FROM pb_ballots WHERE process_id = %s", (pid,))
        }
    assert len(keys) == VOTERS and not any(str(i) == k for i in ids for k in keys)
    assert hashlib.sha256(str(ids[0]).encode()).hexdigest() not in keys
    # a proposal reported by three residents is hidden pending review, then restored
    target = {"kind": "proposal", "target_id": funded[0], "reason": "διπλή πρόταση"}
    hidden = [
        http.post("/participation/reports", json=target, headers=voters[n]).json()["hidden"]
        for n in range(3)
    ]
    assert hidden == [False, False, True]
    assert funded[0] not in [f["id"] for f in http.get(f"{base}/proposals").json()["features"]]
    assert funded[0] not in [row["id"] for row in http.get(f"{base}/proposals.json").json()]
    if funded[0] == proposal_ids[0]:  # a hidden proposal's photos are hidden too
        problem(http.get(f"/participation/photos/{photo}"), 404)
    decision = {"action": "restored", "reason": "Δεν είναι διπλή."}
    r = http.post(f"/participation/moderation/proposal/{funded[0]}", json=decision, headers=staff)
    assert r.status_code == 200
    assert funded[0] in [f["id"] for f in http.get(f"{base}/proposals").json()["features"]]
    r = http.post(
        f"/participation/proposals/{funded[0]}/progress",
        json={"progress": "in_progress"},
        headers=staff,
    )
    assert r.status_code == 200
