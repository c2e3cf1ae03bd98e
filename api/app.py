"""The Polis web application: pygeoapi at ``/ogc`` behind Polis's fast OGC routes,
``/health`` and the web map at ``/``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
from fastapi import FastAPI, Request
from starlette.responses import HTMLResponse, Response

from api import errors
from api.health import health_report
from api.ogc_routes import router as ogc_router
from api.pygeoapi_app import configure, load_pygeoapi
from layers.core_layers import core_registry
from layers.pools import async_pool, close_sync_pools
from layers.settings import PolisSettings
from webmap.placeholder import placeholder_page


def create_app(settings: PolisSettings) -> FastAPI:
    """Build the application for ``settings`` (the database must be reachable and migrated).

    Generates the pygeoapi configuration from the registry and the data's extents,
    loads pygeoapi with it and mounts it at ``/ogc``.
    """
    registry = core_registry()
    configure(settings, registry)
    pygeoapi = load_pygeoapi()
    pool = async_pool(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.open(wait=True)
        try:
            yield
        finally:
            await pool.close()
            close_sync_pools()

    app = FastAPI(
        title="Polis — Δήμος Καρδίτσας / Municipality of Karditsa",
        description="Πολίς: η ανοιχτή πλατφόρμα GIS του Δήμου Καρδίτσας. "
        "Polis: the open GIS platform of the Municipality of Karditsa. "
        "OGC APIs at /ogc (documented at /ogc/openapi).",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.registry = registry
    app.state.pool = pool
    app.state.pygeoapi = pygeoapi
    app.state.base_url = settings.public_url.rstrip("/")
    errors.install(app)
    app.include_router(ogc_router)

    @app.get("/health", summary="Database and broker status / Κατάσταση βάσης και μεσίτη")
    async def health() -> Response:
        status, body = await health_report(settings)
        return Response(orjson.dumps(body), status_code=status, media_type="application/json")

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> HTMLResponse:
        return HTMLResponse(placeholder_page(app.state.base_url))

    app.mount("/ogc", pygeoapi.APP)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory api.app:app_from_env`` (settings from ``POLIS_*``)."""
    return create_app(PolisSettings())
