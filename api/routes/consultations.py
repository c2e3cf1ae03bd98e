"""Consultation on regulations: a draft imported from Markdown or DOCX (numbering kept),
comments per article with support/oppose during the period (default 14 days), places
per article and "what affects my street?", the answers, the final text and the report."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from api.deps import CurrentAccount, PoolDep
from api.routes.participation_access import (
    ParticipationStaff,
    count_write,
    participation_settings,
    person_key,
)
from api.routes.participation_data import as_json, table_response
from gis.participation.drafts import parse_docx, parse_markdown
from gis.participation.report import article_diff
from layers.participation import consultations as store
from layers.participation.exports import comment_rows
from models.errors import InvalidInput
from models.participation.errors import OutOfPhase
from models.participation.schemas import (
    CommentAnswer,
    CommentCreate,
    FinalText,
    PeriodUpdate,
    PlaceCreate,
)

router = APIRouter(prefix="/consultations", tags=["consultations"])
MAX_DRAFT_BYTES = 10_000_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@router.post("/regulations", status_code=201)
async def import_draft(
    file: UploadFile,
    title: Annotated[str, Form(min_length=3, max_length=300)],
    request: Request,
    pool: PoolDep,
    who: ParticipationStaff,
    opens_at: Annotated[dt.datetime | None, Form()] = None,
    days: Annotated[int | None, Form(ge=1, le=90)] = None,
) -> dict[str, Any]:
    """Import a draft (Markdown or DOCX) and open its consultation (staff) for ``days``
    (default ``POLIS_PARTICIPATION_CONSULTATION_DAYS``: 14, law 4622/2019)."""
    data = await file.read(MAX_DRAFT_BYTES + 1)
    if len(data) > MAX_DRAFT_BYTES:
        raise InvalidInput("'file': a draft may be at most 10 MB / έως 10 MB", field="file")
    name = file.filename or "draft"
    if data[:2] == b"PK" or name.lower().endswith(".docx"):
        articles = parse_docx(data)
    else:
        try:
            articles = parse_markdown(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise InvalidInput(
                "'file': send UTF-8 Markdown or a DOCX file / στείλτε Markdown (UTF-8) ή DOCX",
                field="file",
            ) from None
    start = opens_at or now()
    if start.tzinfo is None:
        raise InvalidInput(
            "'opens_at': give a time zone (e.g. +02:00) / δώστε ζώνη ώρας", field="opens_at"
        )
    async with pool.connection() as conn:
        rid = await store.create_regulation(
            conn,
            title=title,
            opens_at=start,
            closes_at=start
            + dt.timedelta(days=days or participation_settings(request).consultation_days),
            source_name=name[:200],
            articles=[(a.chapter, a.number, a.title, a.text) for a in articles],
        )
    return {"id": rid, "articles": [a.number for a in articles]}


@router.get("/regulations")
async def regulations(pool: PoolDep) -> Response:
    """Every consultation with its counts."""
    async with pool.connection() as conn:
        rows = await store.list_regulations(conn)
    for row in rows:
        row["open"] = row["opens_at"] <= now() < row["closes_at"]
    return as_json(rows)


@router.get("/regulations/{regulation_id}")
async def regulation(regulation_id: int, pool: PoolDep) -> Response:
    """A consultation: its articles with comments, support/oppose counts and places."""
    async with pool.connection() as conn:
        out = await store.regulation(conn, regulation_id)
    out["open"] = out["opens_at"] <= now() < out["closes_at"]
    return as_json(out)


@router.post("/regulations/{regulation_id}/articles/{number}/comments", status_code=201)
async def comment(
    regulation_id: int,
    number: str,
    body: CommentCreate,
    request: Request,
    pool: PoolDep,
    who: CurrentAccount,
) -> dict[str, int]:
    """Comment on an article (signed-in citizens, during the consultation period)."""
    count_write(request, who)
    async with pool.connection() as conn:
        article_id, opens, closes = await store.article_period(conn, regulation_id, number)
        if not opens <= now() < closes:
            raise OutOfPhase(
                f"consultation {regulation_id} is open from {opens:%Y-%m-%d %H:%M} to "
                f"{closes:%Y-%m-%d %H:%M} UTC; comments are closed "
                "/ η διαβούλευση δεν δέχεται σχόλια",
                field="consultation",
            )
        cid = await store.add_comment(
            conn, article_id, person_key(request, "author", who.user_id), body.stance, body.body
        )
    return {"id": cid}


@router.post("/regulations/{regulation_id}/articles/{number}/places", status_code=201)
async def add_place(
    regulation_id: int, number: str, body: PlaceCreate, pool: PoolDep, who: ParticipationStaff
) -> dict[str, int]:
    """Tag an article with a place drawn on the map (staff)."""
    async with pool.connection() as conn:
        article_id, _, _ = await store.article_period(conn, regulation_id, number)
        pid = await store.add_place(
            conn, article_id, body.kind, body.name, json.dumps(body.geometry.model_dump())
        )
    return {"id": pid}


@router.patch("/regulations/{regulation_id}/period")
async def set_period(
    regulation_id: int, body: PeriodUpdate, pool: PoolDep, who: ParticipationStaff
) -> dict[str, str]:
    """Extend or end the consultation period (staff)."""
    async with pool.connection() as conn:
        await store.set_closes_at(conn, regulation_id, body.closes_at)
    return {"closes_at": body.closes_at.isoformat()}


@router.post("/regulations/{regulation_id}/comments/{comment_id}/answer")
async def answer(
    regulation_id: int, comment_id: int, body: CommentAnswer, pool: PoolDep, who: ParticipationStaff
) -> dict[str, str]:
    """The municipality's answer to a comment (staff)."""
    async with pool.connection() as conn:
        await store.answer_comment(conn, regulation_id, comment_id, body.answer, body.reason)
    return {"answer": body.answer.value}


@router.put("/regulations/{regulation_id}/articles/{number}/final")
async def final_text(
    regulation_id: int, number: str, body: FinalText, pool: PoolDep, who: ParticipationStaff
) -> dict[str, str]:
    """The article's final text (staff)."""
    async with pool.connection() as conn:
        article_id, _, _ = await store.article_period(conn, regulation_id, number)
        await store.set_final_text(conn, article_id, body.text)
    return {"number": number}


@router.get("/regulations/{regulation_id}/report")
async def report(regulation_id: int, pool: PoolDep) -> Response:
    """After the period: every comment with its answer, and the final text of each
    article with a diff against the draft."""
    async with pool.connection() as conn:
        out = await store.regulation(conn, regulation_id)
    if now() < out["closes_at"]:
        raise OutOfPhase(
            f"the report of consultation {regulation_id} comes after it closes "
            f"({out['closes_at']:%Y-%m-%d %H:%M} UTC) / η έκθεση μετά τη λήξη",
            field="consultation",
        )
    answered = 0
    total = 0
    for article in out["articles"]:
        final = article["final_text"]
        article["final_text"] = final if final is not None else article["draft_text"]
        article["diff"] = article_diff(article["number"], article["draft_text"], final)
        article.pop("places")
        total += len(article["comments"])
        answered += sum(1 for c in article["comments"] if c["answer"])
    out["summary"] = {"comments": total, "answered": answered, "unanswered": total - answered}
    return as_json(out)


@router.get("/affecting")
async def affecting(
    pool: PoolDep,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    street: Annotated[str | None, Query(min_length=2, max_length=200)] = None,
    radius: Annotated[float, Query(gt=0, le=2000)] = 50,
) -> Response:
    """What affects my street? Articles whose places lie within ``radius`` metres of a
    point (``lon``, ``lat``) or of the street named ``street``."""
    async with pool.connection() as conn:
        if street:
            rows = await store.affecting_street(conn, street, radius)
        elif lon is not None and lat is not None:
            rows = await store.affecting_point(conn, lon, lat, radius)
        else:
            raise InvalidInput(
                "give 'lon' and 'lat', or 'street' / δώστε σημείο ή οδό", field="street"
            )
    return as_json(rows)


@router.get("/regulations/{regulation_id}/comments.{fmt}")
async def export_comments(regulation_id: int, fmt: str, pool: PoolDep) -> Response:
    """Open data: the visible comments and answers, CSV or JSON, no personal data."""
    async with pool.connection() as conn:
        await store.regulation(conn, regulation_id)
        rows = await comment_rows(conn, regulation_id)
    return table_response(rows, fmt, f"comments_{regulation_id}")
