"""The pedestrian network with accessibility attributes (in the spirit of OpenSidewalks),
citizens' barrier reports and the pedestrian-phase extension requests of smart crossings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column, geom_column, valid_geom
from models.enums import (
    BarrierReason,
    BarrierStatus,
    CrossingType,
    FootwayType,
    KerbType,
    Smoothness,
    Surface,
    WheelchairAccess,
)

#: Bounds of a crossing's pedestrian-phase extension, seconds.
EXTENSION_MIN_S = 3
EXTENSION_MAX_S = 13


class Footway(Base):
    """A pedestrian edge: sidewalk, footway, crossing, path or steps.

    ``incline`` is the signed grade in percent along the drawing direction;
    ``kerb_start``/``kerb_end`` describe the kerb where the edge begins and ends, and
    ``kerb_start_height``/``kerb_end_height`` its height in metres (OSM ``kerb:height``).
    """

    __tablename__ = "footways"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("incline IS NULL OR incline BETWEEN -100 AND 100", name="incline_range"),
        CheckConstraint("width IS NULL OR width > 0 AND width <= 50", name="width_range"),
        CheckConstraint("step_count IS NULL OR step_count >= 0", name="step_count_range"),
        CheckConstraint(
            "kerb_start_height IS NULL OR kerb_start_height BETWEEN 0 AND 1", name="kerb_start_h"
        ),
        CheckConstraint(
            "kerb_end_height IS NULL OR kerb_end_height BETWEEN 0 AND 1", name="kerb_end_h"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    footway_type: Mapped[FootwayType] = enum_column(FootwayType)
    incline: Mapped[float | None] = mapped_column(Float)
    width: Mapped[float | None] = mapped_column(Float)
    surface: Mapped[Surface | None] = enum_column(Surface, nullable=True)
    smoothness: Mapped[Smoothness | None] = enum_column(Smoothness, nullable=True)
    kerb_start: Mapped[KerbType | None] = enum_column(KerbType, nullable=True, check="kerb_start")
    kerb_end: Mapped[KerbType | None] = enum_column(KerbType, nullable=True, check="kerb_end")
    kerb_start_height: Mapped[float | None] = mapped_column(Float)
    kerb_end_height: Mapped[float | None] = mapped_column(Float)
    tactile_paving: Mapped[bool | None] = mapped_column(Boolean)
    step_count: Mapped[int | None] = mapped_column(Integer)
    lit: Mapped[bool | None] = mapped_column(Boolean)
    wheelchair: Mapped[WheelchairAccess] = enum_column(
        WheelchairAccess, default=WheelchairAccess.UNKNOWN
    )
    geom: Mapped[Any] = geom_column("LINESTRING")


class Crossing(Base):
    """A pedestrian crossing point on a road.

    ``extension_s`` is how much a pedestrian-phase extension request adds at this
    crossing (3–13 s, set by staff per crossing).
    """

    __tablename__ = "crossings"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("kerb_height IS NULL OR kerb_height BETWEEN 0 AND 1", name="kerb_height"),
        CheckConstraint(
            f"extension_s BETWEEN {EXTENSION_MIN_S} AND {EXTENSION_MAX_S}", name="extension_range"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    osm_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    crossing_type: Mapped[CrossingType] = enum_column(CrossingType)
    markings: Mapped[bool | None] = mapped_column(Boolean)
    kerb: Mapped[KerbType | None] = enum_column(KerbType, nullable=True)
    kerb_height: Mapped[float | None] = mapped_column(Float)
    tactile_paving: Mapped[bool | None] = mapped_column(Boolean)
    traffic_signals_sound: Mapped[bool | None] = mapped_column(Boolean)
    traffic_signals_vibration: Mapped[bool | None] = mapped_column(Boolean)
    button_operated: Mapped[bool | None] = mapped_column(Boolean)
    island: Mapped[bool | None] = mapped_column(Boolean)
    lit: Mapped[bool | None] = mapped_column(Boolean)
    extension_s: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=6)
    geom: Mapped[Any] = geom_column("POINT")


class BarrierReport(Base):
    """A citizen's report of a blocked or broken sidewalk; routing avoids it while open."""

    __tablename__ = "barrier_reports"
    __table_args__ = (
        valid_geom(),
        CheckConstraint("expires_at > reported_at", name="expiry_after_report"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[BarrierReason] = enum_column(BarrierReason)
    note: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[BarrierStatus] = enum_column(BarrierStatus, default=BarrierStatus.OPEN)
    reported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    has_photo: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    reporter_id: Mapped[int | None] = mapped_column(Integer)
    geom: Mapped[Any] = geom_column("POINT")


class BarrierPhoto(Base):
    """The optional photo of a barrier report (kept out of the layer's table).

    No foreign key: the layer table may be replaced by a load (``TRUNCATE``), which a
    referencing table would forbid; a photo is read only for a report whose
    ``has_photo`` is set, and a new report's photo replaces any stale one of its id.
    """

    __tablename__ = "barrier_photos"

    report_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_type: Mapped[str] = mapped_column(String(32), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class ExtensionRequest(Base):
    """A logged request to extend a crossing's pedestrian phase (the log outlives a
    reload of the crossings layer: no foreign key)."""

    __tablename__ = "crossing_extension_requests"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    crossing_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    device: Mapped[str] = mapped_column(String(64), nullable=False)
    extension_s: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    requested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
