"""Market-day street closures: made from each market day's stall layout (the roads the
stalls stand on, from set-up before opening to clean-up after closing), stored as
time-bound closures, and read back by time — :func:`closures_at` and
:func:`closed_road_ids` are what routing asks ("which streets are closed at t?")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import psycopg
import shapely
from psycopg import AsyncConnection

from layers.commerce.moments import ATHENS
from models.enums import Weekday
from models.errors import NotFound

WEEKDAYS = tuple(Weekday)
#: How far around the stalls a road counts as taken by the market (metres).
STALL_REACH_M = 6.0


@dataclass(frozen=True)
class Closure:
    id: int
    market_id: int
    valid_from: dt.datetime
    valid_to: dt.datetime
    geom: Any  # shapely MultiLineString, EPSG:2100


def market_days(
    weekday: str, opens: dt.time, closes: dt.time, setup_minutes: int, start: dt.date, days: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(from, to) of each market day in ``days`` days from ``start``: set-up time before
    opening to the same time after closing, Athens time."""
    margin = dt.timedelta(minutes=setup_minutes)
    out = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        if WEEKDAYS[day.weekday()].value != weekday:
            continue
        begin = dt.datetime.combine(day, opens, ATHENS) - margin
        end = dt.datetime.combine(day, closes, ATHENS) + margin
        out.append((begin, end))
    return out


async def make_closures(
    conn: AsyncConnection[Any], market_id: int, start: dt.date, days: int
) -> list[dict[str, Any]]:
    """Closures of the market's days from ``start`` (made again if they exist)."""
    cur = await conn.execute(
        "SELECT weekday, opens, closes, setup_minutes, coalesce(name_el, ''), "
        "coalesce(name_en, '') FROM markets WHERE id = %s",
        (market_id,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"no market {market_id} / δεν υπάρχει η λαϊκή αγορά", field="market_id")
    weekday, opens, closes, setup, name_el, name_en = row
    out = []
    async with conn.transaction():
        for begin, end in market_days(weekday, opens, closes, setup, start, days):
            cur = await conn.execute(
                CLOSURE_SQL,
                {
                    "market": market_id,
                    "begin": begin,
                    "end": end,
                    "reach": STALL_REACH_M,
                    "el": f"Λαϊκή αγορά: {name_el}"[:200],
                    "en": f"Street market: {name_en}"[:200],
                },
            )
            made = await cur.fetchone()
            if made is not None:
                out.append({"id": made[0], "valid_from": begin, "valid_to": end})
    return out


#: The roads under the market's stalls (or its streets, without a layout), cut to them.
CLOSURE_SQL = """
WITH taken AS (
  SELECT coalesce(
    (SELECT ST_Union(ST_Buffer(s.geom, %(reach)s)) FROM market_stalls s
      WHERE s.market_id = %(market)s),
    (SELECT ST_Buffer(m.geom, %(reach)s) FROM markets m WHERE m.id = %(market)s)) AS area
), cut AS (
  SELECT ST_Multi(ST_CollectionExtract(ST_Union(ST_Intersection(r.geom, t.area)), 2)) AS geom
  FROM roads r, taken t WHERE ST_Intersects(r.geom, t.area)
)
INSERT INTO street_closures (market_id, valid_from, valid_to, reason_el, reason_en, geom)
SELECT %(market)s, %(begin)s, %(end)s, %(el)s, %(en)s, cut.geom FROM cut
WHERE cut.geom IS NOT NULL AND NOT ST_IsEmpty(cut.geom)
ON CONFLICT (market_id, valid_from) DO UPDATE
  SET valid_to = EXCLUDED.valid_to, geom = EXCLUDED.geom
RETURNING id
"""


def closures_at(conn: psycopg.Connection[Any], when: dt.datetime) -> list[Closure]:
    """The closures in force at ``when`` (aware datetime)."""
    rows = conn.execute(
        "SELECT id, market_id, valid_from, valid_to, ST_AsBinary(geom) FROM street_closures "
        "WHERE valid_from <= %s AND %s < valid_to ORDER BY id",
        (when, when),
    ).fetchall()
    return [Closure(r[0], r[1], r[2], r[3], shapely.from_wkb(bytes(r[4]))) for r in rows]


def closed_road_ids(conn: psycopg.Connection[Any], when: dt.datetime) -> set[int]:
    """Ids of the ``roads`` features that a closure in force at ``when`` runs along (more
    than a metre of them inside it): the edges a router leaves out."""
    rows = conn.execute(
        "SELECT DISTINCT r.id FROM street_closures c JOIN roads r "
        "ON ST_DWithin(r.geom, c.geom, 0.5) WHERE c.valid_from <= %s AND %s < c.valid_to "
        "AND ST_Length(ST_Intersection(r.geom, ST_Buffer(c.geom, 0.5))) > 1",
        (when, when),
    ).fetchall()
    return {int(r[0]) for r in rows}


async def make_all_closures(conn: AsyncConnection[Any], start: dt.date, days: int) -> int:
    """Closures of every market's days from ``start`` (the demo's coming market days)."""
    cur = await conn.execute("SELECT id FROM markets ORDER BY id")
    made = 0
    for (market_id,) in await cur.fetchall():
        made += len(await make_closures(conn, market_id, start, days))
    return made
