"""The web map pages, one per audience: where each lives and which tools it offers."""

from __future__ import annotations

from dataclasses import dataclass

from layers.registry import Audience
from layers.registry.text import Text
from models.profile import MunicipalityProfile
from webmap.green_text import FIELD_TEXT, REPORT_TEXT


@dataclass(frozen=True)
class MapPage:
    """One web map page.

    Parameters
    ----------
    audience:
        Whose layers the page draws (``LayerSpec.audiences``).
    path:
        URL path of the page.
    title:
        Page title in Greek and English (the municipality's name follows it, see
        :func:`page_title`).
    locate:
        Offer the "locate me" button.
    nearest_layer:
        After locating, list the nearest features of this layer (the field map's trees).
    scripts:
        Extra page scripts of ours (deferred: they run after the map has started).
    manifest:
        URL of the web app manifest (the page installs as an app).
    texts:
        Extra UI texts of the page's own scripts.
    """

    audience: Audience
    path: str
    title: Text
    locate: bool = False
    nearest_layer: str | None = None
    scripts: tuple[str, ...] = ()
    manifest: str | None = None
    texts: tuple[tuple[str, Text], ...] = ()


PAGES: tuple[MapPage, ...] = (
    MapPage(
        Audience.CITIZENS,
        "/",
        Text("Χάρτης της πόλης", "City map"),
        locate=True,
        scripts=("/webmap/static/green.js",),
        texts=REPORT_TEXT,
    ),
    MapPage(
        Audience.CIVIL_PROTECTION,
        "/civil-protection",
        Text("Χάρτης πολιτικής προστασίας", "Civil-protection map"),
    ),
    MapPage(
        Audience.FIELD,
        "/field",
        Text("Χάρτης πεδίου — συνεργεία πρασίνου", "Field map — green-space crews"),
        locate=True,
        nearest_layer="trees",
        scripts=("/webmap/static/field.js",),
        manifest="/webmap/static/field.webmanifest",
        texts=FIELD_TEXT,
    ),
    MapPage(
        Audience.STAFF,
        "/staff",
        Text("Χάρτης υπηρεσιών του Δήμου", "Municipal staff map"),
    ),
)


def page_title(page: MapPage, profile: MunicipalityProfile) -> Text:
    """The title of ``page`` followed by the municipality's name, in Greek and English."""
    return Text(f"{page.title.el} — {profile.name.el}", f"{page.title.en} — {profile.name.en}")


def page_for(audience: Audience) -> MapPage:
    """The page of ``audience``."""
    return next(p for p in PAGES if p.audience is audience)
