"""The pedestrian network with accessibility attributes (in the spirit of OpenSidewalks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Float, Integer
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, valid_geom
from models.enums import CrossingType, FootwayType, KerbType, Surface, WheelchairAccess


class Footway(Base):
    """A pedestrian edge: sidewalk, footway, crossing, path or steps.

    ``incline`` is the signed grade in percent along the drawing direction;
    ``kerb_start``/``kerb_end`` describe the kerb where the edge begins and ends.
    """

    __tablename__ = "footways"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("incline IS NULL OR incline BETWEEN -100 AND 100", name="incline_range"),
        CheckConstraint("width IS NULL OR width > 0 AND width <= 50", name="width_range"),
        CheckConstraint("step_count IS NULL OR step_count >= 0", name="step_count_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    footway_type: Mapped[FootwayType] = enum_column(FootwayType)
    incline: Mapped[float | None] = mapped_column(Float)
    width: Mapped[float | None] = mapped_column(Float)
    surface: Mapped[Surface | None] = enum_column(Surface, nullable=True)
    kerb_start: Mapped[KerbType | None] = enum_column(KerbType, nullable=True, check="kerb_start")
    kerb_end: Mapped[KerbType | None] = enum_column(KerbType, nullable=True, check="kerb_end")
    tactile_paving: Mapped[bool | None] = mapped_column(Boolean)
    step_count: Mapped[int | None] = mapped_column(Integer)
    lit: Mapped[bool | None] = mapped_column(Boolean)
    wheelchair: Mapped[WheelchairAccess] = enum_column(
        WheelchairAccess, default=WheelchairAccess.UNKNOWN
    )
    geom: Mapped[Any] = geom_column("LINESTRING")


class Crossing(Base):
    """A pedestrian crossing point on a road."""

    __tablename__ = "crossings"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    crossing_type: Mapped[CrossingType] = enum_column(CrossingType)
    kerb: Mapped[KerbType | None] = enum_column(KerbType, nullable=True)
    tactile_paving: Mapped[bool | None] = mapped_column(Boolean)
    traffic_signals_sound: Mapped[bool | None] = mapped_column(Boolean)
    island: Mapped[bool | None] = mapped_column(Boolean)
    lit: Mapped[bool | None] = mapped_column(Boolean)
    geom: Mapped[Any] = geom_column("POINT")
