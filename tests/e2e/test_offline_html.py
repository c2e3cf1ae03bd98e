"""The OGC API's HTML pages work offline (Debian's Chromium driven by Playwright).

pygeoapi's own templates load Bootstrap, Leaflet and Swagger UI from CDNs and draw maps
on tile.openstreetmap.org. Polis overrides them (``webmap/pygeoapi_templates``): every
asset comes from Polis itself and the maps draw Polis's own basemap layers. Here every
request to a host other than 127.0.0.1/localhost is aborted and recorded, and each page
must load with no blocked request, no failed request and no console error, styled by
Bootstrap, with its map drawn (basemap tiles and features) or Swagger UI rendered.
Screenshots go to ``var/screenshots/`` (not committed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Response, Route

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "var" / "screenshots"
TEMPLATES = REPO / "webmap" / "pygeoapi_templates"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
VIEWPORT = {"width": 1280, "height": 1000}
DRAWN = "window.PolisOgc !== undefined && window.PolisOgc.isDrawn()"


@dataclass
class Watch:
    """What a page did that an offline user would see as broken."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [], "requests that left Polis"
        assert self.failed == [], "requests that failed"
        assert self.console_errors == [], "console errors"


def is_local(url: str) -> bool:
    """Whether ``url`` stays on this machine (Polis itself, or inline data)."""
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob"} or parts.hostname in LOCAL_HOSTS


def open_offline(browser: Browser, url: str, *, locale: str = "el-GR") -> tuple[Page, Watch]:
    """Open ``url`` with every request to another host aborted (and recorded)."""
    context = browser.new_context(viewport=VIEWPORT, locale=locale)  # type: ignore[arg-type]
    page = context.new_page()
    watch = Watch()

    def only_local(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            watch.blocked.append(route.request.url)
            route.abort()

    def on_failed(request: Request) -> None:
        if is_local(request.url):
            watch.failed.append(f"{request.url}: {request.failure}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            watch.failed.append(f"{response.url}: HTTP {response.status}")

    page.route("**/*", only_local)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
    page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
    page.goto(url)
    return page, watch


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"offline-{name}.png"), full_page=full_page)


def assert_bootstrap_styled(page: Page) -> None:
    """Bootstrap's style sheet applied (its custom properties and its navbar layout)."""
    styles = page.evaluate(
        """() => ({
          blue: getComputedStyle(document.documentElement).getPropertyValue('--bs-blue').trim(),
          navbar: getComputedStyle(document.querySelector('.navbar')).display,
          font: getComputedStyle(document.body).fontFamily,
        })"""
    )
    assert styles["blue"] == "#0d6efd", styles
    assert styles["navbar"] == "flex", styles
    assert "system-ui" in styles["font"], styles


def assert_map_drawn(page: Page, overlay: str) -> dict[str, int]:
    """The Leaflet map drew its basemap (vector tiles and GeoJSON) and ``overlay`` paths."""
    page.wait_for_function(DRAWN, timeout=30_000)
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator(".leaflet-tile-loaded").count() > 0, "no basemap tile drawn"
    assert page.locator(f".leaflet-overlay-pane path.{overlay}").count() > 0
    (drawn,) = page.evaluate("PolisOgc.drawn()")
    assert sum(drawn.values()) > 0, drawn
    assert drawn["buildings"] + drawn["roads"] > 0, drawn  # the vector-tile layers
    return drawn


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


MAP_PAGES = [
    ("/ogc/collections/buildings", "polis-extent"),
    ("/ogc/collections/buildings/items?f=html", "polis-feature"),
    ("/ogc/collections/buildings/items/1?f=html", "polis-feature"),
    ("/ogc/collections/trees", "polis-extent"),
    ("/ogc/collections/trees/items?f=html&limit=100", "polis-feature"),
    ("/ogc/collections/trees/items/1?f=html", "polis-feature"),
]


@pytest.mark.parametrize(("path", "overlay"), MAP_PAGES)
def test_map_pages_work_offline(browser: Browser, server: str, path: str, overlay: str) -> None:
    page, watch = open_offline(browser, server + path)
    try:
        drawn = assert_map_drawn(page, overlay)
        page.wait_for_load_state("networkidle")
        assert_bootstrap_styled(page)
        assert page.locator(".polis-crumbs").get_by_text("Συλλογές").count() == 1
        screenshot(page, slug(path))
        watch.assert_clean()
        if "/items" in path and "/items/" not in path:
            # the page's own features and the basemap around them: GeoJSON layers too
            assert drawn["boundaries"] + drawn["waterways"] + drawn["green_areas"] > 0, drawn
    finally:
        page.context.close()


def test_tiles_page_draws_the_collection_tiles(browser: Browser, server: str) -> None:
    page, watch = open_offline(browser, f"{server}/ogc/collections/roads/tiles?f=html")
    try:
        page.wait_for_function(DRAWN, timeout=30_000)
        page.wait_for_load_state("networkidle")
        # the basemap's tiles and the collection's own, all from Polis's tile route
        tiles = page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(n => n.includes('/tiles/WebMercatorQuad/'))"
        )
        assert any("collections/roads/tiles" in t for t in tiles), tiles
        assert page.locator(".leaflet-tile-loaded").count() > 0
        assert_bootstrap_styled(page)
        screenshot(page, "roads-tiles")
        watch.assert_clean()
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("path", "locale", "text"),
    [
        ("/ogc", "el-GR", "Συλλογές"),
        ("/ogc?f=html&lang=en", "el-GR", "Collections"),
        ("/ogc/collections?f=html", "en-GB", "Collections"),
        ("/ogc/collections/trees/schema?f=html", "el-GR", "Συλλογές"),
        ("/ogc/collections/trees/queryables?f=html", "el-GR", "Συλλογές"),
    ],
)
def test_pages_without_a_map_are_styled_offline(
    browser: Browser, server: str, path: str, locale: str, text: str
) -> None:
    page, watch = open_offline(browser, server + path, locale=locale)
    try:
        page.wait_for_load_state("networkidle")
        assert_bootstrap_styled(page)
        assert page.locator("header.polis-header").get_by_text(text, exact=True).count() == 1
        screenshot(page, slug(path))
        watch.assert_clean()
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["/ogc/openapi?f=html", "/ogc/openapi?f=html&ui=redoc"])
def test_openapi_page_renders_swagger_ui_offline(browser: Browser, server: str, path: str) -> None:
    page, watch = open_offline(browser, server + path)
    try:
        # the document read and its operations listed (Swagger UI renders the tag
        # sections as they scroll into view: the first ones are enough here)
        paths = page.locator(".swagger-ui .opblock-summary-path")
        paths.filter(has_text=re.compile(r"^/collections$")).wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        assert page.locator(".swagger-ui .opblock-tag").count() > 1
        assert "Πολίς" in page.locator(".swagger-ui .info .title").inner_text()
        # swagger-ui.css applied: the method badges are coloured blocks
        method = page.evaluate(
            "() => getComputedStyle(document.querySelector('.opblock-summary-method'))"
            ".backgroundColor"
        )
        assert method not in {"", "rgba(0, 0, 0, 0)", "transparent"}, method
        screenshot(page, slug(path), full_page=False)  # the rest renders on scrolling
        watch.assert_clean()
    finally:
        page.context.close()


#: Where a template may point outside Polis: plain links a user may follow, never assets.
ASSET = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*?(?:src|href)=["']https?://""", re.I)


def test_templates_load_no_external_asset() -> None:
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert templates
    offenders = [str(p.relative_to(REPO)) for p in templates if ASSET.search(p.read_text())]
    assert offenders == []
