"""Ballots: what a verified resident may choose, casting one ballot (409 on a second)
and changing it until the vote closes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.deps import CurrentAccount, PoolDep
from api.routes.participation_access import verified_resident, voter_key
from api.routes.participation_data import as_json
from api.routes.participation_phase import load, require_phase
from gis.participation.ballots import BallotProject, check_ballot
from layers.participation import ballots
from layers.participation.processes import Process
from models.errors import NotFound
from models.participation.enums import Phase
from models.participation.schemas import (
    BallotIn,
)

router = APIRouter(prefix="/participation", tags=["participation"])


async def ballot_of(
    request: Request, pool: PoolDep, who: CurrentAccount, process: Process
) -> tuple[str, str, dict[int, BallotProject], dict[int, Decimal]]:
    """(voter key, neighbourhood, choosable projects, budgets) of the caller."""
    info = await verified_resident(request, who, min_age=process.fields["min_age"])
    async with pool.connection() as conn:
        rows = await ballots.ballot_projects(conn, process.id, info.neighbourhood)
    projects = {pid: BallotProject(pid, cost, budget) for pid, cost, budget, _ in rows}
    budgets = {b["id"]: Decimal(b["amount"]) for b in process.budgets}
    return (
        voter_key(request, process.id, info),
        info.neighbourhood,
        projects,
        budgets,
    )


@router.get("/processes/{process_id}/ballot-options")
async def ballot_options(
    process_id: int, request: Request, pool: PoolDep, who: CurrentAccount
) -> Response:
    """The projects the caller may choose, the budgets they draw on and the caller's
    current choices (None before voting)."""
    process = await load(pool, process_id)
    info = await verified_resident(request, who, min_age=process.fields["min_age"])
    async with pool.connection() as conn:
        rows = await ballots.ballot_projects(conn, process_id, info.neighbourhood)
        try:
            chosen: list[int] | None = await ballots.my_ballot(
                conn, process_id, voter_key(request, process_id, info)
            )
        except NotFound:
            chosen = None
    budgets = [b for b in process.budgets if b["neighbourhood"] in (None, info.neighbourhood)]
    options = [{"id": p, "cost": c, "budget_id": b, "title": t} for p, c, b, t in rows]
    return as_json(
        {
            "ballot_kind": process.fields["ballot_kind"],
            "min_share": process.fields["min_share"],
            "budgets": budgets,
            "projects": options,
            "chosen": chosen,
        }
    )


async def _vote(
    process_id: int,
    body: BallotIn,
    request: Request,
    pool: PoolDep,
    who: CurrentAccount,
    *,
    replace: bool,
) -> dict[str, Any]:
    process = await load(pool, process_id)
    key, place, projects, budgets = await ballot_of(request, pool, who, process)
    require_phase(process, Phase.VOTING)
    check_ballot(
        body.projects,
        projects=projects,
        budgets=budgets,
        kind=process.ballot_kind,
        min_share=process.fields["min_share"],
    )
    async with pool.connection() as conn:
        await ballots.cast_ballot(
            conn,
            process_id=process_id,
            voter_key=key,
            neighbourhood=place,
            choices=body.projects,
            replace=replace,
        )
    return {"projects": sorted(body.projects)}


@router.post("/processes/{process_id}/ballot", status_code=201)
async def vote(
    process_id: int, body: BallotIn, request: Request, pool: PoolDep, who: CurrentAccount
) -> dict[str, Any]:
    """Cast the caller's ballot (once; 409 if they already voted)."""
    return await _vote(process_id, body, request, pool, who, replace=False)


@router.put("/processes/{process_id}/ballot")
async def change_vote(
    process_id: int, body: BallotIn, request: Request, pool: PoolDep, who: CurrentAccount
) -> dict[str, Any]:
    """Change the caller's ballot (until the vote closes)."""
    return await _vote(process_id, body, request, pool, who, replace=True)


@router.get("/processes/{process_id}/ballot")
async def my_ballot(
    process_id: int, request: Request, pool: PoolDep, who: CurrentAccount
) -> dict[str, Any]:
    """The projects on the caller's ballot."""
    info = await verified_resident(request, who, min_age=0)
    key = voter_key(request, process_id, info)
    async with pool.connection() as conn:
        return {"projects": await ballots.my_ballot(conn, process_id, key)}
