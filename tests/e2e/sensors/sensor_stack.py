"""The parts of the sensor tests' own stack: a Mosquitto with a persistent store (restarted
by the tests) and what the tests see of the stack (``conftest.sensor_stack`` builds it)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg

from api.broker import BrokerProcess
from api.settings import PolisSettings
from layers.db.cluster import EmbeddedCluster

POLIS = str(Path(sys.executable).parent / "polis")
RETENTION_DAYS = 2


class Broker(BrokerProcess):
    """A private Mosquitto that keeps its sessions and queued messages across restarts
    (configured as `polis broker start` configures its own)."""

    def __init__(self, workdir: Path, port: int):
        super().__init__(workdir, port, persistent=True)


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
