"""Jobs of OGC API – Processes: one row per execution, kept in PostgreSQL so that a
restart of the web server loses none, claimed and run by ``polis worker`` on Dask."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.enums import Choice
from models.errors import NotFound, PolisError


class JobStatus(Choice):
    """The status codes of OGC API – Processes (``statusCode.yaml``)."""

    ACCEPTED = "accepted", "Σε αναμονή", "Accepted"
    RUNNING = "running", "Εκτελείται", "Running"
    SUCCESSFUL = "successful", "Ολοκληρώθηκε", "Successful"
    FAILED = "failed", "Απέτυχε", "Failed"
    DISMISSED = "dismissed", "Ακυρώθηκε", "Dismissed"


#: Statuses after which a job never changes again.
FINISHED = frozenset({JobStatus.SUCCESSFUL, JobStatus.FAILED, JobStatus.DISMISSED})
#: How many times a job may be started: a job whose worker died is retried once.
MAX_ATTEMPTS = 2


class Job(Base):
    """One execution of a process.

    ``attempts`` counts the starts; ``claimed_by`` is the PostgreSQL backend pid of the
    ``polis worker`` connection that runs it, so a worker that died (its session is gone
    from ``pg_stat_activity``) is noticed at once by any other worker. ``message`` says
    how it goes or why it failed; ``retry_reason`` why an attempt broke off and the
    job was queued again.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_percent"),
        CheckConstraint("attempts >= 0", name="attempts_positive"),
        Index("ix_jobs_queue", "created", postgresql_where="status = 'accepted'"),
        Index("ix_jobs_owner", "owner_id", "created"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    process_id: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[JobStatus] = enum_column(JobStatus, default=JobStatus.ACCEPTED)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    results: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    message: Mapped[str | None] = mapped_column(Text)
    retry_reason: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    claimed_by: Mapped[int | None] = mapped_column(Integer)
    owner_id: Mapped[int | None] = mapped_column(Integer)
    created: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    started: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    updated: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class NoSuchProcess(NotFound):
    """No enabled domain offers the process."""

    code = "NoSuchProcess"


class NoSuchJob(NotFound):
    """An unknown job, or one the caller may not see."""

    code = "NoSuchJob"


class ResultNotReady(NotFound):
    """The job has not finished yet."""

    code = "ResultNotReady"


class JobFailed(PolisError, RuntimeError):
    """The results of a job that failed: the job's own reason is the message."""

    status = 500
    code = "JobFailed"
    title = "Job failed"
