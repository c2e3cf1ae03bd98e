"""The fast path: one profile's costs as a CSR matrix, searched by scipy's Dijkstra.

Parallel edges keep their cheapest one; blocked edges are left out. scipy's Dijkstra
has no target to stop at, so a point-to-point search is bidirectional with limits: a
forward search from the source and a backward one (on the transposed matrix) from the
target, each stopped at ``d`` seconds, then the cheapest edge joining them,
``min(forward[u] + cost(u, v) + backward[v])``. When that is at most ``2d`` it is the
optimum (every path of cost ``C <= 2d`` has an edge whose tail is within ``d`` of the
source and whose head is within ``d`` of the target); otherwise ``d`` grows, and the
last resort is a full forward search. ``d`` starts from the straight-line lower bound
(no edge is cheaper than its length at the profile's speed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from gis.mobility.costs import Costs, EdgeTable

#: The half-search limits tried, in multiples of the straight-line lower bound (+ slack s).
HALF_LIMITS = (0.75, 1.25, 2.5)
LIMIT_SLACK_S = 30.0


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
    reverse: csr_matrix = field(init=False)
    pair_src: np.ndarray = field(init=False)
    pair_dst: np.ndarray = field(init=False)
    pair_cost: np.ndarray = field(init=False)

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
        self.reverse = self.matrix.T.tocsr()
        self.pair_src = t.src[self.pair_edges]
        self.pair_dst = t.dst[self.pair_edges]
        self.pair_cost = cost[self.pair_edges]
        self.usable = np.unique(np.concatenate([t.src[ok], t.dst[ok]]))
        self.tree = cKDTree(self.xy[self.usable]) if len(self.usable) else cKDTree(np.zeros((1, 2)))

    def nearest(self, x: float, y: float) -> tuple[int, float] | None:
        """The nearest node this profile can use, and its distance (m)."""
        if not len(self.usable):
            return None
        dist, i = self.tree.query((x, y))
        if not np.isfinite(dist):
            return None
        return int(self.usable[i]), float(dist)

    def edge(self, u: int, v: int) -> int:
        """Row of the cheapest usable edge ``u`` → ``v``."""
        i = np.searchsorted(self.pair_keys, np.int64(u) * self.table.n_nodes + v)
        return int(self.pair_edges[i])

    def path_edges(self, nodes: list[int]) -> list[int]:
        """Rows of the cheapest usable edges along a node path."""
        if len(nodes) < 2:
            return []
        path = np.asarray(nodes, dtype=np.int64)
        keys = path[:-1] * self.table.n_nodes + path[1:]
        rows: list[int] = self.pair_edges[np.searchsorted(self.pair_keys, keys)].tolist()
        return rows

    def search(self, source: int, limit: float = np.inf) -> tuple[np.ndarray, np.ndarray]:
        """Costs and predecessors of every node from ``source`` (within ``limit`` s)."""
        dist, pred = dijkstra(self.matrix, indices=source, return_predecessors=True, limit=limit)
        return dist, pred

    def shortest(self, source: int, target: int) -> tuple[float, list[int]] | None:
        """The cheapest path's cost and nodes, or None when there is none."""
        if source == target:
            return 0.0, [source]
        bound = float(np.hypot(*(self.xy[source] - self.xy[target]))) / self.speed
        for factor in HALF_LIMITS:
            half = factor * bound + LIMIT_SLACK_S
            found = self._meet(source, target, half)
            if found is not None:
                return found
        dist, pred = self.search(source)
        if not np.isfinite(dist[target]):
            return None
        return float(dist[target]), _walk_back(pred, source, target)[::-1]

    def _meet(self, source: int, target: int, half: float) -> tuple[float, list[int]] | None:
        """The optimum if it costs at most ``2 * half`` (see the module's docstring)."""
        fwd, fpred = self.search(source, half)
        bwd, bpred = dijkstra(self.reverse, indices=target, return_predecessors=True, limit=half)
        reached = np.flatnonzero(np.isfinite(fwd[self.pair_src]) & np.isfinite(bwd[self.pair_dst]))
        if not len(reached):
            return None
        total = fwd[self.pair_src[reached]] + self.pair_cost[reached] + bwd[self.pair_dst[reached]]
        best = int(np.argmin(total))
        if total[best] > 2 * half:
            return None
        u, v = int(self.pair_src[reached[best]]), int(self.pair_dst[reached[best]])
        head = _walk_back(fpred, source, u)[::-1]
        tail = _walk_back(bpred, target, v)
        return float(total[best]), head + tail

    def costs_from(self, source: int, limit: float) -> np.ndarray:
        """Costs of every node within ``limit`` seconds of ``source`` (inf beyond)."""
        dist: np.ndarray = dijkstra(self.matrix, indices=source, limit=limit)
        return dist


def _walk_back(pred: np.ndarray, root: int, node: int) -> list[int]:
    """Nodes from ``node`` back to ``root`` along a predecessor array."""
    path = [node]
    while path[-1] != root:
        path.append(int(pred[path[-1]]))
    return path
