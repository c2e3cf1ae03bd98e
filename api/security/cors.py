"""CORS by kind of request: any configured origin may read, only the (narrower) write
origins may send changes. One Starlette ``CORSMiddleware`` for each, chosen per request."""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

READS = ("GET", "HEAD", "OPTIONS")
WRITES = ("POST", "PUT", "PATCH", "DELETE", "OPTIONS")
HEADERS = ["Authorization", "Content-Type", "Content-Crs", "If-Match", "X-API-Key"]
EXPOSED = ["ETag", "Location", "Content-Crs", "Retry-After"]


class ScopedCors:
    """Cross-origin reads for ``read_origins``, writes for ``write_origins`` only (an
    empty list: writes from the same origin only)."""

    def __init__(self, app: ASGIApp, *, read_origins: list[str], write_origins: list[str]):
        self.reads = CORSMiddleware(
            app,
            allow_origins=read_origins,
            allow_methods=list(READS),
            allow_headers=HEADERS,
            expose_headers=EXPOSED,
        )
        self.writes = CORSMiddleware(
            app,
            allow_origins=write_origins,
            allow_methods=list(WRITES),
            allow_headers=HEADERS,
            expose_headers=EXPOSED,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.reads(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":  # a preflight names the method it prepares
            asked = dict(scope["headers"]).get(b"access-control-request-method", b"GET")
            method = asked.decode("latin-1").upper()
        handler = self.reads if method in READS else self.writes
        await handler(scope, receive, send)
