"""The conformance classes Polis claims: only what works and is exercised by the tests.

pygeoapi's own list also names classes no Polis layer supports (for instance
create-replace-delete), so ``/ogc/conformance`` is answered from here.
"""

from __future__ import annotations

from html import escape

from layers.ogc.cql import CONFORMANCE as CQL2

FEATURES = "http://www.opengis.net/spec/ogcapi-features-{}/1.0/conf/{}"
TILES = "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{}"
COMMON = "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/{}"
PROCESSES = "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/{}"
#: OGC API – Routes is a draft standard: its core class as the draft names it.
ROUTES_CORE = "http://www.opengis.net/spec/ogcapi-routes-1/1.0.0-draft.1/conf/core"

CLASSES: tuple[str, ...] = (
    COMMON.format("core"),
    COMMON.format("landing-page"),
    COMMON.format("json"),
    COMMON.format("html"),
    COMMON.format("oas30"),
    FEATURES.format(1, "core"),
    FEATURES.format(1, "oas30"),
    FEATURES.format(1, "html"),
    FEATURES.format(1, "geojson"),
    FEATURES.format(2, "crs"),
    FEATURES.format(4, "create-replace-delete"),
    FEATURES.format(4, "update"),
    FEATURES.format(3, "queryables"),
    FEATURES.format(3, "queryables-query-parameters"),
    FEATURES.format(3, "filter"),
    FEATURES.format(3, "features-filter"),
    *CQL2,
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/sorting",
    TILES.format("core"),
    TILES.format("tileset"),
    TILES.format("tilesets-list"),
    TILES.format("geodata-tilesets"),
    TILES.format("mvt"),
    *(
        PROCESSES.format(c)
        for c in ("core", "ogc-process-description", "json", "job-list", "dismiss")
    ),
    ROUTES_CORE,
)


def conformance_document() -> dict[str, list[str]]:
    """The JSON body of ``/conformance``."""
    return {"conformsTo": list(CLASSES)}


def conformance_html() -> str:
    """A plain bilingual HTML rendering of the same list."""
    items = "\n".join(f'<li><a href="{escape(c)}">{escape(c)}</a></li>' for c in CLASSES)
    return (
        '<!doctype html><html lang="el"><head><meta charset="utf-8">'
        "<title>Συμμόρφωση / Conformance — Polis</title></head><body>"
        "<h1>Κλάσεις συμμόρφωσης / Conformance classes</h1>"
        f"<ul>\n{items}\n</ul></body></html>"
    )
