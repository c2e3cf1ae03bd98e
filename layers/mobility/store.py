"""Writes and reads of the mobility endpoints: barrier reports, extension requests, the
crossing audit's rows and the targets of nearest-accessible searches (async)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection

from models.errors import Conflict, InvalidInput, NotFound

#: Greek Grid point from CRS84 longitude/latitude parameters.
POINT = "ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100)"
#: Photo formats by their first bytes.
PHOTO_TYPES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"RIFF", "image/webp"),
)
MAX_PHOTO_BYTES = 2_000_000
INSERT_BARRIER_SQL = f"""
INSERT INTO barrier_reports (reason, note, expires_at, has_photo, reporter_id, geom)
VALUES (%s, %s, now() + make_interval(hours => %s), %s, %s, {POINT})
RETURNING id, status, reported_at, expires_at
"""  # noqa: S608 - constants only


def photo_type(data: bytes) -> str:
    """The media type of a photo (``InvalidInput`` naming ``photo`` if not an image)."""
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("'photo': larger than 2 MB / μεγαλύτερη από 2 MB", field="photo")
    for magic, media in PHOTO_TYPES:
        if data.startswith(magic) and (media != "image/webp" or data[8:12] == b"WEBP"):
            return media
    raise InvalidInput(
        "'photo': not a JPEG, PNG or WebP image / δεν είναι εικόνα JPEG, PNG ή WebP",
        field="photo",
    )


async def insert_barrier(
    conn: AsyncConnection[Any],
    *,
    lon: float,
    lat: float,
    reason: str,
    note: str | None,
    hours: int,
    reporter: int | None,
    photo: bytes | None,
) -> dict[str, Any]:
    """Store a report (and its photo) in one transaction; returns id, status, expiry."""
    media = photo_type(photo) if photo is not None else None
    async with conn.transaction():
        cur = await conn.execute(
            INSERT_BARRIER_SQL,
            (reason, note, hours, photo is not None, reporter, lon, lat),
        )
        row = await cur.fetchone()
        assert row is not None
        if photo is not None:
            await conn.execute(
                "INSERT INTO barrier_photos (report_id, media_type, data) VALUES (%s, %s, %s) "
                "ON CONFLICT (report_id) DO UPDATE SET media_type = EXCLUDED.media_type, "
                "data = EXCLUDED.data",
                (row[0], media, photo),
            )
    return {"id": row[0], "status": row[1], "reported_at": row[2], "expires_at": row[3]}


async def close_barrier(conn: AsyncConnection[Any], report_id: int) -> dict[str, Any]:
    """Close an open report (404 unknown, 409 not open)."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT status FROM barrier_reports WHERE id = %s FOR UPDATE", (report_id,)
        )
        row = await cur.fetchone()
        if row is None:
            raise NotFound(f"barrier report {report_id} not found / δεν βρέθηκε", field="id")
        if row[0] != "open":
            raise Conflict(
                f"barrier report {report_id} is {row[0]}, not open / η αναφορά δεν είναι ανοιχτή",
                field="status",
            )
        cur = await conn.execute(
            "UPDATE barrier_reports SET status = 'closed', closed_at = now() WHERE id = %s "
            "RETURNING closed_at",
            (report_id,),
        )
        closed = await cur.fetchone()
    assert closed is not None
    return {"id": report_id, "status": "closed", "closed_at": closed[0]}


async def barrier_photo(conn: AsyncConnection[Any], report_id: int) -> tuple[str, bytes]:
    """A report's photo (404 when there is none)."""
    cur = await conn.execute(
        "SELECT p.media_type, p.data FROM barrier_photos p JOIN barrier_reports r "
        "ON r.id = p.report_id AND r.has_photo WHERE p.report_id = %s",
        (report_id,),
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"barrier report {report_id} has no photo / χωρίς φωτογραφία", field="id")
    return str(row[0]), bytes(row[1])


async def log_extension(
    conn: AsyncConnection[Any], crossing_id: int, device: str
) -> dict[str, Any]:
    """Log an extension request at a signalised crossing; returns the seconds granted."""
    async with conn.transaction():
        cur = await conn.execute(
            "SELECT crossing_type, extension_s FROM crossings WHERE id = %s", (crossing_id,)
        )
        row = await cur.fetchone()
        if row is None:
            raise NotFound(f"crossing {crossing_id} not found / δεν βρέθηκε", field="crossing_id")
        if row[0] != "traffic_signals":
            raise Conflict(
                f"crossing {crossing_id} has no traffic signals to extend / "
                "η διάβαση δεν έχει φωτεινή σηματοδότηση",
                field="crossing_id",
            )
        cur = await conn.execute(
            "INSERT INTO crossing_extension_requests (crossing_id, device, extension_s) "
            "VALUES (%s, %s, %s) RETURNING id, requested_at",
            (crossing_id, device, row[1]),
        )
        logged = await cur.fetchone()
    assert logged is not None
    return {
        "request_id": logged[0],
        "crossing_id": crossing_id,
        "extension_s": row[1],
        "requested_at": logged[1],
    }


AUDIT_SQL = """
SELECT c.id, c.crossing_type, c.kerb, c.kerb_height, c.tactile_paving, c.traffic_signals_sound,
       c.markings, c.extension_s,
       ST_X(ST_Transform(c.geom, 4326)), ST_Y(ST_Transform(c.geom, 4326)),
       (SELECT array_agg(k) FROM footways f, unnest(ARRAY[f.kerb_start, f.kerb_end]) AS k
         WHERE f.footway_type = 'crossing' AND ST_DWithin(f.geom, c.geom, 2)) AS edge_kerbs,
       s.id, s.name, s.distance
FROM crossings c
LEFT JOIN LATERAL (
    SELECT b.id, b.name AS name, ST_Distance(b.geom, c.geom) AS distance
    FROM buildings b WHERE b.is_school AND ST_DWithin(b.geom, c.geom, %s)
    ORDER BY b.geom <-> c.geom LIMIT 1
) s ON true
"""
AUDIT_COLUMNS = (
    "id", "crossing_type", "kerb", "kerb_height", "tactile_paving", "traffic_signals_sound",
    "markings", "extension_s", "lon", "lat", "edge_kerbs", "school_id", "school_name",
    "school_m",
)  # fmt: skip


async def audit_rows(conn: AsyncConnection[Any], school_radius_m: float) -> list[dict[str, Any]]:
    """Every crossing with its edge's kerbs and the nearest school within the radius."""
    cur = await conn.execute(AUDIT_SQL, (school_radius_m,))
    return [dict(zip(AUDIT_COLUMNS, row, strict=True)) for row in await cur.fetchall()]


def as_json(row: dict[str, Any]) -> dict[str, Any]:
    """Datetimes as ISO text."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
