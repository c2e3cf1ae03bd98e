"""``polis demo simulate sensors``: the demo town's sensors publishing live through the
real MQTT broker (what field devices do), and ``polis broker start``."""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from typing import Annotated

import numpy as np
import orjson
import paho.mqtt.client as mqtt
import typer
from rich.console import Console

from api.broker import broker_config, listening, mosquitto_binary
from api.settings import PolisSettings
from gis.demo.sensors import KINDS, value_at
from layers.db.database import connect
from layers.sensors.entities import datastream_kinds
from models.errors import ConfigurationError

simulate_app = typer.Typer(help="Ζωντανή προσομοίωση / Live simulation.", no_args_is_help=True)
broker_app = typer.Typer(help="Μεσίτης MQTT / MQTT broker (Mosquitto).", no_args_is_help=True)
out = Console()


@simulate_app.command("sensors")
def simulate_sensors(
    interval: Annotated[
        float, typer.Option(min=0.05, help="δευτερόλεπτα / seconds between rounds")
    ] = 5.0,
    seconds: Annotated[
        float, typer.Option(min=0, help="διάρκεια, 0 = χωρίς τέλος / run time, 0 = forever")
    ] = 0.0,
    seed: Annotated[int, typer.Option(help="σπόρος / random seed")] = 0,
) -> None:
    """Οι αισθητήρες της επίδειξης στέλνουν μετρήσεις μέσω MQTT / Demo sensors publish live over MQTT."""
    settings = PolisSettings()
    with connect(settings) as conn:
        streams = [(ds, KINDS[name]) for ds, name in datastream_kinds(conn) if name in KINDS]
    if not streams:
        raise ConfigurationError("no demo sensors: run `polis demo load` first")
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="polis-demo-simulator")
    try:
        client.connect(settings.mqtt_host, settings.mqtt_port)
    except OSError as exc:
        raise ConfigurationError(
            f"MQTT broker {settings.mqtt_host}:{settings.mqtt_port}: {exc} (`polis broker start`)"
        ) from None
    client.loop_start()
    rng = np.random.default_rng(seed)
    started = time.monotonic()
    sent = 0
    with out.status("") as status:
        while not seconds or time.monotonic() - started < seconds:
            now = dt.datetime.now(dt.UTC)
            for ds, kind in streams:
                body = {"phenomenonTime": now.isoformat(), "result": value_at(kind, now, rng)}
                client.publish(f"polis/v1/datastreams/{ds}/observations", orjson.dumps(body), qos=1)
                sent += 1
            status.update(
                f"{len(streams)} ροές / datastreams, {sent} μετρήσεις / observations published"
            )
            time.sleep(interval)
    client.loop_stop()
    client.disconnect()
    out.print(f"εστάλησαν / published {sent} μετρήσεις / observations")


@broker_app.command("start")
def broker_start() -> None:
    """Ξεκινά τον Mosquitto αν δεν τρέχει / Start Mosquitto under var/ unless one listens."""
    settings = PolisSettings()
    if listening(settings.mqtt_port, settings.mqtt_host):
        out.print(
            f"μεσίτης σε λειτουργία / broker running ({settings.mqtt_host}:{settings.mqtt_port})"
        )
        return
    store = settings.var_dir / "mqtt"
    store.mkdir(parents=True, exist_ok=True)
    store.chmod(0o777)  # mosquitto started as root drops to its own user
    conf = store / "mosquitto.conf"
    conf.write_text(broker_config(settings.mqtt_port, str(store)))
    subprocess.run([mosquitto_binary(), "-c", str(conf), "-d"], check=True)
    out.print(f"μεσίτης ξεκίνησε / broker started on {settings.mqtt_host}:{settings.mqtt_port}")
