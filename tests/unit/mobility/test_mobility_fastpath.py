"""The fast path agrees with networkx (the model of record), and an incremental patch of
the graph equals a full rebuild."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from gis.mobility.graph import FootwayRecord, PedestrianGraph
from gis.mobility.profiles import PROFILES
from gis.mobility.router import Router
from gis.mobility.synthetic import grid_records

RECORDS = grid_records(30, 30, seed=3)


@pytest.fixture(scope="module")
def router() -> Router:
    return Router(PedestrianGraph.build(RECORDS))


def nx_weight(router: Router, profile_name: str):
    """networkx weight function: the cheapest usable parallel edge, None when all are blocked."""
    pg = router.profile_graph(PROFILES[profile_name])
    row = {key: i for i, key in enumerate(pg.table.keys)}
    cost = pg.costs.cost

    def weight(u: int, v: int, d: dict) -> float | None:
        best = min(cost[row[(u, v, k)]] for k in d)
        return None if not np.isfinite(best) else float(best)

    return weight


@pytest.mark.parametrize("profile", ["manual_wheelchair", "blind"])
def test_fast_path_costs_equal_networkx_on_1000_pairs(router: Router, profile: str) -> None:
    pg = router.profile_graph(PROFILES[profile])
    weight = nx_weight(router, profile)
    g = router.graph.g
    nodes = sorted(g.nodes)
    rnd = random.Random(11)
    reached = 0
    for s in rnd.sample(nodes, 20):  # 20 sources x 50 targets: 1,000 pairs
        slow = nx.single_source_dijkstra_path_length(g, s, weight=weight)
        for t in rnd.sample(nodes, 50):
            fast = pg.shortest(s, t)
            if t not in slow:
                assert fast is None, (s, t)
                continue
            assert fast is not None, (s, t)
            assert fast[0] == pytest.approx(slow[t], rel=1e-9, abs=1e-9)
            reached += 1
    assert reached > 500  # the comparison is about routes that exist


def test_path_nodes_follow_edges_and_add_up(router: Router) -> None:
    pg = router.profile_graph(PROFILES["pedestrian"])
    found = pg.shortest(0, 899)
    assert found is not None
    cost, nodes = found
    rows = [pg.edge(u, v) for u, v in zip(nodes, nodes[1:], strict=False)]
    assert sum(pg.costs.cost[r] for r in rows) == pytest.approx(cost)


def test_incremental_patch_equals_rebuild() -> None:
    graph = PedestrianGraph.build(RECORDS)
    rnd = random.Random(5)
    changed: dict[int, FootwayRecord | None] = {}
    for rec in rnd.sample(RECORDS, 40):
        attrs = {**rec.attrs, "width": 0.5, "incline": 12.0}
        changed[rec.fid] = FootwayRecord(rec.fid, attrs, rec.coords, rec.crossing)
    for rec in rnd.sample(RECORDS, 10):
        changed[rec.fid] = None
    # a new footway ending in the middle of an existing one splits it there
    mid = RECORDS[0].coords[0]
    changed[10_000] = FootwayRecord(
        10_000, RECORDS[0].attrs, ((mid[0] + 25, mid[1] - 30), (mid[0] + 25, mid[1]))
    )
    bent = RECORDS[0]
    changed[bent.fid] = FootwayRecord(
        bent.fid, bent.attrs, (bent.coords[0], (mid[0] + 25, mid[1]), bent.coords[1])
    )
    touched = graph.apply(changed)
    assert len(touched) < len(RECORDS) / 4  # a patch, not a rebuild
    merged = {r.fid: r for r in RECORDS} | changed
    fresh = PedestrianGraph.build([r for r in merged.values() if r is not None])

    def summary(g: PedestrianGraph) -> list[tuple]:
        out = []
        for u, v, d in g.g.edges(data=True):
            a, b = g.g.nodes[u], g.g.nodes[v]
            incline = None if np.isnan(d["incline"]) else round(d["incline"], 6)
            out.append((a["x"], a["y"], b["x"], b["y"], d["fid"], d["width"], incline))
        return sorted(out)

    assert summary(graph) == summary(fresh)
    router = Router(graph)
    assert router.profile_graph(PROFILES["walker"]).shortest(0, 899) is not None
