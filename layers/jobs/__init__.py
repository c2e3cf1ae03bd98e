"""The ``jobs`` domain: OGC API – Processes jobs stored in PostgreSQL (``store``) and
the data the first processes read (``sources``). It has no map layers of its own;
processes are declared by each domain in ``gis/<domain>/processes.py``."""

from __future__ import annotations

from layers.registry import LayerSpec

LAYERS: tuple[LayerSpec, ...] = ()
