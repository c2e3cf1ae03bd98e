"""Participatory-budgeting processes and their budgets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import psycopg
from psycopg import sql

from layers.participation.rows import INPUT_ERRORS, as_dicts, input_error
from models.errors import InvalidInput, NotFound
from models.participation.budgeting import PbProcess
from models.participation.enums import BallotKind, CountingRule
from models.participation.phases import PhaseDates

#: Columns a new process may set (the table's, the id aside).
PROCESS_COLUMNS = frozenset(c.name for c in PbProcess.__table__.columns if c.name != "id")
DATES = ("proposals_from", "review_from", "voting_from", "voting_until", "implementation_from")


@dataclass(frozen=True)
class Process:
    """A process as the routes use it."""

    id: int
    fields: dict[str, Any]
    budgets: list[dict[str, Any]]

    @property
    def dates(self) -> PhaseDates:
        return PhaseDates(*(self.fields[name] for name in DATES))

    @property
    def ballot_kind(self) -> BallotKind:
        return BallotKind(self.fields["ballot_kind"])

    @property
    def rule(self) -> CountingRule:
        return CountingRule(self.fields["rule"])

    def budget_for(self, neighbourhood: str | None) -> dict[str, Any] | None:
        """The budget of ``neighbourhood`` (None: the city-wide one), if there is one."""
        return next((b for b in self.budgets if b["neighbourhood"] == neighbourhood), None)


async def create_process(
    conn: psycopg.AsyncConnection,
    fields: dict[str, Any],
    budgets: list[tuple[str | None, Decimal]],
) -> int:
    """Insert a process and its budgets in one transaction; returns its id."""
    names = [n for n in fields if n in PROCESS_COLUMNS]
    query = sql.SQL("INSERT INTO pb_processes ({}) VALUES ({}) RETURNING id").format(
        sql.SQL(", ").join(sql.Identifier(n) for n in names),
        sql.SQL(", ").join(sql.Placeholder(n) for n in names),
    )
    async with conn.transaction():
        try:
            cur = await conn.execute(query, fields)
            row = await cur.fetchone()
            assert row is not None
            for neighbourhood, amount in budgets:
                await conn.execute(
                    "INSERT INTO pb_budgets (process_id, neighbourhood, amount) VALUES (%s, %s, %s)",
                    (row[0], neighbourhood, amount),
                )
        except psycopg.errors.UniqueViolation:
            raise InvalidInput(
                "'budgets': one budget per neighbourhood (and one city-wide) / ένας ανά γειτονιά",
                field="budgets",
            ) from None
        except INPUT_ERRORS as exc:
            raise input_error(exc, "process") from None
    return int(row[0])


async def get_process(conn: psycopg.AsyncConnection, process_id: int) -> Process:
    """The process with its budgets; ``NotFound`` if there is none."""
    cur = await conn.execute("SELECT * FROM pb_processes WHERE id = %s", (process_id,))
    rows = as_dicts(cur, await cur.fetchall())
    if not rows:
        raise NotFound(
            f"participatory-budgeting process {process_id} does not exist / δεν υπάρχει η διαδικασία",
            field="process",
        )
    cur = await conn.execute(
        "SELECT id, neighbourhood, amount FROM pb_budgets WHERE process_id = %s ORDER BY id",
        (process_id,),
    )
    return Process(process_id, rows[0], as_dicts(cur, await cur.fetchall()))


async def list_processes(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    """Every process (newest first)."""
    cur = await conn.execute("SELECT * FROM pb_processes ORDER BY proposals_from DESC")
    return as_dicts(cur, await cur.fetchall())


async def set_dates(
    conn: psycopg.AsyncConnection, process_id: int, dates: dict[str, dt.datetime]
) -> None:
    """Move the phase dates of a process (staff), checked by the table's phase order."""
    sets = [
        sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name))
        for name in dates
        if name in DATES
    ]
    if not sets:
        return
    query = sql.SQL("UPDATE pb_processes SET {} WHERE id = %(id)s").format(sql.SQL(", ").join(sets))
    async with conn.transaction():
        try:
            cur = await conn.execute(query, {**dates, "id": process_id})
        except INPUT_ERRORS as exc:
            raise input_error(exc, "dates") from None
    if cur.rowcount == 0:
        raise NotFound(
            f"participatory-budgeting process {process_id} does not exist / δεν υπάρχει η διαδικασία",
            field="process",
        )
