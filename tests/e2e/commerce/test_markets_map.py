"""The public map (real Chromium): the search box finds a business typed without accents
in capitals (through ``/guide/search``), and the street-markets panel lists today's
markets, draws the closures in force and answers the product finder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import psycopg
import pytest
from playwright.sync_api import Browser

from api.settings import PolisSettings

DRAWN = "window.polisMap && window.polisMap.drawnAt !== null && window.polisMap.isDrawn()"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture()
def closure_now(demo_settings: PolisSettings) -> Iterator[int]:
    """A closure in force now on the first market's streets (removed afterwards)."""
    with psycopg.connect(demo_settings.dsn, autocommit=True) as c:
        row = c.execute(
            "INSERT INTO street_closures (market_id, valid_from, valid_to, reason_el, reason_en, "
            "geom) SELECT id, now() - interval '1 hour', now() + interval '1 hour', 'δοκιμή', "
            "'test', geom FROM markets ORDER BY id LIMIT 1 RETURNING id"
        ).fetchone()
        assert row is not None
        yield int(row[0])
        c.execute("DELETE FROM street_closures WHERE id = %s", (row[0],))


def test_search_and_markets_panel(
    browser: Browser, server: str, demo_settings: PolisSettings, closure_now: int
) -> None:
    with psycopg.connect(demo_settings.dsn) as c:
        fid, name, folded = c.execute(
            "SELECT min(id), name_el, polis_fold(name_el) FROM businesses "
            "WHERE name_el <> polis_fold(name_el) AND name_el LIKE '%% %%' "
            "GROUP BY name_el HAVING count(*) = 1 ORDER BY min(id) LIMIT 1"
        ).fetchone()  # type: ignore[misc]
        today = WEEKDAYS[dt.datetime.now(dt.UTC).astimezone().weekday()]
        markets = [
            r[0]
            for r in c.execute(
                "SELECT name_el FROM markets WHERE weekday = "
                "(ARRAY['mon','tue','wed','thu','fri','sat','sun'])"
                "[extract(isodow FROM now() AT TIME ZONE 'Europe/Athens')::int] ORDER BY id"
            )
        ]
    errors: list[str] = []
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(server + "/")
    page.wait_for_function(DRAWN, timeout=30_000)
    # the search box: no accents, capitals, final sigma typed as Σ
    page.locator(".polis-search input").fill(folded.upper())
    hit = page.locator(f'.polis-search-results button[data-layer="businesses"][data-fid="{fid}"]')
    hit.first.click()
    assert page.locator('.polis-popup[data-layer="businesses"] h2').inner_text() == name
    # the markets panel
    page.locator(".polis-markets-toggle").click()
    if markets:
        page.wait_for_selector(".polis-market")
        assert [
            t.split("\n")[0].rsplit(" ", 1)[0].strip()
            for t in page.locator(".polis-market").all_inner_texts()
        ] == markets
    else:
        page.wait_for_selector(".polis-markets-list .polis-empty")
    page.wait_for_selector("path.polis-closure", state="attached")
    assert page.locator("path.polis-closure").count() >= 1
    assert "1" in page.locator(".polis-closures").inner_text()
    page.locator(".polis-markets-find").fill("zzzz")
    page.wait_for_selector(".polis-markets-found .polis-empty")
    assert page.locator(".polis-markets-found .polis-empty").inner_text() == "Δεν βρέθηκε σήμερα"
    assert errors == []
    assert today in WEEKDAYS
    ctx.close()


@pytest.fixture()
def held_stall(demo_settings: PolisSettings) -> Iterator[int]:
    """The Saturday market's last stall, held by a licence of this test (removed after)."""
    with psycopg.connect(demo_settings.dsn, autocommit=True) as c:
        stall = c.execute(
            "SELECT id FROM market_stalls WHERE market_id = 1 ORDER BY stall_number DESC LIMIT 1"
        ).fetchone()
        assert stall is not None
        licence = c.execute(
            "INSERT INTO market_licences (licence_number, holder, tax_number, sector, "
            "valid_from, valid_to, goods, helpers, points) VALUES ('E2E-1', 'Δοκιμή Πεδίου', "
            "'094259216', 'producers', '2020-01-01', '2099-12-31', 'Μέλι', 0, 0) RETURNING id"
        ).fetchone()
        assert licence is not None
        c.execute(
            "INSERT INTO stall_allocations (stall_id, licence_id, method, since) "
            "VALUES (%s, %s, 'points', '2020-01-01')",
            (stall[0], licence[0]),
        )
        yield int(stall[0])
        c.execute("DELETE FROM market_licences WHERE id = %s", (licence[0],))


def test_field_attendance_waits_offline_and_is_sent_online(
    browser: Browser,
    server: str,
    demo_settings: PolisSettings,
    people: dict[str, dict[str, str]],
    held_stall: int,
) -> None:
    token = people["staff"]["Authorization"].removeprefix("Bearer ")
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    ctx.add_init_script(f"localStorage.setItem('polis.field.token', {token!r});")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/field")
    page.wait_for_function(DRAWN, timeout=30_000)
    page.locator(".polis-attendance .polis-markets-toggle").click()
    page.wait_for_selector(".polis-attendance-market option[value='1']", state="attached")
    page.locator(".polis-attendance-market").select_option("1")
    row = page.locator(f".polis-attendance-stall[data-stall='{held_stall}']")
    row.wait_for()
    assert "Δοκιμή Πεδίου" in row.inner_text()

    def stored() -> list[tuple[bool]]:
        with psycopg.connect(demo_settings.dsn) as c:
            return c.execute(
                "SELECT present FROM market_attendance WHERE stall_id = %s", (held_stall,)
            ).fetchall()

    ctx.set_offline(True)
    row.locator(".polis-absent").click()
    status = page.locator(".polis-attendance-status")
    assert status.get_attribute("data-queued") == "1"
    assert "σε αναμονή" in status.inner_text()
    page.wait_for_timeout(300)
    assert stored() == []  # the phone is offline: nothing reached the server
    ctx.set_offline(False)
    page.evaluate("window.polisMarkets.sync()")
    page.wait_for_function(
        "document.querySelector('.polis-attendance-status').dataset.queued === '0'",
        timeout=15_000,
    )
    assert stored() == [(False,)]
    assert errors == []
    ctx.close()
