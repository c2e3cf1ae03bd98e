"""The Polis web application: pygeoapi at ``/ogc`` behind Polis's fast OGC routes,
``/health`` and the web map pages (``/``, ``/civil-protection``, ``/field``, ``/staff``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from starlette.responses import Response

from api import errors
from api.pygeoapi_app import ReadOnlyPygeoapi, configure, load_pygeoapi
from api.routes.audit import router as audit_router
from api.routes.auth import router as auth_router
from api.routes.consultations import router as consultations_router
from api.routes.edit import router as edit_router
from api.routes.green import router as green_router
from api.routes.guide import router as guide_router
from api.routes.health import health_report
from api.routes.live import router as live_router
from api.routes.markets import router as markets_router
from api.routes.mobility import router as mobility_router
from api.routes.ogc import router as ogc_router
from api.routes.ogc_routes import router as ogc_routes_router
from api.routes.oidc import router as oidc_router
from api.routes.participation import router as participation_router
from api.routes.participation_ballots import router as participation_ballots_router
from api.routes.participation_moderation import router as participation_moderation_router
from api.routes.participation_pages import router as participation_pages_router
from api.routes.participation_residents import router as participation_residents_router
from api.routes.participation_results import router as participation_results_router
from api.routes.payments import router as payments_router
from api.routes.processes import router as processes_router
from api.routes.sensorthings import router as sensorthings_router
from api.routes.sensorthings_create import router as sensorthings_create_router
from api.routes.sensorthings_status import router as sensors_status_router
from api.routes.webmap import install_webmap
from api.security.cors import ScopedCors
from api.security.credentials import derived_key, resolve_secret
from api.security.hardening import Hardening
from api.security.ratelimit import RateLimits
from api.settings import PolisSettings
from layers.db.pools import async_pool, close_sync_pools
from layers.registry import Registry, registry_for
from models.problem import problem_responses


def create_app(settings: PolisSettings, registry: Registry | None = None) -> FastAPI:
    """Build the application for ``settings`` (the database must be reachable and migrated).

    Generates the pygeoapi configuration from the registry and the data's extents,
    loads pygeoapi with it and mounts it at ``/ogc``. Refuses placeholder secrets in
    production (``ConfigurationError``).
    """
    registry = registry or registry_for(settings)
    secret = resolve_secret(settings)
    configure(settings, registry)
    pygeoapi = load_pygeoapi()
    pool = async_pool(settings, version_key=derived_key(secret, "feature-version"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.open(wait=True)
        try:
            yield
        finally:
            await pool.close()
            close_sync_pools()

    name = settings.municipality.name
    app = FastAPI(
        title=f"Polis — {name.el} / {name.en}",
        description=f"Πολίς: ανοιχτή πλατφόρμα GIS — {name.el}. "
        f"Polis: open GIS platform — {name.en}. "
        "OGC APIs at /ogc (documented at /ogc/openapi).",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.registry = registry
    app.state.pool = pool
    app.state.pygeoapi = pygeoapi
    app.state.base_url = settings.public_url.rstrip("/")
    app.state.secret = secret
    app.state.limits = RateLimits(
        {
            "login": settings.login_rate,
            "register": settings.register_rate,
            "write": settings.write_rate,
        }
    )
    errors.install(app)
    app.include_router(ogc_router)
    app.include_router(edit_router)
    app.include_router(auth_router)
    app.include_router(audit_router)
    app.include_router(oidc_router)
    app.include_router(processes_router)
    app.include_router(mobility_router)
    app.include_router(ogc_routes_router)
    app.include_router(green_router)
    app.include_router(participation_residents_router)
    app.include_router(participation_moderation_router)
    app.include_router(participation_router)
    app.include_router(participation_ballots_router)
    app.include_router(participation_results_router)
    app.include_router(consultations_router)
    app.include_router(participation_pages_router)
    app.include_router(guide_router)
    app.include_router(markets_router)
    app.include_router(payments_router)
    app.include_router(sensorthings_router)
    app.include_router(sensorthings_create_router)
    app.include_router(sensors_status_router)
    app.include_router(live_router)

    @app.get(
        "/health",
        summary="Database and broker status / Κατάσταση βάσης και μεσίτη",
        responses=problem_responses(503),
    )
    async def health() -> Response:
        status, body = await health_report(settings)
        return Response(orjson.dumps(body), status_code=status, media_type="application/json")

    install_webmap(app)

    app.mount("/ogc", ReadOnlyPygeoapi(pygeoapi.APP))
    # Compressed answers for clients that ask (pages, scripts, GeoJSON, tiles): a phone on
    # a slow line loads the field map in a fraction; images and event streams pass as they are.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(
        ScopedCors,
        read_origins=settings.cors_origins,
        write_origins=settings.cors_write_origins,
    )
    app.add_middleware(
        Hardening,
        max_body=settings.max_body_bytes,
        https=settings.public_url.startswith("https://"),
    )
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory api.app:app_from_env`` (settings from ``POLIS_*``)."""
    return create_app(PolisSettings())
