"""Rows as dictionaries from the async pool's connections (domain stores' reads and
``RETURNING`` writes)."""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row


async def fetch_dicts(
    conn: AsyncConnection[Any], statement: str, params: Any = None
) -> list[dict[str, Any]]:
    """Every row of ``statement`` (values bound from ``params``) as a dict."""
    async with conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(statement, params)  # type: ignore[arg-type]
        return await cur.fetchall()


async def fetch_dict(
    conn: AsyncConnection[Any], statement: str, params: Any = None
) -> dict[str, Any] | None:
    """The first row of ``statement`` as a dict, None without one."""
    rows = await fetch_dicts(conn, statement, params)
    return rows[0] if rows else None
