"""Hazard layers: flood zones (scenario results and official delineations)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, valid_geom
from models.enums import FloodHazard


class FloodZone(Base):
    """An area flooded under a scenario (return period) with its hazard class."""

    __tablename__ = "flood_zones"
    __table_args__ = (
        valid_geom(),
        CheckConstraint(
            "return_period_years IS NULL OR return_period_years > 0", name="return_period_range"
        ),
        CheckConstraint("max_depth_m IS NULL OR max_depth_m >= 0", name="depth_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario: Mapped[str] = mapped_column(String(120), nullable=False)
    hazard: Mapped[FloodHazard] = enum_column(FloodHazard)
    return_period_years: Mapped[int | None] = mapped_column(Integer)
    max_depth_m: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(200))
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")
