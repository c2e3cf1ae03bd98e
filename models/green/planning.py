"""Planning results per neighbourhood: canopy, exposure, planting priority, benefits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Float, Integer, func
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, name_columns
from models.enums import Choice


class PriorityClass(Choice):
    LOW = "low", "Χαμηλή", "Low"
    MEDIUM = "medium", "Μέτρια", "Medium"
    HIGH = "high", "Υψηλή", "High"


class PlantingPriority(Base):
    """A neighbourhood's canopy cover, heat and flood exposure, planting priority and the
    ecosystem benefits of its trees (recomputed by ``polis green plan``)."""

    __tablename__ = "green_planting_priority"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the neighbourhood's id (no foreign key: a layer may be replaced on its own)
    neighbourhood_id: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    name_el, name_en = name_columns()
    trees: Mapped[int] = mapped_column(Integer, nullable=False)
    canopy_pct: Mapped[float] = mapped_column(Float, nullable=False)
    flood_pct: Mapped[float] = mapped_column(Float, nullable=False)
    heat_index: Mapped[float] = mapped_column(Float, nullable=False)
    priority: Mapped[float] = mapped_column(Float, nullable=False)
    priority_class: Mapped[PriorityClass] = enum_column(PriorityClass)
    carbon_kg: Mapped[float] = mapped_column(Float, nullable=False)
    sequestration_kg_yr: Mapped[float] = mapped_column(Float, nullable=False)
    stormwater_m3_yr: Mapped[float] = mapped_column(Float, nullable=False)
    pollution_kg_yr: Mapped[float] = mapped_column(Float, nullable=False)
    computed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")
