"""Street-market operations in the database: vacant stalls and applicants for an
allocation, the allocation and waiting list, attendance from inspectors' phones (taken
once per ``client_id``), warnings for absences, inspections, and the stalls of a market
with their holders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from layers.db.records import fetch_dicts
from models.commerce_schemas import AttendanceIn, InspectionIn
from models.errors import InvalidInput, NotFound

Conn = AsyncConnection[Any]
#: The market regulation's rule: this many unjustified absences within the window
#: (days, counted back from the market day) bring a written warning.
ABSENCES_FOR_WARNING = 3
WARNING_WINDOW_DAYS = 30


async def market(conn: Conn, market_id: int) -> dict[str, Any]:
    rows = await fetch_dicts(
        conn,
        "SELECT id, name_el, name_en, weekday, opens, closes, setup_minutes, rate_per_m2 "
        "FROM markets WHERE id = %s",
        (market_id,),
    )
    if not rows:
        raise NotFound(f"no market {market_id} / δεν υπάρχει η λαϊκή αγορά", field="market_id")
    return rows[0]


async def vacant_stalls(conn: Conn, market_id: int) -> list[dict[str, Any]]:
    """Stalls of the market nobody holds now (locked until the transaction ends)."""
    return await fetch_dicts(
        conn,
        "SELECT s.id, s.stall_number, coalesce(s.sector, 'professionals') AS sector "
        "FROM market_stalls s WHERE s.market_id = %s AND NOT EXISTS (SELECT 1 FROM "
        "stall_allocations a WHERE a.stall_id = s.id AND a.until IS NULL) "
        "ORDER BY s.stall_number FOR UPDATE OF s",
        (market_id,),
    )


async def applicants(conn: Conn, numbers: list[str], day: dt.date) -> list[dict[str, Any]]:
    """The licences ``numbers``, each valid on ``day`` and holding no stall yet;
    ``InvalidInput`` naming the first that is unknown, expired or already placed."""
    rows = await fetch_dicts(
        conn,
        "SELECT l.id, l.licence_number, l.sector, l.points, l.valid_from, l.valid_to, "
        "EXISTS (SELECT 1 FROM stall_allocations a WHERE a.licence_id = l.id "
        "AND a.until IS NULL) AS placed FROM market_licences l WHERE l.licence_number = ANY(%s)",
        (numbers,),
    )
    found = {r["licence_number"]: r for r in rows}
    for index, number in enumerate(numbers):
        field = f"licences[{index}]"
        row = found.get(number)
        if row is None:
            raise InvalidInput(f"'{field}': no licence {number} / άγνωστη άδεια", field=field)
        if not row["valid_from"] <= day <= row["valid_to"]:
            raise InvalidInput(
                f"'{field}': licence {number} is not valid on {day} (valid "
                f"{row['valid_from']} to {row['valid_to']}) / η άδεια δεν ισχύει",
                field=field,
            )
        if row["placed"]:
            raise InvalidInput(
                f"'{field}': licence {number} already holds a stall / έχει ήδη θέση", field=field
            )
    if len(found) != len(set(numbers)) or len(numbers) != len(set(numbers)):
        raise InvalidInput("'licences': a licence is listed twice / διπλή άδεια", field="licences")
    return rows


async def save_allocation(
    conn: Conn,
    market_id: int,
    assigned: tuple[tuple[int, int], ...],
    waiting: tuple[int, ...],
    *,
    method: str,
    seed: int | None,
    day: dt.date,
) -> None:
    """Record the allocation and append the unplaced to the market's waiting list."""
    async with conn.cursor() as cur:
        await cur.executemany(
            "INSERT INTO stall_allocations (stall_id, licence_id, method, seed, since) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(stall, licence, method, seed, day) for stall, licence in assigned],
        )
        await cur.execute(
            "DELETE FROM market_waiting_list WHERE market_id = %s AND licence_id = ANY(%s)",
            (market_id, [licence for _, licence in assigned]),
        )
        row = await (
            await cur.execute(
                "SELECT coalesce(max(position), 0) FROM market_waiting_list WHERE market_id = %s",
                (market_id,),
            )
        ).fetchone()
        last = int(row[0]) if row else 0
        await cur.executemany(
            "INSERT INTO market_waiting_list (market_id, licence_id, position) "
            "VALUES (%s, %s, %s) ON CONFLICT (market_id, licence_id) DO NOTHING",
            [(market_id, licence, last + i) for i, licence in enumerate(waiting, start=1)],
        )


async def waiting_list(conn: Conn, market_id: int) -> list[dict[str, Any]]:
    return await fetch_dicts(
        conn,
        "SELECT w.position, l.licence_number, l.holder FROM market_waiting_list w "
        "JOIN market_licences l ON l.id = w.licence_id WHERE w.market_id = %s "
        "ORDER BY w.position",
        (market_id,),
    )


async def record_attendance(
    conn: Conn, records: list[AttendanceIn], inspector: int | None
) -> dict[str, Any]:
    """Store what was not stored yet (a resent ``client_id`` is skipped; a later record
    of the same stall and day replaces the earlier) and issue the warnings the absences
    call for. One transaction."""
    stored = skipped = 0
    licences: set[int] = set()
    async with conn.transaction():
        for index, rec in enumerate(records):
            seen = await fetch_dicts(
                conn, "SELECT 1 FROM market_attendance WHERE client_id = %s", (rec.client_id,)
            )
            if seen:
                skipped += 1
                continue
            holder = await fetch_dicts(
                conn,
                "SELECT licence_id FROM stall_allocations WHERE stall_id = %s AND since <= %s "
                "AND (until IS NULL OR until > %s) ORDER BY since DESC LIMIT 1",
                (rec.stall_id, rec.day, rec.day),
            )
            if not holder:
                raise InvalidInput(
                    f"'records[{index}].stall_id': stall {rec.stall_id} has no holder on "
                    f"{rec.day} / ο πάγκος δεν έχει δικαιούχο",
                    field=f"records[{index}].stall_id",
                )
            licence = holder[0]["licence_id"]
            await conn.execute(
                "INSERT INTO market_attendance (client_id, stall_id, licence_id, day, present, "
                "inspector_id) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (stall_id, day) DO "
                "UPDATE SET present = EXCLUDED.present, client_id = EXCLUDED.client_id, "
                "inspector_id = EXCLUDED.inspector_id",
                (rec.client_id, rec.stall_id, licence, rec.day, rec.present, inspector),
            )
            stored += 1
            if not rec.present:
                licences.add(licence)
        day = max((r.day for r in records), default=dt.date.today())
        warnings = await _warn(conn, sorted(licences), day)
    return {"stored": stored, "skipped": skipped, "warnings": warnings}


async def _warn(conn: Conn, licences: list[int], day: dt.date) -> list[dict[str, Any]]:
    """A warning for each licence with enough absences in the window and no warning in it."""
    if not licences:
        return []
    return await fetch_dicts(
        conn,
        "INSERT INTO market_warnings (licence_id, issued, absences) "
        "SELECT a.licence_id, %(day)s, count(*) FROM market_attendance a "
        "WHERE a.licence_id = ANY(%(licences)s) AND NOT a.present "
        "AND a.day > %(day)s::date - %(window)s AND a.day <= %(day)s "
        "AND NOT EXISTS (SELECT 1 FROM market_warnings w WHERE w.licence_id = a.licence_id "
        "AND w.issued > %(day)s::date - %(window)s) "
        "GROUP BY a.licence_id HAVING count(*) >= %(limit)s "
        "ON CONFLICT (licence_id, issued) DO NOTHING "
        "RETURNING licence_id, issued, absences",
        {
            "day": day,
            "licences": licences,
            "window": WARNING_WINDOW_DAYS,
            "limit": ABSENCES_FOR_WARNING,
        },
    )


async def record_inspection(conn: Conn, rec: InspectionIn, inspector: int | None) -> dict[str, Any]:
    """Store an inspection once per ``client_id``."""
    rows = await fetch_dicts(
        conn,
        "INSERT INTO market_inspections (client_id, stall_id, day, findings, photos, "
        "penalty_eur, inspector_id) SELECT %(client_id)s, s.id, %(day)s, %(findings)s, "
        "%(photos)s, %(penalty_eur)s, %(inspector)s FROM market_stalls s WHERE s.id = %(stall_id)s "
        "ON CONFLICT (client_id) DO NOTHING RETURNING id",
        {
            **rec.model_dump(mode="json"),
            "photos": Jsonb([str(p) for p in rec.photos]),
            "inspector": inspector,
        },
    )
    if rows:
        return {"id": rows[0]["id"], "stored": True}
    known = await fetch_dicts(
        conn, "SELECT id FROM market_inspections WHERE client_id = %s", (rec.client_id,)
    )
    if not known:
        raise InvalidInput(
            f"'stall_id': no stall {rec.stall_id} / δεν υπάρχει ο πάγκος", field="stall_id"
        )
    return {"id": known[0]["id"], "stored": False}


async def market_stalls(conn: Conn, market_id: int) -> list[dict[str, Any]]:
    """The market's stalls (CRS84 GeoJSON geometry) with their current holder."""
    return await fetch_dicts(
        conn,
        "SELECT s.id, s.stall_number, s.sector, s.category, s.area_m2, s.width_m, s.depth_m, "
        "l.licence_number, l.holder, l.goods, "
        "ST_AsGeoJSON(ST_Transform(s.geom, 4326), 7)::json AS geometry "
        "FROM market_stalls s LEFT JOIN stall_allocations a ON a.stall_id = s.id "
        "AND a.until IS NULL LEFT JOIN market_licences l ON l.id = a.licence_id "
        "WHERE s.market_id = %s ORDER BY s.stall_number",
        (market_id,),
    )


WEEKDAY_VALUES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


async def markets_on(conn: Conn, day: dt.date) -> list[dict[str, Any]]:
    """Markets held on ``day`` with their streets (CRS84 GeoJSON)."""
    return await fetch_dicts(
        conn,
        "SELECT id, name_el, name_en, weekday, opens, closes, "
        "ST_AsGeoJSON(ST_Transform(geom, 4326), 7)::json AS geometry "
        "FROM markets WHERE weekday = %s ORDER BY id",
        (WEEKDAY_VALUES[day.weekday()],),
    )


async def closures_geojson(conn: Conn, when: dt.datetime) -> dict[str, Any]:
    """Closures in force at ``when`` as a GeoJSON FeatureCollection (CRS84)."""
    rows = await fetch_dicts(
        conn,
        "SELECT id, market_id, valid_from, valid_to, reason_el, reason_en, "
        "ST_AsGeoJSON(ST_Transform(geom, 4326), 7)::json AS geometry FROM street_closures "
        "WHERE valid_from <= %s AND %s < valid_to ORDER BY id",
        (when, when),
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": r["id"], "geometry": r.pop("geometry"), "properties": r}
            for r in rows
        ],
    }


async def product_finder(conn: Conn, text: str, day: dt.date) -> list[dict[str, Any]]:
    """Held stalls at the markets of ``day`` whose goods match ``text`` (folded or
    Greeklish), with the stall's centre (CRS84); public, so without the holder's name."""
    return await fetch_dicts(
        conn,
        "SELECT s.id, s.stall_number, m.name_el AS market_el, m.name_en AS market_en, "
        "l.goods, ST_X(c.pt) AS lon, ST_Y(c.pt) AS lat "
        "FROM market_stalls s JOIN markets m ON m.id = s.market_id "
        "JOIN stall_allocations a ON a.stall_id = s.id AND a.until IS NULL "
        "JOIN market_licences l ON l.id = a.licence_id "
        "CROSS JOIN LATERAL (SELECT ST_Transform(ST_Centroid(s.geom), 4326) AS pt) c "
        "WHERE m.weekday = %(weekday)s AND (polis_fold(l.goods) LIKE '%%' || polis_fold(%(q)s) "
        "|| '%%' OR polis_greeklish(l.goods) LIKE '%%' || polis_greeklish(%(q)s) || '%%') "
        "ORDER BY m.id, s.stall_number LIMIT 200",
        {"weekday": WEEKDAY_VALUES[day.weekday()], "q": text},
    )
