"""Moderation: citizens report proposals and comments; after N reports
(``POLIS_PARTICIPATION_REPORT_THRESHOLD``, default 3) the content is hidden pending
review; staff restore or remove it; the log is kept."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.deps import CurrentAccount, PoolDep
from api.routes.participation_access import (
    ParticipationStaff,
    count_write,
    participation_settings,
    person_key,
)
from api.routes.participation_data import as_json
from layers.participation import moderation
from models.participation.enums import ContentKind, ModerationAction
from models.participation.schemas import ModerationDecision, ReportIn

router = APIRouter(prefix="/participation", tags=["participation"])


@router.post("/reports", status_code=201)
async def report(
    body: ReportIn, request: Request, pool: PoolDep, who: CurrentAccount
) -> dict[str, Any]:
    """Report a proposal or comment (once per person)."""
    count_write(request, who)
    threshold = participation_settings(request).report_threshold
    async with pool.connection() as conn:
        hidden = await moderation.report_content(
            conn,
            kind=body.kind,
            target_id=body.target_id,
            reporter_key=person_key(request, "reporter", who.user_id),
            reason=body.reason,
            threshold=threshold,
        )
    return {"hidden": hidden}


@router.get("/moderation")
async def queue(pool: PoolDep, who: ParticipationStaff) -> Response:
    """Reported content awaiting review (staff)."""
    async with pool.connection() as conn:
        return as_json(await moderation.pending(conn))


@router.post("/moderation/{kind}/{target_id}")
async def decide(
    kind: ContentKind,
    target_id: int,
    body: ModerationDecision,
    pool: PoolDep,
    who: ParticipationStaff,
) -> dict[str, str]:
    """Restore or remove reported content (staff); logged."""
    assert who.user_id is not None
    async with pool.connection() as conn:
        await moderation.decide(
            conn,
            kind=kind,
            target_id=target_id,
            action=ModerationAction(body.action),
            actor_id=who.user_id,
            reason=body.reason,
        )
    return {"action": body.action}


@router.get("/moderation/log")
async def log(pool: PoolDep, who: ParticipationStaff) -> Response:
    """The moderation log (staff)."""
    async with pool.connection() as conn:
        return as_json(await moderation.moderation_log(conn))
