"""``polis serve`` under supervision: a killed worker, or one over its memory ceiling, is
replaced within seconds while the other keeps answering; a single worker is replaced too.

Each test runs its own server on the session's demo database (the session's ``server``
must not lose workers under the other tests).
"""

from __future__ import annotations

import math
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from polis_server import READ, PolisServer, Probe, polis_server, settled_rss

from api.settings import PolisSettings
from api.supervisor import MIB

#: Each test starts servers (workers importing Polis: a minute on a busy two-core machine).
pytestmark = pytest.mark.timeout(600)
#: Seconds within which a replacement worker must exist.
REPLACED_WITHIN = 10
#: A request that makes a worker allocate: 10,000 buildings rendered as HTML by pygeoapi
#: (about 8 MB of HTML, some 50 MiB more resident memory in the worker).
HOG = "/ogc/collections/buildings/items?limit=10000&f=html"
#: The memory ceiling of the second test: this much above a settled worker.
HEADROOM_MIB = 25


def wait_replacement(server: PolisServer, gone: int, workers: int, *, timeout: float) -> float:
    """Seconds until ``gone`` is no longer a worker and ``workers`` workers run again."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        pids = server.workers()
        if gone not in pids and len(pids) == workers:
            return time.monotonic() - t0
        time.sleep(0.05)
    pytest.fail(f"no replacement for worker {gone} in {timeout} s:\n{server.log_text()[-2000:]}")


@pytest.fixture(scope="module")
def two_workers(
    demo_settings: PolisSettings,
    unused_port: Callable[[], int],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[PolisServer, dict[int, int]]]:
    """A server with two workers and no memory ceiling, and its workers' settled memory
    after some reads (pid -> bytes)."""
    log = tmp_path_factory.mktemp("supervision") / "two-workers.log"
    args = ("--workers", "2", "--worker-memory-mb", "0")
    with polis_server(demo_settings, port=unused_port(), log=log, args=args) as server:
        settled_rss(server, 2)
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            for _ in range(20):
                assert client.get(READ).status_code == 200
        yield server, settled_rss(server, 2)


def test_killed_worker_is_replaced_while_the_other_serves(
    two_workers: tuple[PolisServer, dict[int, int]],
) -> None:
    server, _ = two_workers
    victim = server.workers()[0]
    with Probe(server.base_url) as probe:
        time.sleep(1)
        before = probe.total()
        os.kill(victim, signal.SIGKILL)
        replaced_in = wait_replacement(server, victim, 2, timeout=REPLACED_WITHIN + 5)
        settled_rss(server, 2)  # the replacement imports, builds its app and serves
        time.sleep(1)
    print(
        f"replacement after {replaced_in:.2f} s; statuses {dict(probe.statuses)}, "
        f"{probe.retried} connection error(s) retried"
    )
    assert replaced_in <= REPLACED_WITHIN
    assert before > 0 and probe.total() > before
    assert set(probe.statuses) == {200}, probe.statuses  # no 500, no 503
    assert not probe.lost, probe.lost
    assert f"worker [{victim}] replaced by" in server.log_text()
    assert "killed by SIGKILL" in server.replacements()[-1]


def test_worker_over_memory_ceiling_is_replaced(
    demo_settings: PolisSettings,
    unused_port: Callable[[], int],
    tmp_path: Path,
    two_workers: tuple[PolisServer, dict[int, int]],
) -> None:
    _, idle = two_workers
    ceiling = math.ceil(max(idle.values()) / MIB) + HEADROOM_MIB
    args = ("--workers", "2", "--worker-memory-mb", str(ceiling))
    log = tmp_path / "ceiling.log"
    with polis_server(demo_settings, port=unused_port(), log=log, args=args) as server:
        settled_rss(server, 2)
        assert not server.replacements(), "the ceiling is above a settled worker"
        hogs: list[int | str] = []
        with Probe(server.base_url, threads=2) as probe, httpx.Client(timeout=120) as client:
            for _ in range(6):  # each worker keeps what it allocated: the ceiling is reached
                try:
                    hogs.append(client.get(server.base_url + HOG).status_code)
                except httpx.TransportError as exc:  # the hog itself may be killed
                    hogs.append(type(exc).__name__)
                time.sleep(1)  # five memory readings
                if "over the memory ceiling" in server.log_text():
                    break
            warned = time.monotonic()
            assert "over the memory ceiling" in server.log_text(), (ceiling, hogs)
            while not server.replacements() and time.monotonic() - warned < REPLACED_WITHIN:
                time.sleep(0.05)
            replaced_in = time.monotonic() - warned
            settled_rss(server, 2)
            time.sleep(1)
        print(
            f"ceiling {ceiling} MiB (settled worker {max(idle.values()) / MIB:.0f} MiB); "
            f"hog statuses {hogs}; replacement {replaced_in:.2f} s after the warning; "
            f"reads {dict(probe.statuses)}; {server.replacements()}"
        )
        assert server.replacements(), server.log_text()[-2000:]
        assert "over the memory ceiling" in server.replacements()[0]
        assert replaced_in <= REPLACED_WITHIN
        assert set(probe.statuses) == {200}, probe.statuses
        assert not probe.lost, probe.lost
        assert all(h == 200 or isinstance(h, str) for h in hogs), hogs  # never a 500
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            assert client.get(READ).status_code == 200


def test_single_worker_is_replaced(
    demo_settings: PolisSettings, unused_port: Callable[[], int], tmp_path: Path
) -> None:
    """With one worker the supervisor still holds the socket: requests wait, none fails."""
    args = ("--workers", "1")
    with polis_server(demo_settings, port=unused_port(), log=tmp_path / "one.log", args=args) as s:
        (victim,) = settled_rss(s, 1)
        with Probe(s.base_url, threads=2) as probe:
            time.sleep(0.5)
            os.kill(victim, signal.SIGKILL)
            replaced_in = wait_replacement(s, victim, 1, timeout=REPLACED_WITHIN + 5)
            settled_rss(s, 1)
            time.sleep(0.5)
        assert replaced_in <= REPLACED_WITHIN
        assert set(probe.statuses) == {200}, probe.statuses
        assert not probe.lost, probe.lost
        assert "killed by SIGKILL" in s.replacements()[-1]
