"""Public-transport stops (the published layer; the GTFS timetable is in ``gtfs``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import WheelchairAccess


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
