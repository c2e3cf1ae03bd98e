"""Benchmark the citizen map: navigation to every default layer drawn, in the browser.

Usage::

    .venv/bin/python bench/webmap_load.py [--runs 7] [--workers 2] [--size 1920x1080]
        [--keep] [--no-record]

Creates a throw-away embedded PostgreSQL cluster with the demo town, serves it with
``polis serve``, and opens the citizen map (``/``) in Debian's Chromium (Playwright,
no downloaded browser) ``--runs`` times, each in a fresh browser context (empty HTTP
cache), after one discarded warm-up run. The page script marks ``polis:drawn`` with the
Performance API when every default layer is drawn (GeoJSON of the view added, vector
tiles rendered); the figure is that mark's time since navigation start. Prints the
median and the spread and adds an entry to ``bench/RESULTS.md``. Needs no network.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import shutil
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright
from report import machine, record
from stack import (
    BenchError,
    free_port,
    load_demo,
    make_workdir,
    prepare_database,
    start_polis,
    stop,
    wait_ready,
)

from api.settings import PolisSettings
from layers.db.database import embedded_cluster

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
CHROMIUM = os.environ.get("POLIS_CHROMIUM", "/usr/bin/chromium")
SECTION = "## Web map: citizen map load time (`bench/webmap_load.py`)"
INTRO = """
Time from navigation to every default layer of the citizen map drawn (the page script's
`polis:drawn` Performance API mark: GeoJSON of the view fetched and added, vector tiles
fetched and rendered), in Debian's Chromium driven by Playwright against `polis serve`
with the demo town on the same machine. Each run uses a fresh browser context (empty
HTTP cache); one warm-up run is discarded. Target: median under 2 s.
"""
#: What the page reports once drawn: the mark, navigation timings, requests made.
PROBE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  return {
    drawn: performance.getEntriesByName('polis:drawn')[0].startTime,
    dcl: nav.domContentLoadedEventEnd,
    requests: res.length,
    kib: res.reduce((n, r) => n + r.transferSize, 0) / 1024,
  };
}"""


@dataclass(frozen=True)
class Run:
    """One page load."""

    drawn_ms: float
    dom_ms: float
    requests: int
    kib: float


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured page loads (default 7)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (default 2)")
    parser.add_argument("--size", default="1920x1080", help="viewport WxH (default 1920x1080)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--no-record", dest="record", action="store_false")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def load_once(browser: Browser, url: str, viewport: dict[str, int]) -> Run:
    """Open ``url`` in a fresh context and wait for the ``polis:drawn`` mark."""
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(
            "performance.getEntriesByName('polis:drawn').length > 0", timeout=60_000
        )
        probe = page.evaluate(PROBE)
        return Run(probe["drawn"], probe["dcl"], probe["requests"], probe["kib"])
    finally:
        context.close()


def measure(url: str, *, runs: int, viewport: dict[str, int]) -> list[Run]:
    """One warm-up and ``runs`` measured loads of ``url``."""
    if not Path(CHROMIUM).exists():
        raise BenchError(f"{CHROMIUM} is missing: `./setup.sh --test` installs chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        try:
            load_once(browser, url, viewport)
            return [load_once(browser, url, viewport) for _ in range(runs)]
        finally:
            browser.close()


def table(results: list[Run]) -> str:
    """The Markdown result table."""
    drawn = sorted(r.drawn_ms for r in results)
    dom = statistics.median(r.dom_ms for r in results)
    mid = results[len(results) // 2]
    verdict = "yes" if statistics.median(drawn) < 2000 else "no"
    return (
        "| runs | median drawn ms | min / max ms | median DOMContentLoaded ms "
        "| requests | transferred KiB | under 2 s |\n"
        "|--:|--:|--:|--:|--:|--:|:-:|\n"
        f"| {len(drawn)} | {statistics.median(drawn):.0f} | {drawn[0]:.0f} / {drawn[-1]:.0f} "
        f"| {dom:.0f} | {mid.requests} | {mid.kib:.0f} | {verdict} |"
    )


def benchmark(args: argparse.Namespace) -> tuple[str, str]:
    """Run everything; return (machine, table)."""
    width, height = (int(v) for v in args.size.lower().split("x"))
    workdir = make_workdir()
    settings = PolisSettings(var_dir=workdir / "var", db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    server = None
    try:
        prepare_database(settings, cluster)
        load_demo(settings)
        server = start_polis(settings, workers=args.workers, workdir=workdir)
        wait_ready(server)
        print(f"polis: {server.base_url} ({args.workers} workers)")
        results = measure(
            server.base_url + "/", runs=args.runs, viewport={"width": width, "height": height}
        )
        return machine(settings.dsn, f"Playwright {version('playwright')}"), table(results)
    finally:
        if server is not None:
            stop(server)
        cluster.stop()
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    t0 = time.monotonic()
    try:
        host, result = benchmark(args)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    print(f"\nMachine: {host}\n\n{result}\n\n({time.monotonic() - t0:.0f} s)")
    if args.record:
        text = (
            f"### {started:%Y-%m-%d %H:%M} UTC\n\n"
            f"Command: `{shlex.join(sys.orig_argv)}`\n\n"
            f"Machine: {host}\n\n"
            f"Setup: viewport {args.size}, {args.workers} uvicorn workers, demo town, "
            f"citizen map default layers; load average before the run {load_before}."
            f"\n\n{result}\n"
        )
        record(RESULTS, section=SECTION, intro=INTRO, entry=text)
        print(f"recorded in {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
