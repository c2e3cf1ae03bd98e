"""``polis ingest``: the supervised MQTT ingest of sensor observations."""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Annotated

import typer
from rich.console import Console

from api.settings import PolisSettings
from gis.sensors.ingest import TOPIC, Consumer, supervise
from layers.sensors.settings import SensorSettings

out = Console()


def ingest_command(
    report_every: Annotated[
        float, typer.Option(help="δευτερόλεπτα ανά αναφορά / seconds between status lines")
    ] = 10.0,
) -> None:
    """Παραλαβή μετρήσεων από MQTT / Ingest sensor observations from MQTT (supervised).

    Θέμα / topic: polis/v1/datastreams/{id}/observations, QoS 1, επιβεβαίωση μετά την αποθήκευση / acknowledged after commit.
    """  # one line per language: typer keeps the line breaks of a docstring
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = PolisSettings()
    sensors = SensorSettings()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    current: list[Consumer] = []

    def make() -> Consumer:
        consumer = Consumer(settings, sensors, host=settings.mqtt_host, port=settings.mqtt_port)
        current[:] = [consumer]
        return consumer

    out.print(
        f"[bold]Πολίς / Polis ingest[/bold] — mqtt://{settings.mqtt_host}:{settings.mqtt_port} "
        f"{TOPIC} (client id {sensors.client_id}, QoS {sensors.qos})"
    )
    worker = threading.Thread(target=supervise, args=(make, stop), name="ingest", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(timeout=report_every)
        if current and worker.is_alive():
            s = current[0].stats
            rate = s.stored / max(time.monotonic() - s.started, 1e-9)
            out.print(
                f"μηνύματα / messages {s.messages}, αποθηκεύτηκαν / stored {s.stored}, "
                f"απορρίφθηκαν / rejected {s.rejected}, επαναλήψεις / retries {s.retries}, "
                f"{rate:.0f} obs/s"
            )
    out.print("τέλος / stopped")
