"""The MQTT ingest: observations from ``polis/v1/datastreams/{id}/observations`` into
PostGIS, acknowledged only after their transaction committed.

One persistent session (fixed client id, ``clean_session=False``, QoS 1): what the
broker delivered but Polis did not acknowledge is delivered again after a crash or a
reconnect. paho's network thread queues each message; the writer takes batches (up to
``batch_size`` messages or ``batch_ms``), checks them, writes one transaction
(``layers.sensors.store.write_batch``) and then acknowledges every message of the batch
(``client.ack``, paho 2's ``manual_ack``). A database outage keeps the batch and retries
it (nothing acknowledged meanwhile); the unique key makes a redelivered message a no-op.
:func:`supervise` restarts the whole consumer when it fails.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
import psycopg

from gis.sensors.validate import Window, check_body
from layers.db.database import connect
from layers.db.settings import DatabaseSettings
from layers.sensors.partitions import maintain_partitions
from layers.sensors.settings import SensorSettings
from layers.sensors.store import BatchResult, datastream_rules, write_batch
from models.errors import DatabaseUnavailable
from models.observations import DatastreamRule, Reading, Rejection

log = logging.getLogger("polis.ingest")

TOPIC = "polis/v1/datastreams/+/observations"
_TOPIC = re.compile(r"^polis/v1/datastreams/([^/]+)/observations$")
#: Seconds between partition maintenance runs.
MAINTAIN_EVERY = 3600.0
#: Seconds between two reloads of the datastream rules for an unknown id.
RELOAD_RULES_EVERY = 2.0
#: Seconds after which the rules are read again anyway (a changed unit or range).
REFRESH_RULES_EVERY = 60.0


@dataclass(frozen=True)
class Message:
    mid: int
    qos: int
    topic: str
    payload: bytes


@dataclass
class IngestStats:
    """What the consumer did since it started (read by tests and the benchmark)."""

    messages: int = 0
    stored: int = 0
    rejected: int = 0
    batches: int = 0
    retries: int = 0
    acked: int = 0
    started: float = field(default_factory=time.monotonic)


def topic_datastream(topic: str) -> int | None:
    """The datastream id of an observations topic (None when it is not one)."""
    found = _TOPIC.match(topic)
    if found is None or not found.group(1).isdigit():
        return None
    return int(found.group(1))


class Consumer:
    """One MQTT session feeding one database connection."""

    def __init__(
        self,
        db: DatabaseSettings,
        sensors: SensorSettings,
        *,
        host: str,
        port: int,
        on_batch: Callable[[BatchResult], None] | None = None,
    ) -> None:
        self.db = db
        self.sensors = sensors
        self.host = host
        self.port = port
        self.on_batch = on_batch
        self.stats = IngestStats()
        self.inbox: queue.Queue[Message] = queue.Queue()
        self.connected = threading.Event()
        self.rules: dict[int, DatastreamRule] = {}
        self._rules_at = 0.0
        self._conn: psycopg.Connection | None = None
        self._maintained = 0.0
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=sensors.client_id,
            clean_session=False,
            manual_ack=True,
        )
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=5)

    # ------------------------------------------------------------------ MQTT side
    def _on_connect(
        self, client: mqtt.Client, _u: object, _f: object, rc: object, _p: object
    ) -> None:
        if getattr(rc, "is_failure", False):
            log.warning("broker refused the connection: %s", rc)
            return
        client.subscribe(TOPIC, qos=self.sensors.qos)
        self.connected.set()
        log.info("connected to %s:%s, subscribed to %s", self.host, self.port, TOPIC)

    def _on_disconnect(self, *_: object) -> None:
        self.connected.clear()
        log.warning("disconnected from the broker; paho reconnects")

    def _on_message(self, _c: mqtt.Client, _u: object, msg: mqtt.MQTTMessage) -> None:
        self.inbox.put(Message(msg.mid, msg.qos, msg.topic, bytes(msg.payload)))

    # ------------------------------------------------------------------ database side
    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.db, autocommit=True)
            self.rules = datastream_rules(self._conn)
            self._rules_at = time.monotonic()
        return self._conn

    def _maintain(self, conn: psycopg.Connection) -> None:
        if time.monotonic() - self._maintained < MAINTAIN_EVERY:
            return
        change = maintain_partitions(
            conn,
            retention_days=self.sensors.retention_days,
            ahead_days=self.sensors.partitions_ahead_days,
        )
        if change.created or change.dropped:
            log.info("partitions: %d created, %d dropped", len(change.created), len(change.dropped))
        self._maintained = time.monotonic()

    def _check(
        self, conn: psycopg.Connection, batch: list[Message]
    ) -> tuple[list[Reading], list[Rejection]]:
        ids = {topic_datastream(m.topic) for m in batch}
        unknown = {i for i in ids if i is not None and i not in self.rules}
        age = time.monotonic() - self._rules_at
        if (unknown and age > RELOAD_RULES_EVERY) or age > REFRESH_RULES_EVERY:
            self.rules = datastream_rules(conn)  # a datastream created since
            self._rules_at = time.monotonic()
        window = Window.around(
            dt.datetime.now(dt.UTC),
            retention_days=self.sensors.retention_days,
            max_future_s=self.sensors.max_future_s,
        )
        readings: list[Reading] = []
        rejections: list[Rejection] = []
        for m in batch:
            ds = topic_datastream(m.topic)
            if ds is None:
                rejections.append(_bad_topic(m))
                continue
            for item in check_body(m.payload, ds, self.rules, window):
                (readings if isinstance(item, Reading) else rejections).append(item)  # type: ignore[arg-type]
        return readings, rejections

    def _store(self, batch: list[Message], stop: threading.Event) -> None:
        """Write ``batch`` until it is committed (retrying through outages), then ack it."""
        delay = 0.2
        while True:
            try:
                conn = self._connection()
                self._maintain(conn)
                readings, rejections = self._check(conn, batch)
                result = write_batch(conn, readings, rejections, source="mqtt")
                break
            except (psycopg.OperationalError, psycopg.InterfaceError, DatabaseUnavailable) as exc:
                self.stats.retries += 1
                log.warning("database unavailable, batch of %d kept: %s", len(batch), exc)
                if self._conn is not None:
                    self._conn.close()
                self._conn = None
                if stop.wait(delay):
                    return  # stopping: nothing acknowledged, the broker keeps the messages
                delay = min(delay * 2, 2.0)
        for m in batch:
            if m.qos > 0:
                self.client.ack(m.mid, m.qos)
                self.stats.acked += 1
        self.stats.messages += len(batch)
        self.stats.stored += result.stored
        self.stats.rejected += result.rejected
        self.stats.batches += 1
        if self.on_batch is not None:
            self.on_batch(result)

    def _next_batch(self, stop: threading.Event) -> list[Message]:
        try:
            first = self.inbox.get(timeout=0.2)
        except queue.Empty:
            return []
        batch = [first]
        deadline = time.monotonic() + self.sensors.batch_ms / 1000
        while len(batch) < self.sensors.batch_size and not stop.is_set():
            left = deadline - time.monotonic()
            try:
                batch.append(self.inbox.get(timeout=left) if left > 0 else self.inbox.get_nowait())
            except queue.Empty:
                break
        return batch

    # ------------------------------------------------------------------ lifecycle
    def run(self, stop: threading.Event) -> None:
        """Consume until ``stop`` is set; raises when the consumer cannot go on."""
        conn = self._connection()
        self._maintain(conn)
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()
        try:
            while not stop.is_set():
                batch = self._next_batch(stop)
                if batch:
                    self._store(batch, stop)
        finally:
            self.client.disconnect()
            self.client.loop_stop()
            if self._conn is not None:
                self._conn.close()


def _bad_topic(m: Message) -> Rejection:
    from models.sensors import RejectReason

    text = m.payload[:2000].decode("utf-8", errors="replace")
    return Rejection(
        RejectReason.UNKNOWN_DATASTREAM, "topic", f"not a datastream topic: {m.topic}", text
    )


def supervise(
    make: Callable[[], Consumer],
    stop: threading.Event,
    *,
    backoff: float = 1.0,
    max_backoff: float = 30.0,
) -> None:
    """Run consumers from ``make`` until ``stop``; a failed one is replaced after a
    growing pause (reset once a consumer ran for a minute)."""
    pause = backoff
    while not stop.is_set():
        began = time.monotonic()
        try:
            make().run(stop)
        except Exception:
            log.exception("ingest failed; restarting in %.0f s", pause)
        if stop.is_set():
            return
        pause = backoff if time.monotonic() - began > 60 else min(pause * 2, max_backoff)
        stop.wait(pause)
