"""The OGC API routes Polis answers itself, in front of pygeoapi.

JSON item pages, single items and vector tiles are served straight from PostGIS
(GeoJSON and MVT built in SQL, pages passed through as text), which is what makes
Polis fast; the conformance document is Polis's honest list. Every other OGC route,
and the HTML renderings of these, go to pygeoapi (``request.app.state.pygeoapi``).

The routes are plain Starlette routes (:func:`get`): they take the request alone, and
FastAPI's per-request dependency solving and endpoint wrapping cost more than serving
a feature does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from functools import lru_cache

import orjson
from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from api.conformance import conformance_document, conformance_html
from api.errors import as_polis_error, render_polis_error
from api.links import GEOJSON, item_links, items_links
from api.security.access import layer_for_reading
from layers.ogc.coverage import check_coverage_query
from layers.ogc.crs import parse_crs
from layers.ogc.features import fetch_item, fetch_items
from layers.ogc.params import (
    FeatureQuery,
    check_no_nul,
    parse_bbox,
    parse_int,
    parse_items_query,
)
from layers.ogc.tiles import check_tile, fetch_tile
from layers.registry import LayerSpec
from models.errors import InvalidParameter

PREFIX = "/ogc"
router = APIRouter(prefix=PREFIX, include_in_schema=False)
Endpoint = Callable[[Request], Awaitable[Response]]
MVT = "application/vnd.mapbox-vector-tile"
#: ``f`` values of a tile: ``pbf`` is what pygeoapi's tile metadata advertises.
TILE_FORMATS = ("mvt", "pbf")
JSON_FORMATS = ("json", "geojson")


def get(path: str) -> Callable[[Endpoint], Endpoint]:
    """Register an endpoint for GET (and HEAD) on ``/ogc`` + ``path`` as a Starlette route
    (path parameters in ``request.path_params``): measured in process, FastAPI's own
    route machinery costs ~0.2 ms a request, a Starlette route ~0.03 ms."""

    def register(endpoint: Endpoint) -> Endpoint:
        router.routes.append(
            Route(PREFIX + path, endpoint, methods=["GET"], include_in_schema=False)
        )
        return endpoint

    return register


def wants_html(request: Request) -> bool | None:
    """True for HTML, False for (Geo)JSON, None for another ``f`` (pygeoapi decides)."""
    f = request.query_params.get("f")
    if f is not None:
        return True if f == "html" else (False if f in JSON_FORMATS else None)
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "json" not in accept


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def ogc_errors(call: Callable[[], Awaitable[Response]]) -> Response:
    """Run a route body, rendering Polis errors (and an unreachable database, 503) in the
    OGC exception format."""
    try:
        return await call()
    except Exception as exc:
        known = as_polis_error(exc)
        if known is None:
            raise
        return render_polis_error(known, ogc=True)


@get("/conformance")
async def conformance(request: Request) -> Response:
    if wants_html(request):
        return HTMLResponse(conformance_html())
    return Response(orjson.dumps(conformance_document()), media_type="application/json")


def items_query(request: Request, spec: LayerSpec) -> FeatureQuery:
    """The checked query of an items request (JSON or HTML alike)."""
    settings = request.app.state.settings
    return parse_items_query(
        spec,
        dict(request.query_params),
        default_limit=settings.default_limit,
        max_limit=settings.max_limit,
    )


@get("/collections/{collection_id}/items")
async def items(request: Request) -> Response:
    html = wants_html(request) is not False
    collection_id = request.path_params["collection_id"]

    async def body() -> Response:
        state = request.app.state
        spec = await layer_for_reading(request, collection_id)
        query = items_query(request, spec)  # HTML too: pygeoapi only sees checked queries
        if html:
            response: Response = await state.pygeoapi.collection_items(request)
            return response
        page = await fetch_items(
            state.pool, spec, query, max_bytes=state.settings.max_response_bytes
        )
        params = dict(request.query_params)
        links = items_links(
            state.base_url,
            request.url.path,
            params,
            offset=query.offset,
            limit=query.limit,
            returned=page.returned,
            more=page.truncated,
        )
        tail = f'],"numberMatched":{page.matched},"numberReturned":{page.returned},'
        content = b"".join(
            (
                b'{"type":"FeatureCollection","features":[',
                page.features,  # UTF-8 from PostGIS, never decoded
                f'{tail}"timeStamp":"{now()}","links":'.encode(),
                orjson.dumps(links),
                b"}",
            )
        )
        return Response(
            content,
            media_type=GEOJSON,
            headers={"Content-Crs": f"<{query.crs.uri}>", **cache_headers(spec)},
        )

    return await ogc_errors(body)


@get("/collections/{collection_id}/items/{item_id}")
async def item(request: Request) -> Response:
    html = wants_html(request) is not False
    collection_id, item_id = request.path_params["collection_id"], request.path_params["item_id"]

    async def body() -> Response:
        state = request.app.state
        spec = await layer_for_reading(request, collection_id)
        unknown = [k for k in request.query_params if k not in ("f", "crs", "lang")]
        if unknown:
            raise InvalidParameter(unknown[0], "unknown query parameter")
        check_no_nul(request.query_params)
        crs = parse_crs(request.query_params.get("crs"))
        if html:
            response: Response = await state.pygeoapi.collection_items(request)
            return response
        feature, version = await fetch_item(state.pool, spec, item_id, crs)
        collection_path = request.url.path.rsplit("/items/", 1)[0]
        links = orjson.dumps(item_links(state.base_url, request.url.path, collection_path))
        content = feature[:-1].encode() + b',"links":' + links + b"}"
        headers = {"Content-Crs": f"<{crs.uri}>", "ETag": f'"{version}"', **cache_headers(spec)}
        return Response(content, media_type=GEOJSON, headers=headers)

    return await ogc_errors(body)


@lru_cache(maxsize=32)
def raster_bounds(path: str) -> tuple[float, float, float, float]:
    """A raster file's bounds in its own CRS (read once per file and process)."""
    import rasterio

    with rasterio.open(path) as src:
        return tuple(src.bounds)  # type: ignore[return-value]


def cache_headers(spec: LayerSpec) -> dict[str, str]:
    """Caching of a layer's data: what differs by caller (restricted layers, private
    attributes) is private to that caller and varies with its credentials."""
    if spec.read_roles is None and not spec.private_fields:
        return {}
    return {"Cache-Control": "private, no-cache", "Vary": "Authorization, X-API-Key"}


def tile_cache_headers(spec: LayerSpec) -> dict[str, str]:
    """A minute of caching for tiles; private (per caller) when their content depends on
    the caller's roles, so no shared cache hands one caller's tile to another."""
    if spec.read_roles is None and not spec.private_fields:
        return {"Cache-Control": "public, max-age=60"}
    return {"Cache-Control": "private, max-age=60", "Vary": "Authorization, X-API-Key"}


# OGC path parameter names, shared with pygeoapi
@get("/collections/{collection_id}/tiles/{tileMatrixSetId}/{tile_matrix}/{tileRow}/{tileCol}")
async def tile(request: Request) -> Response:
    path = request.path_params

    async def body() -> Response:
        f = request.query_params.get("f")
        if f not in (None, *TILE_FORMATS):
            raise InvalidParameter("f", f"'{f}' is not available for tiles; use mvt")
        state = request.app.state
        spec = await layer_for_reading(request, path["collection_id"])
        z = parse_int(path["tile_matrix"], "tileMatrix", low=0)
        y = parse_int(path["tileRow"], "tileRow", low=0)
        x = parse_int(path["tileCol"], "tileCol", low=0)
        check_tile(spec, path["tileMatrixSetId"], z, y, x)
        data = await fetch_tile(state.pool, spec, z, y, x)
        headers = tile_cache_headers(spec)
        if not data:
            return Response(status_code=204, headers=headers)
        return Response(data, media_type=MVT, headers=headers)

    return await ogc_errors(body)


@get("/collections/{collection_id}/coverage")
async def coverage(request: Request) -> Response:
    """pygeoapi's coverage route, its ``bbox`` and ``subset`` checked first against the
    raster (pygeoapi answers a malformed or missing one with a 500)."""

    async def body() -> Response:
        params = request.query_params
        check_no_nul(params)
        if params.get("bbox"):  # malformed: a 400 whether or not the coverage exists
            parse_bbox(params["bbox"], parse_crs(params.get("bbox-crs"), field="bbox-crs"))
        pygeoapi = request.app.state.pygeoapi
        resource = pygeoapi.CONFIG.get("resources", {}).get(
            request.path_params.get("collection_id", "")
        )
        if resource is not None and resource.get("type") == "collection":
            provider = next(
                (p for p in resource.get("providers", []) if p.get("type") == "coverage"), None
            )
            if provider is not None:
                check_coverage_query(
                    params,
                    extent=tuple(resource["extents"]["spatial"]["bbox"]),
                    native=raster_bounds(provider["data"]),
                )
        response: Response = await pygeoapi.collection_coverage(request)
        return response

    return await ogc_errors(body)


@get("")
async def landing(request: Request) -> Response:
    """pygeoapi's landing page served at ``/ogc`` itself (no redirect to ``/ogc/``)."""
    response: Response = await request.app.state.pygeoapi.landing_page(request)
    return response
