"""Where each layer's data came from: provenance shown in the OGC metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, String, Text, func
from sqlalchemy.dialects.postgresql import REGCLASS
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class LayerSource(Base):
    """Provenance of a layer's current content (demo generator, OSM import, ...)."""

    __tablename__ = "layer_sources"

    layer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(200), nullable=False)
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    licence: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)
    loaded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class LayerCount(Base):
    """Row count of one layer table, kept exact by its statement-level triggers
    (migration 0006, ``layers/db/counts.py``); ``numberMatched`` of unfiltered pages."""

    __tablename__ = "layer_counts"

    relid: Mapped[str] = mapped_column(REGCLASS, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, nullable=False)
