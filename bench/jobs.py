"""Benchmark Polis's jobs (OGC API – Processes on Dask) against peers doing the same work.

Usage::

    .venv/bin/python bench/jobs.py [--jobs 100] [--zonal 16] [--keep] [--no-record]

Creates a throw-away embedded PostgreSQL cluster with the demo town and its synthetic
DEM (``polis demo load``), then measures, one side at a time on the same machine:

1. **Overhead of an empty job**, submit to done, sequentially (``--jobs`` each):
   * Polis: ``POST /ogc/processes/echo/execution`` with ``Prefer: respond-async`` to
     ``polis serve`` (1 worker), the job row claimed by ``polis worker`` (LocalCluster of
     one Dask process) and run there; the client polls ``/ogc/jobs/{id}`` every 5 ms
     until ``successful``.
   * Dask alone: the very task ``polis worker`` submits (``gis.jobs.execution.run_job``
     of ``echo``) sent with ``Client.submit`` to a LocalCluster of one process and waited
     for with ``result()``: the Dask round trip, no database, no HTTP.
   * pygeoapi 0.24 with its TinyDB manager: its own ``echo`` process executed with
     ``Prefer: respond-async`` (a thread in the web process, the job in a TinyDB file),
     polled every 5 ms alike.
   Also the synchronous execution of the same empty process (200 with the result):
   Polis (``quick``: in the web process) and pygeoapi.
2. **Speed-up of ``--zonal`` zonal-statistics jobs** (the DEM over every building) on
   ``polis worker`` with 1 and with 2 Dask worker processes (one thread each): all
   submitted at once, wall time until the last one is done (told by ``LISTEN
   polis_job_done``, so the client adds no polling load); beside it the same
   computations run one after the other in this process (the process function, no jobs).

Prints the figures and adds an entry to ``bench/RESULTS.md`` (newest first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import psycopg
import yaml
from report import machine, record
from stack import (
    BIN,
    BenchError,
    Server,
    clean_env,
    free_port,
    load_demo,
    make_workdir,
    polis_env,
    prepare_database,
    spawn,
    start_polis,
    stop,
    wait_ready,
)

from api.settings import PolisSettings
from gis.jobs.catalogue import catalogue_for
from gis.jobs.cluster import dask_client
from gis.jobs.execution import run_job
from gis.jobs.spec import JobContext
from layers.db.database import embedded_cluster
from layers.jobs.store import DONE_CHANNEL

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Jobs: OGC API – Processes on Dask (`bench/jobs.py`)"
INTRO = """\
Submit-to-done overhead of an empty job through Polis (HTTP submit, row in PostgreSQL,
`polis worker`, a LocalCluster of one Dask process, status polled over HTTP every 5 ms)
beside the same Dask task submitted to Dask directly, and beside pygeoapi 0.24's own
asynchronous execution (TinyDB manager, a thread in the web process, polled alike);
synchronous execution of the empty process on both servers; and N zonal-statistics jobs
(the DEM over every building of the demo town) on 1 and 2 Dask worker processes, with
the same computations run serially in one process as the baseline. The machine's 2
cores are shared with the database, the servers, the client and other work (load
average given), so the speed-up is bounded by what the cores have to spare.
"""
POLL_S = 0.005
ZONAL = {"coverage": "dem", "zones": "buildings", "statistics": ["count", "min", "max", "mean"]}


@dataclass(frozen=True)
class Timings:
    """Latencies of one side, in milliseconds."""

    name: str
    computes: str
    ms: list[float]

    def pct(self, q: float) -> float:
        ordered = sorted(self.ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def row(self) -> str:
        return (
            f"| {self.name} | {self.computes} | {len(self.ms)} | {self.pct(0.5):.1f} "
            f"| {self.pct(0.95):.1f} | {max(self.ms):.1f} |"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=100, help="empty jobs per side")
    parser.add_argument("--zonal", type=int, default=16, help="zonal-statistics jobs per run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--no-record", action="store_true", help="do not write RESULTS.md")
    return parser.parse_args(argv)


@contextmanager
def polis_worker(settings: PolisSettings, workdir: Path, dask_workers: int) -> Iterator[None]:
    """``polis worker`` with a LocalCluster of ``dask_workers`` processes."""
    log = workdir / f"worker-{dask_workers}.log"
    env = polis_env(settings, POLIS_DASK_WORKERS=str(dask_workers))
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "polis"), "worker"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def poll(client: httpx.Client, job_url: str, *, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(job_url).json()["status"]
        if status == "successful":
            return
        if status in ("failed", "dismissed"):
            raise BenchError(f"{job_url}: {status}")
        time.sleep(POLL_S)
    raise BenchError(f"{job_url}: not done in {timeout:.0f} s")


def submit(client: httpx.Client, url: str, inputs: dict[str, Any]) -> str:
    r = client.post(url, json={"inputs": inputs}, headers={"Prefer": "respond-async"})
    if r.status_code != 201:
        raise BenchError(f"POST {url}: {r.status_code} {r.text[:300]}")
    return str(r.headers["location"])


def timed(n: int, once: Callable[[], None], *, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        once()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        once()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def pygeoapi_server(workdir: Path) -> Server:
    """pygeoapi 0.24 serving its own ``echo`` process, jobs in a TinyDB file."""
    root = workdir / "pygeoapi"
    (root / "out").mkdir(parents=True)
    port = free_port()
    config = {
        "server": {
            "bind": {"host": "127.0.0.1", "port": port},
            "url": f"http://127.0.0.1:{port}",
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US"],
            "limits": {"default_items": 10, "max_items": 50},
            "map": {"url": "http://127.0.0.1/{z}/{x}/{y}.png", "attribution": "none"},
            "manager": {
                "name": "TinyDB",
                "connection": str(root / "jobs.db"),
                "output_dir": str(root / "out"),
            },
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "bench",
                "description": "bench",
                "keywords": ["bench"],
                "keywords_type": "theme",
                "terms_of_service": "https://example.org",
                "url": "https://example.org",
            },
            "license": {"name": "CC0", "url": "https://example.org"},
            "provider": {"name": "bench", "url": "https://example.org"},
            "contact": {"name": "bench", "email": "bench@example.org", "role": "pointOfContact"},
        },
        "resources": {"echo": {"type": "process", "processor": {"name": "Echo"}}},
    }
    (root / "config.yml").write_text(yaml.safe_dump(config))
    subprocess.run(
        [
            str(BIN / "pygeoapi"),
            "openapi",
            "generate",
            "config.yml",
            "--output-file",
            "openapi.yml",
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    env = clean_env(
        PYGEOAPI_CONFIG=str(root / "config.yml"), PYGEOAPI_OPENAPI=str(root / "openapi.yml")
    )
    argv = [str(BIN / "uvicorn"), "pygeoapi.starlette_app:APP", "--port", str(port)]
    server = spawn("pygeoapi", [*argv, "--log-level", "warning"], env=env, workdir=root)
    return Server(server.name, server.base_url, "/processes", server.proc, server.log)


def empty_jobs(settings: PolisSettings, workdir: Path, n: int) -> list[Timings]:
    """Part 1: the empty job on each side, and synchronous execution."""
    out = []
    polis = start_polis(settings, workers=1, workdir=workdir)
    peer = pygeoapi_server(workdir)
    try:
        wait_ready(polis)
        wait_ready(peer)
        with polis_worker(settings, workdir, 1), httpx.Client(base_url=polis.base_url) as c:
            url = "/ogc/processes/echo/execution"
            poll(c, submit(c, url, {"value": "x"}), timeout=120)  # the cluster is up
            out.append(
                Timings(
                    "Polis async job",
                    "HTTP submit + job row + NOTIFY, claim, Dask task, result row; polled",
                    timed(n, lambda: poll(c, submit(c, url, {"value": "x"}))),
                )
            )
            out.append(
                Timings(
                    "Polis sync (quick)",
                    "HTTP execute in the web process, result in the response",
                    timed(
                        n, lambda: c.post(url, json={"inputs": {"value": "x"}}).raise_for_status()
                    ),
                )
            )
        with httpx.Client(base_url=peer.base_url) as c:
            url = "/processes/echo/execution"
            out.append(
                Timings(
                    "pygeoapi async job (TinyDB)",
                    "HTTP submit, job in TinyDB, a thread in the web process; polled",
                    timed(n, lambda: poll(c, submit(c, url, {"echoInput": "x"}))),
                )
            )
            out.append(
                Timings(
                    "pygeoapi sync",
                    "HTTP execute in the web process, result in the response",
                    timed(
                        n,
                        lambda: c.post(url, json={"inputs": {"echoInput": "x"}}).raise_for_status(),
                    ),
                )
            )
    finally:
        stop(polis)
        stop(peer)
    with dask_client(None, n_workers=1) as client:
        task = (settings, uuid.uuid4(), 1, "echo", {"value": "x"})
        out.insert(
            1,
            Timings(
                "Dask alone",
                "the same task (run_job of echo) via Client.submit + result()",
                timed(n, lambda: client.submit(run_job, *task, pure=False).result()),
            ),
        )
    return out


def wait_done(listener: psycopg.Connection[Any], jobs: set[str], timeout: float = 1800) -> None:
    """Wait for the ``polis_job_done`` notification of every job (no polling load)."""
    left = set(jobs)
    deadline = time.monotonic() + timeout
    while left and time.monotonic() < deadline:
        for note in listener.notifies(timeout=1.0):
            left.discard(note.payload)
            if not left:
                break
    if left:
        raise BenchError(f"{len(left)} zonal-statistics jobs not done in {timeout:.0f} s")


def zonal_runs(settings: PolisSettings, workdir: Path, n: int) -> list[tuple[str, float]]:
    """Part 2: ``n`` zonal-statistics jobs on 1 and 2 Dask workers; serial baseline."""
    spec = catalogue_for(settings)["zonal-statistics"]
    context = JobContext(settings)
    spec.execute(ZONAL, context)  # warm the file cache
    t0 = time.perf_counter()
    for _ in range(n):
        spec.execute(ZONAL, context)
    runs = [("serial in one process (no jobs)", time.perf_counter() - t0)]
    polis = start_polis(settings, workers=1, workdir=workdir)
    try:
        wait_ready(polis)
        with httpx.Client(base_url=polis.base_url, timeout=60) as c:
            url = "/ogc/processes/zonal-statistics/execution"
            for workers in (1, 2):
                with polis_worker(settings, workdir, workers):
                    poll(c, submit(c, url, ZONAL), timeout=300)  # cluster up, caches warm
                    with psycopg.connect(settings.dsn, autocommit=True) as listener:
                        listener.execute(f"LISTEN {DONE_CHANNEL}")
                        t0 = time.perf_counter()
                        jobs = {submit(c, url, ZONAL).rsplit("/", 1)[1] for _ in range(n)}
                        wait_done(listener, jobs)
                        runs.append((f"{workers} Dask worker(s)", time.perf_counter() - t0))
                    for job in jobs:
                        poll(c, f"/ogc/jobs/{job}", timeout=5)  # successful, not failed
    finally:
        stop(polis)
    return runs


def buildings(settings: PolisSettings) -> int:
    with psycopg.connect(settings.dsn) as conn:
        row = conn.execute("SELECT count(*) FROM buildings").fetchone()
    return int(row[0]) if row else 0


def report(
    args: argparse.Namespace,
    settings: PolisSettings,
    empty: list[Timings],
    zonal: list[tuple[str, float]],
) -> str:
    """The Markdown figures of both parts, with the ratios."""
    p95 = {t.name: t.pct(0.95) for t in empty}
    polis = p95["Polis async job"]
    verdict = "met" if polis <= 100 else "missed"
    lines = [
        "| side | what it does per job | n | p50 ms | p95 ms | max ms |",
        "|---|---|--:|--:|--:|--:|",
        *(t.row() for t in empty),
        "",
        f"- Polis async job p95 **{polis:.1f} ms** (goal <= 100 ms: {verdict}); "
        f"p95 ratio Polis / Dask alone {polis / p95['Dask alone']:.2f}, "
        f"Polis / pygeoapi async {polis / p95['pygeoapi async job (TinyDB)']:.2f}",
        f"- sync execution p95 ratio Polis / pygeoapi "
        f"{p95['Polis sync (quick)'] / p95['pygeoapi sync']:.2f}",
        "",
        f"| {args.zonal} zonal-statistics jobs (DEM over {buildings(settings)} buildings each) "
        "| wall s | speed-up vs serial |",
        "|---|--:|--:|",
    ]
    serial = zonal[0][1]
    lines += [f"| {name} | {seconds:.2f} | {serial / seconds:.2f} |" for name, seconds in zonal]
    runs = dict(zonal)
    speedup = runs["1 Dask worker(s)"] / runs["2 Dask worker(s)"]
    lines += ["", f"- speed-up 2 vs 1 Dask workers: **{speedup:.2f}**"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    workdir = make_workdir()
    settings = PolisSettings(var_dir=workdir / "var", db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    load = os.getloadavg()
    try:
        prepare_database(settings, cluster)
        load_demo(settings)
        empty = empty_jobs(settings, workdir, args.jobs)
        zonal = zonal_runs(settings, workdir, args.zonal)
        text = report(args, settings, empty, zonal)
        host = machine(
            settings.dsn, f"dask {version('distributed')}; pygeoapi {version('pygeoapi')}"
        )
    except BenchError as exc:
        print(f"bench/jobs.py: {exc}", file=sys.stderr)
        return 1
    finally:
        cluster.stop()
        if not args.keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    print(text)
    command = "python bench/jobs.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    entry = (
        f"### {started:%Y-%m-%d %H:%M} UTC\n\nCommand: `{command.strip()}`\n\nMachine: {host}\n\n"
        f"Load average before the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n\n{text}\n"
    )
    if not args.no_record:
        record(RESULTS, section=SECTION, intro=INTRO, entry=entry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
