"""Results after the vote: winners per budget by the process's rule, the anonymous
ballots as pabulib ``.pb`` files, statistics by neighbourhood and open data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.deps import PoolDep
from api.routes.participation_data import as_json, features, table_response
from api.routes.participation_phase import load, require_phase
from gis.participation.counting import Election, as_pabulib
from gis.participation.elections import process_elections, tally
from layers.participation import ballots, exports, statistics
from layers.participation.processes import Process, get_process
from models.errors import NotFound
from models.participation.enums import Phase

router = APIRouter(prefix="/participation", tags=["participation"])


async def elections(
    request: Request, pool: PoolDep, process: Process
) -> list[tuple[dict[str, Any], Election]]:
    """One election per budget, from the stored ballots."""
    unit = request.app.state.settings.municipality.name.en
    async with pool.connection() as conn:
        return await process_elections(conn, process, unit=unit)


@router.get("/processes/{process_id}/results")
async def results(process_id: int, request: Request, pool: PoolDep) -> Response:
    """Winning projects per budget by the process's rule, with votes (after the vote);
    the funded flags are stored for the implementation follow-up."""
    process = await load(pool, process_id)
    require_phase(process, Phase.RESULTS, Phase.IMPLEMENTATION)
    out = tally(process, await elections(request, pool, process))
    for budget in out:
        budget["pabulib"] = (
            f"/participation/processes/{process_id}/budgets/{budget['budget_id']}.pb"
        )
    async with pool.connection() as conn:
        await ballots.mark_funded(conn, process_id, [p for b in out for p in b["funded"]])
    return as_json({"rule": process.rule.value, "budgets": out})


@router.get("/processes/{process_id}/budgets/{budget_id}.pb")
async def pabulib(process_id: int, budget_id: int, request: Request, pool: PoolDep) -> Response:
    """The anonymous ballots of one budget in pabulib's ``.pb`` format (after the vote)."""
    process = await load(pool, process_id)
    require_phase(process, Phase.RESULTS, Phase.IMPLEMENTATION)
    for budget, election in await elections(request, pool, process):
        if budget["id"] == budget_id:
            return Response(
                as_pabulib(election, process.rule),
                media_type="text/plain; charset=utf-8",
                headers={
                    "Content-Disposition": f'attachment; filename="polis_{process_id}_{budget_id}.pb"'
                },
            )
    raise NotFound(
        f"process {process_id} has no budget {budget_id} / δεν υπάρχει αυτός ο προϋπολογισμός",
        field="budget",
    )


@router.get("/processes/{process_id}/statistics")
async def process_statistics(process_id: int, pool: PoolDep) -> Response:
    """Participation and funded money per head by neighbourhood (GeoJSON), and the
    feasible projects overlaid with flood zones and crossings."""
    async with pool.connection() as conn:
        await get_process(conn, process_id)
        areas = await statistics.by_neighbourhood(conn, process_id)
        overlay = await statistics.project_overlay(conn, process_id)
    return as_json(
        {
            "neighbourhoods": features(areas),
            "projects": features(overlay),
        }
    )


@router.get("/processes/{process_id}/proposals.{fmt}")
async def export_proposals(process_id: int, fmt: str, pool: PoolDep) -> Response:
    """Open data: the visible proposals with their votes, CSV or JSON, no personal data."""
    async with pool.connection() as conn:
        await get_process(conn, process_id)
        rows = await exports.proposal_rows(conn, process_id)
    return table_response(rows, fmt, f"proposals_{process_id}")
