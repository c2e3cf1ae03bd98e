"""What the benchmark requests, picked from the data: a bbox page and a page of the whole
layer (both with ``numberMatched``), one feature, two tiles.

All targets sit at the centre of the buildings' extent, so they hit the dense part of
the demo town. Polis's tile path is ``{z}/{row}/{col}`` (OGC), tipg's is ``{z}/{x}/{y}``:
both are built from the same ``(z, x, y)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import psycopg
from psycopg import sql

from layers.registry import LayerSpec

#: Features per page of the ``items`` scenario.
PAGE = 100
#: Side of the bbox around the centre (grown until it holds a full page).
BBOX_SIDE_M = 300.0
BBOX_STEP_M = 50.0
BBOX_MAX_M = 3000.0
TILE_ZOOMS = (14, 16)

Kind = Literal["items", "item", "tile"]


@dataclass(frozen=True)
class Targets:
    """Request targets in the data's terms."""

    bbox: tuple[float, float, float, float]
    bbox_side_m: float
    bbox_matches: int
    total: int
    fid: int
    tiles: tuple[tuple[int, int, int], ...]
    tile_features: tuple[int, ...]


@dataclass(frozen=True)
class Scenario:
    """One benchmarked request, as a path on each server.

    ``work`` says what each server computes per request (the same on both: like for
    like); ``matched`` is the ``numberMatched`` both must answer (pages only).
    """

    name: str
    kind: Kind
    polis_path: str
    tipg_path: str
    work: str
    matched: int | None = None


def centre(conn: psycopg.Connection, spec: LayerSpec) -> tuple[float, float]:
    """Centre of the layer's extent in its storage CRS."""
    query = sql.SQL(
        "SELECT (ST_XMin(e) + ST_XMax(e)) / 2, (ST_YMin(e) + ST_YMax(e)) / 2 "
        "FROM (SELECT ST_Extent(geom) AS e FROM {}) AS s"
    ).format(sql.Identifier(spec.table_name))
    row = conn.execute(query).fetchone()
    if row is None or row[0] is None:
        raise ValueError(f"layer '{spec.id}' is empty: load the demo first")
    return float(row[0]), float(row[1])


def crs84_box(
    conn: psycopg.Connection, spec: LayerSpec, x: float, y: float, side: float
) -> tuple[float, float, float, float]:
    """The CRS84 bounding box (6 decimals) of a square of ``side`` metres around (x, y)."""
    row = conn.execute(
        "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Transform("
        "ST_MakeEnvelope(%(x)s - %(h)s, %(y)s - %(h)s, %(x)s + %(h)s, %(y)s + %(h)s, %(srid)s),"
        " 4326) AS b) AS s",
        {"x": x, "y": y, "h": side / 2, "srid": spec.srid},
    ).fetchone()
    assert row is not None
    return tuple(round(float(v), 6) for v in row)  # type: ignore[return-value]


def count_in_box(
    conn: psycopg.Connection, spec: LayerSpec, box: tuple[float, float, float, float]
) -> int:
    """Features intersecting a CRS84 box (the way Polis filters ``bbox``)."""
    query = sql.SQL(
        "SELECT count(*) FROM {} WHERE ST_Intersects(geom, "
        "ST_Transform(ST_MakeEnvelope(%s, %s, %s, %s, 4326), {}))"
    ).format(sql.Identifier(spec.table_name), sql.Literal(spec.srid))
    row = conn.execute(query, box).fetchone()
    assert row is not None
    return int(row[0])


def page_box(
    conn: psycopg.Connection, spec: LayerSpec, x: float, y: float
) -> tuple[tuple[float, float, float, float], float, int]:
    """The smallest box from ``BBOX_SIDE_M`` up holding a full page: (box, side, matches)."""
    side = BBOX_SIDE_M
    while side <= BBOX_MAX_M:
        box = crs84_box(conn, spec, x, y, side)
        matches = count_in_box(conn, spec, box)
        if matches >= PAGE:
            return box, side, matches
        side += BBOX_STEP_M
    raise ValueError(f"fewer than {PAGE} '{spec.id}' within {BBOX_MAX_M:.0f} m of the centre")


def nearest_id(conn: psycopg.Connection, spec: LayerSpec, x: float, y: float) -> int:
    """Id of the feature nearest to (x, y)."""
    query = sql.SQL(
        "SELECT id FROM {} ORDER BY geom <-> ST_SetSRID(ST_MakePoint(%s, %s), {}) LIMIT 1"
    ).format(sql.Identifier(spec.table_name), sql.Literal(spec.srid))
    row = conn.execute(query, (x, y)).fetchone()
    assert row is not None
    return int(row[0])


def lonlat(conn: psycopg.Connection, spec: LayerSpec, x: float, y: float) -> tuple[float, float]:
    """(lon, lat) of a point in the layer's CRS."""
    row = conn.execute(
        "SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform("
        "ST_SetSRID(ST_MakePoint(%s, %s), %s), 4326) AS p) AS s",
        (x, y, spec.srid),
    ).fetchone()
    assert row is not None
    return float(row[0]), float(row[1])


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    """WebMercatorQuad ``(z, x, y)`` of the tile holding (lon, lat); y counts from the north."""
    n = 2**z
    x = int((lon + 180.0) / 360.0 * n)
    rad = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(rad)) / math.pi) / 2.0 * n)
    return z, x, y


def count_in_tile(conn: psycopg.Connection, spec: LayerSpec, tile: tuple[int, int, int]) -> int:
    """Features whose bounding box touches the tile."""
    query = sql.SQL(
        "SELECT count(*) FROM {} WHERE geom && ST_Transform(ST_TileEnvelope(%s, %s, %s), {})"
    ).format(sql.Identifier(spec.table_name), sql.Literal(spec.srid))
    row = conn.execute(query, tile).fetchone()
    assert row is not None
    return int(row[0])


def count_all(conn: psycopg.Connection, spec: LayerSpec) -> int:
    """Features of the layer."""
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(spec.table_name))
    row = conn.execute(query).fetchone()
    assert row is not None
    return int(row[0])


def pick_targets(dsn: str, spec: LayerSpec) -> Targets:
    """Targets at the centre of ``spec``'s extent."""
    with psycopg.connect(dsn) as conn:
        x, y = centre(conn, spec)
        box, side, matches = page_box(conn, spec, x, y)
        lon, lat = lonlat(conn, spec, x, y)
        tiles = tuple(tile_of(lon, lat, z) for z in TILE_ZOOMS)
        return Targets(
            bbox=box,
            bbox_side_m=side,
            bbox_matches=matches,
            total=count_all(conn, spec),
            fid=nearest_id(conn, spec, x, y),
            tiles=tiles,
            tile_features=tuple(count_in_tile(conn, spec, t) for t in tiles),
        )


#: What both servers compute per request, by scenario kind (same work on both).
WORK = {
    "items bbox": "count of the bbox's matches + page (Polis: one statement, the count "
    "with the page's WHERE on the GiST index; tipg: COUNT(*) query, then the page query)",
    "items": "count of the whole layer + page (Polis: the count its triggers keep; "
    "tipg: COUNT(*) of the table, then the page query)",
    "item": "one feature by id (no count)",
    "tile": "one MVT tile (features in the tile and its buffer)",
}


#: The same, in the few words of the results table.
WORK_SHORT = {"items": "count + page of 100", "item": "one feature", "tile": "one MVT tile"}


def scenarios(spec: LayerSpec, t: Targets) -> list[Scenario]:
    """The benchmarked requests on both servers: two pages, one feature, two tiles."""
    polis = f"/ogc/collections/{spec.id}"
    tipg = f"/collections/public.{spec.table_name}"
    bbox = ",".join(f"{v:.6f}" for v in t.bbox)
    page = f"/items?limit={PAGE}&bbox={bbox}"
    whole = f"/items?limit={PAGE}"
    out = [
        Scenario(
            f"items bbox limit={PAGE}", "items", polis + page, tipg + page,
            WORK["items bbox"], t.bbox_matches,
        ),
        Scenario(
            f"items limit={PAGE} (whole layer)", "items", polis + whole, tipg + whole,
            WORK["items"], t.total,
        ),
        Scenario(
            f"item {t.fid}", "item", f"{polis}/items/{t.fid}", f"{tipg}/items/{t.fid}",
            WORK["item"],
        ),
    ]  # fmt: skip
    for z, x, y in t.tiles:
        out.append(
            Scenario(
                f"tile z{z} ({x},{y})",
                "tile",
                f"{polis}/tiles/WebMercatorQuad/{z}/{y}/{x}",
                f"{tipg}/tiles/WebMercatorQuad/{z}/{x}/{y}",
                WORK["tile"],
            )
        )
    return out
