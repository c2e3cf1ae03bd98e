"""Reading and purging the append-only audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg


async def audit_entries(
    conn: psycopg.AsyncConnection,
    *,
    layer: str | None = None,
    feature_id: int | None = None,
    since: dt.datetime | None = None,
    before_id: int | None = None,
    limit: int = 100,
    layers: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Newest first; ``before_id`` pages backwards; ``layers`` (None: all) bounds which
    layers' entries are read."""
    cur = await conn.execute(
        "SELECT id, at, actor_id, via, action, layer, feature_id, before, after FROM audit_log "
        "WHERE (%(layer)s::text IS NULL OR layer = %(layer)s) "
        "AND (%(fid)s::int IS NULL OR feature_id = %(fid)s) "
        "AND (%(since)s::timestamptz IS NULL OR at >= %(since)s) "
        "AND (%(before)s::bigint IS NULL OR id < %(before)s) "
        "AND (%(layers)s::text[] IS NULL OR layer = ANY(%(layers)s)) "
        "ORDER BY id DESC LIMIT %(limit)s",
        {
            "layer": layer,
            "fid": feature_id,
            "since": since,
            "before": before_id,
            "limit": limit,
            "layers": layers,
        },
    )
    names = ("id", "at", "actor_id", "via", "action", "layer", "feature_id", "before", "after")
    return [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]


def purge_audit(conn: psycopg.Connection, *, older_than_days: int) -> int:
    """Delete entries older than the retention period (GDPR); returns how many."""
    with conn.transaction():
        conn.execute("SET LOCAL polis.audit_purge = 'on'")
        cur = conn.execute(
            "DELETE FROM audit_log WHERE at < now() - make_interval(days => %s)",
            (older_than_days,),
        )
        return cur.rowcount
