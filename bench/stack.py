"""The system under test: a throw-away Polis database holding the demo town, served by
Polis and by tipg side by side on loopback ports.

Everything lives in one temporary directory (cluster, server logs) that is removed at
the end unless the caller keeps it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from api.settings import PolisSettings
from layers.db.cluster import EmbeddedCluster
from layers.db.database import embedded_cluster, upgrade
from layers.ogc.tiles import BUFFER
from layers.registry import Registry

#: Scripts of the virtualenv running this benchmark (``polis``, ``uvicorn``).
BIN = Path(sys.executable).parent
#: Environment variables of the parent that must not leak into the servers.
FOREIGN_PREFIXES = ("POLIS_", "TIPG_", "DATABASE_URL", "POSTGRES_")


class BenchError(RuntimeError):
    """The benchmark cannot go on (a server did not start, a check failed)."""


@dataclass(frozen=True)
class Server:
    """One HTTP server process under test."""

    name: str
    base_url: str
    ready_path: str
    proc: subprocess.Popen[bytes]
    log: Path


@dataclass(frozen=True)
class Stack:
    """The running system: database settings and both servers."""

    settings: PolisSettings
    polis: Server
    tipg: Server
    workdir: Path


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    """The parent's environment without Polis/tipg/PostgreSQL settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN_PREFIXES)}
    env.update(extra)
    return env


def polis_env(settings: PolisSettings, **extra: str) -> dict[str, str]:
    """Environment selecting the throw-away embedded database for ``polis`` commands."""
    return clean_env(
        POLIS_VAR_DIR=str(settings.var_dir), POLIS_DB_PORT=str(settings.db_port), **extra
    )


def prepare_database(settings: PolisSettings, cluster: EmbeddedCluster) -> None:
    """Start the throw-away cluster, create the database and migrate it to head."""
    cluster.start()
    cluster.ensure_database(settings.db_name)
    upgrade(settings)


def load_demo(settings: PolisSettings) -> None:
    """Fill the database with the demo town through the ``polis`` CLI."""
    proc = subprocess.run(
        [str(BIN / "polis"), "demo", "load"],
        env=polis_env(settings, COLUMNS="200"),  # one unwrapped summary line
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise BenchError(f"`polis demo load` failed:\n{proc.stderr.strip() or proc.stdout}")
    print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "demo loaded")


def spawn(name: str, argv: list[str], *, env: dict[str, str], workdir: Path) -> Server:
    """Start a server in its own session (so it and its workers can be stopped together)."""
    log = workdir / f"{name}.log"
    port = argv[argv.index("--port") + 1]
    ready = "/ogc/conformance" if name == "polis" else "/healthz"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv,
            env=env,
            cwd=workdir,  # tipg also reads a `.env` of the working directory: use an empty one
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name, f"http://127.0.0.1:{port}", ready, proc, log)


def start_polis(settings: PolisSettings, *, workers: int, workdir: Path) -> Server:
    """``polis serve`` with ``workers`` uvicorn workers on a free port."""
    port = str(free_port())
    argv = [str(BIN / "polis"), "serve", "--host", "127.0.0.1", "--port", port]
    argv += ["--workers", str(workers)]
    env = polis_env(settings, POLIS_PUBLIC_URL=f"http://127.0.0.1:{port}")
    return spawn("polis", argv, env=env, workdir=workdir)


def tipg_env(settings: PolisSettings, registry: Registry) -> dict[str, str]:
    """tipg on the same database, restricted to the registry's tables.

    The tile buffer and layer naming are aligned with Polis so both build the same tile.
    """
    tables = [f"public.{spec.table_name}" for spec in registry]
    return clean_env(
        DATABASE_URL=settings.dsn,
        TIPG_DB_SCHEMAS='["public"]',
        TIPG_DB_TABLES=json.dumps(tables),
        TIPG_TILE_BUFFER=str(BUFFER),
        TIPG_SET_MVT_LAYERNAME="true",
    )


def start_tipg(
    settings: PolisSettings, registry: Registry, *, workers: int, workdir: Path
) -> Server:
    """``uvicorn tipg.main:app`` with ``workers`` workers on a free port."""
    port = str(free_port())
    argv = [str(BIN / "uvicorn"), "tipg.main:app", "--host", "127.0.0.1", "--port", port]
    argv += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    return spawn("tipg", argv, env=tipg_env(settings, registry), workdir=workdir)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from ``/proc``; a server's workers and supervisor)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def cpu_seconds(server: Server) -> float:
    """CPU time (user + system) used so far by a server's processes, workers included."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in process_tree(server.proc.pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def log_tail(server: Server, lines: int = 20) -> str:
    """The last lines a server printed (for error messages)."""
    try:
        return "\n".join(server.log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_ready(server: Server, *, timeout: float = 120) -> None:
    """Wait until ``server`` answers its readiness path with 200."""
    deadline = time.monotonic() + timeout
    url = server.base_url + server.ready_path
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise BenchError(f"{server.name} exited at start:\n{log_tail(server)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise BenchError(f"{server.name} did not answer {url} in {timeout:.0f} s:\n{log_tail(server)}")


def stop(server: Server, *, timeout: float = 20) -> None:
    """Stop a server gracefully; kill its process group if it does not exit in time."""
    if server.proc.poll() is not None:
        return
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=timeout)


def make_workdir() -> Path:
    """A temporary directory the unprivileged PostgreSQL user can traverse (runs as root)."""
    workdir = Path(tempfile.mkdtemp(prefix="polis-bench-"))
    workdir.chmod(0o755)
    return workdir


@contextmanager
def bench_stack(registry: Registry, *, workers: int, keep: bool) -> Iterator[Stack]:
    """Database with the demo town plus both servers; everything stopped on exit.

    Parameters
    ----------
    registry:
        Polis's layer registry (tipg is restricted to the same tables).
    workers:
        uvicorn worker processes of each server.
    keep:
        Keep the temporary directory (stopped cluster, server logs) for inspection.
    """
    workdir = make_workdir()
    settings = PolisSettings(var_dir=workdir / "var", db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    servers: list[Server] = []
    try:
        print(f"database: {settings.dsn} (in {workdir})")
        prepare_database(settings, cluster)
        load_demo(settings)
        servers.append(start_polis(settings, workers=workers, workdir=workdir))
        servers.append(start_tipg(settings, registry, workers=workers, workdir=workdir))
        for server in servers:
            wait_ready(server)
            print(f"{server.name}: {server.base_url} ({workers} workers)")
        yield Stack(settings, servers[0], servers[1], workdir)
    finally:
        for server in servers:
            stop(server)
        cluster.stop()
        if keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
