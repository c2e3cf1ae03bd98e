"""``polis worker``: claims queued jobs from PostgreSQL and runs them on Dask.

One main thread owns the worker's database session (its backend pid marks the jobs it
claimed) and reacts to events from a queue: a notification (``LISTEN polis_jobs``, on
a second connection read by a listener thread) that a job was queued or dismissed, or
a Dask future that finished (its done-callback). Every ``reap_every_s`` it also puts
back the jobs of workers whose session ended (killed, host lost).

At most as many jobs are in flight as the Dask cluster has threads, so several
``polis worker`` processes share the queue fairly.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from typing import Any

import psycopg
from distributed import Client, Future

from gis.jobs.catalogue import catalogue_for
from gis.jobs.execution import run_job
from gis.jobs.spec import JobCancelled
from layers.db.database import connect
from layers.db.settings import DatabaseSettings
from layers.jobs.store import (
    QUEUE_CHANNEL,
    Claim,
    adopt_jobs,
    claim_job,
    finish_job,
    reap_orphans,
    release_jobs,
    requeue_or_fail,
)
from models.errors import DatabaseUnavailable, PolisError
from models.jobs import JobStatus

LOGGER = logging.getLogger("polis.worker")
#: The user-facing message of an error that is not a Polis error (details go to the log).
#: How the worker's sessions show in ``pg_stat_activity``.
APPLICATION_NAME = "polis worker"
#: Seconds between attempts to reach the database again.
RETRY_S = 2.0
UNEXPECTED = "απρόβλεπτο σφάλμα στη διεργασία / unexpected error in the process"


@dataclass
class Running:
    """A job in flight: its claim and its Dask future."""

    claim: Claim
    future: Future


@dataclass
class JobWorker:
    """The loop of one ``polis worker`` on a Dask ``client``."""

    settings: DatabaseSettings
    client: Client
    reap_every_s: float = 5.0
    events: queue.Queue[tuple[str, str]] = field(default_factory=queue.Queue)
    running: dict[uuid.UUID, Running] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Serve until :attr:`stop` is set; running jobs are then put back in the queue.

        While the database is away the worker waits and reconnects; the computations in
        flight go on, and the new session adopts their jobs (unless another worker has
        meanwhile put them back in the queue: then they are cancelled here).
        """
        processes = sorted(catalogue_for(self.settings))
        listener = threading.Thread(target=self._listen, daemon=True, name="polis-listen")
        listener.start()
        try:
            while not self.stop.is_set():
                try:
                    with connect(
                        self.settings, autocommit=True, application_name=APPLICATION_NAME
                    ) as conn:
                        self._adopt(conn)
                        self._serve(conn, processes)
                        self._release(conn)
                except (psycopg.OperationalError, DatabaseUnavailable) as exc:
                    LOGGER.warning("database unavailable (%s); retrying", exc)
                    self.stop.wait(RETRY_S)
        finally:
            for job in self.running.values():
                job.future.cancel()
            self.running.clear()

    def _serve(self, conn: psycopg.Connection[Any], processes: list[str]) -> None:
        next_reap = 0.0
        while not self.stop.is_set():
            if time.monotonic() >= next_reap:
                self._reap(conn)
                next_reap = time.monotonic() + self.reap_every_s
            self._fill(conn, processes)
            self._handle_events(conn, timeout=min(1.0, self.reap_every_s))

    def _adopt(self, conn: psycopg.Connection[Any]) -> None:
        if not self.running:
            return
        kept = adopt_jobs(conn, [(j.claim.id, j.claim.attempts) for j in self.running.values()])
        for job_id in set(self.running) - kept:
            self.running.pop(job_id).future.cancel()
            LOGGER.warning("job %s was taken over while the database was away", job_id)

    def capacity(self) -> int:
        """Jobs this worker keeps in flight: the Dask cluster's threads."""
        return max(1, sum(self.client.nthreads().values()))

    def _listen(self) -> None:
        while not self.stop.is_set():
            try:
                with connect(
                    self.settings, autocommit=True, application_name=APPLICATION_NAME
                ) as conn:
                    conn.execute(f"LISTEN {QUEUE_CHANNEL}")
                    self.events.put(("notify", "listening"))  # look at the queue again
                    while not self.stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self.events.put(("notify", note.payload))
            except (psycopg.OperationalError, DatabaseUnavailable):
                self.stop.wait(RETRY_S)

    def _fill(self, conn: psycopg.Connection[Any], processes: list[str]) -> None:
        capacity = self.capacity()
        while len(self.running) < capacity:
            claim = claim_job(conn, processes)
            if claim is None:
                return
            future = self.client.submit(
                run_job,
                self.settings,
                claim.id,
                claim.attempts,
                claim.process_id,
                claim.inputs,
                key=f"polis-job-{claim.id}-{claim.attempts}",
                pure=False,
            )
            self.running[claim.id] = Running(claim, future)
            job_id = str(claim.id)
            future.add_done_callback(lambda _f, j=job_id: self.events.put(("done", j)))
            LOGGER.info(
                "job %s (%s) started, attempt %d", claim.id, claim.process_id, claim.attempts
            )

    def _handle_events(self, conn: psycopg.Connection[Any], *, timeout: float) -> None:
        try:
            events = [self.events.get(timeout=timeout)]
        except queue.Empty:
            return
        while not self.events.empty():
            events.append(self.events.get_nowait())
        for n, (kind, payload) in enumerate(events):
            try:
                if kind == "done":
                    self._finished(conn, uuid.UUID(payload))
                elif payload.startswith("dismissed:"):
                    self._dismissed(uuid.UUID(payload.split(":", 1)[1]))
            except (psycopg.OperationalError, DatabaseUnavailable):
                for event in events[n:]:  # handled again once the database is back
                    self.events.put(event)
                raise

    def _dismissed(self, job_id: uuid.UUID) -> None:
        job = self.running.pop(job_id, None)
        if job is not None:
            job.future.cancel()
            LOGGER.info("job %s dismissed", job_id)

    def _finished(self, conn: psycopg.Connection[Any], job_id: uuid.UUID) -> None:
        job = self.running.get(job_id)
        if job is None:
            return  # dismissed meanwhile
        claim = job.claim
        try:
            results = job.future.result()
        except JobCancelled:
            pass
        except (CancelledError, PolisError, Exception) as exc:
            self._failed(conn, claim, exc)
        else:
            finish_job(conn, claim.id, claim.attempts, results=results)
            LOGGER.info("job %s successful", claim.id)
        del self.running[job_id]  # only once the outcome is written

    def _failed(self, conn: psycopg.Connection[Any], claim: Claim, exc: BaseException) -> None:
        if isinstance(exc, PolisError):
            finish_job(
                conn,
                claim.id,
                claim.attempts,
                results=None,
                message=exc.message,
                status=JobStatus.FAILED,
            )
        elif lost_worker(exc):
            reason = f"ο εκτελεστής Dask χάθηκε / the Dask worker died ({type(exc).__name__})"
            status = requeue_or_fail(conn, claim.id, claim.attempts, reason)
            LOGGER.warning("job %s: Dask worker lost (%s) -> %s", claim.id, exc, status)
        else:
            LOGGER.error("job %s failed", claim.id, exc_info=exc)
            finish_job(
                conn,
                claim.id,
                claim.attempts,
                results=None,
                message=UNEXPECTED,
                status=JobStatus.FAILED,
            )

    def _reap(self, conn: psycopg.Connection[Any]) -> None:
        for job_id, status in reap_orphans(conn):
            LOGGER.warning("job %s: its worker's session ended -> %s", job_id, status)

    def _release(self, conn: psycopg.Connection[Any]) -> None:
        ids = list(self.running)
        for job in self.running.values():
            job.future.cancel()
        self.running.clear()
        if ids:
            released = release_jobs(conn, ids)
            LOGGER.info("stopping: %d running jobs put back in the queue", len(released))


def lost_worker(exc: BaseException) -> bool:
    """True when an attempt failed because the Dask worker running it went away (not
    because of the process): a killed worker, a lost connection, a cancelled future."""
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    return isinstance(exc, KilledWorker | CancelledError | CommClosedError)
