"""Every observation the broker acknowledged is stored once — through a broker restart
and a 10 s database outage in the middle of the stream."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson
import paho.mqtt.client as mqtt
import psycopg
import pytest
from sensor_stack import RETENTION_DAYS, SensorStack

pytestmark = pytest.mark.timeout(300)
RATE = 150  # messages per second


def publish_stream(stack: SensorStack, seconds: float, faults: dict[float, str]) -> list[str]:
    """Publish one observation per message at RATE for ``seconds`` (QoS 1), causing the
    ``faults`` (at seconds into the stream); the ids the broker acknowledged."""
    ds = stack.streams[0]
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id="durability-publisher", clean_session=False
    )
    client.max_queued_messages_set(0)
    client.reconnect_delay_set(0.2, 1)
    client.connect(stack.settings.mqtt_host, stack.broker.port)
    client.loop_start()
    sent: list[tuple[str, mqtt.MQTTMessageInfo]] = []
    start = time.monotonic()
    pending = dict(faults)
    threads = []
    base = dt.datetime.now(dt.UTC)
    i = 0
    while (elapsed := time.monotonic() - start) < seconds:
        for at in [a for a in pending if a <= elapsed]:
            threads.append(threading.Thread(target=fault, args=(stack, pending.pop(at))))
            threads[-1].start()
        msg_id = f"d{i}"
        body = {"phenomenonTime": (base + dt.timedelta(milliseconds=i)).isoformat(), "result": i}
        info = client.publish(
            f"polis/v1/datastreams/{ds}/observations",
            orjson.dumps({**body, "id": msg_id}),
            qos=1,
        )
        sent.append((msg_id, info))
        i += 1
        time.sleep(max(0.0, i / RATE - (time.monotonic() - start)))
    for t in threads:
        t.join()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(acknowledged(info) for _, info in sent):
        time.sleep(0.2)
    client.loop_stop()
    client.disconnect()
    return [msg_id for msg_id, info in sent if acknowledged(info)]


def acknowledged(info: mqtt.MQTTMessageInfo) -> bool:
    """Whether the broker acknowledged the message (PUBACK); a message published while
    disconnected counts as not acknowledged, whatever became of it."""
    return info.rc == mqtt.MQTT_ERR_SUCCESS and info.is_published()


def fault(stack: SensorStack, what: str) -> None:
    if what == "broker":
        stack.broker.stop()
        time.sleep(2)
        stack.broker.start()
    elif what == "database":
        stack.cluster.stop()
        time.sleep(10)
        stack.cluster.start()


def test_acknowledged_observations_survive_broker_restart_and_database_outage(
    sensor_stack: SensorStack,
) -> None:
    acked = publish_stream(sensor_stack, 24, {4.0: "broker", 10.0: "database"})
    assert len(acked) > 0.6 * 24 * RATE, "the publisher got too few acknowledgements"
    ds = sensor_stack.streams[0]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        stored = dict(sensor_stack.rows(ds))
        if all(m in stored for m in acked):
            break
        time.sleep(0.5)
    missing = [m for m in acked if m not in stored]
    assert not missing, f"{len(missing)} acknowledged observations lost, e.g. {missing[:5]}"
    assert max(stored.values()) == 1, "an observation was stored twice"
    log = sensor_stack.ingest_log.read_text(errors="replace")
    assert "database unavailable" in log  # the outage really hit the ingest
    assert sensor_stack.ingest.poll() is None  # the ingest rode it out


def test_demo_sensors_load_with_history_and_the_simulator_drives_them_live(
    sensor_stack: SensorStack,
) -> None:
    from gis.demo.sensors import HISTORY_DAYS, demo_stations, load_demo_sensors

    with psycopg.connect(sensor_stack.settings.dsn) as c:
        loaded = load_demo_sensors(c, seed=0, retention_days=RETENTION_DAYS + 1)
        c.commit()
        streams = c.execute("SELECT count(*) FROM sensor_datastreams").fetchone()[0]
    assert streams == sum(len(s.datastreams) for s in demo_stations(0)) >= 12
    assert loaded == streams * HISTORY_DAYS * 24 * 6
    started = dt.datetime.now(dt.UTC)
    env = {
        **os.environ,
        "POLIS_DATABASE_URL": sensor_stack.settings.dsn,
        "POLIS_MQTT_PORT": str(sensor_stack.broker.port),
    }
    polis = str(Path(sys.executable).parent / "polis")
    argv = [polis, "demo", "simulate", "sensors", "--seconds", "2", "--interval", "0.5"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with psycopg.connect(sensor_stack.settings.dsn) as c:
            fresh = c.execute(
                "SELECT count(*) FROM sensor_readings WHERE phenomenon_time >= %s", (started,)
            ).fetchone()[0]
        if fresh == streams:
            break
        time.sleep(0.5)
    assert fresh == streams  # every demo datastream's latest reading came live through MQTT
    # bad messages over MQTT are kept with their reason, not lost in silence
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bad-publisher")
    client.connect(sensor_stack.settings.mqtt_host, sensor_stack.broker.port)
    client.loop_start()
    now = dt.datetime.now(dt.UTC).isoformat()
    for topic, body in (
        (
            "polis/v1/datastreams/1/observations",
            b'{"phenomenonTime": "%s", "result": "x"}' % now.encode(),
        ),
        ("polis/v1/datastreams/1/observations", b"not json"),
        (
            "polis/v1/datastreams/424242/observations",
            b'{"phenomenonTime": "%s", "result": 1}' % now.encode(),
        ),
    ):
        client.publish(topic, body, qos=1).wait_for_publish(10)
    client.loop_stop()
    client.disconnect()
    want = {("mqtt", "non_numeric"), ("mqtt", "malformed"), ("mqtt", "unknown_datastream")}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with psycopg.connect(sensor_stack.settings.dsn) as c:
            kept = set(c.execute("SELECT source, reason FROM sensor_rejections").fetchall())
        if want <= kept:
            break
        time.sleep(0.3)
    assert want <= kept
