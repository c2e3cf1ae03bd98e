"""Planning runs: benefits per tree and per neighbourhood, the planting-priority layer,
and each crew's route for a day over the street network."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
import psycopg
from pyproj import Transformer

from gis.core.street_graph import Closure, StreetRouter, build_street_graph
from gis.green.benefits import (
    NONE,
    MethodParams,
    SpeciesParams,
    TreeBenefits,
    species_or_default,
    tree_benefits,
)
from gis.green.priority import Exposure, priorities
from gis.green.tour import plan_tour
from layers.green.planning import (
    benefit_tables,
    neighbourhood_exposure,
    road_frame,
    trees_for_benefits,
    write_priority,
)
from models.enums import TreeCondition
from models.errors import InvalidInput

TO_2100 = Transformer.from_crs(4326, 2100, always_xy=True)
TO_4326 = Transformer.from_crs(2100, 4326, always_xy=True)
#: Unreachable stops cost this much (s) so they go last rather than break the tour.
UNREACHABLE = 1e7


async def tree_benefit_map(
    conn: psycopg.AsyncConnection, tree_ids: list[int] | None = None
) -> dict[int, tuple[int | None, TreeBenefits]]:
    """tree id -> (neighbourhood, benefits)."""
    values, species_rows = await benefit_tables(conn)
    method = MethodParams.from_table(values)
    table = {
        r["latin"]: SpeciesParams(r["biomass_b0"], r["biomass_b1"], r["growth_cm"], r["lai"])
        for r in species_rows
    }
    out: dict[int, tuple[int | None, TreeBenefits]] = {}
    for t in await trees_for_benefits(conn, tree_ids):
        species = species_or_default(table, t["species"], method)
        b = tree_benefits(t["dbh_cm"], t["crown_m"], TreeCondition(t["condition"]), species, method)
        out[t["id"]] = (t["neighbourhood"], b)
    return out


async def refresh_planting_priority(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    """Recompute canopy, exposure, priority and benefits of every neighbourhood."""
    sums: dict[int, TreeBenefits] = defaultdict(lambda: NONE)
    for hood, b in (await tree_benefit_map(conn)).values():
        if hood is not None:
            sums[hood] = sums[hood] + b
    areas = await neighbourhood_exposure(conn)
    scored = priorities([Exposure(a["canopy"], a["built"], a["flood"]) for a in areas])
    rows = []
    for a, p in zip(areas, scored, strict=True):
        b = sums[a["id"]]
        rows.append(
            {
                "id": a["id"],
                "trees": a["trees"],
                "canopy_pct": round(100 * a["canopy"], 2),
                "flood_pct": round(100 * a["flood"], 2),
                "heat_index": p.heat_index,
                "priority": p.priority,
                "priority_class": p.priority_class.value,
                **{k: round(v, 2) for k, v in b.__dict__.items()},
            }
        )
    await write_priority(conn, rows)
    return rows


async def crew_route(
    conn: psycopg.AsyncConnection,
    depot: tuple[float, float],
    stops: list[tuple[int, float, float]],
    *,
    closures: Sequence[Closure] = (),
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Order ``stops`` ((order id, lon, lat)) into a round trip from ``depot`` (lon, lat)
    over the vehicle street graph; returns the order ids in visiting order, the travel
    time (s) and length (m) and the path as lon/lat coordinates."""
    if not stops:
        return {"orders": [], "time_s": 0.0, "length_m": 0.0, "path": []}
    graph = build_street_graph(await road_frame(conn), closures=closures, at=at)
    if graph.number_of_nodes() == 0:
        raise InvalidInput("roads: the street network has no roads for vehicles", field="roads")
    router = StreetRouter(graph, weight="time")
    lonlat = [depot, *((lon, lat) for _, lon, lat in stops)]
    xs, ys = TO_2100.transform([p[0] for p in lonlat], [p[1] for p in lonlat])
    points = list(zip(xs, ys, strict=True))
    cost = router.cost_matrix(points)
    cost[~np.isfinite(cost)] = UNREACHABLE
    tour = plan_tour(cost)
    path: list[list[float]] = []
    length = 0.0
    for a, b in zip(tour, [*tour[1:], tour[0]], strict=True):
        nodes = router.path(points[a], points[b])
        for u, v in zip(nodes, nodes[1:], strict=False):
            length += router.graph.edges[u, v]["length"]
        lons, lats = TO_4326.transform([n[0] for n in nodes], [n[1] for n in nodes])
        path.extend([round(x, 6), round(y, 6)] for x, y in zip(lons, lats, strict=True))
    time_s = float(sum(cost[a, b] for a, b in zip(tour, [*tour[1:], tour[0]], strict=True)))
    return {
        "orders": [stops[i - 1][0] for i in tour if i != 0],
        "time_s": round(time_s, 1),
        "length_m": round(length, 1),
        "path": path,
    }
