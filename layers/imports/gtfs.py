"""Storing a validated GTFS feed: the ``gtfs_*`` tables, replaced as a whole."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
import shapely
from psycopg import sql

from models.base import STORAGE_SRID
from models.errors import InvalidInput

#: Tables in foreign-key order (referenced first).
GTFS_TABLES = ("gtfs_stops", "gtfs_routes", "gtfs_shapes", "gtfs_trips", "gtfs_stop_times")


def replace_feed(
    conn: psycopg.Connection,
    tables: Mapping[str, Sequence[Sequence[Any]]],
    columns: Mapping[str, Sequence[str]],
) -> dict[str, tuple[int, int]]:
    """Replace the stored feed by ``tables`` (rows per table, values in ``columns`` order).

    Runs in ``conn.transaction()``; returns ``table → (rows deleted, rows inserted)``.
    Shapely geometries (EPSG:2100) are written as EWKB.
    """
    out: dict[str, tuple[int, int]] = {}
    with conn.transaction():
        deleted = {table: _count(conn, table) for table in GTFS_TABLES}
        names = sql.SQL(", ").join(sql.Identifier(t) for t in GTFS_TABLES)
        conn.execute(sql.SQL("TRUNCATE {}").format(names))
        for table in GTFS_TABLES:
            rows = tables.get(table, [])
            _copy(conn, table, columns[table], rows)
            out[table] = (deleted[table], len(rows))
    return out


def _count(conn: psycopg.Connection, table: str) -> int:
    row = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
    return int(row[0]) if row else 0


def _copy(
    conn: psycopg.Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), names)
    try:
        with conn.cursor() as cur, cur.copy(statement) as copy:
            for row in rows:
                copy.write_row([_value(v) for v in row])
    except psycopg.Error as exc:
        problem = exc.diag.message_primary or str(exc).splitlines()[0]
        context = (exc.diag.context or "").splitlines()[0] if exc.diag.context else ""
        raise InvalidInput(f"{table}: {problem} ({context})", field=table) from exc


def _value(value: Any) -> Any:
    if isinstance(value, shapely.Geometry):
        return shapely.to_wkb(shapely.set_srid(value, STORAGE_SRID), hex=True, include_srid=True)
    return value
