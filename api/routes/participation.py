"""Participatory budgeting: processes and their phases, proposals drawn on the map with
photos, and the staff's review and implementation follow-up."""

from __future__ import annotations

import json
from decimal import Decimal

from fastapi import APIRouter, Request, UploadFile
from starlette.responses import Response

from api.deps import CurrentAccount, PoolDep
from api.routes.participation_access import (
    ParticipationStaff,
    count_write,
    person_key,
    verified_resident,
)
from api.routes.participation_data import as_json, feature_collection
from api.routes.participation_phase import load, now, public_process, require_phase
from layers.participation import proposals
from layers.participation.processes import Process, create_process, get_process, list_processes
from layers.participation.processes import set_dates as store_dates
from layers.participation.residents import check_neighbourhoods, neighbourhood_names
from models.errors import InvalidInput, NotFound
from models.participation.enums import Phase, Verdict
from models.participation.phases import phase_at
from models.participation.schemas import (
    ProcessCreate,
    ProcessDates,
    ProgressUpdate,
    ProposalCreate,
    ProposalReview,
)

router = APIRouter(prefix="/participation", tags=["participation"])
MAX_PHOTO_BYTES = 2_000_000


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
