"""Buildings, with the flags the energy, exposure and school actions need."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Computed, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, valid_geom
from models.enums import BuildingUse


class Building(Base):
    """A building footprint. ``footprint_area`` (m²) is computed by the database."""

    __tablename__ = "buildings"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("floors IS NULL OR floors BETWEEN 0 AND 60", name="floors_range"),
        CheckConstraint("height IS NULL OR height BETWEEN 0 AND 250", name="height_range"),
        CheckConstraint(
            "year_built IS NULL OR year_built BETWEEN 1000 AND 2100", name="year_built_range"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    use: Mapped[BuildingUse] = enum_column(BuildingUse, default=BuildingUse.RESIDENTIAL)
    floors: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[float | None] = mapped_column(Float)
    year_built: Mapped[int | None] = mapped_column(Integer)
    is_municipal: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_school: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    footprint_area: Mapped[float] = mapped_column(
        Float, Computed("round(ST_Area(geom)::numeric, 1)::float8", persisted=True)
    )
    geom: Mapped[Any] = geom_column("MULTIPOLYGON")
