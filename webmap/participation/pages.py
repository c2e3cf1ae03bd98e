"""The participation pages rendered from their templates (Greek first; the page script
switches to English and fills the content from the API)."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from models.profile import MunicipalityProfile
from webmap.assets import FAVICON, LEAFLET, STATIC_URL
from webmap.participation.text import TEXT, texts

TEMPLATES = Path(__file__).resolve().parent / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def render(kind: str, profile: MunicipalityProfile) -> str:
    """The HTML of ``kind`` ('participation' or 'consultations') for ``profile``."""
    config = {
        "kind": kind,
        "text": texts(),
        "municipality": profile.name.as_dict(),
        "centre": [profile.centre.lat, profile.centre.lon],
        "zoom": profile.zoom,
    }
    return ENV.get_template(f"{kind}.html").render(
        t={key: text.el for key, text in TEXT.items()},
        municipality=profile.name.el,
        config=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        static=STATIC_URL,
        leaflet=LEAFLET.url,
        favicon=FAVICON,
    )


def nav_links() -> str:
    """The links from the citizen map to the participation pages (Greek and English)."""
    links = "".join(
        f'<li><a href="/{key}"><span lang="el">{TEXT[key].el}</span> · '
        f'<span lang="en">{TEXT[key].en}</span></a></li>'
        for key in ("participation", "consultations")
    )
    # Inline style: the map page's own stylesheet is shared by every audience.
    style = (
        "position:absolute;top:10px;left:50%;transform:translateX(-50%);"
        "max-width:calc(100% - 130px);z-index:1000;background:#fff;"
        "padding:4px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.4);"
        "font:14px/1.6 system-ui,sans-serif"
    )
    return (
        f'<nav class="polis-participation-links" style="{style}" aria-label="'
        f'{TEXT["participation"].el} · {TEXT["consultations"].el}">'
        f'<ul style="list-style:none;margin:0;padding:0">{links}</ul></nav>'
    )
