"""Open-data exports of participation without personal data: no author, voter or
reporter keys, no account ids."""

from __future__ import annotations

from typing import Any

import psycopg

from layers.participation.rows import as_dicts

PROPOSALS = (
    "SELECT p.id, p.process_id, coalesce(b.neighbourhood, '') AS budget_neighbourhood, p.title,"
    " p.description, p.estimated_cost, p.verdict, p.reviewed_cost, p.answer, p.funded,"
    " p.progress, (SELECT count(*) FROM pb_ballot_choices c WHERE c.proposal_id = p.id) AS votes,"
    " ST_AsText(ST_Transform(p.geom, 4326)) AS wkt_crs84"
    " FROM pb_proposals p JOIN pb_budgets b ON b.id = p.budget_id"
    " WHERE p.process_id = %s AND NOT p.hidden ORDER BY p.id"
)
COMMENTS = (
    "SELECT c.id, a.number AS article, c.stance, c.body, c.answer, c.answer_reason,"
    " c.created_at FROM reg_comments c JOIN reg_articles a ON a.id = c.article_id"
    " WHERE a.regulation_id = %s AND NOT c.hidden ORDER BY a.position, c.id"
)


async def proposal_rows(conn: psycopg.AsyncConnection, process_id: int) -> list[dict[str, Any]]:
    """The visible proposals of a process with their votes, as open data."""
    cur = await conn.execute(PROPOSALS, (process_id,))
    return as_dicts(cur, await cur.fetchall())


async def comment_rows(conn: psycopg.AsyncConnection, regulation_id: int) -> list[dict[str, Any]]:
    """The visible comments of a consultation with their answers, as open data."""
    cur = await conn.execute(COMMENTS, (regulation_id,))
    return as_dicts(cur, await cur.fetchall())
