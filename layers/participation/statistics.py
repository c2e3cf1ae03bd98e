"""Where participation and money go: per neighbourhood (ballots, residents, funded money
per head) and the funded/feasible projects overlaid with flood zones and crossings."""

from __future__ import annotations

from typing import Any

import psycopg

from layers.participation.rows import as_dicts

NEIGHBOURHOODS = (
    "WITH funded AS ("
    "  SELECT n.id AS nid, sum(coalesce(p.reviewed_cost, p.estimated_cost)) AS money"
    "  FROM pb_proposals p JOIN neighbourhoods n ON ST_Intersects(n.geom, ST_PointOnSurface(p.geom))"
    "  WHERE p.process_id = %(process)s AND p.funded GROUP BY n.id),"
    " votes AS (SELECT neighbourhood, count(*) AS ballots FROM pb_ballots"
    "  WHERE process_id = %(process)s GROUP BY neighbourhood),"
    " census AS (SELECT neighbourhood, count(*) AS residents FROM census_entries GROUP BY neighbourhood)"
    " SELECT n.id, n.name_el, n.name_en, coalesce(c.residents, n.population) AS residents,"
    "  coalesce(v.ballots, 0) AS ballots, coalesce(f.money, 0) AS funded_money, ST_AsGeoJSON(ST_Transform(ST_SimplifyPreserveTopology(n.geom, 5), 4326), 7)::jsonb AS geometry"
    " FROM neighbourhoods n LEFT JOIN funded f ON f.nid = n.id"
    " LEFT JOIN votes v ON v.neighbourhood = n.name_el"
    " LEFT JOIN census c ON c.neighbourhood = n.name_el ORDER BY n.id"
)

#: Crossings within this distance (m) of a project are listed with it.
CROSSING_RADIUS_M = 50

OVERLAY = (
    "SELECT p.id, p.title, p.funded, coalesce(p.reviewed_cost, p.estimated_cost) AS cost,"
    " (SELECT coalesce(array_agg(DISTINCT z.hazard ORDER BY z.hazard), '{}') FROM flood_zones z"
    "   WHERE ST_Intersects(z.geom, p.geom)) AS flood_hazards,"
    " (SELECT count(*) FROM crossings x WHERE ST_DWithin(x.geom, p.geom, %(radius)s))"
    "   AS crossings_nearby, ST_AsGeoJSON(ST_Transform(p.geom, 4326), 7)::jsonb AS geometry FROM pb_proposals p WHERE p.process_id = %(process)s AND NOT p.hidden"
    " AND p.verdict = 'feasible' ORDER BY p.id"
)


async def by_neighbourhood(conn: psycopg.AsyncConnection, process_id: int) -> list[dict[str, Any]]:
    """Per neighbourhood: residents (census, else population), ballots, turnout, funded
    money located there (by the project's point on surface) and money per head."""
    cur = await conn.execute(NEIGHBOURHOODS, {"process": process_id})
    rows = as_dicts(cur, await cur.fetchall())
    for row in rows:
        residents = row["residents"] or 0
        row["turnout"] = round(row["ballots"] / residents, 4) if residents else None
        row["money_per_head"] = (
            round(float(row["funded_money"]) / residents, 2) if residents else None
        )
    return rows


async def project_overlay(conn: psycopg.AsyncConnection, process_id: int) -> list[dict[str, Any]]:
    """Feasible projects with the flood-zone hazards they touch and the crossings near
    them (the municipality has no planned-works layer yet)."""
    cur = await conn.execute(OVERLAY, {"process": process_id, "radius": CROSSING_RADIUS_M})
    return as_dicts(cur, await cur.fetchall())
