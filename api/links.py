"""Links of OGC API responses (self, alternate, collection, paging)."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"


def url(base: str, path: str, params: Mapping[str, str] | None = None) -> str:
    """``base`` + ``path`` with the query ``params`` (none when empty)."""
    query = urlencode(dict(params or {}))
    return f"{base.rstrip('/')}{path}{'?' + query if query else ''}"


def link(href: str, rel: str, media_type: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def items_links(
    base: str,
    path: str,
    params: Mapping[str, str],
    *,
    offset: int,
    limit: int,
    returned: int,
    more: bool = False,
) -> list[dict[str, str]]:
    """self/alternate/collection links of an items page, plus next and prev when they exist
    (``more``: the page was cut short before ``limit``, so the next one starts after it)."""
    query = {k: v for k, v in params.items() if k != "f"}
    collection = path.rsplit("/items", 1)[0]
    out = [
        link(url(base, path, {**query, "f": "json"}), "self", GEOJSON, "This page (GeoJSON)"),
        link(url(base, path, {**query, "f": "html"}), "alternate", HTML, "This page (HTML)"),
        link(url(base, collection, {"f": "json"}), "collection", JSON, "The collection"),
    ]
    if returned == limit or more:
        nxt = {**query, "f": "json", "offset": str(offset + returned), "limit": str(limit)}
        out.append(link(url(base, path, nxt), "next", GEOJSON, "Next page"))
    if offset > 0:
        prev = {**query, "f": "json", "offset": str(max(0, offset - limit)), "limit": str(limit)}
        out.append(link(url(base, path, prev), "prev", GEOJSON, "Previous page"))
    return out


def item_links(base: str, path: str, collection_path: str) -> list[dict[str, str]]:
    """self/alternate/collection links of one feature."""
    return [
        link(url(base, path, {"f": "json"}), "self", GEOJSON, "This feature (GeoJSON)"),
        link(url(base, path, {"f": "html"}), "alternate", HTML, "This feature (HTML)"),
        link(url(base, collection_path, {"f": "json"}), "collection", JSON, "The collection"),
    ]
