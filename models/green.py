"""Urban green: street and park trees, green areas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Computed, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns, valid_geom
from models.enums import GreenKind, TreeCondition


class Tree(Base):
    """A tree of the municipal inventory. ``planted`` is the layer's time."""

    __tablename__ = "trees"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("dbh_cm IS NULL OR dbh_cm > 0 AND dbh_cm <= 500", name="dbh_range"),
        CheckConstraint("height_m IS NULL OR height_m > 0 AND height_m <= 80", name="height_range"),
        CheckConstraint("crown_m IS NULL OR crown_m > 0 AND crown_m <= 50", name="crown_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    species: Mapped[str] = mapped_column(String(120), nullable=False)
    species_el: Mapped[str | None] = mapped_column(String(120))
    dbh_cm: Mapped[float | None] = mapped_column(Float)
    height_m: Mapped[float | None] = mapped_column(Float)
    crown_m: Mapped[float | None] = mapped_column(Float)
    condition: Mapped[TreeCondition] = enum_column(TreeCondition, default=TreeCondition.GOOD)
    planted: Mapped[dt.date | None] = mapped_column(Date, index=True)
    last_inspected: Mapped[dt.date | None] = mapped_column(Date)
    geom: Mapped[Any] = geom_column("POINT")


class GreenArea(Base):
    """A park, square, playground or other public green space."""

    __tablename__ = "green_areas"
    __table_args__ = (valid_geom(),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_el, name_en = name_columns()
    kind: Mapped[GreenKind] = enum_column(GreenKind)
    irrigated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    area_m2: Mapped[float] = mapped_column(
        Float, Computed("round(ST_Area(geom)::numeric, 1)::float8", persisted=True)
    )
    managed_by: Mapped[str | None] = mapped_column(String(120))
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")
