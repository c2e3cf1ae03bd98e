"""pygeoapi, configured from the layer registry and loaded as an ASGI app.

``pygeoapi.starlette_app`` builds its Starlette ``APP`` when imported, from the files
named by ``PYGEOAPI_CONFIG`` and ``PYGEOAPI_OPENAPI``. Polis generates both files from
the registry, points the variables at them and (re)loads the module, so one process
serves one configuration: the last one built.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from types import ModuleType

import yaml
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import DATABASE_RETRY_AFTER, ogc_exception, render_polis_error
from api.security.principal import resolve_principal
from api.settings import PolisSettings
from layers.db.database import connect
from layers.db.rasters import raster_catalogue
from layers.ogc.config import build_config, write_config
from layers.ogc.extents import all_extents, layer_sources, municipality_bbox
from layers.ogc.provider import serve_registry
from layers.registry import Registry, registry_for
from models.errors import DatabaseUnavailable, PolisError

MODULE = "pygeoapi.starlette_app"
LOGGER = logging.getLogger("polis.api")


def configure(settings: PolisSettings, registry: Registry | None = None) -> dict[str, object]:
    """Generate the pygeoapi config and OpenAPI document from the registry and the data."""
    registry = registry or registry_for(settings)
    try:
        with connect(settings) as conn:
            extents = all_extents(
                conn, registry, empty=municipality_bbox(conn, settings.municipality)
            )
            sources = layer_sources(conn)
            rasters = raster_catalogue(conn)
    except DatabaseUnavailable:
        # A worker replaced while the database is away starts on the configuration its
        # siblings generated (extents and sources of the last time it answered), and
        # serves 503s until the database is back, instead of failing to start.
        written = previous_config(settings.runtime_dir, registry)
        if written is None:
            raise
        LOGGER.warning("database unavailable: serving the last generated configuration")
        config_path, openapi_path = written
        os.environ["PYGEOAPI_CONFIG"] = str(config_path)
        os.environ["PYGEOAPI_OPENAPI"] = str(openapi_path)
        loaded: dict[str, object] = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        return loaded
    config = build_config(settings, registry, extents, sources, rasters)
    config_path, openapi_path = write_config(config, settings.runtime_dir)
    os.environ["PYGEOAPI_CONFIG"] = str(config_path)
    os.environ["PYGEOAPI_OPENAPI"] = str(openapi_path)
    return config


def previous_config(directory: Path, registry: Registry) -> tuple[Path, Path] | None:
    """The configuration and OpenAPI files last written in ``directory``, if they were
    generated for ``registry`` (their providers name its key)."""
    config_path = directory / "pygeoapi-config.yml"
    openapi_path = directory / "pygeoapi-openapi.json"
    if not (config_path.is_file() and openapi_path.is_file()):
        return None
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    key = serve_registry(registry)
    keys = {
        provider.get("registry")
        for resource in config.get("resources", {}).values()
        for provider in resource.get("providers", [])
        if provider.get("type") == "feature"
    }
    return (config_path, openapi_path) if keys == {key} else None


def load_pygeoapi() -> ModuleType:
    """The ``pygeoapi.starlette_app`` module built from the current configuration files."""
    module = sys.modules.get(MODULE)
    if module is None:
        return importlib.import_module(MODULE)
    return importlib.reload(module)


#: Methods pygeoapi may answer: Polis's own Part 4 routes do every edit.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyPygeoapi:
    """pygeoapi as mounted at ``/ogc``: reads only, credentials checked as on Polis's
    routes, and a 503 (database away) carrying ``Retry-After``.

    pygeoapi has its own edit handlers (``PUT items/5/``…) that must never be reached,
    and it ignores credentials, so an invalid or expired token would silently read as
    anonymous there while Polis's JSON routes answer 401.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in READ_METHODS:
            response = ogc_exception(
                405,
                "MethodNotAllowed",
                f"{scope['method']} is not allowed here; features are edited at "
                "/ogc/collections/{id}/items[/{featureId}] (OGC API – Features Part 4)",
            )
            response.headers["Allow"] = "GET, HEAD, OPTIONS"
            await response(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if b"authorization" in headers or b"x-api-key" in headers:
            try:
                await resolve_principal(Request(scope))
            except PolisError as exc:
                await render_polis_error(exc, ogc=True)(scope, receive, send)
                return
        await self.app(scope, receive, _retry_after_on_503(send))


def _retry_after_on_503(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 503:
            retry = (b"retry-after", str(DATABASE_RETRY_AFTER).encode())
            message["headers"] = [*message.get("headers", []), retry]
        await send(message)

    return wrapped
