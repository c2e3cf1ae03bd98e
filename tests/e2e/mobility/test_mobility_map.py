"""The accessible-routing tool on the citizens' map in Debian's Chromium: pick start and
destination by clicking, choose a profile, see the route, directions and warnings, in
Greek and then English; a route no profile can take shows its blocking constraint."""

from __future__ import annotations

import math
import os
from pathlib import Path

import httpx
import psycopg
from playwright.sync_api import Browser, Page, Route

PASSWORD = "correct horse battery staple"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DRAWN = "window.polisMap && window.polisMap.drawnAt !== null && window.polisMap.isDrawn()"


def sidewalk_points(conn: psycopg.Connection) -> list[tuple[float, float]]:
    """Mid-points of sidewalks near the town centre (lon, lat), nearest first."""
    rows = conn.execute(
        "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_LineInterpolatePoint(geom, 0.5), "
        "4326) AS p, geom FROM footways WHERE footway_type = 'sidewalk') AS s "
        "ORDER BY s.geom <-> (SELECT ST_Centroid(ST_Collect(geom)) FROM footways) LIMIT 400"
    ).fetchall()
    return [(float(x), float(y)) for x, y in rows]


def click_at(page: Page, lon: float, lat: float) -> None:
    x, y = page.evaluate(
        "([lat, lon]) => { const p = polisMap.map.latLngToContainerPoint([lat, lon]);"
        " const r = polisMap.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [lat, lon],
    )
    page.mouse.click(x, y)


def route_between(
    page: Page, start: tuple[float, float], end: tuple[float, float], profile: str
) -> None:
    page.evaluate("([lat, lon]) => { polisMap.map.setView([lat, lon], 17); }", [start[1], start[0]])
    page.select_option(".polis-mobility-profile", profile)
    page.click(".polis-mobility-set-from")
    click_at(page, *start)
    page.evaluate("([lat, lon]) => { polisMap.map.setView([lat, lon], 17); }", [end[1], end[0]])
    page.click(".polis-mobility-set-to")
    click_at(page, *end)
    page.click(".polis-mobility-go")


def test_route_on_the_citizens_map(
    browser: Browser,
    server: str,
    http: httpx.Client,
    conn,
    accounts: dict[str, str],
    tmp_path: Path,
) -> None:
    points = sidewalk_points(conn)
    start = points[0]
    ends = [p for p in points[150:] if http.post(
        "/mobility/route", json={"from": start, "to": p, "profile": "powered_wheelchair"}).status_code == 200]  # fmt: skip
    assert ends, "no routable destination near the centre"
    end = ends[0]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []
    errors: list[str] = []

    def only_ours(route: Route) -> None:
        if route.request.url.startswith(server) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    ctx.route("**/*", only_ours)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server + "/?lang=el")
        page.wait_for_function(DRAWN, timeout=30_000)
        toggle = page.locator(".polis-mobility-toggle")
        assert toggle.get_attribute("title") == "Προσβάσιμη διαδρομή"
        toggle.click()
        page.wait_for_selector(
            ".polis-mobility-profile option[value=manual_wheelchair]", state="attached"
        )
        assert "Χειροκίνητο αμαξίδιο" in page.inner_text(".polis-mobility-profile")
        route_between(page, start, end, "powered_wheelchair")
        page.wait_for_selector(".polis-mobility-steps li", timeout=15_000)
        steps_el = page.locator(".polis-mobility-steps li").all_inner_texts()
        assert steps_el[-1] == "Φτάσατε." and len(steps_el) >= 2
        assert page.locator("path.polis-route").count() >= 2
        summary = page.inner_text(".polis-mobility-summary")
        assert summary.startswith("Μήκος:")
        api = http.post("/mobility/route", json={"from": page.evaluate("polisMobility.points.from"),
                        "to": page.evaluate("polisMobility.points.to"), "profile": "powered_wheelchair"})  # fmt: skip
        # Math.round on the page: halves go up (Python's round() would take 642.5 to 642)
        metres = math.floor(api.json()["features"][0]["properties"]["length_m"] + 0.5)
        assert f"{metres} m" in summary
        page.click(".polis-lang")  # the language switch of polis-controls.js
        page.wait_for_function("document.documentElement.lang === 'en'")
        steps_en = page.locator(".polis-mobility-steps li").all_inner_texts()
        assert steps_en[-1] == "You have arrived." and len(steps_en) == len(steps_el)
        assert page.locator(".polis-mobility-toggle").get_attribute("title") == "Accessible route"
        page.screenshot(path=str(Path(os.environ.get("TMPDIR", "/tmp")) / "polis-mobility.png"))
        # a citizen reports a barrier with a photo: signs in once, picks the point, sends
        page.click(".polis-mobility-set-barrier")
        click_at(page, *end)
        page.fill(".polis-mobility-email", accounts["citizen"])
        page.fill(".polis-mobility-password", "wrong password")
        page.click(".polis-mobility-sign-in")
        page.wait_for_selector(".polis-mobility-message:has-text('Sign-in failed')")
        page.fill(".polis-mobility-password", PASSWORD)
        page.click(".polis-mobility-sign-in")
        page.wait_for_selector(".polis-mobility-reason")
        page.select_option(".polis-mobility-reason", "construction")
        page.fill(".polis-mobility-note", "σκαλωσιά / scaffolding")
        photo = tmp_path / "barrier.png"
        photo.write_bytes(PNG)
        page.set_input_files(".polis-mobility-photo", str(photo))
        page.click(".polis-mobility-send")
        page.wait_for_selector(".polis-mobility-message:has-text('Report sent #')")
        report = int(page.evaluate("polisMobility.reportedId"))
        row = conn.execute(
            "SELECT reason, note, has_photo, status FROM barrier_reports WHERE id = %s", (report,)
        ).fetchone()
        assert row == ("construction", "σκαλωσιά / scaffolding", True, "open")
        conn.execute("UPDATE barrier_reports SET status = 'closed' WHERE id = %s", (report,))
        assert errors == [] and external == []
    finally:
        ctx.close()


def test_crossing_audit_on_the_staff_map(browser: Browser, server: str, http: httpx.Client) -> None:
    expected = http.get("/mobility/crossings/audit").json()["features"]
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server + "/staff?lang=en")
        page.wait_for_function(DRAWN, timeout=30_000)
        assert page.locator(".polis-audit-toggle").get_attribute("title") == "Crossing audit"
        page.click(".polis-audit-toggle")
        page.wait_for_function("window.polisAudit.features.length > 0")
        assert page.evaluate("polisAudit.features.length") == len(expected)
        first = expected[0]["properties"]
        assert first["rank"] == 1 and first["near_school"] is not None
        page.evaluate("() => { polisMap.map.setView([39.365, 21.922], 13); }")
        assert page.locator("path.polis-audit-crossing").count() > 0
        assert errors == []
    finally:
        ctx.close()
