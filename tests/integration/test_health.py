"""/health: database and MQTT broker status, with real ones up and down."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from api.routes.health import broker_health, health_report
from api.settings import PolisSettings


def test_health_with_everything_up(http: httpx.Client) -> None:
    r = http.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["database"]["postgis"].startswith("3.")
    assert body["database"]["revision"]
    assert body["broker"]["ok"]


def test_broker_down_is_reported(mqtt_port: int, unused_port: Callable[[], int]) -> None:
    assert broker_health("127.0.0.1", mqtt_port).ok
    down = broker_health("127.0.0.1", unused_port(), timeout=1)
    assert not down.ok and down.error


def test_database_down_is_503(demo_settings: PolisSettings, unused_port: Callable[[], int]) -> None:
    dead = demo_settings.model_copy(update={"db_port": unused_port(), "database_url": None})
    status, body = asyncio.run(health_report(dead))
    assert status == 503
    assert body["status"] == "unavailable"
    assert "cannot connect" in str(body["database"])
