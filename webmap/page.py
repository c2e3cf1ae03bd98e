"""The HTML of a web map page: a folium (Leaflet) map wired to our page script.

folium builds the page skeleton and the Leaflet map; the assets it links are ours
(served by Polis, see :mod:`webmap.assets`), never a CDN. The page script
(``static/polis-*.js``) receives the map and a JSON configuration built from the
registry, and draws every layer live from the OGC API.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from layers.registry import Audience, Registry
from models.profile import MunicipalityProfile
from webmap.assets import APP_SCRIPTS, FAVICON, SCRIPTS, STYLESHEETS
from webmap.audiences import PAGES, MapPage, page_title
from webmap.layer_config import audience_layers
from webmap.mobility_text import mobility_config
from webmap.participation.pages import nav_links
from webmap.ui_text import ui_texts

#: Where the page script finds the OGC API (same origin as the page).
OGC_URL = "/ogc"
#: The optional online raster basemap (off by default; the offline basemap is ours).
ONLINE_BASEMAP = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "© OpenStreetMap contributors",
}


class PolisMap(folium.Map):
    """A folium map that links Polis's own copies of Leaflet (no CDN, no jQuery/Bootstrap)."""

    default_js = [*SCRIPTS, *((url.rsplit("/", 1)[-1], url) for url in APP_SCRIPTS)]
    default_css = list(STYLESHEETS)


class PolisApp(MacroElement):
    """Starts the page script on the map with the page's configuration."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
    Polis.start({{ this._parent.get_name() }}, {{ this.config_json }});
{% endmacro %}
"""
    )

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "PolisApp"
        # "</" would end the inline script early; JSON allows "<\/".
        self.config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")


def page_config(page: MapPage, registry: Registry, profile: MunicipalityProfile) -> dict[str, Any]:
    """The JSON configuration of ``page`` handed to the page script (the municipality's
    name, map centre and zoom from ``profile``)."""
    nearest = page.nearest_layer if page.nearest_layer in registry else None
    return {
        "audience": page.audience.value,
        "title": page_title(page, profile).as_dict(),
        "pages": [{"path": p.path, "title": p.title.as_dict()} for p in PAGES],
        "path": page.path,
        "ogc": OGC_URL,
        "home": {"center": _home(profile), "zoom": profile.zoom},
        "locate": page.locate,
        "nearestLayer": nearest,  # None when its domain is not enabled
        "onlineBasemap": ONLINE_BASEMAP,
        "text": ui_texts(profile) | {k: t.as_dict() for k, t in page.texts},
        "layers": audience_layers(registry, page.audience, ogc_url=OGC_URL),
        "mobility": mobility_config(page),
    }


def _home(profile: MunicipalityProfile) -> list[float]:
    """Where the map opens, as Leaflet wants it: [lat, lon]."""
    return [profile.centre.lat, profile.centre.lon]


def render_page(page: MapPage, registry: Registry, profile: MunicipalityProfile) -> str:
    """The complete HTML document of ``page`` for ``profile``'s municipality (Greek
    first; the script offers English)."""
    fmap = PolisMap(
        location=_home(profile),
        zoom_start=profile.zoom,
        tiles=None,
        control_scale=True,
        max_zoom=20,
        min_zoom=8,
    )
    root = fmap.get_root()
    assert isinstance(root, Figure)
    title = page_title(page, profile).el
    root.header.add_child(Element(f"<title>{escape(title)}</title>"), name="title")
    root.header.add_child(
        Element(f'<link rel="icon" type="image/svg+xml" href="{FAVICON}">'), name="icon"
    )
    for src in page.scripts:
        root.header.add_child(Element(f'<script defer src="{escape(src)}"></script>'), name=src)
    if page.manifest:
        root.header.add_child(
            Element(f'<link rel="manifest" href="{escape(page.manifest)}">'), name="manifest"
        )
    fmap.add_child(PolisApp(page_config(page, registry, profile)))
    if page.audience is Audience.CITIZENS:
        root.html.add_child(Element(nav_links()), name="participation_links")
    html = root.render()
    return html.replace("<html>", '<html lang="el">', 1)
