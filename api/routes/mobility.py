"""``/mobility``: accessible routes, walksheds, nearest accessible places, barrier
reports and the smart crossings' audit and extension requests."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.deps import CurrentAccount, PoolDep, SettingsDep, StaffPrincipal
from api.errors import problem
from api.security.ratelimit import RateLimits
from api.settings import PolisSettings
from gis.mobility import service
from gis.mobility.audit import audit
from gis.mobility.profiles import PROFILES
from gis.mobility.router import RoutingError, check_position
from layers.mobility import store
from models.errors import InvalidInput
from models.mobility.schemas import (
    BarrierReportIn,
    ExtensionRequestIn,
    NearestRequest,
    RouteRequest,
    WalkshedRequest,
)
from models.problem import problem_responses

router = APIRouter(
    prefix="/mobility", tags=["mobility"], responses=problem_responses(400, 404, 422, 503)
)
GEOJSON = "application/geo+json"
#: Crossings within this distance (m) of a school rank first in the audit.
SCHOOL_RADIUS_M = 300.0
#: Extension requests per device (``limits`` notation).
EXTENSION_RATE = "3/minute"
LIMITS = RateLimits({"extension": EXTENSION_RATE})


async def computed[B](
    settings: PolisSettings, work: Callable[[PolisSettings, B], dict[str, Any]], body: B
) -> Response:
    """``work(settings, body)`` off the event loop, as GeoJSON; a :class:`RoutingError`
    as a 422 naming the blocking constraint and where."""
    try:
        return geojson(await run_in_threadpool(work, settings, body))
    except RoutingError as exc:
        return no_route(exc)


def geojson(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=GEOJSON)


def no_route(exc: RoutingError) -> Response:
    """422 naming the blocking constraint and where (problem+json)."""
    extra: dict[str, Any] = {"code": "NoRoute", "field": exc.field}
    if exc.constraint is not None:
        extra["constraint"] = exc.constraint
    if exc.where is not None:
        extra["where"] = exc.where
    return problem(422, "No route / Καμία διαδρομή", exc.message, **extra)


@router.get("/profiles", summary="Προφίλ δρομολόγησης / Routing profiles")
async def profiles() -> list[dict[str, Any]]:
    """Each profile's limits, preferences and unknown-attribute policy."""
    return [p.describe() for p in PROFILES.values()]


@router.post("/route", summary="Προσβάσιμη διαδρομή / Accessible route")
async def route(body: RouteRequest, settings: SettingsDep) -> Response:
    """A GeoJSON FeatureCollection: the route overview (line, length, time, instructions
    in Greek and English, warnings) and one feature per segment. No route: 422 naming
    the constraint that blocks it and where."""
    return await computed(settings, service.route, body)


@router.post("/walkshed", summary="Περιοχή προσβασιμότητας / Walkshed")
async def walkshed(body: WalkshedRequest, settings: SettingsDep) -> Response:
    """The area and footways reachable within ``minutes``."""
    return await computed(settings, service.walkshed, body)


@router.post("/nearest", summary="Πλησιέστερο προσβάσιμο / Nearest accessible place")
async def nearest(body: NearestRequest, settings: SettingsDep) -> Response:
    """The nearest accessible entrances of public buildings, bus stops or disabled bays,
    by route, each with its route."""
    return await computed(settings, service.nearest, body)


@router.post(
    "/barriers",
    status_code=201,
    summary="Αναφορά εμποδίου / Report a barrier",
    responses=problem_responses(401, 403),
)
async def report_barrier(
    request: Request, body: BarrierReportIn, principal: CurrentAccount, pool: PoolDep
) -> dict[str, Any]:
    """A blocked or broken sidewalk; routing avoids it from the next request until it
    expires or staff close it. Rate-limited per account like every write."""
    request.app.state.limits.take("write", str(principal.user_id))
    try:
        check_position(*body.position, "position")
    except RoutingError as exc:
        raise InvalidInput(exc.message, field="position") from None
    photo = None
    if body.photo is not None:
        data = body.photo.split(",", 1)[1] if body.photo.startswith("data:") else body.photo
        try:
            photo = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("'photo': not base64 / όχι base64", field="photo") from None
    async with pool.connection() as conn:
        row = await store.insert_barrier(
            conn,
            lon=body.position[0],
            lat=body.position[1],
            reason=body.reason.value,
            note=body.note,
            hours=body.expires_in_hours,
            reporter=principal.user_id,
            photo=photo,
        )
    return store.as_json(row)


@router.post(
    "/barriers/{report_id}/close",
    summary="Κλείσιμο αναφοράς / Close a report (staff)",
    responses=problem_responses(401, 403),
)
async def close_barrier(
    report_id: Annotated[int, Path(ge=1, le=2**31 - 1)], _staff: StaffPrincipal, pool: PoolDep
) -> dict[str, Any]:
    """Close an open barrier report: routing uses the footway again."""
    async with pool.connection() as conn:
        return store.as_json(await store.close_barrier(conn, report_id))


@router.get(
    "/barriers/{report_id}/photo",
    summary="Φωτογραφία αναφοράς / Report photo (staff)",
    responses=problem_responses(401, 403),
)
async def barrier_photo(
    report_id: Annotated[int, Path(ge=1, le=2**31 - 1)], _staff: StaffPrincipal, pool: PoolDep
) -> Response:
    async with pool.connection() as conn:
        media, data = await store.barrier_photo(conn, report_id)
    return Response(data, media_type=media)


@router.get(
    "/crossings/audit",
    summary="Έλεγχος διαβάσεων / Crossing audit",
    responses={200: {"content": {"application/geo+json": {}}, "description": "GeoJSON"}},
)
async def crossing_audit(pool: PoolDep) -> Response:
    """Crossings lacking a lowered kerb, tactile paving, sound or markings, those within
    300 m of a school first, ranked by how much they lack."""
    async with pool.connection() as conn:
        rows = await store.audit_rows(conn, SCHOOL_RADIUS_M)
    features = audit(rows)
    return geojson({"type": "FeatureCollection", "features": features})


@router.post(
    "/crossings/{crossing_id}/extension",
    summary="Παράταση πράσινου πεζών / Extend the pedestrian phase",
    responses=problem_responses(409, 429),
)
async def request_extension(
    crossing_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: ExtensionRequestIn,
    pool: PoolDep,
) -> dict[str, Any]:
    """Ask a signalised crossing for a longer pedestrian phase (its configured 3–13 s);
    logged, at most 3 a minute per device."""
    LIMITS.take("extension", body.device)
    async with pool.connection() as conn:
        return store.as_json(await store.log_extension(conn, crossing_id, body.device))
