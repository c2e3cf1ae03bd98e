"""The live channel's database side: notifications of changed features (LISTEN on
``LIVE_CHANNEL``, reconnecting) and the changed features themselves as GeoJSON (CRS84)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

import orjson
import psycopg
from psycopg import sql

from layers.db.settings import DatabaseSettings
from layers.registry.spec import LayerSpec
from layers.sensors import LIVE_CHANNEL

log = logging.getLogger("polis.live")


async def notifications(settings: DatabaseSettings) -> AsyncIterator[dict[str, Any]]:
    """Every notification on the live channel, decoded; reconnects after an outage
    (and then yields ``{"layer": None}``: anything may have changed meanwhile)."""
    pause = 0.5
    lost = False
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(
                settings.dsn, autocommit=True, connect_timeout=5
            ) as conn:
                await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(LIVE_CHANNEL)))
                pause = 0.5
                if lost:
                    yield {"layer": None}
                async for note in conn.notifies():
                    try:
                        body = orjson.loads(note.payload)
                    except orjson.JSONDecodeError:
                        continue
                    if isinstance(body, dict):
                        yield body
        except psycopg.OperationalError as exc:
            log.warning("live channel lost (%s); listening again in %.1f s", exc, pause)
            lost = True
            await asyncio.sleep(pause)
            pause = min(pause * 2, 10.0)


async def features_by_id(
    conn: psycopg.AsyncConnection[Any], spec: LayerSpec, ids: Sequence[int]
) -> list[dict[str, Any]]:
    """GeoJSON features (CRS84) of ``spec``'s rows ``ids``, with the properties the
    anonymous view publishes (callers filter by the subscriber's rights first)."""
    props = sql.SQL(", ").join(
        sql.SQL("{}, t.{}").format(sql.Literal(p.name), sql.Identifier(p.name))
        for p in spec.properties
    )
    query = sql.SQL(
        "SELECT json_build_object('type', 'Feature', 'id', t.id, 'geometry', "
        "ST_AsGeoJSON(ST_Transform(t.geom, 4326), 7)::json, 'properties', "
        "json_build_object({}))::text FROM {} AS t WHERE t.id = ANY(%s)"
    ).format(props, sql.Identifier(spec.table_name))
    cur = await conn.execute(query, (list(ids),))
    return [orjson.loads(row[0]) for row in await cur.fetchall()]
