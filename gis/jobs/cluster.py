"""The Dask cluster ``polis worker`` runs jobs on: a scheduler's address
(``POLIS_DASK_SCHEDULER``, any Dask cluster) or a LocalCluster of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dask
from distributed import Client, LocalCluster


@contextmanager
def dask_client(
    scheduler: str | None, *, n_workers: int = 2, threads_per_worker: int = 1
) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new LocalCluster of
    ``n_workers`` processes (closed on exit).

    A task whose worker dies is not run again by Dask (``allowed-failures`` 0): the job
    layer decides, retrying the job once and recording why.
    """
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        with (
            LocalCluster(
                n_workers=n_workers,
                threads_per_worker=threads_per_worker,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
