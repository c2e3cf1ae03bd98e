"""Typed dependencies of the routes: the pool, the registry, the caller, and the
collection resolved from the registry (404 when unknown, 401/403 when not the
caller's to read). A domain's routes declare what they need with these aliases::

    @router.get("/parking/free")
    async def free_bays(pool: PoolDep, layer: ReadableLayer) -> ...

The OGC fast routes call the same functions directly (one less dependency-injection
pass on the hottest path)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from psycopg_pool import AsyncConnectionPool

from api.security.access import readable
from api.security.principal import (
    AdminPrincipal,
    CurrentAccount,
    Principal,
    StaffPrincipal,
    resolve_principal,
)
from api.settings import PolisSettings
from layers.registry import LayerSpec, Registry


def get_pool(request: Request) -> AsyncConnectionPool:
    """The process's async connection pool (opened in the app's lifespan)."""
    pool: AsyncConnectionPool = request.app.state.pool
    return pool


def get_registry(request: Request) -> Registry:
    """The registry the application was built with."""
    registry: Registry = request.app.state.registry
    return registry


def get_settings(request: Request) -> PolisSettings:
    """The application's settings."""
    settings: PolisSettings = request.app.state.settings
    return settings


def get_collection(collection_id: str, registry: RegistryDep) -> LayerSpec:
    """The layer named by the ``collection_id`` path parameter (404 when unknown)."""
    return registry.get(collection_id)


async def readable_layer(
    request: Request, collection: Annotated[LayerSpec, Depends(get_collection)]
) -> LayerSpec:
    """The collection as the caller may read it (private attributes removed)."""
    return readable(collection, await resolve_principal(request))


PoolDep = Annotated[AsyncConnectionPool, Depends(get_pool)]
RegistryDep = Annotated[Registry, Depends(get_registry)]
SettingsDep = Annotated[PolisSettings, Depends(get_settings)]
Caller = Annotated[Principal, Depends(resolve_principal)]
Collection = Annotated[LayerSpec, Depends(get_collection)]
ReadableLayer = Annotated[LayerSpec, Depends(readable_layer)]

__all__ = [
    "AdminPrincipal",
    "Caller",
    "Collection",
    "CurrentAccount",
    "PoolDep",
    "ReadableLayer",
    "RegistryDep",
    "SettingsDep",
    "StaffPrincipal",
]
