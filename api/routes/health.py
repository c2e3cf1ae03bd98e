"""``/health``: is the database reachable and migrated, is the MQTT broker answering."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import asdict, dataclass

import paho.mqtt.client as mqtt

from api.settings import PolisSettings
from layers.db.database import health as database_health


@dataclass(frozen=True)
class BrokerHealth:
    ok: bool
    host: str
    port: int
    error: str | None = None


def broker_health(host: str, port: int, *, timeout: float = 2.0) -> BrokerHealth:
    """Connect to the MQTT broker and wait for its CONNACK."""
    answered = threading.Event()
    result: dict[str, object] = {}

    def on_connect(
        client: mqtt.Client, userdata: object, flags: object, rc: object, *_: object
    ) -> None:
        result["rc"] = rc
        answered.set()

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="", clean_session=True)
    client.on_connect = on_connect
    try:
        client.connect(host, port, keepalive=5)
        client.loop_start()
        if not answered.wait(timeout):
            return BrokerHealth(False, host, port, "no answer from the broker")
    except OSError as exc:
        return BrokerHealth(False, host, port, exc.strerror or str(exc))
    finally:
        client.loop_stop()
        client.disconnect()
    code = result.get("rc")
    failed = getattr(code, "is_failure", False)
    return BrokerHealth(not failed, host, port, str(code) if failed else None)


async def health_report(settings: PolisSettings) -> tuple[int, dict[str, object]]:
    """(HTTP status, body): 200 when the database is usable, 503 otherwise."""
    db, broker = await asyncio.gather(
        asyncio.to_thread(database_health, settings),
        asyncio.to_thread(broker_health, settings.mqtt_host, settings.mqtt_port),
    )
    ok = db.ok and db.revision is not None
    status = "ok" if ok and broker.ok else ("degraded" if ok else "unavailable")
    body: dict[str, object] = {"status": status, "database": asdict(db), "broker": asdict(broker)}
    return (200 if ok else 503), body
