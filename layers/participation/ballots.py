"""Ballots: the projects a voter may choose, casting and changing a ballot, and the
ballots of each budget for counting."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import psycopg

from models.errors import Conflict, NotFound

#: The cost a project is counted at: the reviewed cost when staff gave one.
COST = "coalesce(p.reviewed_cost, p.estimated_cost)"


async def ballot_projects(
    conn: psycopg.AsyncConnection, process_id: int, neighbourhood: str | None
) -> list[tuple[int, Decimal, int, str]]:
    """(id, cost, budget id, title) of the feasible, visible projects on the ballot of a
    voter of ``neighbourhood`` (the city-wide budget's and that neighbourhood's; every
    budget's when ``neighbourhood`` is None)."""
    cur = await conn.execute(
        f"SELECT p.id, {COST}, p.budget_id, p.title FROM pb_proposals p "  # noqa: S608
        "JOIN pb_budgets b ON b.id = p.budget_id WHERE p.process_id = %(process)s "
        "AND p.verdict = 'feasible' AND NOT p.hidden AND (%(all)s OR b.neighbourhood IS NULL "
        "OR b.neighbourhood = %(place)s) ORDER BY p.id",
        {"process": process_id, "place": neighbourhood, "all": neighbourhood is None},
    )
    return [(int(r[0]), Decimal(r[1]), int(r[2]), str(r[3])) for r in await cur.fetchall()]


async def cast_ballot(
    conn: psycopg.AsyncConnection,
    *,
    process_id: int,
    voter_key: str,
    neighbourhood: str,
    choices: Sequence[int],
    replace: bool,
) -> int:
    """Store a new ballot (``replace=False``: ``Conflict`` if the voter has one) or
    replace the voter's ballot (``replace=True``: ``NotFound`` if none); returns its id."""
    async with conn.transaction():
        if replace:
            cur = await conn.execute(
                "UPDATE pb_ballots SET cast_at = now() WHERE process_id = %s AND voter_key = %s "
                "RETURNING id",
                (process_id, voter_key),
            )
            row = await cur.fetchone()
            if row is None:
                raise NotFound(
                    "you have no ballot to change; cast one first / δεν έχετε ψηφίσει ακόμη",
                    field="ballot",
                )
            await conn.execute("DELETE FROM pb_ballot_choices WHERE ballot_id = %s", (row[0],))
        else:
            cur = await conn.execute(
                "INSERT INTO pb_ballots (process_id, voter_key, neighbourhood) VALUES (%s, %s, %s) "
                "ON CONFLICT ON CONSTRAINT uq_pb_ballots_voter DO NOTHING RETURNING id",
                (process_id, voter_key, neighbourhood),
            )
            row = await cur.fetchone()
            if row is None:
                raise Conflict(
                    "you have already voted in this process; change your ballot with PUT "
                    "/ έχετε ήδη ψηφίσει",
                    field="ballot",
                )
        async with conn.cursor().copy(
            "COPY pb_ballot_choices (ballot_id, proposal_id) FROM STDIN"
        ) as copy:
            for choice in choices:
                await copy.write_row((row[0], choice))
    return int(row[0])


async def my_ballot(conn: psycopg.AsyncConnection, process_id: int, voter_key: str) -> list[int]:
    """The projects on the voter's ballot (``NotFound`` if they have not voted)."""
    cur = await conn.execute(
        "SELECT b.id, coalesce(array_agg(c.proposal_id ORDER BY c.proposal_id) "
        "FILTER (WHERE c.proposal_id IS NOT NULL), '{}') FROM pb_ballots b "
        "LEFT JOIN pb_ballot_choices c ON c.ballot_id = b.id "
        "WHERE b.process_id = %s AND b.voter_key = %s GROUP BY b.id",
        (process_id, voter_key),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(
            "you have not voted in this process / δεν έχετε ψηφίσει σε αυτή τη διαδικασία",
            field="ballot",
        )
    return list(row[1])


async def budget_ballots(
    conn: psycopg.AsyncConnection, process_id: int, budget_id: int
) -> list[frozenset[int]]:
    """The anonymous ballots of one budget: each ballot's choices in that budget (ballots
    that chose nothing in it are left out), in a random order."""
    cur = await conn.execute(
        "SELECT array_agg(c.proposal_id) FROM pb_ballots b JOIN pb_ballot_choices c "
        "ON c.ballot_id = b.id JOIN pb_proposals p ON p.id = c.proposal_id "
        "WHERE b.process_id = %s AND p.budget_id = %s GROUP BY b.id ORDER BY md5(b.voter_key)",
        (process_id, budget_id),
    )
    return [frozenset(r[0]) for r in await cur.fetchall()]


async def mark_funded(
    conn: psycopg.AsyncConnection, process_id: int, funded: Sequence[int]
) -> None:
    """Record the winning projects of a process (the others are not funded)."""
    async with conn.transaction():
        await conn.execute(
            "UPDATE pb_proposals SET funded = (id = ANY(%s)) WHERE process_id = %s",
            (list(funded), process_id),
        )
