"""``polis jobs list|show|cancel`` against the session database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

from api.settings import PolisSettings
from layers.jobs.store import create_job, dismiss_job_sync

POLIS = str(Path(sys.executable).parent / "polis")


def polis(settings: PolisSettings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250", "POLIS_DATABASE_URL": settings.dsn}
    return subprocess.run(
        [POLIS, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


#: A process no worker offers: a ``polis worker`` of another test in the session (the
#: e2e tests') never claims these jobs, so they stay queued for the CLI to show.
UNCLAIMED = "cli-test-only"


def queue(settings: PolisSettings, seconds: float) -> uuid.UUID:
    async def insert() -> uuid.UUID:
        async with await psycopg.AsyncConnection.connect(settings.dsn, autocommit=True) as c:
            job = await create_job(
                c, process_id=UNCLAIMED, inputs={"seconds": seconds}, owner_id=None
            )
        return job.id

    return asyncio.run(insert())


def test_list_show_cancel(pg_settings: PolisSettings) -> None:
    job = queue(pg_settings, 5)
    listed = polis(pg_settings, "jobs", "list", "--status", "accepted")
    assert listed.returncode == 0, listed.stderr
    assert str(job) in listed.stdout and UNCLAIMED in listed.stdout
    shown = polis(pg_settings, "jobs", "show", str(job))
    assert "Σε αναμονή / accepted" in shown.stdout and "0%" in shown.stdout
    cancelled = polis(pg_settings, "jobs", "cancel", str(job))
    assert cancelled.returncode == 0 and "dismissed" in cancelled.stdout
    shown = polis(pg_settings, "jobs", "show", str(job))
    assert "dismissed" in shown.stdout and "cancelled from the CLI" in shown.stdout
    missing = polis(pg_settings, "jobs", "cancel", str(uuid.uuid4()))
    assert missing.returncode == 1 and "no job" in missing.stderr


def test_follow_ends_when_the_job_does(pg_settings: PolisSettings) -> None:
    job = queue(pg_settings, 5)
    env = {**os.environ, "COLUMNS": "250", "POLIS_DATABASE_URL": pg_settings.dsn}
    follower = subprocess.Popen(
        [POLIS, "jobs", "show", str(job), "--follow"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)
    assert follower.poll() is None  # still following the queued job
    with psycopg.connect(pg_settings.dsn, autocommit=True) as conn:
        dismiss_job_sync(conn, job, reason="test")
    out, err = follower.communicate(timeout=30)
    assert follower.returncode == 0, err
    assert "dismissed" in out
