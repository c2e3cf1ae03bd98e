"""The shared web map in a real browser (Debian's Chromium driven by Playwright).

Every page is loaded at phone and desktop size against ``polis serve`` with the demo
town; requests to any other host are blocked and recorded, so a CDN or an online
basemap requested by default fails the test. What the map draws is compared with the
database. Screenshots go to ``var/screenshots/`` (not committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from playwright.sync_api import Browser, Page, Request, Route

from layers.db.profile import load_profile
from layers.db.settings import DEFAULT_PROFILE
from layers.registry import Audience, default_registry
from models.enums import BusinessCategory
from webmap.audiences import PAGES, page_for, page_title

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1920, "height": 1080}
DRAWN = "window.polisMap && window.polisMap.drawnAt !== null && window.polisMap.isDrawn()"
REGISTRY = default_registry()


@dataclass
class Watch:
    """What a page did that a user would see as broken."""

    origin: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.failed == []
        assert self.external == []


def open_map(
    browser: Browser,
    server: str,
    path: str,
    *,
    viewport: dict[str, int] = DESKTOP,
    **context: object,
) -> tuple[Page, Watch]:
    """Open ``path`` and wait until every default layer is drawn."""
    ctx = browser.new_context(viewport=viewport, **context)  # type: ignore[arg-type]
    watch = Watch(origin=server)

    def only_our_server(route: Route) -> None:
        url = route.request.url
        if url.startswith(server) or url.startswith("data:"):
            route.continue_()
        else:
            watch.external.append(url)
            route.abort()

    def on_failed(request: Request) -> None:
        # the live channel's open stream (/live, SSE) is cut when the page goes away
        cut = "/live?" in request.url and request.failure == "net::ERR_ABORTED"
        if request.url.startswith(server) and not cut:
            watch.failed.append(f"{request.url}: {request.failure}")

    ctx.route("**/*", only_our_server)
    page = ctx.new_page()
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    page.on("requestfailed", on_failed)
    page.on(
        "response",
        lambda r: r.status >= 400 and watch.failed.append(f"{r.url}: HTTP {r.status}"),
    )
    page.goto(server + path)
    page.wait_for_function(DRAWN, timeout=30_000)
    return page, watch


@pytest.fixture()
def citizen_map(browser: Browser, server: str) -> Iterator[tuple[Page, Watch]]:
    page, watch = open_map(browser, server, "/")
    yield page, watch
    page.context.close()


def wait_redrawn(page: Page) -> None:
    """Wait until the layers re-fetched after a move are drawn again."""
    page.wait_for_timeout(50)
    page.wait_for_function(DRAWN, timeout=30_000)


def view_bbox(page: Page) -> tuple[float, float, float, float]:
    w, s, e, n = page.evaluate(
        "(() => { const b = polisMap.map.getBounds();"
        " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; })()"
    )
    return w, s, e, n


def count_in_view(conn: psycopg.Connection, table: str, bbox: tuple[float, ...]) -> int:
    query = (
        f"SELECT count(*) FROM {table} WHERE geom && "  # noqa: S608 - fixed table names
        "ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 2100)"
    )
    row = conn.execute(query, bbox).fetchone()
    assert row is not None
    return int(row[0])


def ids_in_view(conn: psycopg.Connection, table: str, bbox: tuple[float, ...]) -> set[int]:
    query = (
        f"SELECT id FROM {table} WHERE geom && "  # noqa: S608 - fixed table names
        "ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 2100)"
    )
    return {int(r[0]) for r in conn.execute(query, bbox)}


def tile_feature_ids(page: Page, layer_id: str) -> set[int]:
    """Ids of the features drawn in the loaded vector tiles of ``layer_id``."""
    ids = page.evaluate(
        """id => { const layer = polisMap.entries[id].layer, out = new Set();
        for (const key in layer._vectorTiles) {
          for (const fid in layer._vectorTiles[key]._features) { out.add(Number(fid)); } }
        return [...out]; }""",
        layer_id,
    )
    return set(ids)


def drawn(page: Page, layer_id: str) -> int:
    return page.locator(f".leaflet-polis-{layer_id}-pane path.polis-feature").count()


# ----------------------------------------------------------------- every page, both sizes
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("map_page", PAGES, ids=[p.audience.value for p in PAGES])
def test_page_loads_cleanly_with_its_layers(
    browser: Browser, server: str, map_page: object, size: dict[str, int]
) -> None:
    path = map_page.path  # type: ignore[attr-defined]
    audience = map_page.audience  # type: ignore[attr-defined]
    page, watch = open_map(browser, server, path, viewport=size)
    try:
        specs = REGISTRY.for_audience(audience)
        tree = page.locator(".polis-tree .polis-layer-row[data-layer]")
        listed = [tree.nth(i).get_attribute("data-layer") for i in range(tree.count())]
        assert set(listed) == {s.id for s in specs} | {"online_basemap"}
        state = page.evaluate(
            "polisMap.order.map(e => ({id: e.cfg.id, visible: e.visible, error: e.error}))"
        )
        assert {s["id"] for s in state if s["visible"]} == {
            s.id for s in specs if s.default_visible
        }
        assert not any(s["error"] for s in state)
        assert page.evaluate("document.documentElement.lang") == "el"
        # Nothing sticks out of the screen (phone included).
        boxes = page.evaluate(
            "[...document.querySelectorAll('.leaflet-control')].map(e => e.getBoundingClientRect())"
            ".map(r => [r.left, r.right])"
        )
        assert all(left >= 0 and right <= size["width"] for left, right in boxes)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = f"webmap-{audience.value}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(SCREENSHOTS / name))
        watch.assert_clean()
    finally:
        page.context.close()


# ----------------------------------------------------------------- data drawn = database
def test_view_shows_the_database_features(citizen_map: tuple[Page, Watch], conn) -> None:
    page, watch = citizen_map
    for layer_id in ("businesses", "transit_stops", "green_areas"):
        assert drawn(page, layer_id) == count_in_view(conn, layer_id, view_bbox(page)) > 0
    # The large layers arrive as vector tiles: every feature in view is in a drawn tile.
    for layer_id in ("buildings", "trees", "roads"):
        in_view = ids_in_view(conn, layer_id, view_bbox(page))
        assert in_view and in_view <= tile_feature_ids(page, layer_id), layer_id
    assert page.locator(".leaflet-polis-buildings-pane canvas").count() > 0
    watch.assert_clean()


def test_toggling_a_layer_hides_and_shows_its_features(
    citizen_map: tuple[Page, Watch], conn
) -> None:
    page, watch = citizen_map
    expected = count_in_view(conn, "businesses", view_bbox(page))
    row = page.locator('.polis-layer-row[data-layer="businesses"] input')
    row.uncheck()
    assert drawn(page, "businesses") == 0
    row.check()
    wait_redrawn(page)
    assert drawn(page, "businesses") == expected
    trees = page.locator('.polis-layer-row[data-layer="trees"] input')
    assert page.locator(".leaflet-polis-trees-pane canvas").count() > 0
    trees.uncheck()
    assert page.locator(".leaflet-polis-trees-pane canvas").count() == 0
    trees.check()
    wait_redrawn(page)
    assert page.locator(".leaflet-polis-trees-pane canvas").count() > 0
    watch.assert_clean()


def test_a_new_row_in_the_database_shows_on_the_next_pan(
    citizen_map: tuple[Page, Watch], conn
) -> None:
    page, watch = citizen_map
    lat, lon = page.evaluate(
        "(() => { const c = polisMap.map.getCenter(); return [c.lat, c.lng]; })()"
    )
    row = conn.execute(
        "INSERT INTO businesses (name_el, name_en, category, geom) VALUES (%s, %s, %s, "
        "ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100)) RETURNING id",
        ("Καφενείο Δοκιμής", "Test café", BusinessCategory.CAFE.value, lon, lat),
    ).fetchone()
    assert row is not None
    try:
        assert page.locator(f'path[data-fid="{row[0]}"]').count() == 0
        page.evaluate("() => { polisMap.map.panBy([5, 5], {animate: false}); }")
        wait_redrawn(page)
        assert (
            page.locator(f'.leaflet-polis-businesses-pane path[data-fid="{row[0]}"]').count() == 1
        )
    finally:
        conn.execute("DELETE FROM businesses WHERE id = %s", (row[0],))
    watch.assert_clean()


# ----------------------------------------------------------------- popups and languages
def centre_on(page: Page, lat: float, lon: float, zoom: int = 19) -> None:
    page.evaluate(f"() => {{ polisMap.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }}")
    wait_redrawn(page)


def lonlat_of(conn: psycopg.Connection, table: str, fid: int) -> tuple[float, float]:
    query = f"SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(geom, 4326) g FROM {table} WHERE id = %s) t"  # noqa: S608
    row = conn.execute(query, (fid,)).fetchone()
    assert row is not None
    return float(row[0]), float(row[1])


def test_popup_of_a_business_shows_its_attributes_in_both_languages(
    citizen_map: tuple[Page, Watch], conn
) -> None:
    page, watch = citizen_map
    fid, name_el, name_en, category, phone = conn.execute(
        "SELECT id, name_el, name_en, category, phone FROM businesses "
        "WHERE phone IS NOT NULL AND name_en IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    lon, lat = lonlat_of(conn, "businesses", fid)
    centre_on(page, lat, lon)
    page.locator(f'.leaflet-polis-businesses-pane path[data-fid="{fid}"]').click()
    popup = page.locator(f'.polis-popup[data-layer="businesses"][data-fid="{fid}"]')
    assert popup.locator("h2").inner_text() == name_el
    assert popup.locator('[data-property="category"] th').inner_text() == "Κατηγορία"
    label = BusinessCategory(category)
    assert popup.locator('[data-property="category"] td').inner_text() == label.el
    assert popup.locator('[data-property="phone"] td').inner_text() == phone
    assert popup.locator(".polis-popup-layer").inner_text() == "Επιχειρήσεις"

    page.locator(".polis-lang").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert popup.locator("h2").inner_text() == name_en
    assert popup.locator('[data-property="category"] th').inner_text() == "Category"
    assert popup.locator('[data-property="category"] td').inner_text() == label.en
    for spec in REGISTRY.for_audience(Audience.CITIZENS):
        title = page.locator(f'.polis-layer-row[data-layer="{spec.id}"] .polis-layer-title')
        assert title.inner_text() == spec.title.en
    assert page.locator(".polis-search input").get_attribute("placeholder") == (
        "Businesses, streets, stops…"
    )
    page.locator(".polis-lang").click()
    assert popup.locator('[data-property="category"] td').inner_text() == label.el
    watch.assert_clean()


def test_popup_of_a_vector_tile_feature(citizen_map: tuple[Page, Watch], conn) -> None:
    page, watch = citizen_map
    # A tree with no other point within 8 m, so the click can only hit it.
    fid, species = conn.execute(
        "SELECT t.id, t.species_el FROM trees t WHERE NOT EXISTS (SELECT 1 FROM businesses b "
        "WHERE ST_DWithin(b.geom, t.geom, 8)) AND NOT EXISTS (SELECT 1 FROM transit_stops s "
        "WHERE ST_DWithin(s.geom, t.geom, 8)) AND NOT EXISTS (SELECT 1 FROM trees o "
        "WHERE o.id <> t.id AND ST_DWithin(o.geom, t.geom, 3)) ORDER BY t.id LIMIT 1"
    ).fetchone()
    lon, lat = lonlat_of(conn, "trees", fid)
    centre_on(page, lat, lon)
    box = page.locator(".leaflet-container").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(f'.polis-popup[data-layer="trees"][data-fid="{fid}"]')
    assert popup.locator("h2").inner_text() == species
    assert popup.locator('[data-property="species_el"] th').inner_text() == "Είδος"
    watch.assert_clean()


def test_english_is_one_link_away_and_remembered(browser: Browser, server: str) -> None:
    staff = page_for(Audience.STAFF)
    title = page_title(staff, load_profile(DEFAULT_PROFILE))  # the server's profile
    page, watch = open_map(browser, server, staff.path + "?lang=en")
    try:
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.title() == title.en
        assert page.locator(".polis-lang").inner_text() == "Ελληνικά"
        page.goto(server + staff.path)  # no parameter: the choice was remembered
        page.wait_for_function(DRAWN, timeout=30_000)
        assert page.title() == title.en
        page.locator(".polis-lang").click()
        assert page.title() == title.el
        assert page.locator(".polis-tree-toggle").inner_text() == "☰ Επίπεδα"
        watch.assert_clean()
    finally:
        page.context.close()


# ----------------------------------------------------------------- search and locate
@pytest.mark.parametrize(
    ("table", "sql_name"),
    [("businesses", "name_el"), ("roads", "name_el"), ("transit_stops", "name_el")],
)
def test_search_finds_and_opens_a_feature(
    citizen_map: tuple[Page, Watch], conn, table: str, sql_name: str
) -> None:
    page, watch = citizen_map
    query = f"SELECT id, {sql_name} FROM {table} WHERE {sql_name} IS NOT NULL ORDER BY id LIMIT 1"  # noqa: S608
    fid, name = conn.execute(query).fetchone()
    page.locator(".polis-search input").fill(name.lower())
    result = page.locator(f'.polis-search-results button[data-layer="{table}"]', has_text=name)
    result.first.click()
    popup = page.locator(f'.polis-popup[data-layer="{table}"]')
    assert popup.locator("h2").inner_text() == name
    wait_redrawn(page)
    watch.assert_clean()


def test_field_map_centres_on_the_crew_and_lists_the_nearest_trees(
    browser: Browser, server: str, conn
) -> None:
    lon, lat = 21.9205, 39.3642
    page, watch = open_map(
        browser,
        server,
        page_for(Audience.FIELD).path,
        viewport=PHONE,
        geolocation={"latitude": lat, "longitude": lon, "accuracy": 10},
        permissions=["geolocation"],
    )
    try:
        page.locator(".polis-locate").click()
        items = page.locator(".polis-nearest li button")
        items.nth(9).wait_for()
        centre = page.evaluate(
            "(() => { const c = polisMap.map.getCenter(); return [c.lat, c.lng]; })()"
        )
        assert centre == pytest.approx([lat, lon], abs=1e-5)
        rows = conn.execute(
            "SELECT id, ST_Distance(geom, ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100)) d "
            "FROM trees ORDER BY d LIMIT 10",
            (lon, lat),
        ).fetchall()
        listed = [float(items.nth(i).get_attribute("data-metres") or "nan") for i in range(10)]
        # Greek Grid vs spherical distances differ by well under 1 %.
        assert listed == pytest.approx([float(d) for _, d in rows], rel=0.01, abs=0.5)
        assert items.first.get_attribute("data-fid") == str(rows[0][0])
        items.first.click()
        assert (
            page.locator(f'.polis-popup[data-layer="trees"][data-fid="{rows[0][0]}"]').count() == 1
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "webmap-field-located-390x844.png"))
        watch.assert_clean()
    finally:
        page.context.close()


def test_no_request_leaves_our_server(citizen_map: tuple[Page, Watch]) -> None:
    page, watch = citizen_map
    scripts = page.evaluate("[...document.scripts].map(s => s.src).filter(Boolean)")
    sheets = page.evaluate("[...document.querySelectorAll('link[href]')].map(l => l.href)")
    assert scripts and sheets
    assert all(urlsplit(u).netloc == urlsplit(watch.origin).netloc for u in scripts + sheets)
    watch.assert_clean()
