"""The web map pages as generated HTML: registry-driven, no data baked in, no CDN."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from layers.db.profile import load_profile
from layers.db.settings import DEFAULT_PROFILE
from layers.registry import Audience, LayerSpec, Registry, Style, default_registry
from layers.registry.text import Text
from models import Business
from models.enums import BusinessCategory
from webmap.assets import (
    APP_SCRIPTS,
    NODE_MODULES,
    SCRIPTS,
    STATIC_DIR,
    STATIC_URL,
    STYLESHEETS,
    VENDOR_PACKAGES,
    VENDOR_URL,
    missing_vendor_packages,
)
from webmap.audiences import PAGES, page_for, page_title
from webmap.layer_config import layer_config, value_labels
from webmap.page import page_config, render_page
from webmap.ui_text import UI_TEXT

REGISTRY = default_registry()
PROFILE = load_profile(DEFAULT_PROFILE)
CONFIG = re.compile(r"Polis\.start\(\w+, (\{.*\})\);", re.S)


class Links(HTMLParser):
    """Collects the URLs a page loads (scripts, style sheets, icons)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.urls.append(str(found["src"]))
        if tag == "link" and found.get("href"):
            self.urls.append(str(found["href"]))


def embedded_config(html: str) -> dict:
    match = CONFIG.search(html)
    assert match, "the page does not start the page script"
    return json.loads(match.group(1))


@pytest.mark.parametrize("page", PAGES, ids=[p.audience.value for p in PAGES])
def test_page_loads_only_our_own_assets(page) -> None:
    html = render_page(page, REGISTRY, PROFILE)
    links = Links()
    links.feed(html)
    assert links.urls, "no assets linked"
    assert all(u.startswith((STATIC_URL, VENDOR_URL)) for u in links.urls), links.urls
    positions = [links.urls.index(url) for url in APP_SCRIPTS]
    assert positions == sorted(positions) and positions[0] > links.urls.index(SCRIPTS[-1][1])
    assert "cdn" not in html.lower() and "jquery" not in html.lower()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="el">' in html
    assert f"<title>{page_title(page, PROFILE).el}</title>" in html


@pytest.mark.parametrize("page", PAGES, ids=[p.audience.value for p in PAGES])
def test_page_config_comes_from_the_registry_and_holds_no_features(page) -> None:
    html = render_page(page, REGISTRY, PROFILE)
    config = embedded_config(html)
    specs = REGISTRY.for_audience(page.audience)
    assert [layer["id"] for layer in config["layers"]] == [s.id for s in specs]
    for layer, spec in zip(config["layers"], specs, strict=True):
        assert layer["title"] == spec.title.as_dict()
        assert layer["items"] == f"/ogc/collections/{spec.id}/items"
        assert (layer["tiles"] is not None) is spec.tiles
        assert layer["visible"] is spec.default_visible
        assert [p["name"] for p in layer["properties"]] == [p.name for p in spec.properties]
    assert "FeatureCollection" not in html and '"coordinates"' not in html
    assert config["path"] == page.path and config["locate"] is page.locate


def test_every_label_exists_in_greek_and_english() -> None:
    for layer in REGISTRY:
        for prop in layer_config(layer, ogc_url="/ogc")["properties"]:
            assert prop["label"]["el"] and prop["label"]["en"], (layer.id, prop["name"])
    for key, text in UI_TEXT.items():
        assert text.el and text.en and text.el != text.en or key == "language", key


def test_enumerated_values_carry_their_labels() -> None:
    labels = value_labels(REGISTRY.get("businesses"))
    assert labels["category"][BusinessCategory.CAFE.value] == {
        "el": BusinessCategory.CAFE.el,
        "en": BusinessCategory.CAFE.en,
    }
    assert "name_el" not in labels


def test_search_uses_the_searchable_layers_names() -> None:
    searchable = {s.id: layer_config(s, ogc_url="/ogc")["searchFields"] for s in REGISTRY}
    assert searchable["businesses"] == ["name_el", "name_en"]
    assert searchable["roads"] == ["name_el", "name_en"]
    assert searchable["transit_stops"] == ["name_el", "name_en"]
    assert searchable["trees"] == []


def test_field_map_locates_and_lists_trees() -> None:
    config = page_config(page_for(Audience.FIELD), REGISTRY, PROFILE)
    assert config["locate"] and config["nearestLayer"] == "trees"
    assert "trees" in [layer["id"] for layer in config["layers"]]
    assert not page_config(page_for(Audience.STAFF), REGISTRY, PROFILE)["locate"]


def test_script_closing_tags_in_texts_cannot_end_the_inline_script() -> None:
    hostile = LayerSpec(
        id="businesses",
        model=Business,
        title=Text("</script><b>x", "</script>"),
        description=Text("d", "d"),
        audiences=frozenset({Audience.CITIZENS}),
        style=Style(),
    )
    html = render_page(page_for(Audience.CITIZENS), Registry([hostile]), PROFILE)
    assert "</script><b>" not in html
    assert embedded_config(html)["layers"][0]["title"]["el"] == "</script><b>x"


def test_offline_basemap_is_drawn_from_our_own_layers() -> None:
    config = page_config(page_for(Audience.CITIZENS), REGISTRY, PROFILE)
    basemap = {layer["id"] for layer in config["layers"] if layer["basemap"]}
    assert {"roads", "buildings", "green_areas"} <= basemap
    assert all(layer["visible"] for layer in config["layers"] if layer["basemap"])


def test_browser_assets_are_installed_and_our_own_files_exist() -> None:
    assert missing_vendor_packages() == [], f"run ./setup.sh (npm ci in {NODE_MODULES.parent})"
    for _, url in (*SCRIPTS, *STYLESHEETS):
        if url.startswith(VENDOR_URL):
            package = next(p for p in VENDOR_PACKAGES if url.startswith(p.url + "/"))
            assert (package.directory / url.removeprefix(package.url + "/")).is_file(), url
        else:
            assert (STATIC_DIR / url.removeprefix(STATIC_URL + "/")).is_file(), url
    for url in APP_SCRIPTS:
        assert (STATIC_DIR / url.removeprefix(STATIC_URL + "/")).is_file(), url


def test_missing_npm_assets_are_reported_with_the_fix(monkeypatch, tmp_path) -> None:
    import webmap.assets as assets

    monkeypatch.setattr(assets, "NODE_MODULES", tmp_path / "node_modules")
    assert assets.missing_vendor_packages() == [
        "leaflet",
        "leaflet.vectorgrid",
        "bootstrap",
        "swagger-ui-dist",
    ]
    with pytest.raises(assets.WebAssetsMissing, match=r"setup\.sh") as caught:
        assets.check_vendor_assets()
    assert caught.value.status == 503
