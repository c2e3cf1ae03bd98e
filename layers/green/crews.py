"""Crews in the database: create, list, and the crew an account belongs to."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from models.errors import InvalidInput

CREW_COLUMNS = (
    "id, name_el, name_en, members, ST_X(ST_Transform(depot, 4326)) AS depot_lon, "
    "ST_Y(ST_Transform(depot, 4326)) AS depot_lat"
)


async def create_crew(
    conn: psycopg.AsyncConnection,
    *,
    name_el: str,
    name_en: str,
    members: list[int],
    depot: tuple[float, float] | None,
) -> dict[str, Any]:
    """Insert a crew (members are account ids; the depot a lon/lat point). A person works
    in one crew: members leave the crews they were in before."""
    async with conn.transaction():
        if members:
            check = await conn.execute(
                "SELECT array_agg(m) FROM unnest(%s::int[]) m WHERE m NOT IN (SELECT id FROM users)",
                (members,),
            )
            row = await check.fetchone()
            if row and row[0]:
                raise InvalidInput(f"members: no accounts {row[0]}", field="members")
            await conn.execute(
                "UPDATE green_crews SET members = (SELECT coalesce(array_agg(m ORDER BY m), "
                "'{}') FROM unnest(members) m WHERE m <> ALL(%s::int[])) "
                "WHERE members && %s::int[]",
                (members, members),
            )
        lon, lat = depot if depot else (None, None)
        cur = conn.cursor(row_factory=dict_row)
        await cur.execute(
            "INSERT INTO green_crews (name_el, name_en, members, depot) VALUES (%s, %s, %s, "  # noqa: S608
            "CASE WHEN %s::float8 IS NULL THEN NULL ELSE "
            "ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100) END) "
            f"RETURNING {CREW_COLUMNS}",
            (name_el, name_en, members, lon, lon, lat),
        )
        crew = await cur.fetchone()
    assert crew is not None
    return crew


async def list_crews(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(f"SELECT {CREW_COLUMNS} FROM green_crews ORDER BY id")  # noqa: S608
    return await cur.fetchall()


async def get_crew(conn: psycopg.AsyncConnection, crew_id: int) -> dict[str, Any] | None:
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(f"SELECT {CREW_COLUMNS} FROM green_crews WHERE id = %s", (crew_id,))  # noqa: S608
    return await cur.fetchone()


async def crew_of(conn: psycopg.AsyncConnection, user_id: int) -> dict[str, Any] | None:
    """The crew the account works in (one at most), or None."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(
        f"SELECT {CREW_COLUMNS} FROM green_crews WHERE %s = ANY(members) ORDER BY id LIMIT 1",  # noqa: S608
        (user_id,),
    )
    return await cur.fetchone()
