"""Residents of a budgeting process: the census imported all or nothing, the demo
process of `polis participation demo`, guessing residents throttled."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import psycopg
from pb_support import (
    CENTRE,
    census_csv,
    polis_cli,
    problem,
)

from api.settings import PolisSettings
from gis.participation.keys import document_digest


def test_census_import_is_all_or_nothing(
    http: httpx.Client, tokens: dict[str, dict[str, str]], demo_settings: PolisSettings
) -> None:
    good = census_csv([("ZZ000001", 1970, CENTRE)])
    bad = good + b"nothex,1970,X\n"
    r = http.post("/participation/census", files={"file": ("c.csv", bad)}, headers=tokens["admin"])
    assert problem(r, 422, "document_hash")["detail"].startswith("census line 3")
    unknown = census_csv([("ZZ000002", 1970, "Ατλαντίδα")])
    r = http.post(
        "/participation/census", files={"file": ("c.csv", unknown)}, headers=tokens["admin"]
    )
    assert "not a neighbourhood" in problem(r, 422, "neighbourhood")["detail"]
    r = http.post(
        "/participation/census", files={"file": ("c.csv", good)}, headers=tokens["citizen"]
    )
    problem(r, 403)
    with psycopg.connect(demo_settings.dsn) as conn:
        stored = conn.execute("SELECT document_key FROM census_entries").fetchall()
    # nothing of the bad file was written; nothing stored in clear
    assert all(document_digest("ZZ000001") != row[0] for row in stored)
    # the same from the command line: the bad file changes nothing, the good one replaces
    census = demo_settings.var_dir / "census-cli.csv"
    census.write_bytes(bad)
    result = polis_cli(demo_settings, "participation", "census", str(census))
    assert result.returncode != 0 and "census line 3" in result.stdout + result.stderr
    census.write_bytes(good)
    result = polis_cli(demo_settings, "participation", "census", str(census))
    assert result.returncode == 0, result.stderr
    assert "1 residents" in result.stdout
    with psycopg.connect(demo_settings.dsn) as conn:
        after = conn.execute("SELECT document_key, birth_year FROM census_entries").fetchall()
    assert len(after) == 1 and after[0][1] == 1970 and after[0][0] != document_digest("ZZ000001")


def test_demo_command(http: httpx.Client, demo_settings: PolisSettings) -> None:
    result = polis_cli(demo_settings, "participation", "demo")
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    pid, rid = int(words[words.index("process") + 1].rstrip(";")), int(words[-1])
    process = http.get(f"/participation/processes/{pid}").json()
    assert process["phase"] == "voting" and len(process["budgets"]) == 2
    proposals = http.get(f"/participation/processes/{pid}/proposals").json()["features"]
    assert {f["geometry"]["type"] for f in proposals} == {"Point", "LineString", "Polygon"}
    assert {f["properties"]["verdict"] for f in proposals} == {"feasible", "not_feasible"}
    regulation = http.get(f"/consultations/regulations/{rid}").json()
    assert regulation["open"] and [a["number"] for a in regulation["articles"]] == [
        "1",
        "2",
        "3",
        "4",
    ]
    assert regulation["articles"][1]["places"][0]["kind"] == "market_site"


def test_guessing_residents_is_throttled(
    http: httpx.Client,
    make_citizens: Callable[[str, int], list[int]],
    bearer: Callable[..., dict[str, str]],
) -> None:
    headers = bearer(make_citizens("guesser", 1)[0])
    for n in range(5):
        guess = {"document_number": f"ΧΧ{n:06d}", "birth_year": 1980}
        problem(http.post("/participation/verify", json=guess, headers=headers), 403)
    r = http.post("/participation/verify", json={"code": "ABCDEFGHJK"}, headers=headers)
    problem(r, 429)
    assert int(r.headers["Retry-After"]) > 0
