"""Work orders in the database: create, assign, move through their life cycle (each
change a history row, in one transaction), list a crew's day, and generate the recurring
inspections (idempotent: one order per tree and due date, keyed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
from psycopg.rows import dict_row

from models.errors import Conflict, InvalidInput, NotFound
from models.green import (
    INSPECTION_MONTHS,
    ORDER_TRANSITIONS,
    OrderKind,
    OrderSource,
    OrderStatus,
)

ASSET_LAYERS = ("trees", "green_assets", "green_areas")
ORDER_COLUMNS = (
    "o.id, o.kind, o.status, o.source, o.asset_layer, o.asset_id, o.description, o.crew_id, "
    "o.scheduled_for, o.due, o.minutes_spent, o.cost_eur, o.reported_by, o.recurrence_key, "
    "o.created_at, o.closed_at, "
    "ST_X(ST_Transform(o.geom, 4326)) AS lon, ST_Y(ST_Transform(o.geom, 4326)) AS lat"
)
POINT_4326 = "ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326), 2100)"


async def check_asset(conn: psycopg.AsyncConnection, layer: str, fid: int) -> None:
    """InvalidInput naming the field unless feature ``fid`` of asset layer ``layer`` exists."""
    if layer not in ASSET_LAYERS:
        raise InvalidInput(
            f"asset_layer: must be one of {', '.join(ASSET_LAYERS)}", field="asset_layer"
        )
    cur = await conn.execute(f"SELECT 1 FROM {layer} WHERE id = %s", (fid,))  # noqa: S608
    if await cur.fetchone() is None:
        raise InvalidInput(f"asset_id: no feature {fid} in {layer}", field="asset_id")


async def _crew_exists(conn: psycopg.AsyncConnection, crew_id: int | None) -> None:
    if crew_id is None:
        return
    cur = await conn.execute("SELECT 1 FROM green_crews WHERE id = %s", (crew_id,))
    if await cur.fetchone() is None:
        raise InvalidInput(f"crew_id: no crew {crew_id}", field="crew_id")


async def create_order(
    conn: psycopg.AsyncConnection,
    *,
    kind: OrderKind,
    source: OrderSource,
    actor: int | None,
    lon: float | None = None,
    lat: float | None = None,
    asset_layer: str | None = None,
    asset_id: int | None = None,
    description: str | None = None,
    crew_id: int | None = None,
    scheduled_for: dt.date | None = None,
    due: dt.date | None = None,
) -> dict[str, Any]:
    """Insert an order at the asset (its point, or the centre of an area) or at
    (lon, lat); its first history row says who opened it."""
    async with conn.transaction():
        if asset_layer is not None or asset_id is not None:
            if asset_layer is None or asset_id is None:
                raise InvalidInput("asset_layer and asset_id go together", field="asset_id")
            await check_asset(conn, asset_layer, asset_id)
            where = f"(SELECT ST_PointOnSurface(geom) FROM {asset_layer} WHERE id = %s)"  # noqa: S608
            point_args: tuple[Any, ...] = (asset_id,)
        elif lon is None or lat is None:
            raise InvalidInput("give an asset (asset_layer, asset_id) or lon and lat", field="lon")
        else:
            where, point_args = POINT_4326, (lon, lat)
        await _crew_exists(conn, crew_id)
        status = OrderStatus.SCHEDULED if crew_id and scheduled_for else OrderStatus.OPEN
        cur = await conn.execute(
            "INSERT INTO green_work_orders (kind, status, source, asset_layer, asset_id, "  # noqa: S608
            "description, crew_id, scheduled_for, due, reported_by, geom) "
            f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, {where}) RETURNING id",
            (
                kind.value,
                status.value,
                source.value,
                asset_layer,
                asset_id,
                description,
                crew_id,
                scheduled_for,
                due,
                actor if source is OrderSource.CITIZEN else None,
                *point_args,
            ),
        )
        row = await cur.fetchone()
        assert row is not None
        await _event(conn, row[0], None, status, actor, "created", lon, lat)
    return await get_order(conn, row[0])


async def _event(
    conn: psycopg.AsyncConnection,
    order_id: int,
    before: OrderStatus | None,
    after: OrderStatus,
    actor: int | None,
    note: str | None,
    lon: float | None,
    lat: float | None,
) -> None:
    await conn.execute(
        "INSERT INTO green_order_events (order_id, status_from, status_to, actor, note, lon, lat) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (order_id, before.value if before else None, after.value, actor, note, lon, lat),
    )


async def get_order(conn: psycopg.AsyncConnection, order_id: int) -> dict[str, Any]:
    """The order with its history (oldest first) and photos; NotFound when unknown."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(
        f"SELECT {ORDER_COLUMNS} FROM green_work_orders o WHERE o.id = %s",  # noqa: S608
        (order_id,),
    )
    order = await cur.fetchone()
    if order is None:
        raise NotFound(f"no work order {order_id}", field="order_id")
    await cur.execute(
        "SELECT at, status_from, status_to, actor, note, lon, lat FROM green_order_events "
        "WHERE order_id = %s ORDER BY id",
        (order_id,),
    )
    order["history"] = await cur.fetchall()
    await cur.execute(
        "SELECT id, width, height, taken_at, lon, lat FROM green_photos WHERE order_id = %s "
        "ORDER BY id",
        (order_id,),
    )
    order["photos"] = await cur.fetchall()
    return order


async def list_orders(
    conn: psycopg.AsyncConnection,
    *,
    crew_id: int | None = None,
    day: dt.date | None = None,
    status: OrderStatus | None = None,
    open_only: bool = False,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Orders matching every given filter, by schedule then id."""
    cur = conn.cursor(row_factory=dict_row)
    await cur.execute(
        f"SELECT {ORDER_COLUMNS} FROM green_work_orders o WHERE "  # noqa: S608
        "(%(crew)s::int IS NULL OR o.crew_id = %(crew)s) "
        "AND (%(day)s::date IS NULL OR o.scheduled_for = %(day)s) "
        "AND (%(status)s::text IS NULL OR o.status = %(status)s) "
        "AND (NOT %(open)s OR o.status NOT IN ('done', 'cancelled')) "
        "ORDER BY o.scheduled_for NULLS LAST, o.id LIMIT %(limit)s",
        {
            "crew": crew_id,
            "day": day,
            "status": status.value if status else None,
            "open": open_only,
            "limit": limit,
        },
    )
    return await cur.fetchall()


async def assign_order(
    conn: psycopg.AsyncConnection,
    order_id: int,
    *,
    crew_id: int,
    scheduled_for: dt.date,
    actor: int | None,
) -> dict[str, Any]:
    """Give the order to a crew for a day (status ``scheduled``)."""
    async with conn.transaction():
        current = await _locked_status(conn, order_id)
        if current in (OrderStatus.DONE, OrderStatus.CANCELLED):
            raise Conflict(
                f"order {order_id} is {current.value}; it cannot be assigned", field="status"
            )
        await _crew_exists(conn, crew_id)
        await conn.execute(
            "UPDATE green_work_orders SET crew_id = %s, scheduled_for = %s, status = 'scheduled' "
            "WHERE id = %s",
            (crew_id, scheduled_for, order_id),
        )
        await _event(
            conn,
            order_id,
            current,
            OrderStatus.SCHEDULED,
            actor,
            f"crew {crew_id}, {scheduled_for.isoformat()}",
            None,
            None,
        )
    return await get_order(conn, order_id)


async def _locked_status(conn: psycopg.AsyncConnection, order_id: int) -> OrderStatus:
    cur = await conn.execute(
        "SELECT status FROM green_work_orders WHERE id = %s FOR UPDATE", (order_id,)
    )
    row = await cur.fetchone()
    if row is None:
        raise NotFound(f"no work order {order_id}", field="order_id")
    return OrderStatus(row[0])


async def change_status(
    conn: psycopg.AsyncConnection,
    order_id: int,
    status: OrderStatus,
    *,
    actor: int | None,
    note: str | None = None,
    lon: float | None = None,
    lat: float | None = None,
    minutes_spent: int | None = None,
    cost_eur: float | None = None,
) -> dict[str, Any]:
    """Move the order to ``status`` (409 when the life cycle does not allow it); closing
    it records time and cost, and a done inspection of a tree stamps its inspection date."""
    async with conn.transaction():
        current = await _locked_status(conn, order_id)
        if status not in ORDER_TRANSITIONS[current]:
            raise Conflict(
                f"status: an order that is {current.value} cannot become {status.value}",
                field="status",
            )
        closing = status in (OrderStatus.DONE, OrderStatus.CANCELLED)
        await conn.execute(
            "UPDATE green_work_orders SET status = %s, "
            "minutes_spent = COALESCE(%s, minutes_spent), cost_eur = COALESCE(%s, cost_eur), "
            "closed_at = CASE WHEN %s THEN now() ELSE closed_at END WHERE id = %s",
            (status.value, minutes_spent, cost_eur, closing, order_id),
        )
        if status is OrderStatus.DONE:
            await conn.execute(
                "UPDATE trees t SET last_inspected = current_date FROM green_work_orders o "
                "WHERE o.id = %s AND o.kind = 'inspection' AND o.asset_layer = 'trees' "
                "AND t.id = o.asset_id",
                (order_id,),
            )
        await _event(conn, order_id, current, status, actor, note, lon, lat)
    return await get_order(conn, order_id)


def _interval_values() -> str:
    return ", ".join(f"('{r.value}', {m})" for r, m in INSPECTION_MONTHS.items())


async def generate_inspections(
    conn: psycopg.AsyncConnection, *, today: dt.date, horizon_days: int = 30
) -> int:
    """Open an inspection order for every tree due within ``horizon_days`` of ``today``
    (last inspection — the tree's date, or its latest done inspection order — plus the
    months of its risk rating; never inspected: due today) that has no open inspection.
    Running it again creates nothing new: each order is keyed ``tree:<id>:<due>``."""
    async with conn.transaction():
        cur = await conn.execute(
            "WITH intervals(risk, months) AS (VALUES "  # noqa: S608
            + _interval_values()
            + "), last AS (SELECT t.id, t.geom, i.months, GREATEST(t.last_inspected, "
            "(SELECT max(o.closed_at)::date FROM green_work_orders o WHERE o.asset_layer = 'trees' "
            "AND o.asset_id = t.id AND o.kind = 'inspection' AND o.status = 'done')) AS seen "
            "FROM trees t JOIN intervals i ON i.risk = t.risk), "
            "due AS (SELECT id, geom, CASE WHEN seen IS NULL THEN %(today)s::date "
            "ELSE (seen + make_interval(months => months))::date END AS due FROM last) "
            "INSERT INTO green_work_orders (kind, status, source, asset_layer, asset_id, "
            "description, due, recurrence_key, geom) "
            "SELECT 'inspection', 'open', 'schedule', 'trees', d.id, "
            "'Τακτική επιθεώρηση / Recurring inspection', d.due, "
            "'tree:' || d.id || ':' || d.due, d.geom FROM due d "
            "WHERE d.due <= %(today)s::date + %(horizon)s "
            "AND NOT EXISTS (SELECT 1 FROM green_work_orders o WHERE o.asset_layer = 'trees' "
            "AND o.asset_id = d.id AND o.kind = 'inspection' "
            "AND o.status NOT IN ('done', 'cancelled')) "
            "ON CONFLICT (recurrence_key) DO NOTHING RETURNING id",
            {"today": today, "horizon": horizon_days},
        )
        created = [r[0] for r in await cur.fetchall()]
        if created:
            await conn.execute(
                "INSERT INTO green_order_events (order_id, status_to, note) "
                "SELECT unnest(%s::int[]), 'open', 'recurring schedule'",
                (created,),
            )
    return len(created)


async def nearest_tree(
    conn: psycopg.AsyncConnection, lon: float, lat: float, *, within_m: float
) -> int | None:
    """The tree nearest (lon, lat) within ``within_m`` metres, or None."""
    cur = await conn.execute(
        f"SELECT id FROM trees WHERE ST_DWithin(geom, {POINT_4326}, %s) "  # noqa: S608
        f"ORDER BY geom <-> {POINT_4326} LIMIT 1",
        (lon, lat, within_m, lon, lat),
    )
    row = await cur.fetchone()
    return int(row[0]) if row else None
