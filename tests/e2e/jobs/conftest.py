"""The ``polis worker`` shared by the jobs tests (they may kill it or its Dask workers)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # polis_server.py

from jobs_support import WorkerProcess  # noqa: E402

from api.settings import PolisSettings  # noqa: E402


@pytest.fixture(scope="session")
def worker_process(demo_settings: PolisSettings) -> Iterator[WorkerProcess]:
    process = WorkerProcess(demo_settings, demo_settings.var_dir / "worker.log")
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture()
def worker(worker_process: WorkerProcess) -> WorkerProcess:
    """The shared ``polis worker``, started if it is not running."""
    if not worker_process.alive():
        worker_process.start()
    return worker_process
