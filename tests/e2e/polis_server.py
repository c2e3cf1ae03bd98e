"""A ``polis serve`` of a test's own and a request loop that counts what it gets back.

The supervision and fault tests kill workers, stop databases and restart brokers, so they
run their own servers instead of the session's ``server`` fixture. The supervisor binds
the port before its workers start, so readiness is a 200 from the server (and settled
workers), not a listening port.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from api.settings import PolisSettings
from api.supervisor import MIB, rss_bytes, worker_pids

POLIS = str(Path(sys.executable).parent / "polis")
#: A cheap read on a data route (one tree).
READ = "/ogc/collections/trees/items?limit=1"


@dataclass(frozen=True)
class PolisServer:
    """A running ``polis serve`` (the supervisor process) and its log."""

    base_url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """Pids of its live workers."""
        return worker_pids(self.proc.pid)

    def log_text(self) -> str:
        """Everything it printed so far."""
        return self.log.read_text(errors="replace")

    def replacements(self) -> list[str]:
        """The supervisor's replacement warnings so far."""
        return [line for line in self.log_text().splitlines() if "replaced by" in line]


def server_env(settings: PolisSettings, base_url: str, **extra: str) -> dict[str, str]:
    """The environment of a server on ``settings``'s database (as the ``server`` fixture)."""
    return {
        **os.environ,
        "POLIS_DATABASE_URL": settings.dsn,
        "POLIS_VAR_DIR": str(settings.var_dir),
        "POLIS_MQTT_PORT": str(settings.mqtt_port),
        "POLIS_PUBLIC_URL": base_url,
        **extra,
    }


def settled_rss(server: PolisServer, workers: int, *, timeout: float = 150) -> dict[int, int]:
    """Wait until ``workers`` workers serve and their memory holds still; pid -> RSS bytes.

    A worker still importing or building its configuration grows; one that serves does
    not grow on idle requests. Three readings 0.7 s apart within 1 MiB, with the server
    answering between them, count as settled.
    """
    deadline = time.monotonic() + timeout
    history: list[dict[int, int]] = []
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        while time.monotonic() < deadline:
            if server.proc.poll() is not None:
                code = server.proc.returncode
                pytest.fail(f"polis serve exited ({code}):\n{server.log_text()[-3000:]}")
            pids = server.workers()
            rss = {pid: rss_bytes(pid) or 0 for pid in pids}
            history = [*history[-2:], rss] if len(pids) == workers else []
            try:
                answered = client.get("/ogc/conformance").status_code == 200
            except httpx.TransportError:
                answered = False
            if not answered:
                history = []
            elif len(history) == 3 and all(h.keys() == rss.keys() for h in history):
                spread = max(max(h[p] for h in history) - min(h[p] for h in history) for p in rss)
                if spread < MIB:
                    return rss
            time.sleep(0.7)
    pytest.fail(
        f"{workers} workers did not settle in {timeout:.0f} s:\n{server.log_text()[-3000:]}"
    )


@contextmanager
def polis_server(
    settings: PolisSettings,
    *,
    port: int,
    log: Path,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Iterator[PolisServer]:
    """``polis serve --port port *args`` on ``settings``'s database; stopped on exit."""
    base = f"http://127.0.0.1:{port}"
    argv = [POLIS, "serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            argv, env=server_env(settings, base, **(env or {})), stdout=sink, stderr=sink
        )
    try:
        yield PolisServer(base, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Probe:
    """Threads sending one request in a loop, counting statuses until stopped.

    A connection error (the worker holding the connection was killed) is retried once;
    a second one counts as ``lost``. Statuses are never retried, so nothing hides a 500.
    Each answer is kept with the moment it arrived; a 201's ``Location`` in ``created``.
    """

    base_url: str
    path: str = READ
    threads: int = 4
    method: str = "GET"
    body: dict[str, object] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    answers: list[tuple[float, int]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    bare_503: int = 0
    retried: int = 0
    lost: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _workers: list[threading.Thread] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> Probe:
        for _ in range(self.threads):
            thread = threading.Thread(target=self._loop, daemon=True)
            thread.start()
            self._workers.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._workers:
            thread.join(timeout=60)

    def _loop(self) -> None:
        with httpx.Client(base_url=self.base_url, timeout=60) as client:
            while not self._stop.is_set():
                for attempt in (1, 2):
                    try:
                        r = client.request(
                            self.method, self.path, json=self.body, headers=self.headers
                        )
                    except httpx.TransportError as exc:
                        with self._lock:
                            if attempt == 1:
                                self.retried += 1
                                continue
                            self.lost.append(repr(exc))
                        break
                    self._count(r)
                    break
                time.sleep(0.01)

    def _count(self, r: httpx.Response) -> None:
        with self._lock:
            self.statuses[r.status_code] += 1
            self.answers.append((time.monotonic(), r.status_code))
            if r.status_code == 201:
                self.created.append(r.headers["location"])
            if r.status_code == 503 and "retry-after" not in r.headers:
                self.bare_503 += 1

    def total(self) -> int:
        """Responses received so far."""
        with self._lock:
            return sum(self.statuses.values())

    def first_after(self, moment: float, status: int) -> float | None:
        """Seconds from ``moment`` to the first answer ``status`` after it (None: none yet)."""
        with self._lock:
            later = [t for t, code in self.answers if t >= moment and code == status]
        return min(later) - moment if later else None
