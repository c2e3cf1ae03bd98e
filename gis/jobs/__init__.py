"""Processes and their execution: the process descriptor (``spec``), the catalogue
gathered from the enabled domains (``catalogue``), the execution of one job
(``execution``) and ``polis worker``'s loop on Dask (``worker``)."""
