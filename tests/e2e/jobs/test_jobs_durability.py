"""Jobs survive what happens to the processes around them: a restart of the web server
loses none; a ``polis worker`` killed mid-job leaves a job the next worker retries; a
database dropping the worker's sessions mid-job loses nothing and costs no retry; a
Dask worker killed mid-job makes the job retried once, then failed, with the reason.
In this order: each test begins with a freshly started worker (Dask's nannies take a
while to settle after their workers were killed)."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator

import httpx
import psutil
import psycopg
import pytest
from jobs_support import WorkerProcess, finished, submit, wait_for
from polis_server import polis_server

from api.settings import PolisSettings

pytestmark = pytest.mark.timeout(300)


@pytest.fixture()
def stopped_worker(worker_process: WorkerProcess) -> Iterator[WorkerProcess]:
    """The shared worker, stopped for the test (started again by the next that needs it)."""
    worker_process.stop()
    yield worker_process


def wait_ready(base_url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/ogc/processes", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"server at {base_url} did not come up")


def test_web_server_restart_loses_no_job(
    demo_settings: PolisSettings,
    stopped_worker: WorkerProcess,
    unused_port: Callable[[], int],
) -> None:
    port = unused_port()
    log = demo_settings.var_dir / "jobs-restart.log"
    with polis_server(demo_settings, port=port, log=log, args=("--workers", "1")) as first:
        wait_ready(first.base_url)
        with httpx.Client(base_url=first.base_url, timeout=30) as http:
            jobs = [submit(http, "echo", {"value": n}) for n in range(3)]
    with polis_server(demo_settings, port=port, log=log, args=("--workers", "1")) as second:
        wait_ready(second.base_url)
        with httpx.Client(base_url=second.base_url, timeout=30) as http:
            assert [http.get(job).json()["status"] for job in jobs] == ["accepted"] * 3
            stopped_worker.start()
            for n, job in enumerate(jobs):
                assert wait_for(http, job, finished)["status"] == "successful"
                assert http.get(f"{job}/results").json() == {"value": n}


def test_killed_polis_worker_job_is_retried_by_the_next(
    http: httpx.Client, tokens: dict[str, dict[str, str]], worker: WorkerProcess
) -> None:
    admin = tokens["admin"]
    job = submit(http, "wait", {"seconds": 1.5, "steps": 15}, admin)
    wait_for(http, job, lambda s: s["status"] == "running" and s["progress"] > 0, headers=admin)
    worker.kill()
    assert http.get(job, headers=admin).json()["status"] == "running"  # nobody knows yet
    worker.start()
    done = wait_for(http, job, finished, headers=admin)
    assert done["status"] == "successful", done
    assert done["attempts"] == 2
    assert "the worker running it stopped" in done["retryReason"]
    assert http.get(f"{job}/results", headers=admin).json() == {"waited": 1.5}


def test_worker_rides_out_lost_database_sessions(
    http: httpx.Client,
    tokens: dict[str, dict[str, str]],
    worker: WorkerProcess,
    demo_settings: PolisSettings,
) -> None:
    """The database drops the worker's sessions (as in a restart) mid-job: the worker
    reconnects, adopts the job it is running, and finishes it without a retry."""
    admin = tokens["admin"]
    job = submit(http, "wait", {"seconds": 4, "steps": 40}, admin)
    wait_for(http, job, lambda s: s["status"] == "running" and s["progress"] > 0, headers=admin)
    with psycopg.connect(demo_settings.dsn, autocommit=True) as conn:
        dropped = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'polis worker'"
        ).fetchone()
    assert dropped is not None and dropped[0] == 2  # its session and its listener
    done = wait_for(http, job, finished, headers=admin)
    assert done["status"] == "successful", done
    assert done["attempts"] == 1 and done["retryReason"] is None
    after = submit(http, "echo", {"value": "still listening"}, admin)  # woken by NOTIFY again
    assert wait_for(http, after, finished, headers=admin, timeout=20)["status"] == "successful"


def test_killed_dask_worker_retries_once_then_fails(
    http: httpx.Client, tokens: dict[str, dict[str, str]], worker: WorkerProcess
) -> None:
    admin = tokens["admin"]
    job = submit(http, "wait", {"seconds": 60, "steps": 600}, admin)
    for attempt in (1, 2):
        running = wait_for(
            http,
            job,
            lambda s, a=attempt: (
                s["status"] == "running" and s["attempts"] == a and s["progress"] > 0
            ),
            headers=admin,
        )
        assert running["attempts"] == attempt
        for pid in worker.dask_pids():
            psutil.Process(pid).send_signal(signal.SIGKILL)
        if attempt == 1:
            again = wait_for(http, job, lambda s: s["attempts"] == 2 or finished(s), headers=admin)
            assert again["status"] in ("accepted", "running"), again
            assert "Dask worker died" in again["retryReason"]
    failed = wait_for(http, job, finished, headers=admin)
    assert failed["status"] == "failed", failed
    assert failed["attempts"] == 2
    assert failed["message"].startswith("απέτυχε / failed:")
    assert "Dask worker died" in failed["message"]
    r = http.get(f"{job}/results", headers=admin)
    assert r.status_code == 500 and "Dask worker died" in r.json()["description"]
