"""The routing graph on the demo database: schema, pgRouting agreement, edits, barriers."""

from __future__ import annotations

import random
import time

import numpy as np
import psycopg
import pytest

from gis.mobility.live import LiveNetwork
from gis.mobility.profiles import PROFILES
from gis.mobility.router import Router, RoutingError, lonlat


def test_schema_checks_and_change_log(conn: psycopg.Connection, demo_settings) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute(
            "UPDATE crossings SET extension_s = 14 WHERE id = (SELECT min(id) FROM crossings)"
        )
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("UPDATE footways SET kerb_start_height = 2 WHERE id = 1")
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("UPDATE footways SET smoothness = 'wobbly' WHERE id = 1")
    before = conn.execute("SELECT coalesce(max(seq), 0) FROM mobility_changes").fetchone()[0]
    conn.execute("UPDATE footways SET lit = lit WHERE id IN (1, 2)")
    rows = conn.execute(
        "SELECT layer, fid FROM mobility_changes WHERE seq > %s ORDER BY fid", (before,)
    ).fetchall()
    assert rows == [("footways", 1), ("footways", 2)]


def test_demo_graph_carries_the_attributes(live: LiveNetwork) -> None:
    router = live.router()
    g = router.graph.g
    assert g.number_of_edges() > 4000
    crossings = [d for _, _, d in g.edges(data=True) if d["crossing"] is not None]
    assert len(crossings) > 500
    assert any(d["crossing"]["traffic_signals_sound"] for d in crossings)
    assert any(d["kerb_from_height"] is not None for d in crossings)
    assert any(d["smoothness"] is not None for _, _, d in g.edges(data=True))
    assert any(d["steps"] for _, _, d in g.edges(data=True))
    kerb_nodes = [n for n, d in g.nodes(data=True) if "kerb" in d]
    assert kerb_nodes


@pytest.mark.parametrize("profile", ["manual_wheelchair", "pedestrian"])
def test_fast_path_equals_pgrouting_on_1000_pairs(
    live: LiveNetwork, conn: psycopg.Connection, profile: str
) -> None:
    router = live.router()
    pg = router.profile_graph(PROFILES[profile])
    t = pg.table
    cost = np.where(np.isfinite(pg.costs.cost), pg.costs.cost, -1.0)
    with conn.transaction():
        conn.execute(
            "CREATE TEMP TABLE route_edges (id int, source int, target int, cost float8, "
            "reverse_cost float8) ON COMMIT DROP"
        )
        with conn.cursor().copy("COPY route_edges FROM STDIN") as copy:
            for i in range(len(cost)):
                copy.write_row((i + 1, int(t.src[i]), int(t.dst[i]), float(cost[i]), -1.0))
        nodes = sorted(router.graph.g.nodes)
        rnd = random.Random(7)
        pairs = [tuple(rnd.sample(nodes, 2)) for _ in range(1000)]
        conn.execute("CREATE TEMP TABLE route_pairs (source int, target int) ON COMMIT DROP")
        with conn.cursor().copy("COPY route_pairs FROM STDIN") as copy:
            for s, d in pairs:
                copy.write_row((s, d))
        rows = conn.execute(
            "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstra("
            "'SELECT id, source, target, cost, reverse_cost FROM route_edges', "
            "'SELECT source, target FROM route_pairs', directed => true) WHERE edge = -1"
        ).fetchall()
    theirs = {(s, d): c for s, d, c in rows}
    reached = 0
    for s, d in pairs:
        ours = pg.shortest(s, d)
        if (s, d) not in theirs:
            assert ours is None, (s, d)
            continue
        assert ours is not None, (s, d)
        assert ours[0] == pytest.approx(theirs[(s, d)], rel=1e-9, abs=1e-6)
        reached += 1
    assert reached > 300


def pick_route(
    router: Router, profile: str
) -> tuple[tuple[float, float], tuple[float, float], dict]:
    """A route of at least 300 m that the profile can take."""
    g = router.graph.g
    nodes = sorted(g.nodes)
    rnd = random.Random(3)
    for _ in range(200):
        a, b = rnd.sample(nodes, 2)
        start = tuple(map(float, lonlat(g.nodes[a]["x"], g.nodes[a]["y"])))
        end = tuple(map(float, lonlat(g.nodes[b]["x"], g.nodes[b]["y"])))
        try:
            fc = router.route(PROFILES[profile], start, end)
        except RoutingError:
            continue
        if fc["features"][0]["properties"]["length_m"] > 300:
            return start, end, fc
    raise AssertionError("no route found")


def used(fc: dict) -> list[int]:
    return [f["properties"]["footway_id"] for f in fc["features"][1:]]


def test_an_edit_shows_in_the_next_route(live: LiveNetwork, conn: psycopg.Connection) -> None:
    router = live.router()
    start, end, fc = pick_route(router, "manual_wheelchair")
    sidewalks = [f["properties"]["footway_id"] for f in fc["features"][1:]
                 if f["properties"]["footway_type"] == "sidewalk"]  # fmt: skip
    victim = sidewalks[len(sidewalks) // 2]
    old = conn.execute("SELECT width FROM footways WHERE id = %s", (victim,)).fetchone()[0]
    conn.execute("UPDATE footways SET width = 0.5 WHERE id = %s", (victim,))
    try:
        clock = time.perf_counter()
        router = live.router()
        refresh = time.perf_counter() - clock
        assert refresh < 2.0
        try:
            assert victim not in used(router.route(PROFILES["manual_wheelchair"], start, end))
        except RoutingError as exc:
            assert exc.constraint == "min_width"
    finally:
        conn.execute("UPDATE footways SET width = %s WHERE id = %s", (old, victim))
    assert used(live.router().route(PROFILES["manual_wheelchair"], start, end)) == used(fc)


def test_barrier_reports_block_until_closed_or_expired(
    live: LiveNetwork, conn: psycopg.Connection
) -> None:
    router = live.router()
    start, end, fc = pick_route(router, "pedestrian")
    segment = fc["features"][1 + len(fc["features"]) // 2]
    victim = segment["properties"]["footway_id"]
    lon, lat = segment["geometry"]["coordinates"][0]
    report = conn.execute(
        "INSERT INTO barrier_reports (reason, expires_at, geom) VALUES ('blocked', "
        "now() + interval '2 seconds', ST_Transform(ST_ClosestPoint(ST_Transform((SELECT geom "
        "FROM footways WHERE id = %s), 4326), ST_SetSRID(ST_MakePoint(%s, %s), 4326)), 2100)) "
        "RETURNING id",
        (victim, lon, lat),
    ).fetchone()[0]
    assert victim not in used(live.router().route(PROFILES["pedestrian"], start, end))
    time.sleep(2.2)
    assert used(live.router().route(PROFILES["pedestrian"], start, end)) == used(fc)
    status = conn.execute("SELECT status FROM barrier_reports WHERE id = %s", (report,)).fetchone()
    assert status == ("expired",)
    conn.execute(
        "INSERT INTO barrier_reports (reason, expires_at, geom) SELECT 'broken', "
        "now() + interval '1 day', ST_LineInterpolatePoint(geom, 0.5) FROM footways WHERE id = %s",
        (victim,),
    )
    assert victim not in used(live.router().route(PROFILES["pedestrian"], start, end))
    conn.execute("UPDATE barrier_reports SET status = 'closed' WHERE status = 'open'")
    assert used(live.router().route(PROFILES["pedestrian"], start, end)) == used(fc)


def test_the_mobility_commands(demo_settings, live: LiveNetwork) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    polis = str(Path(sys.executable).parent / "polis")
    env = {**os.environ, "COLUMNS": "200", "POLIS_DATABASE_URL": demo_settings.dsn,
           "POLIS_VAR_DIR": str(demo_settings.var_dir)}  # fmt: skip

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [polis, "mobility", *args], env=env, capture_output=True, text=True, timeout=120
        )

    graph = run("graph")
    assert graph.returncode == 0, graph.stderr
    assert f"{live.router().graph.g.number_of_edges():,}" in graph.stdout
    start, end, fc = pick_route(live.router(), "pedestrian")
    routed = run("route", f"{start[0]},{start[1]}", f"{end[0]},{end[1]}", "--lang", "en")
    assert routed.returncode == 0, routed.stderr
    assert "You have arrived." in routed.stdout
    assert f"{fc['features'][0]['properties']['length_m']:.0f} m" in routed.stdout
    assert run("route", "21.9,39.3", "21.92,39.36", "--profile", "skater").returncode == 2
    audited = run("audit", "--limit", "3")
    assert audited.returncode == 0 and "missing" in audited.stdout
