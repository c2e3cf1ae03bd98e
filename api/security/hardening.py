"""Secure response headers and a request-size limit, as one light ASGI middleware
(no per-request task switch, so the OGC fast path keeps its speed)."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem, render_polis_error
from models.errors import InvalidParameter, PayloadTooLarge

SECURE_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(self), camera=(), microphone=()"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
]
BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def nul_parameter(query: bytes) -> str | None:
    """The name of the first query parameter holding a NUL character (which PostgreSQL
    text cannot store), or None; costs a byte search on ordinary queries."""
    if b"%00" not in query and b"\x00" not in query:
        return None
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "\\0")
    return None


class Hardening:
    """Adds :data:`SECURE_HEADERS` (and HSTS over https) and refuses bodies over
    ``max_body`` bytes (413), whether announced by ``Content-Length`` or streamed."""

    def __init__(self, app: ASGIApp, *, max_body: int, https: bool) -> None:
        self.app = app
        self.max_body = max_body
        self.headers = SECURE_HEADERS + ([HSTS] if https else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nul = nul_parameter(scope.get("query_string", b""))
        if nul is not None:
            error = InvalidParameter(nul, "contains a NUL character")
            path = scope.get("path", "")
            ogc = path == "/ogc" or path.startswith("/ogc/")
            await render_polis_error(error, ogc=ogc)(scope, receive, self._secured(send))
            return
        if scope["method"] in BODYLESS:  # reads (the hot path): headers only
            await self.app(scope, receive, self._secured(send))
            return
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            response = problem(413, "Payload too large", f"the body exceeds {self.max_body} bytes")
            await response(scope, receive, self._secured(send))
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise PayloadTooLarge(f"the body exceeds {self.max_body} bytes")
            return message

        await self.app(scope, limited_receive, self._secured(send))

    def _secured(self, send: Send) -> Send:
        """``send`` adding the secure headers to the response start."""

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        return secured_send
