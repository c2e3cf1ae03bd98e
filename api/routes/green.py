"""``/green``: the urban-green office and the crews — species, crews, work orders (life
cycle, history, photos, recurring inspections), benefits, planting priority and the
crews' daily routes; plus the field map's service worker and icons (the manifest is static)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from pydantic import AfterValidator, BaseModel, Field
from starlette.responses import FileResponse, Response

from api.security.principal import CurrentAccount, Principal, require_account
from gis.green.planning import crew_route, refresh_planting_priority, tree_benefit_map
from layers.green.crews import create_crew, crew_of, get_crew, list_crews
from layers.green.orders import (
    assign_order,
    change_status,
    check_asset,
    create_order,
    generate_inspections,
    get_order,
    list_orders,
    nearest_tree,
)
from layers.green.photos import list_photos, photo_file, photo_store, store_photo
from layers.green.planning import benefit_parameters, benefit_tables
from layers.registry import SUPER_ROLES
from models.auth import Role
from models.errors import Forbidden, InvalidInput, NotFound
from models.green import OrderKind, OrderSource, OrderStatus
from models.problem import problem_responses
from webmap.field_assets import icon_png, service_worker

router = APIRouter(tags=["green"], responses=problem_responses(400, 401, 403, 404, 409, 422, 503))
MAX_PHOTO_BYTES = 15 * 1024 * 1024


async def require_green(principal: Annotated[Principal, Depends(require_account)]) -> Principal:
    if not principal.roles & ({Role.GREEN} | SUPER_ROLES):
        raise Forbidden("only the urban-green department may do this")
    return principal


GreenStaff = Annotated[Principal, Depends(require_green)]
Lon = Annotated[float, Field(ge=-180, le=180)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


#: Free text stored in the database (which refuses NUL characters).
Words = Annotated[str, AfterValidator(_no_nul)]
#: A path id: a positive PostgreSQL integer.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Lat = Annotated[float, Field(ge=-90, le=90)]


class OrderIn(BaseModel):
    kind: OrderKind
    asset_layer: Words | None = Field(default=None, max_length=40)
    asset_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    lon: Lon | None = None
    lat: Lat | None = None
    description: Words | None = Field(default=None, max_length=2000)
    crew_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    scheduled_for: dt.date | None = None
    due: dt.date | None = None


class ReportIn(BaseModel):
    """A citizen's report (e.g. a fallen branch) at a point, optionally of a tree."""

    lon: Lon
    lat: Lat
    description: Words = Field(min_length=3, max_length=2000)
    tree_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class AssignIn(BaseModel):
    crew_id: int = Field(ge=1, le=2**31 - 1)
    scheduled_for: dt.date


class StatusIn(BaseModel):
    status: OrderStatus
    note: Words | None = Field(default=None, max_length=2000)
    lon: Lon | None = None
    lat: Lat | None = None
    minutes_spent: int | None = Field(default=None, ge=0, le=100_000)
    cost_eur: float | None = Field(default=None, ge=0, le=10_000_000)


class CrewIn(BaseModel):
    name_el: Words = Field(min_length=1, max_length=200)
    name_en: Words = Field(min_length=1, max_length=200)
    members: list[int] = Field(default_factory=list, max_length=50)
    depot_lon: Lon | None = None
    depot_lat: Lat | None = None


def _pool(request: Request) -> Any:
    return request.app.state.pool


@router.get("/green/species", summary="Είδη δέντρων / Tree species and benefit parameters")
async def species(request: Request) -> dict[str, Any]:
    """The species table (Greek, Latin, English names, allometry) and the method's
    parameters, each with its source."""
    async with _pool(request).connection() as conn:
        _, rows = await benefit_tables(conn)
        parameters = await benefit_parameters(conn)
    return {"species": rows, "parameters": parameters}


@router.post("/green/crews", status_code=201, summary="Νέο συνεργείο / New crew")
async def new_crew(request: Request, body: CrewIn, who: GreenStaff) -> dict[str, Any]:
    if (body.depot_lon is None) != (body.depot_lat is None):
        raise InvalidInput("depot_lon and depot_lat go together", field="depot_lat")
    depot = (body.depot_lon, body.depot_lat) if body.depot_lon is not None else None
    async with _pool(request).connection() as conn:
        return await create_crew(
            conn,
            name_el=body.name_el,
            name_en=body.name_en,
            members=body.members,
            depot=depot,  # type: ignore[arg-type]
        )


@router.get("/green/crews", summary="Συνεργεία / Crews")
async def crews(request: Request, who: GreenStaff) -> list[dict[str, Any]]:
    async with _pool(request).connection() as conn:
        return await list_crews(conn)


@router.post("/green/orders", status_code=201, summary="Νέα εντολή εργασίας / New work order")
async def new_order(request: Request, body: OrderIn, who: GreenStaff) -> dict[str, Any]:
    async with _pool(request).connection() as conn:
        return await create_order(
            conn, source=OrderSource.OFFICE, actor=who.user_id, **body.model_dump()
        )


@router.post("/green/reports", status_code=201, summary="Αναφορά πολίτη / Citizen report")
async def citizen_report(request: Request, body: ReportIn, who: CurrentAccount) -> dict[str, Any]:
    """Any signed-in account reports a problem (a fallen branch) at a point; the office
    receives it as an open order, of the tree named or of the tree within 10 m."""
    async with _pool(request).connection() as conn:
        tree = body.tree_id or await nearest_tree(conn, body.lon, body.lat, within_m=10)
        order = await create_order(
            conn,
            kind=OrderKind.PRUNING if tree else OrderKind.REPAIR,
            source=OrderSource.CITIZEN,
            actor=who.user_id,
            lon=None if tree else body.lon,
            lat=None if tree else body.lat,
            asset_layer="trees" if tree else None,
            asset_id=tree,
            description=body.description,
        )
    return {"id": order["id"], "status": order["status"]}


@router.get("/green/orders", summary="Εντολές εργασίας / Work orders")
async def orders(
    request: Request,
    who: GreenStaff,
    crew_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    day: dt.date | None = None,
    status: OrderStatus | None = None,
    open_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[dict[str, Any]]:
    async with _pool(request).connection() as conn:
        return await list_orders(
            conn, crew_id=crew_id, day=day, status=status, open_only=open_only, limit=limit
        )


@router.get("/green/orders/{order_id}", summary="Εντολή εργασίας / Work order with history")
async def order(request: Request, order_id: Id, who: GreenStaff) -> dict[str, Any]:
    async with _pool(request).connection() as conn:
        return await get_order(conn, order_id)


@router.post("/green/orders/{order_id}/assign", summary="Ανάθεση / Assign to a crew and day")
async def assign(request: Request, order_id: Id, body: AssignIn, who: GreenStaff) -> dict[str, Any]:
    async with _pool(request).connection() as conn:
        return await assign_order(
            conn,
            order_id,
            crew_id=body.crew_id,
            scheduled_for=body.scheduled_for,
            actor=who.user_id,
        )


@router.post("/green/orders/{order_id}/status", summary="Αλλαγή κατάστασης / Change status")
async def set_status(
    request: Request, order_id: Id, body: StatusIn, who: GreenStaff
) -> dict[str, Any]:
    async with _pool(request).connection() as conn:
        return await change_status(
            conn, order_id, body.status, actor=who.user_id, **body.model_dump(exclude={"status"})
        )


@router.post("/green/orders/{order_id}/photos", status_code=201, summary="Φωτογραφία / Photo")
async def order_photo(
    request: Request,
    order_id: Id,
    who: GreenStaff,
    file: Annotated[UploadFile, File()],
    lon: Annotated[float | None, Form(ge=-180, le=180)] = None,
    lat: Annotated[float | None, Form(ge=-90, le=90)] = None,
) -> dict[str, Any]:
    """A photo of the order's work, with where it was taken (EXIF GPS when not given)."""
    data = await _photo_bytes(file)
    async with _pool(request).connection() as conn:
        found = await get_order(conn, order_id)
        return await store_photo(
            conn,
            photo_store(request.app.state.settings.var_dir),
            data,
            order_id=order_id,
            layer=found["asset_layer"],
            feature_id=found["asset_id"],
            lon=lon,
            lat=lat,
            uploaded_by=who.user_id,
        )


@router.post("/green/photos", status_code=201, summary="Φωτογραφία στοιχείου / Asset photo")
async def asset_photo(
    request: Request,
    who: GreenStaff,
    file: Annotated[UploadFile, File()],
    layer: Annotated[str, Form(max_length=40)],
    feature_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    lon: Annotated[float | None, Form(ge=-180, le=180)] = None,
    lat: Annotated[float | None, Form(ge=-90, le=90)] = None,
) -> dict[str, Any]:
    """A photo of a tree, green area or public-space asset (inventory)."""
    data = await _photo_bytes(file)
    async with _pool(request).connection() as conn:
        await check_asset(conn, layer, feature_id)
        return await store_photo(
            conn,
            photo_store(request.app.state.settings.var_dir),
            data,
            order_id=None,
            layer=layer,
            feature_id=feature_id,
            lon=lon,
            lat=lat,
            uploaded_by=who.user_id,
        )


@router.get("/green/assets/{layer}/{feature_id}/photos", summary="Φωτογραφίες / Asset photos")
async def asset_photos(
    request: Request, layer: str, feature_id: Id, who: GreenStaff
) -> list[dict[str, Any]]:
    async with _pool(request).connection() as conn:
        await check_asset(conn, layer, feature_id)
        return await list_photos(conn, layer, feature_id)


async def _photo_bytes(file: UploadFile) -> bytes:
    data = await file.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("file: larger than 15 MB", field="file")
    return data


@router.get("/green/photos/{photo_id}", summary="Φωτογραφία / Photo at a phone size")
async def photo(
    request: Request, photo_id: Id, who: GreenStaff, size: str = "phone"
) -> FileResponse:
    async with _pool(request).connection() as conn:
        path = await photo_file(
            conn, photo_store(request.app.state.settings.var_dir), photo_id, size
        )
    return FileResponse(
        path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=86400"}
    )


@router.post("/green/inspections/schedule", summary="Τακτικές επιθεωρήσεις / Recurring inspections")
async def schedule_inspections(
    request: Request,
    who: GreenStaff,
    today: dt.date | None = None,
    horizon_days: Annotated[int, Query(ge=0, le=366)] = 30,
) -> dict[str, int]:
    """Open the inspections due within ``horizon_days`` (idempotent)."""
    async with _pool(request).connection() as conn:
        created = await generate_inspections(
            conn, today=today or dt.date.today(), horizon_days=horizon_days
        )
    return {"created": created}


@router.get("/green/me", summary="Το συνεργείο μου / My crew and today's orders")
async def my_day(request: Request, who: GreenStaff, day: dt.date | None = None) -> dict[str, Any]:
    """The caller's crew and its orders of ``day`` (today), for the field map."""
    assert who.user_id is not None
    day = day or dt.date.today()
    async with _pool(request).connection() as conn:
        crew = await crew_of(conn, who.user_id)
        todo = await list_orders(conn, crew_id=crew["id"], day=day) if crew else []
    return {"crew": crew, "day": day, "orders": todo}


@router.get("/green/crews/{crew_id}/route", summary="Δρομολόγιο / The crew's route of a day")
async def route(
    request: Request, crew_id: Id, who: GreenStaff, day: dt.date | None = None
) -> dict[str, Any]:
    """The day's open orders ordered into a round trip from the depot over the streets."""
    async with _pool(request).connection() as conn:
        crew = await get_crew(conn, crew_id)
        if crew is None:
            raise NotFound(f"no crew {crew_id}", field="crew_id")
        todo = [
            o
            for o in await list_orders(conn, crew_id=crew_id, day=day or dt.date.today())
            if o["status"] not in ("done", "cancelled")
        ]
        stops = [(o["id"], o["lon"], o["lat"]) for o in todo]
        if crew["depot_lon"] is None:
            if not stops:
                return {"orders": [], "time_s": 0.0, "length_m": 0.0, "path": []}
            depot = (stops[0][1], stops[0][2])
        else:
            depot = (crew["depot_lon"], crew["depot_lat"])
        return await crew_route(conn, depot, stops)


@router.get("/green/trees/{tree_id}/benefits", summary="Οφέλη δέντρου / Benefits of a tree")
async def benefits(request: Request, tree_id: Id) -> dict[str, Any]:
    """Stored carbon (kg C), sequestration (kg C/yr), stormwater (m³/yr), pollution (kg/yr)."""
    async with _pool(request).connection() as conn:
        found = await tree_benefit_map(conn, [tree_id])
    if tree_id not in found:
        raise NotFound(f"no tree {tree_id}", field="tree_id")
    hood, b = found[tree_id]
    return {"tree": tree_id, "neighbourhood": hood, **b.rounded()}


@router.post("/green/planning/refresh", summary="Προτεραιότητα φύτευσης / Recompute planning")
async def refresh_planning(request: Request, who: GreenStaff) -> dict[str, Any]:
    """Recompute canopy, exposure, planting priority and benefits per neighbourhood (the
    ``green_planting_priority`` layer)."""
    async with _pool(request).connection() as conn:
        rows = await refresh_planting_priority(conn)
    return {"neighbourhoods": rows}


# ------------------------------------------------------------------ the field map as a PWA
@router.get("/field-sw.js", include_in_schema=False)
async def field_service_worker() -> Response:
    return Response(
        service_worker(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@router.get("/field-icon-{size}.png", include_in_schema=False)
async def field_icon(size: int) -> Response:
    if size not in (192, 512):
        raise NotFound(f"no icon of {size} px", field="size")
    return Response(
        icon_png(size), media_type="image/png", headers={"Cache-Control": "max-age=86400"}
    )
