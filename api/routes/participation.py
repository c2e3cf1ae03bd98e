"""Participatory budgeting: processes and their phases, proposals drawn on the map,
staff review, ballots (one per verified resident, changeable until the vote closes),
results by greedy or Equal Shares, pabulib files, statistics and open data."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from starlette.responses import Response

from api.deps import CurrentAccount, PoolDep
from api.routes.participation_access import (
    ParticipationStaff,
    count_write,
    person_key,
    verified_resident,
)
from api.routes.participation_data import as_json, feature_collection, features, table_response
from gis.participation.ballots import BallotProject, check_ballot
from gis.participation.counting import Election, as_pabulib
from gis.participation.elections import process_elections, tally
from layers.participation import ballots, exports, proposals, statistics
from layers.participation.processes import Process, create_process, get_process, list_processes
from layers.participation.processes import set_dates as store_dates
from layers.participation.residents import check_neighbourhoods, neighbourhood_names
from models.errors import InvalidInput, NotFound
from models.participation.enums import Phase, Verdict
from models.participation.errors import OutOfPhase
from models.participation.phases import phase_at
from models.participation.schemas import (
    BallotIn,
    ProcessCreate,
    ProcessDates,
    ProgressUpdate,
    ProposalCreate,
    ProposalReview,
)

router = APIRouter(prefix="/participation", tags=["participation"])
PHOTO_TYPES = ("image/jpeg", "image/png")
MAX_PHOTO_BYTES = 2_000_000


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def require_phase(process: Process, *phases: Phase) -> Phase:
    """The current phase, ``OutOfPhase`` (409) unless it is one of ``phases``."""
    phase = phase_at(process.dates, now())
    if phase not in phases:
        wanted = ", ".join(f"{p.en} / {p.el}" for p in phases)
        raise OutOfPhase(
            f"process {process.id} is in the phase '{phase.en} / {phase.el}'; this needs: {wanted}",
            field="phase",
        )
    return phase


def public_process(process: Process) -> dict[str, Any]:
    phase = phase_at(process.dates, now())
    return {
        **process.fields,
        "phase": phase.value,
        "phase_label": {"el": phase.el, "en": phase.en},
        "budgets": process.budgets,
    }


async def load(pool: PoolDep, process_id: int) -> Process:
    async with pool.connection() as conn:
        return await get_process(conn, process_id)


@router.post("/processes", status_code=201)
async def create(body: ProcessCreate, pool: PoolDep, who: ParticipationStaff) -> dict[str, int]:
    """Open a process with its budgets (staff)."""
    fields = body.model_dump(exclude={"budgets"})
    budgets = [(b.neighbourhood, Decimal(b.amount)) for b in body.budgets]
    async with pool.connection() as conn:
        known = await neighbourhood_names(conn)
        check_neighbourhoods([b.neighbourhood for b in body.budgets], known, "budgets")
        return {"id": await create_process(conn, fields, budgets)}


@router.get("/processes")
async def processes(pool: PoolDep) -> Response:
    """Every process with its phase now."""
    async with pool.connection() as conn:
        rows = await list_processes(conn)
    for row in rows:
        phase = phase_at(Process(row["id"], row, []).dates, now())
        row["phase"] = phase.value
    return as_json(rows)


@router.get("/processes/{process_id}")
async def process(process_id: int, pool: PoolDep) -> Response:
    """A process, its budgets and its phase now."""
    return as_json(public_process(await load(pool, process_id)))


@router.patch("/processes/{process_id}/dates")
async def set_dates(
    process_id: int, body: ProcessDates, pool: PoolDep, who: ParticipationStaff
) -> Response:
    """Move phase dates (staff); the phase order is checked."""
    async with pool.connection() as conn:
        await store_dates(conn, process_id, body.model_dump(exclude_none=True))
        return as_json(public_process(await get_process(conn, process_id)))


@router.post("/processes/{process_id}/proposals", status_code=201)
async def propose(
    process_id: int, body: ProposalCreate, request: Request, pool: PoolDep, who: CurrentAccount
) -> dict[str, int]:
    """A verified resident proposes a project (during the proposals phase)."""
    process = await load(pool, process_id)
    await verified_resident(request, who, min_age=process.fields["min_age"])
    require_phase(process, Phase.PROPOSALS)
    count_write(request, who)
    budget = process.budget_for(body.neighbourhood)
    if budget is None:
        raise InvalidInput(
            f"'neighbourhood': process {process_id} has no budget for "
            f"'{body.neighbourhood or 'city-wide'}' / δεν υπάρχει προϋπολογισμός για αυτή τη γειτονιά",
            field="neighbourhood",
        )
    async with pool.connection() as conn:
        pid = await proposals.create_proposal(
            conn,
            process_id=process_id,
            budget_id=budget["id"],
            author_key=person_key(request, "author", who.user_id),
            title=body.title,
            description=body.description,
            cost=Decimal(body.estimated_cost),
            geometry=json.dumps(body.geometry.model_dump()),
        )
    return {"id": pid}


@router.post("/proposals/{proposal_id}/photos", status_code=201)
async def add_photo(
    proposal_id: int, file: UploadFile, request: Request, pool: PoolDep, who: CurrentAccount
) -> dict[str, int]:
    """The author adds a photo (JPEG or PNG, up to 2 MB, five at most) to their proposal."""
    count_write(request, who)
    data = await file.read(MAX_PHOTO_BYTES + 1)
    kind = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else None
    kind = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else kind
    if kind is None:
        raise InvalidInput(
            "'file': send a JPEG or PNG photo / στείλτε φωτογραφία JPEG ή PNG", field="file"
        )
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput(
            "'file': a photo may be at most 2 MB / έως 2 MB ανά φωτογραφία", field="file"
        )
    async with pool.connection() as conn:
        found = await proposals.proposal(conn, proposal_id)
        if found["author_key"] != person_key(request, "author", who.user_id):
            raise NotFound(
                f"you have no proposal {proposal_id} / δεν έχετε πρόταση {proposal_id}",
                field="proposal",
            )
        return {"id": await proposals.add_photo(conn, proposal_id, kind, data)}


@router.get("/photos/{photo_id}")
async def photo(photo_id: int, pool: PoolDep) -> Response:
    """A photo of a visible proposal."""
    async with pool.connection() as conn:
        media, data = await proposals.photo(conn, photo_id)
    return Response(data, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/processes/{process_id}/proposals")
async def list_proposals(process_id: int, pool: PoolDep) -> Response:
    """The visible proposals as a GeoJSON FeatureCollection (CRS84)."""
    async with pool.connection() as conn:
        await get_process(conn, process_id)
        rows = await proposals.list_proposals(conn, process_id)
    return feature_collection(rows)


@router.post("/proposals/{proposal_id}/review")
async def review(
    proposal_id: int, body: ProposalReview, pool: PoolDep, who: ParticipationStaff
) -> dict[str, str]:
    """Staff record feasibility and cost with a public answer (before the vote opens)."""
    async with pool.connection() as conn:
        found = await proposals.proposal(conn, proposal_id, include_hidden=True)
        process = await get_process(conn, found["process_id"])
        require_phase(process, Phase.PROPOSALS, Phase.REVIEW)
        await proposals.review_proposal(
            conn,
            proposal_id,
            verdict=Verdict(body.verdict),
            reviewed_cost=Decimal(body.reviewed_cost) if body.reviewed_cost else None,
            answer=body.answer,
        )
    return {"verdict": body.verdict}


@router.post("/proposals/{proposal_id}/progress")
async def progress(
    proposal_id: int, body: ProgressUpdate, pool: PoolDep, who: ParticipationStaff
) -> dict[str, str]:
    """Implementation follow-up of a funded project (staff)."""
    async with pool.connection() as conn:
        await proposals.set_progress(conn, proposal_id, body.progress)
    return {"progress": body.progress.value}


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
        person_key(request, "voter", process.id, who.user_id),
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
                conn, process_id, person_key(request, "voter", process_id, who.user_id)
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
    key = person_key(request, "voter", process_id, who.user_id)
    async with pool.connection() as conn:
        return {"projects": await ballots.my_ballot(conn, process_id, key)}


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
