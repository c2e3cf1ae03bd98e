"""Spatial and temporal extents of layers, read from the data."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import psycopg
import shapely
from psycopg import sql
from shapely.errors import GEOSException
from shapely.geometry import shape

from layers.registry import LayerSpec, Registry
from models.errors import ConfigurationError
from models.profile import MunicipalityProfile

BBox = tuple[float, float, float, float]
#: Half the side, in degrees, of the box around the centre used for an empty layer when
#: the municipality's boundary is unknown (about 20 km by 30 km in Greece).
CENTRE_MARGIN = 0.15


@dataclass(frozen=True)
class Extent:
    """CRS84 bounding box, optional time interval and the feature count of a layer."""

    bbox: BBox
    begin: dt.date | dt.datetime | None
    end: dt.date | dt.datetime | None
    count: int


def layer_extent(conn: psycopg.Connection, spec: LayerSpec, *, empty: BBox) -> Extent:
    """The extent of one layer (transforming the 2100 box, not every row); ``empty``
    for a layer with no features (the municipality's box)."""
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
        return Extent(empty, None, None, 0)
    bbox = (round(row[0], 6), round(row[1], 6), round(row[2], 6), round(row[3], 6))
    return Extent(bbox, row[4], row[5], int(row[6]))


def all_extents(conn: psycopg.Connection, registry: Registry, *, empty: BBox) -> dict[str, Extent]:
    """Extents of every registry layer (``empty`` for those with no features)."""
    return {spec.id: layer_extent(conn, spec, empty=empty) for spec in registry}


def municipality_bbox(conn: psycopg.Connection, profile: MunicipalityProfile) -> BBox:
    """The CRS84 box of the municipality: its boundary file, else the ``boundaries``
    feature with its Kallikratis code, else a box around its centre."""
    if profile.boundary is not None:
        return _file_bbox(profile.boundary)
    row = conn.execute(
        "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT "
        "ST_Extent(ST_Transform(geom, 4326)) AS b FROM boundaries WHERE code = %s) AS e",
        (profile.kallikratis_code,),
    ).fetchone()
    if row is not None and row[0] is not None:
        return (round(row[0], 6), round(row[1], 6), round(row[2], 6), round(row[3], 6))
    lon, lat, d = profile.centre.lon, profile.centre.lat, CENTRE_MARGIN
    return (round(lon - d, 6), round(lat - d, 6), round(lon + d, 6), round(lat + d, 6))


def _file_bbox(path: Path) -> BBox:
    """The box of a GeoJSON file (a FeatureCollection, a Feature or a geometry; CRS84)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data.get("features", [data]) if isinstance(data, dict) else []
        area = shapely.GeometryCollection([shape(f.get("geometry", f)) for f in items])
        if area.is_empty:
            raise ValueError("no geometry")
        west, south, east, north = area.bounds
    except (OSError, ValueError, TypeError, AttributeError, GEOSException) as exc:
        raise ConfigurationError(
            f"municipality boundary {path}: not a GeoJSON area ({exc})", field="boundary"
        ) from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ConfigurationError(
            f"municipality boundary {path}: coordinates are not longitude/latitude "
            "(GeoJSON is CRS84)",
            field="boundary",
        )
    return (round(west, 6), round(south, 6), round(east, 6), round(north, 6))


def layer_sources(conn: psycopg.Connection) -> dict[str, tuple[str, bool, str | None]]:
    """``{layer_id: (source, synthetic, licence)}`` from ``layer_sources``."""
    rows = conn.execute("SELECT layer_id, source, synthetic, licence FROM layer_sources")
    return {r[0]: (r[1], bool(r[2]), r[3]) for r in rows}
