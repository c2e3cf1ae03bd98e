"""One attempt of a job, as it runs on a Dask worker: find the process in the catalogue
of the enabled domains, run it with a context whose progress goes to the job's row."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from gis.jobs.catalogue import catalogue_for
from gis.jobs.spec import JobContext
from layers.db.pools import shared_sync_pool
from layers.db.settings import DatabaseSettings
from layers.jobs.store import set_progress
from models.errors import ConfigurationError

#: Seconds between two progress writes of one job (the last report always counts).
PROGRESS_EVERY_S = 0.25


def progress_writer(
    settings: DatabaseSettings, job_id: uuid.UUID, attempt: int
) -> Callable[[int, str | None], bool]:
    """A ``report(percent, message)`` writing to the job's row at most every
    :data:`PROGRESS_EVERY_S`; it returns False once the attempt no longer runs."""
    last = 0.0

    def report(percent: int, message: str | None) -> bool:
        nonlocal last
        now = time.monotonic()
        if now - last < PROGRESS_EVERY_S and percent < 100:
            return True
        last = now
        pool = shared_sync_pool(settings.dsn, statement_timeout_ms=settings.statement_timeout_ms)
        with pool.connection() as conn:
            return set_progress(conn, job_id, attempt, percent, message)

    return report


def run_job(
    settings: DatabaseSettings,
    job_id: uuid.UUID,
    attempt: int,
    process_id: str,
    inputs: dict[str, Any],
) -> dict[str, Any]:
    """Run attempt ``attempt`` of job ``job_id`` (the function submitted to Dask)."""
    spec = catalogue_for(settings).get(process_id)
    if spec is None:
        raise ConfigurationError(f"process '{process_id}' is not enabled on this worker")
    context = JobContext(settings, report=progress_writer(settings, job_id, attempt))
    return spec.execute(inputs, context)
