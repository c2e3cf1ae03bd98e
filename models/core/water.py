"""Surface water: rivers, streams, canals and drains (the basemap's water, flood context)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, valid_geom
from models.enums import WaterwayKind


class Waterway(Base):
    """A watercourse centre line."""

    __tablename__ = "waterways"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("width_m IS NULL OR width_m > 0 AND width_m < 2000", name="width_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger)
    name_el: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[WaterwayKind] = enum_column(WaterwayKind, default=WaterwayKind.STREAM)
    intermittent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    width_m: Mapped[float | None] = mapped_column(Float)
    geom: Mapped[Any] = geom_column("MULTILINESTRING")
