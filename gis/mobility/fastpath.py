"""The fast path: one profile's costs as a CSR matrix, searched by scipy's Dijkstra.

Parallel edges keep their cheapest one; blocked edges are left out. A point-to-point
search first runs with a limit of a few times the straight-line lower bound (scipy
has no target stop, a limit bounds the search the same way) and again without it only
when the target was not reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from gis.mobility.costs import Costs, EdgeTable

#: The first search's limit, in multiples of the straight-line lower bound (+ slack s).
LIMIT_FACTOR = 3.0
LIMIT_SLACK_S = 120.0


@dataclass
class ProfileGraph:
    """One profile's searchable graph."""

    table: EdgeTable
    costs: Costs
    xy: np.ndarray
    speed: float
    matrix: csr_matrix = field(init=False)
    pair_keys: np.ndarray = field(init=False)
    pair_edges: np.ndarray = field(init=False)
    tree: cKDTree = field(init=False)
    usable: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        t, cost = self.table, self.costs.cost
        ok = np.flatnonzero(np.isfinite(cost))
        n = t.n_nodes
        keys = t.src[ok].astype(np.int64) * n + t.dst[ok]
        order = np.lexsort((cost[ok], keys))
        keys, edges = keys[order], ok[order]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        self.pair_keys, self.pair_edges = keys[first], edges[first]
        self.matrix = csr_matrix(
            (cost[self.pair_edges], (t.src[self.pair_edges], t.dst[self.pair_edges])),
            shape=(n, n),
        )
        self.usable = np.unique(np.concatenate([t.src[ok], t.dst[ok]]))
        self.tree = cKDTree(self.xy[self.usable]) if len(self.usable) else cKDTree(np.zeros((1, 2)))

    def nearest(self, x: float, y: float) -> tuple[int, float] | None:
        """The nearest node this profile can use, and its distance (m)."""
        if not len(self.usable):
            return None
        dist, i = self.tree.query((x, y))
        return int(self.usable[i]), float(dist)

    def edge(self, u: int, v: int) -> int:
        """Row of the cheapest usable edge ``u`` → ``v``."""
        i = np.searchsorted(self.pair_keys, np.int64(u) * self.table.n_nodes + v)
        return int(self.pair_edges[i])

    def search(self, source: int, limit: float = np.inf) -> tuple[np.ndarray, np.ndarray]:
        """Costs and predecessors of every node from ``source`` (within ``limit`` s)."""
        dist, pred = dijkstra(self.matrix, indices=source, return_predecessors=True, limit=limit)
        return dist, pred

    def shortest(self, source: int, target: int) -> tuple[float, list[int]] | None:
        """The cheapest path's cost and nodes, or None when there is none."""
        if source == target:
            return 0.0, [source]
        bound = float(np.hypot(*(self.xy[source] - self.xy[target]))) / self.speed
        dist, pred = self.search(source, LIMIT_FACTOR * bound + LIMIT_SLACK_S)
        if not np.isfinite(dist[target]):
            dist, pred = self.search(source)
            if not np.isfinite(dist[target]):
                return None
        path = [target]
        while path[-1] != source:
            path.append(int(pred[path[-1]]))
        return float(dist[target]), path[::-1]

    def costs_from(self, source: int, limit: float) -> np.ndarray:
        """Costs of every node within ``limit`` seconds of ``source`` (inf beyond)."""
        dist: np.ndarray = dijkstra(self.matrix, indices=source, limit=limit)
        return dist
