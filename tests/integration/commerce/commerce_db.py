"""Helpers of the commerce tests: put businesses in a database, search it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import psycopg

from layers.commerce.hours import parse_hours
from layers.commerce.search import GuideQuery, search_businesses

#: Karditsa's central square (CRS84).
SQUARE = (21.9218, 39.3650)


def add_business(
    conn: psycopg.Connection,
    name_el: str,
    name_en: str,
    category: str = "other",
    hours: str | None = None,
    east: float = 0.0,
    north: float = 0.0,
) -> int:
    """A business ``east``/``north`` metres from :data:`SQUARE`; its id."""
    row = conn.execute(
        "INSERT INTO businesses (name_el, name_en, category, opening_hours, hours, geom) "
        "VALUES (%s, %s, %s, %s, %s, ST_Translate(ST_Transform(ST_SetSRID("
        "ST_MakePoint(%s, %s), 4326), 2100), %s, %s)) RETURNING id",
        (
            name_el,
            name_en,
            category,
            hours,
            json.dumps(parse_hours(hours).to_json()) if hours else None,
            *SQUARE,
            east,
            north,
        ),
    ).fetchone()
    assert row is not None
    return int(row[0])


def run_search(dsn: str, query: GuideQuery) -> list[dict[str, Any]]:
    async def go() -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as c:
            return await search_businesses(c, query)

    return asyncio.run(go())
