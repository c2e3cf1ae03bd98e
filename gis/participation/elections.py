"""A process's elections (one per budget) read from the database, and their tally by
the process's rule: what the results page, the ``.pb`` files and the CLI share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import psycopg

from gis.participation.counting import Election, count, votes_per_project
from layers.participation import ballots
from layers.participation.processes import Process
from models.participation.enums import CountingRule

#: The rule's name in pabulib's META section.
PABULIB_RULES = {CountingRule.GREEDY: "greedy", CountingRule.EQUAL_SHARES: "equalshares"}


async def process_elections(
    conn: psycopg.AsyncConnection, process: Process, *, unit: str
) -> list[tuple[dict[str, Any], Election]]:
    """(budget, election) for every budget of ``process``: its feasible visible projects
    at their reviewed cost and the anonymous ballots' choices among them. ``unit`` is
    the municipality's name (pabulib's ``unit``)."""
    rows = await ballots.ballot_projects(conn, process.id, None)
    out = []
    for budget in process.budgets:
        mine = [r for r in rows if r[2] == budget["id"]]
        scope = budget["neighbourhood"] or "city-wide"
        election = Election(
            budget=Decimal(budget["amount"]),
            costs={r[0]: r[1] for r in mine},
            ballots=await ballots.budget_ballots(conn, process.id, budget["id"]),
            names={r[0]: r[3] for r in mine},
            meta={
                "description": f"{process.fields['title_en']} ({scope})",
                "country": "Greece",
                "unit": unit,
                "subunit": scope,
                "instance": str(process.fields["voting_from"].year),
                "rule": PABULIB_RULES[process.rule],
                # pabulib dates are DD.MM.YYYY
                "date_begin": f"{process.fields['voting_from']:%d.%m.%Y}",
                "date_end": f"{process.fields['voting_until']:%d.%m.%Y}",
            },
        )
        out.append((budget, election))
    return out


def tally(
    process: Process, elections: list[tuple[dict[str, Any], Election]]
) -> list[dict[str, Any]]:
    """Per budget: ballots, funded projects (by the process's rule), money spent and the
    votes of every project."""
    out = []
    for budget, election in elections:
        winners = count(election, process.rule)
        votes = votes_per_project(election)
        out.append(
            {
                "budget_id": budget["id"],
                "neighbourhood": budget["neighbourhood"],
                "amount": budget["amount"],
                "ballots": len(election.ballots),
                "funded": winners,
                "spent": sum(election.costs[w] for w in winners),
                "votes": [{"id": pid, "votes": n} for pid, n in sorted(votes.items())],
            }
        )
    return out
