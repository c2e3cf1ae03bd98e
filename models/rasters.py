"""The raster catalogue: every stored raster (DEM, slope, hazard outputs) of a database,
where its file lives in the raster store and what it covers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class RasterEntry(Base):
    """One stored raster, named as its registry entry (``RasterSpec.id``).

    ``uri`` is relative to the raster store (``POLIS_RASTER_STORE``) or absolute (a
    path or a URI GDAL opens), so that several application servers sharing one store
    read the same file; ``bounds`` are in the raster's own CRS (``srid``).
    """

    __tablename__ = "raster_catalogue"
    __table_args__ = (
        CheckConstraint("width > 0 AND height > 0", name="size_positive"),
        CheckConstraint("res_x > 0 AND res_y > 0", name="resolution_positive"),
        CheckConstraint("minx < maxx AND miny < maxy", name="bounds_ordered"),
    )

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    uri: Mapped[str] = mapped_column(Text, nullable=False)
    srid: Mapped[int] = mapped_column(Integer, nullable=False)
    minx: Mapped[float] = mapped_column(Float, nullable=False)
    miny: Mapped[float] = mapped_column(Float, nullable=False)
    maxx: Mapped[float] = mapped_column(Float, nullable=False)
    maxy: Mapped[float] = mapped_column(Float, nullable=False)
    res_x: Mapped[float] = mapped_column(Float, nullable=False)
    res_y: Mapped[float] = mapped_column(Float, nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    statistics: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, default=dict)
    source: Mapped[str | None] = mapped_column(String(200))
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    licence: Mapped[str | None] = mapped_column(String(120))
    created: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
