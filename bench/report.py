"""Reporting: the machine, the comparison table and the entries of ``bench/RESULTS.md``."""

from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from loadgen import LoadResult

HEADER = """\
# Benchmark results

Figures measured by the scripts in `bench/`, one section per benchmark; within a
section the newest entry comes first. Each entry gives the exact command, the date
(UTC), the machine and the table the script printed. The scripts append their entries
themselves; figures from different machines are not comparable.
"""


@dataclass(frozen=True)
class Row:
    """One scenario measured on both servers (``work``: what each computes per request)."""

    scenario: str
    polis: LoadResult
    tipg: LoadResult
    work: str = ""


def first_line(path: str, key: str) -> str:
    """Value of the first ``key: value`` / ``KEY=value`` line of a text file ('?' if none)."""
    try:
        for line in Path(path).read_text().splitlines():
            name, sep, value = line.partition(":" if ":" in line else "=")
            if sep and name.strip() == key:
                return value.strip().strip('"')
    except OSError:
        pass
    return "?"


def database_versions(dsn: str) -> str:
    """PostgreSQL, PostGIS and PROJ versions of the server behind ``dsn``."""
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT current_setting('server_version'), postgis_lib_version(), "
            "postgis_proj_version()"
        ).fetchone()
    assert row is not None
    return f"PostgreSQL {row[0].split()[0]}, PostGIS {row[1]} (PROJ {row[2].split()[0]})"


def wrk_version() -> str:
    """``wrk -v``'s version word."""
    proc = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    words = (proc.stdout or proc.stderr).split()
    return words[1] if len(words) > 1 else "?"


def machine(dsn: str, tools: str) -> str:
    """One line describing the hardware and the software stack (``tools``: the peers)."""
    ram_kb = first_line("/proc/meminfo", "MemTotal").split()[0]
    ram = f"{int(ram_kb) / 2**20:.1f} GiB" if ram_kb.isdigit() else "?"
    return (
        f"{first_line('/proc/cpuinfo', 'model name')}, {os.cpu_count()} cores, {ram} RAM; "
        f"{first_line('/etc/os-release', 'PRETTY_NAME')}, Linux {platform.release()}; "
        f"{database_versions(dsn)}; Python {platform.python_version()}; {tools}"
    )


def ratio(a: float, b: float) -> str:
    """``a / b`` with two decimals (``-`` when undefined)."""
    return f"{a / b:.2f}" if b else "-"


def table(rows: list[Row]) -> str:
    """The Markdown comparison table; both ratios are > 1.0 when Polis is better."""
    lines = [
        "| scenario | each server computes | Polis req/s | tipg req/s | Polis/tipg "
        "| Polis p95 ms | tipg p95 ms | tipg/Polis p95 | p50 ms Polis / tipg "
        "| server CPU ms/req Polis / tipg | errors Polis / tipg |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        p, t = r.polis, r.tipg
        lines.append(
            f"| {r.scenario} | {r.work} | {p.rps:.0f} | {t.rps:.0f} | {ratio(p.rps, t.rps)} "
            f"| {p.p95_ms:.1f} | {t.p95_ms:.1f} | {ratio(t.p95_ms, p.p95_ms)} "
            f"| {p.p50_ms:.1f} / {t.p50_ms:.1f} | {p.cpu_ms:.2f} / {t.cpu_ms:.2f} "
            f"| {p.errors} / {t.errors} |"
        )
    return "\n".join(lines)


def insert_entry(text: str, section: str, intro: str, entry: str) -> str:
    """``text`` with ``entry`` as the newest (first) entry of ``section``."""
    if not text.strip():
        text = HEADER
    if section not in text:
        text = text.rstrip("\n") + f"\n\n{section}\n\n{intro.strip()}\n"
    start = text.index(section) + len(section)
    next_section = text.find("\n## ", start)
    end = next_section if next_section != -1 else len(text)
    first_entry = text.find("\n### ", start, end)
    pos = first_entry if first_entry != -1 else end
    return text[:pos].rstrip("\n") + "\n\n" + entry.strip("\n") + "\n" + text[pos:]


def record(path: Path, *, section: str, intro: str, entry: str) -> None:
    """Add ``entry`` to ``section`` of the results file (created with its header)."""
    text = path.read_text() if path.exists() else ""
    path.write_text(insert_entry(text, section, intro, entry))
