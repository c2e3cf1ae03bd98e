"""``/sensors/ingest-status``: what the ingest accepted and rejected, per reason."""

from __future__ import annotations

import asyncio
import datetime as dt

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.routes.sensorthings import json_response
from api.settings import PolisSettings
from layers.db.pools import shared_sync_pool
from layers.sensors.store import ingest_status
from models.sensors import RejectReason

router = APIRouter(prefix="/sensors", tags=["SensorThings API / Αισθητήρες"])


@router.get("/ingest-status", summary="Ingest counts / Μετρήσεις παραλαβής")
async def status(request: Request) -> Response:
    settings: PolisSettings = request.app.state.settings

    def read() -> dict[str, object]:
        pool = shared_sync_pool(settings.dsn, statement_timeout_ms=settings.statement_timeout_ms)
        with pool.connection() as conn:
            return ingest_status(conn)

    found = await asyncio.to_thread(read)
    counts = found.pop("rejected")
    assert isinstance(counts, dict)
    last = found["last_received"]
    found["last_received"] = (
        last.astimezone(dt.UTC).isoformat() if isinstance(last, dt.datetime) else None
    )
    found["rejected"] = {
        reason.value: {"count": counts.get(reason.value, 0), "el": reason.el, "en": reason.en}
        for reason in RejectReason
    }
    found["rejected_total"] = sum(counts.values())
    return json_response(found)
