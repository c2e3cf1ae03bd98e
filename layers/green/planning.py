"""What planning reads and writes: the roads for the street graph, the trees with their
species' benefit parameters, each neighbourhood's canopy, built and flood shares, and
the planting-priority table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import psycopg
import shapely
from psycopg.rows import dict_row

from models.base import STORAGE_SRID


async def road_frame(conn: psycopg.AsyncConnection) -> gpd.GeoDataFrame:
    """The ``roads`` layer as a GeoDataFrame (EPSG:2100)."""
    cur = await conn.execute(
        "SELECT id, oneway, road_class, maxspeed, ST_AsBinary(geom) FROM roads ORDER BY id"
    )
    rows = await cur.fetchall()
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "oneway": [r[1] for r in rows],
            "road_class": [r[2] for r in rows],
            "maxspeed": [r[3] for r in rows],
        },
        geometry=shapely.from_wkb([bytes(r[4]) for r in rows]),
        crs=STORAGE_SRID,
    )


async def benefit_tables(
    conn: psycopg.AsyncConnection,
) -> tuple[dict[str, float], list[dict[str, Any]]]:
    """(method parameters {name: value}, species rows)."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute("SELECT name, value FROM green_benefit_parameters")
    params = {r["name"]: r["value"] for r in await cur.fetchall()}
    await cur.execute(
        "SELECT latin, name_el, name_en, biomass_group, biomass_b0, biomass_b1, growth_cm, lai, "
        "source FROM green_species ORDER BY latin"
    )
    return params, await cur.fetchall()


async def benefit_parameters(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    """The method's parameters with their units and sources."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(
        "SELECT name, value, unit, source FROM green_benefit_parameters ORDER BY name"
    )
    return await cur.fetchall()


async def trees_for_benefits(
    conn: psycopg.AsyncConnection, tree_ids: Sequence[int] | None = None
) -> list[dict[str, Any]]:
    """Trees (id, species, dbh_cm, crown_m, condition) and the neighbourhood each stands in."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(
        "SELECT t.id, t.species, t.dbh_cm, t.crown_m, t.condition, "
        "(SELECT n.id FROM neighbourhoods n WHERE ST_Intersects(n.geom, t.geom) ORDER BY n.id "
        "LIMIT 1) AS neighbourhood FROM trees t "
        "WHERE %(ids)s::int[] IS NULL OR t.id = ANY(%(ids)s) ORDER BY t.id",
        {"ids": list(tree_ids) if tree_ids is not None else None},
    )
    return await cur.fetchall()


async def neighbourhood_exposure(conn: psycopg.AsyncConnection) -> list[dict[str, Any]]:
    """Per neighbourhood: name, tree count, canopy, built and flooded shares of its area
    (canopy: the union of the trees' crown discs; a tree without a crown diameter adds
    none)."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(
        "SELECT n.id, n.name_el, n.name_en, "
        "(SELECT count(*) FROM trees t WHERE ST_Intersects(n.geom, t.geom)) AS trees, "
        "COALESCE(ST_Area(ST_Intersection(n.geom, (SELECT ST_Union(ST_Buffer(t.geom, "
        "t.crown_m / 2, 8)) FROM trees t WHERE t.crown_m IS NOT NULL "
        "AND ST_DWithin(n.geom, t.geom, 30)))) / NULLIF(ST_Area(n.geom), 0), 0) AS canopy, "
        "COALESCE(ST_Area(ST_Intersection(n.geom, (SELECT ST_Union(b.geom) FROM buildings b "
        "WHERE ST_Intersects(n.geom, b.geom)))) / NULLIF(ST_Area(n.geom), 0), 0) AS built, "
        "COALESCE(ST_Area(ST_Intersection(n.geom, (SELECT ST_Union(f.geom) FROM flood_zones f "
        "WHERE ST_Intersects(n.geom, f.geom)))) / NULLIF(ST_Area(n.geom), 0), 0) AS flood "
        "FROM neighbourhoods n ORDER BY n.id"
    )
    return await cur.fetchall()


async def write_priority(conn: psycopg.AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    """Replace the planting-priority table with ``rows`` (one transaction)."""
    async with conn.transaction():
        await conn.execute("DELETE FROM green_planting_priority")
        async with conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO green_planting_priority (neighbourhood_id, name_el, name_en, trees, canopy_pct, "
                "flood_pct, heat_index, priority, priority_class, carbon_kg, "
                "sequestration_kg_yr, stormwater_m3_yr, pollution_kg_yr, geom) "
                "SELECT %(id)s, name_el, name_en, %(trees)s, %(canopy_pct)s, %(flood_pct)s, "
                "%(heat_index)s, %(priority)s, %(priority_class)s, %(carbon_kg)s, "
                "%(sequestration_kg_yr)s, %(stormwater_m3_yr)s, %(pollution_kg_yr)s, geom "
                "FROM neighbourhoods WHERE id = %(id)s",
                list(rows),
            )
