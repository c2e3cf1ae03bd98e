"""Connection pools: one async pool per web process, one shared sync pool per DSN.

pygeoapi instantiates providers per request, so the sync pool they use is cached here
and shared by every provider instance of the process.
"""

from __future__ import annotations

import threading

from psycopg_pool import AsyncConnectionPool, ConnectionPool

from layers.settings import PolisSettings

_SYNC: dict[str, ConnectionPool] = {}
_LOCK = threading.Lock()

#: Every session speaks UTC, so date/time comparisons do not depend on the server.
SESSION = {"options": "-c TimeZone=UTC -c statement_timeout=30000"}


def async_pool(settings: PolisSettings) -> AsyncConnectionPool:
    """A new (unopened) async pool for the web process's lifespan."""
    return AsyncConnectionPool(
        settings.dsn,
        min_size=settings.pool_min,
        max_size=settings.pool_max,
        # Autocommit: a read is one round trip (no BEGIN/COMMIT); writes open their
        # transaction explicitly (``async with conn.transaction()``).
        kwargs={**SESSION, "autocommit": True},
        open=False,
        name="polis-async",
    )


def shared_sync_pool(dsn: str, *, max_size: int = 4) -> ConnectionPool:
    """The process-wide blocking pool for ``dsn`` (opened on first use)."""
    with _LOCK:
        pool = _SYNC.get(dsn)
        if pool is None:
            pool = ConnectionPool(
                dsn, min_size=1, max_size=max_size, kwargs=SESSION, open=True, name="polis-sync"
            )
            _SYNC[dsn] = pool
        return pool


def close_sync_pools() -> None:
    """Close every shared sync pool (at shutdown and between tests)."""
    with _LOCK:
        for pool in _SYNC.values():
            pool.close()
        _SYNC.clear()
