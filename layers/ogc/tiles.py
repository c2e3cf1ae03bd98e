"""Mapbox Vector Tiles of a layer in the WebMercatorQuad tile matrix set, built by PostGIS.

Integer SRIDs throughout (``ST_TileEnvelope`` in 3857, the filter envelope transformed
once to the storage SRID), so the per-row cost is one ``ST_Transform`` to 3857.
"""

from __future__ import annotations

from functools import lru_cache

from psycopg import sql
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from layers.db.pools import read_one, read_one_sync
from layers.registry import LayerSpec
from models.errors import InvalidParameter, NotFound

TMS_ID = "WebMercatorQuad"
EXTENT = 4096
BUFFER = 64
MAX_ZOOM = 22


def check_tile(spec: LayerSpec, tms: str, z: int, y: int, x: int) -> None:
    """Reject tiles outside the tile matrix set (400) and layers without tiles (404)."""
    if not spec.tiles:
        raise NotFound(
            f"collection '{spec.id}' is not served as vector tiles", field="collectionId"
        )
    if tms != TMS_ID:
        raise NotFound(
            f"tile matrix set '{tms}' is not supported; use {TMS_ID}", field="tileMatrixSetId"
        )
    if not 0 <= z <= MAX_ZOOM:
        raise InvalidParameter("tileMatrix", f"{z} is out of range 0..{MAX_ZOOM}")
    size = 2**z
    if not 0 <= y < size:
        raise InvalidParameter("tileRow", f"{y} is out of range 0..{size - 1} at zoom {z}")
    if not 0 <= x < size:
        raise InvalidParameter("tileCol", f"{x} is out of range 0..{size - 1} at zoom {z}")


@lru_cache(maxsize=128)
def tile_sql(spec: LayerSpec) -> bytes:
    """SQL returning the MVT bytes of tile ``%(z)s/%(x)s/%(y)s`` (one layer named ``spec.id``)."""
    props = sql.SQL(", ").join(
        sql.SQL("t.{}").format(sql.Identifier(p.name)) for p in spec.properties
    )
    return (
        sql.SQL(
            "WITH b AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS env, "
            "ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => {margin}), {srid}) AS filt) "
            "SELECT ST_AsMVT(q, {name}, {extent}, 'geom', 'id') FROM ("
            "SELECT t.id, {props}, ST_AsMVTGeom(ST_Transform(t.geom, 3857), b.env, {extent}, "
            "{buffer}, true) AS geom FROM {table} AS t, b WHERE t.geom && b.filt) AS q"
        )
        .format(
            margin=sql.Literal(BUFFER / EXTENT),
            srid=sql.Literal(spec.srid),
            name=sql.Literal(spec.id),
            extent=sql.Literal(EXTENT),
            buffer=sql.Literal(BUFFER),
            props=props,
            table=sql.Identifier(spec.table_name),
        )
        .as_bytes(None)
    )


async def fetch_tile(pool: AsyncConnectionPool, spec: LayerSpec, z: int, y: int, x: int) -> bytes:
    """The tile's MVT bytes (empty when no feature touches it, or below the layer's
    ``tile_min_zoom``, where one tile would carry the whole town)."""
    if z < spec.tile_min_zoom:
        return b""
    row = await read_one(pool, tile_sql(spec), {"z": z, "x": x, "y": y})
    return bytes(row[0]) if row and row[0] is not None else b""


def fetch_tile_sync(pool: ConnectionPool, spec: LayerSpec, z: int, y: int, x: int) -> bytes:
    """Blocking twin of :func:`fetch_tile`."""
    if z < spec.tile_min_zoom:
        return b""
    row = read_one_sync(pool, tile_sql(spec), {"z": z, "x": x, "y": y})
    return bytes(row[0]) if row and row[0] is not None else b""
