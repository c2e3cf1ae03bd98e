"""The routing graph of a database, kept current from its change log.

:meth:`LiveNetwork.router` costs one ``max(seq)`` query when nothing changed. When
footways, crossings or barrier reports changed, only the changed footways (and the
crossing footways of changed crossings) are read again and patched into the graph
(:meth:`~gis.mobility.graph.PedestrianGraph.apply`); a truncate reloads everything.
Barrier reports are read again when one changed or the next one expired.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from gis.mobility.graph import FootwayRecord, PedestrianGraph
from gis.mobility.incline import DemGrid
from gis.mobility.router import Router
from layers.mobility import network
from layers.mobility.network import Connect, Connection
from models.enums import (
    CrossingType,
    FootwayType,
    KerbType,
    Smoothness,
    Surface,
    WheelchairAccess,
)

T = TypeVar("T")


#: The enum of each text column (the graph carries enums: labels for instructions).
ENUMS: dict[str, type[StrEnum]] = {
    "footway_type": FootwayType,
    "surface": Surface,
    "smoothness": Smoothness,
    "kerb_start": KerbType,
    "kerb_end": KerbType,
    "kerb": KerbType,
    "wheelchair": WheelchairAccess,
    "crossing_type": CrossingType,
}


def _enums(values: dict[str, Any]) -> dict[str, Any]:
    return {k: ENUMS[k](v) if k in ENUMS and v is not None else v for k, v in values.items()}


def record(row: dict[str, Any]) -> FootwayRecord:
    """A graph record of a :func:`layers.mobility.network.footway_rows` row."""
    crossing = row["crossing"]
    return FootwayRecord(
        row["id"],
        _enums(row["attrs"]),
        row["coords"],
        _enums(crossing) if crossing is not None else None,
    )


class LiveNetwork:
    """One database's graph and router; thread-safe."""

    def __init__(self, connect: Connect, raster_store: Path | None = None) -> None:
        self._connect = connect
        self._store = raster_store
        self._lock = threading.Lock()
        self._seq = -1
        self._next_expiry: datetime | None = None
        self._router: Router | None = None

    def router(self) -> Router:
        """The router on the database's current network (for one thread's use)."""
        with self._lock:
            return self._current()

    def run(self, work: Callable[[Router], T]) -> T:
        """``work(router)`` on the current network, with no change applied meanwhile."""
        with self._lock:
            return work(self._current())

    def _current(self) -> Router:
        with self._connect() as conn:
            if self._router is None:
                self._load(conn)
            else:
                self._follow(conn)
        assert self._router is not None
        return self._router

    def _load(self, conn: Connection) -> None:
        seq = network.last_change(conn)
        heights = None
        if self._store is not None:
            path = network.dem_file(conn, self._store)
            heights = DemGrid.open(path).heights if path else None
        graph = PedestrianGraph.build(map(record, network.footway_rows(conn)), heights)
        self._router = Router(graph)
        self._seq = seq
        self._barriers(conn)

    def _follow(self, conn: Connection) -> None:
        assert self._router is not None
        graph = self._router.graph
        if network.last_change(conn) > self._seq:
            changes = network.changes_since(conn, self._seq)
            if any(fid is None for _, _, fid in changes):
                self._load(conn)
                return
            footways = {f for _, layer, f in changes if layer == "footways" and f is not None}
            crossings = {f for _, layer, f in changes if layer == "crossings" and f is not None}
            if crossings:
                footways |= network.crossing_footways(conn, crossings)
                footways |= {
                    fid
                    for fid, rec in graph.records.items()
                    if rec.crossing is not None and rec.crossing["id"] in crossings
                }
            if footways:
                rows = {r["id"]: record(r) for r in network.footway_rows(conn, footways)}
                graph.apply({fid: rows.get(fid) for fid in footways})
            self._seq = changes[-1][0] if changes else self._seq
            if footways or any(layer == "barrier_reports" for _, layer, _ in changes):
                self._barriers(conn)
                return
        if self._next_expiry is not None and datetime.now(UTC) >= self._next_expiry:
            network.expire_reports(conn)
            self._barriers(conn)

    def _barriers(self, conn: Connection) -> None:
        assert self._router is not None
        blocked, self._next_expiry = network.blocked_footways(conn)
        self._router.graph.set_barriers(blocked)
