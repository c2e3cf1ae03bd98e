"""``/payments``: payment orders with RF references, arrears, and reconciliation from a
bank statement CSV."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from fastapi import APIRouter, Request
from starlette.responses import Response

from api.deps import PoolDep, StaffPrincipal
from layers.payments import PAYMENT_ROLES
from layers.payments.orders import arrears, reconcile
from layers.payments.statements import read_statement
from layers.registry import SUPER_ROLES
from models.auth import Role
from models.errors import Forbidden, InvalidInput
from models.problem import problem_responses

router = APIRouter(
    prefix="/payments", tags=["payments"], responses=problem_responses(400, 401, 403, 422, 503)
)
MAX_STATEMENT = 10_000_000
ATHENS = ZoneInfo("Europe/Athens")


def _payments_staff(roles: frozenset[Role]) -> None:
    if not roles & (PAYMENT_ROLES | SUPER_ROLES):
        raise Forbidden("for the departments that issue fees / για τα τμήματα με τέλη")


def _json(body: Any) -> Response:
    return Response(orjson.dumps(body, default=str), media_type="application/json")


@router.get("/arrears", summary="Ληξιπρόθεσμα / Arrears")
async def overdue(pool: PoolDep, principal: StaffPrincipal, layer: str | None = None) -> Response:
    """Orders past their due date and not fully paid, oldest first."""
    _payments_staff(principal.roles)
    async with pool.connection() as conn:
        return _json(await arrears(conn, dt.datetime.now(ATHENS).date(), layer))


@router.post("/reconcile", summary="Συμφωνία κίνησης τράπεζας / Reconcile a statement")
async def reconcile_statement(
    request: Request, pool: PoolDep, principal: StaffPrincipal
) -> Response:
    """A bank statement CSV in the body: each credit line naming an order's RF reference
    pays it; lines seen before are skipped; all or nothing."""
    _payments_staff(principal.roles)
    body = await request.body()
    if len(body) > MAX_STATEMENT:
        raise InvalidInput("file: larger than 10 MB / πολύ μεγάλο αρχείο", field="file")
    try:
        lines = read_statement(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidInput("file: not UTF-8 text / όχι κείμενο UTF-8", field="file") from None
    async with pool.connection() as conn:
        return _json(await reconcile(conn, lines))
