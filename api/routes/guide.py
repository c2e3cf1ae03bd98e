"""``/guide``: the city guide — search, business pages with schema.org JSON-LD, a GeoJSON
export, owners' claims and edits, offers and events, and the staff's reviews."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.deps import CurrentAccount, PoolDep, SettingsDep, StaffPrincipal
from api.settings import PolisSettings
from gis.commerce.jsonld import business_jsonld
from gis.mobility import service as mobility_service
from gis.mobility.router import RoutingError
from layers.commerce import GUIDE_STAFF_ROLES, guide
from layers.commerce.moments import ATHENS, Moment
from layers.commerce.search import GuideQuery, search_businesses
from layers.registry import SUPER_ROLES
from models.auth import Role
from models.commerce_schemas import BusinessEdit, ClaimIn, OfferIn, ReviewIn
from models.enums import BusinessCategory
from models.errors import Forbidden, InvalidParameter, PolisError
from models.mobility.schemas import WalkshedRequest
from models.problem import problem_responses

router = APIRouter(
    prefix="/guide", tags=["guide"], responses=problem_responses(400, 401, 403, 404, 409, 422, 503)
)
Lon = Annotated[float | None, Query(ge=-180, le=180)]
Lat = Annotated[float | None, Query(ge=-90, le=90)]
Id = Annotated[int, Query(ge=1, le=2**31 - 1)]


def _today() -> dt.date:
    return dt.datetime.now(ATHENS).date()


def _moderator(roles: frozenset[Role]) -> None:
    if not roles & (GUIDE_STAFF_ROLES | SUPER_ROLES):
        raise Forbidden("reviews are for the guide's staff / οι έλεγχοι γίνονται από το προσωπικό")


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if k not in ("lon", "lat")}
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": props,
    }


def _geojson(rows: list[dict[str, Any]], **extra: Any) -> Response:
    body = {"type": "FeatureCollection", "features": [_feature(r) for r in rows]}
    body.update({k: v for k, v in extra.items() if v is not None})
    return Response(orjson.dumps(body), media_type="application/geo+json")


async def _walkshed(settings: PolisSettings, lon: float, lat: float, minutes: float) -> str | None:
    """The area a pedestrian reaches in ``minutes`` from the point (the mobility
    module's walkshed, GeoJSON CRS84); None when the network cannot route from there."""
    request = WalkshedRequest.model_validate({"from": (lon, lat), "minutes": minutes})
    try:
        result = await run_in_threadpool(mobility_service.walkshed, settings, request)
    except (RoutingError, PolisError):
        return None
    area = next(f for f in result["features"] if f["properties"]["type"] == "area")
    return orjson.dumps(area["geometry"]).decode()


@router.get(
    "/search",
    summary="Αναζήτηση στον οδηγό / Search the guide",
    responses={200: {"content": {"application/geo+json": {}}, "description": "GeoJSON"}},
)
async def search(
    pool: PoolDep,
    settings: SettingsDep,
    q: Annotated[str, Query(max_length=200)] = "",
    lon: Lon = None,
    lat: Lat = None,
    open_now: bool = False,
    walk_minutes: Annotated[float | None, Query(gt=0, le=60)] = None,
    category: BusinessCategory | None = None,
    at: Annotated[
        dt.datetime | None, Query(description="moment for open_now (Athens time)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    """Businesses matching words in Greek, Latin or Greeklish (accents, case and final
    sigma ignored), optionally of a category, open now (Europe/Athens) and within
    ``walk_minutes`` of walking from ``lon``/``lat``: the pedestrian walkshed of the
    routing module, or 80 m a minute where the network does not reach (``walk`` in the
    answer says which)."""
    if (lon is None) != (lat is None):
        raise InvalidParameter("lon" if lon is None else "lat", "give both lon and lat")
    if walk_minutes is not None and lon is None:
        raise InvalidParameter("walk_minutes", "needs lon and lat / χρειάζεται θέση")
    area = None
    if walk_minutes is not None and lon is not None and lat is not None:
        area = await _walkshed(settings, lon, lat, walk_minutes)
    query = GuideQuery(
        text=q,
        lon=lon,
        lat=lat,
        open_now=open_now,
        walk_minutes=walk_minutes,
        category=category,
        walkshed=area,
        moment=Moment.at(at),
        limit=limit,
    )
    async with pool.connection() as conn:
        rows = await search_businesses(conn, query)
    walk = None if walk_minutes is None else ("walkshed" if area else "distance")
    return _geojson(rows, walk=walk)


@router.get(
    "/export.geojson",
    summary="Ο οδηγός σε GeoJSON / The guide as GeoJSON",
    responses={200: {"content": {"application/geo+json": {}}, "description": "GeoJSON"}},
)
async def export(pool: PoolDep) -> Response:
    """Every business of the guide (public attributes)."""
    async with pool.connection() as conn:
        rows = await search_businesses(conn, GuideQuery(limit=100_000))
    return _geojson(rows)


async def _page(
    request: Request, pool: Any, business_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """A business's public record, its current offers and its JSON-LD."""
    async with pool.connection() as conn:
        record = await guide.business(conn, business_id)
        offers = await guide.current_offers(conn, _today(), business_id=business_id)
    record.pop("owner_id", None)
    url = str(request.url_for("business", business_id=business_id))
    return record, offers, business_jsonld(record, url, offers)


@router.get("/businesses/{business_id}", summary="Επιχείρηση / A business")
async def business(request: Request, pool: PoolDep, business_id: int) -> dict[str, Any]:
    """The business with its current offers and its schema.org JSON-LD (``jsonld``)."""
    record, offers, ld = await _page(request, pool, business_id)
    return {**record, "offers": offers, "jsonld": ld}


@router.get(
    "/businesses/{business_id}/jsonld",
    summary="schema.org JSON-LD",
    responses={200: {"content": {"application/ld+json": {}}, "description": "JSON-LD"}},
)
async def business_ld(request: Request, pool: PoolDep, business_id: int) -> Response:
    _, _, ld = await _page(request, pool, business_id)
    return Response(orjson.dumps(ld), media_type="application/ld+json")


@router.post("/businesses/{business_id}/claims", status_code=201, summary="Διεκδίκηση / Claim")
async def claim(
    pool: PoolDep, principal: CurrentAccount, business_id: int, body: ClaimIn
) -> dict[str, Any]:
    """Claim a business as its owner with its tax number (ΑΦΜ); staff confirm."""
    assert principal.user_id is not None
    async with pool.connection() as conn:
        return await guide.claim(conn, business_id, principal.user_id, body.tax_number)


@router.post("/claims/{claim_id}/review", summary="Έλεγχος διεκδίκησης / Review a claim")
async def review_claim(
    pool: PoolDep, principal: StaffPrincipal, claim_id: int, body: ReviewIn
) -> dict[str, Any]:
    _moderator(principal.roles)
    async with pool.connection() as conn:
        return await guide.review_claim(conn, claim_id, body.approve)


@router.patch("/businesses/{business_id}", summary="Αλλαγές ιδιοκτήτη / Owner's edit")
async def edit(
    pool: PoolDep, principal: CurrentAccount, business_id: int, body: BusinessEdit
) -> dict[str, Any]:
    """Contact, hours, accessibility and photos change at once; name, address and
    category wait for staff review (``pending``, ``change_id``)."""
    assert principal.user_id is not None
    staff = bool(principal.roles & (GUIDE_STAFF_ROLES | SUPER_ROLES))
    async with pool.connection() as conn:
        return await guide.edit(conn, business_id, principal.user_id, body, staff=staff)


@router.post("/changes/{change_id}/review", summary="Έλεγχος αλλαγής / Review a change")
async def review_change(
    pool: PoolDep, principal: StaffPrincipal, change_id: int, body: ReviewIn
) -> dict[str, Any]:
    _moderator(principal.roles)
    async with pool.connection() as conn:
        return await guide.review_change(conn, change_id, body.approve)


@router.post(
    "/businesses/{business_id}/offers", status_code=201, summary="Νέα προσφορά / New offer"
)
async def add_offer(
    pool: PoolDep, principal: CurrentAccount, business_id: int, body: OfferIn
) -> dict[str, Any]:
    """An offer or event of the owner's business; shown once a moderator approves it,
    until ``valid_to``."""
    assert principal.user_id is not None
    staff = bool(principal.roles & (GUIDE_STAFF_ROLES | SUPER_ROLES))
    async with pool.connection() as conn:
        return await guide.add_offer(
            conn, business_id, principal.user_id, body, _today(), staff=staff
        )


@router.post("/offers/{offer_id}/review", summary="Έγκριση προσφοράς / Moderate an offer")
async def review_offer(
    pool: PoolDep, principal: StaffPrincipal, offer_id: int, body: ReviewIn
) -> dict[str, Any]:
    _moderator(principal.roles)
    assert principal.user_id is not None
    async with pool.connection() as conn:
        return await guide.review_offer(conn, offer_id, body.approve, principal.user_id)


@router.get("/offers", summary="Προσφορές κοντά μου / Offers near me")
async def offers(
    pool: PoolDep,
    lon: Lon = None,
    lat: Lat = None,
    radius_m: Annotated[float, Query(gt=0, le=20_000)] = 1000,
) -> list[dict[str, Any]]:
    """Approved offers and events valid today, nearest first."""
    if (lon is None) != (lat is None):
        raise InvalidParameter("lon" if lon is None else "lat", "give both lon and lat")
    async with pool.connection() as conn:
        return await guide.current_offers(conn, _today(), lon=lon, lat=lat, radius_m=radius_m)
