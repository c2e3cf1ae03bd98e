"""The parts of the sensor tests' own stack: a Mosquitto with a persistent store (restarted
by the tests) and what the tests see of the stack (``conftest.sensor_stack`` builds it)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from api.cli.sensors import broker_config
from api.settings import PolisSettings
from layers.db.cluster import EmbeddedCluster

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
