"""Paging links of item pages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from api.links import items_links

BASE = "http://example.test"
PATH = "/ogc/collections/trees/items"


def rels(links: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {link["rel"]: link for link in links}


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_next_only_when_the_page_is_full() -> None:
    full = rels(items_links(BASE, PATH, {"limit": "5"}, offset=0, limit=5, returned=5))
    assert query(full["next"]["href"])["offset"] == ["5"]
    assert "prev" not in full
    short = rels(items_links(BASE, PATH, {"limit": "5"}, offset=5, limit=5, returned=3))
    assert "next" not in short
    assert query(short["prev"]["href"])["offset"] == ["0"]


def test_links_keep_the_query_and_switch_format() -> None:
    params = {"bbox": "21.9,39.3,22,39.4", "f": "json", "limit": "2"}
    links = rels(items_links(BASE, PATH, params, offset=4, limit=2, returned=2))
    assert query(links["next"]["href"])["bbox"] == ["21.9,39.3,22,39.4"]
    assert query(links["alternate"]["href"])["f"] == ["html"]
    assert links["self"]["type"] == "application/geo+json"
    assert links["collection"]["href"].startswith(f"{BASE}/ogc/collections/trees?")
