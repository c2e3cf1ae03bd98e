"""Spatial and temporal extents of layers, read from the data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import psycopg
from psycopg import sql

from layers.registry import LayerSpec, Registry

#: Used for an empty layer: the demo town's region (Karditsa municipality).
FALLBACK_BBOX = (21.689, 39.102, 22.053, 39.466)


@dataclass(frozen=True)
class Extent:
    """CRS84 bounding box, optional time interval and the feature count of a layer."""

    bbox: tuple[float, float, float, float]
    begin: dt.date | dt.datetime | None
    end: dt.date | dt.datetime | None
    count: int


def layer_extent(conn: psycopg.Connection, spec: LayerSpec) -> Extent:
    """The extent of one layer (transforming the 2100 box, not every row)."""
    time_cols = (
        sql.SQL("min(t.{0}), max(t.{0})").format(sql.Identifier(spec.time_field))
        if spec.time_field
        else sql.SQL("NULL, NULL")
    )
    query = sql.SQL(
        "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b), lo, hi, n FROM ("
        "SELECT ST_Transform(ST_SetSRID(ST_Extent(t.geom)::geometry, {srid}), 4326) AS b, "
        "{time_cols}, count(*) AS n FROM {table} AS t) AS e(b, lo, hi, n)"
    ).format(
        srid=sql.Literal(spec.srid), time_cols=time_cols, table=sql.Identifier(spec.table_name)
    )
    row = conn.execute(query).fetchone()
    assert row is not None
    if row[0] is None:
        return Extent(FALLBACK_BBOX, None, None, 0)
    bbox = (round(row[0], 6), round(row[1], 6), round(row[2], 6), round(row[3], 6))
    return Extent(bbox, row[4], row[5], int(row[6]))


def all_extents(conn: psycopg.Connection, registry: Registry) -> dict[str, Extent]:
    """Extents of every registry layer."""
    return {spec.id: layer_extent(conn, spec) for spec in registry}


def layer_sources(conn: psycopg.Connection) -> dict[str, tuple[str, bool, str | None]]:
    """``{layer_id: (source, synthetic, licence)}`` from ``layer_sources``."""
    rows = conn.execute("SELECT layer_id, source, synthetic, licence FROM layer_sources")
    return {r[0]: (r[1], bool(r[2]), r[3]) for r in rows}
