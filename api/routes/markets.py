"""``/markets``: street markets — today's markets and closures, the product finder, each
market's stalls with holder and payment, licence import (ΟΠΣΑΑ CSV), allocation of vacant
stalls with a waiting list, attendance and inspections from inspectors' phones, stall
fees, market-day closures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from api.deps import PoolDep, StaffPrincipal
from gis.commerce.allocation import Applicant, Stall, allocate
from gis.commerce.fees import stall_fee
from layers.commerce import GUIDE_STAFF_ROLES, markets
from layers.commerce.closures import make_closures
from layers.commerce.licences import read_licences, sync_licences
from layers.commerce.moments import ATHENS
from layers.payments.orders import OrderIn, issue_orders, paid_state
from layers.registry import SUPER_ROLES
from models.auth import Role
from models.commerce_schemas import AllocationIn, AttendanceIn, InspectionIn
from models.errors import Forbidden, InvalidInput, InvalidParameter
from models.problem import problem_responses

router = APIRouter(
    prefix="/markets", tags=["markets"], responses=problem_responses(400, 401, 403, 404, 422, 503)
)
STALLS_LAYER = "market_stalls"
MAX_CSV = 5_000_000


def _markets_staff(roles: frozenset[Role]) -> None:
    if not roles & (GUIDE_STAFF_ROLES | SUPER_ROLES):
        raise Forbidden("for the markets department / για το τμήμα λαϊκών αγορών")


def _today() -> dt.date:
    return dt.datetime.now(ATHENS).date()


def _json(body: Any, media: str = "application/json") -> Response:
    return Response(orjson.dumps(body, default=str), media_type=media)


@router.get("/today", summary="Σημερινές λαϊκές / Today's markets and closures")
async def today(
    request: Request,
    pool: PoolDep,
    at: Annotated[dt.datetime | None, Query(description="moment (Athens time)")] = None,
) -> Response:
    """Markets held on the day of ``at`` (now by default) and the closures in force at it."""
    moment = at.replace(tzinfo=at.tzinfo or ATHENS) if at else dt.datetime.now(ATHENS)
    async with pool.connection() as conn:
        held = await markets.markets_on(conn, moment.astimezone(ATHENS).date())
        closed = await markets.closures_geojson(conn, moment)
    return _json({"markets": held, "closures": closed})


@router.get("/products", summary="Πού θα βρω… / Product finder")
async def products(
    pool: PoolDep,
    q: Annotated[str, Query(min_length=2, max_length=100)],
    day: dt.date | None = None,
) -> Response:
    """Stalls whose holder sells ``q`` (accent-insensitive, Greeklish), at the markets
    held on ``day`` (today by default)."""
    async with pool.connection() as conn:
        rows = await markets.product_finder(conn, q, day or _today())
    return _json(rows)


@router.get("/{market_id}/stalls", summary="Πάγκοι και πληρωμές / Stalls and payments")
async def stalls(
    pool: PoolDep, principal: StaffPrincipal, market_id: int, day: dt.date | None = None
) -> Response:
    """The market's stall layout (GeoJSON) with holder and whether this period's fee is
    paid, for inspectors."""
    _markets_staff(principal.roles)
    async with pool.connection() as conn:
        await markets.market(conn, market_id)
        rows = await markets.market_stalls(conn, market_id)
        paid = await paid_state(conn, STALLS_LAYER, day or _today())
    features = [
        {
            "type": "Feature",
            "id": r["id"],
            "geometry": r.pop("geometry"),
            "properties": {**r, "payment": paid.get(r["id"], "none")},
        }
        for r in rows
    ]
    return _json({"type": "FeatureCollection", "features": features}, "application/geo+json")


@router.post("/licences", summary="Εισαγωγή αδειών ΟΠΣΑΑ / Import ΟΠΣΑΑ licences")
async def import_licences(
    request: Request, pool: PoolDep, principal: StaffPrincipal
) -> dict[str, int]:
    """The export (CSV, UTF-8) in the body; all rows are checked before any is written."""
    _markets_staff(principal.roles)
    body = await request.body()
    if len(body) > MAX_CSV:
        raise InvalidInput("file: larger than 5 MB / πολύ μεγάλο αρχείο", field="file")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("file: not UTF-8 text / όχι κείμενο UTF-8", field="file") from None
    rows = read_licences(text)
    async with pool.connection() as conn:
        report = await sync_licences(conn, rows)
    return report.__dict__


@router.post("/{market_id}/allocations", summary="Κατανομή κενών θέσεων / Allocate stalls")
async def allocate_stalls(
    pool: PoolDep, principal: StaffPrincipal, market_id: int, body: AllocationIn
) -> dict[str, Any]:
    """Vacant stalls to licences by points or by a seeded draw; the rest wait in order."""
    _markets_staff(principal.roles)
    if body.method == "draw" and body.seed is None:
        raise InvalidParameter("seed", "a draw needs a published seed / η κλήρωση θέλει seed")
    async with pool.connection() as conn, conn.transaction():
        await markets.market(conn, market_id)
        vacant = await markets.vacant_stalls(conn, market_id)
        people = await markets.applicants(conn, body.licences, body.day)
        result = allocate(
            [Stall(s["id"], s["stall_number"], s["sector"]) for s in vacant],
            [Applicant(p["id"], p["licence_number"], p["sector"], p["points"]) for p in people],
            body.method,
            body.seed,
        )
        await markets.save_allocation(
            conn,
            market_id,
            result.assigned,
            result.waiting,
            method=body.method.value,
            seed=body.seed,
            day=body.day,
        )
        waiting = await markets.waiting_list(conn, market_id)
    numbers = {p["id"]: p["licence_number"] for p in people}
    stall_numbers = {s["id"]: s["stall_number"] for s in vacant}
    return {
        "assigned": [
            {"stall_id": s, "stall_number": stall_numbers[s], "licence": numbers[lic]}
            for s, lic in result.assigned
        ],
        "waiting": waiting,
    }


@router.post("/attendance", summary="Παρουσίες / Attendance from the field")
async def attendance(
    pool: PoolDep, principal: StaffPrincipal, records: list[AttendanceIn]
) -> dict[str, Any]:
    """Records queued on an inspector's phone, sent when it is online again: each
    ``client_id`` is taken once, so sending twice is harmless. Absences beyond the
    regulation's limit bring warnings (``warnings``)."""
    _markets_staff(principal.roles)
    if len(records) > 2000:
        raise InvalidInput("'records': at most 2000 at once", field="records")
    async with pool.connection() as conn:
        return await markets.record_attendance(conn, records, principal.user_id)


@router.post("/inspections", status_code=201, summary="Έλεγχος πάγκου / Stall inspection")
async def inspection(
    pool: PoolDep, principal: StaffPrincipal, body: InspectionIn
) -> dict[str, Any]:
    _markets_staff(principal.roles)
    async with pool.connection() as conn:
        return await markets.record_inspection(conn, body, principal.user_id)


@router.post("/{market_id}/fees", summary="Τέλη πάγκων / Issue stall fees")
async def fees(
    pool: PoolDep,
    principal: StaffPrincipal,
    market_id: int,
    period_start: dt.date,
    period_end: dt.date,
    due_date: dt.date,
) -> Response:
    """A payment order per held stall: its area × the market's rate × the period's months,
    with an RF reference. Orders already issued for the period are left as they are."""
    _markets_staff(principal.roles)
    if period_end < period_start:
        raise InvalidParameter("period_end", "before period_start / πριν την έναρξη")
    async with pool.connection() as conn, conn.transaction():
        found = await markets.market(conn, market_id)
        rows = await markets.market_stalls(conn, market_id)
        orders = [
            OrderIn(
                layer=STALLS_LAYER,
                feature_id=r["id"],
                payer=f"{r['holder']} ({r['licence_number']})",
                description=f"Τέλος πάγκου {r['stall_number']} / stall fee {r['stall_number']}",
                amount=stall_fee(r["area_m2"], found["rate_per_m2"], period_start, period_end),
                period_start=period_start,
                period_end=period_end,
                due_date=due_date,
            )
            for r in rows
            if r["licence_number"] is not None
        ]
        issued = await issue_orders(conn, orders)
    return _json({"issued": issued})


@router.post("/{market_id}/closures", summary="Κλεισίματα δρόμων / Make street closures")
async def closures(
    pool: PoolDep,
    principal: StaffPrincipal,
    market_id: int,
    start: dt.date,
    days: Annotated[int, Query(ge=1, le=366)] = 28,
) -> Response:
    """The closures of the market's days in ``days`` days from ``start``, from its layout."""
    _markets_staff(principal.roles)
    async with pool.connection() as conn:
        made = await make_closures(conn, market_id, start, days)
    return _json({"closures": made})
