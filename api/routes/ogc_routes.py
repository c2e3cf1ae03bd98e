"""OGC API – Routes, core: ``POST /ogc/routes`` computes a route synchronously and answers
it in the route exchange model (a GeoJSON FeatureCollection: the route overview, the
start and end points, then one feature per segment). ``inputs.profile`` and
``inputs.overrides`` pick the accessibility profile (extensions)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.conformance import ROUTES_CORE
from api.deps import SettingsDep
from api.routes.mobility import GEOJSON
from gis.mobility import service
from gis.mobility.router import Router, RoutingError
from models.mobility.schemas import LonLat, ProfileName, RouteOverrides
from models.problem import problem_responses

router = APIRouter(prefix="/ogc", tags=["OGC API - Routes"], responses=problem_responses(400))

CONFORMANCE = (ROUTES_CORE,)


class MultiPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(pattern="^MultiPoint$")
    coordinates: list[LonLat] = Field(min_length=2, max_length=25)


class Waypoints(BaseModel):
    value: MultiPoint


class RouteInputs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waypoints: Waypoints
    name: str | None = Field(default=None, max_length=200)
    preference: str | None = Field(default=None, max_length=32)
    profile: ProfileName = "pedestrian"
    overrides: RouteOverrides = Field(default_factory=lambda: RouteOverrides())


class RouteDefinition(BaseModel):
    """The route definition of OGC API – Routes (``inputs.waypoints.value``: MultiPoint)."""

    inputs: RouteInputs


@router.get("/routes", summary="Routes (OGC API – Routes)")
async def routes(request: Request) -> dict[str, Any]:
    """No route is stored: routes are computed synchronously with ``POST``."""
    base = request.app.state.base_url
    return {
        "links": [
            {"href": f"{base}/ogc/routes", "rel": "self", "type": "application/json"},
            {"href": f"{base}/ogc/routes", "rel": "http://www.opengis.net/def/rel/ogc/1.0/routes"},
        ],
        "conformsTo": list(CONFORMANCE),
    }


@router.post(
    "/routes",
    summary="Compute a route (OGC API – Routes, synchronous)",
    responses={422: {"description": "no route: the blocking constraint and where"}},
)
async def compute_route(body: RouteDefinition, settings: SettingsDep) -> Response:
    """The route through the waypoints for the chosen profile."""
    inputs = body.inputs
    profile = service.profile_of(inputs.profile, inputs.overrides)
    points = inputs.waypoints.value.coordinates

    def legs(r: Router) -> list[dict[str, Any]]:
        return [r.route(profile, a, b) for a, b in zip(points, points[1:], strict=False)]

    try:
        found = await run_in_threadpool(service.network_for(settings).run, legs)
    except RoutingError as exc:
        body_out = {
            "code": "NoRoute",
            "description": exc.message,
            "constraint": exc.constraint,
            "where": exc.where,
            "field": exc.field,
        }
        return Response(orjson.dumps(body_out), status_code=422, media_type="application/json")
    return Response(orjson.dumps(exchange_model(found, inputs.name, points)), media_type=GEOJSON)


def exchange_model(
    legs: list[dict[str, Any]], name: str | None, points: list[tuple[float, float]]
) -> dict[str, Any]:
    """Legs of :meth:`Router.route` joined into one route in the route exchange model."""
    coords: list[list[float]] = []
    segments: list[dict[str, Any]] = []
    length = duration = 0.0
    instructions: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    for leg in legs:
        overview, *parts = leg["features"]
        line = overview["geometry"]["coordinates"] if overview["geometry"] else []
        coords += line[1:] if coords else line
        props = overview["properties"]
        length += props["length_m"]
        duration += props["duration_s"]
        instructions += props["instructions"]
        warnings += props["warnings"]
        for part in parts:
            p = dict(part["properties"])
            p["duration_s"] = p.pop("time_s")
            segments.append({**part, "properties": p})
    start, end = points[0], points[-1]
    return {
        "type": "FeatureCollection",
        "name": name or "route",
        "status": "successful",
        "features": [
            {
                "type": "Feature",
                "id": 1,
                "geometry": {"type": "LineString", "coordinates": coords} if len(coords) > 1 else None,
                "properties": {
                    "type": "route overview",
                    "name": name or "route",
                    "status": "successful",
                    "length_m": round(length, 1),
                    "duration_s": round(duration, 1),
                    "instructions": instructions,
                    "warnings": warnings,
                },
            },
            {"type": "Feature", "id": 2, "geometry": {"type": "Point", "coordinates": list(start)},
             "properties": {"type": "start"}},
            {"type": "Feature", "id": 3, "geometry": {"type": "Point", "coordinates": list(end)},
             "properties": {"type": "end"}},
            *({**s, "id": i} for i, s in enumerate(segments, start=4)),
        ],
    }  # fmt: skip
