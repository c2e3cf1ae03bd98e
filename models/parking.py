"""Smart controlled parking: zones and bays."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import BayType, ZoneType


class ParkingZone(Base):
    """A parking zone with its tariff and maximum stay."""

    __tablename__ = "parking_zones"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("tariff_eur_h IS NULL OR tariff_eur_h >= 0", name="tariff_range"),
        CheckConstraint(
            "max_stay_min IS NULL OR max_stay_min BETWEEN 5 AND 1440", name="max_stay_range"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    name_el, name_en = name_columns()
    zone_type: Mapped[ZoneType] = enum_column(ZoneType)
    tariff_eur_h: Mapped[float | None] = mapped_column(Numeric(6, 2, asdecimal=False))
    max_stay_min: Mapped[int | None] = mapped_column(Integer)
    hours: Mapped[str | None] = mapped_column(String(120))
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")


class ParkingBay(Base):
    """A single parking bay; its occupancy comes from sensors (later layers)."""

    __tablename__ = "parking_bays"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("parking_zones.id", ondelete="SET NULL"), index=True
    )
    bay_type: Mapped[BayType] = enum_column(BayType, default=BayType.GENERAL)
    street: Mapped[str | None] = mapped_column(String(200))
    sensor_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    geom: Mapped[Any] = geom_column("POLYGON")
