"""Error rendering: RFC 9457 problem+json on Polis routes, the OGC exception format on /ogc.

Every ``PolisError`` subclass carries its HTTP status and code (``models/errors.py``);
:data:`ERROR_TABLE` is the one place that says which other exceptions stand for which
Polis error, and :data:`ERROR_HEADERS` which headers a status calls for. A 500 logs the
detail and shows a generic message; nothing internal leaks to users.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from psycopg_pool import PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from layers.db.pools import STALE, unavailable
from models.errors import DatabaseUnavailable, PolisError, TooManyRequests, Unauthorized

LOGGER = logging.getLogger("polis.api")
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    """An RFC 9457 problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM)


def ogc_exception(status: int, code: str, description: str) -> Response:
    """An OGC API exception document (``exception.yaml`` of OGC API – Features)."""
    body = {"code": code, "description": description}
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


#: Seconds a client is asked to wait while the database is unreachable (it comes back
#: within a few seconds of a restart).
DATABASE_RETRY_AFTER = 2


#: Exceptions raised below the API that a user should see as a Polis error, with the
#: translation: the database unreachable or a statement over its time limit is a 503.
ERROR_TABLE: tuple[tuple[tuple[type[Exception], ...], Callable[[Exception], PolisError]], ...] = (
    ((*STALE, PoolTimeout), unavailable),
)


def as_polis_error(exc: Exception) -> PolisError | None:
    """The Polis error ``exc`` stands for (itself, or by :data:`ERROR_TABLE`); None for
    an unexpected error (a 500)."""
    if isinstance(exc, PolisError):
        return exc
    for kinds, translate in ERROR_TABLE:
        if isinstance(exc, kinds):
            return translate(exc)
    return None


#: Headers each kind of error calls for (RFC 6585, RFC 6750, RFC 9110 Retry-After).
ERROR_HEADERS: tuple[tuple[type[PolisError], Callable[[Any], dict[str, str]]], ...] = (
    (TooManyRequests, lambda exc: {"Retry-After": str(exc.retry_after)}),
    (DatabaseUnavailable, lambda exc: {"Retry-After": str(DATABASE_RETRY_AFTER)}),
    (Unauthorized, lambda exc: {"WWW-Authenticate": 'Bearer realm="polis"'}),
)


def error_headers(exc: PolisError) -> dict[str, str]:
    """Headers the error's status calls for (:data:`ERROR_HEADERS`)."""
    return next((make(exc) for kind, make in ERROR_HEADERS if isinstance(exc, kind)), {})


def render_polis_error(exc: PolisError, *, ogc: bool) -> Response:
    """The response of a :class:`PolisError`, in the format of the route family."""
    if exc.status >= 500:
        LOGGER.error("server error: %s", exc.message)
    if ogc:
        response = ogc_exception(exc.status, exc.code, exc.message)
    else:
        extra = {"field": exc.field} if exc.field else {}
        response = problem(exc.status, exc.title, exc.message, code=exc.code, **extra)
    response.headers.update(error_headers(exc))
    return response


def is_ogc(request: Request) -> bool:
    """OGC routes answer errors in the OGC exception format."""
    return request.url.path == "/ogc" or request.url.path.startswith("/ogc/")


def install(app: FastAPI) -> None:
    """Register the exception handlers of Polis's own routes."""

    @app.exception_handler(PolisError)
    async def _polis(request: Request, exc: PolisError) -> Response:
        return render_polis_error(exc, ogc=is_ogc(request))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        field = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        return problem(
            400, "Invalid request", f"'{field}': {first.get('msg', 'invalid')}", field=field
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return problem(exc.status_code, "Error", str(exc.detail))

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> Response:
        # The client left mid-body: nobody reads this answer; not a server fault.
        LOGGER.info("client disconnected during %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        known = as_polis_error(exc)
        if known is not None:
            return render_polis_error(known, ogc=is_ogc(request))
        LOGGER.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(
            500, "Internal error", "Unexpected server error / Απρόβλεπτο σφάλμα διακομιστή"
        )
