"""Benchmark Polis's OGC API Features and Tiles against tipg on the same data.

Usage::

    .venv/bin/python bench/ogc_features.py [--duration 10] [--connections 16]
        [--threads 2] [--workers 2] [--warmup 2] [--keep] [--no-record]

Creates a throw-away embedded PostgreSQL cluster, loads the demo town, serves it with
Polis (``polis serve``) and tipg (``uvicorn tipg.main:app``) with the same number of
workers, picks five requests from the data (a 100-feature bbox page, a 100-feature page
of the whole layer, one feature, a z14 and a z16 tile at the town centre), checks both
servers answer them alike, then loads one server at a time with ``wrk``. Like for like:
both servers count the matches of every page (``numberMatched``; Polis's is checked
equal to the database's count) besides building it; the output says what each computes
per request.
Prints the machine and a comparison table and adds it to ``bench/RESULTS.md`` (newest
first). Needs no network besides loopback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import signal
import sys
import time
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path

from checks import check
from loadgen import LoadResult, LoadSettings, run_wrk, write_script
from report import Row, machine, record, table, wrk_version
from stack import BenchError, Server, Stack, bench_stack, cpu_seconds
from targets import PAGE, WORK_SHORT, Scenario, Targets, pick_targets, scenarios

from layers.registry import default_registry

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## OGC API Features and Tiles: Polis vs tipg (`bench/ogc_features.py`)"
INTRO = """\
Polis's own OGC routes against tipg on the demo town's `buildings`: same database,
same number of uvicorn workers, one server loaded at a time by `wrk` on the same
machine (so wrk, the servers and PostgreSQL share its cores). Both ratios are > 1.0
when Polis is better: throughput Polis/tipg, p95 latency tipg/Polis. Errors are wrk's
counters (HTTP status >= 400 and socket errors). "Server CPU ms/req" is the CPU time
the server's own processes (workers included, PostgreSQL not) used per request during
the measured run: unlike throughput it barely moves when other work shares the cores.
Every request is first checked on both servers: status 200, a full page, the same
feature, non-empty tiles (Polis's tiles also hold the features in the tile buffer,
tipg's only those touching the tile). tipg runs with `TIPG_TILE_BUFFER=64` (Polis's
buffer) and without access log, as Polis. Since 2026-12-01 both servers return
`numberMatched` on every page (checked present on both, and Polis's equal to the
database's count, before the load), so the page rows compare a count plus a page on
both, and each entry says what each server computes per request; earlier entries
compared Polis's page alone with tipg's count plus page.
"""
#: The collection benchmarked.
LAYER = "buildings"


def positive(text: str) -> int:
    """An integer >= 1 (argparse type)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not >= 1")
    return value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=positive, default=10, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per run")
    parser.add_argument("--connections", type=positive, default=16, help="open HTTP connections")
    parser.add_argument("--threads", type=positive, default=2, help="wrk threads")
    parser.add_argument("--workers", type=positive, default=2, help="uvicorn workers per server")
    parser.add_argument(
        "--rounds", type=positive, default=1, help="runs per server and scenario (median kept)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--record",
        action=argparse.BooleanOptionalAction,
        default=True,
        help=f"add the result to {RESULTS.name} (default: yes)",
    )
    args = parser.parse_args(argv)
    if args.threads > args.connections:
        parser.error("--threads cannot exceed --connections")
    return args


def describe_targets(t: Targets) -> str:
    """Where the requests point, in one line."""
    bbox = ",".join(f"{v:.6f}" for v in t.bbox)
    tiles = ", ".join(
        f"z{z}/x{x}/y{y} ({n} features)"
        for (z, x, y), n in zip(t.tiles, t.tile_features, strict=True)
    )
    return (
        f"bbox {bbox} ({t.bbox_side_m:.0f} m square, {t.bbox_matches} buildings, "
        f"pages of {PAGE}); whole layer {t.total} buildings; feature {t.fid}; tiles {tiles}"
    )


def measure(
    server: Server, path: str, load: LoadSettings, *, script: Path, warmup: int
) -> LoadResult:
    """Warm ``server`` up on ``path``, then measure it."""
    url = server.base_url + path
    if warmup:
        run_wrk(url, load, script=script, duration=warmup)
    before = cpu_seconds(server)
    result = run_wrk(url, load, script=script)
    result = replace(result, server_cpu_s=cpu_seconds(server) - before)
    print(
        f"  {server.name:5} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p95 {result.p95_ms:7.1f} ms  errors {result.errors}  "
        f"server CPU {result.cpu_ms:.2f} ms/req",
        flush=True,
    )
    return result


def median_run(results: list[LoadResult]) -> LoadResult:
    """The run of median throughput (the lower middle one for an even count)."""
    ranked = sorted(results, key=lambda r: r.rps)
    return ranked[(len(ranked) - 1) // 2]


def run_scenarios(
    stack: Stack, plan: list[Scenario], load: LoadSettings, *, warmup: int, rounds: int
) -> list[Row]:
    """Each scenario on Polis then tipg, one server at a time, ``rounds`` times.

    With several rounds the servers alternate and each keeps its median run.
    """
    script = write_script(stack.workdir)
    rows = []
    for scenario in plan:
        print(scenario.name, flush=True)
        polis, tipg = [], []
        for _ in range(rounds):
            polis.append(
                measure(stack.polis, scenario.polis_path, load, script=script, warmup=warmup)
            )
            tipg.append(measure(stack.tipg, scenario.tipg_path, load, script=script, warmup=warmup))
        rows.append(
            Row(scenario.name, median_run(polis), median_run(tipg), WORK_SHORT[scenario.kind])
        )
    return rows


def describe_work(plan: list[Scenario]) -> str:
    """What each server computes per request, one line per scenario (Markdown list)."""
    return "\n".join(f"- {s.name}: {s.work}" for s in plan)


def entry(command: str, started: dt.datetime, host: str, setup: str, result: str, work: str) -> str:
    """One RESULTS.md entry."""
    return (
        f"### {started:%Y-%m-%d %H:%M} UTC\n\n"
        f"Command: `{command}`\n\n"
        f"Machine: {host}\n\n"
        f"Setup: {setup}\n\n"
        f"Per request, on both servers:\n\n{work}\n\n"
        f"{result}\n"
    )


def benchmark(args: argparse.Namespace) -> tuple[str, str, str, str]:
    """Run everything; return (machine, setup, table, work per request)."""
    registry = default_registry()
    spec = registry.get(LAYER)
    load = LoadSettings(args.duration, args.threads, args.connections)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with bench_stack(registry, workers=args.workers, keep=args.keep) as stack:
        targets = pick_targets(stack.settings.dsn, spec)
        print(describe_targets(targets))
        plan = scenarios(spec, targets)
        print(f"Per request, on both servers:\n{describe_work(plan)}")
        for scenario in plan:
            print("\n".join(check(scenario, stack.polis.base_url, stack.tipg.base_url)))
        host = machine(
            stack.settings.dsn,
            f"tipg {version('tipg')}; uvicorn {version('uvicorn')}; wrk {wrk_version()}",
        )
        rows = run_scenarios(stack, plan, load, warmup=args.warmup, rounds=args.rounds)
    setup = (
        f"{args.workers} uvicorn workers per server; wrk {args.threads} threads, "
        f"{args.connections} connections, {args.duration} s per run after a "
        f"{args.warmup} s warm-up, median of {args.rounds} alternating run(s); "
        f"load average before the run {load_before}; {describe_targets(targets)}."
    )
    return host, setup, table(rows), describe_work(plan)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    started = dt.datetime.now(dt.UTC)
    t0 = time.monotonic()
    try:
        host, setup, result, work = benchmark(args)
    except BenchError as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted (everything stopped and removed)", file=sys.stderr)
        return 130
    print(f"\nMachine: {host}\n\nPer request, on both servers:\n{work}\n\n{result}")
    print(f"\n({time.monotonic() - t0:.0f} s)")
    if args.record:
        command = shlex.join(sys.orig_argv)
        text = entry(command, started, host, setup, result, work)
        record(RESULTS, section=SECTION, intro=INTRO, entry=text)
        print(f"recorded in {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
