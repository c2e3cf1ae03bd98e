"""What the first processes read from the database: a layer's features with their
geometry (zonal statistics), features within a distance (PostGIS ``ST_DWithin`` in the
storage CRS, metres), and where a catalogued raster's file is. Identifiers come from
the registry only; values are always bound."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from layers.db.rasters import raster_catalogue, raster_path
from layers.registry import LayerSpec
from models.errors import InvalidParameter

#: Decimals of CRS84 coordinates in outputs (~1 cm).
DECIMALS = 7


@dataclass(frozen=True)
class Zone:
    """A feature of a polygon layer: id, title (None when the layer has none or it is
    private), geometry as WKB in the storage CRS."""

    id: Any
    title: str | None
    wkb: bytes


def public_title(spec: LayerSpec) -> str | None:
    """The layer's title attribute when every reader may see it."""
    private = {name for name, _ in spec.private_fields}
    return spec.title_field if spec.title_field not in private else None


def title_column(spec: LayerSpec) -> sql.Composable:
    title = public_title(spec)
    return sql.SQL("t.{}::text").format(sql.Identifier(title)) if title else sql.SQL("NULL")


def read_zones(conn: psycopg.Connection[Any], spec: LayerSpec) -> list[Zone]:
    """Every feature of ``spec`` with its geometry (WKB, storage CRS), by id."""
    query = sql.SQL("SELECT t.id, {}, ST_AsBinary(t.geom) FROM {} t ORDER BY t.id").format(
        title_column(spec), sql.Identifier(spec.table_name)
    )
    return [Zone(row[0], row[1], bytes(row[2])) for row in conn.execute(query)]


def coverage_file(conn: psycopg.Connection[Any], store: Path, name: str, *, field: str) -> str:
    """The file of catalogued raster ``name`` (``InvalidParameter`` on ``field`` when the
    database holds none: e.g. the DEM not imported yet)."""
    entry = raster_catalogue(conn).get(name)
    if entry is None:
        raise InvalidParameter(field, f"coverage '{name}' has no data in this database")
    return raster_path(store, entry.uri)


def features_within(
    conn: psycopg.Connection[Any],
    spec: LayerSpec,
    *,
    distance: float,
    geometry: dict[str, Any] | None = None,
    near: LayerSpec | None = None,
    limit: int,
) -> list[dict[str, Any]]:
    """Features of ``spec`` within ``distance`` metres of a GeoJSON ``geometry`` (CRS84)
    or of any feature of layer ``near``, nearest first: GeoJSON features (CRS84) with
    ``distance_m`` and the layer's public title."""
    if geometry is not None:
        target = sql.SQL(
            "(SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%(geometry)s), 4326), {srid}) "
            "AS geom)"
        ).format(srid=sql.Literal(spec.srid))
        params: dict[str, Any] = {"geometry": psycopg.types.json.Jsonb(geometry)}
    else:
        assert near is not None
        target = sql.SQL("(SELECT geom FROM {})").format(sql.Identifier(near.table_name))
        params = {}
    query = sql.SQL(
        """
        SELECT json_build_object(
            'type', 'Feature', 'id', t.id,
            'geometry', ST_AsGeoJSON(ST_Transform(t.geom, 4326), {decimals})::json,
            'properties', json_build_object('title', {title}, 'distance_m', round(d.d::numeric, 3))
        )
        FROM {table} t
        CROSS JOIN LATERAL (
            SELECT min(ST_Distance(t.geom, n.geom)) AS d FROM {target} n
            WHERE ST_DWithin(t.geom, n.geom, %(distance)s)
        ) d
        WHERE d.d IS NOT NULL
        ORDER BY d.d, t.id
        LIMIT %(limit)s
        """
    ).format(
        decimals=sql.Literal(DECIMALS),
        title=title_column(spec),
        table=sql.Identifier(spec.table_name),
        target=target,
    )
    params.update(distance=distance, limit=limit)
    try:
        return [row[0] for row in conn.execute(query, params)]
    except (psycopg.errors.DataException, psycopg.errors.InternalError_) as exc:  # bad GeoJSON
        conn.rollback()
        reason = str(exc).strip().splitlines()[0]
        raise InvalidParameter("geometry", f"not a valid GeoJSON geometry ({reason})") from None
