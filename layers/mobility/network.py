"""Reading the pedestrian network for the routing graph: footways with the crossing on
them, the change log since a sequence number, the footways open barrier reports block,
and the DEM file (for inclines the layer lacks)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import shapely

from layers.db.rasters import raster_catalogue, raster_path, raster_present
from layers.mobility.changes import CHANGES_TABLE

Connection = psycopg.Connection
#: Opens a connection for one refresh of the routing graph (``with connect() as conn``).
Connect = Callable[[], AbstractContextManager[psycopg.Connection]]

FOOTWAY_COLUMNS = (
    "footway_type", "incline", "width", "surface", "smoothness", "kerb_start", "kerb_end",
    "kerb_start_height", "kerb_end_height", "tactile_paving", "step_count", "lit", "wheelchair",
)  # fmt: skip
CROSSING_COLUMNS = (
    "id", "crossing_type", "markings", "kerb", "kerb_height", "tactile_paving",
    "traffic_signals_sound", "traffic_signals_vibration", "button_operated", "island", "lit",
    "extension_s",
)  # fmt: skip
#: A crossing point belongs to the crossing footway within this distance (m).
CROSSING_SNAP_M = 2.0
#: A barrier report blocks the nearest footway within this distance (m).
BARRIER_SNAP_M = 15.0

FOOTWAYS_SQL = f"""
SELECT f.id, {", ".join(f"f.{c}" for c in FOOTWAY_COLUMNS)}, ST_AsBinary(f.geom),
       {", ".join(f"c.{c} AS c_{c}" for c in CROSSING_COLUMNS)}
FROM footways f
LEFT JOIN LATERAL (
    SELECT * FROM crossings c
    WHERE f.footway_type = 'crossing' AND ST_DWithin(c.geom, f.geom, {CROSSING_SNAP_M})
    ORDER BY c.geom <-> f.geom LIMIT 1
) c ON true
"""  # noqa: S608 - constant column names only

BARRIERS_SQL = f"""
SELECT DISTINCT f.id FROM barrier_reports b
JOIN LATERAL (
    SELECT id FROM footways f WHERE ST_DWithin(f.geom, b.geom, {BARRIER_SNAP_M})
    ORDER BY f.geom <-> b.geom LIMIT 1
) f ON true
WHERE b.status = 'open' AND b.expires_at > now()
"""  # noqa: S608 - constants only

CROSSING_FOOTWAYS_SQL = f"""
SELECT DISTINCT f.id FROM crossings c JOIN footways f ON f.footway_type = 'crossing'
AND ST_DWithin(c.geom, f.geom, {CROSSING_SNAP_M}) WHERE c.id = ANY(%s)
"""  # noqa: S608 - constants only


def footway_rows(
    conn: psycopg.Connection, ids: Iterable[int] | None = None
) -> list[dict[str, Any]]:
    """Footway rows (every one, or those of ``ids``): attributes, ``coords`` (EPSG:2100)
    and ``crossing`` (the crossing point's attributes, or None)."""
    query = FOOTWAYS_SQL + (" WHERE f.id = ANY(%s)" if ids is not None else "")
    params = (list(ids),) if ids is not None else None
    rows = conn.execute(query, params).fetchall()
    if not rows:
        return []
    n = len(FOOTWAY_COLUMNS)
    lines = shapely.from_wkb([bytes(r[n + 1]) for r in rows])
    out = []
    for row, line in zip(rows, lines, strict=True):
        crossing = dict(zip(CROSSING_COLUMNS, row[n + 2 :], strict=True))
        out.append(
            {
                "id": row[0],
                "attrs": dict(zip(FOOTWAY_COLUMNS, row[1 : n + 1], strict=True)),
                "coords": tuple(map(tuple, shapely.get_coordinates(line).tolist())),
                "crossing": crossing if crossing["id"] is not None else None,
            }
        )
    return out


def last_change(conn: psycopg.Connection) -> int:
    """The sequence number of the newest change (0 when none)."""
    row = conn.execute(f"SELECT coalesce(max(seq), 0) FROM {CHANGES_TABLE}").fetchone()  # noqa: S608
    return int(row[0]) if row else 0


def changes_since(conn: psycopg.Connection, seq: int) -> list[tuple[int, str, int | None]]:
    """The changes after ``seq``: (seq, layer, feature id or None for a truncate)."""
    rows = conn.execute(
        f"SELECT seq, layer, fid FROM {CHANGES_TABLE} WHERE seq > %s ORDER BY seq",  # noqa: S608
        (seq,),
    ).fetchall()
    return [(int(s), str(layer), fid) for s, layer, fid in rows]


def crossing_footways(conn: psycopg.Connection, crossing_ids: Iterable[int]) -> set[int]:
    """The crossing footways the given crossings (where they are now) lie on."""
    rows = conn.execute(CROSSING_FOOTWAYS_SQL, (list(crossing_ids),)).fetchall()
    return {r[0] for r in rows}


def blocked_footways(conn: psycopg.Connection) -> tuple[set[int], datetime | None]:
    """Footways blocked by open, unexpired barrier reports, and the next expiry."""
    blocked = {r[0] for r in conn.execute(BARRIERS_SQL).fetchall()}
    row = conn.execute(
        "SELECT min(expires_at) FROM barrier_reports WHERE status = 'open' AND expires_at > now()"
    ).fetchone()
    return blocked, (row[0] if row else None)


def expire_reports(conn: psycopg.Connection) -> int:
    """Mark open reports past their expiry as expired; returns how many."""
    with conn.transaction():
        cur = conn.execute(
            "UPDATE barrier_reports SET status = 'expired' "
            "WHERE status = 'open' AND expires_at <= now()"
        )
    return cur.rowcount


def dem_file(conn: psycopg.Connection, store: Path, name: str = "dem") -> str | None:
    """The DEM's file, when the catalogue has one that is present."""
    entry = raster_catalogue(conn).get(name)
    if entry is None:
        return None
    path = raster_path(store, entry.uri)
    return path if raster_present(path) else None


def connector(dsn: str) -> Connect:
    """A :data:`Connect` to ``dsn`` (a new autocommit connection per refresh)."""
    return lambda: psycopg.connect(dsn, autocommit=True)


#: Targets of nearest-accessible searches, by kind: (id, name, point in EPSG:2100).
TARGETS_SQL = {
    "stop": "SELECT id, coalesce(name_el, name_en, code), geom FROM transit_stops "
    "WHERE wheelchair_boarding <> 'no'",
    "bay": "SELECT id, coalesce(street, ''), ST_PointOnSurface(geom) FROM parking_bays "
    "WHERE bay_type = 'disabled'",
    "entrance": "SELECT id, coalesce(name, address, ''), ST_PointOnSurface(geom) "
    "FROM buildings WHERE use IN ('public', 'education', 'health')",
}
TARGETS_QUERY = """
SELECT t.id, t.name, ST_X(ST_Transform(t.g, 4326)), ST_Y(ST_Transform(t.g, 4326))
FROM ({source}) AS t(id, name, g)
WHERE ST_DWithin(t.g, ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100), %s)
ORDER BY t.g <-> ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100) LIMIT 200
"""


def targets(
    conn: psycopg.Connection, kind: str, lon: float, lat: float, radius_m: float
) -> list[tuple[int, str, float, float]]:
    """Targets of ``kind`` within ``radius_m`` of a CRS84 point: (id, name, lon, lat),
    nearest first (at most 200)."""
    query = TARGETS_QUERY.format(source=TARGETS_SQL[kind])
    rows = conn.execute(query, (lon, lat, radius_m, lon, lat)).fetchall()
    return [(int(r[0]), str(r[1]), float(r[2]), float(r[3])) for r in rows]
