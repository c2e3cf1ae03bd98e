"""A zonal-statistics job run by ``JobWorker`` on a real Dask LocalCluster, reached by
its scheduler's address, gives what the process gives when run directly."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from typing import Any

import psycopg
from distributed import LocalCluster

from api.settings import PolisSettings
from gis.jobs.catalogue import catalogue_for
from gis.jobs.cluster import LOOPBACK_ANY_PORT, dask_client
from gis.jobs.spec import JobContext
from gis.jobs.worker import JobWorker
from layers.jobs.store import JobRecord, create_job, get_job_sync

INPUTS = {"coverage": "dem", "zones": "neighbourhoods", "statistics": ["count", "mean", "std"]}


def queue(settings: PolisSettings, process: str, inputs: dict[str, Any]) -> uuid.UUID:
    async def insert() -> uuid.UUID:
        async with await psycopg.AsyncConnection.connect(settings.dsn, autocommit=True) as c:
            job = await create_job(c, process_id=process, inputs=inputs, owner_id=None)
        return job.id

    return asyncio.run(insert())


def job(settings: PolisSettings, job_id: uuid.UUID) -> JobRecord:
    with psycopg.connect(settings.dsn) as conn:
        found = get_job_sync(conn, job_id)
    assert found is not None
    return found


def test_zonal_statistics_job_on_a_local_cluster(dem_settings: PolisSettings) -> None:
    job_id = queue(dem_settings, "zonal-statistics", INPUTS)
    # a cluster of its own, reached by address as through POLIS_DASK_SCHEDULER
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, dashboard_address=LOOPBACK_ANY_PORT
        ) as cluster,
        dask_client(cluster.scheduler_address) as client,
    ):
        worker = JobWorker(dem_settings, client, reap_every_s=1.0)
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 60
            while (row := job(dem_settings, job_id)).status in ("accepted", "running"):
                assert time.monotonic() < deadline, row
                time.sleep(0.02)
        finally:
            worker.stop.set()
            thread.join(timeout=30)
    assert row.status == "successful", row.message
    assert row.progress == 100
    direct = catalogue_for(dem_settings)["zonal-statistics"].execute(
        INPUTS, JobContext(dem_settings)
    )
    assert row.results == direct
