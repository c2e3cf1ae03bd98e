"""The Dask cluster ``polis worker`` runs jobs on: a scheduler's address
(``POLIS_DASK_SCHEDULER``, any Dask cluster) or a LocalCluster of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dask
from distributed import Client, LocalCluster

#: The scheduler HTTP server's address: loopback, any free port.
LOOPBACK_ANY_PORT = "127.0.0.1:0"


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
                # the scheduler's HTTP server (health, metrics; the dashboard when bokeh is
                # installed) on loopback, on a free port: several workers share one host
                dashboard_address=LOOPBACK_ANY_PORT,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
