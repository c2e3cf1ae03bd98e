"""Market-day closures as routing reads them: on the street graph of issue #12
(``gis.core.street_graph``), a route between the two ends of the Saturday market's street
avoids it during market hours (set-up to clean-up) and takes it afterwards."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import psycopg
import shapely

from api.settings import PolisSettings
from gis.core.street_graph import StreetRouter, build_street_graph
from layers.commerce.closures import closed_road_ids, make_closures
from layers.commerce.moments import ATHENS
from layers.green.planning import road_frame

SATURDAY = dt.date(2026, 12, 12)
DURING = dt.datetime(2026, 12, 12, 9, 30, tzinfo=ATHENS)
AFTER = dt.datetime(2026, 12, 12, 16, 0, tzinfo=ATHENS)


def _setup(dsn: str) -> Any:
    async def go() -> Any:
        async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as c:
            await make_closures(c, 1, SATURDAY, 1)
            return await road_frame(c)

    return asyncio.run(go())


def _route(roads: Any, closed: set[int], a: tuple[float, float], b: tuple[float, float]) -> Any:
    graph = build_street_graph(roads, closed_roads=closed)
    nodes = StreetRouter(graph, weight="length").path(a, b)
    used = {graph.edges[u, v]["road_id"] for u, v in zip(nodes, nodes[1:], strict=False)}
    length = sum(graph.edges[u, v]["length"] for u, v in zip(nodes, nodes[1:], strict=False))
    return used, length


def test_route_avoids_the_market_street_only_in_market_hours(
    demo_settings: PolisSettings,
) -> None:
    roads = _setup(demo_settings.dsn)
    with psycopg.connect(demo_settings.dsn) as c:
        closed_now = closed_road_ids(c, DURING)
        assert closed_road_ids(c, AFTER) == set()
        row = c.execute("SELECT ST_AsBinary(geom) FROM markets WHERE id = 1").fetchone()
    assert row is not None and closed_now
    street = shapely.line_merge(shapely.from_wkb(bytes(row[0])))
    ends = shapely.get_coordinates(street)
    a, b = tuple(ends[0]), tuple(ends[-1])
    used_during, length_during = _route(roads, closed_now, a, b)
    used_after, length_after = _route(roads, set(), a, b)
    assert not used_during & closed_now  # the market's street is avoided
    assert used_after & closed_now  # open again: the direct way along it
    assert length_during > length_after
