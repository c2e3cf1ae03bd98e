"""The pedestrian graph (networkx, the model of record) built from footway records.

Nodes are the footways' end points and the interior vertices two footways share
(rounded to the centimetre), so an OSM way crossed mid-way by another is split there.
Every piece of a footway between two nodes becomes two directed edges (the incline is
signed in the direction of travel). Edges carry length, incline (the layer's, else from
the DEM along the piece), width, surface, smoothness, steps, lit, tactile paving,
wheelchair access, the kerbs at their ends (type and height; a crossing edge without
its own kerbs takes the crossing's), and for crossing edges the crossing's marking,
signals, sound, vibration, button and island. Nodes where a kerb is carry ``kerb`` and
``kerb_height``.

:meth:`PedestrianGraph.apply` patches the graph for changed footways only: their edges
and those of the footways sharing a vertex with them are rebuilt, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from gis.mobility.costs import edge_row
from gis.mobility.incline import grade_percent
from models.enums import FootwayType, KerbType

Key = tuple[int, int]
#: Heights (m) at points (x, y arrays, EPSG:2100); NaN where unknown.
HeightFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class FootwayRecord:
    """A footway row: its id, attributes, line (EPSG:2100) and the crossing on it."""

    fid: int
    attrs: Mapping[str, Any]
    coords: tuple[tuple[float, float], ...]
    crossing: Mapping[str, Any] | None = None


def node_key(x: float, y: float) -> Key:
    """A point rounded to the centimetre."""
    return (round(x * 100), round(y * 100))


@dataclass
class PedestrianGraph:
    """The networkx graph with the bookkeeping that lets it change piece by piece."""

    heights: HeightFn | None = None
    g: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    records: dict[int, FootwayRecord] = field(default_factory=dict)
    owners: dict[Key, set[int]] = field(default_factory=dict)
    nodes: dict[Key, int] = field(default_factory=dict)
    edges_of: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    barriers: frozenset[int] = frozenset()
    version: int = 0

    @classmethod
    def build(
        cls, records: Iterable[FootwayRecord], heights: HeightFn | None = None
    ) -> PedestrianGraph:
        """The graph of ``records``."""
        graph = cls(heights=heights)
        graph.apply({r.fid: r for r in records})
        return graph

    # ------------------------------------------------------------------ changes
    def apply(self, changed: Mapping[int, FootwayRecord | None]) -> set[int]:
        """Replace (record), add or remove (None) footways; returns the footway ids whose
        edges were rebuilt."""
        touched: set[int] = set()
        for fid, record in changed.items():
            old = self.records.pop(fid, None)
            if old is not None:
                touched |= self._unregister(old)
            if record is not None:
                self.records[fid] = record
                touched |= self._register(record)
        touched |= set(changed)
        ends: set[int] = set()
        for fid in touched:
            ends |= self._drop_edges(fid)
        for fid in sorted(touched):
            record = self.records.get(fid)
            if record is not None:
                self._add_edges(record)
        self.g.remove_nodes_from([n for n in ends if n in self.g and self.g.degree(n) == 0])
        self.version += 1
        return touched

    def set_barriers(self, fids: Iterable[int]) -> bool:
        """Mark the footways blocked by open barrier reports; True when that changed."""
        new = frozenset(fids)
        if new == self.barriers:
            return False
        for fid in new ^ self.barriers:
            for u, v, k in self.edges_of.get(fid, ()):
                self.g.edges[u, v, k]["barrier"] = fid in new
        self.barriers = new
        self.version += 1
        return True

    def _register(self, record: FootwayRecord) -> set[int]:
        near: set[int] = set()
        for x, y in record.coords:
            owners = self.owners.setdefault(node_key(x, y), set())
            near |= owners
            owners.add(record.fid)
        return near

    def _unregister(self, record: FootwayRecord) -> set[int]:
        near: set[int] = set()
        for x, y in record.coords:
            key = node_key(x, y)
            owners = self.owners.get(key)
            if owners is None:
                continue
            owners.discard(record.fid)
            near |= owners
            if not owners:
                del self.owners[key]
        return near

    def _node(self, x: float, y: float) -> int:
        key = node_key(x, y)
        node = self.nodes.get(key)
        if node is None:
            node = len(self.nodes)
            self.nodes[key] = node
        if node not in self.g:
            self.g.add_node(node, x=key[0] / 100, y=key[1] / 100)
        return node

    def _drop_edges(self, fid: int) -> set[int]:
        """Remove a footway's edges; returns the nodes they joined."""
        ends: set[int] = set()
        for u, v, k in self.edges_of.pop(fid, ()):
            if self.g.has_edge(u, v, k):
                self.g.remove_edge(u, v, k)
            ends |= {u, v}
        return ends

    # ------------------------------------------------------------------ edges
    def _pieces(self, record: FootwayRecord) -> list[np.ndarray]:
        coords = np.asarray(record.coords, dtype="float64")
        cuts = [0]
        for i in range(1, len(coords) - 1):
            if len(self.owners.get(node_key(*coords[i]), ())) > 1:
                cuts.append(i)
        cuts.append(len(coords) - 1)
        return [coords[a : b + 1] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]

    def _add_edges(self, record: FootwayRecord) -> None:
        pieces = self._pieces(record)
        if not pieces:
            return
        lengths = np.array([np.hypot(*np.diff(p, axis=0).T).sum() for p in pieces])
        inclines = self._inclines(record, pieces, lengths)
        base = _base_attributes(record)
        crossing = record.crossing
        kerb_a, height_a = _kerb(record, "start", crossing)
        kerb_b, height_b = _kerb(record, "end", crossing)
        keys: list[tuple[int, int, int]] = []
        last = len(pieces) - 1
        for i, (piece, length, incline) in enumerate(zip(pieces, lengths, inclines, strict=True)):
            u = self._node(*piece[0])
            v = self._node(*piece[-1])
            if u == v:
                continue
            start = (kerb_a, height_a) if i == 0 else (None, None)
            end = (kerb_b, height_b) if i == last else (None, None)
            for a, b, line, grade, k0, k1 in (
                (u, v, piece, incline, start, end),
                (v, u, piece[::-1], -incline if incline == incline else incline, end, start),
            ):
                attrs = {
                    **base,
                    "length": float(length),
                    "incline": float(grade),
                    "kerb_from": k0[0],
                    "kerb_from_height": k0[1],
                    "kerb_to": k1[0],
                    "kerb_to_height": k1[1],
                    "coords": line,
                    "barrier": record.fid in self.barriers,
                }
                attrs["row"] = edge_row(attrs)
                keys.append((a, b, self.g.add_edge(a, b, **attrs)))
            for node, (kerb, height) in ((u, start), (v, end)):
                if kerb is not None or height is not None:
                    self.g.nodes[node]["kerb"] = kerb
                    self.g.nodes[node]["kerb_height"] = height
        self.edges_of[record.fid] = keys

    def _inclines(
        self, record: FootwayRecord, pieces: list[np.ndarray], lengths: np.ndarray
    ) -> np.ndarray:
        given = record.attrs.get("incline")
        if given is not None:
            return np.full(len(pieces), float(given))
        if self.heights is None:
            return np.full(len(pieces), np.nan)
        starts = np.array([p[0] for p in pieces])
        ends = np.array([p[-1] for p in pieces])
        z0 = self.heights(starts[:, 0], starts[:, 1])
        z1 = self.heights(ends[:, 0], ends[:, 1])
        return grade_percent(z0, z1, lengths)


def _base_attributes(record: FootwayRecord) -> dict[str, Any]:
    a = record.attrs
    kind = a.get("footway_type")
    out = {
        "fid": record.fid,
        "footway_type": kind,
        "width": a.get("width"),
        "surface": a.get("surface"),
        "smoothness": a.get("smoothness"),
        "steps": kind == FootwayType.STEPS,
        "step_count": a.get("step_count"),
        "lit": a.get("lit"),
        "tactile_paving": a.get("tactile_paving"),
        "wheelchair": a.get("wheelchair"),
        "incline_from_dem": a.get("incline") is None,
        "crossing": None,
    }
    if record.crossing is not None:
        out["crossing"] = dict(record.crossing)
    return out


def _kerb(
    record: FootwayRecord, end: str, crossing: Mapping[str, Any] | None
) -> tuple[KerbType | None, float | None]:
    """The kerb at one end of a footway: its own, else (crossing edges) the crossing's."""
    kerb = record.attrs.get(f"kerb_{end}")
    height = record.attrs.get(f"kerb_{end}_height")
    if kerb is None and height is None and crossing is not None:
        kerb, height = crossing.get("kerb"), crossing.get("kerb_height")
    return (KerbType(kerb) if kerb is not None else None), height
