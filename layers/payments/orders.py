"""Payment orders: created once per object and period, with their RF reference; paid
state per object; arrears; bank statement lines matched by reference.

An order names the mapped object it is for by layer and feature id (a market stall
today), so any domain can issue orders without this one knowing it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from psycopg import AsyncConnection

from layers.db.records import fetch_dicts
from layers.payments.references import references_in, rf_reference

Conn = AsyncConnection[Any]


@dataclass(frozen=True)
class OrderIn:
    layer: str
    feature_id: int
    payer: str
    description: str
    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date


@dataclass(frozen=True)
class StatementLine:
    bank_reference: str
    booked: dt.date
    amount: Decimal
    remittance: str


async def issue_orders(conn: Conn, orders: list[OrderIn]) -> list[dict[str, Any]]:
    """Create the orders not issued yet (one per object and period start); each gets its
    RF reference. Returns the new ones."""
    out = []
    for order in orders:
        rows = await fetch_dicts(
            conn,
            "INSERT INTO payment_orders (reference, layer, feature_id, payer, description, "
            "amount, paid, period_start, period_end, due_date, status) VALUES ("
            "'pending-' || left(gen_random_uuid()::text, 16), %(layer)s, %(feature_id)s, %(payer)s, "
            "%(description)s, %(amount)s, 0, %(period_start)s, %(period_end)s, %(due_date)s, "
            "'due') ON CONFLICT (layer, feature_id, period_start) DO NOTHING RETURNING id",
            order.__dict__,
        )
        if not rows:
            continue
        order_id = rows[0]["id"]
        reference = rf_reference(order_id)
        await conn.execute(
            "UPDATE payment_orders SET reference = %s WHERE id = %s", (reference, order_id)
        )
        out.append(
            {
                "id": order_id,
                "reference": reference,
                "amount": order.amount,
                "feature_id": order.feature_id,
            }
        )
    return out


async def paid_state(conn: Conn, layer: str, day: dt.date) -> dict[int, str]:
    """Feature id → status of its order for the period holding ``day`` (absent: none)."""
    rows = await fetch_dicts(
        conn,
        "SELECT feature_id, status FROM payment_orders WHERE layer = %s "
        "AND %s BETWEEN period_start AND period_end AND status <> 'cancelled'",
        (layer, day),
    )
    return {r["feature_id"]: r["status"] for r in rows}


async def arrears(conn: Conn, today: dt.date, layer: str | None = None) -> list[dict[str, Any]]:
    """Orders past their due date and not fully paid, oldest first."""
    return await fetch_dicts(
        conn,
        "SELECT id, reference, layer, feature_id, payer, description, amount, paid, "
        "amount - paid AS outstanding, due_date, %(today)s - due_date AS days_late "
        "FROM payment_orders WHERE status IN ('due', 'partly_paid') AND due_date < %(today)s "
        "AND (%(layer)s::text IS NULL OR layer = %(layer)s) ORDER BY due_date, id",
        {"today": today, "layer": layer},
    )


async def reconcile(conn: Conn, lines: list[StatementLine]) -> dict[str, Any]:
    """Match each new credit line to the order its RF reference names and add the amount
    to what was paid. Lines seen before (by bank reference) are skipped; lines naming no
    known order are kept unmatched. One transaction."""
    matched: list[dict[str, Any]] = []
    unmatched: list[str] = []
    skipped = 0
    async with conn.transaction():
        for line in lines:
            refs = references_in(line.remittance)
            orders = await fetch_dicts(
                conn, "SELECT id FROM payment_orders WHERE reference = ANY(%s)", (refs,)
            )
            order_id = orders[0]["id"] if orders else None
            inserted = await fetch_dicts(
                conn,
                "INSERT INTO bank_transactions (bank_reference, booked, amount, remittance, "
                "order_id) VALUES (%s, %s, %s, %s, %s) ON CONFLICT (bank_reference) DO NOTHING "
                "RETURNING id",
                (line.bank_reference, line.booked, line.amount, line.remittance[:300], order_id),
            )
            if not inserted:
                skipped += 1
                continue
            if order_id is None:
                unmatched.append(line.bank_reference)
                continue
            rows = await fetch_dicts(
                conn,
                "UPDATE payment_orders SET paid = paid + %s, status = CASE WHEN paid + %s >= "
                "amount THEN 'paid' ELSE 'partly_paid' END WHERE id = %s "
                "RETURNING id, reference, status, paid, amount",
                (line.amount, line.amount, order_id),
            )
            matched.append(rows[0])
    return {"matched": matched, "unmatched": unmatched, "skipped": skipped}
