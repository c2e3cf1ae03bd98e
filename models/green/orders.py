"""Work orders of the green-space crews: crews, orders and each order's status history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from models.base import STORAGE_SRID, Base, enum_column, geom_column, name_columns
from models.green.enums import OrderKind, OrderSource, OrderStatus


class Crew(Base):
    """A crew: its members (accounts) and its depot, where its daily route starts."""

    __tablename__ = "green_crews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_el, name_en = name_columns()
    members: Mapped[list[int]] = mapped_column(ARRAY(Integer), nullable=False, default=list)
    depot: Mapped[Any] = mapped_column(
        Geometry(geometry_type="POINT", srid=STORAGE_SRID, spatial_index=False), nullable=True
    )


class WorkOrder(Base):
    """A piece of work at a place (an asset, or a point a citizen reported)."""

    __tablename__ = "green_work_orders"
    __table_args__ = (
        CheckConstraint("minutes_spent IS NULL OR minutes_spent >= 0", name="minutes_range"),
        CheckConstraint("cost_eur IS NULL OR cost_eur >= 0", name="cost_range"),
        CheckConstraint(
            "asset_layer IS NULL OR asset_layer IN ('trees', 'green_assets', 'green_areas')",
            name="asset_layer",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[OrderKind] = enum_column(OrderKind)
    status: Mapped[OrderStatus] = enum_column(OrderStatus, default=OrderStatus.OPEN)
    source: Mapped[OrderSource] = enum_column(OrderSource, default=OrderSource.OFFICE)
    asset_layer: Mapped[str | None] = mapped_column(String(40))
    asset_id: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(String(2000))
    crew_id: Mapped[int | None] = mapped_column(
        ForeignKey("green_crews.id", ondelete="SET NULL"), index=True
    )
    scheduled_for: Mapped[dt.date | None] = mapped_column(Date, index=True)
    due: Mapped[dt.date | None] = mapped_column(Date)
    minutes_spent: Mapped[int | None] = mapped_column(Integer)
    cost_eur: Mapped[float | None] = mapped_column(Float)
    reported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recurrence_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    geom: Mapped[Any] = geom_column("POINT")


class OrderEvent(Base):
    """One change of an order's status: who, when, from where, with which note."""

    __tablename__ = "green_order_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("green_work_orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    status_from: Mapped[OrderStatus | None] = enum_column(
        OrderStatus, nullable=True, check="status_from"
    )
    status_to: Mapped[OrderStatus] = enum_column(OrderStatus, check="status_to")
    actor: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(String(2000))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
