"""Local economy: businesses of the city guide and street-market stalls."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import BusinessCategory, StallCategory, Weekday


class Business(Base):
    """A shop, café or other local business; ``opening_hours`` uses OSM syntax."""

    __tablename__ = "businesses"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    name_el, name_en = name_columns()
    category: Mapped[BusinessCategory] = enum_column(BusinessCategory)
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    geom: Mapped[Any] = geom_column("POINT")


class MarketStall(Base):
    """A stall position of a street (farmers') market on its weekday."""

    __tablename__ = "market_stalls"
    __table_args__ = (
        valid_geom(),
        UniqueConstraint("market_name", "stall_number", name="market_stall_number"),
        CheckConstraint("size_m2 IS NULL OR size_m2 > 0 AND size_m2 <= 200", name="size_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    market_name: Mapped[str] = mapped_column(String(120), nullable=False)
    stall_number: Mapped[int] = mapped_column(Integer, nullable=False)
    weekday: Mapped[Weekday] = enum_column(Weekday)
    category: Mapped[StallCategory] = enum_column(StallCategory)
    size_m2: Mapped[float | None] = mapped_column(Float)
    geom: Mapped[Any] = geom_column("POLYGON")
