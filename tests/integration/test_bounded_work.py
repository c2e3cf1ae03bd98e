"""Bounded work per request: a statement timeout on every serving read, a cap on the size
of an items page (cut short with a next link), one retry of a read on a stale connection."""

from __future__ import annotations

import asyncio

import pytest

from api.settings import PolisSettings
from layers.db.pools import async_pool, read_one
from layers.ogc.features import fetch_items
from layers.ogc.params import parse_items_query
from layers.registry import default_registry
from models.errors import QueryTimeout


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_statement_timeout_is_a_503_error(demo_settings: PolisSettings) -> None:
    settings = demo_settings.model_copy(update={"statement_timeout_ms": 200})

    async def slow() -> None:
        pool = async_pool(settings, version_key="k")
        await pool.open(wait=True)
        try:
            await read_one(pool, "SELECT pg_sleep(2)", None)
        finally:
            await pool.close()

    with pytest.raises(QueryTimeout) as err:
        run(slow())
    assert err.value.status == 503 and "narrow" in err.value.message


def test_page_is_cut_at_the_byte_cap(demo_settings: PolisSettings) -> None:
    spec = default_registry().get("buildings")
    query = parse_items_query(spec, {"limit": "500"}, default_limit=10, max_limit=10_000)

    async def page(max_bytes: int) -> tuple[int, str, bool]:
        pool = async_pool(demo_settings, version_key="k")
        await pool.open(wait=True)
        try:
            return (await fetch_items(pool, spec, query, max_bytes=max_bytes))[:3]
        finally:
            await pool.close()

    full_n, full, full_cut = run(page(100_000_000))
    assert full_n == 500 and not full_cut
    cut_n, cut, was_cut = run(page(len(full) // 4))
    assert was_cut and 0 < cut_n < 500 and len(cut) <= len(full) // 4
    assert full.startswith(cut)  # the same features, in order, just fewer
    one_n, _, _ = run(page(1))
    assert one_n == 1  # the first feature is always sent


def test_stale_connections_are_retried(demo_settings: PolisSettings) -> None:
    """After the server ends a pooled session (as a restart does), the next read still
    answers: the broken connection is dropped and the read retried once."""

    async def scenario() -> object:
        pool = async_pool(
            demo_settings.model_copy(update={"pool_min": 1, "pool_max": 1}), version_key="k"
        )
        await pool.open(wait=True)
        try:
            pid = (await read_one(pool, "SELECT pg_backend_pid()", None))[0]
            await read_one(pool, "SELECT pg_terminate_backend(%s)", (pid,))
            return (await read_one(pool, "SELECT 42", None))[0]
        finally:
            await pool.close()

    assert run(scenario()) == 42
