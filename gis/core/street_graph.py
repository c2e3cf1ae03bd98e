"""The street network for vehicles as a directed graph (networkx), with closures.

Built from the ``roads`` layer (a GeoDataFrame in EPSG:2100 with ``id``, ``oneway``,
``road_class``, ``maxspeed`` and a LineString ``geometry``): every consecutive pair of
vertices is an edge (roads meet where they share a vertex), one-way roads only in their
drawn direction, footpaths and cycleways left out. Edge attributes: ``road_id``,
``length`` (m) and ``time`` (s, at the road's speed limit or its class's usual speed).

Closures (a market closing a street, works) remove edges: by road id (``closed_roads``)
or by geometry (:class:`Closure`, optionally valid only between two times; a closure
counts when it is valid at ``at``). Shortest paths use scipy's Dijkstra on the graph's
sparse matrix, nearest nodes a KD-tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import numpy.typing as npt
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree
from shapely import STRtree
from shapely.geometry import LineString
from shapely.geometry.base import BaseGeometry

Node = tuple[float, float]
#: Road classes vehicles do not use.
NOT_FOR_VEHICLES = frozenset({"footway", "pedestrian", "path", "cycleway", "steps", "track"})
#: Usual speed (km/h) of a class when the road has no limit.
CLASS_SPEED = {
    "motorway": 100,
    "trunk": 80,
    "primary": 50,
    "secondary": 50,
    "tertiary": 40,
    "residential": 30,
    "living_street": 10,
    "service": 20,
    "unclassified": 30,
}
DEFAULT_SPEED = 30


@dataclass(frozen=True)
class Closure:
    """A closed area of the network, valid from ``start`` to ``end`` (None: open-ended)."""

    geometry: BaseGeometry
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def active(self, at: dt.datetime | None) -> bool:
        """Whether the closure holds at ``at`` (always, when ``at`` is None)."""
        if at is None:
            return True
        return (self.start is None or self.start <= at) and (self.end is None or at < self.end)


def _node(x: float, y: float) -> Node:
    return (round(x, 2), round(y, 2))


def build_street_graph(
    roads: gpd.GeoDataFrame,
    *,
    closed_roads: Iterable[int] = (),
    closures: Iterable[Closure] = (),
    at: dt.datetime | None = None,
) -> nx.DiGraph:
    """The vehicle graph of ``roads`` without the closed roads and the closures valid at
    ``at`` (an edge touching a closure's geometry is removed)."""
    closed = set(closed_roads)
    shapes = [c.geometry for c in closures if c.active(at)]
    tree = STRtree(shapes) if shapes else None
    graph = nx.DiGraph()
    for row in roads.itertuples(index=False):
        road_class = str(getattr(row, "road_class", "") or "")
        if row.id in closed or road_class in NOT_FOR_VEHICLES:
            continue
        speed = getattr(row, "maxspeed", None) or CLASS_SPEED.get(road_class, DEFAULT_SPEED)
        coords = list(row.geometry.coords)
        for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
            a, b = _node(x1, y1), _node(x2, y2)
            if a == b:
                continue
            if tree is not None and len(tree.query(LineString([a, b]), "intersects")):
                continue
            length = float(np.hypot(x2 - x1, y2 - y1))
            attrs = {"road_id": int(row.id), "length": length, "time": length / (speed / 3.6)}
            graph.add_edge(a, b, **attrs)
            if not bool(row.oneway):
                graph.add_edge(b, a, **attrs)
    return graph


class StreetRouter:
    """Shortest paths on a street graph between arbitrary points (snapped to nodes)."""

    def __init__(self, graph: nx.DiGraph, *, weight: str = "time") -> None:
        if graph.number_of_nodes() == 0:
            raise ValueError("the street graph is empty (no roads for vehicles)")
        self.graph = graph
        self.weight = weight
        self.nodes: list[Node] = list(graph.nodes)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        self.matrix = nx.to_scipy_sparse_array(graph, nodelist=self.nodes, weight=weight)
        self.kdtree = cKDTree(np.array(self.nodes))

    def snap(self, points: Sequence[tuple[float, float]]) -> list[int]:
        """Index of the nearest graph node of each (x, y) point."""
        _, idx = self.kdtree.query(np.asarray(points, dtype=float))
        return [int(i) for i in np.atleast_1d(idx)]

    def cost_matrix(self, points: Sequence[tuple[float, float]]) -> npt.NDArray[np.float64]:
        """Travel cost between every pair of ``points`` (inf when unreachable)."""
        idx = self.snap(points)
        dist, _ = dijkstra(self.matrix, directed=True, indices=idx, return_predecessors=True)
        return np.asarray(dist[:, idx], dtype=np.float64)

    def path(self, a: tuple[float, float], b: tuple[float, float]) -> list[Node]:
        """Node coordinates of the cheapest path from ``a`` to ``b``."""
        ia, ib = self.snap([a, b])
        return list(
            nx.shortest_path(self.graph, self.nodes[ia], self.nodes[ib], weight=self.weight)
        )
