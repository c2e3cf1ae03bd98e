"""A sensor stack of the tests' own: a throw-away cluster, a Mosquitto with a persistent
store (restarted by the tests) and ``polis ingest`` as users run it. The session's
database and broker are never stopped."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sensor_stack import POLIS, RETENTION_DAYS, Broker, SensorStack

from api.settings import PolisSettings
from layers.db.database import embedded_cluster, upgrade
from layers.sensors.entities import DatastreamSpec, StationSpec, add_station
from layers.sensors.partitions import maintain_partitions


@pytest.fixture(scope="module")
def sensor_stack(unused_port: Callable[[], int]) -> Iterator[SensorStack]:
    workdir = Path(tempfile.mkdtemp(prefix="polis-sensors-"))
    workdir.chmod(0o755)  # the cluster runs as `postgres` when the tests run as root
    broker = Broker(workdir, unused_port())
    settings = PolisSettings(
        var_dir=workdir / "var", db_port=unused_port(), mqtt_port=broker.port, database_url=None
    )
    cluster = embedded_cluster(settings, durable=False)
    ingest: subprocess.Popen[bytes] | None = None
    try:
        cluster.start()
        cluster.ensure_database(settings.db_name)
        upgrade(settings)
        with psycopg.connect(settings.dsn, autocommit=True) as c:
            maintain_partitions(c, retention_days=RETENTION_DAYS, ahead_days=1)
            streams = add_station(
                c,
                StationSpec(
                    "Durability gauge",
                    21.92,
                    39.36,
                    datastreams=(DatastreamSpec("Level", "Water level", "metre", "m", 0, 1e9),),
                ),
            )
        broker.start()
        env = {
            **os.environ,
            "POLIS_DATABASE_URL": settings.dsn,
            "POLIS_VAR_DIR": str(settings.var_dir),
            "POLIS_MQTT_PORT": str(broker.port),
            "POLIS_SENSOR_RETENTION_DAYS": str(RETENTION_DAYS),
            "POLIS_SENSOR_CLIENT_ID": f"polis-ingest-test-{broker.port}",
        }
        log = workdir / "ingest.log"
        with log.open("wb") as sink:
            ingest = subprocess.Popen(
                [POLIS, "ingest", "--report-every", "2"], env=env, stdout=sink, stderr=sink
            )
        deadline = time.monotonic() + 60
        while "subscribed to" not in log.read_text(errors="replace"):
            if ingest.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"polis ingest did not subscribe: {log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield SensorStack(settings, cluster, broker, streams, ingest, log)
    finally:
        if ingest is not None:
            ingest.terminate()
            try:
                ingest.wait(timeout=15)
            except subprocess.TimeoutExpired:
                ingest.kill()
        broker.stop()
        cluster.destroy()
        shutil.rmtree(workdir, ignore_errors=True)
