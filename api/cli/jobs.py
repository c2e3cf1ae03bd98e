"""``polis worker`` (runs queued jobs on Dask) and ``polis jobs list|show|cancel``."""

from __future__ import annotations

import logging
import signal
import time
import uuid
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from rich.live import Live
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.progress_bar import ProgressBar
from rich.table import Table

from api.settings import PolisSettings
from layers.db.database import connect
from layers.jobs.store import JobRecord, dismiss_job_sync, get_job_sync, list_jobs_sync
from models.errors import NotFound
from models.jobs import JobStatus

jobs_app = typer.Typer(help="Εργασίες / Jobs of OGC API – Processes.", no_args_is_help=True)
out = Console()
STATUS_STYLE = {
    "accepted": "yellow",
    "running": "cyan",
    "successful": "green",
    "failed": "red",
    "dismissed": "dim",
}


def worker(
    scheduler: Annotated[
        str | None,
        typer.Option(
            envvar="POLIS_DASK_SCHEDULER",
            help="διεύθυνση χρονοπρογραμματιστή Dask / Dask scheduler address "
            "(tcp://host:8786); none: a LocalCluster",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="διεργασίες LocalCluster / LocalCluster processes"),
    ] = None,
    reap_every: Annotated[
        float,
        typer.Option(min=0.1, help="δευτ. μεταξύ ελέγχων ορφανών / seconds between orphan checks"),
    ] = 5.0,
) -> None:
    """Εκτελεί εργασίες σε Dask / Run queued jobs on Dask (LocalCluster or POLIS_DASK_SCHEDULER)."""
    from gis.jobs.cluster import dask_client
    from gis.jobs.worker import JobWorker

    s = PolisSettings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with connect(s):
        pass
    address = scheduler or s.dask_scheduler
    n = workers or s.dask_workers
    with dask_client(address, n_workers=n, threads_per_worker=s.dask_threads) as client:
        job_worker = JobWorker(s, client, reap_every_s=reap_every)

        def stop(signum: int, frame: FrameType | None) -> None:
            job_worker.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        where = address or f"LocalCluster ({n} × {s.dask_threads})"
        out.print(f"[bold]Πολίς / Polis worker[/bold] — Dask: {where}")
        job_worker.run()
    out.print("σταμάτησε / stopped")


def status_text(job: JobRecord) -> str:
    return f"[{STATUS_STYLE.get(job.status, '')}]{JobStatus(job.status).el} / {job.status}[/]"


@jobs_app.command("list")
def jobs_list(
    status: Annotated[
        JobStatus | None, typer.Option(help="μόνο αυτής της κατάστασης / only of this status")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="πλήθος / how many")] = 50,
) -> None:
    """Οι πιο πρόσφατες εργασίες / The newest jobs, with their progress."""
    with connect(PolisSettings()) as conn:
        jobs = list_jobs_sync(conn, status=status.value if status else None, limit=limit)
    table = Table(
        "id",
        "διεργασία / process",
        "κατάσταση / status",
        "πρόοδος / progress",
        "προσπάθειες / attempts",
        "δημιουργία / created",
        "μήνυμα / message",
    )
    for job in jobs:
        table.add_row(
            str(job.id),
            job.process_id,
            status_text(job),
            ProgressBar(total=100, completed=job.progress, width=20),
            str(job.attempts),
            f"{job.created:%Y-%m-%d %H:%M:%S}",
            job.message or "",
        )
    out.print(table)


def find_job(value: str) -> JobRecord:
    try:
        job_id = uuid.UUID(value)
    except ValueError:
        raise NotFound(f"'{value}' is not a job id / δεν είναι αναγνωριστικό εργασίας") from None
    with connect(PolisSettings()) as conn:
        job = get_job_sync(conn, job_id)
    if job is None:
        raise NotFound(f"no job {value} / δεν υπάρχει η εργασία {value}")
    return job


@jobs_app.command("show")
def jobs_show(
    job_id: Annotated[str, typer.Argument(help="αναγνωριστικό / job id")],
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="παρακολούθηση ως το τέλος / follow to the end")
    ] = False,
) -> None:
    """Κατάσταση μιας εργασίας / A job's status, progress and results."""
    job = find_job(job_id)
    if follow and not job.finished_status:
        job = follow_job(job)
    out.print(f"[bold]{job.id}[/bold] {job.process_id}: {status_text(job)} {job.progress}%")
    out.print(f"  προσπάθειες / attempts: {job.attempts}; δημιουργία / created: {job.created}")
    if job.message:
        out.print(f"  μήνυμα / message: {job.message}")
    if job.results is not None:
        out.print_json(data=job.results)


def follow_job(job: JobRecord, *, poll_s: float = 0.5) -> JobRecord:
    """Show a live progress bar until the job finishes; the finished job."""
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn()
    )
    task = progress.add_task(f"{job.process_id} ({job.status})", total=100)
    with Live(progress, console=out, transient=True), connect(PolisSettings()) as conn:
        while not job.finished_status:
            time.sleep(poll_s)
            job = get_job_sync(conn, job.id) or job
            progress.update(
                task, completed=job.progress, description=f"{job.process_id} ({job.status})"
            )
    return job


@jobs_app.command("cancel")
def jobs_cancel(job_id: Annotated[str, typer.Argument(help="αναγνωριστικό / job id")]) -> None:
    """Ακυρώνει μια εργασία / Dismiss a job (a running one is stopped by its worker)."""
    job = find_job(job_id)
    with connect(PolisSettings(), autocommit=True) as conn:
        dismissed = dismiss_job_sync(
            conn, job.id, reason="ακυρώθηκε από τη γραμμή εντολών / cancelled from the CLI"
        )
    if dismissed is None:
        out.print(f"{job.id}: ήδη ακυρωμένη / already dismissed")
    else:
        out.print(f"{job.id}: ακυρώθηκε / dismissed")
