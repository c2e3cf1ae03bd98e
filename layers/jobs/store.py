"""Jobs as rows: created by the web server, claimed by ``polis worker`` with
``FOR UPDATE SKIP LOCKED``, progress and results written back to the row.

A claimed job names the PostgreSQL backend of the worker connection that claimed it
(``claimed_by``). When that session is gone (the worker was killed, its host lost),
:func:`reap_orphans` puts the job back in the queue once, or fails it on its second
start, with the reason in ``message``. Every change of a job is guarded by its attempt
number, so a late answer of a superseded attempt changes nothing.

Notifications: ``polis_jobs`` (payload ``queued:<id>`` or ``dismissed:<id>``) wakes
the workers; ``polis_job_done`` (payload ``<id>``) tells waiters a job finished.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from models.jobs import MAX_ATTEMPTS, JobStatus

QUEUE_CHANNEL = "polis_jobs"
DONE_CHANNEL = "polis_job_done"
COLUMNS = (
    "id, process_id, status, inputs, results, message, retry_reason, progress, attempts, "
    "claimed_by, owner_id, created, started, finished, updated"
)


@dataclass(frozen=True)
class JobRecord:
    """A job as stored."""

    id: uuid.UUID
    process_id: str
    status: str
    inputs: dict[str, Any]
    results: dict[str, Any] | None
    message: str | None
    retry_reason: str | None
    progress: int
    attempts: int
    claimed_by: int | None
    owner_id: int | None
    created: dt.datetime
    started: dt.datetime | None
    finished: dt.datetime | None
    updated: dt.datetime

    @property
    def finished_status(self) -> bool:
        """True once the job will not change again."""
        return self.status in ("successful", "failed", "dismissed")


@dataclass(frozen=True)
class Claim:
    """A job a worker has just started: what to run and which attempt it is."""

    id: uuid.UUID
    process_id: str
    inputs: dict[str, Any]
    attempts: int


INSERT = f"""
WITH job AS (
    INSERT INTO jobs (id, process_id, inputs, owner_id)
    VALUES (%(id)s, %(process_id)s, %(inputs)s, %(owner_id)s)
    RETURNING {COLUMNS}
)
SELECT {COLUMNS} FROM job, pg_notify('{QUEUE_CHANNEL}', 'queued:' || job.id::text)
"""  # noqa: S608 (constant columns)

SELECT_ONE = f"SELECT {COLUMNS} FROM jobs WHERE id = %(id)s"  # noqa: S608

SELECT_MANY = f"""
SELECT {COLUMNS} FROM jobs
WHERE (%(owner_id)s::int IS NULL OR owner_id = %(owner_id)s)
  AND (%(status)s::text IS NULL OR status = %(status)s)
ORDER BY created DESC LIMIT %(limit)s
"""  # noqa: S608

DISMISS = f"""
WITH job AS (
    UPDATE jobs SET status = 'dismissed', results = NULL, claimed_by = NULL,
        finished = coalesce(finished, now()), updated = now(),
        message = coalesce(%(reason)s, message)
    WHERE id = %(id)s AND status <> 'dismissed'
    RETURNING {COLUMNS}
)
SELECT {COLUMNS} FROM job, pg_notify('{QUEUE_CHANNEL}', 'dismissed:' || job.id::text)
"""  # noqa: S608

CLAIM = """
UPDATE jobs SET status = 'running', attempts = attempts + 1, claimed_by = pg_backend_pid(),
    progress = 0, started = coalesce(started, now()), updated = now()
WHERE id = (
    SELECT id FROM jobs WHERE status = 'accepted' AND process_id = ANY(%(processes)s)
    ORDER BY created FOR UPDATE SKIP LOCKED LIMIT 1
)
RETURNING id, process_id, inputs, attempts
"""

PROGRESS = """
UPDATE jobs SET progress = %(progress)s, message = coalesce(%(message)s, message), updated = now()
WHERE id = %(id)s AND attempts = %(attempt)s AND status = 'running'
"""

FINISH = f"""
WITH job AS (
    UPDATE jobs SET status = %(status)s::varchar, results = %(results)s, message = coalesce(%(message)s, message),
        progress = CASE WHEN %(status)s::varchar = 'successful' THEN 100 ELSE progress END,
        claimed_by = NULL, finished = now(), updated = now()
    WHERE id = %(id)s AND attempts = %(attempt)s AND status = 'running'
    RETURNING id
)
SELECT job.id FROM job, pg_notify('{DONE_CHANNEL}', job.id::text)
"""  # noqa: S608

#: A job whose attempt broke off: queued again if it may start once more, else failed.
#: ``%(reason)s`` says what happened; the message says which of the two it was.
REQUEUE_OR_FAIL = f"""
WITH job AS (
    UPDATE jobs SET
        status = CASE WHEN attempts < {MAX_ATTEMPTS} THEN 'accepted' ELSE 'failed' END,
        message = CASE WHEN attempts < {MAX_ATTEMPTS}
            THEN 'ξαναδοκιμάζεται / retried: ' ELSE 'απέτυχε / failed: ' END
            || %(reason)s || ' (attempt ' || attempts || ' of {MAX_ATTEMPTS})',
        retry_reason = CASE WHEN attempts < {MAX_ATTEMPTS} THEN %(reason)s ELSE retry_reason END,
        claimed_by = NULL, progress = 0, updated = now(),
        finished = CASE WHEN attempts < {MAX_ATTEMPTS} THEN NULL ELSE now() END
    WHERE {{where}}
    RETURNING id, status, claimed_by
)
SELECT job.id, job.status,
    pg_notify(CASE WHEN job.status = 'accepted' THEN '{QUEUE_CHANNEL}' ELSE '{DONE_CHANNEL}' END,
              CASE WHEN job.status = 'accepted' THEN 'queued:' ELSE '' END || job.id::text)
FROM job
"""  # noqa: S608

REQUEUE_ONE = REQUEUE_OR_FAIL.replace(
    "{where}", "id = %(id)s AND attempts = %(attempt)s AND status = 'running'"
)
REAP = REQUEUE_OR_FAIL.replace(
    "{where}",
    "status = 'running' AND NOT EXISTS "
    "(SELECT 1 FROM pg_stat_activity a WHERE a.pid = jobs.claimed_by)",
)
#: What :data:`REAP` records as the reason.
ORPHAN_REASON = (
    "η διεργασία εκτέλεσης σταμάτησε / the worker running it stopped (its database session ended)"
)


# ------------------------------------------------------------------ web server (async)


async def create_job(
    conn: psycopg.AsyncConnection[Any],
    *,
    process_id: str,
    inputs: dict[str, Any],
    owner_id: int | None,
) -> JobRecord:
    """Queue a new job (committed when this returns) and wake the workers."""
    params = {
        "id": uuid.uuid4(),
        "process_id": process_id,
        "inputs": Jsonb(inputs),
        "owner_id": owner_id,
    }
    async with conn.cursor(row_factory=class_row(JobRecord)) as cur:
        await cur.execute(INSERT, params)
        row = await cur.fetchone()
    assert row is not None
    return row


async def get_job(conn: psycopg.AsyncConnection[Any], job_id: uuid.UUID) -> JobRecord | None:
    """The job ``job_id``, or None."""
    async with conn.cursor(row_factory=class_row(JobRecord)) as cur:
        await cur.execute(SELECT_ONE, {"id": job_id})
        return await cur.fetchone()


async def list_jobs(
    conn: psycopg.AsyncConnection[Any], *, owner_id: int | None, limit: int = 100
) -> list[JobRecord]:
    """The newest jobs (of ``owner_id`` when given), newest first."""
    async with conn.cursor(row_factory=class_row(JobRecord)) as cur:
        await cur.execute(SELECT_MANY, {"owner_id": owner_id, "status": None, "limit": limit})
        return await cur.fetchall()


async def dismiss_job(
    conn: psycopg.AsyncConnection[Any], job_id: uuid.UUID, *, reason: str | None = None
) -> JobRecord | None:
    """Dismiss a job (a running one is cancelled by its worker; results are dropped);
    None when it is unknown or already dismissed."""
    async with conn.cursor(row_factory=class_row(JobRecord)) as cur:
        await cur.execute(DISMISS, {"id": job_id, "reason": reason})
        return await cur.fetchone()


# ------------------------------------------------------------------ CLI (blocking)


def list_jobs_sync(
    conn: psycopg.Connection[Any], *, status: str | None = None, limit: int = 50
) -> list[JobRecord]:
    """Blocking :func:`list_jobs` for the CLI (every owner), optionally of one status."""
    with conn.cursor(row_factory=class_row(JobRecord)) as cur:
        cur.execute(SELECT_MANY, {"owner_id": None, "status": status, "limit": limit})
        return cur.fetchall()


def get_job_sync(conn: psycopg.Connection[Any], job_id: uuid.UUID) -> JobRecord | None:
    """Blocking :func:`get_job`."""
    with conn.cursor(row_factory=class_row(JobRecord)) as cur:
        cur.execute(SELECT_ONE, {"id": job_id})
        return cur.fetchone()


def dismiss_job_sync(
    conn: psycopg.Connection[Any], job_id: uuid.UUID, *, reason: str | None = None
) -> JobRecord | None:
    """Blocking :func:`dismiss_job` (``polis jobs cancel``)."""
    with conn.cursor(row_factory=class_row(JobRecord)) as cur:
        cur.execute(DISMISS, {"id": job_id, "reason": reason})
        return cur.fetchone()


# ------------------------------------------------------------------ worker (blocking)


def claim_job(conn: psycopg.Connection[Any], processes: list[str]) -> Claim | None:
    """Start the oldest queued job of one of ``processes`` (skipping rows other workers
    hold); the job is marked as claimed by this connection's session."""
    with conn.cursor(row_factory=class_row(Claim)) as cur:
        cur.execute(CLAIM, {"processes": processes})
        return cur.fetchone()


def set_progress(
    conn: psycopg.Connection[Any],
    job_id: uuid.UUID,
    attempt: int,
    progress: int,
    message: str | None = None,
) -> bool:
    """Record progress (0–100); False when the attempt no longer runs (dismissed or
    superseded), so the computation can stop."""
    cur = conn.execute(
        PROGRESS,
        {"id": job_id, "attempt": attempt, "progress": progress, "message": message},
    )
    return cur.rowcount == 1


def finish_job(
    conn: psycopg.Connection[Any],
    job_id: uuid.UUID,
    attempt: int,
    *,
    results: dict[str, Any] | None,
    message: str | None = None,
    status: JobStatus = JobStatus.SUCCESSFUL,
) -> bool:
    """Store the outcome of an attempt (successful with results, or failed with the
    reason); False when the attempt was dismissed or superseded meanwhile."""
    cur = conn.execute(
        FINISH,
        {
            "id": job_id,
            "attempt": attempt,
            "status": status.value,
            "results": Jsonb(results) if results is not None else None,
            "message": message,
        },
    )
    return cur.fetchone() is not None


def requeue_or_fail(
    conn: psycopg.Connection[Any], job_id: uuid.UUID, attempt: int, reason: str
) -> str | None:
    """An attempt broke off (its Dask worker died): queue the job again if it was its
    first start, else fail it; the new status, or None if the attempt no longer ran."""
    row = conn.execute(REQUEUE_ONE, {"id": job_id, "attempt": attempt, "reason": reason}).fetchone()
    return None if row is None else str(row[1])


def reap_orphans(conn: psycopg.Connection[Any]) -> list[tuple[uuid.UUID, str]]:
    """Jobs whose worker's session is gone: requeued once, else failed; (id, new status)."""
    rows = conn.execute(REAP, {"reason": ORPHAN_REASON}).fetchall()
    return [(row[0], str(row[1])) for row in rows]


def running_dismissed(conn: psycopg.Connection[Any], job_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Those of ``job_ids`` that are no longer running (dismissed, or taken over)."""
    rows = conn.execute(
        "SELECT id FROM jobs WHERE id = ANY(%s) AND (status <> 'running' "
        "OR claimed_by IS DISTINCT FROM pg_backend_pid())",
        (job_ids,),
    ).fetchall()
    return {row[0] for row in rows}


RELEASE = f"""
WITH job AS (
    UPDATE jobs SET status = 'accepted', attempts = attempts - 1, claimed_by = NULL,
        progress = 0, updated = now()
    WHERE id = ANY(%(ids)s) AND status = 'running' AND claimed_by = pg_backend_pid()
    RETURNING id
)
SELECT job.id FROM job, pg_notify('{QUEUE_CHANNEL}', 'queued:' || job.id::text)
"""  # noqa: S608


def release_jobs(conn: psycopg.Connection[Any], job_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Put this session's running ``job_ids`` back in the queue without counting the
    attempt (a worker stopping on purpose); the ids released."""
    return [row[0] for row in conn.execute(RELEASE, {"ids": job_ids}).fetchall()]


ADOPT = """
UPDATE jobs SET claimed_by = pg_backend_pid(), updated = now()
FROM unnest(%(ids)s::uuid[], %(attempts)s::int[]) AS mine(id, attempt)
WHERE jobs.id = mine.id AND jobs.attempts = mine.attempt AND jobs.status = 'running'
RETURNING jobs.id
"""


def adopt_jobs(
    conn: psycopg.Connection[Any], attempts: list[tuple[uuid.UUID, int]]
) -> set[uuid.UUID]:
    """Mark this session as running the given (job, attempt)s again (after a reconnect);
    the ids still running that attempt, now claimed by this session."""
    params = {"ids": [a[0] for a in attempts], "attempts": [a[1] for a in attempts]}
    return {row[0] for row in conn.execute(ADOPT, params).fetchall()}
