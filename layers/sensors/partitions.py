"""Daily range partitions of ``sensor_observations``: created ahead of time, dropped
whole after the retention (never deleted row by row)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import psycopg
from psycopg import sql

PARENT = "sensor_observations"
_NAME = re.compile(r"^sensor_observations_p(\d{8})$")
#: Serialises partition maintenance between the ingest, the demo and the tests.
_LOCK = 0x5E550B5


@dataclass(frozen=True)
class PartitionChange:
    created: list[str]
    dropped: list[str]


def partition_name(day: dt.date) -> str:
    """``sensor_observations_pYYYYMMDD``."""
    return f"{PARENT}_p{day:%Y%m%d}"


def existing_partitions(conn: psycopg.Connection) -> dict[dt.date, str]:
    """The partitions of the observations table by their day."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass",
        (PARENT,),
    ).fetchall()
    out = {}
    for (name,) in rows:
        found = _NAME.match(name)
        if found:
            out[dt.datetime.strptime(found.group(1), "%Y%m%d").date()] = name  # noqa: DTZ007
    return out


def maintain_partitions(
    conn: psycopg.Connection,
    *,
    retention_days: int,
    ahead_days: int,
    today: dt.date | None = None,
) -> PartitionChange:
    """Create the partitions from ``today - retention_days`` to ``today + ahead_days``
    (UTC days) and drop those wholly older than the retention; one transaction."""
    today = today or dt.datetime.now(dt.UTC).date()
    first = today - dt.timedelta(days=retention_days)
    created: list[str] = []
    dropped: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        have = existing_partitions(conn)
        for day, name in sorted(have.items()):
            if day < first:
                conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(name)))
                dropped.append(name)
        for offset in range(retention_days + ahead_days + 1):
            day = first + dt.timedelta(days=offset)
            if day in have:
                continue
            start = dt.datetime.combine(day, dt.time(), dt.UTC)
            conn.execute(
                sql.SQL("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})").format(
                    sql.Identifier(partition_name(day)),
                    sql.Identifier(PARENT),
                    sql.Literal(start),
                    sql.Literal(start + dt.timedelta(days=1)),
                )
            )
            created.append(partition_name(day))
    return PartitionChange(created, dropped)
