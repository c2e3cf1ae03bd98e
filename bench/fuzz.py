"""Fuzz Polis's query parsers for longer than the unit tests do.

Usage::

    .venv/bin/python bench/fuzz.py [--seconds 120] [--examples 1000000] [--only NAME]
        [--seed N] [--no-record]

Runs every fuzzer of ``tests/unit/parser_fuzzers.py`` (the same strategies and the
same property: a parser returns, or refuses with a 4xx ``PolisError`` naming the field)
with fresh random inputs until its share of ``--seconds`` or ``--examples`` inputs is
spent. Each parser runs in a child process, so a crash of native code (the ``cql2``
parser) is reported with the input that caused it instead of ending the run. Prints per
parser: inputs run, refusals by type, other exceptions by type with their first input,
and the slowest input; adds the table to ``bench/RESULTS.md``. Exits 1 when any parser
raised something other than a ``PolisError``, broke the property or crashed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from report import first_line, record

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Parser fuzzing (`bench/fuzz.py`)"
INTRO = """\
The fuzzers of `tests/unit/parser_fuzzers.py` (Hypothesis strategies for CQL2 text
and JSON, bbox, datetime, sortby, properties, integers, CRS, whole /items query strings
and submitted features) run with fresh random inputs for longer than the unit tests,
each parser in its own child process. The property: every input returns or raises a
4xx `PolisError` naming its field. "refused" counts those `PolisError`s, "other
exceptions" anything else (a 500 on the server), "crash" a child killed by a signal.
"""
#: How many characters of an input the report shows.
SHOWN = 160


@dataclass
class Stats:
    """What one parser did with the inputs it was given."""

    examples: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    first_error: dict[str, str] = field(default_factory=dict)
    slowest_s: float = 0.0
    slowest_input: str = ""
    crash: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.crash)


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + f"… ({len(text)} chars)"


def load_fuzzers() -> Any:
    """The module holding the fuzzers (tests/ is not a package)."""
    sys.path.insert(0, str(REPO / "tests" / "unit"))
    import parser_fuzzers

    return parser_fuzzers


class OutOfTime(Exception):
    """Raised inside the Hypothesis run when the parser's time is spent."""


def fuzz_one(name: str, *, seconds: float, examples: int, seed: int, last_input: Path) -> Stats:
    """Run one fuzzer in this process (the child); ``last_input`` holds the input being tried."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    fuzzers = load_fuzzers()
    fuzzer = fuzzers.FUZZERS[name]
    stats = Stats()
    deadline = time.monotonic() + seconds
    fd = os.open(last_input, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)

    @hypothesis_seed(seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzzer.strategy)
    def run(value: Any) -> None:
        if time.monotonic() > deadline:
            raise OutOfTime
        text = shown(value).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, text, 0)  # survives a crash of this process (page cache)
        stats.examples += 1
        start = time.perf_counter()
        try:
            refusal = fuzzers.check(fuzzer, value)
            if refusal is not None:
                stats.refused[type(refusal).__name__] += 1
        except AssertionError as exc:  # a PolisError breaking the property (status, field)
            record_error(stats, f"property: {str(exc).splitlines()[0][:80]}", value, exc)
        except Exception as exc:  # every other exception is a finding
            record_error(stats, type(exc).__name__, value, exc)
        elapsed = time.perf_counter() - start
        if elapsed > stats.slowest_s:
            stats.slowest_s, stats.slowest_input = elapsed, shown(value)

    try:
        run()
    except OutOfTime:
        pass
    finally:
        os.close(fd)
    return stats


def record_error(stats: Stats, kind: str, value: Any, exc: BaseException) -> None:
    stats.errors[kind] += 1
    stats.first_error.setdefault(kind, f"{shown(value)} -> {str(exc)[:200]}")


def child(args: argparse.Namespace) -> int:
    """``--child NAME``: fuzz one parser and print its statistics as JSON."""
    stats = fuzz_one(
        args.child,
        seconds=args.seconds,
        examples=args.examples,
        seed=args.seed,
        last_input=Path(args.last_input),
    )
    print(json.dumps(stats.__dict__, default=dict))
    return 0


def fuzz_in_child(name: str, args: argparse.Namespace, seconds: float, workdir: Path) -> Stats:
    """Run one fuzzer in a child process; a child killed by a signal is a crash."""
    last_input = workdir / f"{name}.last"
    command = [sys.executable, __file__, "--child", name, "--seconds", str(seconds)]
    command += ["--examples", str(args.examples), "--seed", str(args.seed)]
    command += ["--last-input", str(last_input)]
    proc = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 600, check=False
    )
    if proc.returncode != 0:
        last = last_input.read_text(errors="replace") if last_input.exists() else "?"
        cause = (
            f"killed by signal {-proc.returncode}"
            if proc.returncode < 0
            else f"exit status {proc.returncode}: {proc.stderr.strip()[-300:]}"
        )
        return Stats(crash=f"{cause}; last input {last}")
    raw = json.loads(proc.stdout.strip().splitlines()[-1])
    return Stats(
        examples=raw["examples"],
        refused=Counter(raw["refused"]),
        errors=Counter(raw["errors"]),
        first_error=raw["first_error"],
        slowest_s=raw["slowest_s"],
        slowest_input=raw["slowest_input"],
        crash=raw["crash"],
    )


def cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "'")


def table(results: dict[str, Stats]) -> str:
    """The Markdown result table, one row per parser."""
    lines = [
        "| parser | inputs | refused (PolisError) | other exceptions | crash | slowest ms "
        "| slowest input |",
        "|---|--:|---|---|---|--:|---|",
    ]
    for name, s in results.items():
        refused = ", ".join(f"{k} {v}" for k, v in s.refused.most_common()) or "-"
        errors = ", ".join(f"{k} {v}" for k, v in s.errors.most_common()) or "none"
        lines.append(
            f"| {name} | {s.examples} | {refused} | {cell(errors)} | {cell(s.crash) or 'no'} "
            f"| {s.slowest_s * 1000:.1f} | `{cell(s.slowest_input[:60])}` |"
        )
    return "\n".join(lines)


def findings(results: dict[str, Stats]) -> str:
    """First input of every exception kind (and every crash), one line each."""
    lines = []
    for name, s in results.items():
        lines += [f"- {name}: {kind}: {cell(first)}" for kind, first in s.first_error.items()]
        if s.crash:
            lines.append(f"- {name}: crash: {cell(s.crash)}")
    return "\n".join(lines)


def machine() -> str:
    """One line describing the hardware and the parser stack."""
    ram_kb = first_line("/proc/meminfo", "MemTotal").split()[0]
    ram = f"{int(ram_kb) / 2**20:.1f} GiB" if ram_kb.isdigit() else "?"
    return (
        f"{first_line('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores, {ram} RAM; "
        f"{first_line('/etc/os-release', 'PRETTY_NAME')}, Linux {platform.release()}; "
        f"Python {platform.python_version()}; cql2 {version('cql2')}; "
        f"Hypothesis {version('hypothesis')}"
    )


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120, help="time budget, all parsers")
    parser.add_argument("--examples", type=positive, default=1_000_000, help="inputs per parser")
    parser.add_argument("--only", action="append", help="fuzz only this parser (repeatable)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--no-record", dest="record", action="store_false")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--last-input", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "big")
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    if args.child:
        return child(args)
    names = args.only or list(load_fuzzers().FUZZERS)
    share = args.seconds / len(names)
    started = dt.datetime.now(dt.UTC)
    results: dict[str, Stats] = {}
    with tempfile.TemporaryDirectory(prefix="polis-fuzz-") as tmp:
        for name in names:
            print(f"{name}: up to {share:.0f} s / {args.examples} inputs", flush=True)
            results[name] = fuzz_in_child(name, args, share, Path(tmp))
    elapsed = (dt.datetime.now(dt.UTC) - started).total_seconds()
    host, result, found = machine(), table(results), findings(results)
    print(f"\nMachine: {host}\n\n{result}\n")
    print(f"First input of each exception:\n{found}\n" if found else "No exceptions.\n")
    if args.record:
        text = (
            f"### {started:%Y-%m-%d %H:%M} UTC\n\n"
            f"Command: `{shlex.join(sys.orig_argv)}`\n\n"
            f"Machine: {host}\n\n"
            f"Setup: seed {args.seed}; {share:.0f} s or {args.examples} inputs per parser; "
            f"{elapsed:.0f} s in all.\n\n{result}\n"
            + (f"\nFirst input of each exception:\n\n{found}\n" if found else "")
        )
        record(RESULTS, section=SECTION, intro=INTRO, entry=text)
        print(f"recorded in {RESULTS}")
    return 1 if any(s.failed for s in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
