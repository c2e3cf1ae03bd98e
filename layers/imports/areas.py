"""Areas imports need from the database (the municipality a DEM is clipped to)."""

from __future__ import annotations

import psycopg
import shapely
from shapely.geometry.base import BaseGeometry

from models.enums import BoundaryKind


def municipality_area(conn: psycopg.Connection) -> BaseGeometry | None:
    """The union of the ``municipality`` boundaries (EPSG:2100), or ``None`` if there is none."""
    row = conn.execute(
        "SELECT ST_AsBinary(ST_Union(geom)) FROM boundaries WHERE kind = %s",
        (BoundaryKind.MUNICIPALITY.value,),
    ).fetchone()
    if not row or row[0] is None:
        return None
    return shapely.from_wkb(bytes(row[0]))
