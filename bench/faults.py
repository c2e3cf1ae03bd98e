"""Faults under load: the database stopped and started, the MQTT broker restarted and a
worker killed while Polis serves reads and authenticated writes.

Usage::

    .venv/bin/python bench/faults.py [--workers 2] [--readers 4] [--writers 2]
        [--down 5] [--settle 5] [--keep] [--no-record]

Creates a throw-away embedded PostgreSQL cluster with the demo town, a private Mosquitto
and ``polis serve --workers N`` (supervised), signs a green-space account in, then drives
reads of OGC items and writes of new trees (POST, OGC API Features Part 4) while it

1. stops the database (``pg_ctl stop -m fast``) for ``--down`` seconds and starts it again,
2. stops the broker until ``/health`` reports ``degraded``, then starts it again,
3. SIGKILLs one worker (the supervisor replaces it).

Prints the requests by status per phase, the 500s (must be 0: a 503 with Retry-After is
the expected answer while the database is away), the writes acknowledged (201) against
the rows found in the database afterwards (no acknowledged write may be lost) and the
recovery time from the database accepting connections again to the first successful read
and write (goal <= 3 s). Adds the figures to ``bench/RESULTS.md``. Exit status 1 when a
500, a lost acknowledged write or an unexpected worker death was seen.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import httpx
import psycopg
from faultload import Broker, Load, Outcome, first_after, health_says, wait_for
from report import machine, record
from stack import (
    BIN,
    BenchError,
    Server,
    free_port,
    load_demo,
    log_tail,
    make_workdir,
    polis_env,
    prepare_database,
    spawn,
    stop,
    wait_ready,
)

from api.settings import PolisSettings
from api.supervisor import MIB, rss_bytes, worker_pids
from layers.db.cluster import EmbeddedCluster
from layers.db.database import embedded_cluster

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Faults under load: database, broker, worker (`bench/faults.py`)"
INTRO = """\
`polis serve` (supervised workers) on a throw-away cluster with the demo town, driven by
reader threads (OGC items pages of `trees` and `buildings`) and writer threads (new
`trees` features, POST with a green-space account's token) while the database is
stopped and started, the MQTT broker restarted and a worker SIGKILLed. Expected: 503 with
`Retry-After` while the database is away, never a 500; every acknowledged (201) write
present afterwards; reads and writes back within 3 s of the database accepting
connections ("recovery"); `/health` `degraded` while the broker is away, `ok` after.
Each request is counted in the phase in which it ended; `none` is a request that got no
HTTP answer (its connection was on the killed worker).
"""
EMAIL = "faults-bench@karditsa.gr"
PASSWORD = "faults bench password 2024"
#: Recovery goal (seconds from the database back to the first successful read and write).
GOAL_S = 3.0


@dataclass(frozen=True)
class Rig:
    """Everything the faults are applied to."""

    settings: PolisSettings
    cluster: EmbeddedCluster
    broker: Broker
    polis: Server
    workers: int


@contextmanager
def rig(workers: int, *, keep: bool) -> Iterator[Rig]:
    """Cluster with the demo town, a broker and ``polis serve``; all stopped on exit."""
    workdir = make_workdir()
    settings = PolisSettings(var_dir=workdir / "var", db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings)  # durable: an acknowledged write must survive
    broker = Broker(workdir, free_port())
    polis: Server | None = None
    try:
        print(f"database: {settings.dsn} (in {workdir})")
        prepare_database(settings, cluster)
        load_demo(settings)
        add_account(settings)
        broker.start()
        port = str(free_port())
        argv = [str(BIN / "polis"), "serve", "--host", "127.0.0.1", "--port", port]
        env = polis_env(
            settings,
            POLIS_PUBLIC_URL=f"http://127.0.0.1:{port}",
            POLIS_MQTT_PORT=str(broker.port),
            POLIS_WORKERS=str(workers),
            POLIS_WRITE_RATE="1000000/minute",
        )
        polis = spawn("polis", argv, env=env, workdir=workdir)
        wait_ready(polis)
        wait_workers(polis, workers)
        print(f"polis: {polis.base_url} ({workers} supervised workers)")
        yield Rig(settings, cluster, broker, polis, workers)
    finally:
        if polis is not None:
            stop(polis)
        broker.stop()
        cluster.stop()
        if keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def add_account(settings: PolisSettings) -> None:
    """A green-space account (may create trees) through ``polis users add``."""
    argv = [str(BIN / "polis"), "users", "add", EMAIL, "--name", "Faults bench", "--role", "green"]
    proc = subprocess.run(
        [*argv, "--password-stdin"],
        input=PASSWORD + "\n",
        env=polis_env(settings),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"`polis users add` failed:\n{proc.stderr or proc.stdout}")


def wait_workers(server: Server, workers: int, *, timeout: float = 150) -> None:
    """Wait until the supervisor runs ``workers`` workers that have finished starting.

    A starting worker grows while it imports and builds its application; three readings
    0.7 s apart within 1 MiB, with the server answering, count as started.
    """
    deadline = time.monotonic() + timeout
    history: list[dict[int, int]] = []
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        while time.monotonic() < deadline:
            pids = worker_pids(server.proc.pid)
            rss = {pid: rss_bytes(pid) or 0 for pid in pids}
            answered = client.get("/ogc/conformance").status_code == 200
            ok = answered and len(pids) == workers
            history = [*history[-2:], rss] if ok else []
            if len(history) == 3 and all(h.keys() == rss.keys() for h in history):
                if all(max(h[p] for h in history) - min(h[p] for h in history) < MIB for p in rss):
                    return
            time.sleep(0.7)
    raise BenchError(f"{workers} workers did not start in {timeout:.0f} s:\n{log_tail(server)}")


def sign_in(base_url: str) -> str:
    """An access token of the bench account."""
    r = httpx.post(
        base_url + "/auth/token", data={"username": EMAIL, "password": PASSWORD}, timeout=30
    )
    if r.status_code != 200:
        raise BenchError(f"sign-in failed: {r.status_code} {r.text[:200]}")
    return str(r.json()["access_token"])


@dataclass
class Timeline:
    """Named moments (monotonic seconds); each one starts a phase."""

    marks: list[tuple[str, float]] = field(default_factory=list)

    def mark(self, name: str) -> float:
        """Start phase ``name`` now; returns the moment."""
        now = time.monotonic()
        self.marks.append((name, now))
        return now

    def phase_of(self, moment: float) -> str:
        """The phase a moment belongs to."""
        name = self.marks[0][0]
        for mark, start in self.marks:
            if moment >= start:
                name = mark
        return name

    def at(self, name: str) -> float:
        """When phase ``name`` started."""
        return dict(self.marks)[name]


def database_fault(r: Rig, load: Load, tl: Timeline, *, down: float) -> None:
    """Stop the database for ``down`` seconds, start it, wait until reads and writes pass."""
    tl.mark("database stopping")
    r.cluster.stop()
    tl.mark("database down")
    time.sleep(down)
    r.cluster.start()
    back = tl.mark("database back")
    wait_for(
        lambda: (
            first_after(load, "read", 200, back) is not None
            and first_after(load, "write", 201, back) is not None
        ),
        timeout=60,
    )


def broker_fault(r: Rig, load: Load, tl: Timeline) -> None:
    """Stop the broker until ``/health`` says degraded, then start it until it says ok."""
    away = tl.mark("broker away")
    r.broker.stop()
    wait_for(lambda: health_says(load, "degraded", away) is not None, timeout=15)
    r.broker.start()
    back = tl.mark("broker back")
    wait_for(lambda: health_says(load, "ok", back) is not None, timeout=15)


def worker_fault(r: Rig, tl: Timeline) -> float | None:
    """SIGKILL the first worker; seconds until the supervisor runs a replacement."""
    victim = worker_pids(r.polis.proc.pid)[0]
    killed = tl.mark("worker killed")
    os.kill(victim, signal.SIGKILL)
    replaced = wait_for(
        lambda: victim not in (pids := worker_pids(r.polis.proc.pid)) and len(pids) == r.workers,
        timeout=30,
    )
    return time.monotonic() - killed if replaced else None


@dataclass(frozen=True)
class Figures:
    """What the run measured."""

    phases: list[str]
    table: str
    fives: int
    bare_503: int
    no_answer: int
    acknowledged: int
    found: int
    lost: int
    committed_unacknowledged: int
    read_recovery: float | None
    write_recovery: float | None
    last_failure: float
    degraded_after: float | None
    ok_after: float | None
    replaced_after: float | None
    unexpected_replacements: int
    supervisor_alive: bool


def statuses(outcomes: list[Outcome]) -> str:
    """``200×12, 503×3`` ('-' when none); no answer counts as ``none``."""
    counts = Counter("none" if o.status is None else str(o.status) for o in outcomes)
    return ", ".join(f"{k}×{v}" for k, v in sorted(counts.items())) or "-"


def phase_table(load: Load, tl: Timeline, end: float) -> str:
    """Markdown table: requests by status per phase (the phase in which each ended)."""
    lines = [
        "| phase | s | reads | writes | /health |",
        "|---|--:|---|---|---|",
    ]
    bounds = [*(t for _, t in tl.marks[1:]), end]
    for (name, start), stop_at in zip(tl.marks, bounds, strict=True):
        inside = [o for o in load.outcomes if tl.phase_of(o.ended) == name]
        cells = [statuses([o for o in inside if o.kind == k]) for k in ("read", "write", "health")]
        lines.append(f"| {name} | {stop_at - start:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def stored_trees(settings: PolisSettings, marker: str) -> set[int]:
    """Ids of the trees this run created, read back from the database."""
    with psycopg.connect(settings.dsn) as conn:
        rows = conn.execute("SELECT id FROM trees WHERE species = %s", (marker,)).fetchall()
    return {row[0] for row in rows}


def figures(r: Rig, load: Load, tl: Timeline, end: float, replaced: float | None) -> Figures:
    """Count everything once the load has stopped."""
    out = load.outcomes
    acknowledged = {o.fid for o in out if o.kind == "write" and o.status == 201 and o.fid}
    found = stored_trees(r.settings, load.marker)
    back = tl.at("database back")
    failures = [o.started for o in out if o.started >= back and o.status not in (200, 201)]
    failures = [t for t in failures if tl.phase_of(t) == "database back"]
    replacements = r.polis.log.read_text(errors="replace").count("replaced by")
    return Figures(
        phases=[name for name, _ in tl.marks],
        table=phase_table(load, tl, end),
        fives=sum(1 for o in out if o.status is not None and o.status >= 500 and o.status != 503),
        bare_503=sum(
            1 for o in out if o.status == 503 and not o.retry_after and o.kind != "health"
        ),
        no_answer=sum(1 for o in out if o.status is None),
        acknowledged=len(acknowledged),
        found=len(found & acknowledged),
        lost=len(acknowledged - found),
        committed_unacknowledged=len(found - acknowledged),
        read_recovery=first_after(load, "read", 200, back),
        write_recovery=first_after(load, "write", 201, back),
        last_failure=max(failures, default=back) - back,
        degraded_after=health_says(load, "degraded", tl.at("broker away")),
        ok_after=health_says(load, "ok", tl.at("broker back")),
        replaced_after=replaced,
        unexpected_replacements=replacements - (1 if replaced is not None else 0),
        supervisor_alive=r.polis.proc.poll() is None,
    )


def seconds(value: float | None) -> str:
    """``1.23 s`` or ``never``."""
    return "never" if value is None else f"{value:.2f} s"


def summary(f: Figures) -> str:
    """The figures as Markdown lines under the phase table."""
    met = (
        f.read_recovery is not None
        and f.write_recovery is not None
        and max(f.read_recovery, f.write_recovery) <= GOAL_S
    )
    return "\n".join(
        [
            f.table,
            "",
            f"- 500s (and other 5xx but 503): **{f.fives}** (must be 0); 503 without "
            f"Retry-After: {f.bare_503}; requests without an answer: {f.no_answer}",
            f"- writes acknowledged (201): {f.acknowledged}; found in the database afterwards: "
            f"{f.found}; **lost: {f.lost}**; committed but not acknowledged (the answer was "
            f"a 503 or never came): {f.committed_unacknowledged}",
            f"- recovery after the database accepted connections again: first read "
            f"{seconds(f.read_recovery)}, first write {seconds(f.write_recovery)} (goal "
            f"<= {GOAL_S:.0f} s: {'met' if met else 'NOT met'}); last failed request "
            f"started {f.last_failure:.2f} s after",
            f"- broker: `/health` degraded {seconds(f.degraded_after)} after the broker "
            f"stopped, ok {seconds(f.ok_after)} after it started",
            f"- worker SIGKILLed: replaced after {seconds(f.replaced_after)}; other worker "
            f"replacements: {f.unexpected_replacements}; supervisor running at the end: "
            f"{'yes' if f.supervisor_alive else 'NO'}",
        ]
    )


def failed(f: Figures) -> list[str]:
    """The hard failures of a run (empty when it passed)."""
    checks = {
        "a 500 (or another 5xx than 503)": f.fives > 0,
        "an acknowledged write was lost": f.lost > 0,
        "a worker died unasked": f.unexpected_replacements > 0,
        "the supervisor exited": not f.supervisor_alive,
        "the database did not come back for reads and writes": f.write_recovery is None
        or f.read_recovery is None,
    }
    return [what for what, bad in checks.items() if bad]


def run_faults(r: Rig, args: argparse.Namespace) -> tuple[Figures, float]:
    """Load the rig and apply the three faults in turn; the figures and the load's length."""
    marker = f"faults-bench-{int(time.time())}"
    load = Load(r.polis.base_url, sign_in(r.polis.base_url), marker, args.readers, args.writers)
    tl = Timeline()
    start = tl.mark("steady")
    load.start()
    try:
        time.sleep(args.settle)
        database_fault(r, load, tl, down=args.down)
        time.sleep(args.settle)
        broker_fault(r, load, tl)
        time.sleep(args.settle)
        replaced = worker_fault(r, tl)
        time.sleep(args.settle)
    finally:
        load.stop()
    end = time.monotonic()
    return figures(r, load, tl, end, replaced), end - start


def positive(text: str) -> int:
    """An integer >= 1 (argparse type)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not >= 1")
    return value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=positive, default=2, help="supervised workers")
    parser.add_argument("--readers", type=positive, default=4, help="reader threads")
    parser.add_argument("--writers", type=positive, default=2, help="writer threads")
    parser.add_argument("--down", type=float, default=5.0, help="seconds the database is away")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds between faults")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--record",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"add the result to {RESULTS.name} (default: yes)",
    )
    return parser.parse_args(argv)


def entry(command: str, started: dt.datetime, host: str, setup: str, result: str) -> str:
    """One RESULTS.md entry."""
    return (
        f"### {started:%Y-%m-%d %H:%M} UTC\n\n"
        f"Command: `{command}`\n\n"
        f"Machine: {host}\n\n"
        f"Setup: {setup}\n\n"
        f"{result}\n"
    )


def benchmark(args: argparse.Namespace) -> tuple[str, str, str, list[str]]:
    """Run everything; return (machine, setup, result, failures)."""
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with rig(args.workers, keep=args.keep) as r:
        f, length = run_faults(r, args)
        usage = subprocess.run(["mosquitto", "-h"], capture_output=True, text=True, check=False)
        mosquitto = (usage.stdout or usage.stderr).split("\n", 1)[0]
        host = machine(r.settings.dsn, f"uvicorn {version('uvicorn')}; {mosquitto}")
    setup = (
        f"{args.workers} supervised workers; {args.readers} reader and {args.writers} writer "
        f"threads without pause, `/health` every 0.25 s, {length:.0f} s of load; database "
        f"away {args.down:.0f} s (`pg_ctl stop -m fast`, durable cluster), {args.settle:.0f} s "
        f"between faults; load average before the run {load_before}."
    )
    return host, setup, summary(f), failed(f)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    try:
        host, setup, result, failures = benchmark(args)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted (everything stopped and removed)", file=sys.stderr)
        return 130
    print(f"\nMachine: {host}\n\nSetup: {setup}\n\n{result}\n")
    if args.record:
        text = entry(shlex.join(sys.orig_argv), started, host, setup, result)
        record(RESULTS, section=SECTION, intro=INTRO, entry=text)
        print(f"recorded in {RESULTS}")
    if failures:
        print("bench: FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
