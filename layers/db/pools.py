"""Connection pools: one async pool per web process, one shared sync pool per DSN, and
the read helpers that every query of the serving path goes through.

pygeoapi instantiates providers per request, so the sync pool they use is cached here
and shared by every provider instance of the process. Every session speaks UTC and has
a statement timeout, so no request can hold a connection for long.
"""

from __future__ import annotations

import threading
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, ConnectionPool, PoolTimeout

from layers.db.settings import DatabaseSettings
from models.errors import DatabaseUnavailable, QueryTimeout

_SYNC: dict[str, ConnectionPool] = {}
_LOCK = threading.Lock()

#: What a request may wait for a free connection before it is told to come back (503).
POOL_WAIT_S = 3.0


def session_options(statement_timeout_ms: int, version_key: str = "") -> dict[str, str]:
    """libpq ``options`` of every serving connection: UTC, the statement timeout and the
    key of version tags (``layers.ogc.features.VERSION``; only the async pool serves them)."""
    options = f"-c TimeZone=UTC -c statement_timeout={statement_timeout_ms}"
    if version_key:
        options += f" -c polis.version_key={version_key}"
    return {"options": options}


def async_pool(settings: DatabaseSettings, *, version_key: str) -> AsyncConnectionPool:
    """A new (unopened) async pool for the web process's lifespan; ``version_key`` (hex
    or URL-safe text, no spaces) keys the version tags of features."""
    return AsyncConnectionPool(
        settings.dsn,
        min_size=settings.pool_min,
        max_size=settings.pool_max,
        # Autocommit: a read is one round trip (no BEGIN/COMMIT); writes open their
        # transaction explicitly (``async with conn.transaction()``).
        kwargs={
            **session_options(settings.statement_timeout_ms, version_key),
            "autocommit": True,
        },
        timeout=POOL_WAIT_S,
        # A connection that cannot be made is retried once, then the pool waits for the
        # next request to grow again: while the database is away nothing spins.
        reconnect_timeout=0,
        open=False,
        name="polis-async",
    )


def shared_sync_pool(
    dsn: str, *, max_size: int = 4, statement_timeout_ms: int = 10_000
) -> ConnectionPool:
    """The process-wide blocking pool for ``dsn`` (opened on first use)."""
    with _LOCK:
        pool = _SYNC.get(dsn)
        if pool is None:
            pool = ConnectionPool(
                dsn,
                min_size=1,
                max_size=max_size,
                kwargs=session_options(statement_timeout_ms),
                timeout=POOL_WAIT_S,
                reconnect_timeout=0,
                open=False,
                name="polis-sync",
            )
            pool.open(wait=False)
            _SYNC[dsn] = pool
        return pool


def close_sync_pools() -> None:
    """Close every shared sync pool (at shutdown and between tests)."""
    with _LOCK:
        for pool in _SYNC.values():
            pool.close()
        _SYNC.clear()


def unavailable(exc: Exception) -> DatabaseUnavailable | QueryTimeout:
    """The user-facing error of a failed database call: a statement over its time limit,
    or a database that cannot be reached right now (both 503)."""
    if isinstance(exc, psycopg.errors.QueryCanceled):
        return QueryTimeout(
            "the query took longer than the server allows; narrow it (bbox, filter, limit) "
            "/ το ερώτημα άργησε υπερβολικά· περιορίστε το"
        )
    return DatabaseUnavailable(
        "the database is unavailable for a moment; try again shortly "
        "/ η βάση δεν είναι διαθέσιμη αυτή τη στιγμή"
    )


#: Failures of the connection rather than of the statement. After a database restart
#: every pooled connection is stale; each one a read meets is dropped by the pool and
#: the read tried on the next, so a read fails only when the database itself is away.
#: (Checking every connection as it leaves the pool would cost a round trip per request.)
STALE = (psycopg.OperationalError, psycopg.InterfaceError)


def _attempts(pool: AsyncConnectionPool | ConnectionPool) -> int:
    """How many connections a read may try: every pooled one could be stale, plus a new one."""
    return pool.max_size + 1


async def read_one(
    pool: AsyncConnectionPool, query: Any, params: Any, *, binary: bool = False
) -> Any:
    """The first row of a read-only ``query``, retried on stale connections (see
    :data:`STALE`); ``DatabaseUnavailable``/``QueryTimeout`` (503) when the database
    cannot answer. ``binary``: results in binary format (a ``bytea`` arrives as
    ``bytes``, undecoded)."""
    last = _attempts(pool)
    for attempt in range(1, last + 1):
        try:
            async with pool.connection() as conn:
                cur = await conn.execute(query, params, binary=binary)
                return await cur.fetchone()
        except (psycopg.errors.QueryCanceled, PoolTimeout) as exc:
            # (a PoolTimeout is an OperationalError too: no connection can be had, the
            # database is away; waiting again would only hold the request)
            raise unavailable(exc) from exc
        except STALE as exc:
            if attempt == last:
                raise unavailable(exc) from exc
    return None  # unreachable


def read_one_sync(pool: ConnectionPool, query: Any, params: Any, *, binary: bool = False) -> Any:
    """Blocking twin of :func:`read_one`."""
    last = _attempts(pool)
    for attempt in range(1, last + 1):
        try:
            with pool.connection() as conn:
                return conn.execute(query, params, binary=binary).fetchone()
        except (psycopg.errors.QueryCanceled, PoolTimeout) as exc:
            # (a PoolTimeout is an OperationalError too: no connection can be had, the
            # database is away; waiting again would only hold the request)
            raise unavailable(exc) from exc
        except STALE as exc:
            if attempt == last:
                raise unavailable(exc) from exc
    return None  # unreachable
