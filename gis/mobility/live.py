"""The routing graph of a database, kept current from its change log.

:meth:`LiveNetwork.router` costs one ``max(seq)`` query when nothing changed. When
footways, crossings or barrier reports changed, only the changed footways (and the
crossing footways of changed crossings) are read again and patched into the graph
(:meth:`~gis.mobility.graph.PedestrianGraph.apply`); a truncate reloads everything.
Barrier reports are read again when one changed or the next one expired.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gis.mobility.graph import FootwayRecord, PedestrianGraph
from gis.mobility.incline import DemGrid
from gis.mobility.router import Router
from layers.mobility import network
from layers.mobility.network import Connect, Connection


def record(row: dict[str, Any]) -> FootwayRecord:
    """A graph record of a :func:`layers.mobility.network.footway_rows` row."""
    return FootwayRecord(row["id"], row["attrs"], row["coords"], row["crossing"])


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
        """The router on the database's current network."""
        with self._lock, self._connect() as conn:
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
