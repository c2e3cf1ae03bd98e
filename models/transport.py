"""The street network and public-transport stops."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import RoadClass, Surface, WheelchairAccess


class Road(Base):
    """A road centre-line segment."""

    __tablename__ = "roads"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("maxspeed IS NULL OR maxspeed BETWEEN 5 AND 130", name="maxspeed_range"),
        CheckConstraint("lanes IS NULL OR lanes BETWEEN 1 AND 8", name="lanes_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    name_el, name_en = name_columns()
    road_class: Mapped[RoadClass] = enum_column(RoadClass)
    oneway: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    maxspeed: Mapped[int | None] = mapped_column(Integer)
    lanes: Mapped[int | None] = mapped_column(Integer)
    surface: Mapped[Surface | None] = enum_column(Surface, nullable=True)
    lit: Mapped[bool | None] = mapped_column(Boolean)
    geom: Mapped[Any] = geom_column("LINESTRING")


class TransitStop(Base):
    """A bus stop (GTFS ``stops.txt`` location_type 0)."""

    __tablename__ = "transit_stops"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)
    name_el, name_en = name_columns()
    shelter: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    bench: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    realtime_display: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    wheelchair_boarding: Mapped[WheelchairAccess] = enum_column(
        WheelchairAccess, default=WheelchairAccess.UNKNOWN
    )
    geom: Mapped[Any] = geom_column("POINT")
