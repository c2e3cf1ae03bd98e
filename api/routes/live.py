"""``/live``: changed features as Server-Sent Events, for the web map.

One hub per worker process LISTENs on the database's live channel (the ingest and any
live layer NOTIFY it after their commits). A subscriber names the layers it draws and
its view (``layers=a,b&bbox=w,s,e,n``, CRS84); it gets only layers its caller may read
and features inside its view, at most one event per ``THROTTLE_S`` (changes in between
are coalesced, the newest version of each feature wins).

Events: ``features`` — ``{"layer": id, "features": [GeoJSON Feature, ...]}``;
``reload`` — ``{"layer": id}`` when too much changed at once (fetch the view again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.responses import StreamingResponse

from api.security.principal import resolve_principal
from api.settings import PolisSettings
from layers.registry import Registry
from layers.sensors.live import features_by_id, notifications
from models.auth import Role
from models.errors import InvalidParameter
from models.problem import problem_responses

router = APIRouter(tags=["Live map / Ζωντανός χάρτης"])
log = logging.getLogger("polis.live")
#: Shortest time between two events to one subscriber (seconds).
THROTTLE_S = 0.2
#: A comment line this often keeps proxies from closing an idle stream (seconds).
KEEPALIVE_S = 15.0
#: A stream ends after this long (seconds) and the browser reconnects (``retry``) and
#: reloads its view: a server shutting down waits for open responses, never forever.
MAX_STREAM_S = 25.0
RETRY_MS = 500
#: Most layers one subscription may name.
MAX_LAYERS = 20

BBox = tuple[float, float, float, float]


@dataclass(eq=False)  # subscribers are kept in a set by identity
class Subscriber:
    layers: frozenset[str]
    bbox: BBox | None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    ended: bool = False  # replaced by a newer subscription of the same page
    pending: dict[tuple[str, Any], dict[str, Any]] = field(default_factory=dict)
    reload: set[str] = field(default_factory=set)
    wake: asyncio.Event = field(default_factory=asyncio.Event)


class Hub:
    """The process's subscribers and its one listening connection."""

    def __init__(self, settings: PolisSettings, registry: Registry, pool: Any) -> None:
        self.settings = settings
        self.registry = registry
        self.pool = pool
        self.subscribers: set[Subscriber] = set()
        self.task: asyncio.Task[None] | None = None

    def add(self, sub: Subscriber, replaces: str | None = None) -> None:
        for old in self.subscribers:
            if replaces and old.token == replaces:
                old.ended = True
                old.wake.set()
        self.subscribers.add(sub)
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self.run())

    def remove(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    async def run(self) -> None:
        async for note in notifications(self.settings):
            try:
                await self.dispatch(note)
            except Exception:  # one bad notification must not stop the channel
                log.exception("live dispatch failed")

    async def dispatch(self, note: dict[str, Any]) -> None:
        layer = note.get("layer")
        if layer is None:  # the channel was lost: everyone reloads what they draw
            for sub in self.subscribers:
                sub.reload |= sub.layers
                sub.wake.set()
            return
        interested = [s for s in self.subscribers if layer in s.layers]
        if not interested or layer not in self.registry:
            return
        ids = note.get("ids")
        if not isinstance(ids, list):
            for sub in interested:
                sub.reload.add(str(layer))
                sub.wake.set()
            return
        async with self.pool.connection() as conn:
            features = await features_by_id(conn, self.registry.get(str(layer)), ids)
        for sub in interested:
            for feature in features:
                if sub.bbox is None or inside(feature.get("geometry"), sub.bbox):
                    sub.pending[(layer, feature["id"])] = feature
            if sub.pending:
                sub.wake.set()


def hub_of(request: Request) -> Hub:
    state = request.app.state
    hub: Hub | None = getattr(state, "live_hub", None)
    if hub is None:
        hub = state.live_hub = Hub(state.settings, state.registry, state.pool)
    return hub


def inside(geometry: Any, bbox: BBox) -> bool:
    """Whether any vertex of a GeoJSON geometry lies in ``bbox``."""
    if not isinstance(geometry, dict):
        return False
    stack = [geometry.get("coordinates")]
    while stack:
        item = stack.pop()
        if isinstance(item, list) and item and isinstance(item[0], int | float):
            x, y = item[0], item[1]
            if bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]:
                return True
        elif isinstance(item, list):
            stack.extend(item)
    return False


def readable_layers(registry: Registry, names: list[str], roles: frozenset[Role]) -> frozenset[str]:
    """The layers of ``names`` holders of ``roles`` may read (unknown names: NotFound);
    the others are left out of the subscription, silently, as from the layer tree."""
    return frozenset(name for name in names if registry.get(name).can_read(roles))


def parse_bbox(text: str | None) -> BBox | None:
    if not text:
        return None
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        raise InvalidParameter("bbox", "four numbers: west,south,east,north") from None
    if len(values) != 4 or values[0] > values[2] or values[1] > values[3]:
        raise InvalidParameter("bbox", "four numbers: west,south,east,north (west <= east)")
    return (values[0], values[1], values[2], values[3])


def event(name: str, body: Any) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(body) + b"\n\n"


@router.get(
    "/live",
    summary="Live feature changes (SSE) / Ζωντανές αλλαγές",
    responses=problem_responses(400, 401, 403, 404),
)
async def live(
    request: Request, layers: str, bbox: str | None = None, replaces: str | None = None
) -> StreamingResponse:
    """``replaces``: the ``stream`` token of the page's previous subscription (its view
    changed), which then ends cleanly instead of being aborted by the browser."""
    registry: Registry = request.app.state.registry
    names = [n for n in layers.split(",") if n]
    if not names or len(names) > MAX_LAYERS:
        raise InvalidParameter("layers", f"name 1 to {MAX_LAYERS} collections")
    principal = await resolve_principal(request)
    sub = Subscriber(readable_layers(registry, names, principal.roles), parse_bbox(bbox))
    hub = hub_of(request)
    hub.add(sub, replaces)
    return StreamingResponse(
        stream(request, hub, sub),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def stream(request: Request, hub: Hub, sub: Subscriber) -> AsyncIterator[bytes]:
    clock = asyncio.get_running_loop().time
    ends = clock() + MAX_STREAM_S
    try:
        yield f"retry: {RETRY_MS}\n".encode() + event(
            "ready", {"layers": sorted(sub.layers), "stream": sub.token}
        )
        while clock() < ends and not await request.is_disconnected():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(sub.wake.wait(), max(0.05, min(KEEPALIVE_S, ends - clock())))
            if not sub.wake.is_set():
                yield b": keep-alive\n\n"
                continue
            sub.wake.clear()
            if sub.ended:
                return
            for layer in sorted(sub.reload):
                yield event("reload", {"layer": layer})
            sub.reload.clear()
            by_layer: dict[str, list[dict[str, Any]]] = {}
            for (layer, _), feature in sub.pending.items():
                by_layer.setdefault(layer, []).append(feature)
            sub.pending.clear()
            for layer, features in by_layer.items():
                yield event("features", {"layer": layer, "features": features})
            await asyncio.sleep(THROTTLE_S)
    finally:
        hub.remove(sub)
