"""The street network: road centre-lines."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Integer
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import RoadClass, Surface


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
