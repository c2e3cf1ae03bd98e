"""A sensor stack of the tests' own: a throw-away cluster, a Mosquitto with a persistent
store (restarted by the tests) and ``polis ingest`` as users run it. The session's
database and broker are never stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from api.cli.sensors import broker_config
from api.settings import PolisSettings
from layers.db.cluster import EmbeddedCluster
from layers.db.database import embedded_cluster, upgrade
from layers.sensors.entities import DatastreamSpec, StationSpec, add_station
from layers.sensors.partitions import maintain_partitions

POLIS = str(Path(sys.executable).parent / "polis")
RETENTION_DAYS = 2


class Broker:
    """A private Mosquitto that keeps its sessions and queued messages across restarts."""

    def __init__(self, workdir: Path, port: int):
        self.port = port
        self.conf = workdir / "mosquitto.conf"
        store = workdir / "mqtt-store"
        store.mkdir()
        store.chmod(0o777)  # mosquitto started as root drops to its own user
        self.conf.write_text(broker_config(port, str(store)))  # as `polis broker start`
        self.log = workdir / "mosquitto.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        with self.log.open("ab") as sink:
            self.proc = subprocess.Popen([binary, "-c", str(self.conf)], stdout=sink, stderr=sink)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        pytest.fail(f"mosquitto did not listen on {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: mosquitto writes its persistent store
            self.proc.wait(timeout=10)


@dataclass
class SensorStack:
    settings: PolisSettings
    cluster: EmbeddedCluster
    broker: Broker
    streams: list[int]
    ingest: subprocess.Popen[bytes]
    ingest_log: Path

    def rows(self, ds: int) -> list[tuple[str, int]]:
        """(message id, copies) of every stored observation of ``ds``."""
        with psycopg.connect(self.settings.dsn) as c:
            return c.execute(
                "SELECT message_id, count(*) FROM sensor_observations WHERE datastream_id = %s "
                "GROUP BY message_id",
                (ds,),
            ).fetchall()


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
