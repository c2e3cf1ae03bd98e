"""The guide's writes and reads: claims, owner edits (some reviewed), offers and events.

Every write is one transaction; a refused one leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

from layers.commerce.hours import parse_hours
from layers.commerce.search import POINT
from layers.db.records import fetch_dict, fetch_dicts
from models.commerce_enums import ReviewStatus
from models.commerce_schemas import REVIEWED_FIELDS, BusinessEdit, OfferIn
from models.errors import Conflict, Forbidden, InvalidInput, NotFound

Conn = AsyncConnection[Any]
PUBLIC = (
    "id, name_el, name_en, category, opening_hours, hours, phone, email, website, address, "
    "wheelchair, toilets_wheelchair, photos, owner_id, "
    "ST_X(ST_Transform(geom, 4326)) AS lon, ST_Y(ST_Transform(geom, 4326)) AS lat"
)


async def business(conn: Conn, business_id: int) -> dict[str, Any]:
    """A business's public record; ``NotFound`` if there is none."""
    row = await fetch_dict(conn, f"SELECT {PUBLIC} FROM businesses WHERE id = %s", (business_id,))  # noqa: S608
    if row is None:
        raise NotFound(f"no business {business_id} / δεν υπάρχει η επιχείρηση", field="id")
    return row


async def claim(conn: Conn, business_id: int, user_id: int, tax_number: str) -> dict[str, Any]:
    """Record an account's claim (pending staff review)."""
    async with conn.transaction():
        found = await business(conn, business_id)
        if found["owner_id"] is not None:
            raise Conflict(
                f"business {business_id} already has an owner / η επιχείρηση έχει ήδη ιδιοκτήτη"
            )
        row = await fetch_dict(
            conn,
            "INSERT INTO business_claims (business_id, user_id, tax_number, status) "
            "VALUES (%s, %s, %s, 'pending') RETURNING id, business_id, status",
            (business_id, user_id, tax_number),
        )
    assert row is not None
    return row


async def review_claim(conn: Conn, claim_id: int, approve: bool) -> dict[str, Any]:
    """Staff confirm (the claimant becomes the owner; the ΑΦΜ is recorded) or reject."""
    async with conn.transaction():
        row, status = await _decide(conn, "business_claims", claim_id, approve)
        if approve:
            await conn.execute(
                "UPDATE businesses SET owner_id = %s, tax_number = %s WHERE id = %s",
                (row["user_id"], row["tax_number"], row["business_id"]),
            )
            await conn.execute(
                "UPDATE business_claims SET status = 'rejected' "
                "WHERE business_id = %s AND status = 'pending'",
                (row["business_id"],),
            )
    return {"id": claim_id, "business_id": row["business_id"], "status": status.value}


async def _decide(
    conn: Conn, table: str, row_id: int, approve: bool
) -> tuple[dict[str, Any], ReviewStatus]:
    """Lock a pending submission of ``table`` and record the decision on it."""
    row = await fetch_dict(conn, f"SELECT * FROM {table} WHERE id = %s FOR UPDATE", (row_id,))  # noqa: S608
    if row is None:
        raise NotFound(f"no {table} entry {row_id} / δεν βρέθηκε", field="id")
    if row["status"] != ReviewStatus.PENDING.value:
        raise Conflict(f"{table} {row_id} was already reviewed / έχει ήδη εξεταστεί")
    status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    await conn.execute(f"UPDATE {table} SET status = %s WHERE id = %s", (status.value, row_id))  # noqa: S608
    return row, status


async def _owned(conn: Conn, business_id: int, user_id: int, staff: bool) -> dict[str, Any]:
    found = await business(conn, business_id)
    if not staff and found["owner_id"] != user_id:
        raise Forbidden(
            f"business {business_id} is not yours to change / η επιχείρηση δεν είναι δική σας"
        )
    return found


def _immediate(edit: BusinessEdit) -> dict[str, Any]:
    values = edit.model_dump(mode="json", exclude_unset=True)
    out = {k: v for k, v in values.items() if k not in REVIEWED_FIELDS}
    if "photos" in out and out["photos"] is not None:
        out["photos"] = Jsonb(out["photos"])
    if out.get("opening_hours"):
        out["hours"] = Jsonb(parse_hours(out["opening_hours"]).to_json())
    elif "opening_hours" in out:
        out["hours"] = None
    return out


async def edit(
    conn: Conn, business_id: int, user_id: int, change: BusinessEdit, *, staff: bool = False
) -> dict[str, Any]:
    """Apply an owner's edit: contact, hours, accessibility and photos at once; name,
    address and category as a change waiting for review."""
    now = _immediate(change)
    reviewed = {
        k: v
        for k, v in change.model_dump(mode="json", exclude_unset=True).items()
        if k in REVIEWED_FIELDS
    }
    change_id = None
    async with conn.transaction():
        await _owned(conn, business_id, user_id, staff)
        if now:
            columns = ", ".join(f"{name} = %({name})s" for name in now)
            await conn.execute(
                f"UPDATE businesses SET {columns} WHERE id = %(id)s",  # noqa: S608 (names from the schema)
                {**now, "id": business_id},
            )
        if reviewed:
            row = await fetch_dict(
                conn,
                "INSERT INTO business_changes (business_id, user_id, changes, status) "
                "VALUES (%s, %s, %s, 'pending') RETURNING id",
                (business_id, user_id, Jsonb(reviewed)),
            )
            assert row is not None
            change_id = row["id"]
    return {
        "applied": sorted(k for k in now if k != "hours"),
        "pending": sorted(reviewed),
        "change_id": change_id,
    }


async def review_change(conn: Conn, change_id: int, approve: bool) -> dict[str, Any]:
    """Staff apply or reject an owner's change of name, address or category."""
    async with conn.transaction():
        row, status = await _decide(conn, "business_changes", change_id, approve)
        changes = row["changes"] if isinstance(row["changes"], dict) else json.loads(row["changes"])
        if approve:
            names = [k for k in changes if k in REVIEWED_FIELDS]
            columns = ", ".join(f"{name} = %({name})s" for name in names)
            await conn.execute(
                f"UPDATE businesses SET {columns} WHERE id = %(id)s",  # noqa: S608 (checked names)
                {**{k: changes[k] for k in names}, "id": row["business_id"]},
            )
    return {"id": change_id, "business_id": row["business_id"], "status": status.value}


async def add_offer(
    conn: Conn, business_id: int, user_id: int, offer: OfferIn, today: dt.date, *, staff: bool
) -> dict[str, Any]:
    """An offer or event waiting for a moderator; its validity must not have ended."""
    if offer.valid_to < offer.valid_from:
        raise InvalidInput(
            "'valid_to': before 'valid_from' / η λήξη είναι πριν την έναρξη", field="valid_to"
        )
    if offer.valid_to < today:
        raise InvalidInput(
            f"'valid_to': {offer.valid_to} is in the past / η ισχύς έχει ήδη λήξει",
            field="valid_to",
        )
    async with conn.transaction():
        await _owned(conn, business_id, user_id, staff)
        row = await fetch_dict(
            conn,
            "INSERT INTO business_offers (business_id, kind, title_el, title_en, description, "
            "valid_from, valid_to, status, created_by) VALUES (%(b)s, %(kind)s, %(title_el)s, "
            "%(title_en)s, %(description)s, %(valid_from)s, %(valid_to)s, 'pending', %(u)s) "
            "RETURNING id, status",
            {**offer.model_dump(), "kind": offer.kind.value, "b": business_id, "u": user_id},
        )
    assert row is not None
    return row


async def review_offer(conn: Conn, offer_id: int, approve: bool, reviewer: int) -> dict[str, Any]:
    async with conn.transaction():
        _, status = await _decide(conn, "business_offers", offer_id, approve)
        await conn.execute(
            "UPDATE business_offers SET reviewed_by = %s WHERE id = %s", (reviewer, offer_id)
        )
    return {"id": offer_id, "status": status.value}


async def current_offers(
    conn: Conn,
    today: dt.date,
    *,
    lon: float | None = None,
    lat: float | None = None,
    radius_m: float = 1000,
    business_id: int | None = None,
) -> list[dict[str, Any]]:
    """Approved offers valid on ``today`` (expired ones drop out by themselves), nearest
    first around a point."""
    return await fetch_dicts(
        conn,
        "SELECT o.id, o.business_id, o.kind, o.title_el, o.title_en, o.description, "
        "o.valid_from, o.valid_to, b.name_el AS business_el, b.name_en AS business_en, "
        "CASE WHEN p.geom IS NULL THEN NULL ELSE round(ST_Distance(b.geom, p.geom))::int "
        "END AS distance_m "
        "FROM business_offers o JOIN businesses b ON b.id = o.business_id CROSS JOIN "
        + POINT
        + " WHERE o.status = 'approved' AND %(today)s BETWEEN o.valid_from AND o.valid_to "
        "AND (p.geom IS NULL OR ST_DWithin(b.geom, p.geom, %(radius)s)) "
        "AND (%(business)s::int IS NULL OR o.business_id = %(business)s) "
        "ORDER BY distance_m NULLS LAST, o.valid_to, o.id LIMIT 200",
        {
            "lon": lon,
            "lat": lat,
            "today": today,
            "radius": radius_m,
            "business": business_id,
        },
    )
