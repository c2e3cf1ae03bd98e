"""Proposals of a participatory-budgeting process: submitted with a geometry and
photos, reviewed by staff, followed up once funded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import psycopg

from layers.participation.rows import INPUT_ERRORS, as_dicts, input_error
from models.errors import InvalidInput, NotFound
from models.participation.enums import Progress, Verdict

PUBLIC = (
    "p.id, p.process_id, p.budget_id, b.neighbourhood AS budget_neighbourhood, p.title, "
    "p.description, p.estimated_cost, p.verdict, p.reviewed_cost, p.answer, p.funded, "
    "p.progress, p.created_at, "
    "(SELECT coalesce(array_agg(ph.id ORDER BY ph.id), '{}') FROM pb_photos ph "
    "WHERE ph.proposal_id = p.id) AS photos, ST_AsGeoJSON(ST_Transform(p.geom, 4326), 7)::jsonb AS geometry"
)


async def create_proposal(
    conn: psycopg.AsyncConnection,
    *,
    process_id: int,
    budget_id: int,
    author_key: str,
    title: str,
    description: str,
    cost: Decimal,
    geometry: str,
) -> int:
    """Insert a proposal (GeoJSON ``geometry`` in CRS84); returns its id."""
    async with conn.transaction():
        try:
            cur = await conn.execute(
                "INSERT INTO pb_proposals (process_id, budget_id, author_key, title, description, "
                "estimated_cost, verdict, funded, progress, hidden, geom) VALUES (%(process)s, "
                "%(budget)s, %(author)s, %(title)s, %(description)s, %(cost)s, 'pending', false, "
                "'not_started', false, ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%(geom)s), 4326), 2100)) RETURNING id",
                {
                    "process": process_id,
                    "budget": budget_id,
                    "author": author_key,
                    "title": title,
                    "description": description,
                    "cost": cost,
                    "geom": geometry,
                },
            )
        except INPUT_ERRORS as exc:
            raise input_error(exc, "geometry") from None
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


#: Photos a proposal may have.
MAX_PHOTOS = 5


async def add_photo(
    conn: psycopg.AsyncConnection, proposal_id: int, media_type: str, data: bytes
) -> int:
    """Store a photo of a proposal (at most :data:`MAX_PHOTOS`); returns its id."""
    async with conn.transaction():
        await conn.execute("SELECT 1 FROM pb_proposals WHERE id = %s FOR UPDATE", (proposal_id,))
        cur = await conn.execute(
            "SELECT count(*) FROM pb_photos WHERE proposal_id = %s", (proposal_id,)
        )
        count = await cur.fetchone()
        if count is not None and count[0] >= MAX_PHOTOS:
            raise InvalidInput(
                f"'file': a proposal has at most {MAX_PHOTOS} photos / έως {MAX_PHOTOS} φωτογραφίες",
                field="file",
            )
        cur = await conn.execute(
            "INSERT INTO pb_photos (proposal_id, media_type, data) VALUES (%s, %s, %s) "
            "RETURNING id",
            (proposal_id, media_type, data),
        )
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def photo(conn: psycopg.AsyncConnection, photo_id: int) -> tuple[str, bytes]:
    """(media type, bytes) of a photo of a visible proposal."""
    cur = await conn.execute(
        "SELECT ph.media_type, ph.data FROM pb_photos ph JOIN pb_proposals p "
        "ON p.id = ph.proposal_id WHERE ph.id = %s AND NOT p.hidden",
        (photo_id,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"photo {photo_id} does not exist / δεν υπάρχει η φωτογραφία", field="photo")
    return str(row[0]), bytes(row[1])


async def proposal(
    conn: psycopg.AsyncConnection, proposal_id: int, *, include_hidden: bool = False
) -> dict[str, Any]:
    """One proposal (public fields, CRS84 geometry); ``NotFound`` if unknown or hidden."""
    cur = await conn.execute(
        f"SELECT {PUBLIC}, p.hidden, p.author_key FROM pb_proposals p "  # noqa: S608
        "JOIN pb_budgets b ON b.id = p.budget_id WHERE p.id = %s",
        (proposal_id,),
    )
    rows = as_dicts(cur, await cur.fetchall())
    if not rows or (rows[0]["hidden"] and not include_hidden):
        raise NotFound(
            f"proposal {proposal_id} does not exist / δεν υπάρχει η πρόταση", field="proposal"
        )
    return rows[0]


async def list_proposals(conn: psycopg.AsyncConnection, process_id: int) -> list[dict[str, Any]]:
    """The visible proposals of a process (public fields only)."""
    cur = await conn.execute(
        f"SELECT {PUBLIC} FROM pb_proposals p JOIN pb_budgets b ON b.id = p.budget_id "  # noqa: S608
        "WHERE p.process_id = %s AND NOT p.hidden ORDER BY p.id",
        (process_id,),
    )
    return as_dicts(cur, await cur.fetchall())


async def review_proposal(
    conn: psycopg.AsyncConnection,
    proposal_id: int,
    *,
    verdict: Verdict,
    reviewed_cost: Decimal | None,
    answer: str,
) -> None:
    """Record the staff's feasibility and cost review with its public answer."""
    try:
        cur = await conn.execute(
            "UPDATE pb_proposals SET verdict = %s, reviewed_cost = %s, answer = %s WHERE id = %s",
            (verdict.value, reviewed_cost, answer, proposal_id),
        )
    except INPUT_ERRORS as exc:
        raise input_error(exc, "reviewed_cost") from None
    if cur.rowcount == 0:
        raise NotFound(
            f"proposal {proposal_id} does not exist / δεν υπάρχει η πρόταση", field="proposal"
        )


async def set_progress(conn: psycopg.AsyncConnection, proposal_id: int, progress: Progress) -> None:
    """Implementation follow-up of a funded project."""
    cur = await conn.execute(
        "UPDATE pb_proposals SET progress = %s WHERE id = %s AND funded",
        (progress.value, proposal_id),
    )
    if cur.rowcount == 0:
        raise NotFound(
            f"funded project {proposal_id} does not exist / δεν υπάρχει χρηματοδοτούμενο έργο",
            field="proposal",
        )
