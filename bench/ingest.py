"""Sensor ingest benchmark: sustained observations/s from MQTT into PostGIS, QoS 0 and
QoS 1, with the publish-to-map latency, side by side with a baseline on the same data.

Each run publishes for ``--seconds`` as fast as one paho publisher can (messages of
``--per-message`` observations on ``--datastreams`` topics) to a private Mosquitto,
then waits until the consumer has drained the broker's queue.

* **polis** — ``polis ingest`` as deployed: persistent session, every observation
  checked (datastream, unit, range, time window), batches COPied to a temporary table,
  INSERT … ON CONFLICT DO NOTHING into the daily partitions, the latest reading of each
  datastream updated, NOTIFY on the live channel, and (QoS 1) the broker's messages
  acknowledged only after the commit.
* **baseline** — ``mosquitto_sub`` piped to ``psql -c "COPY … FROM STDIN"``: every
  message body stored as one text row, no checks, no idempotency, no latest state,
  acknowledged on receipt (what a minimal pipe does).

Flooded runs (capacity): obs/s = observations stored while the publisher ran / its
duration (the broker's backlog is then dropped). Paced runs (``--rate``, default 5,000
obs/s, polis only): obs/s = stored / (first publish to last stored row); "lost" =
observations the broker acknowledged to the publisher (QoS 1; all published at QoS 0)
that are not stored; latency: a probe datastream gets a marker observation every 200 ms
while the load runs, timed from its publish to the ``/live`` Server-Sent Event carrying
it (what the web map receives) from ``polis serve``, p50/p95.

    .venv/bin/python bench/ingest.py                 # 60 s runs, recorded in RESULTS.md
    .venv/bin/python bench/ingest.py --seconds 10 --no-record
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson
import paho.mqtt.client as mqtt
import psycopg
from faultload import Broker
from report import machine, record
from stack import (
    BIN,
    BenchError,
    free_port,
    make_workdir,
    polis_env,
    prepare_database,
    start_polis,
    stop,
    wait_ready,
)

from api.settings import PolisSettings
from layers.db.database import embedded_cluster
from layers.sensors.entities import DatastreamSpec, StationSpec, add_station
from layers.sensors.partitions import maintain_partitions

RESULTS = Path(__file__).with_name("RESULTS.md")
SECTION = "## Sensor ingest (`bench/ingest.py`)"
INTRO = (__doc__ or "").split("\n\n    .venv")[0].split("\n\n", 1)[1]
BROKER_CONF = (
    "listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
    "max_inflight_messages 1000\nmax_queued_messages 10000000\nmax_queued_bytes 0\n"
)


@dataclass
class Run:
    side: str
    qos: int
    published: int  # observations
    acknowledged: int  # observations the broker acknowledged (QoS 1) or sent (QoS 0)
    stored: int
    seconds: float  # first publish to last stored row
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0

    @property
    def lost(self) -> int | str:
        """Acknowledged but not stored (paced runs; flooded runs leave a backlog)."""
        return max(0, self.acknowledged - self.stored) if self.acknowledged >= 0 else "-"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def publish(
    port: int,
    qos: int,
    seconds: float,
    streams: list[int],
    per_message: int,
    offset: int,
    rate: float | None = None,
    window_end: Callable[[], None] | None = None,
) -> tuple[int, int, float]:
    """(observations published, observations acknowledged, start time); as fast as
    possible, or at ``rate`` observations/s."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{qos}-{offset}")
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    base = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    infos: list[mqtt.MQTTMessageInfo] = []
    started = time.monotonic()
    n = 0
    while time.monotonic() - started < seconds:
        for _ in range(200):
            ds = streams[n % len(streams)]
            body = [
                {
                    "phenomenonTime": (
                        base - dt.timedelta(microseconds=offset + n * per_message + k)
                    ).isoformat(),
                    "result": float(k),
                    "id": f"{offset + n}",
                }
                for k in range(per_message)
            ]
            infos.append(
                client.publish(
                    f"polis/v1/datastreams/{ds}/observations", orjson.dumps(body), qos=qos
                )
            )
            n += 1
        while len([i for i in infos[-2000:] if not i.is_published()]) > 1500:
            time.sleep(0.001)  # do not run away from the broker
        if rate:
            time.sleep(max(0.0, n * per_message / rate - (time.monotonic() - started)))
    if window_end is not None:
        window_end()
    deadline = time.monotonic() + 60
    while qos and time.monotonic() < deadline and not all(i.is_published() for i in infos):
        time.sleep(0.05)
    client.loop_stop()
    client.disconnect()
    acked = sum(1 for i in infos if i.rc == 0 and (qos == 0 or i.is_published()))
    return n * per_message, acked * per_message, started


def wait_drained(count: Callable[[], int], expected: int, started: float) -> tuple[int, float]:
    """(rows stored, seconds from ``started`` to the last new row)."""
    last, last_change = -1, time.monotonic()
    while True:
        now = count()
        if now != last:
            last, last_change = now, time.monotonic()
        if now >= expected or time.monotonic() - last_change > 5:
            return now, last_change - started
        time.sleep(0.2)


class Probe:
    """Marker observations published while the load runs, timed to their SSE event."""

    def __init__(self, port: int, server: str, ds: int):
        self.port, self.server, self.ds = port, server, ds
        self.sent: dict[float, float] = {}
        self.latencies: list[float] = []
        self.stop = threading.Event()
        self.ready = threading.Event()

    def listen(self) -> None:
        params = {"layers": "sensor_readings"}
        while not self.stop.is_set():
            try:
                with httpx.stream("GET", f"{self.server}/live", params=params, timeout=5) as r:
                    for line in r.iter_lines():
                        self.ready.set()
                        if self.stop.is_set():
                            return
                        if not line.startswith("data:") or '"features"' not in line:
                            continue
                        got = time.monotonic()
                        for f in orjson.loads(line[5:]).get("features", []):
                            value = f["properties"].get("result")
                            if f["id"] == self.ds and value in self.sent:
                                self.latencies.append(got - self.sent.pop(value))
            except httpx.HTTPError:
                time.sleep(0.1)

    def publish(self) -> None:
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-probe")
        client.connect("127.0.0.1", self.port)
        client.loop_start()
        marker = 0.0
        while not self.stop.wait(0.2):
            marker += 1
            body = {"phenomenonTime": dt.datetime.now(dt.UTC).isoformat(), "result": marker}
            self.sent[marker] = time.monotonic()
            client.publish(
                f"polis/v1/datastreams/{self.ds}/observations", orjson.dumps(body), qos=1
            )
        client.loop_stop()
        client.disconnect()


def run_polis(
    settings: PolisSettings,
    broker: Broker,
    server: str,
    qos: int,
    args: argparse.Namespace,
    streams: list[int],
    probe_ds: int,
    workdir: Path,
    rate: float | None = None,
) -> Run:
    """One run of ``polis ingest``: flooded (``rate`` None) or paced."""
    label = f"{qos}-{'paced' if rate else 'flood'}"
    env = polis_env(
        settings,
        POLIS_MQTT_PORT=str(broker.port),
        POLIS_SENSOR_QOS=str(qos),
        POLIS_SENSOR_CLIENT_ID=f"bench-ingest-{label}",
        POLIS_SENSOR_RETENTION_DAYS="2",
    )
    ingest = spawn_ingest(env, workdir, label)
    with psycopg.connect(settings.dsn, autocommit=True) as conn:
        before = conn.execute(
            "SELECT count(*) FROM sensor_observations WHERE datastream_id <> %s", (probe_ds,)
        ).fetchone()[0]
        probe = Probe(broker.port, server, probe_ds)
        threads = [threading.Thread(target=probe.listen, daemon=True)]
        threads[0].start()
        probe.ready.wait(10)
        threads.append(threading.Thread(target=probe.publish, daemon=True))
        threads[1].start()
        offset = qos * 10**9 + (2 * 10**8 if rate else 0)

        def count() -> int:  # the load's observations (the probe's markers not counted)
            return (
                conn.execute(
                    "SELECT count(*) FROM sensor_observations WHERE datastream_id <> %s",
                    (probe_ds,),
                ).fetchone()[0]
                - before
            )

        window: list[float] = []

        def window_end() -> None:
            window[:] = [float(count()), time.monotonic()]

        published, acked, started = publish(
            broker.port,
            qos,
            args.seconds,
            streams,
            args.per_message,
            offset,
            rate,
            None if rate else window_end,
        )
        probe.stop.set()
        if rate:
            stored, seconds = wait_drained(count, acked, started)
        else:  # flooded: what was stored while the publisher ran; the backlog is dropped
            stored, seconds, acked = int(window[0]), window[1] - started, -1
    stop(ingest)
    if not rate:
        broker.stop()
        broker.start()
    for t in threads:
        t.join(timeout=6)
    side = "polis paced" if rate else "polis"
    return Run(side, qos, published, acked, stored, seconds, probe.latencies)


def spawn_ingest(env: dict[str, str], workdir: Path, label: str):  # type: ignore[no-untyped-def]
    log = workdir / f"ingest-{label}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "polis"), "ingest", "--report-every", "5"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while "subscribed to" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise BenchError(f"polis ingest did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)
    from stack import Server

    return Server("ingest", "", "", proc, log)


def run_baseline(
    settings: PolisSettings, broker: Broker, qos: int, args: argparse.Namespace, streams: list[int]
) -> Run:
    with psycopg.connect(settings.dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_baseline (body text NOT NULL)")
        conn.execute("TRUNCATE bench_baseline")
        sub = subprocess.Popen(
            [
                shutil.which("mosquitto_sub") or "mosquitto_sub",
                "-p",
                str(broker.port),
                "-q",
                str(qos),
                "-i",
                f"bench-baseline-{qos}",
                "-c",
                "-t",
                "polis/v1/datastreams/+/observations",
            ],
            stdout=subprocess.PIPE,
        )
        copy = subprocess.Popen(
            [
                shutil.which("psql") or "psql",
                settings.dsn,
                "-q",
                "-c",
                "COPY bench_baseline (body) FROM STDIN WITH (FORMAT text)",
            ],
            stdin=sub.stdout,
        )
        time.sleep(1.0)  # subscribed

        def copied() -> int:  # psql's COPY commits at the end of its input: watch its progress
            row = conn.execute(
                "SELECT coalesce(sum(tuples_processed), 0) FROM pg_stat_progress_copy"
            ).fetchone()
            return int(row[0]) * args.per_message

        window: list[float] = []

        def window_end() -> None:
            window[:] = [float(copied()), time.monotonic()]

        published, _, started = publish(
            broker.port,
            qos,
            args.seconds,
            streams,
            args.per_message,
            offset=qos * 10**9 + 5 * 10**8,
            window_end=window_end,
        )
        sub.terminate()
        sub.wait(timeout=30)
        copy.wait(timeout=600)
    broker.stop()
    broker.start()
    return Run("baseline", qos, published, -1, int(window[0]), window[1] - started, [])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="publishing time per run")
    parser.add_argument("--per-message", type=int, default=10, help="observations per message")
    parser.add_argument("--datastreams", type=int, default=100)
    parser.add_argument(
        "--rate", type=float, default=5000.0, help="observations/s of the paced (latency) runs"
    )
    parser.add_argument("--no-record", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()
    for tool in ("mosquitto_sub", "psql"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} is missing (setup.sh installs mosquitto and PostgreSQL)")
    workdir = make_workdir()
    settings = PolisSettings(var_dir=workdir / "var", db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    broker = Broker(workdir, free_port())
    broker.conf.write_text(BROKER_CONF.format(port=broker.port))
    server = None
    runs: list[Run] = []
    try:
        prepare_database(settings, cluster)
        with psycopg.connect(settings.dsn, autocommit=True) as c:
            maintain_partitions(c, retention_days=2, ahead_days=1)
            specs = [
                DatastreamSpec(f"Bench {i}", "Bench value", "one", "1", -1e9, 1e9, 1)
                for i in range(args.datastreams + 1)
            ]
            ids = add_station(c, StationSpec("Bench station", 21.92, 39.365, datastreams=specs))
        streams, probe_ds = ids[:-1], ids[-1]
        broker.start()
        server = start_polis(settings, workers=1, workdir=workdir)
        wait_ready(server)
        for qos in (0, 1):
            runs.append(
                run_polis(settings, broker, server.base_url, qos, args, streams, probe_ds, workdir)
            )
            print(summary(runs[-1]), flush=True)
            runs.append(
                run_polis(
                    settings,
                    broker,
                    server.base_url,
                    qos,
                    args,
                    streams,
                    probe_ds,
                    workdir,
                    rate=args.rate,
                )
            )
            print(summary(runs[-1]), flush=True)
            runs.append(run_baseline(settings, broker, qos, args, streams))
            print(summary(runs[-1]), flush=True)
        entry = report(settings, args, runs)
        print(entry)
        if not args.no_record:
            record(RESULTS, section=SECTION, intro=INTRO, entry=entry)
    finally:
        if server is not None:
            stop(server)
        broker.stop()
        cluster.destroy()
        shutil.rmtree(workdir, ignore_errors=True)


def summary(r: Run) -> str:
    lat = (
        f", publish-to-map p50 {percentile(r.latencies, 0.5) * 1000:.0f} ms "
        f"p95 {percentile(r.latencies, 0.95) * 1000:.0f} ms ({len(r.latencies)} probes)"
        if r.latencies
        else ""
    )
    return (
        f"{r.side} QoS {r.qos}: {r.stored} of {r.published} observations stored in "
        f"{r.seconds:.1f} s = {r.rate:.0f} obs/s, lost {r.lost}{lat}"
    )


def report(settings: PolisSettings, args: argparse.Namespace, runs: list[Run]) -> str:
    by = {(r.side, r.qos): r for r in runs}
    lines = [
        f"### {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        "Command: `" + " ".join([".venv/bin/python bench/ingest.py", *sys.argv[1:]]) + "`",
        "",
        f"Machine: {machine(settings.dsn, 'Mosquitto ' + mosquitto_version())}",
        "",
        f"Setup: {args.seconds:g} s of publishing per run, {args.per_message} observations per "
        f"message, {args.datastreams} datastreams, one paho publisher; `polis ingest` and "
        "`polis serve` (1 worker) beside it.",
        "",
        "Flooded runs: the publisher sends as fast as it can; obs/s is what was stored while "
        "it ran (the broker's backlog is then dropped). "
        f"Paced runs: {args.rate:g} obs/s offered, the publish-to-map latency measured.",
        "",
        "| QoS | polis obs/s (flooded) | baseline obs/s (flooded) | polis/baseline "
        "| paced: stored obs/s, lost | paced: publish-to-map p50 / p95 ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for qos in (0, 1):
        p, b, q = by[("polis", qos)], by[("baseline", qos)], by[("polis paced", qos)]
        lines.append(
            f"| {qos} | {p.rate:.0f} | {b.rate:.0f} | {p.rate / b.rate if b.rate else 0:.2f} "
            f"| {q.rate:.0f}, {q.lost} "
            f"| {percentile(q.latencies, 0.5) * 1000:.0f} / "
            f"{percentile(q.latencies, 0.95) * 1000:.0f} ({len(q.latencies)} probes) |"
        )
    return "\n".join(lines)


def mosquitto_version() -> str:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    out = subprocess.run([binary, "-h"], capture_output=True, text=True, check=False).stdout
    return out.split()[2] if len(out.split()) > 2 else "?"


if __name__ == "__main__":
    main()
