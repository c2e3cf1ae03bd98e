"""Benchmark counting a participatory budget: 1,000 knapsack ballots over 12 projects.

Usage::

    .venv/bin/python bench/participation_counting.py [--voters 1000] [--runs 5] [--no-record]

Side by side on the same election (seeded ballots, each within the 300,000 € budget):

* Polis greedy: ``gis.participation.counting.count`` with the greedy rule (pabutools,
  exact fractions);
* Polis Equal Shares: the same with the Method of Equal Shares (pabutools);
* pabulib-checker: parsing the published ``.pb`` file and validating it, which
  recomputes Equal Shares with its own (floating-point) code and compares the selected
  projects — the recount anyone can run on the published ballots.

Prints the median time of ``--runs`` runs of each and the ratios to Polis Equal Shares,
and adds an entry to ``bench/RESULTS.md``. Needs no database and no network.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import platform
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

from pabulib.checker import Checker

from gis.participation.counting import Election, as_pabulib, count
from models.participation.enums import CountingRule

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
BUDGET = 300_000
COSTS = [
    20_000,
    35_000,
    40_000,
    50_000,
    60_000,
    75_000,
    80_000,
    90_000,
    100_000,
    120_000,
    150_000,
    200_000,
]


def election(voters: int, seed: int = 13) -> Election:
    """Seeded knapsack ballots: each voter adds projects in a random order of taste while
    they fit the budget; popular projects are liked more often."""
    rng = random.Random(seed)
    costs = {i + 1: Decimal(c) for i, c in enumerate(COSTS)}
    weights = [rng.random() ** 2 for _ in costs]
    ballots = []
    for _ in range(voters):
        order = rng.choices(list(costs), weights=weights, k=len(costs))
        chosen: set[int] = set()
        spent = Decimal(0)
        for project in order:
            if project not in chosen and spent + costs[project] <= BUDGET:
                chosen.add(project)
                spent += costs[project]
        ballots.append(frozenset(chosen))
    meta = {
        "description": "bench",
        "country": "Greece",
        "unit": "Bench",
        "instance": "2027",
        "rule": "equalshares",
        "date_begin": "01.03.2027",
        "date_end": "15.03.2027",
    }
    names = {p: f"Project {p}" for p in costs}
    return Election(Decimal(BUDGET), costs, ballots, names=names, meta=meta)


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def checker_recount(text: str) -> dict:
    with contextlib.redirect_stdout(io.StringIO()):  # the checker prints per file
        report = Checker().process_files([text])
    assert report["metadata"]["valid"] == 1, report
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    data = election(args.voters)
    text = as_pabulib(data, CountingRule.EQUAL_SHARES)
    greedy = count(data, CountingRule.GREEDY)
    mes = count(data, CountingRule.EQUAL_SHARES)
    rows = [
        (
            "Polis greedy (pabutools)",
            median_seconds(lambda: count(data, CountingRule.GREEDY), args.runs),
        ),
        (
            "Polis Equal Shares (pabutools)",
            median_seconds(lambda: count(data, CountingRule.EQUAL_SHARES), args.runs),
        ),
        (
            "pabulib-checker: parse + validate + recount MES",
            median_seconds(lambda: checker_recount(text), args.runs),
        ),
    ]
    base = rows[1][1]
    lines = [
        f"{args.voters} ballots, {len(COSTS)} projects, budget {BUDGET} €; median of {args.runs} runs",
        f"greedy funds {greedy}; Equal Shares funds {mes}",
        "",
        "| side | median ms | ratio to Polis Equal Shares |",
        "|---|--:|--:|",
    ]
    lines += [f"| {name} | {seconds * 1000:.1f} | {seconds / base:.2f} |" for name, seconds in rows]
    print("\n".join(lines))
    if not args.no_record:
        record(lines, args)


def record(lines: list[str], args: argparse.Namespace) -> None:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = (
        f"{platform.machine()}, Python {platform.python_version()}; pabutools "
        f"{version('pabutools')}, pabulib-checker {version('pabulib-checker')}"
    )
    header = (
        "## Participatory budgeting: counting 1,000 ballots (`bench/participation_counting.py`)"
    )
    text = RESULTS.read_text(encoding="utf-8")
    if header not in text:
        text += (
            f"\n{header}\n\nPolis counts each budget with pabutools (greedy or Equal Shares); "
            "pabulib-checker's validation of the published `.pb` recomputes Equal Shares with "
            "its own code — the recount anyone can run.\n"
        )
    text += (
        f"\n### {now}\n\nCommand: `.venv/bin/python bench/participation_counting.py "
        f"--voters {args.voters} --runs {args.runs}`\n\nMachine: {machine}\n\n"
        + "\n".join(lines)
        + "\n"
    )
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
