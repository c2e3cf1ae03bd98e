"""Helpers of the jobs tests: a restartable ``polis worker`` subprocess (LocalCluster of
two Dask worker processes), submitting jobs and waiting for them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from api.settings import PolisSettings

POLIS = str(Path(sys.executable).parent / "polis")
FINISHED = ("successful", "failed", "dismissed")


@dataclass
class WorkerProcess:
    """``polis worker`` on ``settings``'s database; restartable."""

    settings: PolisSettings
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: int = field(default=0)

    def start(self) -> None:
        env = {
            **os.environ,
            "POLIS_DATABASE_URL": self.settings.dsn,
            "POLIS_VAR_DIR": str(self.settings.var_dir),
            "POLIS_DASK_WORKERS": "2",
        }
        with self.log.open("ab") as sink:
            self.proc = subprocess.Popen(
                [POLIS, "worker", "--reap-every", "0.5"], env=env, stdout=sink, stderr=sink
            )
        self.starts += 1
        deadline = time.monotonic() + 90
        while len(self.dask_pids()) < 2:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"polis worker did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.2)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def dask_pids(self) -> list[int]:
        """Pids of the Dask worker processes of its LocalCluster."""
        if self.proc is None:
            return []
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        pids = []
        for child in children:
            try:
                if any("spawn_main" in part for part in child.cmdline()):
                    pids.append(child.pid)
            except psutil.Error:
                continue
        return pids

    def kill(self) -> None:
        """SIGKILL: no chance to put its jobs back (its Dask workers go with it)."""
        assert self.proc is not None
        children = psutil.Process(self.proc.pid).children(recursive=True)
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        for child in children:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass

    def stop(self) -> None:
        if self.alive():
            assert self.proc is not None
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def submit(
    http: httpx.Client, process: str, inputs: dict[str, Any], headers: dict[str, str] | None = None
) -> str:
    """Queue an asynchronous execution; the job's URL path."""
    r = http.post(
        f"/ogc/processes/{process}/execution",
        json={"inputs": inputs},
        headers={"Prefer": "respond-async", **(headers or {})},
    )
    assert r.status_code == 201, r.text
    return "/ogc/jobs/" + r.headers["location"].rsplit("/", 1)[1]


def wait_for(
    http: httpx.Client,
    job: str,
    until: Callable[[dict[str, Any]], bool],
    *,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> dict[str, Any]:
    """Poll a job's status until ``until(status)``; the status."""
    deadline = time.monotonic() + timeout
    while True:
        status = http.get(job, headers=headers).json()
        if until(status):
            return status
        if time.monotonic() > deadline:
            pytest.fail(f"job {job} stuck: {status}")
        time.sleep(0.05)


def finished(status: dict[str, Any]) -> bool:
    return status["status"] in FINISHED
