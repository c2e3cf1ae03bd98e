"""The /participation and /consultations pages in Debian's Chromium: reached from the
citizen map, no WCAG 2.1 AA violations found by axe-core (from npm) in Greek and
English at phone and desktop size, used with the keyboard only (skip link, ballot,
comment, "what affects my street?"), nothing loaded from another host."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, Page, Route

from api.settings import PolisSettings

AXE = Path(__file__).resolve().parents[3] / "webmap" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TOKEN_KEY = "polis-participation-token"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DRAFT = """# Κεφάλαιο Α΄ – Γενικά
## Άρθρο 1 – Θέσεις πωλητών
Οι θέσεις ορίζονται στον χάρτη.
## Άρθρο 2 – Ωράριο
Από 07:00 έως 14:00.
"""


def phase_dates(phase: str) -> dict[str, str]:
    order = ("proposals", "review", "voting", "results", "implementation")
    names = ("proposals_from", "review_from", "voting_from", "voting_until", "implementation_from")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    shift = order.index(phase)
    return {
        n: (now + dt.timedelta(hours=i - shift, minutes=-30)).isoformat()
        for i, n in enumerate(names)
    }


@pytest.fixture(scope="module")
def setup(
    http: httpx.Client, tokens: dict[str, dict[str, str]], demo_settings: PolisSettings
) -> dict[str, Any]:
    """A process in its voting phase with two feasible projects, the citizen verified by
    a postal code; an open consultation with a place on a street."""
    staff, citizen = tokens["admin"], tokens["citizen"]
    body = {
        "title_el": "Προϋπολογισμός γειτονιάς",
        "title_en": "Neighbourhood budget",
        **phase_dates("proposals"),
        "ballot_kind": "knapsack",
        "rule": "greedy",
        "budgets": [{"amount": 100_000}],
    }
    pid = http.post("/participation/processes", json=body, headers=staff).json()["id"]
    codes = http.post(
        "/participation/postal-codes",
        json={"entries": [{"birth_year": 1980, "neighbourhood": "Κέντρο"}]},
        headers=staff,
    ).json()["codes"]
    r = http.post("/participation/verify", json={"code": codes[0]["code"].lower()}, headers=citizen)
    assert r.status_code in (201, 409), r.text  # 409: verified by an earlier module
    reuse = http.post("/participation/verify", json={"code": codes[0]["code"]}, headers=staff)
    assert reuse.status_code == 403  # single use
    projects = []
    for title, cost, lon in (
        ("Φωτισμός πάρκου", 40_000, 21.921),
        ("Ράμπες πεζοδρομίου", 30_000, 21.923),
    ):
        r = http.post(
            f"/participation/processes/{pid}/proposals",
            json={
                "title": title,
                "description": f"{title} στο κέντρο της πόλης.",
                "estimated_cost": cost,
                "geometry": {"type": "Point", "coordinates": [lon, 39.365]},
            },
            headers=citizen,
        )
        assert r.status_code == 201, r.text
        projects.append(r.json()["id"])
    http.patch(f"/participation/processes/{pid}/dates", json=phase_dates("review"), headers=staff)
    for project in projects:
        r = http.post(
            f"/participation/proposals/{project}/review",
            json={"verdict": "feasible", "answer": "Εφικτό, εντός προϋπολογισμού."},
            headers=staff,
        )
        assert r.status_code == 200, r.text
    http.patch(f"/participation/processes/{pid}/dates", json=phase_dates("voting"), headers=staff)
    opens = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    rid = http.post(
        "/consultations/regulations",
        data={"title": "Κανονισμός λαϊκών αγορών (δοκιμή)", "opens_at": opens.isoformat()},
        files={"file": ("draft.md", DRAFT.encode())},
        headers=staff,
    ).json()["id"]
    with psycopg.connect(demo_settings.dsn) as conn:
        street, line = conn.execute(
            "SELECT name_el, ST_AsGeoJSON(ST_Transform(geom, 4326))::jsonb FROM roads "
            "WHERE name_el IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()
    r = http.post(
        f"/consultations/regulations/{rid}/articles/1/places",
        json={"kind": "street", "name": street, "geometry": line},
        headers=staff,
    )
    assert r.status_code == 201
    r = http.post(
        f"/consultations/regulations/{rid}/articles/2/comments",
        json={"stance": "support", "body": "Καλό ωράριο."},
        headers=citizen,
    )
    assert r.status_code == 201
    token = citizen["Authorization"].removeprefix("Bearer ")
    return {
        "process": pid,
        "projects": projects,
        "regulation": rid,
        "street": street,
        "token": token,
    }


@pytest.fixture(scope="module", autouse=True)
def axe_installed() -> None:
    """axe-core comes from npm at setup."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in webmap/ (setup.sh)")


def open_page(
    browser: Browser,
    server: str,
    path: str,
    *,
    viewport: dict[str, int] = DESKTOP,
    token: str | None = None,
) -> tuple[Page, list[str]]:
    """Open ``path``; requests to other hosts are refused and recorded with console errors."""
    ctx = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    problems: list[str] = []

    def only_ours(route: Route) -> None:
        if route.request.url.startswith(server) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            problems.append(f"external: {route.request.url}")
            route.abort()

    ctx.route("**/*", only_ours)
    if token:
        ctx.add_init_script(f"window.sessionStorage.setItem('{TOKEN_KEY}', '{token}')")
    page = ctx.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server + path)
    return page, problems


def wait_loaded(page: Page, kind: str) -> None:
    selector = "#proposals .card" if kind == "participation" else "#articles .article"
    page.wait_for_selector(selector, timeout=15_000)


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "opts => axe.run(document, opts)", {"runOnly": {"type": "tag", "values": WCAG}}
    )
    assert len(result["passes"]) >= 10  # axe did run its WCAG rules on the page
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_citizen_map_links_to_the_pages(
    browser: Browser, server: str, setup: dict[str, Any]
) -> None:
    page, problems = open_page(browser, server, "/")
    link = page.get_by_role("link", name="Διαβουλεύσεις κανονισμών · Consultations on regulations")
    link.click()
    page.wait_for_url(server + "/consultations")
    assert page.locator("h1").inner_text() == "Διαβουλεύσεις κανονισμών"
    page.get_by_role("link", name="Συμμετοχικός προϋπολογισμός").first.click()
    page.wait_for_url(server + "/participation")
    wait_loaded(page, "participation")
    assert problems == []
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("kind", ["participation", "consultations"])
def test_pages_have_no_wcag_violations(
    browser: Browser, server: str, setup: dict[str, Any], kind: str, viewport: dict[str, int]
) -> None:
    page, problems = open_page(browser, server, f"/{kind}", viewport=viewport, token=setup["token"])
    wait_loaded(page, kind)
    assert page.evaluate("document.documentElement.lang") == "el"
    assert axe_violations(page) == []
    # phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = "phone" if viewport == PHONE else "desktop"
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{size}.png"), full_page=True)
    page.get_by_role("button", name="English").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    english = {
        "participation": "Participatory budgeting",
        "consultations": "Consultations on regulations",
    }
    assert page.locator("h1").inner_text() == english[kind]
    assert axe_violations(page) == []
    assert problems == []
    page.context.close()


def test_vote_with_the_keyboard_only(
    browser: Browser, server: str, setup: dict[str, Any], http: httpx.Client
) -> None:
    page, problems = open_page(browser, server, "/participation", token=setup["token"])
    wait_loaded(page, "participation")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main'")
    first, second = setup["projects"]
    page.wait_for_selector(f"#choice-{first}")
    # from the last proposal card's end, Tab reaches the ballot; walk until the first box
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == f"choice-{first}":
            break
    assert page.evaluate("document.activeElement.id") == f"choice-{first}"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"choice-{second}"
    page.keyboard.press("Space")
    assert page.locator("#ballot-total").inner_text().startswith("70")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('καταχωρίστηκε')"
    )
    headers = {"Authorization": f"Bearer {setup['token']}"}
    ballot = http.get(f"/participation/processes/{setup['process']}/ballot", headers=headers).json()
    assert ballot["projects"] == sorted([first, second])
    assert problems == []
    page.context.close()


def test_comment_and_street_search_with_the_keyboard(
    browser: Browser, server: str, setup: dict[str, Any], http: httpx.Client
) -> None:
    page, problems = open_page(browser, server, "/consultations", token=setup["token"])
    page.wait_for_selector("#articles .article")  # the newest consultation is shown first
    page.select_option("#regulation", str(setup["regulation"]))
    page.get_by_role("heading", name="Άρθρο 1 – Θέσεις πωλητών").wait_for()
    page.wait_for_selector("#articles .article textarea")
    page.focus("#street")
    page.keyboard.type(setup["street"])
    page.keyboard.press("Enter")
    page.wait_for_selector("#affecting li a")
    assert "Άρθρο 1" in page.locator("#affecting").inner_text()
    radio = page.locator("#articles .article").nth(0).locator("input[type=radio]").first
    radio.focus()
    page.keyboard.press("ArrowRight")  # support -> oppose
    page.keyboard.press("Tab")
    page.keyboard.type("Λίγες θέσεις για τους παραγωγούς.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.getElementById('status').textContent.includes('Καταχωρίστηκε')"
    )
    got = http.get(f"/consultations/regulations/{setup['regulation']}").json()
    comments = got["articles"][0]["comments"]
    assert [(c["stance"], c["body"]) for c in comments] == [
        ("oppose", "Λίγες θέσεις για τους παραγωγούς.")
    ]
    assert problems == []
    page.context.close()


def test_closed_consultation_shows_the_changes(
    browser: Browser,
    server: str,
    setup: dict[str, Any],
    http: httpx.Client,
    tokens: dict[str, dict[str, str]],
) -> None:
    """After the comment test: the consultation ends with a new text for article 2."""
    base, staff = f"/consultations/regulations/{setup['regulation']}", tokens["admin"]
    final = {"text": "Από 06:30 έως 14:00."}
    assert http.put(f"{base}/articles/2/final", json=final, headers=staff).status_code == 200
    now = dt.datetime.now(dt.UTC).isoformat()
    assert http.patch(f"{base}/period", json={"closes_at": now}, headers=staff).status_code == 200
    page, problems = open_page(browser, server, "/consultations")
    page.wait_for_selector("#articles .article")
    page.select_option("#regulation", str(setup["regulation"]))
    page.wait_for_selector("details.changes pre.diff", state="attached")
    assert page.locator("#articles textarea").count() == 0  # closed: no comment forms
    page.locator("details.changes summary").nth(1).click()
    diff = page.locator("details.changes pre.diff").first.inner_text()
    assert "-Από 07:00 έως 14:00." in diff and "+Από 06:30 έως 14:00." in diff
    assert "Η διαβούλευση έληξε" in page.locator("#period").inner_text()
    assert axe_violations(page) == []
    assert problems == []
    page.context.close()


def test_results_view(
    browser: Browser,
    server: str,
    setup: dict[str, Any],
    http: httpx.Client,
    tokens: dict[str, dict[str, str]],
) -> None:
    """Last in the module: moves the shared process to its results phase."""
    pid = setup["process"]
    r = http.patch(
        f"/participation/processes/{pid}/dates",
        json=phase_dates("results"),
        headers=tokens["admin"],
    )
    assert r.status_code == 200, r.text
    results = http.get(f"/participation/processes/{pid}/results").json()
    page, problems = open_page(browser, server, "/participation", viewport=PHONE)
    page.wait_for_selector("#areas tbody tr")
    page.wait_for_selector("#overlay tbody tr")
    rows = page.locator("#areas tbody tr")
    stats = http.get(f"/participation/processes/{pid}/statistics").json()
    assert rows.count() == len(stats["neighbourhoods"]["features"])
    assert page.locator("#chart-money .bar").count() == rows.count()
    funded = {f["id"] for f in stats["projects"]["features"] if f["properties"]["funded"]}
    assert funded == set(results["budgets"][0]["funded"])
    text = page.locator("#results").inner_text()
    assert "Χρηματοδοτούνται" in text and ".pb (pabulib)" in text
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "participation-results-phone.png"), full_page=True)
    assert problems == []
    page.context.close()
