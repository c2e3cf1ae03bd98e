"""The supervisor's memory watch on real processes: reading RSS, SIGTERM over the ceiling,
SIGKILL after the grace period or far over it; exit descriptions."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from uvicorn import Config
from uvicorn.supervisors.multiprocess import SIGNALS

from api.supervisor import (
    MIB,
    MemorySupervisor,
    SupervisionSettings,
    describe_exit,
    rss_bytes,
)

#: A Python process holding ``{mib}`` MiB it has written to (so it is resident).
HOLDER = """
import signal, sys, time
if {ignore_term}:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
block = b"x" * ({mib} * 2**20)
print("ready", flush=True)
time.sleep(120)
"""


@dataclass
class Worker:
    """Stands in for uvicorn's ``Process``: the watch only reads ``pid``."""

    pid: int


@contextmanager
def holding(mib: int, *, ignore_term: bool = False) -> Iterator[subprocess.Popen[str]]:
    """A process holding ``mib`` MiB; killed (if still alive) and reaped afterwards."""
    code = HOLDER.format(mib=mib, ignore_term=ignore_term)
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
            yield proc
        finally:
            proc.kill()


@pytest.fixture()
def supervisor() -> Iterator[MemorySupervisor]:
    """A supervisor with a 60 MiB ceiling and no workers of its own.

    uvicorn's supervisor takes over SIGINT/SIGTERM/... of the process that builds it:
    the test process gets its own handlers back afterwards.
    """
    saved = {sig: signal.getsignal(sig) for sig in SIGNALS}
    config = Config("api.app:app_from_env", factory=True, workers=1)
    watch = SupervisionSettings(memory_limit=60 * MIB, grace=5.0)
    try:
        yield MemorySupervisor(config, [], watch=watch)
    finally:
        for sig, handler in saved.items():
            if handler is not None:
                signal.signal(sig, handler)


def test_rss_of_live_and_gone_processes() -> None:
    with holding(40) as proc:
        rss = rss_bytes(proc.pid)
        assert rss is not None and 40 * MIB < rss < 200 * MIB
    assert rss_bytes(proc.pid) is None


def test_worker_under_the_ceiling_is_left_alone(supervisor: MemorySupervisor) -> None:
    with holding(1) as proc:
        supervisor.processes = [Worker(proc.pid)]  # type: ignore[list-item]
        supervisor.check_memory(0.0)
        supervisor.check_memory(100.0)
        assert proc.poll() is None


def test_worker_over_the_ceiling_gets_sigterm(supervisor: MemorySupervisor) -> None:
    with holding(80) as proc:
        supervisor.processes = [Worker(proc.pid)]  # type: ignore[list-item]
        supervisor.check_memory(0.0)
        assert proc.wait(timeout=10) == -signal.SIGTERM


def test_worker_still_running_after_the_grace_period_gets_sigkill(
    supervisor: MemorySupervisor,
) -> None:
    with holding(70, ignore_term=True) as proc:
        supervisor.processes = [Worker(proc.pid)]  # type: ignore[list-item]
        supervisor.check_memory(0.0)  # SIGTERM, ignored
        supervisor.check_memory(1.0)  # within the grace period
        assert proc.poll() is None
        supervisor.check_memory(5.0)
        assert proc.wait(timeout=10) == -signal.SIGKILL


def test_worker_far_over_the_ceiling_gets_sigkill_without_grace(
    supervisor: MemorySupervisor,
) -> None:
    with holding(120, ignore_term=True) as proc:  # more than 1.5 times the ceiling
        supervisor.processes = [Worker(proc.pid)]  # type: ignore[list-item]
        supervisor.check_memory(0.0)
        supervisor.check_memory(0.2)
        assert proc.wait(timeout=10) == -signal.SIGKILL


@pytest.mark.parametrize(
    ("exitcode", "words"),
    [
        (-9, "killed by SIGKILL"),
        (-15, "killed by SIGTERM"),
        (1, "exited with status 1"),
        (0, "exited with status 0"),
        (None, "ended"),
    ],
)
def test_describe_exit(exitcode: int | None, words: str) -> None:
    assert describe_exit(exitcode) == words


def test_workers_that_cannot_start_stop_the_supervisor() -> None:
    """A broken application at first start is a configuration error: exit status 1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    argv = [sys.executable, "-m", "api.supervisor", "polis_no_such_module:app", "--port", port]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "the workers could not start" in done.stderr
    assert "polis_no_such_module" in done.stderr  # uvicorn's own line says why
